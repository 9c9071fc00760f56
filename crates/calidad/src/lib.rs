//! calidad: check an open-data table before publishing it.
//!
//! Build a [`Validator`] once with the options a portal needs, then validate many sources with
//! it. Each call returns a [`Report`] in Frictionless v5's shape (serializable with serde), with
//! calidad's own data in each task's `calidad` object. Problems in the data are findings in the
//! report; an [`Error`] only means the source could not be opened or an option was wrong.
//!
//! ```
//! use calidad::{Lang, Validator};
//!
//! let validator = Validator::builder().lang(Lang::En).limit_errors(100).build();
//! let report = validator.validate_bytes(b"id;comuna\n1;Santiago\n2;Maip\xfa\n", "comunas");
//! let task = &report.tasks[0];
//! assert_eq!(task.calidad.encoding.as_deref(), Some("windows-1252"));
//! assert_eq!(task.calidad.dialect.as_ref().map(|d| d.delimiter.as_str()), Some(";"));
//! assert!(report.valid);
//! ```

pub use added::{Added, CalidadTask, Report, ReportTask, Revealed, ScoreBlock};
use calidad_core::calendar::Day;
use calidad_core::expect::{Expectations, HashError};
pub use calidad_core::report::{DialectReport, ReportError, ReportStats, TaskStats};
use calidad_core::spec::{CheckSpecError, SpecError};
pub use calidad_core::{Lang, Rule, Severity, registry};
use calidad_core::{TableOptions, check_table, report};
pub use options::Options;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use web_time::Instant;

use reader::ReadAhead;

pub use calidad_core;
pub use calidad_privacy;
pub use calidad_score;

mod added;
mod formats;
mod gate;
mod options;
mod package;
mod reader;
pub mod schema;
mod url;

/// An LLM's reading of reports (feature `ai`): [`ai::evaluate`] adds `score.ai` to tasks.
#[cfg(feature = "ai")]
pub mod ai;
pub use package::{inside, is_package};
pub use url::redact_url;
pub mod fix;
pub mod metadata;

use calidad_core::schema::validate::SchemaSource;
pub use calidad_core::schema::{Schema, SchemaProblem};
use std::sync::Arc;

/// Why a source could not be validated at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The path.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The path is a directory.
    #[error("{0} is a directory, not a file")]
    IsDirectory(PathBuf),
    /// `--sheet` for a file that is no workbook.
    #[error("--sheet {sheet:?} applies to workbooks, and {path} is not one")]
    SheetOfNoWorkbook {
        /// The sheet asked for.
        sheet: String,
        /// The file.
        path: PathBuf,
    },
    /// The path is a FIFO, a socket or a device: nothing calidad reads.
    #[error("{0} is not a regular file (a pipe, socket or device)")]
    NotAFile(PathBuf),
    /// An encoding name nobody knows.
    #[error("unknown encoding {0:?} (try utf-8, windows-1252, latin1, utf-16le)")]
    UnknownEncoding(String),
    /// A delimiter that cannot separate cells.
    #[error("invalid delimiter {0:?}: use one character such as , ; | or tab")]
    InvalidDelimiter(String),
    /// A code or tag that calidad does not report.
    #[error("unknown code or tag {0:?} (run `calidad explain` for the list)")]
    UnknownCode(String),
    /// A header row of 0.
    #[error("the header row is 1-based: {0} is not a row")]
    InvalidHeaderRow(u64),
    /// Header rows that are not 1-based rows in increasing order.
    #[error("header rows must be 1-based rows in increasing order, such as [1, 2]: {0:?}")]
    InvalidHeaderRows(Vec<u64>),
    /// A quote character that cannot quote cells.
    #[error("invalid quote character {0:?}: use one character such as \" or '")]
    InvalidQuote(String),
    /// The schema is not a valid Table Schema (code `schema-error`).
    #[error("schema-error in {place}: {}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Schema {
        /// The schema's file, or how it was given.
        place: String,
        /// Every problem, each with its JSON path.
        problems: Vec<SchemaProblem>,
    },
    /// An opt-in check specification that cannot be used.
    #[error(transparent)]
    InvalidCheck(#[from] CheckSpecError),
    /// A declared hash calidad cannot check.
    #[error(transparent)]
    InvalidHash(#[from] HashError),
    /// A language calidad does not write.
    #[error("unknown language {0:?}: use es or en")]
    UnknownLanguage(String),
    /// Options given as data that cannot be read (a misspelt name, a wrong type).
    #[error("invalid options: {0}")]
    Options(String),
    /// The reader thread could not start.
    #[error("cannot start the reader thread: {0}")]
    Thread(io::Error),
    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid date {0:?}: expected YYYY-MM-DD")]
    InvalidDate(String),
    /// A source with no table to describe (`calidad describe`).
    #[error("cannot describe {place}: {reason}")]
    Describe {
        /// The source.
        place: String,
        /// Why: the first error of the source, or "no table found".
        reason: String,
    },
    /// Metadata that cannot be used (`--metadata`).
    #[error("metadata {place}: {problem}")]
    Metadata {
        /// The metadata's file.
        place: String,
        /// What is wrong with it.
        problem: calidad_score::metadata::MetadataError,
    },
}

impl Error {
    /// The error in words for a person, in `lang`: what happened to which file, and what to do.
    /// (`Display` is the English text, for logs and other programs.)
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Error::Open { path, source } => format!(
                "no se puede abrir {}: {}",
                path.display(),
                io_reason(source, lang)
            ),
            Error::IsDirectory(path) => {
                format!("{} es una carpeta, no un archivo", path.display())
            }
            Error::SheetOfNoWorkbook { sheet, path } => format!(
                "--sheet {sheet:?} sirve para libros de planilla, y {} no lo es",
                path.display()
            ),
            Error::NotAFile(path) => format!(
                "{} no es un archivo común (es una tubería, un socket o un dispositivo)",
                path.display()
            ),
            Error::UnknownEncoding(name) => format!(
                "codificación desconocida {name:?} (pruebe utf-8, windows-1252, latin1, utf-16le)"
            ),
            Error::InvalidDelimiter(text) => {
                format!("delimitador no válido {text:?}: use un solo carácter, como , ; | o tab")
            }
            Error::UnknownCode(code) => format!(
                "código o etiqueta desconocido {code:?} (`calidad explain` muestra la lista)"
            ),
            Error::InvalidHeaderRow(row) => {
                format!("las filas se cuentan desde 1: {row} no es una fila de encabezado posible")
            }
            Error::InvalidHeaderRows(rows) => format!(
                "las filas del encabezado se cuentan desde 1 y van en orden creciente, como [1, 2]: {rows:?}"
            ),
            Error::InvalidQuote(text) => {
                format!("comilla no válida {text:?}: use un solo carácter, como \" o '")
            }
            Error::Schema { place, problems } => format!(
                "el esquema {place} no es un Table Schema válido (schema-error): {}",
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Error::InvalidCheck(error) => format!("revisión no válida: {error}"),
            Error::InvalidHash(error) => format!("hash no válido: {error}"),
            Error::UnknownLanguage(text) => {
                format!("idioma desconocido {text:?}: use es o en")
            }
            Error::Options(text) => format!("opciones no válidas: {text}"),
            Error::Thread(error) => format!(
                "no se pudo iniciar el hilo de lectura: {}",
                io_reason(error, lang)
            ),
            Error::InvalidDate(text) => format!(
                "fecha no válida {text:?}: escríbala como año-mes-día, por ejemplo 2024-12-31"
            ),
            Error::Describe { place, reason } => {
                format!("no se puede describir {place}: {reason}")
            }
            Error::Metadata { place, problem } => format!("metadatos {place}: {problem}"),
        }
    }
}

