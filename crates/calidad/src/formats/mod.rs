//! Sources that are not delimited text: workbooks, JSON, and compressed files. Each is
//! recognised by its first bytes (never by its extension) and turned into rows of cells, which
//! go through the same engine as a CSV file, so every check applies. Findings only these
//! formats have (formula errors, merged cells, macros, keys missing from JSON records) are added
//! to the task, with rows and fields as the source numbers them.

pub(crate) mod json;
pub(crate) mod limits;
pub(crate) mod packed;
#[cfg(feature = "parquet")]
pub(crate) mod parquet;
pub(crate) mod workbook;

use crate::ReportTask;
use crate::{Error, Validator};
use calidad_core::encoding::sniff_kind;
use calidad_core::finding::{Detail, FileKind, Finding, SourceProblem};
use calidad_core::rules::source_error::SOURCE_ERROR;
use calidad_core::{TableOutcome, check_table};
use sha2::{Digest, Sha256};
use web_time::Instant;

/// Bytes looked at to recognise a format.
pub(crate) const HEAD_BYTES: usize = 64 * 1024;

/// What a source is, as far as choosing a reader goes.
pub(crate) fn container(head: &[u8]) -> Option<FileKind> {
    match sniff_kind(head)? {
        kind @ (FileKind::Xlsx
        | FileKind::Ods
        | FileKind::Ole2
        | FileKind::SpreadsheetMl
        | FileKind::Json
        | FileKind::Gzip
        | FileKind::Zip) => Some(kind),
        #[cfg(feature = "parquet")]
        FileKind::Parquet => Some(FileKind::Parquet),
        _ => None,
    }
}

/// Like [`container`], and a whole small file named `.json` that parses as JSON of any kind
/// (`42`, `null`, `"x"`) is JSON — not a table, which the JSON reader then says — rather than
/// a one-cell CSV.
pub(crate) fn container_named(path: &std::path::Path, head: &[u8]) -> Option<FileKind> {
    container(head).or_else(|| {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        let whole = head.len() < HEAD_BYTES;
        (family_of_extension(&extension) == Some(2)
            && whole
            && serde_json::from_str::<serde_json::Value>(&calidad_core::encoding::decode_whole(
                head,
            ))
            .is_ok())
        .then_some(FileKind::Json)
    })
}

/// The family of formats an extension promises, to catch files whose name lies.
fn family_of_extension(extension: &str) -> Option<u8> {
    match extension {
        "csv" | "tsv" | "txt" => Some(0),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(1),
        "json" | "jsonl" | "ndjson" | "geojson" => Some(2),
        "gz" | "gzip" | "zip" => Some(3),
        "parquet" => Some(4),
        _ => None,
    }
}

fn family_of_kind(kind: Option<FileKind>) -> Option<u8> {
    match kind {
        None | Some(FileKind::TextTable) => Some(0),
        Some(FileKind::Xlsx | FileKind::Ods | FileKind::Ole2 | FileKind::SpreadsheetMl) => Some(1),
        Some(FileKind::Json | FileKind::NonTabularJson) => Some(2),
        Some(FileKind::Gzip | FileKind::Zip) => Some(3),
        Some(FileKind::Parquet) => Some(4),
        Some(_) => None,
    }
}

/// A `format-error` when `path`'s extension names another family of formats than the content
/// (`head`) shows: a CSV named `.xlsx`, JSON named `.csv`. Content decides how the file is
/// read; the name is still wrong for whoever downloads it. A `.xls` that is Excel 2003 XML is
/// a workbook either way, so it passes.
pub(crate) fn misnamed(path: &std::path::Path, head: &[u8]) -> Option<Finding> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let promised = family_of_extension(&extension)?;
    let kind = container_named(path, head).or_else(|| sniff_kind(head));
    let actual = family_of_kind(kind)?;
    if promised == actual || head.is_empty() {
        return None;
    }
    Some(
        Finding::new(&calidad_core::rules::format_error::FORMAT_ERROR).with_detail(
            Detail::Misnamed {
                extension,
                kind: kind.unwrap_or(FileKind::TextTable),
            },
        ),
    )
}

/// Rows of cells from a non-text source, ready for the engine: written as UTF-8 CSV, one
/// record per source row (blank rows included, so row numbers stay the source's).
pub(crate) struct Sheet {
    /// The rows as CSV. Record `i` is the source's row `i + 1`.
    pub(crate) csv: Vec<u8>,
    /// Columns left of the first one read (their field numbers are added back).
    pub(crate) column_offset: u64,
    /// Findings of the format itself, in the source's rows and fields.
    pub(crate) findings: Vec<Finding>,
}

impl Sheet {
    /// A sheet from rows of cells.
    pub(crate) fn from_rows(
        rows: &[Vec<String>],
        column_offset: u64,
        findings: Vec<Finding>,
    ) -> Sheet {
        Sheet {
            csv: to_csv(rows),
            column_offset,
            findings,
        }
    }
}

/// Writes rows of cells as CSV one cell at a time, so big sheets are never held twice. With
/// a channel, full chunks are sent to the engine as they are written, so a sheet is never
/// held whole at all.
pub(crate) struct CsvWriter {
    writer: csv::Writer<Vec<u8>>,
    rows: u64,
    sink: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
}

