//! One streaming pass over a table: bytes → encoding → dialect → records → checks → findings.
//!
//! Memory does not grow with the file: the source is read in fixed chunks, one record is kept
//! at a time (bounded by the parser's caps), and findings beyond the error limit are counted,
//! not stored.

use crate::check::{Check, Header, InvalidCell, Profiler, Row};
use crate::encoding::{self, Decoder, EncodingSource, Sniffed as SniffedEncoding};
use crate::finding::{Detail, FileKind, Finding, Findings, SourceProblem, bounded};
use crate::opening::{self, Opening};
use crate::parser::{
    DEFAULT_MAX_FIELDS, DEFAULT_MAX_RECORD_BYTES, Field, FieldKind, Parser, RecordRef, unescape,
};
use crate::registry::{self, CheckConfig};
use crate::rule::{Rule, Selection};
use crate::rules::{
    description_row, footer_rows, format_error, missing_header, multi_row_header,
    non_utf8_encoding, padding_rows, source_error, title_rows, trailing_delimiter,
};
use crate::schema::batch::RowBatch;
use crate::schema::validate::{SchemaRun, SchemaSource, UsedSchema, Wanted};
use crate::sniff::{self, SniffOverrides, Sniffed};
use crate::tail;
use encoding_rs::Encoding;
use sha2::{Digest, Sha256};
use std::any::Any;
#[cfg(feature = "threads")]
use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::Arc;
#[cfg(feature = "threads")]
use std::sync::mpsc::sync_channel;
#[cfg(feature = "threads")]
use std::sync::mpsc::{Receiver, SyncSender};

/// Bytes read from the source at a time.
pub const DEFAULT_CHUNK_BYTES: usize = 256 * 1024;
/// Bytes read first, whatever the chunk size, to recognise the format and encoding and to sniff
/// the dialect: everything guessed depends on these bytes only, so results never depend on how
/// the rest of the input is split.
pub const SAMPLE_BYTES: usize = 128 * 1024;

/// How to read and check one table.
#[derive(Clone, Debug)]
pub struct TableOptions {
    /// Findings kept per list (errors, warnings); 0 keeps all. Counts are always exact.
    pub limit_errors: usize,
    /// Read the source in this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Use this delimiter instead of sniffing it.
    pub delimiter: Option<u8>,
    /// The header is this 1-based row instead of the detected one.
    pub header_row: Option<u64>,
    /// The layout the publisher declared (no header, a header over several rows, comment
    /// rows, the quote character); the default declares nothing.
    pub layout: crate::layout::Layout,
    /// Keep the cells of these rows and hand them over as [`CapturedCells`] (a second read
    /// that gives cells to findings only known at the end: repeated rows and keys, inferred
    /// types' misfits). Bounded like a finding's cells.
    pub capture_rows: Option<Arc<std::collections::BTreeSet<u64>>>,
    /// Cell content kept per row, in bytes.
    pub max_record_bytes: usize,
    /// Field boundaries kept per row.
    pub max_fields: usize,
    /// Bytes read at a time.
    pub chunk_bytes: usize,
    /// The codes reported (`--pick-errors`, `--skip-errors`): checks none of whose codes are
    /// wanted do not run, and findings of unwanted codes are dropped where they are pushed.
    pub selection: Arc<Selection>,
    /// Whether to compute the SHA-256 of the bytes read. Callers that hash elsewhere (a reader
    /// thread) turn it off and fill [`TableOutcome::sha256`] themselves.
    pub hash: bool,
    /// The schema to check types and constraints against, or inference, or neither.
    pub schema: SchemaSource,
    /// Opt-in checks, compiled once (see [`registry::compile_opt_in`]) and made fresh for
    /// each table.
    pub checks: Vec<CheckFactory>,
    /// Threads that check rows, this one included. With 1 everything runs on this thread;
    /// with more, worker threads fed the same rows in batches run the schema checks (types,
    /// constraints, keys, duplicate rows, inference) and the per-cell column checks and
    /// profiles that say they may ([`Check::runs_on_worker`]), while this one reads, parses
    /// and checks the table's shape. Reports are identical whatever the number. Ignored (1)
    /// when the crate is built without its `threads` feature.
    pub threads: usize,
    /// Field tuples whose values to collect for other tables' foreign keys (returned in
    /// [`UsedSchema::collected`]).
    pub collect_keys: Vec<Vec<String>>,
    /// Foreign keys to check.
    pub foreign_keys: Vec<crate::schema::validate::ForeignCheck>,
    /// Checks from other crates (privacy), built fresh for each table like the built-in ones.
    pub plugin_checks: Vec<CheckFactory>,
    /// Profilers from other crates (the score's column profile), built fresh for each table.
    pub profilers: Vec<ProfilerFactory>,
    /// Infer the schema from this many data rows, then check the rest against it (default:
    /// every row).
    pub infer_rows: Option<u64>,
    /// Bytes the duplicate-row and key indexes (16 per row each) may hold in memory; beyond,
    /// they are sorted in runs on disk and merged at the end, with the same findings. `None`
    /// keeps them in memory whatever the table's length.
    pub key_memory: Option<u64>,
    /// Stop reading after this long: the rest is not checked, a `source-error` says so (audits
    /// give every resource a budget). Off by default, and never read on WebAssembly.
    pub time_limit: Option<std::time::Duration>,
    /// The source is delimited text as its publisher wrote it, not CSV that a reader of
    /// another format (a workbook, JSON) wrote: only then does a delimiter at the end of every
    /// line say something about the file.
    pub delimited_text: bool,
}

impl TableOptions {
    /// Whether findings of `rule` are wanted, given the selection.
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.selection.enabled(rule)
    }
}

impl Default for TableOptions {
    fn default() -> TableOptions {
        TableOptions {
            limit_errors: 1000,
            encoding: None,
            delimiter: None,
            header_row: None,
            layout: crate::layout::Layout::default(),
            capture_rows: None,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            max_fields: DEFAULT_MAX_FIELDS,
            chunk_bytes: DEFAULT_CHUNK_BYTES,
            selection: Arc::default(),
            hash: true,
            schema: SchemaSource::Infer,
            checks: Vec::new(),
            threads: default_threads(),
            collect_keys: Vec::new(),
            foreign_keys: Vec::new(),
            infer_rows: None,
            plugin_checks: Vec::new(),
            profilers: Vec::new(),
            time_limit: None,
            key_memory: None,
            delimited_text: true,
        }
    }
}

/// The threads a table is checked with by default: one per core, at least two when the
/// `threads` feature is on (the reading thread and one worker), one without it.
pub fn default_threads() -> usize {
    if cfg!(feature = "threads") {
        std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
    } else {
        1
    }
}

/// Builds a fresh check for each table (it may carry settings or compiled parameters).
#[derive(Clone)]
pub struct CheckFactory(pub Arc<dyn Fn() -> Box<dyn Check> + Send + Sync>);

impl CheckFactory {
    /// A factory from a function or closure.
    pub fn new(build: impl Fn() -> Box<dyn Check> + Send + Sync + 'static) -> CheckFactory {
        CheckFactory(Arc::new(build))
    }