/// The operating system's reason for an I/O error, in `lang`: the common ones in words a
/// person knows, the rest as the system says them.
pub fn io_reason(error: &io::Error, lang: Lang) -> String {
    use io::ErrorKind;
    if lang == Lang::En {
        return error.to_string();
    }
    match error.kind() {
        ErrorKind::NotFound => "el archivo o la carpeta no existe".to_owned(),
        ErrorKind::PermissionDenied => "no tiene permiso para leerlo".to_owned(),
        ErrorKind::IsADirectory => "es una carpeta, no un archivo".to_owned(),
        ErrorKind::InvalidData => format!("datos no válidos ({error})"),
        ErrorKind::UnexpectedEof => "el archivo termina antes de lo esperado".to_owned(),
        ErrorKind::TimedOut => "se agotó el tiempo de espera".to_owned(),
        ErrorKind::OutOfMemory => "no hay memoria suficiente".to_owned(),
        ErrorKind::StorageFull => "el disco está lleno".to_owned(),
        _ => error.to_string(),
    }
}

/// The schema inferred for the first table of a source's tasks, or why there is none (the
/// source's first error, e.g. an empty file).
pub fn described_schema(tasks: Vec<ReportTask>, place: &str) -> Result<Schema, Error> {
    let failure = |reason: String| Error::Describe {
        place: place.to_owned(),
        reason,
    };
    let task = tasks
        .into_iter()
        .next()
        .ok_or_else(|| failure("no table found".to_owned()))?;
    match task.calidad.schema {
        Some(schema) => Ok(schema),
        None => Err(failure(
            task.errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| "no table found".to_owned()),
        )),
    }
}

/// Builds a [`Validator`].
#[derive(Clone, Debug)]
pub struct ValidatorBuilder {
    options: TableOptions,
    lang: Lang,
    read_ahead: bool,
    expect: Expectations,
    sheet: Option<String>,
    max_unpacked: u64,
    privacy: bool,
    mask: bool,
    privacy_settings: calidad_privacy::check::PrivacySettings,
    scoring: Scoring,
    /// Where `corregir` spools each table's cleaned rows (see [`fix`]).
    corrector: Option<fix::SpoolAt>,
    /// Read a file a second time to give cells to findings known only at the end.
    row_cells: bool,
}

/// What the score needs besides the table: on or off, the resource's metadata, the day it is
/// judged on.
#[derive(Clone, Debug)]
struct Scoring {
    enabled: bool,
    metadata: Option<std::sync::Arc<calidad_score::Metadata>>,
    as_of: Option<Day>,
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring {
            enabled: true,
            metadata: None,
            as_of: None,
        }
    }
}

/// Memory kept for everything but the key indexes under [`ValidatorBuilder::memory_limit`].
const MEMORY_RESERVE: u64 = 64 << 20;

/// The default memory limit: a quarter of the machine's memory (Linux' `MemTotal`), or none
/// where it cannot be read.
pub fn default_memory_limit() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib: u64 = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib.saturating_mul(1024) / 4)
}

/// One validation's share of a memory limit for `workers` validations at once (an audit's
/// threads, a server's concurrent requests), for [`ValidatorBuilder::memory_limit`]: `total`
/// split evenly. Without a split, every worker would take the whole limit. Each share keeps
/// 64 MiB for what is not an index, so a total under [`least_memory`] cannot be held.
pub fn memory_share(total: u64, workers: usize) -> u64 {
    total / workers.max(1) as u64
}

/// The least total a memory limit for `workers` validations at once can be held at: 64 MiB
/// for each one's other work and 1 MiB for its indexes.
pub fn least_memory(workers: usize) -> u64 {
    (MEMORY_RESERVE + (1 << 20)).saturating_mul(workers.max(1) as u64)
}

impl Default for ValidatorBuilder {
    fn default() -> ValidatorBuilder {
        let mut builder = ValidatorBuilder {
            options: TableOptions {
                key_memory: default_memory_limit()
                    .map(|b| b.saturating_sub(MEMORY_RESERVE).max(1 << 20)),
                ..TableOptions::default()
            },
            lang: Lang::default(),
            read_ahead: true,
            expect: Expectations::default(),
            sheet: None,
            max_unpacked: formats::packed::MAX_BYTES,
            privacy: true,
            mask: true,
            privacy_settings: calidad_privacy::check::PrivacySettings::default(),
            scoring: Scoring::default(),
            corrector: None,
            row_cells: false,
        };
        builder.refresh_plugins();
        builder
    }
}

impl ValidatorBuilder {
    /// Language of messages (Spanish by default).
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Findings kept per list; 0 keeps all (default 1000). Counts are exact either way, and the
    /// scan never stops early.
    pub fn limit_errors(mut self, limit: usize) -> Self {
        self.options.limit_errors = limit;
        self
    }

    /// Reads sources in this encoding (any WHATWG label: `utf-8`, `latin1`, `windows-1252`…)
    /// instead of detecting it.
    pub fn encoding(mut self, label: &str) -> Result<Self, Error> {
        let encoding = calidad_core::encoding::for_label(label)
            .ok_or_else(|| Error::UnknownEncoding(label.to_owned()))?;
        self.options.encoding = Some(encoding);
        Ok(self)
    }

    /// Uses this delimiter instead of sniffing it: one ASCII character, or `tab`/`\t`.
    pub fn delimiter(mut self, text: &str) -> Result<Self, Error> {
        let byte = match text {
            "tab" | "\\t" | "\t" | "TAB" => b'\t',
            other => match other.as_bytes() {
                [byte] if byte.is_ascii() && !matches!(byte, b'"' | b'\n' | b'\r') => *byte,
                _ => return Err(Error::InvalidDelimiter(text.to_owned())),
            },
        };
        self.options.delimiter = Some(byte);
        Ok(self)
    }

    /// Takes this 1-based row as the header instead of detecting it.
    pub fn header_row(mut self, row: u64) -> Result<Self, Error> {
        if row == 0 {
            return Err(Error::InvalidHeaderRow(row));
        }
        self.options.header_row = Some(row);
        Ok(self)
    }

    /// Gives `cells` to the findings known only once a file is read to its end (repeated
    /// rows and keys, inferred types' misfits) by reading the file a second time, only when
    /// there are such findings, with no check running. Frictionless' reports carry those
    /// cells, and the portal's report page highlights them; off by default, as it can double
    /// the time of a large file with repeated rows. Files only (not streams).
    pub fn row_cells(mut self, on: bool) -> Self {
        self.row_cells = on;
        self
    }

    /// Reads the table as having no header row: columns are `field1`, `field2`… and every
    /// row is data (Frictionless' `header: false`).
    pub fn no_header(mut self, no_header: bool) -> Self {
        self.options.layout.no_header = no_header;
        self
    }

