//! Parsing on other threads: the reading thread cuts the text into pieces just after a line end
//! and parsing threads parse them as if a record started there ([`Piece`]), while the reading
//! thread reads ahead and hands the records of earlier pieces, in order, to the checks.
//!
//! The guess that a record starts after the cut is checked when the piece before it is read
//! back: it holds when that piece ended exactly between records. When it does not (the line end
//! was inside a quoted cell), the guessed records are dropped and one streaming parser goes on
//! from the last complete record until it stands between records again at a cut, where guessing
//! resumes. So the records, their numbers and lines are the ones a single parser finds, whatever
//! the number of threads or the size of the pieces.

use super::{BufferText, Pass, Table, WorkBuffer, lost_worker};
use crate::finding::Findings;
use crate::parser::Parser;
use crate::parser::piece::Piece;
use std::collections::VecDeque;
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Pieces in flight beyond one per parsing thread, so the reading thread seldom waits on a
/// thread busy with the piece before.
const SPARE_PIECES: usize = 2;

/// Most bytes read for one piece, whatever the read chunk (a piece adds the end of the one
/// before, so a UTF-8 piece is at most twice this). A piece's records take at most about 38
/// bytes per byte of text (a 24-byte range per cell and a 28-byte entry per record, for lines
/// that hold only a delimiter), so with at most [`MAX_PARSE_THREADS`] + [`SPARE_PIECES`] pieces
/// alive memory stays bounded: about 10 MB a piece at worst, 0.5 MB for a portal table.
pub(super) const PIECE_READ: usize = 128 * 1024;

/// Most parsing threads: past four, the reading thread (about 1 GB/s of shape checks) is the
/// limit, not parsing (over 1 GB/s per thread).
pub(super) const MAX_PARSE_THREADS: usize = 4;

/// A piece of the table's text on its way to a parsing thread and back.
struct Job {
    /// The bytes left over from the piece before, then newly read ones.
    work: WorkBuffer,
    /// This piece is `work[..len]`; the bytes after it start the next piece.
    len: usize,
    /// Whether this is the end of the input.
    eof: bool,
    /// Whether the bytes are read as UTF-8 (see [`crate::encoding::Decoded::utf8`]).
    utf8: bool,
    /// Whether the piece ends at a line end, so it was parsed on a parsing thread.
    guessed: bool,
    piece: Piece,
    /// Whether the piece holds U+FFFD or NUL bytes (looked for on the parsing thread).
    replacements: bool,
}

impl Job {
    fn new() -> Job {
        Job {
            work: WorkBuffer::with_capacity(0),
            len: 0,
            eof: false,
            utf8: true,
            guessed: false,
            piece: Piece::default(),
            replacements: false,
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.work.filled()[..self.len]
    }

    /// What a parsing thread does with a job: the records, and the search for replacement
    /// characters.
    fn parse(&mut self, like: &Parser) {
        if !self.guessed {
            return;
        }
        let bytes = &self.work.filled()[..self.len];
        #[cfg(test)]
        if memchr::memmem::find(bytes, tests::PANIC_HERE).is_some() {
            panic!("a parsing thread meets the test's panic marker");
        }
        self.piece.parse(like, bytes, self.eof);
        self.replacements = memchr::memchr2(0xEF, 0, bytes).is_some();
    }
}

/// A parsing thread's two ends, seen from the reading thread.
struct ParsingThread {
    jobs: SyncSender<Job>,
    parsed: Receiver<Job>,
}

impl<R: Read> Pass<R> {
    /// [`Pass::read`] with `threads` parsing threads. Falls back to reading on this thread alone
    /// when none can be started.
    pub(super) fn read_parallel(
        &mut self,
        threads: usize,
        table: &mut Table,
        findings: &mut Findings,
    ) {
        let like = self.parser.fresh();
        self.input.chunk = self.input.chunk.min(PIECE_READ);
        std::thread::scope(|scope| {
            let mut parsing = Vec::with_capacity(threads);
            let mut handles = Vec::with_capacity(threads);
            for _ in 0..threads {
                // Round robin never gives one thread more than this many pieces at once.
                let queue = 1 + SPARE_PIECES;
                let (jobs, to_parse) = sync_channel::<Job>(queue);
                let (done, parsed) = sync_channel::<Job>(queue);
                let like = &like;
                let started = std::thread::Builder::new()
                    .name("calidad-parse".into())
                    .spawn_scoped(scope, move || {
                        for mut job in to_parse {
                            job.parse(like);
                            if done.send(job).is_err() {
                                break;
                            }
                        }
                    });
                if let Ok(handle) = started {
                    handles.push(handle);
                    parsing.push(ParsingThread { jobs, parsed });
                }
            }
            if parsing.is_empty() {
                // Nothing was lost: this thread reads it all.
                self.read_here(table, findings);
                return;
            }
            let stopped = self.read_pieces(&parsing, table, findings);
            // Closing the channels ends the threads; one that panicked is a finding, not a
            // panic of the whole validation.
            drop(parsing);
            // Every thread joined (not only up to the first that panicked): an unjoined thread
            // that panicked would make the scope panic.
            let panicked = handles
                .into_iter()
                .map(|handle| handle.join().is_err())
                .fold(false, |any, this| any | this);
            if panicked && !stopped {
                findings.push(lost_worker("a parsing thread stopped"));
            }
        });
    }