    /// A factory that clones `check`, built once with its parameters compiled, for each
    /// table (before it sees any row, so every table starts from the same state).
    pub fn prototype<C: Check + Clone + Send + Sync + 'static>(check: C) -> CheckFactory {
        CheckFactory::new(move || Box::new(check.clone()))
    }

    /// A fresh check.
    pub fn build(&self) -> Box<dyn Check> {
        (self.0)()
    }
}

impl std::fmt::Debug for CheckFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckFactory")
    }
}

/// Builds a fresh profiler for each table.
#[derive(Clone)]
pub struct ProfilerFactory(pub Arc<dyn Fn() -> Box<dyn Profiler> + Send + Sync>);

impl ProfilerFactory {
    /// A factory from a function or closure.
    pub fn new(build: impl Fn() -> Box<dyn Profiler> + Send + Sync + 'static) -> ProfilerFactory {
        ProfilerFactory(Arc::new(build))
    }
}

impl std::fmt::Debug for ProfilerFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProfilerFactory")
    }
}

/// What was learnt about a source's encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodingInfo {
    /// Lowercase encoding name (`utf-8`, `windows-1252`, `utf-16le`…).
    pub name: String,
    /// Whether a byte-order mark was present.
    pub bom: bool,
    /// How the encoding was chosen.
    pub source: EncodingSource,
}

/// The cells of the rows asked for with [`TableOptions::capture_rows`], by row number, each
/// bounded as a finding's cells are; handed over with the profiles.
#[derive(Clone, Default)]
pub struct CapturedCells(pub std::collections::BTreeMap<u64, Vec<String>>);

impl std::fmt::Debug for CapturedCells {
    /// Never the values: they are a file's raw cells.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CapturedCells({} rows)", self.0.len())
    }
}

/// The raw outcome of checking one table, before messages are rendered.
#[derive(Debug)]
pub struct TableOutcome {
    /// Everything found.
    pub findings: Findings,
    /// The header, when the table has one.
    pub header: Option<Header>,
    /// Bytes read from the source.
    pub bytes: u64,
    /// SHA-256 of those bytes, lowercase hex.
    pub sha256: String,
    /// Data rows after the header.
    pub rows: u64,
    /// Physical lines read.
    pub lines: u64,
    /// Encoding facts (absent when the source is not text).
    pub encoding: Option<EncodingInfo>,
    /// Dialect and header position (absent when the source is not text).
    pub dialect: Option<Sniffed>,
    /// What the source really is, when it is not a text table.
    pub detected_kind: Option<FileKind>,
    /// The schema the table was checked with (given or inferred).
    pub schema: Option<UsedSchema>,
    /// What checks handed over ([`Check::hand_over`]) and each profiler gathered (empty when
    /// the table was never read as text); taken by type with [`TableOutcome::take_profile`].
    pub profiles: Vec<Box<dyn Any + Send>>,
    /// Sheet columns before the table's first, once findings' field numbers are moved to the
    /// sheet's columns (0 otherwise); a finding's `cells` stay the table's own.
    pub column_offset: u64,
}

impl TableOutcome {
    /// Whether no error was found.
    pub fn valid(&self) -> bool {
        self.findings.error_total() == 0
    }

    /// Takes the first profile of type `T`.
    pub fn take_profile<T: Any>(&mut self) -> Option<T> {
        let at = self.profiles.iter().position(|p| p.is::<T>())?;
        self.profiles.swap_remove(at).downcast().ok().map(|p| *p)
    }

    fn empty() -> TableOutcome {
        TableOutcome {
            findings: Findings::default(),
            header: None,
            bytes: 0,
            sha256: String::new(),
            rows: 0,
            lines: 0,
            encoding: None,
            dialect: None,
            detected_kind: None,
            schema: None,
            profiles: Vec::new(),
            column_offset: 0,
        }
    }
}

/// Reads `source` to the end and checks it as a delimited text table. Never fails: problems with
/// the source itself (empty, not text, unreadable partway) are findings.
///
/// The phases: the first bytes decide the encoding (`start`); the decoded sample decides the
/// dialect and the checks are built (`Table::new`); one pass reads every record into the
/// checks and the schema run (`Pass::run_inline`, or `Pass::run_with_workers`); the end
/// of the table is told to every check (`Table::finish`).
pub fn check_table<R: Read>(mut source: R, options: &TableOptions) -> TableOutcome {
    let mut input = Input::new(options.chunk_bytes.max(1), options.hash);
    let mut findings =
        Findings::with_limit(options.limit_errors).selecting(options.selection.clone());
    let eof = input.fill_sample(&mut source, &mut findings);
    let (encoding, bom_len, how) = match start(&input, options) {
        Ok(text) => text,
        Err(not_text) => {
            findings.push(*not_text.finding);
            let mut outcome = TableOutcome::empty();
            outcome.detected_kind = not_text.kind;
            input.drain(&mut source, eof, &mut findings);
            return input.finish(outcome, findings);
        }
    };
    let mut decoder = Decoder::new(encoding, how);
    let mut work = WorkBuffer::with_capacity(input.buffer.len() * 2);
    let first = decoder.decode(&input.filled()[bom_len..], eof);
    let utf8 = first.utf8;
    work.append(first.bytes);
    let sniffed = sniff::sniff(
        work.filled(),
        eof,
        SniffOverrides {
            delimiter: options.delimiter,
            // Without a header the table starts at the first row, not where one is guessed.
            header_row: options.header_row.or(options.layout.no_header.then_some(1)),
            quote: options.layout.quote,
            skip_initial_space: options.layout.skip_initial_space,
        },
    );
    let mut table = Table::new(&sniffed, options);
    let mut pass = Pass {
        source,
        input,
        decoder,
        work,
        eof,
        utf8,
        deadline: options
            .time_limit
            .map(|limit| (web_time::Instant::now() + limit, limit.as_secs())),
        parser: Parser::with_limits(
            sniffed.dialect,
            options.max_record_bytes,
            options.max_fields,
        ),
        parse_threads: parse_threads(options.threads),
    };
    let run = SchemaRun::new(
        options.schema.clone(),
        Wanted::from(|rule: &Rule| options.enabled(rule)),
        options.limit_errors,
    )
    .with_keys(options.collect_keys.clone(), options.foreign_keys.clone())
    .delimiter(sniffed.dialect.delimiter)
    .infer_rows(options.infer_rows)
    .key_memory(options.key_memory);
    let (used_schema, schema_findings) = if options.threads > 1 {
        pass.run_with_workers(run, options.threads, &mut table, &mut findings)
    } else {
        pass.run_inline(run, &mut table, &mut findings)
    };
    if table.header.is_none()
        && let Some(row) = options.header_row
    {
        findings.push(
            Finding::new(&source_error::SOURCE_ERROR).with_detail(Detail::Source {
                problem: SourceProblem::NoHeaderRow(row),
            }),
        );
    }
    findings.merge(schema_findings);
    let mut outcome = TableOutcome::empty();
    outcome.profiles = table.finish(used_schema.as_ref(), &mut findings);
    outcome.schema = used_schema;
    findings.sort_by_position();
    let decoder = &pass.decoder;
    if decoder.encoding() != encoding_rs::UTF_8 {
        findings.push(
            Finding::new(&non_utf8_encoding::NON_UTF8_ENCODING).with_detail(Detail::Encoding {
                name: encoding::report_name(decoder.encoding()),
            }),
        );
    }
    outcome.encoding = Some(EncodingInfo {
        name: encoding::report_name(decoder.encoding()),
        bom: bom_len > 0,
        source: decoder.source(),
    });
    outcome.dialect = Some(sniffed);
    outcome.rows = table.rows;
    outcome.lines = pass.parser.lines();
    outcome.header = table.header;
    pass.input.finish(outcome, findings)
}