    /// The header spans these 1-based rows, in increasing order: their cells are joined into
    /// the labels (Frictionless' `headerRows`); rows between them are skipped.
    pub fn header_rows(mut self, rows: &[u64]) -> Result<Self, Error> {
        let increasing = rows.windows(2).all(|pair| pair[0] < pair[1]);
        let Some((&first, more)) = rows.split_first().filter(|_| increasing) else {
            return Err(Error::InvalidHeaderRows(rows.to_vec()));
        };
        if first == 0 {
            return Err(Error::InvalidHeaderRows(rows.to_vec()));
        }
        self.options.header_row = Some(first);
        self.options.layout.more_header_rows = more.to_vec();
        Ok(self)
    }

    /// What joins the cells of a header over several rows (default a space).
    pub fn header_join(mut self, join: &str) -> Self {
        join.clone_into(&mut self.options.layout.header_join);
        self
    }

    /// Rows whose first cell starts with `mark` are comments, not data (Frictionless'
    /// `commentChar`).
    pub fn comment_char(mut self, mark: &str) -> Self {
        self.options.layout.comment_char = (!mark.is_empty()).then(|| mark.to_owned());
        self
    }

    /// These 1-based rows are comments, not data (Frictionless' `commentRows`).
    pub fn comment_rows(mut self, rows: &[u64]) -> Self {
        self.options.layout.comment_rows = rows.iter().copied().collect();
        self
    }

    /// Uses this quote character instead of sniffing it.
    pub fn quote_char(mut self, text: &str) -> Result<Self, Error> {
        match text.as_bytes() {
            [byte] if byte.is_ascii() && !matches!(byte, b'\n' | b'\r') => {
                self.options.layout.quote = Some(*byte);
                Ok(self)
            }
            _ => Err(Error::InvalidQuote(text.to_owned())),
        }
    }

    /// Skips (or keeps) spaces after a delimiter instead of sniffing whether the file has them.
    pub fn skip_initial_space(mut self, skip: bool) -> Self {
        self.options.layout.skip_initial_space = Some(skip);
        self
    }

    /// Does not report these codes or tags (such as `blank-row` or `#header`). Each code is
    /// switched on its own, whichever check emits it.
    pub fn skip_errors<S: AsRef<str>>(mut self, selectors: &[S]) -> Result<Self, Error> {
        let skip = known_selectors(selectors)?;
        std::sync::Arc::make_mut(&mut self.options.selection).skip = skip;
        Ok(self)
    }

    /// Reports only these codes or tags.
    pub fn pick_errors<S: AsRef<str>>(mut self, selectors: &[S]) -> Result<Self, Error> {
        let pick = known_selectors(selectors)?;
        std::sync::Arc::make_mut(&mut self.options.selection).pick = pick;
        Ok(self)
    }

    /// Cell content kept in memory per row (default 64 MiB); larger rows are still read and
    /// counted, and reported as `row-too-large`.
    pub fn max_row_bytes(mut self, bytes: usize) -> Self {
        self.options.max_record_bytes = bytes.max(1);
        self
    }

    /// Stops reading a table after this long; the rest is not checked and a `source-error`
    /// says so (audits give each resource a budget). No limit by default.
    pub fn time_limit(mut self, limit: std::time::Duration) -> Self {
        self.options.time_limit = Some(limit);
        self
    }

    /// Bytes read at a time (default 256 KiB; at most 128 KiB when parsing threads run). Results
    /// never depend on it; tests use tiny values to prove that.
    pub fn chunk_bytes(mut self, bytes: usize) -> Self {
        self.options.chunk_bytes = bytes.max(1);
        self
    }

    /// The memory a table's validation may use, in bytes (default: a quarter of the machine's
    /// memory, see [`default_memory_limit`]). What grows with the table is the duplicate-row
    /// and key indexes (16 bytes per row each); they get this limit less a reserve of 64 MiB
    /// for everything else (at least 1 MiB), and beyond it are sorted in runs on disk and
    /// merged at the end, with the same findings. `None` keeps them in memory however long
    /// the table.
    pub fn memory_limit(mut self, bytes: Option<u64>) -> Self {
        self.options.key_memory = bytes.map(|b| b.saturating_sub(MEMORY_RESERVE).max(1 << 20));
        self
    }

    /// Whether files and standard input are read and hashed on a second thread while this one
    /// validates (default true). Turn it off to use a single thread in all.
    pub fn read_ahead(mut self, enabled: bool) -> Self {
        self.read_ahead = enabled;
        self
    }

    /// Checks tables against this Table Schema instead of inferring one. The schema is
    /// compiled here, once, for every table the validator checks; a schema that cannot be
    /// used is `Error::Schema` with every problem.
    pub fn schema(mut self, schema: Schema) -> Result<Self, Error> {
        let compiled = schema.compile().map_err(|problems| Error::Schema {
            place: "schema".to_owned(),
            problems,
        })?;
        self.options.schema = SchemaSource::Given(Arc::new(compiled));
        Ok(self)
    }

    /// Reads the Table Schema in `path` (checked against the profile in `schemas/`) and checks
    /// tables against it.
    pub fn schema_path(self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let schema = schema::schema_from_path(path.as_ref())?;
        self.schema(schema)
    }

    /// Whether to infer a schema when none is given (default true). Without one, only
    /// structure, encoding and duplicate rows are checked.
    pub fn infer(mut self, enabled: bool) -> Self {
        if !matches!(self.options.schema, SchemaSource::Given(_)) {
            self.options.schema = if enabled {
                SchemaSource::Infer
            } else {
                SchemaSource::None
            };
        }
        self
    }

    /// Adds opt-in checks in Frictionless' syntax: `extra`, or
    /// `CODE:param=value:…` such as `forbidden-value:fieldName='name':values=['x']`.
    pub fn checks<S: AsRef<str>>(mut self, specs: &[S]) -> Result<Self, Error> {
        let compiled = registry::compile_checks(specs)?;
        self.options.checks.extend(compiled);
        Ok(self)
    }

    /// Opt-in checks given as Frictionless check descriptors (`{"type": "forbidden-value",
    /// "fieldName": "comuna", "values": ["XXX"]}`), as a Python caller or a data package passes
    /// them. A check calidad always runs (`duplicate-row`, `blank-row`…) is accepted and adds
    /// nothing.
    pub fn check_descriptors(mut self, descriptors: &[serde_json::Value]) -> Result<Self, Error> {
        use calidad_core::spec::{CheckSpec, Param};
        fn param(value: &serde_json::Value) -> Param {
            match value {
                serde_json::Value::Number(n) => Param::Number(n.as_f64().unwrap_or(0.0)),
                serde_json::Value::String(text) => Param::Text(text.clone()),
                serde_json::Value::Array(items) => Param::List(items.iter().map(param).collect()),
                other => Param::Text(other.to_string()),
            }
        }
        for descriptor in descriptors {
            let fail = |problem| CheckSpecError {
                text: descriptor.to_string(),
                problem,
            };
            let Some(code) = descriptor
                .as_object()
                .and_then(|object| object.get("type").or_else(|| object.get("code")))
                .and_then(serde_json::Value::as_str)
            else {
                return Err(fail(SpecError::NotADescriptor).into());
            };
            let object = descriptor.as_object().into_iter().flatten();
            let spec = CheckSpec {
                code: code.to_owned(),
                params: object
                    .filter(|(key, _)| !matches!(key.as_str(), "type" | "code"))
                    .map(|(key, value)| (key.clone(), param(value)))
                    .collect(),
            };
            if !registry::is_opt_in(code) && rules().any(|rule| rule.code == code) {
                continue;
            }
            let compiled = registry::compile_opt_in(&spec).map_err(fail)?;
            self.options.checks.push(compiled);
        }
        Ok(self)
    }