impl Default for CsvWriter {
    fn default() -> CsvWriter {
        CsvWriter {
            writer: csv_writer(),
            rows: 0,
            sink: None,
        }
    }
}

/// The one way calidad writes rows for its engine: every cell quoted, so what the engine
/// reads back is the cell exactly as the source holds it (leading spaces and apostrophes
/// included: unquoted, they would read as a dialect's initial spaces or quotes), `\n` ends.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::with_capacity(CHUNK + 4096))
}

/// Bytes of CSV sent to the engine at a time.
const CHUNK: usize = 256 * 1024;

/// Reads what a [`CsvWriter`] sends, as the engine's byte source.
#[cfg_attr(not(feature = "threads"), allow(dead_code))]
pub(crate) struct ChannelReader {
    chunks: std::sync::mpsc::Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

#[cfg_attr(not(feature = "threads"), allow(dead_code))]
impl ChannelReader {
    pub(crate) fn new(chunks: std::sync::mpsc::Receiver<Vec<u8>>) -> ChannelReader {
        ChannelReader {
            chunks,
            current: Vec::new(),
            at: 0,
        }
    }
}

impl std::io::Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.current.len() {
            match self.chunks.recv() {
                Ok(next) => {
                    self.current = next;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.current.len() - self.at);
        out[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl CsvWriter {
    /// Adds a cell to the current row.
    pub(crate) fn cell(&mut self, cell: &str) {
        // Writing to memory cannot fail.
        let _ = self.writer.write_field(cell);
    }

    /// A writer that sends its CSV down `sink` in chunks.
    #[cfg_attr(not(feature = "threads"), allow(dead_code))]
    pub(crate) fn sending(sink: std::sync::mpsc::SyncSender<Vec<u8>>) -> CsvWriter {
        CsvWriter {
            sink: Some(sink),
            ..CsvWriter::default()
        }
    }

    /// Ends the current row.
    pub(crate) fn end_row(&mut self) {
        let _ = self.writer.write_record(None::<&[u8]>);
        self.rows += 1;
        if self.sink.is_none() || !self.rows.is_multiple_of(256) {
            return;
        }
        let _ = self.writer.flush();
        if self.writer.get_ref().len() >= CHUNK
            && let Some(sink) = &self.sink
        {
            // Between records the writer holds nothing: a fresh one takes over.
            let full = std::mem::replace(&mut self.writer, csv_writer());
            // The engine stopped reading: nothing left to do with the rest.
            let _ = sink.send(full.into_inner().unwrap_or_default());
        }
    }

    /// The CSV written (for a writer that does not send).
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }

    /// Sends what is left (for a sending writer).
    pub(crate) fn finish(mut self) {
        if let Some(sink) = self.sink.take() {
            let rest = self.into_bytes();
            if !rest.is_empty() {
                let _ = sink.send(rest);
            }
        }
    }
}

/// The rows as UTF-8 CSV, one record per source row (blank rows included, so row numbers stay
/// the source's).
fn to_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = CsvWriter::default();
    for row in rows {
        for cell in row {
            writer.cell(cell);
        }
        writer.end_row();
    }
    writer.into_bytes()
}

/// Facts about the whole source file, shared by its tasks.
pub(crate) struct SourceFacts<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) format: FileKind,
}

impl Validator {
    /// Checks one sheet (or JSON table) as a table and renders its task.
    pub(crate) fn sheet_task(
        &self,
        sheet: Sheet,
        facts: &SourceFacts<'_>,
        name: &str,
        place: &str,
    ) -> ReportTask {
        let started = Instant::now();
        let outcome = self.check_csv(&sheet.csv[..]);
        self.finish_sheet(
            outcome,
            sheet.column_offset,
            sheet.findings,
            facts,
            name,
            place,
            started,
        )
    }

    /// Runs the engine over CSV written by a reader of another format.
    pub(crate) fn check_csv(&self, csv: impl std::io::Read) -> TableOutcome {
        let mut options = self.options.clone();
        options.delimiter = Some(b',');
        options.encoding = Some(encoding_rs::UTF_8);
        options.hash = false;
        options.delimited_text = false;
        check_table(csv, &options)
    }