/// A source that is not a text table: the finding that says so, and what it is.
struct NotText {
    finding: Box<Finding>,
    kind: Option<FileKind>,
}

/// The first phase: from the first bytes, the encoding (and the length of its byte-order
/// mark), or why the source is not text at all.
fn start(
    input: &Input,
    options: &TableOptions,
) -> Result<(&'static Encoding, usize, EncodingSource), NotText> {
    match encoding::sniff(input.filled(), options.encoding) {
        SniffedEncoding::Text {
            encoding,
            bom_len,
            source,
        } => Ok((encoding, bom_len, source)),
        SniffedEncoding::Other(kind) => Err(NotText {
            finding: Box::new(
                Finding::new(&format_error::FORMAT_ERROR).with_detail(Detail::Format { kind }),
            ),
            kind: Some(kind),
        }),
        SniffedEncoding::Unreadable(problem) => Err(NotText {
            finding: Box::new(
                Finding::new(&source_error::SOURCE_ERROR).with_detail(Detail::Source { problem }),
            ),
            kind: None,
        }),
    }
}

/// How many threads parse ahead of the reading thread when `threads` may run: all but the
/// reading one, at most `parallel::MAX_PARSE_THREADS`.
fn parse_threads(threads: usize) -> usize {
    #[cfg(feature = "threads")]
    if threads > 1 {
        return (threads - 1).min(parallel::MAX_PARSE_THREADS);
    }
    let _ = threads;
    0
}

/// The reading side of the single pass: source, decoder, parser and the buffers between.
struct Pass<R> {
    source: R,
    input: Input,
    decoder: Decoder,
    work: WorkBuffer,
    eof: bool,
    utf8: bool,
    /// When to stop reading, and the limit in seconds.
    deadline: Option<(web_time::Instant, u64)>,
    parser: Parser,
    /// Threads that parse ahead of this one (none: this thread parses).
    #[cfg_attr(not(feature = "threads"), allow(dead_code))]
    parse_threads: usize,
}

impl<R: Read> Pass<R> {
    /// Reads every record into the table's checks, calling `schema` for each row too.
    fn read(&mut self, table: &mut Table, findings: &mut Findings) {
        #[cfg(feature = "threads")]
        if self.parse_threads > 0 && !self.eof {
            self.read_parallel(self.parse_threads, table, findings);
            table.end_rows(findings);
            return;
        }
        self.read_here(table, findings);
        table.end_rows(findings);
    }

    /// Whether the time limit has passed; if so, says so in `findings` (reading stops there).
    fn past_deadline(&self, findings: &mut Findings) -> bool {
        let Some((deadline, seconds)) = self.deadline else {
            return false;
        };
        if web_time::Instant::now() <= deadline {
            return false;
        }
        findings.push(
            Finding::new(&source_error::SOURCE_ERROR).with_detail(Detail::Source {
                problem: SourceProblem::TimeLimit {
                    seconds,
                    read: self.input.bytes,
                },
            }),
        );
        true
    }

    /// Reads every record on this thread: parse a buffer, keep its unfinished record, refill.
    fn read_here(&mut self, table: &mut Table, findings: &mut Findings) {
        let mut carried = 0;
        loop {
            let buf = self.work.filled();
            let text = BufferText::new(buf, carried);
            let utf8 = self.utf8;
            self.parser.parse(buf, self.eof, |record| {
                table.on_record(record, buf, &text, utf8, findings);
            });
            if self.eof {
                break;
            }
            if self.past_deadline(findings) {
                break;
            }
            let keep = self.parser.retained(buf.len());
            carried = keep.len();
            self.work.keep(keep.clone());
            self.parser.rebase(keep);
            if self.decoder.is_passthrough() {
                // UTF-8 read as is: bytes go straight into the work buffer, no copy.
                self.eof = self
                    .input
                    .fill_into(&mut self.source, &mut self.work, findings);
            } else {
                self.eof = self.input.fill(&mut self.source, findings);
                let decoded = self.decoder.decode(self.input.filled(), self.eof);
                self.utf8 = decoded.utf8;
                self.work.append(decoded.bytes);
            }
        }
    }

    /// The pass with the schema checks on this thread, row by row.
    fn run_inline(
        &mut self,
        run: SchemaRun,
        table: &mut Table,
        findings: &mut Findings,
    ) -> (Option<UsedSchema>, Findings) {
        table.schema = SchemaSide::Inline(Box::new(run));
        self.read(table, findings);
        match std::mem::replace(&mut table.schema, SchemaSide::Done) {
            SchemaSide::Inline(run) => run.finish(table.header.as_ref()),
            _ => (None, findings.fresh()),
        }
    }

    /// The pass with worker threads ([`Lane`]s) fed the same rows in batches; falls back to
    /// [`Pass::run_inline`] when no work would move.
    #[cfg(feature = "threads")]
    fn run_with_workers(
        &mut self,
        run: SchemaRun,
        threads: usize,
        table: &mut Table,
        findings: &mut Findings,
    ) -> (Option<UsedSchema>, Findings) {
        let (run, idle) = if run.is_active() {
            (Some(run), None)
        } else {
            (None, Some(run))
        };
        let lanes = table.plan_lanes(run, threads, findings);
        if lanes.is_empty()
            && let Some(idle) = idle
        {
            return self.run_inline(idle, table, findings);
        }
        std::thread::scope(|scope| {
            let mut senders = Vec::with_capacity(lanes.len());
            let mut workers = Vec::with_capacity(lanes.len());
            for lane in lanes {
                let (to_worker, from_reader) = sync_channel(WORKER_QUEUE);
                let worker = std::thread::Builder::new()
                    .name("calidad-check".into())
                    .spawn_scoped(scope, move || lane.run(from_reader));
                match worker {
                    Ok(worker) => {
                        workers.push(worker);
                        senders.push(to_worker);
                    }
                    Err(error) => findings.push(lost_worker(&error.to_string())),
                }
            }
            table.schema = SchemaSide::Workers(Box::new(WorkerFeed {
                senders,
                batch: RowBatch::default(),
                in_flight: VecDeque::new(),
            }));
            // A panic while reading must not leave the workers waiting for rows forever: the
            // feed (and its senders) is dropped before the panic goes on.
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.read(table, findings);
            }));
            if let SchemaSide::Workers(mut feed) =
                std::mem::replace(&mut table.schema, SchemaSide::Done)
                && read.is_ok()
            {
                feed.send_batch();
            }
            if let Err(panic) = read {
                std::panic::resume_unwind(panic);
            }
            let mut used = None;
            let mut found = findings.fresh();
            for worker in workers {
                match worker.join() {
                    Ok(lane) => {
                        let Lane {
                            schema,
                            checks,
                            profilers,
                            findings: lane_findings,
                            stopped,
                        } = *lane;
                        // A lane that stopped hands back its checks (the privacy check's
                        // columns still mask the report) but not its schema run, whose state
                        // may be half-made.
                        let schema = if stopped {
                            found.push(lost_worker("a check failed on a worker thread"));
                            None
                        } else {
                            schema
                        };
                        table.take_back(checks, profilers);
                        found.merge(lane_findings);
                        if let Some(run) = schema {
                            let (schema, schema_findings) = run.finish(table.header.as_ref());
                            used = schema;
                            found.merge(schema_findings);
                        }
                    }
                    Err(_) => found.push(lost_worker("a worker thread stopped")),
                }
            }
            (used, found)
        })
    }

    /// Built without threads: everything runs inline (results are the same).
    #[cfg(not(feature = "threads"))]
    fn run_with_workers(
        &mut self,
        run: SchemaRun,
        _threads: usize,
        table: &mut Table,
        findings: &mut Findings,
    ) -> (Option<UsedSchema>, Findings) {
        self.run_inline(run, table, findings)
    }
}