    /// Infers the schema from the first `rows` data rows only, then checks the remaining rows
    /// against it (default: inference reads every row). Bounds the time and memory inference
    /// takes on huge files; the findings are the same kind either way.
    pub fn infer_rows(mut self, rows: u64) -> Self {
        self.options.infer_rows = Some(rows.max(1));
        self
    }

    /// Threads that check each table, the calling one included (default: one per core, at
    /// least two). With 1 everything runs on the calling thread; with more, worker threads run
    /// the schema checks and the per-cell column checks while the calling thread parses.
    /// Reports are byte-identical whatever the number; 0 means the default.
    pub fn threads(mut self, threads: usize) -> Self {
        self.options.threads = if threads == 0 {
            calidad_core::engine::default_threads()
        } else {
            threads
        };
        self
    }

    /// Expects the file to have this many bytes (`byte-count` otherwise).
    pub fn expect_bytes(mut self, bytes: u64) -> Self {
        self.expect.bytes = Some(bytes);
        self
    }

    /// Expects this many data rows (`row-count` otherwise).
    pub fn expect_rows(mut self, rows: u64) -> Self {
        self.expect.rows = Some(rows);
        self
    }

    /// Expects this many header fields (`field-count` otherwise).
    pub fn expect_fields(mut self, fields: u64) -> Self {
        self.expect.fields = Some(fields);
        self
    }

    /// Expects this hash, `sha256:HEX` or `md5:HEX` (`hash-count` otherwise).
    pub fn expect_hash(mut self, hash: &str) -> Result<Self, Error> {
        let parsed = Expectations::parse_hash(hash)?;
        self.expect.hash = Some(parsed);
        Ok(self)
    }

    /// The most a compressed file may decompress to (default 4 GiB; below 256 MiB, any ratio
    /// is allowed, above it at most 100 to 1). Past it, reading stops with a `source-error`.
    pub fn max_unpacked_bytes(mut self, bytes: u64) -> Self {
        self.max_unpacked = bytes;
        self
    }

    /// Whether to report personal and sensitive data (default true). Off, the privacy check
    /// still runs so that the report can be masked; only its findings and block are left out.
    pub fn privacy(mut self, enabled: bool) -> Self {
        self.privacy = enabled;
        self.refresh_plugins();
        self
    }

    /// Whether every string of the report passes the masking gate (default true): personal
    /// identifiers found in any cell, label, message or advice are masked, and every value of
    /// a column found to hold personal data. Turn it off only to inspect a file of your own on
    /// your own machine (`--no-mask`); never for reports that others read.
    pub fn mask(mut self, enabled: bool) -> Self {
        self.mask = enabled;
        self.refresh_plugins();
        self
    }

    /// Whether the privacy check keeps up to three raw values of each column it flags, for a
    /// text report on the publisher's own screen (default false). They ride in
    /// [`Added::revealed`], which is never serialised: no JSON, file, audit output or AI
    /// request can carry them.
    pub fn reveal(mut self, enabled: bool) -> Self {
        self.privacy_settings.reveal = enabled;
        self.refresh_plugins();
        self
    }

    /// Whether to compute the 1–10 quality score of every task (default true).
    pub fn score(mut self, enabled: bool) -> Self {
        self.scoring.enabled = enabled;
        self.refresh_plugins();
        self
    }

    /// The resource's CKAN metadata, for the score's metadata indicators (licence, description,
    /// frequency, declared format and size…).
    pub fn metadata(mut self, metadata: calidad_score::Metadata) -> Self {
        self.scoring.metadata = Some(std::sync::Arc::new(metadata));
        self
    }

    /// Reads the resource's CKAN metadata from a `package_show` JSON file; `data_file` picks
    /// the resource (by URL or name) when the dataset has several.
    pub fn metadata_path(self, path: &Path, data_file: &str) -> Result<Self, Error> {
        let place = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Open {
            path: path.to_owned(),
            source,
        })?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::Metadata {
            place: place.clone(),
            problem: calidad_score::metadata::MetadataError::NotJson(e.to_string()),
        })?;
        self.metadata_json(&json, data_file, &place)
    }

    /// The resource's CKAN metadata from a `package_show` answer already parsed (a catalogue
    /// export holds many); `place` names it in errors.
    pub fn metadata_json(
        self,
        json: &serde_json::Value,
        data_file: &str,
        place: &str,
    ) -> Result<Self, Error> {
        let metadata = calidad_score::Metadata::from_ckan(json, data_file).map_err(|problem| {
            Error::Metadata {
                place: place.to_owned(),
                problem,
            }
        })?;
        Ok(self.metadata(metadata))
    }

    /// The day the table is judged on (`YYYY-MM-DD`): the freshness of its metadata and the
    /// ages its dates of birth imply. The library never reads the clock: without it, freshness
    /// is not judged and any year from 1900 to 2100 may be a year of birth. The command-line
    /// program and the Python package pass today's date.
    pub fn as_of(mut self, date: &str) -> Result<Self, Error> {
        let day = Day::parse(date).ok_or_else(|| Error::InvalidDate(date.to_owned()))?;
        self.scoring.as_of = Some(day);
        self.privacy_settings.as_of_year = Some(day.year());
        self.refresh_plugins();
        Ok(self)
    }

    /// Columns whose personal data are published on a legal basis (officials' names and
    /// salaries under Transparencia Activa): reported as `personal-data-allowed` notices
    /// instead of errors, values still masked.
    pub fn allow_fields<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.privacy_settings.allowed = names.iter().map(|n| n.as_ref().to_owned()).collect();
        self.refresh_plugins();
        self
    }

    /// Analyses re-identification risk over these columns instead of the ones found from the
    /// headers (and even when the table looks aggregated).
    pub fn quasi_identifiers<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.privacy_settings.quasi_identifiers =
            (!names.is_empty()).then(|| names.iter().map(|n| n.as_ref().to_owned()).collect());
        self.refresh_plugins();
        self
    }

    /// The checks and profilers of other crates the settings ask for: privacy, and the column
    /// profile behind the score.
    fn refresh_plugins(&mut self) {
        self.options.plugin_checks = if self.privacy || self.mask {
            vec![calidad_privacy::check::factory(
                self.privacy_settings.clone(),
            )]
        } else {
            Vec::new()
        };
        self.options.profilers = if self.scoring.enabled {
            vec![calidad_score::profile::factory()]
        } else {
            Vec::new()
        };
        if let Some(at) = &self.corrector {
            self.options
                .profilers
                .push(fix::spooler_factory(at.clone()));
        }
    }

    /// Also writes each table's data rows, cleaned, to a spool (a file in a folder, or
    /// memory), for [`fix::fix_path`] (`calidad corregir`) and [`fix::fix_reader`].
    pub(crate) fn corrector(mut self, at: fix::SpoolAt) -> Self {
        self.corrector = Some(at);
        self.refresh_plugins();
        self
    }

    /// Reads only this sheet of workbooks (by default every sheet is a task).
    pub fn sheet(mut self, name: &str) -> Self {
        self.sheet = Some(name.to_owned());
        self
    }

    /// The validator.
    pub fn build(self) -> Validator {
        Validator {
            options: self.options,
            lang: self.lang,
            read_ahead: self.read_ahead,
            expect: self.expect,
            sheet: self.sheet,
            max_unpacked: self.max_unpacked,
            privacy: self.privacy,
            mask: self.mask,
            privacy_settings: self.privacy_settings,
            scoring: self.scoring,
            corrector: self.corrector,
            row_cells: self.row_cells,
        }
    }
}