    /// Keeps every parsing thread's queue full and reads the parsed pieces back in order.
    /// Returns whether a parsing thread stopped (and said so in `findings`).
    fn read_pieces(
        &mut self,
        parsing: &[ParsingThread],
        table: &mut Table,
        findings: &mut Findings,
    ) -> bool {
        let mut carry = Vec::new();
        let mut spare: Vec<Job> = Vec::new();
        let mut in_flight: VecDeque<usize> = VecDeque::new();
        let mut next = 0;
        let mut reading = true;
        let mut first = true;
        // Whether the next piece starts where a record starts, with nothing kept in `work`.
        let mut between = true;
        loop {
            while reading && in_flight.len() < parsing.len() + SPARE_PIECES {
                let mut job = spare.pop().unwrap_or_else(Job::new);
                self.next_job(&mut job, &mut carry, first, findings);
                first = false;
                reading = !job.eof;
                if parsing[next].jobs.send(job).is_err() {
                    findings.push(lost_worker("a parsing thread stopped"));
                    return true;
                }
                in_flight.push_back(next);
                next = (next + 1) % parsing.len();
            }
            let Some(from) = in_flight.pop_front() else {
                return false;
            };
            let Ok(job) = parsing[from].parsed.recv() else {
                findings.push(lost_worker("a parsing thread stopped"));
                return true;
            };
            between = self.take(&job, between, table, findings);
            let eof = job.eof;
            spare.push(job);
            if eof {
                return false;
            }
            if self.past_deadline(findings) {
                return false;
            }
        }
    }

    /// Fills `job` with the next piece: the bytes carried from the last one, then the next
    /// chunk read (the first piece is the sample already read). The piece ends at its last line
    /// end, and what follows is carried; a piece without one is read by one parser.
    fn next_job(
        &mut self,
        job: &mut Job,
        carry: &mut Vec<u8>,
        first: bool,
        findings: &mut Findings,
    ) {
        job.work.keep(0..0);
        if first {
            std::mem::swap(&mut job.work, &mut self.work);
            job.eof = self.eof;
            job.utf8 = self.utf8;
        } else {
            job.work.append(carry);
            if self.decoder.is_passthrough() {
                job.eof = self
                    .input
                    .fill_into(&mut self.source, &mut job.work, findings);
                job.utf8 = true;
            } else {
                job.eof = self.input.fill(&mut self.source, findings);
                let decoded = self.decoder.decode(self.input.filled(), job.eof);
                job.utf8 = decoded.utf8;
                job.work.append(decoded.bytes);
            }
        }
        carry.clear();
        let bytes = job.work.filled();
        let line_end = if job.eof {
            None
        } else {
            memchr::memrchr(b'\n', bytes)
        };
        match line_end {
            Some(at) => {
                carry.extend_from_slice(&bytes[at + 1..]);
                job.len = at + 1;
                job.guessed = true;
            }
            None => {
                job.len = bytes.len();
                job.guessed = job.eof;
            }
        }
    }