/// The finding that says a worker thread could not run or stopped: the report is incomplete.
#[cfg(feature = "threads")]
fn lost_worker(why: &str) -> Finding {
    Finding::new(&source_error::SOURCE_ERROR).with_detail(Detail::Source {
        problem: SourceProblem::Io(format!("internal error: the checks stopped ({why})")),
    })
}

#[cfg(feature = "threads")]
mod parallel;

/// The source's bytes: a reusable chunk buffer plus the running size and hash.
struct Input {
    buffer: Vec<u8>,
    chunk: usize,
    filled: usize,
    bytes: u64,
    hasher: Option<Sha256>,
}

impl Input {
    fn new(chunk: usize, hash: bool) -> Input {
        Input {
            buffer: vec![0; chunk.max(SAMPLE_BYTES)],
            chunk,
            filled: 0,
            bytes: 0,
            hasher: hash.then(Sha256::new),
        }
    }

    fn filled(&self) -> &[u8] {
        &self.buffer[..self.filled]
    }

    /// Reads the next chunk into the input buffer (as full as the source allows). Returns
    /// whether the source is done; a read error ends the source and becomes a `source-error`.
    fn fill<R: Read>(&mut self, source: &mut R, findings: &mut Findings) -> bool {
        self.fill_up_to(self.chunk, source, findings)
    }

    /// Reads the first [`SAMPLE_BYTES`] (or all, if fewer) into the input buffer.
    fn fill_sample<R: Read>(&mut self, source: &mut R, findings: &mut Findings) -> bool {
        self.fill_up_to(SAMPLE_BYTES, source, findings)
    }

    fn fill_up_to<R: Read>(
        &mut self,
        want: usize,
        source: &mut R,
        findings: &mut Findings,
    ) -> bool {
        let (filled, eof) = read_into(source, &mut self.buffer[..want], findings);
        self.filled = filled;
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&self.buffer[..filled]);
        }
        self.bytes += filled as u64;
        eof
    }

    /// Reads the next chunk straight onto the end of `work`.
    fn fill_into<R: Read>(
        &mut self,
        source: &mut R,
        work: &mut WorkBuffer,
        findings: &mut Findings,
    ) -> bool {
        let spare = work.spare(self.chunk);
        let (filled, eof) = read_into(source, spare, findings);
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&spare[..filled]);
        }
        self.bytes += filled as u64;
        work.commit(filled);
        self.filled = 0;
        eof
    }

    /// Reads the rest of a source that is not checked further, so size and hash cover it all.
    fn drain<R: Read>(&mut self, source: &mut R, mut eof: bool, findings: &mut Findings) {
        while !eof {
            eof = self.fill(source, findings);
        }
    }

    fn finish(self, mut outcome: TableOutcome, findings: Findings) -> TableOutcome {
        outcome.bytes = self.bytes;
        outcome.sha256 = self.hasher.map(|h| hex(&h.finalize())).unwrap_or_default();
        outcome.findings = findings;
        outcome
    }
}

/// Fills `buffer` from `source` as far as it goes. Returns the bytes read and whether the source
/// ended; a read error ends it too, as a `source-error` finding.
fn read_into<R: Read>(source: &mut R, buffer: &mut [u8], findings: &mut Findings) -> (usize, bool) {
    let mut filled = 0;
    while filled < buffer.len() {
        match source.read(&mut buffer[filled..]) {
            Ok(0) => return (filled, true),
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => {
                findings.push(Finding::new(&source_error::SOURCE_ERROR).with_detail(
                    Detail::Source {
                        problem: SourceProblem::Io(error.to_string()),
                    },
                ));
                return (filled, true);
            }
        }
    }
    (filled, false)
}

/// The parser's contiguous buffer: the unfinished record kept from the last round, followed by
/// new bytes. Its storage only grows (never shrinks or re-zeroes), so refills cost no memset.
struct WorkBuffer {
    data: Vec<u8>,
    len: usize,
}

impl WorkBuffer {
    fn with_capacity(capacity: usize) -> WorkBuffer {
        WorkBuffer {
            data: vec![0; capacity],
            len: 0,
        }
    }

    fn filled(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// Keeps only `range`, moved to the front.
    fn keep(&mut self, range: std::ops::Range<usize>) {
        if range.start > 0 {
            self.data.copy_within(range.clone(), 0);
        }
        self.len = range.len();
    }

    /// `n` writable bytes after the filled part.
    fn spare(&mut self, n: usize) -> &mut [u8] {
        if self.data.len() < self.len + n {
            let grown = (self.len + n).max(self.data.len() * 2);
            self.data.resize(grown, 0);
        }
        &mut self.data[self.len..self.len + n]
    }

    fn commit(&mut self, n: usize) {
        self.len += n;
    }

    fn append(&mut self, bytes: &[u8]) {
        self.spare(bytes.len()).copy_from_slice(bytes);
        self.commit(bytes.len());
    }
}

/// Lowercase hexadecimal of `bytes` (for digests).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The work buffer validated as UTF-8 once, so records in the valid part are read in place
/// without validating each one again.
struct BufferText<'a> {
    text: &'a str,
    replacements: bool,
}

impl<'a> BufferText<'a> {
    /// Bytes kept from an earlier round that are this long are validated per record instead, so
    /// a huge unfinished record is not validated again with every new chunk.
    const MAX_RETAINED: usize = 1 << 20;

    fn new(buf: &'a [u8], retained: usize) -> BufferText<'a> {
        let text = if retained > Self::MAX_RETAINED {
            ""
        } else {
            valid_prefix(buf)
        };
        BufferText {
            text,
            // U+FFFD starts with 0xEF; a NUL byte is no character a table holds either. After
            // a long unfinished record each record is looked at once instead, as for UTF-8.
            replacements: retained > Self::MAX_RETAINED || memchr::memchr2(0xEF, 0, buf).is_some(),
        }
    }

    /// A buffer whose replacement characters were looked for already (on a parsing thread).
    #[cfg(feature = "threads")]
    fn checked(buf: &'a [u8], replacements: bool) -> BufferText<'a> {
        BufferText {
            text: valid_prefix(buf),
            replacements,
        }
    }

    /// The record's text, if it lies in the validated part.
    fn get(&self, start: usize, end: usize) -> Option<&'a str> {
        self.text.get(start..end)
    }
}

/// The longest prefix of `bytes` that is valid UTF-8 (SIMD validation first; the exact position
/// is only looked for when it fails).
fn valid_prefix(bytes: &[u8]) -> &str {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or(""),
    }
}