/// Every code calidad reports, joined once from each crate's own list: the engine's, the
/// privacy checks', the score's and the metadata checks'.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    registry::all()
        .chain(calidad_privacy::RULES.iter().copied())
        .chain(calidad_score::RULES.iter().copied())
        .chain(metadata::RULES.iter().copied())
}

fn known_selectors<S: AsRef<str>>(selectors: &[S]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for selector in selectors {
        let selector = selector.as_ref().trim();
        if selector.is_empty() {
            continue;
        }
        let known = rules().any(|rule| rule.code == selector || rule.tags.contains(&selector));
        if !known {
            return Err(Error::UnknownCode(selector.to_owned()));
        }
        out.push(selector.to_owned());
    }
    Ok(out)
}

/// Validates sources with fixed options. Cheap to share: validation takes `&self`.
#[derive(Clone, Debug)]
pub struct Validator {
    options: TableOptions,
    lang: Lang,
    read_ahead: bool,
    expect: Expectations,
    sheet: Option<String>,
    max_unpacked: u64,
    privacy: bool,
    mask: bool,
    privacy_settings: calidad_privacy::check::PrivacySettings,
    scoring: Scoring,
    corrector: Option<fix::SpoolAt>,
    row_cells: bool,
}

impl Default for Validator {
    fn default() -> Validator {
        ValidatorBuilder::default().build()
    }
}

impl Validator {
    /// A builder that starts from this validator's settings (the privacy plug-in included).
    fn into_builder(self) -> ValidatorBuilder {
        ValidatorBuilder {
            options: self.options,
            lang: self.lang,
            read_ahead: self.read_ahead,
            expect: self.expect,
            sheet: self.sheet,
            max_unpacked: self.max_unpacked,
            privacy: self.privacy,
            mask: self.mask,
            privacy_settings: self.privacy_settings,
            scoring: self.scoring,
            corrector: self.corrector,
            row_cells: self.row_cells,
        }
    }

    /// Adds the quality score to tasks (when enabled and the quality-score code is not
    /// skipped).
    pub(crate) fn score_tasks(&self, tasks: &mut [ReportTask]) {
        self.warn_unknown_fields(tasks);
        if !self.scoring.enabled || !self.options.enabled(&calidad_score::rubric::QUALITY_SCORE) {
            return;
        }
        let context = calidad_score::rubric::Context {
            metadata: self.scoring.metadata.as_deref(),
            as_of: self.scoring.as_of,
            privacy_checked: self.privacy,
            lang: self.lang,
        };
        for task in tasks {
            // A documentation sheet is not a table: nothing to score.
            if task
                .calidad
                .error_counts
                .contains_key(calidad_core::rules::not_a_table::NOT_A_TABLE.code)
            {
                continue;
            }
            let added = &task.calidad.added;
            let score = calidad_score::score(
                task,
                added.profile.as_ref(),
                added.privacy.as_ref(),
                &context,
            );
            task.calidad.added.score = Some(ScoreBlock { score, ai: None });
            if self.mask {
                gate::mask_score(task);
            }
        }
    }

    /// A column named with `--allow-field` or `--quasi-identifiers` that a table lacks is
    /// said in that table's warnings (a typo would otherwise change nothing, silently).
    fn warn_unknown_fields(&self, tasks: &mut [ReportTask]) {
        let settings = &self.privacy_settings;
        let named = settings.allowed.iter().map(|n| ("--allow-field", n)).chain(
            settings
                .quasi_identifiers
                .iter()
                .flatten()
                .map(|n| ("--quasi-identifiers", n)),
        );
        for (option, name) in named {
            for task in tasks.iter_mut() {
                if task.labels.is_empty() || task.labels.iter().any(|l| l.trim() == name) {
                    continue;
                }
                task.warnings.push(match self.lang {
                    Lang::Es => format!("{option} «{name}» no es una columna de esta tabla"),
                    Lang::En => format!("{option} «{name}» is not a column of this table"),
                });
                task.stats.warnings = task.warnings.len() as u64;
            }
        }
    }

    fn with_delimiter(self, text: &str) -> Result<Validator, Error> {
        Ok(self.into_builder().delimiter(text)?.build())
    }

    fn with_encoding(self, label: &str) -> Result<Validator, Error> {
        Ok(self.into_builder().encoding(label)?.build())
    }

    /// Validates a data package (`datapackage.json`): one task per resource, each with its own
    /// schema, foreign keys checked across resources.
    pub fn validate_package(&self, descriptor: impl AsRef<Path>) -> Result<Report, Error> {
        let started = Instant::now();
        let tasks = self.package_tasks(descriptor.as_ref())?;
        Ok(Report::from_tasks(tasks, started.elapsed().as_secs_f64()))
    }

    /// Starts building a validator.
    pub fn builder() -> ValidatorBuilder {
        ValidatorBuilder::default()
    }

    /// The language messages are written in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Validates one file.
    pub fn validate_path(&self, path: impl AsRef<Path>) -> Result<Report, Error> {
        let started = Instant::now();
        let tasks = self.tasks_for_path(path.as_ref())?;
        Ok(Report::from_tasks(tasks, started.elapsed().as_secs_f64()))
    }

    /// Validates several files into one report (one task each). Fails before reading anything if
    /// one of them cannot be opened.
    pub fn validate_paths<P: AsRef<Path>>(&self, paths: &[P]) -> Result<Report, Error> {
        let started = Instant::now();
        for path in paths {
            open(path.as_ref())?;
        }
        let mut tasks = Vec::with_capacity(paths.len());
        for path in paths {
            tasks.extend(self.tasks_for_path(path.as_ref())?);
        }
        Ok(Report::from_tasks(tasks, started.elapsed().as_secs_f64()))
    }

    /// Validates any byte stream. `name` names the task; `place` says where it came from.
    pub fn validate_reader(&self, reader: impl Read, name: &str, place: &str) -> Report {
        let started = Instant::now();
        let mut tasks = vec![self.task(reader, name, place)];
        self.score_tasks(&mut tasks);
        Report::from_tasks(tasks, started.elapsed().as_secs_f64())
    }

    /// Validates bytes already in memory.
    pub fn validate_bytes(&self, bytes: &[u8], name: &str) -> Report {
        self.validate_reader(bytes, name, name)
    }

    /// Validates one file into a report task (a workbook's first sheet; see
    /// [`Validator::tasks_for_path`] for all of them).
    pub fn task_for_path(&self, path: &Path) -> Result<ReportTask, Error> {
        let mut tasks = self.tasks_for_path(path)?;
        Ok(tasks.swap_remove(0))
    }

    /// Validates one file into its tasks: one for a text table or JSON, one per sheet of a
    /// workbook, one per table in a ZIP archive. The format is recognised by content.
    pub fn tasks_for_path(&self, path: &Path) -> Result<Vec<ReportTask>, Error> {
        let mut tasks = self.read_path_tasks(path)?;
        if self.row_cells {
            self.fill_row_cells(path, &mut tasks);
        }
        self.score_tasks(&mut tasks);
        Ok(tasks)
    }