    /// Moves field numbers to the sheet's columns, adds the format's own findings, renders.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish_sheet(
        &self,
        mut outcome: TableOutcome,
        offset: u64,
        findings: Vec<Finding>,
        facts: &SourceFacts<'_>,
        name: &str,
        place: &str,
        started: Instant,
    ) -> ReportTask {
        if offset > 0 {
            outcome.findings.for_each_mut(|finding| {
                if let Some(field) = &mut finding.field_number {
                    *field += offset;
                }
            });
            outcome.column_offset = offset;
        }
        for mut finding in findings {
            if !self.options.enabled(finding.rule) {
                continue;
            }
            // Cell findings of the format name their column as the header does.
            if finding.field_name.is_none()
                && let (Some(field), Some(header)) = (finding.field_number, &outcome.header)
                && let Some(index) = field.checked_sub(offset + 1)
            {
                finding.field_name = header.field_name(index as usize).map(str::to_owned);
            }
            outcome.findings.push(finding);
        }
        self.source_task(outcome, facts, name, place, started)
    }

    /// A task for a container too large to read whole (workbooks, JSON and archives are).
    pub(crate) fn too_large_to_read_whole(
        &self,
        kind: FileKind,
        name: &str,
        place: &str,
    ) -> ReportTask {
        let facts = SourceFacts {
            bytes: &[],
            format: kind,
        };
        let limit = limits::whole_limit(kind);
        let problem = limits::over(
            "bytes, in a format read whole (workbook, JSON or archive)",
            limit + 1,
            limit,
        );
        self.problem_task(problem, &facts, name, place)
    }

    /// A task for a source (or sheet) that has no table: only `problem`.
    pub(crate) fn problem_task(
        &self,
        problem: SourceProblem,
        facts: &SourceFacts<'_>,
        name: &str,
        place: &str,
    ) -> ReportTask {
        let finding = Finding::new(&SOURCE_ERROR).with_detail(Detail::Source { problem });
        self.finding_task(finding, facts, name, place)
    }

    /// A task whose only finding is `finding` (no table was read).
    pub(crate) fn finding_task(
        &self,
        finding: Finding,
        facts: &SourceFacts<'_>,
        name: &str,
        place: &str,
    ) -> ReportTask {
        self.findings_task(vec![finding], facts, name, place)
    }

    /// A task made of findings about the source itself (not a table), those enabled.
    pub(crate) fn findings_task(
        &self,
        findings: Vec<Finding>,
        facts: &SourceFacts<'_>,
        name: &str,
        place: &str,
    ) -> ReportTask {
        let mut outcome = check_table(&b""[..], &self.options);
        outcome.findings = calidad_core::Findings::with_limit(self.options.limit_errors);
        outcome.schema = None;
        for finding in findings {
            if self.options.enabled(finding.rule) {
                outcome.findings.push(finding);
            }
        }
        self.source_task(outcome, facts, name, place, Instant::now())
    }

    /// Fills in the source's size, hash and format, and renders.
    fn source_task(
        &self,
        mut outcome: TableOutcome,
        facts: &SourceFacts<'_>,
        name: &str,
        place: &str,
        started: Instant,
    ) -> ReportTask {
        outcome.bytes = facts.bytes.len() as u64;
        outcome.sha256 = calidad_core::engine::hex(&Sha256::digest(facts.bytes));
        outcome.encoding = None;
        outcome.dialect = None;
        outcome.detected_kind = Some(facts.format);
        outcome.findings.sort_by_position();
        let md5 = crate::md5_of(facts.bytes, self.expect.needs_md5());
        self.finish_task(outcome, &md5, name, place, started)
    }

    /// Tasks for a source whose first bytes say it is a workbook, JSON or compressed file.
    pub(crate) fn container_tasks(
        &self,
        kind: FileKind,
        bytes: &[u8],
        name: &str,
        place: &str,
        depth: u32,
    ) -> Result<Vec<ReportTask>, Error> {
        let facts = SourceFacts {
            bytes,
            format: kind,
        };
        if kind == FileKind::Json && bytes.len() as u64 > limits::MAX_JSON_BYTES {
            let problem = limits::over(
                "bytes of JSON, read whole (publish it as CSV or JSON lines)",
                bytes.len() as u64,
                limits::MAX_JSON_BYTES,
            );
            return Ok(vec![self.problem_task(problem, &facts, name, place)]);
        }
        // A reader of another crate (calamine, zip, a decompressor) that panics on a damaged
        // file costs that file, not the run.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
            FileKind::Xlsx | FileKind::Ods | FileKind::Ole2 => {
                Ok(workbook::tasks(self, &facts, name, place))
            }
            FileKind::SpreadsheetMl => {
                Ok(workbook::spreadsheet_ml_tasks(self, &facts, name, place))
            }
            FileKind::Json => Ok(vec![json::task(self, &facts, name, place)]),
            FileKind::Gzip | FileKind::Zip => packed::tasks(self, &facts, name, place, depth),
            #[cfg(feature = "parquet")]
            FileKind::Parquet => Ok(vec![parquet::task(self, &facts, name, place)]),
            _ => Ok(vec![self.task(bytes, name, place)]),
        }));
        match read {
            Ok(tasks) => tasks,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown".to_owned());
                let problem = SourceProblem::Unreadable(format!(
                    "the file is damaged: its reader stopped ({what})"
                ));
                Ok(vec![self.problem_task(problem, &facts, name, place)])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting_keeps_cells_as_they_are() {
        let rows = vec![
            vec!["a,b".to_owned(), "dijo \"sí\"".to_owned(), " x".to_owned()],
            vec![],
            vec!["1".to_owned()],
        ];
        let csv = String::from_utf8(to_csv(&rows)).unwrap();
        // An empty row is one empty quoted cell: a blank record, as the engine reads it.
        assert_eq!(csv, "\"a,b\",\"dijo \"\"sí\"\"\",\" x\"\n\"\"\n\"1\"\n");
    }
}