/// Reusable buffers for a record that cannot be read in place: it holds escaped quotes, invalid
/// bytes or replacement characters.
#[derive(Debug, Default)]
struct View {
    bytes: Vec<u8>,
    text: String,
    fields: Vec<Field>,
    invalid: Vec<InvalidCell>,
}

/// The first rows of a header the publisher declared over several rows, joined so far.
struct PendingHeader {
    labels: Vec<String>,
    /// The cells of the last header row read, to skip merged cells as Frictionless does.
    previous: Vec<String>,
    line: u64,
    invalid: Vec<InvalidCell>,
    unclosed: Option<crate::parser::UnclosedQuote>,
}

/// The checking side of the pass: the header, the checks and profilers, the schema run.
struct Table {
    quote: u8,
    /// The delimiter, named in the trailing-delimiter finding.
    delimiter: u8,
    header_row: u64,
    header: Option<Header>,
    checks: Vec<Box<dyn Check>>,
    /// How many of the checks are this crate's (the rest come from other crates).
    #[cfg_attr(not(feature = "threads"), allow(dead_code))]
    built_in: usize,
    /// Indexes of the checks that look at data rows (on this thread).
    row_checks: Vec<usize>,
    profilers: Vec<Box<dyn Profiler>>,
    rows: u64,
    view: Option<View>,
    schema: SchemaSide,
    /// Every line ends with the delimiter: the last, empty field is dropped from each row.
    trailing_delimiter: bool,
    /// Whether to look for a second header row or a description row under the header.
    read_opening: bool,
    /// The header and the rows under it, held until [`opening::settle`] decides about them.
    opening: Option<(Header, RowBatch)>,
    /// Whether to hold back rows that may be a footer or padding tail.
    read_tail: bool,
    /// The layout the publisher declared.
    layout: crate::layout::Layout,
    /// A header over several declared rows, while its rows are read.
    pending_header: Option<PendingHeader>,
    /// The rows whose cells to keep, and those kept.
    capture: Option<(Arc<std::collections::BTreeSet<u64>>, CapturedCells)>,
    /// The rows held back as a possible tail, and what each looks like.
    tail: (Vec<tail::Candidate>, RowBatch),
}

impl Table {
    /// The checks (built-in, opt-in, other crates') with a wanted code, and the profilers.
    fn new(sniffed: &Sniffed, options: &TableOptions) -> Table {
        let config = CheckConfig {
            max_record_bytes: options.max_record_bytes as u64,
        };
        let wanted =
            |check: &dyn Check| check.always_runs() || options.selection.any(check.rules());
        let mut checks = registry::build_checks(&config, &options.selection);
        checks.extend(
            options
                .checks
                .iter()
                .map(CheckFactory::build)
                .filter(|check| wanted(check.as_ref())),
        );
        let built_in = checks.len();
        checks.extend(
            options
                .plugin_checks
                .iter()
                .map(CheckFactory::build)
                .filter(|check| wanted(check.as_ref())),
        );
        // With a schema given, the publisher has said what the columns are: the header is read
        // as it is.
        let guess_shape = !matches!(options.schema, SchemaSource::Given(_));
        let row_checks = (0..checks.len())
            .filter(|&i| checks[i].checks_rows())
            .collect();
        Table {
            quote: sniffed.dialect.quote.unwrap_or(b'"'),
            delimiter: sniffed.dialect.delimiter,
            header_row: sniffed.header_row,
            header: None,
            checks,
            built_in,
            row_checks,
            profilers: options.profilers.iter().map(|p| (p.0)()).collect(),
            rows: 0,
            view: Some(View::default()),
            schema: SchemaSide::Done,
            trailing_delimiter: guess_shape && options.delimited_text && sniffed.trailing_delimiter,
            read_opening: guess_shape
                && options.header_row.is_none()
                && !options.layout.fixes_header(),
            opening: None,
            read_tail: true,
            layout: options.layout.clone(),
            pending_header: None,
            capture: options
                .capture_rows
                .clone()
                .map(|rows| (rows, CapturedCells::default())),
            tail: Default::default(),
        }
    }

    /// Splits the row work that may move over `threads` threads, this one included, lending
    /// checks and profilers to the lanes returned (none when nothing would move). Per-cell
    /// column checks cost about as much as the schema run, and other crates' checks with the
    /// profiles somewhat less: with two threads this one keeps the column checks and one worker
    /// runs the rest; with three the column checks get a worker of their own; from four each
    /// group does.
    #[cfg(feature = "threads")]
    fn plan_lanes(
        &mut self,
        schema: Option<SchemaRun>,
        threads: usize,
        findings: &Findings,
    ) -> Vec<Lane> {
        let lane = || Lane {
            schema: None,
            checks: Vec::new(),
            profilers: Vec::new(),
            findings: findings.fresh(),
            stopped: false,
        };
        let movable = |table: &Table, ours: bool| -> Vec<usize> {
            table
                .row_checks
                .iter()
                .copied()
                .filter(|&i| (i < table.built_in) == ours && table.checks[i].runs_on_worker())
                .collect()
        };
        let (columns, others) = (movable(self, true), movable(self, false));
        let mut lend = |indexes: Vec<usize>| -> Vec<(usize, Box<dyn Check>)> {
            self.row_checks.retain(|i| !indexes.contains(i));
            indexes
                .into_iter()
                .map(|i| (i, std::mem::replace(&mut self.checks[i], Box::new(Lent))))
                .collect()
        };
        let mut first = lane();
        first.schema = schema;
        let mut rest = lane();
        rest.checks = lend(others);
        let mut column_lane = lane();
        if threads >= 3 {
            column_lane.checks = lend(columns);
        }
        rest.profilers = std::mem::take(&mut self.profilers);
        let lanes = if threads >= 4 {
            vec![first, column_lane, rest]
        } else {
            first.checks = rest.checks;
            first.profilers = rest.profilers;
            vec![first, column_lane]
        };
        lanes.into_iter().filter(|lane| !lane.is_empty()).collect()
    }

    /// Puts back what a lane was lent, for the end of the table.
    #[cfg(feature = "threads")]
    fn take_back(
        &mut self,
        checks: Vec<(usize, Box<dyn Check>)>,
        profilers: Vec<Box<dyn Profiler>>,
    ) {
        for (index, check) in checks {
            if let Some(slot) = self.checks.get_mut(index) {
                *slot = check;
            }
        }
        if !profilers.is_empty() {
            self.profilers = profilers;
        }
    }

