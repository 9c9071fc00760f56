//! `calidad corregir`: a corrected copy of a table, never the table itself.
//!
//! The validation pass already knows which rows are data: title rows, a second header row, a
//! description row, a footer and spreadsheet padding never reach the checks, and a trailing
//! delimiter's empty column is dropped. A profiler in that same pass (`Spooler`) writes each
//! data row, cleaned cell by cell (trimmed, doubled spaces made one, mojibake repaired, blank
//! rows left out), to a spool file beside the output. At the end, with the schema inferred from
//! every row, [`fix_path`] writes the final CSV — dates in ISO 8601, decimal points, text
//! placeholders made empty — its Table Schema, and a log of every change with its count.

use crate::{Error, Lang, ValidatorBuilder};
use calidad_core::check::{Header, Profiler, Row};
use calidad_core::engine::ProfilerFactory;
use calidad_core::rules::{mojibake, placeholder_values};
use calidad_core::schema::value::{NumberFormat, Pattern, parse_number};
use calidad_core::schema::{Field, FieldType, Schema};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a table's cleaned rows wait for the final CSV: a file beside the output (the CLI), or
/// memory (a browser page, which has no files).
#[derive(Clone, PartialEq)]
pub enum Spool {
    /// A spool file, removed once the copy is written.
    File(PathBuf),
    /// The rows themselves.
    Memory(Arc<Vec<u8>>),
}

impl std::fmt::Debug for Spool {
    /// Never the rows: a debug print of a task must not carry raw data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Spool::File(path) => write!(f, "Spool::File({})", path.display()),
            Spool::Memory(bytes) => write!(f, "Spool::Memory({} bytes)", bytes.len()),
        }
    }
}

impl Default for Spool {
    fn default() -> Spool {
        Spool::Memory(Arc::new(Vec::new()))
    }
}

impl Spool {
    fn place(&self) -> PathBuf {
        match self {
            Spool::File(path) => path.clone(),
            Spool::Memory(_) => PathBuf::from("(memoria)"),
        }
    }

    fn remove(&self) {
        if let Spool::File(path) = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Where the spooling profiler writes: a spool folder, or memory.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SpoolAt {
    Dir(PathBuf),
    Memory,
}

/// What the spooling profiler hands over at the end of a table: its spool and what it changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spooled {
    /// The data rows, cleaned, as UTF-8 CSV without a header.
    pub spool: Spool,
    /// The labels (combined for a two-row header).
    pub labels: Vec<String>,
    /// The schema the table was checked with.
    pub schema: Option<Schema>,
    /// Data rows written.
    pub rows: u64,
    /// Blank rows left out.
    pub blank_rows: u64,
    /// Cells whose surrounding spaces were removed.
    pub trimmed: u64,
    /// Cells whose doubled spaces were made one.
    pub doubled_spaces: u64,
    /// Cells whose mojibake was repaired.
    pub mojibake: u64,
    /// Rows with more or fewer cells than the header, written as they are.
    pub ragged: u64,
    /// Non-empty cells per column (by position, the header's width at least).
    pub filled: Vec<u64>,
    /// Per column, non-empty values that are not placeholders, and how many of them read as
    /// numbers or dates: whether `-` or `NA` is a placeholder there (as `placeholder-values`
    /// decides).
    pub others: Vec<(u64, u64)>,
    /// Why the spool could not be written, if it could not.
    pub failed: Option<String>,
}

/// The spool being written.
enum SpoolWriter {
    File(csv::Writer<BufWriter<std::fs::File>>),
    Memory(csv::Writer<Vec<u8>>),
}

impl SpoolWriter {
    fn write_record(&mut self, record: &[String]) -> csv::Result<()> {
        match self {
            SpoolWriter::File(w) => w.write_record(record),
            SpoolWriter::Memory(w) => w.write_record(record),
        }
    }
}

/// The profiler that writes a table's data rows, cleaned, to a spool.
struct Spooler {
    writer: Option<SpoolWriter>,
    spooled: Spooled,
}

impl Spooler {
    fn new(at: &SpoolAt, counter: &AtomicUsize) -> Spooler {
        let builder = || {
            let mut builder = csv::WriterBuilder::new();
            builder.flexible(true);
            builder
        };
        let dir = match at {
            SpoolAt::Memory => {
                return Spooler {
                    writer: Some(SpoolWriter::Memory(builder().from_writer(Vec::new()))),
                    spooled: Spooled::default(),
                };
            }
            SpoolAt::Dir(dir) => dir,
        };
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".calidad-spool-{}-{n}.csv", std::process::id()));
        let mut spooled = Spooled {
            spool: Spool::File(path.clone()),
            ..Spooled::default()
        };
        let writer = match std::fs::File::create(&path) {
            Ok(file) => Some(SpoolWriter::File(
                builder().from_writer(BufWriter::new(file)),
            )),
            Err(e) => {
                spooled.failed = Some(format!("{}: {e}", path.display()));
                None
            }
        };
        Spooler { writer, spooled }
    }
}