    /// Hands a parsed piece's records to the table. `between` says whether the piece starts
    /// where a record starts; returns whether the next one does.
    fn take(
        &mut self,
        job: &Job,
        between: bool,
        table: &mut Table,
        findings: &mut Findings,
    ) -> bool {
        let bytes = job.bytes();
        if between && job.guessed {
            // Validated here, once: a `&str` cannot cross from the parsing thread without
            // being validated again.
            let text = BufferText::checked(bytes, job.replacements);
            let rows = self.parser.rows();
            let lines = self.parser.next_line() - 1;
            for record in job.piece.records(rows, lines) {
                table.on_record(&record, bytes, &text, job.utf8, findings);
            }
            self.parser.skip_parsed(job.piece.rows(), job.piece.lines());
            if job.piece.ends_between_records() {
                return true;
            }
            #[cfg(test)]
            tests::WRONG_GUESSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // The line end the next piece starts after was inside a quoted cell: from the cut
            // record on, one parser reads.
            self.work.keep(0..0);
            self.work.append(&bytes[job.piece.complete()..]);
            return false;
        }
        // One parser, from where it stands.
        let carried = self.work.filled().len();
        self.work.append(bytes);
        let buf = self.work.filled();
        let text = BufferText::new(buf, carried);
        self.parser.parse(buf, job.eof, |record| {
            table.on_record(record, buf, &text, job.utf8, findings);
        });
        if self.parser.between_records(buf.len()) {
            self.parser.skip_parsed(0, 0);
            self.work.keep(0..0);
            return true;
        }
        let keep = self.parser.retained(buf.len());
        self.work.keep(keep.clone());
        self.parser.rebase(keep);
        false
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{TableOptions, check_table};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Pieces whose next piece started inside a quoted cell (counted, never reset).
    pub(super) static WRONG_GUESSES: AtomicUsize = AtomicUsize::new(0);

    /// A piece holding these bytes makes its parsing thread panic (tests only).
    pub(super) const PANIC_HERE: &[u8] = b"\x01panic in a parsing thread\x01";

    /// A table where most line ends are inside quoted cells, so most cuts guess wrong, with
    /// blank lines, `\r\n`, ragged rows, escaped quotes, invalid UTF-8 and a cell over the
    /// record cap; its last cell is an unclosed quote.
    fn quoted_lines(rows: usize) -> Vec<u8> {
        let mut csv = b"id,texto,monto\r\n".to_vec();
        for i in 0..rows {
            let row = match i % 9 {
                0 => format!("{i},\"uno\ndos\ntres\r\ncuatro\",{i}\n"),
                1 => "\n".to_owned(),
                2 => format!("{i},\"dijo \"\"sí\"\"\n\n\",{i},extra\r\n"),
                3 => format!("{i}\n"),
                4 => format!("{i},\"{}\",1\n", "larga\n".repeat(40)),
                5 => format!("{i},sin comillas,{}\r", i * 3),
                _ => format!("{i},\"a,b\nc\",{i}\n"),
            };
            csv.extend_from_slice(row.as_bytes());
            if i % 50 == 7 {
                csv.extend_from_slice(b"99,\xff\xfe mal,1\n");
            }
        }
        csv.extend_from_slice(b"fin,\"sin cerrar\nnunca");
        csv
    }

    /// A header and `rows` plain rows (`{i},{i % 7}`): every line end is between records.
    fn plain_table(rows: usize) -> Vec<u8> {
        let mut bytes = b"a,b\n".to_vec();
        for i in 0..rows {
            bytes.extend_from_slice(format!("{i},{}\n", i % 7).as_bytes());
        }
        bytes
    }

    /// The findings (as text) and the rows checked, with `options`.
    fn findings_and_rows(bytes: &[u8], options: &TableOptions) -> (String, u64) {
        let outcome = check_table(bytes, options);
        (format!("{:?}", outcome.findings), outcome.rows)
    }

    fn outcome(bytes: &[u8], threads: usize, chunk: usize) -> String {
        let options = TableOptions {
            threads,
            chunk_bytes: chunk,
            max_record_bytes: 150,
            limit_errors: 100_000,
            ..TableOptions::default()
        };
        let outcome = check_table(bytes, &options);
        format!(
            "rows {} lines {} bytes {} sha {}\n{:?}",
            outcome.rows, outcome.lines, outcome.bytes, outcome.sha256, outcome.findings
        )
    }

    /// Whatever the parsing threads and piece sizes, the outcome is the single thread's, also
    /// when most cuts fall inside quoted cells (the guesses are then dropped and redone).
    #[test]
    fn pieces_parsed_on_threads_give_the_single_thread_outcome() {
        let bytes = quoted_lines(20_000);
        assert!(
            bytes.len() > 4 * super::super::SAMPLE_BYTES,
            "{}",
            bytes.len()
        );
        let alone = outcome(&bytes, 1, 1 << 16);
        for code in [
            "extra-cell",
            "missing-cell",
            "blank-row",
            "encoding-error",
            "row-too-large",
            "unclosed-quote",
        ] {
            assert!(
                alone.contains(&format!("\"{code}\"")),
                "no {code} in the single thread's outcome"
            );
        }
        let before = WRONG_GUESSES.load(Ordering::Relaxed);
        for threads in [2, 3, 5] {
            for chunk in [64, 333, 4096, 1 << 16] {
                assert!(
                    outcome(&bytes, threads, chunk) == alone,
                    "{threads} threads, {chunk}-byte pieces differ from one thread"
                );
            }
        }
        assert!(WRONG_GUESSES.load(Ordering::Relaxed) > before + 100);
    }

    /// A time limit stops the reading on one thread and with parsing threads alike: a
    /// `source-error` that says so, and the rows read so far checked.
    #[test]
    fn a_time_limit_stops_the_reading_with_a_finding() {
        let bytes = plain_table(100_000);
        for threads in [1, 2] {
            let options = TableOptions {
                threads,
                time_limit: Some(std::time::Duration::ZERO),
                ..TableOptions::default()
            };
            let (report, rows) = findings_and_rows(&bytes, &options);
            assert!(report.contains("TimeLimit"), "{threads} threads: {report}");
            assert!(rows > 0 && rows < 100_000, "{threads} threads: {rows}");
        }
    }

    /// Parsing threads that panic stop the reading with one `source-error` that says the
    /// checks stopped; the validation itself does not panic, and the rows before are checked —
    /// with one parsing thread, and with four where several panic.
    #[test]
    fn a_parsing_thread_that_panics_is_a_finding() {
        let mut bytes = plain_table(20_000);
        for i in 0..200_000 {
            if i % 1_000 == 0 {
                bytes.extend_from_slice(PANIC_HERE);
                bytes.extend_from_slice(b",1\n");
            }
            bytes.extend_from_slice(format!("{i},y\n").as_bytes());
        }
        for threads in [2, 5] {
            let options = TableOptions {
                threads,
                chunk_bytes: 8 * 1024,
                ..TableOptions::default()
            };
            let (report, rows) = findings_and_rows(&bytes, &options);
            let stops = report.matches("a parsing thread stopped").count();
            assert_eq!(stops, 1, "{threads} threads: {stops} findings");
            assert!(
                rows > 10_000 && rows < 20_100,
                "{threads} threads: {rows} rows"
            );
        }
    }

    /// Plain rows whose last one opens a quote it never closes: every cut falls between
    /// records, so the last piece too is parsed on a parsing thread, and the quote's line must
    /// still count the lines of the pieces before.
    #[test]
    fn a_quote_left_open_in_the_last_piece_keeps_its_line() {
        let rows = 40_000;
        let mut bytes = plain_table(rows);
        bytes.extend_from_slice(b"3,\"open\nx");
        let alone = outcome(&bytes, 1, 1 << 16);
        let open_line = format!("line_number: Some({})", rows + 2);
        let unclosed = alone
            .split("Finding {")
            .find(|finding| finding.contains("unclosed-quote"))
            .unwrap_or("");
        assert!(unclosed.contains(&open_line), "{unclosed}");
        for threads in [2, 4] {
            for chunk in [4096, 1 << 16, 1 << 20] {
                assert!(
                    outcome(&bytes, threads, chunk) == alone,
                    "{threads} threads, {chunk}-byte reads differ from one thread"
                );
            }
        }
    }
}