    /// Tells every check and profiler that the table ended; returns what they hand over.
    fn finish(
        &mut self,
        schema: Option<&UsedSchema>,
        findings: &mut Findings,
    ) -> Vec<Box<dyn Any + Send>> {
        let mut handed: Vec<Box<dyn Any + Send>> = Vec::new();
        if let Some((_, captured)) = self.capture.take() {
            handed.push(Box::new(captured));
        }
        for check in &mut self.checks {
            if let Some(used) = schema {
                check.schema(&used.schema);
            }
            check.finish(findings);
            handed.extend(check.hand_over());
        }
        handed.extend(
            std::mem::take(&mut self.profilers)
                .into_iter()
                .map(|mut profiler| {
                    if let Some(used) = schema {
                        profiler.schema(&used.schema);
                    }
                    profiler.finish()
                }),
        );
        handed
    }
}

/// Batches of rows waiting for each worker thread: enough to ride out the reading thread's
/// and the workers' uneven moments (a few MB at most).
#[cfg(feature = "threads")]
const WORKER_QUEUE: usize = 16;

/// Where the schema checks and the row work that may move run.
enum SchemaSide {
    /// On the reading thread, row by row.
    Inline(Box<SchemaRun>),
    /// On worker threads fed with batches of rows.
    #[cfg(feature = "threads")]
    Workers(Box<WorkerFeed>),
    /// Not (or no longer) running.
    Done,
}

/// The reading thread's end of the worker threads: every worker gets the header and every
/// batch, in reading order.
#[cfg(feature = "threads")]
struct WorkerFeed {
    senders: Vec<SyncSender<ToWorker>>,
    batch: RowBatch,
    /// Batches sent, oldest first, reused once every worker is done with them.
    in_flight: VecDeque<Arc<RowBatch>>,
}

#[cfg(feature = "threads")]
impl WorkerFeed {
    fn send_header(&self, header: &Header) {
        let header = Arc::new(header.clone());
        for sender in &self.senders {
            let _ = sender.send(ToWorker::Header(header.clone()));
        }
    }

    fn push(&mut self, row: &Row<'_>) {
        self.batch.push(row);
        if self.batch.is_full() {
            self.send_batch();
        }
    }

    /// Sends the batch being filled (if it has rows) to every worker.
    fn send_batch(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let fresh = self.recycled();
        let full = Arc::new(std::mem::replace(&mut self.batch, fresh));
        for sender in &self.senders {
            let _ = sender.send(ToWorker::Rows(full.clone()));
        }
        self.in_flight.push_back(full);
        // Batches still read by a slow worker are forgotten here and freed by it.
        while self.in_flight.len() > WORKER_QUEUE + 2 {
            self.in_flight.pop_front();
        }
    }

    /// The oldest batch sent if every worker is done with it, emptied; else a new one.
    fn recycled(&mut self) -> RowBatch {
        if self
            .in_flight
            .front()
            .is_some_and(|oldest| Arc::strong_count(oldest) == 1)
            && let Some(oldest) = self.in_flight.pop_front()
            && let Ok(mut batch) = Arc::try_unwrap(oldest)
        {
            batch.clear();
            return batch;
        }
        RowBatch::default()
    }
}

#[cfg(feature = "threads")]
enum ToWorker {
    Header(Arc<Header>),
    Rows(Arc<RowBatch>),
}

/// One worker thread's share of the row work: the schema run, checks that may run apart
/// (with their index in the table's list, to be put back for the end of the table), the
/// profilers; and the findings they make while rows come.
#[cfg(feature = "threads")]
struct Lane {
    schema: Option<SchemaRun>,
    checks: Vec<(usize, Box<dyn Check>)>,
    profilers: Vec<Box<dyn Profiler>>,
    findings: Findings,
    /// A check panicked: the lane stopped checking (and still hands its checks back, so the
    /// privacy check's columns keep masking the report).
    stopped: bool,
}

#[cfg(feature = "threads")]
impl Lane {
    fn is_empty(&self) -> bool {
        self.schema.is_none() && self.checks.is_empty() && self.profilers.is_empty()
    }

    /// Checks batches as they come, and hands everything back for the end of the table.
    fn run(mut self, rows: Receiver<ToWorker>) -> Box<Lane> {
        let mut header: Option<Arc<Header>> = None;
        for message in rows {
            // After a panic the lane keeps taking batches, so the reading thread never waits
            // on it, but checks nothing more.
            if self.stopped {
                continue;
            }
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.take(message, &mut header);
            }));
            self.stopped = checked.is_err();
        }
        Box::new(self)
    }

    /// Checks one message's header or rows.
    fn take(&mut self, message: ToWorker, header: &mut Option<Arc<Header>>) {
        match message {
            ToWorker::Header(h) => {
                if let Some(run) = &mut self.schema {
                    run.header(&h);
                }
                for (_, check) in &mut self.checks {
                    check.header(&h, &mut self.findings);
                }
                for profiler in &mut self.profilers {
                    profiler.header(&h);
                }
                *header = Some(h);
            }
            ToWorker::Rows(batch) => {
                let Some(h) = header.as_ref() else { return };
                for row in batch.rows() {
                    for (_, check) in &mut self.checks {
                        check.row(&row, h, &mut self.findings);
                    }
                    for profiler in &mut self.profilers {
                        profiler.row(&row, h);
                    }
                    if let Some(run) = &mut self.schema {
                        run.row(&row, h);
                    }
                }
            }
        }
    }
}

/// Stands in the table's list of checks for a check lent to a worker thread.
#[cfg(feature = "threads")]
struct Lent;

#[cfg(feature = "threads")]
impl Check for Lent {
    fn rules(&self) -> &'static [&'static Rule] {
        &[]
    }

    fn checks_rows(&self) -> bool {
        false
    }
}

impl Table {
    fn on_record(
        &mut self,
        record: &RecordRef<'_>,
        buf: &[u8],
        text: &BufferText<'_>,
        utf8: bool,
        findings: &mut Findings,
    ) {
        if record.row < self.header_row {
            return;
        }
        // The view is lent out while the row made from it travels through the table.
        let mut view = self.view.take().unwrap_or_default();
        let row = row_view(record, buf, text, utf8, self.quote, &mut view);
        self.on_row(row, record, findings);
        self.view = Some(view);
    }