    /// Reads the rows of `tasks`' late findings (see [`ValidatorBuilder::row_cells`]) from
    /// `path` again, with no check running, and gives those findings their cells, masked.
    /// Nothing changes when the second reading does not give the same tables.
    fn fill_row_cells(&self, path: &Path, tasks: &mut [ReportTask]) {
        let late = |e: &ReportError| {
            e.cells.is_none() && e.row_number.is_some() && LATE_ROW_CODES.contains(&e.code.as_str())
        };
        let rows: std::collections::BTreeSet<u64> = tasks
            .iter()
            .flat_map(|t| t.errors.iter().chain(&t.calidad.findings))
            .filter(|e| late(e))
            .filter_map(|e| e.row_number)
            .collect();
        if rows.is_empty() {
            return;
        }
        let mut reader = self.clone();
        reader.row_cells = false;
        reader.privacy = false;
        reader.corrector = None;
        reader.expect = Expectations::default();
        reader.options.capture_rows = Some(std::sync::Arc::new(rows));
        // No code is picked by a tag no rule has: no check, inference or index runs.
        reader.options.selection = std::sync::Arc::new(calidad_core::rule::Selection {
            pick: vec!["#calidad-no-check".to_owned()],
            skip: Vec::new(),
        });
        reader.options.checks.clear();
        reader.options.plugin_checks.clear();
        reader.options.profilers.clear();
        let Ok(again) = reader.read_path_tasks(path) else {
            return;
        };
        if again.len() != tasks.len() {
            return;
        }
        for (task, again) in tasks.iter_mut().zip(again) {
            let Some(captured) = again.calidad.added.captured else {
                continue;
            };
            if again.name != task.name {
                continue;
            }
            for error in task
                .errors
                .iter_mut()
                .chain(task.calidad.findings.iter_mut())
            {
                if !late(error) {
                    continue;
                }
                let Some(read) = error.row_number.and_then(|row| captured.0.0.get(&row)) else {
                    continue;
                };
                let mut cells = read.clone();
                if self.mask {
                    calidad_privacy::check::mask_row(&mut cells, &task.calidad.added.flagged);
                }
                let offset = task.calidad.added.column_offset;
                let slot = error
                    .field_number
                    .and_then(|n| n.checked_sub(offset + 1))
                    .map(|i| i as usize)
                    .filter(|&i| i < cells.len());
                match (&error.cell, slot) {
                    // The error's own cell, masked by the first reading, stands in its place.
                    (Some(cell), Some(i)) => cells[i] = cell.clone(),
                    // A repeated value names its cell, as Frictionless' cell errors do.
                    (None, Some(i)) => error.cell = Some(cells[i].clone()),
                    _ => {}
                }
                error.cells = Some(cells);
                if self.mask {
                    gate::mask_error(error);
                }
            }
        }
    }

    /// [`Validator::tasks_for_path`] without the score and the second reading.
    fn read_path_tasks(&self, path: &Path) -> Result<Vec<ReportTask>, Error> {
        let mut file = open(path)?;
        let name = task_name(path);
        let place = path.display().to_string();
        let mut head = Vec::with_capacity(formats::HEAD_BYTES);
        (&mut file)
            .take(formats::HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|source| Error::Open {
                path: path.to_owned(),
                source,
            })?;
        let misnamed = formats::misnamed(path, &head);
        let expected_size = file.metadata().map(|m| m.len()).ok();
        let container = formats::container_named(path, &head);
        if let Some(sheet) = &self.sheet
            && !matches!(
                container,
                Some(
                    calidad_core::finding::FileKind::Xlsx
                        | calidad_core::finding::FileKind::Ods
                        | calidad_core::finding::FileKind::Ole2
                        | calidad_core::finding::FileKind::SpreadsheetMl
                )
            )
        {
            return Err(Error::SheetOfNoWorkbook {
                sheet: sheet.clone(),
                path: path.to_owned(),
            });
        }
        let mut tasks = match container {
            Some(kind) => {
                let mut bytes = head;
                let limit = formats::limits::whole_limit(kind);
                (&mut file)
                    .take((limit + 1).saturating_sub(bytes.len() as u64))
                    .read_to_end(&mut bytes)
                    .map_err(|source| Error::Open {
                        path: path.to_owned(),
                        source,
                    })?;
                if bytes.len() as u64 > limit {
                    vec![self.too_large_to_read_whole(kind, &name, &place)]
                } else {
                    self.container_tasks(kind, &bytes, &name, &place, 0)?
                }
            }
            None => {
                let source = io::Cursor::new(head).chain(file);
                let mut task = self.task_read_ahead(source, &name, &place)?;
                // A file that shrank or grew while it was read (being written, truncated): what
                // was read is reported, and says so.
                if let Some(expected) = expected_size
                    && expected != task.stats.bytes
                {
                    let finding = calidad_core::Finding::new(
                        &calidad_core::rules::source_error::SOURCE_ERROR,
                    )
                    .with_detail(calidad_core::finding::Detail::Source {
                        problem: calidad_core::finding::SourceProblem::Io(format!(
                            "the file changed while it was read ({} bytes read of the {expected} it had when opened)",
                            task.stats.bytes
                        )),
                    });
                    if self.options.enabled(finding.rule) {
                        add_finding(&mut task, &finding, self.lang);
                    }
                }
                vec![task]
            }
        };
        if let (Some(finding), Some(first)) = (misnamed, tasks.first_mut())
            && self.options.enabled(finding.rule)
        {
            add_finding(first, &finding, self.lang);
        }
        Ok(tasks)
    }

    /// Validates standard input.
    pub fn validate_stdin(&self) -> Result<Report, Error> {
        let started = Instant::now();
        let task = self.task_for_stdin()?;
        Ok(Report::from_tasks(
            vec![task],
            started.elapsed().as_secs_f64(),
        ))
    }

    /// Validates standard input into a report task (named `stdin`, place `-`).
    pub fn task_for_stdin(&self) -> Result<ReportTask, Error> {
        let mut tasks = self.tasks_for_stdin()?;
        Ok(tasks.swap_remove(0))
    }

    /// Validates standard input into its tasks, recognising the format by content as for files.
    pub fn tasks_for_stdin(&self) -> Result<Vec<ReportTask>, Error> {
        self.tasks_for_reader(io::stdin(), "stdin", "-")
    }