/// `cell` cleaned: spaces around it removed, doubled spaces inside made one, mojibake
/// repaired; with what was done.
fn clean(cell: &str) -> (String, bool, bool, bool) {
    let trimmed = cell.trim();
    let was_trimmed = trimmed.len() != cell.len();
    // A line break inside a cell (a header written on two lines) becomes a space.
    let mut text = if trimmed.contains(['\n', '\r', '\t']) {
        trimmed
            .replace("\r\n", " ")
            .replace(['\n', '\r', '\t'], " ")
    } else {
        trimmed.to_owned()
    };
    let mut doubled = false;
    if text.contains("  ") {
        let mut one = String::with_capacity(text.len());
        let mut last_space = false;
        for c in text.chars() {
            if c == ' ' && last_space {
                doubled = true;
                continue;
            }
            last_space = c == ' ';
            one.push(c);
        }
        text = one;
    }
    let mut repaired = false;
    if mojibake::may_hold_mojibake(text.as_bytes())
        && let Some(fixed) = mojibake::repair(&text)
    {
        text = fixed;
        repaired = true;
    }
    (text, was_trimmed, doubled, repaired)
}

impl Profiler for Spooler {
    fn header(&mut self, header: &Header) {
        self.spooled.labels = header.labels.iter().map(|l| clean(l).0).collect::<Vec<_>>();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header) {
        let Some(writer) = self.writer.as_mut() else {
            return;
        };
        if row.cells().all(|c| c.trim().is_empty()) {
            self.spooled.blank_rows += 1;
            return;
        }
        if row.kept() != self.spooled.labels.len() {
            self.spooled.ragged += 1;
        }
        let mut record = Vec::with_capacity(row.kept());
        if self.spooled.filled.len() < row.kept() {
            self.spooled.filled.resize(row.kept(), 0);
            self.spooled.others.resize(row.kept(), (0, 0));
        }
        for (i, cell) in row.cells().enumerate() {
            if !cell.trim().is_empty()
                && let Some(n) = self.spooled.filled.get_mut(i)
            {
                *n += 1;
            }
            let (text, trimmed, doubled, repaired) = clean(cell);
            if !text.is_empty()
                && !placeholder_values::is_placeholder(&text)
                && let Some((others, numeric)) = self.spooled.others.get_mut(i)
            {
                *others += 1;
                *numeric += u64::from(placeholder_values::numeric_like(&text));
            }
            self.spooled.trimmed += u64::from(trimmed);
            self.spooled.doubled_spaces += u64::from(doubled);
            self.spooled.mojibake += u64::from(repaired);
            record.push(text);
        }
        if let Err(e) = writer.write_record(&record) {
            self.spooled.failed = Some(e.to_string());
            self.writer = None;
            return;
        }
        self.spooled.rows += 1;
    }

    fn schema(&mut self, schema: &Schema) {
        self.spooled.schema = Some(schema.clone());
    }

    fn finish(mut self: Box<Self>) -> Box<dyn std::any::Any + Send> {
        match self.writer.take() {
            Some(SpoolWriter::File(mut writer)) => {
                if let Err(e) = writer.flush() {
                    self.spooled.failed = Some(e.to_string());
                }
            }
            Some(SpoolWriter::Memory(writer)) => match writer.into_inner() {
                Ok(bytes) => self.spooled.spool = Spool::Memory(Arc::new(bytes)),
                Err(e) => self.spooled.failed = Some(e.to_string()),
            },
            None => {}
        }
        Box::new(self.spooled)
    }
}

/// The profiler factory: one spool per table, in a folder or in memory.
pub(crate) fn spooler_factory(at: SpoolAt) -> ProfilerFactory {
    let counter = Arc::new(AtomicUsize::new(0));
    ProfilerFactory::new(move || Box::new(Spooler::new(&at, &counter)))
}

/// How the corrected copy is written.
#[derive(Clone, Debug)]
pub struct FixOptions {
    /// The folder the CSV files, schemas and log go to (created if needed).
    pub out_dir: PathBuf,
    /// The delimiter of the CSV written (`,` by default, as CKAN's DataStore expects).
    pub delimiter: u8,
    /// Write numbers with a decimal comma instead of a point.
    pub decimal_comma: bool,
    /// Leave out the columns found to hold personal data.
    pub drop_personal: bool,
    /// The language of the log.
    pub lang: Lang,
}

/// One change, counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// What was done: `title-rows`, `blank-row`, `placeholder-values`, `date-iso`…
    pub code: String,
    /// How many rows or cells.
    pub count: u64,
    /// The column, when the change is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// In words, in the log's language.
    pub message: String,
}

/// One table of the source and what was written for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixedTable {
    /// The table (`archivo#Hoja` for a workbook's sheet).
    pub place: String,
    /// The corrected CSV.
    pub csv: Option<PathBuf>,
    /// Its Table Schema.
    pub schema: Option<PathBuf>,
    /// Data rows written.
    pub rows: u64,
    /// What was changed.
    pub changes: Vec<Change>,
    /// What is still to be done by hand.
    pub not_fixed: Vec<String>,
}

/// What `corregir` did to one source.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixReport {
    /// The source, never written to.
    pub source: String,
    /// Each table.
    pub tables: Vec<FixedTable>,
    /// The change log, as text.
    pub log_text: PathBuf,
    /// The change log, as JSON.
    pub log_json: PathBuf,
}