    fn on_row(&mut self, mut row: Row<'_>, record: &RecordRef<'_>, findings: &mut Findings) {
        let number = record.row;
        if self.trailing_delimiter {
            row = row.without_empty_last();
        }
        // A header row is never a comment; without a header any row may be one.
        if self.layout.has_comments()
            && (number != self.header_row || self.layout.no_header)
            && self.layout.is_comment(number, row.cells().next())
        {
            return;
        }
        if let Some((rows, captured)) = &mut self.capture
            && rows.contains(&number)
        {
            let cells = row
                .cells()
                .take(crate::finding::MAX_CONTEXT_CELLS)
                .map(bounded)
                .collect();
            captured.0.insert(number, cells);
        }
        if self.read_declared_header(&row, record, findings) {
            return;
        }
        // Without a header, the first row that is not a comment names the columns (and is
        // data).
        if number == self.header_row || (self.layout.no_header && self.header.is_none()) {
            let mut labels: Vec<String> = row.cells().map(str::to_owned).collect();
            // A row of data where the header should be (a person's RUT, e-mail, phone): read
            // without a header, as Frictionless does with `header: false`, and check the row
            // as data. Its values never become the table's labels. A table declared without
            // a header is read so too, without a finding.
            let data = self.layout.no_header || missing_header::is_data_row(&labels);
            if data && !self.layout.no_header {
                findings.push(
                    Finding::new(&missing_header::MISSING_HEADER).at_row(number, record.line),
                );
            }
            if data {
                labels = (1..=labels.len()).map(|i| format!("field{i}")).collect();
            }
            let invalid = if data {
                Vec::new()
            } else {
                row.invalid.to_vec()
            };
            let mut header = Header::new(number, record.line, labels, invalid);
            header.unclosed_quote = record.unclosed;
            if self.trailing_delimiter {
                findings.push(
                    Finding::new(&trailing_delimiter::TRAILING_DELIMITER)
                        .at_row(number, record.line)
                        .with_detail(Detail::Param {
                            text: char::from(self.delimiter).to_string(),
                        }),
                );
            }
            if self.read_opening && !data {
                self.opening = Some((header, RowBatch::default()));
                return;
            }
            self.start_rows(header, findings);
            if !data {
                return;
            }
        }
        if let Some((_, rows)) = &mut self.opening {
            // Held rows keep only their cells: a row with more to say (invalid bytes, an open
            // quote, a cut) settles the header with the rows before it and goes on as it is.
            if row.invalid.is_empty() && row.unclosed_quote.is_none() && row.dropped_bytes == 0 {
                rows.push(&row);
                if rows.len() >= 2 {
                    self.settle_opening(findings);
                }
                return;
            }
            self.settle_opening(findings);
        }
        self.data_row(&row, findings);
    }

    /// Reads the rows of a header declared over several rows (`headerRows`): the first
    /// starts it, the declared ones after it are joined to it, the others up to the last are
    /// skipped as Frictionless skips them. Returns whether the row was taken.
    fn read_declared_header(
        &mut self,
        row: &Row<'_>,
        record: &RecordRef<'_>,
        findings: &mut Findings,
    ) -> bool {
        let number = record.row;
        let last = self.layout.last_header_row(self.header_row);
        if self.layout.more_header_rows.is_empty() || self.header.is_some() {
            return false;
        }
        if number > last {
            // The last declared row was a comment: the header ends here.
            self.start_declared_header(findings);
            return false;
        }
        if number == self.header_row {
            let labels: Vec<String> = row.cells().map(str::to_owned).collect();
            self.pending_header = Some(PendingHeader {
                previous: labels.clone(),
                labels,
                line: record.line,
                invalid: row.invalid.to_vec(),
                unclosed: record.unclosed,
            });
        } else if let Some(pending) = &mut self.pending_header
            && self.layout.more_header_rows.contains(&number)
        {
            let cells: Vec<&str> = row.cells().collect();
            self.layout
                .join_header_row(&mut pending.labels, &mut pending.previous, &cells);
            if pending.unclosed.is_none() {
                pending.unclosed = record.unclosed;
            }
        }
        if number == last {
            self.start_declared_header(findings);
        }
        true
    }

    /// The declared header's rows are read (or the table ended first): the header starts.
    fn start_declared_header(&mut self, findings: &mut Findings) {
        if let Some(pending) = self.pending_header.take() {
            let mut header = Header::new(
                self.header_row,
                pending.line,
                pending.labels,
                pending.invalid,
            );
            header.unclosed_quote = pending.unclosed;
            self.start_rows(header, findings);
        }
    }

    /// The header is known: tells the checks, profilers and the schema run.
    fn start_rows(&mut self, header: Header, findings: &mut Findings) {
        if self.header_row > 1 {
            findings.push(
                Finding::new(&title_rows::TITLE_ROWS)
                    .at_row(1, 1)
                    .with_detail(Detail::TitleRows {
                        header_row: self.header_row,
                    }),
            );
        }
        for check in &mut self.checks {
            check.header(&header, findings);
        }
        for profiler in &mut self.profilers {
            profiler.header(&header);
        }
        match &mut self.schema {
            SchemaSide::Inline(run) => run.header(&header),
            #[cfg(feature = "threads")]
            SchemaSide::Workers(feed) => feed.send_header(&header),
            SchemaSide::Done => {}
        }
        self.header = Some(header);
    }

    /// Decides, from the two rows held under the header, whether the header spans two rows or
    /// a description row follows it; then starts the rows.
    fn settle_opening(&mut self, findings: &mut Findings) {
        let Some((mut header, held)) = self.opening.take() else {
            return;
        };
        let mut rows = held.rows();
        let below: Option<Row<'_>> = rows.next();
        let next: Option<Row<'_>> = rows.next();
        let below_cells: Option<Vec<&str>> = below.as_ref().map(|r| r.cells().collect());
        let next_cells: Option<Vec<&str>> = next.as_ref().map(|r| r.cells().collect());
        let opening = match &below_cells {
            Some(below) => opening::settle(&header.labels, below, next_cells.as_deref()),
            None => Opening::Plain,
        };
        let mut skip_first = false;
        if let Some(below) = &below {
            match opening {
                Opening::Plain => {}
                Opening::MultiRow(labels) => {
                    let example = labels
                        .iter()
                        .zip(header.labels.iter())
                        .find(|(new, old)| new.trim() != old.trim() && !old.trim().is_empty())
                        .map(|(new, _)| new.clone());
                    let mut finding = Finding::new(&multi_row_header::MULTI_ROW_HEADER)
                        .at_row(header.row_number, header.line_number)
                        .with_detail(Detail::Span {
                            first: header.row_number,
                            last: below.number,
                            rows: 2,
                        });
                    finding.label = example.map(|l| bounded(&l));
                    findings.push(finding);
                    let mut combined = Header::new(
                        header.row_number,
                        header.line_number,
                        labels,
                        header.invalid.clone(),
                    );
                    combined.unclosed_quote = header.unclosed_quote;
                    header = combined;
                    skip_first = true;
                }
                Opening::DescriptionRow => {
                    findings.push(
                        Finding::new(&description_row::DESCRIPTION_ROW)
                            .at_row(below.number, below.line),
                    );
                    skip_first = true;
                }
            }
        }
        self.start_rows(header, findings);
        for row in held.rows().skip(usize::from(skip_first)) {
            self.data_row(&row, findings);
        }
    }

    /// A data row: held back while it may be part of a footer or padding tail, otherwise
    /// checked (after the rows held before it, which were data after all).
    fn data_row(&mut self, row: &Row<'_>, findings: &mut Findings) {
        let Some(header) = &self.header else {
            return;
        };
        if self.read_tail {
            let roomy = self.tail.1.len() < tail::MAX_HELD_ROWS
                && self.tail.1.bytes() < tail::MAX_HELD_BYTES;
            if let Some(kind) = tail::candidate(row, header.len()).filter(|_| roomy) {
                self.tail.0.push(kind);
                self.tail.1.push(row);
                return;
            }
            self.release_tail(self.tail.0.len(), findings);
        }
        self.dispatch(row, findings);
    }