    /// Validates any byte stream into its tasks, recognising the format by content as for
    /// files (a workbook or archive is read whole, as it must be; a text table is streamed). A
    /// read error becomes a `source-error` in the report, not an `Err`.
    pub fn tasks_for_reader<R: Read + Send + 'static>(
        &self,
        source: R,
        name: &str,
        place: &str,
    ) -> Result<Vec<ReportTask>, Error> {
        let mut tasks = self.unscored_tasks_for_reader(source, name, place)?;
        self.score_tasks(&mut tasks);
        Ok(tasks)
    }

    /// Like [`Validator::tasks_for_reader`], for a source that cannot cross threads (a
    /// browser's `Blob` read slice by slice): everything runs on the calling thread, and the
    /// SHA-256 is computed in line instead of on a reading thread.
    pub fn tasks_for_local_reader<R: Read>(
        &self,
        source: R,
        name: &str,
        place: &str,
    ) -> Result<Vec<ReportTask>, Error> {
        let mut tasks =
            self.unscored_tasks_with(source, name, place, |text| Ok(self.task(text, name, place)))?;
        self.score_tasks(&mut tasks);
        Ok(tasks)
    }

    fn unscored_tasks_for_reader<R: Read + Send + 'static>(
        &self,
        source: R,
        name: &str,
        place: &str,
    ) -> Result<Vec<ReportTask>, Error> {
        self.unscored_tasks_with(source, name, place, |text| {
            self.task_read_ahead(text, name, place)
        })
    }

    /// Recognises the format by content: a workbook or archive is read whole, a text table is
    /// handed to `text` as a stream (the head already read, then the rest).
    fn unscored_tasks_with<R: Read>(
        &self,
        mut source: R,
        name: &str,
        place: &str,
        text: impl FnOnce(io::Chain<io::Cursor<Vec<u8>>, R>) -> Result<ReportTask, Error>,
    ) -> Result<Vec<ReportTask>, Error> {
        let mut head = Vec::with_capacity(formats::HEAD_BYTES);
        let read = (&mut source)
            .take(formats::HEAD_BYTES as u64)
            .read_to_end(&mut head);
        if let Err(error) = read {
            let failing = io::Cursor::new(head).chain(FailingReader(Some(error)));
            return Ok(vec![self.task(failing, name, place)]);
        }
        match formats::container(&head) {
            Some(kind) => {
                let mut bytes = head;
                let limit = formats::limits::whole_limit(kind);
                let left = (limit + 1).saturating_sub(bytes.len() as u64);
                if let Err(error) = (&mut source).take(left).read_to_end(&mut bytes) {
                    let failing = io::Cursor::new(bytes).chain(FailingReader(Some(error)));
                    return Ok(vec![self.task(failing, name, place)]);
                }
                if bytes.len() as u64 > limit {
                    return Ok(vec![self.too_large_to_read_whole(kind, name, place)]);
                }
                self.container_tasks(kind, &bytes, name, place, 0)
            }
            None => Ok(vec![text(io::Cursor::new(head).chain(source))?]),
        }
    }

    /// Like [`Validator::task`], but a second thread reads ahead and computes the SHA-256 while
    /// this one validates, so hashing costs no validation time.
    fn task_read_ahead<R: Read + Send + 'static>(
        &self,
        source: R,
        name: &str,
        place: &str,
    ) -> Result<ReportTask, Error> {
        if !self.read_ahead {
            return Ok(self.task(source, name, place));
        }
        let started = Instant::now();
        let md5 = Md5Tee::new(source, self.expect.needs_md5());
        let digest = md5.digest_handle();
        let mut reader = ReadAhead::spawn(md5, self.options.chunk_bytes).map_err(Error::Thread)?;
        let options = TableOptions {
            hash: false,
            ..self.options.clone()
        };
        let mut outcome = check_table(&mut reader, &options);
        outcome.sha256 = reader.digest();
        Ok(self.finish_task(outcome, &digest, name, place, started))
    }

    /// Validates a byte stream into a report task.
    pub fn task(&self, reader: impl Read, name: &str, place: &str) -> ReportTask {
        let started = Instant::now();
        let md5 = Md5Tee::new(reader, self.expect.needs_md5());
        let digest = md5.digest_handle();
        let outcome = check_table(md5, &self.options);
        self.finish_task(outcome, &digest, name, place, started)
    }

    /// Checks the declared facts and renders the task.
    fn finish_task(
        &self,
        mut outcome: calidad_core::TableOutcome,
        md5: &Md5Digest,
        name: &str,
        place: &str,
        started: Instant,
    ) -> ReportTask {
        let offset = outcome.column_offset;
        let summary = outcome.take_profile::<calidad_privacy::PrivacySummary>();
        // The privacy check runs whatever codes are picked (its summary names the columns
        // to mask); without it (a format with no table) the findings say.
        let flagged = match &summary {
            Some(summary) => summary.flagged.clone(),
            None => calidad_privacy::check::flagged_columns(&outcome.findings, offset),
        };
        if self.mask {
            calidad_privacy::check::mask_findings(&mut outcome.findings, &flagged, offset);
            gate::mask_findings(&mut outcome.findings);
        }
        let privacy = if self.privacy {
            calidad_privacy::block(&outcome.findings, summary.as_ref())
        } else {
            // The privacy check ran only so its columns could be masked.
            outcome.findings.drop_codes(calidad_privacy::RULES);
            None
        };
        let profile = outcome.take_profile::<calidad_score::TableProfile>();
        let spooled = outcome.take_profile::<fix::Spooled>();
        let captured = outcome.take_profile::<calidad_core::engine::CapturedCells>();
        if !self.expect.is_empty() {
            let md5 = md5.hex();
            self.expect.check(&mut outcome, md5.as_deref(), |rule| {
                self.options.enabled(rule)
            });
            outcome.findings.sort_by_position();
        }
        let meta = report::TaskMeta {
            name: name.to_owned(),
            place: place.to_owned(),
            seconds: started.elapsed().as_secs_f64(),
        };
        let mut task: ReportTask = report::into_task(outcome, &meta, self.lang);
        task.calidad.added.privacy = privacy;
        if self.privacy && self.privacy_settings.reveal {
            task.calidad.added.revealed =
                added::Revealed(summary.map(|s| s.revealed).unwrap_or_default());
        }
        task.calidad.added.profile = profile;
        task.calidad.added.spooled = spooled;
        task.calidad.added.captured = captured.map(added::Captured);
        task.calidad.added.flagged = flagged;
        task.calidad.added.column_offset = offset;
        let width = task.labels.len();
        let detailed = calidad_core::schema::infer::MAX_INFERRED_COLUMNS;
        if width > detailed {
            let (n, m) = (
                self.lang.count(width as u64),
                self.lang.count(detailed as u64),
            );
            task.warnings.push(match self.lang {
                Lang::Es => format!(
                    "la tabla tiene {n} columnas: el esquema inferido, el perfil y los conteos por columna (tipos mezclados, marcadores de dato faltante, fechas como número, espacios dobles en las celdas) cubren las primeras {m}"
                ),
                Lang::En => format!(
                    "the table has {n} columns: the inferred schema, the profile and the per-column counts (mixed types, placeholders, serial dates, doubled spaces in cells) cover the first {m}"
                ),
            });
            task.stats.warnings = task.warnings.len() as u64;
        }
        if self.mask {
            gate::mask_task(&mut task);
        }
        task
    }
}

/// Row findings made without their row's cells at hand: known only once the table is read to
/// its end (repeated rows and keys, inferred types' misfits), or made by a check that keeps
/// only the cell it is about (personal data written in free text).
const LATE_ROW_CODES: [&str; 5] = [
    "duplicate-row",
    "unique-error",
    "primary-key",
    "type-error",
    "personal-data-in-text",
];

/// Adds a finding made outside the engine to a rendered task (first, as file-level findings
/// come first), keeping its counts and validity right.
pub(crate) fn add_finding(task: &mut ReportTask, finding: &calidad_core::Finding, lang: Lang) {
    let mut rendered = report::render_finding(finding, lang);
    gate::mask_error(&mut rendered);
    *task
        .calidad
        .error_counts
        .entry(rendered.code.clone())
        .or_insert(0) += 1;
    if rendered.severity == Severity::Error {
        task.errors.insert(0, rendered);
        task.stats.errors += 1;
        task.valid = false;
    } else {
        task.warnings.insert(0, rendered.message.clone());
        task.stats.warnings += 1;
        task.calidad.findings.insert(0, rendered);
    }
}