/// `one` for 1, else `many` with the count (Chilean thousands) in place of `{}`.
fn plural_es(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        many.replace("{}", &Lang::Es.count(n))
    }
}

/// `one` for 1, else `many` with the count in place of `{}`.
fn plural_en(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        many.replace("{}", &Lang::En.count(n))
    }
}

/// Why `corregir` could not run.
fn failure(path: &Path, lang: Lang, es: &str, en: &str) -> Error {
    Error::Describe {
        place: path.display().to_string(),
        reason: lang.pick(es, en).to_owned(),
    }
}

/// A file name from `text`: letters, digits, `-` and `_` (accents dropped).
fn file_stem(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match crate::metadata::without_accent(c) {
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' => c,
            _ => '_',
        };
        out.push(c);
    }
    let out = out.trim_matches(['_', '.']).to_owned();
    if out.is_empty() {
        "tabla".to_owned()
    } else {
        out
    }
}

/// How a column's cells are rewritten.
enum Rewrite {
    Keep,
    Date(Pattern),
    Datetime(Pattern),
    Number(NumberFormat),
}

fn rewrite_of(field: &Field) -> Rewrite {
    let format = field.format.as_deref().unwrap_or("default");
    let custom = |f: &str| f != "default" && f != "any" && f.contains('%');
    match field.kind {
        FieldType::Date if custom(format) => {
            Pattern::compile(format).map_or(Rewrite::Keep, Rewrite::Date)
        }
        FieldType::Datetime if custom(format) => {
            Pattern::compile(format).map_or(Rewrite::Keep, Rewrite::Datetime)
        }
        FieldType::Number | FieldType::Integer => {
            let decimal = field
                .decimal_char
                .as_deref()
                .and_then(|d| d.chars().next())
                .unwrap_or('.');
            let group = field.group_char.as_deref().and_then(|g| g.chars().next());
            if decimal == '.' && group.is_none() {
                Rewrite::Keep
            } else {
                Rewrite::Number(NumberFormat {
                    decimal,
                    group,
                    bare: true,
                })
            }
        }
        _ => Rewrite::Keep,
    }
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SS`.
fn iso_datetime(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}",
        calidad_core::calendar::iso(days),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// `cell` with the number written with a decimal point and no grouping.
fn plain_number(cell: &str, format: &NumberFormat, decimal_comma: bool) -> Option<String> {
    parse_number(cell, format)?;
    let mut out = String::with_capacity(cell.len());
    for c in cell.trim().chars() {
        if Some(c) == format.group {
            continue;
        }
        if c == format.decimal {
            out.push(if decimal_comma { ',' } else { '.' });
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Writes the corrected copy of every table of `path` into `options.out_dir`, with its Table
/// Schema and the change log. `builder` carries the reading options (encoding, delimiter,
/// sheet…); the source is only read.
pub fn fix_path(
    builder: ValidatorBuilder,
    path: &Path,
    options: &FixOptions,
) -> Result<FixReport, Error> {
    let lang = options.lang;
    let out = &options.out_dir;
    std::fs::create_dir_all(out).map_err(|source| Error::Open {
        path: out.clone(),
        source,
    })?;
    // Never the input: an output folder that would overwrite it is refused.
    let source = std::fs::canonicalize(path).map_err(|source| Error::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let out_real = std::fs::canonicalize(out).map_err(|source| Error::Open {
        path: out.clone(),
        source,
    })?;
    let stem = file_stem(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    // Never the input: a copy that would replace it is refused before anything is written.
    let replaces_source = |name: &str| out_real.join(format!("{name}.csv")) == source;
    if replaces_source(&stem) {
        return Err(failure(
            path,
            lang,
            "la copia corregida reemplazaría el archivo original: elija otra carpeta con -o",
            "the corrected copy would replace the original file: choose another folder with -o",
        ));
    }
    let validator = builder
        .lang(lang)
        .corrector(SpoolAt::Dir(out_real.clone()))
        .build();
    let tasks = validator.tasks_for_path(path)?;
    // The spool files go, whatever happens below.
    let spools: Vec<Spool> = tasks
        .iter()
        .filter_map(|t| t.calidad.added.spooled.as_ref().map(|s| s.spool.clone()))
        .collect();
    let several = tasks.len() > 1;
    let written: Result<Vec<FixedTable>, Error> = tasks
        .iter()
        .map(|task| {
            let sheet = task.place.rsplit_once('#').map(|(_, s)| s.to_owned());
            let name = match (&sheet, several) {
                (Some(sheet), true) => format!("{stem}-{}", file_stem(sheet)),
                _ => stem.clone(),
            };
            if replaces_source(&name) {
                return Err(failure(
                    path,
                    lang,
                    "la copia corregida reemplazaría el archivo original: elija otra carpeta con -o",
                    "the corrected copy would replace the original file: choose another folder with -o",
                ));
            }
            let csv_path = out_real.join(format!("{name}.csv"));
            // Written under a temporary name and renamed once complete: a failure, or a sheet
            // with nothing to copy, never leaves an empty file or replaces one already there.
            let part = out_real.join(format!(".{name}.csv.part"));
            let file = std::fs::File::create(&part).map_err(|source| Error::Open {
                path: part.clone(),
                source,
            })?;
            let mut out = BufWriter::new(file);
            let written = fix_table(task, &csv_path, &mut out, options).and_then(|done| {
                io::Write::flush(&mut out).map_err(|source| Error::Open {
                    path: csv_path.clone(),
                    source,
                })?;
                Ok(done)
            });
            drop(out);
            let (mut table, schema) = match written {
                Ok((table, Some(schema))) => (table, schema),
                Ok((table, None)) => {
                    let _ = std::fs::remove_file(&part);
                    return Ok(table);
                }
                Err(error) => {
                    let _ = std::fs::remove_file(&part);
                    return Err(error);
                }
            };
            std::fs::rename(&part, &csv_path).map_err(|source| Error::Open {
                path: csv_path.clone(),
                source,
            })?;
            let schema_path = csv_path.with_extension("schema.json");
            std::fs::write(&schema_path, schema).map_err(|source| Error::Open {
                path: schema_path.clone(),
                source,
            })?;
            table.csv = Some(csv_path.clone());
            table.schema = Some(schema_path);
            let checker = rechecker(lang);
            recheck(&mut table, checker.tasks_for_path(&csv_path)?, lang);
            Ok(table)
        })
        .collect();
    for spool in &spools {
        spool.remove();
    }
    let mut tables = written?;
    tables.iter_mut().for_each(mask_log);
    let report = FixReport {
        source: path.display().to_string(),
        tables,
        log_text: out_real.join(format!("{stem}.cambios.txt")),
        log_json: out_real.join(format!("{stem}.cambios.json")),
    };
    let write = |target: &Path, text: String| {
        std::fs::write(target, text).map_err(|source| Error::Open {
            path: target.to_path_buf(),
            source,
        })
    };
    write(&report.log_text, log_text(&report, lang))?;
    write(
        &report.log_json,
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
    )?;
    Ok(report)
}

/// One file of a corrected copy made in memory.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixedFile {
    /// Its name: `tabla.csv`, `tabla.schema.json`, `tabla.cambios.txt`…
    pub name: String,
    /// Its text (UTF-8).
    pub text: String,
}

/// A corrected copy made in memory ([`fix_reader`]): the report, and the files a folder would
/// have received.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixInMemory {
    /// What was changed, per table.
    pub report: FixReport,
    /// The corrected CSV and Table Schema of each table, then the change log (text and JSON).
    pub files: Vec<FixedFile>,
}

/// Like [`fix_path`], with nothing written anywhere: the source is read from `source` (named
/// `name`), and the corrected CSV, schemas and log come back in memory (a browser page, which
/// has no files). Everything runs on the calling thread.
pub fn fix_reader(
    builder: ValidatorBuilder,
    source: impl io::Read,
    name: &str,
    options: &FixOptions,
) -> Result<FixInMemory, Error> {
    let lang = options.lang;
    let stem = file_stem(
        &Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let validator = builder.lang(lang).corrector(SpoolAt::Memory).build();
    let tasks = validator.tasks_for_local_reader(source, name, name)?;
    let several = tasks.len() > 1;
    let mut files = Vec::new();
    let mut tables = Vec::new();
    for task in &tasks {
        let sheet = task.place.rsplit_once('#').map(|(_, s)| s.to_owned());
        let table_name = match (&sheet, several) {
            (Some(sheet), true) => format!("{stem}-{}", file_stem(sheet)),
            _ => stem.clone(),
        };
        let csv_name = PathBuf::from(format!("{table_name}.csv"));
        let mut out = Vec::new();
        let (mut table, schema) = fix_table(task, &csv_name, &mut out, options)?;
        if let Some(schema) = schema {
            let schema_name = csv_name.with_extension("schema.json");
            table.csv = Some(csv_name.clone());
            table.schema = Some(schema_name.clone());
            let text = String::from_utf8_lossy(&out).into_owned();
            let checked = rechecker(lang).tasks_for_local_reader(
                text.as_bytes(),
                &csv_name.display().to_string(),
                &csv_name.display().to_string(),
            )?;
            recheck(&mut table, checked, lang);
            files.push(FixedFile {
                name: csv_name.display().to_string(),
                text,
            });
            files.push(FixedFile {
                name: schema_name.display().to_string(),
                text: schema,
            });
        }
        mask_log(&mut table);
        tables.push(table);
    }
    let report = FixReport {
        source: name.to_owned(),
        tables,
        log_text: PathBuf::from(format!("{stem}.cambios.txt")),
        log_json: PathBuf::from(format!("{stem}.cambios.json")),
    };
    files.push(FixedFile {
        name: report.log_text.display().to_string(),
        text: log_text(&report, lang),
    });
    files.push(FixedFile {
        name: report.log_json.display().to_string(),
        text: serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
    });
    Ok(FixInMemory { report, files })
}

/// Masks the change log's words as every report is masked (a column named after a person, a
/// value quoted in a note): the log leaves the engine; the corrected CSV is the data itself.
fn mask_log(table: &mut FixedTable) {
    use calidad_privacy::gate::{mask_text_in, mask_value_in};
    for change in &mut table.changes {
        mask_text_in(&mut change.message);
        if let Some(column) = &mut change.column {
            mask_value_in(column);
        }
    }
    table.not_fixed.iter_mut().for_each(mask_text_in);
}

/// The validator a written copy is checked with.
fn rechecker(lang: Lang) -> crate::Validator {
    crate::Validator::builder()
        .lang(lang)
        .score(false)
        .privacy(false)
        .limit_errors(1)
        .build()
}

/// Lists, among what is left to do by hand in `table`, every error its written copy still has
/// (`tasks`: the copy validated): the log never calls a table corrected that calidad would
/// reject.
fn recheck(table: &mut FixedTable, tasks: Vec<crate::ReportTask>, lang: Lang) {
    let mut left: BTreeMap<String, u64> = BTreeMap::new();
    for task in tasks {
        for (code, n) in &task.calidad.error_counts {
            let is_error = crate::registry::find(code)
                .is_some_and(|rule| rule.severity == calidad_core::Severity::Error);
            if is_error && *n > 0 {
                *left.entry(code.clone()).or_default() += n;
            }
        }
    }
    if left.is_empty() {
        return;
    }
    let listed = left
        .iter()
        .map(|(code, n)| {
            let title = crate::registry::find(code).map_or(code.as_str(), |r| r.title.get(lang));
            format!("{} «{title}» ({code})", lang.count(*n))
        })
        .collect::<Vec<_>>()
        .join(", ");
    table.not_fixed.push(match lang {
        Lang::Es => format!(
            "la copia todavía no es válida: {listed}; `calidad validate` sobre la copia dice dónde"
        ),
        Lang::En => format!(
            "the copy is not valid yet: {listed}; `calidad validate` on the copy says where"
        ),
    });
}

/// One task: the spool rewritten into the final CSV (into `out`; `csv_path` names it in
/// errors), with the changes and the Table Schema's JSON text (`None` when nothing was
/// written: a documentation sheet, a source that is not a table).
fn fix_table(
    task: &crate::ReportTask,
    csv_path: &Path,
    out: &mut dyn io::Write,
    options: &FixOptions,
) -> Result<(FixedTable, Option<String>), Error> {
    let lang = options.lang;
    let say = |es: String, en: String| match lang {
        Lang::Es => es,
        Lang::En => en,
    };
    let mut table = FixedTable {
        place: task.place.clone(),
        csv: None,
        schema: None,
        rows: 0,
        changes: Vec::new(),
        not_fixed: Vec::new(),
    };
    let counts = &task.calidad.error_counts;
    let count_of = |code: &str| counts.get(code).copied().unwrap_or(0);
    if count_of("not-a-table") > 0 {
        table.changes.push(Change {
            code: "not-a-table".to_owned(),
            count: 1,
            column: None,
            message: say(
                "es una hoja de documentación, no una tabla de datos: no se copió".to_owned(),
                "is a documentation sheet, not a data table: not copied".to_owned(),
            ),
        });
        return Ok((table, None));
    }
    let Some(spooled) = task.calidad.added.spooled.clone() else {
        table.not_fixed.push(say(
            "no se pudo leer como tabla: no se escribió copia".to_owned(),
            "could not be read as a table: no copy was written".to_owned(),
        ));
        return Ok((table, None));
    };
    let cleanup = || spooled.spool.remove();
    if let Some(reason) = &spooled.failed {
        cleanup();
        return Err(Error::Open {
            path: spooled.spool.place(),
            source: io::Error::other(reason.clone()),
        });
    }
    // Rows that never reached the spool, and why.
    let header_row = task
        .calidad
        .dialect
        .as_ref()
        .map_or(1, |d| d.header_row.max(1));
    let mut change = |code: &str, count: u64, column: Option<String>, es: String, en: String| {
        if count > 0 {
            table.changes.push(Change {
                code: code.to_owned(),
                count,
                column,
                message: say(es, en),
            });
        }
    };
    if header_row > 1 {
        let n = header_row - 1;
        change(
            "title-rows",
            n,
            None,
            format!(
                "se {} sobre el encabezado (título, notas o filas vacías)",
                plural_es(n, "quitó la fila", "quitaron {} filas")
            ),
            format!(
                "removed {} above the header (title, notes or blank rows)",
                plural_en(n, "the row", "{} rows")
            ),
        );
    }
    for (code, es, en) in [
        (
            "multi-row-header",
            "el encabezado de dos filas se unió en una",
            "the two-row header was joined into one",
        ),
        (
            "description-row",
            "se quitó la fila de descripciones bajo el encabezado",
            "removed the row of descriptions under the header",
        ),
        (
            "footer-rows",
            "se quitaron las notas al pie de la tabla",
            "removed the footnotes below the table",
        ),
        (
            "padding-rows",
            "se quitaron las filas de relleno del final",
            "removed the padding rows at the end",
        ),
        (
            "trailing-delimiter",
            "se quitó la columna vacía que dejaba el delimitador al final de cada línea",
            "removed the empty column the delimiter at the end of every line left",
        ),
    ] {
        change(code, count_of(code), None, es.to_owned(), en.to_owned());
    }
    let sp = &spooled;
    change(
        "blank-row",
        sp.blank_rows,
        None,
        format!(
            "se {}",
            plural_es(
                sp.blank_rows,
                "quitó una fila en blanco",
                "quitaron {} filas en blanco"
            )
        ),
        format!(
            "removed {}",
            plural_en(sp.blank_rows, "a blank row", "{} blank rows")
        ),
    );
    change(
        "trimmed",
        sp.trimmed,
        None,
        format!(
            "se quitaron los espacios al borde de {}",
            plural_es(sp.trimmed, "una celda", "{} celdas")
        ),
        format!(
            "trimmed the spaces around {}",
            plural_en(sp.trimmed, "a cell", "{} cells")
        ),
    );
    change(
        "doubled-spaces",
        sp.doubled_spaces,
        None,
        format!(
            "se dejaron en uno los espacios dobles de {}",
            plural_es(sp.doubled_spaces, "una celda", "{} celdas")
        ),
        format!(
            "made the doubled spaces of {} one",
            plural_en(sp.doubled_spaces, "a cell", "{} cells")
        ),
    );
    change(
        "mojibake",
        sp.mojibake,
        None,
        format!(
            "se {} con texto mal codificado",
            plural_es(sp.mojibake, "reparó una celda", "repararon {} celdas")
        ),
        format!(
            "repaired {} of garbled text",
            plural_en(sp.mojibake, "a cell", "{} cells")
        ),
    );
    if let Some(encoding) = task.calidad.encoding.as_deref()
        && !encoding.eq_ignore_ascii_case("utf-8")
    {
        change(
            "non-utf8-encoding",
            1,
            None,
            format!("se pasó de {encoding} a UTF-8"),
            format!("converted from {encoding} to UTF-8"),
        );
    }
    if sp.ragged > 0 {
        table.not_fixed.push(say(
            plural_es(
                sp.ragged,
                "una fila tiene más o menos celdas que el encabezado: se copió con sus celdas como estaban; revísela a mano",
                "{} filas tienen más o menos celdas que el encabezado: se copiaron con sus celdas como estaban; revíselas a mano",
            ),
            plural_en(
                sp.ragged,
                "one row has more or fewer cells than the header: copied with its cells as they were; check it by hand",
                "{} rows have more or fewer cells than the header: copied with their cells as they were; check them by hand",
            ),
        ));
    }
    // Columns: what to rewrite, what to leave out.
    let personal: Vec<String> = task
        .calidad
        .added
        .privacy
        .as_ref()
        .map(|p| {
            p.fields
                .iter()
                .filter(|f| f.severity == calidad_core::Severity::Error)
                .map(|f| f.field_name.clone())
                .collect()
        })
        .unwrap_or_default();
    let labels = &sp.labels;
    let fields: Vec<Option<&Field>> = labels
        .iter()
        .enumerate()
        .map(|(i, _)| sp.schema.as_ref().and_then(|s| s.fields.get(i)))
        .collect();
    // A column with no name and no value (a sheet's formatted but empty column) is left out.
    let empty_column = |i: usize| {
        labels.get(i).is_some_and(|l| l.trim().is_empty())
            && sp.filled.get(i).copied().unwrap_or(0) == 0
    };
    let keep: Vec<bool> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let personal_column = f.is_some_and(|f| personal.contains(&f.name));
            !(empty_column(i) || options.drop_personal && personal_column)
        })
        .collect();
    let blank_columns = (0..labels.len()).filter(|i| empty_column(*i)).count() as u64;
    change(
        "blank-column",
        blank_columns,
        None,
        format!(
            "se {}",
            plural_es(
                blank_columns,
                "quitó una columna sin nombre ni datos",
                "quitaron {} columnas sin nombre ni datos"
            )
        ),
        format!(
            "left out {}",
            plural_en(
                blank_columns,
                "a column without name or data",
                "{} columns without name or data"
            )
        ),
    );
    for name in &personal {
        if options.drop_personal {
            change(
                "personal-data",
                1,
                Some(name.clone()),
                format!("se quitó la columna «{name}», con datos personales"),
                format!("left out column «{name}», which holds personal data"),
            );
        } else {
            table.not_fixed.push(say(
                format!("la columna «{name}» tiene datos personales y se copió tal cual: quítela (--drop-personal) o anonimícela antes de publicar"),
                format!("column «{name}» holds personal data and was copied as it is: leave it out (--drop-personal) or anonymise it before publishing"),
            ));
        }
    }
    let rewrites: Vec<Rewrite> = fields
        .iter()
        .map(|f| f.map_or(Rewrite::Keep, rewrite_of))
        .collect();
    let placeholders: Vec<Vec<String>> = fields
        .iter()
        .map(|f| {
            let schema_missing = sp
                .schema
                .as_ref()
                .map(|s| s.missing_values.clone())
                .unwrap_or_default();
            f.and_then(|f| f.missing_values.clone())
                .unwrap_or(schema_missing)
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect()
        })
        .collect();
    let mostly_numbers: Vec<bool> = (0..labels.len())
        .map(|i| {
            sp.others
                .get(i)
                .is_some_and(|(others, numeric)| numeric * 2 > *others)
        })
        .collect();
    let mut emptied_values: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); labels.len()];
    let mut converted = vec![0u64; labels.len()];
    let mut unconverted = vec![0u64; labels.len()];
    let mut emptied = vec![0u64; labels.len()];
    let spool: Box<dyn io::Read + '_> = match &sp.spool {
        Spool::File(path) => Box::new(std::fs::File::open(path).map_err(|source| Error::Open {
            path: path.clone(),
            source,
        })?),
        Spool::Memory(bytes) => Box::new(bytes.as_slice()),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(spool);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .flexible(true)
        .from_writer(out);
    let written = |e: csv::Error| Error::Open {
        path: csv_path.to_path_buf(),
        source: io::Error::other(e.to_string()),
    };
    // Every column gets a name of its own: a blank one `columna_N` (its place in the source),
    // a repeated one `nombre_2`.
    let mut named = 0u64;
    let mut renamed = 0u64;
    let mut seen: Vec<String> = Vec::new();
    let mut labels_out: Vec<String> = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let mut name = if label.trim().is_empty() {
            if keep.get(i).copied().unwrap_or(true) {
                named += 1;
            }
            format!("{}_{}", lang.pick("columna", "column"), i + 1)
        } else {
            label.clone()
        };
        if seen.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
            let base = name.clone();
            let mut k = 2;
            while seen.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
                name = format!("{base}_{k}");
                k += 1;
            }
            if keep.get(i).copied().unwrap_or(true) {
                renamed += 1;
            }
        }
        seen.push(name.clone());
        labels_out.push(name);
    }
    let header: Vec<&str> = labels_out
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(l, _)| l.as_str())
        .collect();
    writer.write_record(&header).map_err(written)?;
    change(
        "blank-label",
        named,
        None,
        plural_es(
            named,
            "una columna sin nombre se llamó «columna_N» (N, su lugar en el original): póngale un nombre que diga qué contiene",
            "{} columnas sin nombre se llamaron «columna_N» (N, su lugar en el original): póngales nombres que digan qué contienen",
        ),
        plural_en(
            named,
            "a column without a name was called «column_N» (N, its place in the original): give it a name that says what it holds",
            "{} columns without a name were called «column_N» (N, their place in the original): give them names that say what they hold",
        ),
    );
    change(
        "duplicate-label",
        renamed,
        None,
        plural_es(
            renamed,
            "un nombre de columna repetido pasó a «nombre_2»",
            "{} nombres de columna repetidos pasaron a «nombre_2», «nombre_3»…",
        ),
        plural_en(
            renamed,
            "a repeated column name became «name_2»",
            "{} repeated column names became «name_2», «name_3»…",
        ),
    );
    let mut record = csv::StringRecord::new();
    let mut out_cells: Vec<String> = Vec::new();
    while reader.read_record(&mut record).map_err(|e| Error::Open {
        path: sp.spool.place(),
        source: io::Error::other(e.to_string()),
    })? {
        out_cells.clear();
        for (i, cell) in record.iter().enumerate() {
            if !keep.get(i).copied().unwrap_or(true) {
                continue;
            }
            let placeholder = placeholders
                .get(i)
                .is_some_and(|p| p.iter().any(|m| m == cell))
                || placeholder_values::is_counted_placeholder(
                    cell,
                    mostly_numbers.get(i).copied().unwrap_or(false),
                );
            if placeholder {
                emptied[i] += 1;
                if let Some(seen) = emptied_values.get_mut(i) {
                    *seen.entry(cell.trim().to_owned()).or_default() += 1;
                }
                out_cells.push(String::new());
                continue;
            }
            let new = match rewrites.get(i) {
                Some(Rewrite::Date(p)) => p.date(cell).map(calidad_core::calendar::iso),
                Some(Rewrite::Datetime(p)) => p.datetime(cell).map(iso_datetime),
                Some(Rewrite::Number(f)) => plain_number(cell, f, options.decimal_comma),
                _ => None,
            };
            let rewritten = !matches!(rewrites.get(i), Some(Rewrite::Keep) | None);
            match new {
                Some(text) if text != cell => {
                    converted[i] += 1;
                    out_cells.push(text);
                }
                None if rewritten && !cell.is_empty() => {
                    unconverted[i] += 1;
                    out_cells.push(cell.to_owned());
                }
                _ => out_cells.push(cell.to_owned()),
            }
        }
        writer.write_record(&out_cells).map_err(written)?;
        table.rows += 1;
    }
    writer.flush().map_err(|source| Error::Open {
        path: csv_path.to_path_buf(),
        source,
    })?;
    drop(reader);
    cleanup();
    for (i, label) in labels.iter().enumerate() {
        let column = Some(label.clone());
        match rewrites.get(i) {
            Some(Rewrite::Date(_)) | Some(Rewrite::Datetime(_)) => change(
                "date-iso",
                converted[i],
                column.clone(),
                format!(
                    "«{label}»: {} en ISO 8601 (año-mes-día)",
                    plural_es(converted[i], "una fecha escrita", "{} fechas escritas")
                ),
                format!(
                    "«{label}»: {} in ISO 8601 (year-month-day)",
                    plural_en(converted[i], "one date written", "{} dates written")
                ),
            ),
            Some(Rewrite::Number(_)) => change(
                "decimal-point",
                converted[i],
                column.clone(),
                format!(
                    "«{label}»: {} sin separador de miles y con {}",
                    plural_es(converted[i], "un número escrito", "{} números escritos"),
                    if options.decimal_comma {
                        "coma decimal"
                    } else {
                        "punto decimal"
                    }
                ),
                format!(
                    "«{label}»: {} without thousands separators and with a decimal {}",
                    plural_en(converted[i], "one number written", "{} numbers written"),
                    if options.decimal_comma {
                        "comma"
                    } else {
                        "point"
                    }
                ),
            ),
            _ => {}
        }
        // The placeholders as written, most used first: «-» (2), «s/i» (1).
        let mut written: Vec<(&String, &u64)> = emptied_values
            .get(i)
            .map(|seen| seen.iter().collect())
            .unwrap_or_default();
        written.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let shown = written
            .iter()
            .take(3)
            .map(|(text, _)| format!("«{text}»"))
            .collect::<Vec<_>>()
            .join(", ");
        change(
            "placeholder-values",
            emptied[i],
            column,
            format!(
                "«{label}»: {} {shown} {}",
                plural_es(emptied[i], "una celda con", "{} celdas con"),
                if emptied[i] == 1 {
                    "quedó vacía (sin dato)"
                } else {
                    "quedaron vacías (sin dato)"
                }
            ),
            format!(
                "«{label}»: {} {shown} left empty (no data)",
                plural_en(emptied[i], "one cell with", "{} cells with")
            ),
        );
    }
    for (i, label) in labels.iter().enumerate() {
        let n = unconverted[i];
        if n > 0 {
            table.not_fixed.push(say(
                format!("«{label}»: {} convertir (una fecha imposible, texto entre números): {}", plural_es(n, "un valor no se pudo", "{} valores no se pudieron"), if n == 1 { "quedó como estaba; corríjalo a mano" } else { "quedaron como estaban; corríjalos a mano" }),
                format!("«{label}»: {} not be converted (an impossible date, text among numbers): left as {}; fix them by hand", plural_en(n, "one value could", "{} values could"), if n == 1 { "it was" } else { "they were" }),
            ));
        }
    }
    let duplicates = count_of("duplicate-row");
    if duplicates > 0 {
        table.not_fixed.push(say(
            plural_es(
                duplicates,
                "una fila es igual a otra anterior: se copió; bórrela si es el mismo registro",
                "{} filas son iguales a otras anteriores: se copiaron; bórrelas si son el mismo registro",
            ),
            plural_en(
                duplicates,
                "one row repeats an earlier one: copied; delete it if it is the same record",
                "{} rows repeat earlier ones: copied; delete them if they are the same record",
            ),
        ));
    }
    // The Table Schema of what was written: the data dictionary, a description to fill.
    let schema_fields: Vec<serde_json::Value> = labels_out
        .iter()
        .enumerate()
        .filter(|(i, _)| keep.get(*i).copied().unwrap_or(true))
        .map(|(i, label)| {
            let field = fields.get(i).copied().flatten();
            let kind = field.map_or("string".to_owned(), |f| {
                serde_json::to_value(f.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "string".to_owned())
            });
            let mut entry = serde_json::json!({
                "name": label,
                "type": kind,
                "description": "",
            });
            if let (Some(Rewrite::Keep), Some(f)) = (rewrites.get(i), field)
                && let Some(format) = &f.format
                && format != "default"
            {
                entry["format"] = serde_json::json!(format);
            }
            if options.decimal_comma && matches!(rewrites.get(i), Some(Rewrite::Number(_))) {
                entry["decimalChar"] = serde_json::json!(",");
            }
            entry
        })
        .collect();
    let schema = serde_json::json!({
        "fields": schema_fields,
        "missingValues": [""],
    });
    let schema = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
    Ok((table, Some(schema)))
}

/// The change log for a person.
fn log_text(report: &FixReport, lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} {}",
        lang.pick("Correcciones de", "Corrections of"),
        report.source
    );
    for table in &report.tables {
        let _ = writeln!(text, "\n{}", table.place);
        if let Some(csv) = &table.csv {
            let _ = writeln!(
                text,
                "  {} {} ({} {})",
                lang.pick("copia corregida:", "corrected copy:"),
                csv.display(),
                lang.count(table.rows),
                lang.pick("filas de datos", "data rows")
            );
        }
        if table.changes.is_empty() {
            let _ = writeln!(text, "  {}", lang.pick("sin cambios", "no changes"));
        }
        for change in &table.changes {
            let _ = writeln!(text, "  - {}", change.message);
        }
        for left in &table.not_fixed {
            let _ = writeln!(text, "  ! {left}");
        }
        if let Some(schema) = &table.schema {
            let _ = writeln!(
                text,
                "  {} {}",
                lang.pick(
                    "Diccionario de datos: complete la descripción de cada columna en",
                    "Data dictionary: fill in each column's description in"
                ),
                schema.display()
            );
        }
    }
    text
}