    /// Checks the first `n` held rows as data and forgets the rest.
    fn release_tail(&mut self, n: usize, findings: &mut Findings) {
        if self.tail.0.is_empty() {
            return;
        }
        // Taken out while its rows are dispatched, then put back empty to keep its storage.
        let (mut kinds, mut held) = std::mem::take(&mut self.tail);
        for row in held.rows().take(n) {
            self.dispatch(&row, findings);
        }
        kinds.clear();
        held.clear();
        self.tail = (kinds, held);
    }

    /// The end of the rows: a header still waiting is settled, and the rows held back are a
    /// padding or footer tail (one finding each) or data after all.
    fn end_rows(&mut self, findings: &mut Findings) {
        self.start_declared_header(findings);
        if self.opening.is_some() {
            self.settle_opening(findings);
        }
        if self.tail.0.is_empty() {
            return;
        }
        if self.rows == 0 {
            // Nothing but candidate rows: they are the table, not its tail.
            self.release_tail(self.tail.0.len(), findings);
            return;
        }
        let ending = tail::ending(&self.tail.0);
        let numbers: Vec<(u64, u64)> = self.tail.1.rows().map(|r| (r.number, r.line)).collect();
        let span = |range: &std::ops::Range<usize>| {
            let (first, line) = numbers.get(range.start).copied().unwrap_or_default();
            let (last, _) = numbers
                .get(range.end.saturating_sub(1))
                .copied()
                .unwrap_or_default();
            (first, line, last, range.len() as u64)
        };
        let padding = (!ending.padding.is_empty()).then(|| span(&ending.padding));
        // The footer is named up to its last row with text: blank rows after the notes (empty
        // formatted cells in a sheet) are dropped without sending the reader to them.
        let with_text = ending.footer.start
            ..ending.footer.start
                + self.tail.0[ending.footer.clone()]
                    .iter()
                    .rposition(|&kind| kind != tail::Candidate::Blank)
                    .map_or(0, |last| last + 1);
        let footer = (!with_text.is_empty()).then(|| span(&with_text));
        self.release_tail(ending.data, findings);
        for (rule, part) in [
            (&padding_rows::PADDING_ROWS, padding),
            (&footer_rows::FOOTER_ROWS, footer),
        ] {
            if let Some((first, line, last, rows)) = part {
                findings.push(
                    Finding::new(rule)
                        .at_row(first, line)
                        .with_detail(Detail::Span { first, last, rows }),
                );
            }
        }
    }

    /// Hands a data row to the row checks, the profilers and the schema run.
    fn dispatch(&mut self, row: &Row<'_>, findings: &mut Findings) {
        let Some(header) = &self.header else {
            return;
        };
        self.rows += 1;
        for &index in &self.row_checks {
            self.checks[index].row(row, header, findings);
        }
        for profiler in &mut self.profilers {
            profiler.row(row, header);
        }
        match &mut self.schema {
            SchemaSide::Inline(run) => run.row(row, header),
            #[cfg(feature = "threads")]
            SchemaSide::Workers(feed) => feed.push(row),
            SchemaSide::Done => {}
        }
    }
}

/// A record as checks see it: read in place when its bytes are valid UTF-8 without escapes or
/// replacement characters (the common case, no copy), otherwise rebuilt cell by cell with
/// escapes resolved, invalid bytes replaced by U+FFFD and each such cell listed.
fn row_view<'a>(
    record: &RecordRef<'a>,
    buf: &'a [u8],
    text: &BufferText<'a>,
    utf8: bool,
    quote: u8,
    view: &'a mut View,
) -> Row<'a> {
    let clean = if record.escaped {
        None
    } else {
        text.get(record.start, record.end)
            .or_else(|| simdutf8::basic::from_utf8(&buf[record.start..record.end]).ok())
            .filter(|row| {
                !text.replacements
                    || memchr::memchr2(0xEF, 0, row.as_bytes()).is_none()
                    || !row.contains(['\u{FFFD}', '\0'])
            })
    };
    let mut row = match clean {
        Some(text) => Row::new(
            record.row,
            record.line,
            text,
            record.start,
            record.fields,
            record.field_count,
            record.blank,
        ),
        None => {
            rebuild(record, buf, utf8, quote, view);
            Row::new(
                record.row,
                record.line,
                &view.text,
                0,
                &view.fields,
                record.field_count,
                record.blank,
            )
        }
    };
    if clean.is_none() {
        row.invalid = &view.invalid;
    }
    row.unclosed_quote = record.unclosed;
    row.dropped_bytes = record.dropped_bytes;
    row
}

fn rebuild(record: &RecordRef<'_>, buf: &[u8], utf8: bool, quote: u8, view: &mut View) {
    view.bytes.clear();
    view.fields.clear();
    view.invalid.clear();
    for field in record.fields {
        let raw = &buf[field.start..field.end];
        let start = view.bytes.len();
        if field.kind == FieldKind::Escaped {
            unescape(raw, quote, &mut view.bytes);
        } else {
            view.bytes.extend_from_slice(raw);
        }
        view.fields.push(Field {
            start,
            end: view.bytes.len(),
            kind: FieldKind::Plain,
        });
    }
    // Valid UTF-8 (almost always): the bytes become the text without a copy, the two buffers
    // trading places so both keep their capacity for the next row.
    let mut spare = std::mem::take(&mut view.text).into_bytes();
    spare.clear();
    match String::from_utf8(std::mem::replace(&mut view.bytes, spare)) {
        Ok(text) => {
            view.text = text;
            if memchr::memchr2(0xEF, 0, view.text.as_bytes()).is_some() {
                for (index, field) in view.fields.iter().enumerate() {
                    let replaced = view
                        .text
                        .get(field.start..field.end)
                        .map_or(0, |cell| cell.matches(['\u{FFFD}', '\0']).count() as u64);
                    if replaced > 0 {
                        view.invalid.push(InvalidCell {
                            index,
                            sequences: replaced,
                            as_windows_1252: None,
                        });
                    }
                }
            }
            return;
        }
        Err(invalid) => {
            let spare = std::mem::replace(&mut view.bytes, invalid.into_bytes());
            view.text = String::from_utf8(spare).unwrap_or_default();
        }
    }
    // Invalid bytes somewhere: rebuild cell by cell, replacing them.
    let mut fields = std::mem::take(&mut view.fields);
    for (index, field) in fields.iter_mut().enumerate() {
        let bytes = &view.bytes[field.start..field.end];
        let start = view.text.len();
        match std::str::from_utf8(bytes) {
            Ok(cell) => {
                let replaced = cell.matches('\u{FFFD}').count() as u64;
                if replaced > 0 {
                    view.invalid.push(InvalidCell {
                        index,
                        sequences: replaced,
                        as_windows_1252: None,
                    });
                }
                view.text.push_str(cell);
            }
            Err(_) => {
                let (_, sequences) = encoding::utf8_evidence(bytes);
                view.invalid.push(InvalidCell {
                    index,
                    sequences: sequences.max(1),
                    as_windows_1252: utf8.then(|| bounded(&encoding::as_windows_1252(bytes))),
                });
                view.text.push_str(&String::from_utf8_lossy(bytes));
            }
        }
        field.start = start;
        field.end = view.text.len();
    }
    view.fields = fields;
}