/// A reader that fails once with the error another read gave, so a failure while peeking
/// still reaches the engine as a `source-error`.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(error) => Err(error),
            None => Ok(0),
        }
    }
}

/// The MD5 of `bytes` when `enabled`, in the form [`Validator::finish_task`] takes.
pub(crate) fn md5_of(bytes: &[u8], enabled: bool) -> Md5Digest {
    use md5::Digest;
    let state = enabled.then(|| {
        let mut hasher = md5::Md5::new();
        hasher.update(bytes);
        hasher
    });
    std::sync::Arc::new(std::sync::Mutex::new(state))
}

/// The MD5 of what a [`Md5Tee`] read, shared with whoever reads it.
type Md5Digest = std::sync::Arc<std::sync::Mutex<Option<md5::Md5>>>;

/// Passes bytes through and, when asked, computes their MD5 on the way (only declared MD5
/// hashes need it; calidad's own hash is SHA-256).
struct Md5Tee<R> {
    inner: R,
    state: Md5Digest,
}

impl<R: Read> Md5Tee<R> {
    fn new(inner: R, enabled: bool) -> Md5Tee<R> {
        use md5::Digest;
        Md5Tee {
            inner,
            state: std::sync::Arc::new(std::sync::Mutex::new(enabled.then(md5::Md5::new))),
        }
    }

    fn digest_handle(&self) -> Md5Digest {
        self.state.clone()
    }
}

impl<R: Read> Read for Md5Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use md5::Digest;
        let n = self.inner.read(buf)?;
        if let Ok(mut state) = self.state.lock()
            && let Some(hasher) = state.as_mut()
        {
            hasher.update(&buf[..n]);
        }
        Ok(n)
    }
}

trait Md5Hex {
    fn hex(&self) -> Option<String>;
}

impl Md5Hex for Md5Digest {
    fn hex(&self) -> Option<String> {
        use md5::Digest;
        let state = self.lock().ok()?.take()?;
        Some(calidad_core::engine::hex(&state.finalize()))
    }
}

fn open(path: &Path) -> Result<File, Error> {
    // A FIFO or a device would block or never end: only regular files are read (looked at
    // before opening, since opening a FIFO already blocks).
    let meta = std::fs::metadata(path).map_err(|source| Error::Open {
        path: path.to_owned(),
        source,
    })?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(Error::NotAFile(path.to_owned()));
    }
    let file = File::open(path).map_err(|source| Error::Open {
        path: path.to_owned(),
        source,
    })?;
    let is_dir = file.metadata().map(|m| m.is_dir()).unwrap_or(false);
    if is_dir {
        return Err(Error::IsDirectory(path.to_owned()));
    }
    Ok(file)
}

/// The task name Frictionless uses: the file name without its extension.
pub fn task_name(path: &Path) -> String {
    path.file_stem()
        .or_else(|| path.file_name())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memory_limit_is_shared_between_workers() {
        assert_eq!(memory_share(1_000, 4), 250);
        assert_eq!(memory_share(1_000, 0), 1_000);
        assert_eq!(least_memory(2), 130 << 20);
    }

    #[test]
    fn check_descriptors_work_like_specs() {
        let forbidden = serde_json::json!({"type": "forbidden-value", "fieldName": "comuna", "values": ["XXX"]});
        let validator = Validator::builder()
            .check_descriptors(&[forbidden, serde_json::json!({"type": "duplicate-row"})])
            .map(ValidatorBuilder::build);
        let Ok(validator) = validator else {
            panic!("descriptors rejected");
        };
        let report = validator.validate_bytes(b"id,comuna\n1,Arica\n2,XXX\n", "t.csv");
        let counts = &report.tasks[0].calidad.error_counts;
        assert_eq!(counts.get("forbidden-value"), Some(&1), "{counts:?}");
        for bad in [
            serde_json::json!({"type": "no-such-check"}),
            serde_json::json!({"fieldName": "x"}),
            serde_json::json!("forbidden-value"),
            serde_json::json!({"type": "forbidden-value"}),
        ] {
            assert!(matches!(
                Validator::builder().check_descriptors(&[bad]),
                Err(Error::InvalidCheck(_))
            ));
        }
    }

    #[test]
    fn options_are_checked() {
        assert!(matches!(
            Validator::builder().encoding("klingon"),
            Err(Error::UnknownEncoding(_))
        ));
        assert!(matches!(
            Validator::builder().delimiter(";;"),
            Err(Error::InvalidDelimiter(_))
        ));
        assert!(Validator::builder().delimiter("tab").is_ok());
        assert!(matches!(
            Validator::builder().skip_errors(&["no-such-code"]),
            Err(Error::UnknownCode(_))
        ));
        assert!(
            Validator::builder()
                .pick_errors(&["#header", "blank-row"])
                .is_ok()
        );
        assert!(matches!(
            Validator::builder().header_row(0),
            Err(Error::InvalidHeaderRow(0))
        ));
    }

    #[test]
    fn missing_file_is_an_error_not_a_report() {
        let error = Validator::default()
            .validate_path("/no/such/file.csv")
            .expect_err("missing file");
        assert!(error.to_string().contains("/no/such/file.csv"));
        let error = Validator::default()
            .validate_path(".")
            .expect_err("directory");
        assert!(matches!(error, Error::IsDirectory(_) | Error::Open { .. }));
    }

    #[test]
    fn pick_and_skip() {
        let csv = b"id,name,,name\n1,english\n1,english\n\n2,german,1,2,3\n";
        let picked = Validator::builder()
            .pick_errors(&["#header"])
            .unwrap()
            .build()
            .validate_bytes(csv, "invalid");
        let codes: Vec<&str> = picked.tasks[0]
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(codes, ["blank-label", "duplicate-label"]);
        let skipped = Validator::builder()
            .skip_errors(&["missing-cell", "#header"])
            .unwrap()
            .build()
            .validate_bytes(csv, "invalid");
        let codes: Vec<&str> = skipped.tasks[0]
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(codes, ["duplicate-row", "blank-row", "extra-cell"]);
    }

    #[test]
    fn inference_can_stop_after_a_row_cap() {
        let mut csv = String::from("id;fecha\n");
        for i in 1..=20 {
            csv.push_str(&format!("{i};{:02}-03-2024\n", i));
        }
        csv.push_str("x;pronto\n");
        let errors = |validator: Validator| {
            let report = validator.validate_bytes(csv.as_bytes(), "t");
            let task = &report.tasks[0];
            assert_eq!(task.calidad.schema_source.as_deref(), Some("inferred"));
            task.errors
                .iter()
                .map(|e| (e.code.clone(), e.row_number, e.field_number))
                .collect::<Vec<_>>()
        };
        let expected = vec![
            ("type-error".to_owned(), Some(22), Some(1)),
            ("type-error".to_owned(), Some(22), Some(2)),
        ];
        assert_eq!(errors(Validator::default()), expected);
        assert_eq!(errors(Validator::builder().infer_rows(5).build()), expected);
        let capped = Validator::builder()
            .infer_rows(5)
            .build()
            .validate_bytes(csv.as_bytes(), "t");
        let schema = capped.tasks[0].calidad.schema.as_ref().unwrap();
        assert_eq!(schema.fields[1].format.as_deref(), Some("%d-%m-%Y"));
    }
}
