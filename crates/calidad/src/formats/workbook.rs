//! Workbooks through `calamine` (xlsx, xlsm, xlsb, xls, ods) and Excel 2003 XML
//! (SpreadsheetML, often saved as `.xls`): one task per sheet, named `file.xlsx#Sheet`.

#[cfg(feature = "threads")]
use super::ChannelReader;
use super::{CsvWriter, Sheet, SourceFacts, limits};
use crate::ReportTask;
use crate::Validator;
use calamine::{
    CellErrorType, Data, DataRef, Dimensions, Range, Reader, Sheets, open_workbook_auto_from_rs,
};
use calidad_core::calendar::civil_from_days;
use calidad_core::finding::{Detail, Finding, SourceProblem};
use calidad_core::rules::merged_cells::MERGED_CELLS;
use calidad_core::rules::not_a_table::NOT_A_TABLE;
use calidad_core::rules::{formula_error::FORMULA_ERROR, macros_present::MACROS_PRESENT};
use std::io::Cursor;

/// Days from 1899-12-30 (Excel's day 0 in the 1900 date system) to 1970-01-01.
const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// Whether a workbook carries a VBA project: an `xl/vbaProject.bin` part in an Office Open XML
/// package, or a `_VBA_PROJECT_CUR` storage in a legacy OLE2 file. Looked for by name, never
/// parsed or run.
fn has_vba_project(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"PK") {
        return zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|archive| {
            archive
                .file_names()
                .any(|name| name.to_ascii_lowercase().ends_with("vbaproject.bin"))
        });
    }
    let storage: Vec<u8> = "_VBA_PROJECT_CUR"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    memchr::memmem::find(bytes, &storage).is_some()
}

/// A column number (1-based) as letters: 1 → `A`, 28 → `AB`.
pub(crate) fn column_letters(mut column: u64) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = ((column - 1) % 26) as u8;
        letters.push(b'A' + rem);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

fn range_name(dimensions: &Dimensions) -> String {
    let (r1, c1) = dimensions.start;
    let (r2, c2) = dimensions.end;
    format!(
        "{}{}:{}{}",
        column_letters(u64::from(c1) + 1),
        r1 + 1,
        column_letters(u64::from(c2) + 1),
        r2 + 1
    )
}

/// An Excel serial date as ISO 8601: a date, a time, or both.
fn serial_to_iso(serial: f64) -> String {
    if !serial.is_finite() {
        return serial.to_string();
    }
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let (days, seconds) = if seconds >= 86_400 {
        (days as i64 + 1, 0)
    } else {
        (days as i64, seconds)
    };
    let clock = format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if days == 0 && serial < 1.0 {
        return clock;
    }
    let (year, month, day) = civil_from_days(days - EXCEL_EPOCH_OFFSET);
    let date = format!("{year:04}-{month:02}-{day:02}");
    if seconds == 0 {
        date
    } else {
        format!("{date}T{clock}")
    }
}

/// A number as people write it: `15101`, not `15101.0`.
pub(crate) fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_duration() => number_text(dt.as_f64()),
        Data::DateTime(dt) => serial_to_iso(dt.as_f64()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(error) => error.to_string(),
    }
}

/// Whether a sheet's name says it documents the workbook rather than holding a table: "Ficha
/// del producto", "Notas", "Glosario", "Índice", "Parámetros", "Metodología"…
fn is_documentation_sheet(name: &str) -> bool {
    let plain: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            _ => c,
        })
        .collect();
    // Names that say it alone ("Índice de precios" is data; "Índice" is a list of sheets).
    const WHOLE: &[&str] = &[
        "indice",
        "parametros",
        "contenido",
        "contenidos",
        "informacion",
        "fuente",
        "fuentes",
        "definicion",
        "leame",
        "info",
        "about",
        "index",
        "readme",
        "notes",
        "glossary",
    ];
    // First words that say it whatever follows ("Ficha del producto", "Notas técnicas").
    const FIRST: &[&str] = &[
        "ficha",
        "portada",
        "presentacion",
        "glosario",
        "metadatos",
        "metadata",
        "metodologia",
        "instrucciones",
        "nota",
        "notas",
        "definiciones",
        "leeme",
        "caratula",
        "creditos",
        "documentacion",
        "introduccion",
        "acerca",
    ];
    let first = plain
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    WHOLE.contains(&plain.as_str()) || FIRST.contains(&first)
}

/// A sheet's cells as rows, with formula errors as findings. The area read is the used range,
/// widened to cover merged regions (a cell merged across two columns occupies both on screen,
/// so a header merged across two columns has two columns).
fn sheet_rows(range: &Range<Data>, merged: &[Dimensions]) -> Sheet {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let (_, col_end) = range.end().unwrap_or((0, 0));
    let last_col = usable_merges(merged)
        .map(|d| d.end.1)
        .fold(col_end, u32::max);
    let width = (last_col.saturating_sub(col0) + 1) as usize;
    let mut csv = CsvWriter::default();
    for _ in 0..row0 {
        csv.end_row();
    }
    let mut findings = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let row_number = u64::from(row0) + i as u64 + 1;
        // Every row has the sheet's used width, as a person sees it: an empty cell at the
        // end of a row is an empty value, not a missing one.
        for (j, cell) in row.iter().enumerate() {
            csv.cell(&cell_text(cell));
            if let Data::Error(error) = cell {
                findings.push(formula_error(
                    row_number,
                    u64::from(col0) + j as u64 + 1,
                    error,
                ));
            }
        }
        for _ in row.len()..width {
            csv.cell("");
        }
        csv.end_row();
    }
    Sheet {
        csv: csv.into_bytes(),
        column_offset: u64::from(col0),
        findings,
    }
}

fn formula_error(row: u64, column: u64, error: &CellErrorType) -> Finding {
    Finding::new(&FORMULA_ERROR)
        .at_row(row, row)
        .at_field(column, None)
        .with_cell(&error.to_string())
}

/// What streaming a sheet found besides its CSV.
#[cfg_attr(not(feature = "threads"), allow(dead_code))]
struct Streamed {
    findings: Vec<Finding>,
    column_offset: u64,
    any: bool,
}

/// The area of an xlsx sheet to stream: its declared `<dimension>`, or, when the file has none
/// (some generators leave it out), the bounds of its cells found in a first pass that keeps
/// only positions.
#[cfg_attr(not(feature = "threads"), allow(dead_code))]
fn declared_area<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
) -> Option<Dimensions> {
    let mut reader = xlsx.worksheet_cells_reader(sheet).ok()?;
    let dimensions = reader.dimensions();
    if dimensions.end != (0, 0) {
        return Some(dimensions);
    }
    let mut bounds: Option<((u32, u32), (u32, u32))> = None;
    while let Some(cell) = reader.next_cell().ok()? {
        let (r, c) = cell.get_position();
        bounds = Some(match bounds {
            None => ((r, c), (r, c)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))),
        });
    }
    let (start, end) = bounds?;
    Some(Dimensions { start, end })
}

/// Streams an xlsx sheet cell by cell (calamine's streaming reader) as CSV into `csv`: the
/// sheet is never held in memory. Fails if a cell lies outside the declared area (the caller
/// then reads the sheet whole).
#[cfg_attr(not(feature = "threads"), allow(dead_code))]
fn stream_sheet<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
    area: Dimensions,
    merged: &[Dimensions],
    mut csv: CsvWriter,
) -> Result<Streamed, String> {
    let mut reader = xlsx
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    let (row0, col0) = area.start;
    let last_col = usable_merges(merged)
        .map(|d| d.end.1)
        .fold(area.end.1, u32::max);
    let width = (last_col.saturating_sub(col0) + 1) as usize;
    if width as u64 > limits::MAX_COLUMNS {
        return Err(format!(
            "the sheet declares {width} columns, more than a sheet can have"
        ));
    }
    let mut findings = Vec::new();
    let mut written_cells = 0u64;
    let mut cells: Vec<String> = vec![String::new(); width];
    let mut current: Option<u32> = None;
    let mut written_rows = 0u32;
    let mut any = false;
    let flush = |csv: &mut CsvWriter, cells: &mut Vec<String>| {
        for cell in cells.iter_mut() {
            csv.cell(cell);
            cell.clear();
        }
        csv.end_row();
    };
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let (r, c) = cell.get_position();
        if c < col0 || r < row0 || (c - col0) as usize >= width {
            return Err("a cell lies outside the sheet's declared area".to_owned());
        }
        if current != Some(r) {
            if current.is_some() {
                flush(&mut csv, &mut cells);
                written_rows += 1;
                written_cells += width as u64;
                if written_cells > limits::MAX_STREAMED_CELLS {
                    findings.push(limit_finding(limits::over(
                        "cells in the sheet",
                        written_cells,
                        limits::MAX_STREAMED_CELLS,
                    )));
                    csv.finish();
                    return Ok(Streamed {
                        findings,
                        column_offset: u64::from(col0),
                        any,
                    });
                }
            }
            if u64::from(r) >= limits::MAX_ROWS {
                return Err("a row lies beyond the last row a sheet can have".to_owned());
            }
            while written_rows < r {
                csv.end_row();
                written_rows += 1;
            }
            current = Some(r);
        }
        let text = match cell.get_value() {
            DataRef::Empty => String::new(),
            DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
                text.clone()
            }
            DataRef::SharedString(text) => (*text).to_owned(),
            DataRef::Int(n) => n.to_string(),
            DataRef::Float(f) => number_text(*f),
            DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            DataRef::DateTime(dt) if dt.is_duration() => number_text(dt.as_f64()),
            DataRef::DateTime(dt) => serial_to_iso(dt.as_f64()),
            DataRef::Error(error) => {
                findings.push(formula_error(u64::from(r) + 1, u64::from(c) + 1, error));
                error.to_string()
            }
        };
        any |= !text.is_empty();
        cells[(c - col0) as usize] = text;
    }
    if current.is_some() {
        flush(&mut csv, &mut cells);
    }
    csv.finish();
    Ok(Streamed {
        findings,
        column_offset: u64::from(col0),
        any,
    })
}

/// Without threads (WebAssembly), every sheet is read whole.
#[cfg(not(feature = "threads"))]
fn streamed_task<RS: std::io::Read + std::io::Seek + Send>(
    _validator: &Validator,
    _xlsx: &mut calamine::Xlsx<RS>,
    _sheet: &str,
    _merged: &[Dimensions],
    _facts: &SourceFacts<'_>,
    _name: &str,
    _place: &str,
) -> Option<ReportTask> {
    None
}

/// The task of an xlsx sheet streamed into the engine on a second thread; `None` when the
/// sheet has to be read whole instead.
#[cfg(feature = "threads")]
#[allow(clippy::too_many_arguments)]
fn streamed_task<RS: std::io::Read + std::io::Seek + Send>(
    validator: &Validator,
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
    merged: &[Dimensions],
    facts: &SourceFacts<'_>,
    name: &str,
    place: &str,
) -> Option<ReportTask> {
    let area = declared_area(xlsx, sheet)?;
    let started = web_time::Instant::now();
    let (sender, receiver) = std::sync::mpsc::sync_channel(4);
    let (outcome, streamed) = std::thread::scope(|scope| {
        let producer = scope
            .spawn(move || stream_sheet(xlsx, sheet, area, merged, CsvWriter::sending(sender)));
        let outcome = validator.check_csv(ChannelReader::new(receiver));
        (outcome, producer.join())
    });
    match streamed {
        Ok(Ok(streamed)) if streamed.any => Some(validator.finish_sheet(
            outcome,
            streamed.column_offset,
            streamed.findings,
            facts,
            name,
            place,
            started,
        )),
        Ok(Ok(_)) => Some(validator.problem_task(SourceProblem::EmptySheet, facts, name, place)),
        _ => None,
    }
}

/// Merged regions inside the bounds a sheet can have (a region out to column `ZZZZZZ` is not
/// one a sheet can hold: it does not widen the table).
fn usable_merges(merged: &[Dimensions]) -> impl Iterator<Item = &Dimensions> {
    merged.iter().filter(|d| {
        u64::from(d.end.1) < limits::MAX_COLUMNS && u64::from(d.end.0) < limits::MAX_ROWS
    })
}

/// A `source-error` for a limit reached partway (what was read is still checked).
fn limit_finding(problem: SourceProblem) -> Finding {
    Finding::new(&calidad_core::rules::source_error::SOURCE_ERROR)
        .with_detail(Detail::Source { problem })
}

/// The cells a sheet read whole would span, from its cells' positions (read without their
/// values): its area must fit [`limits::MAX_SHEET_CELLS`].
fn whole_sheet_fits<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
) -> Result<(), SourceProblem> {
    let Ok(mut reader) = xlsx.worksheet_cells_reader(sheet) else {
        return Ok(());
    };
    let mut bounds: Option<((u64, u64), (u64, u64))> = None;
    while let Ok(Some(cell)) = reader.next_cell() {
        let (r, c) = cell.get_position();
        let (r, c) = (u64::from(r), u64::from(c));
        bounds = Some(match bounds {
            None => ((r, c), (r, c)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))),
        });
    }
    let Some(((r0, c0), (r1, c1))) = bounds else {
        return Ok(());
    };
    let cells = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
    if cells > limits::MAX_SHEET_CELLS {
        return Err(limits::over(
            "cells in the sheet",
            cells,
            limits::MAX_SHEET_CELLS,
        ));
    }
    Ok(())
}

fn merged_finding(ranges: Vec<String>) -> Option<Finding> {
    if ranges.is_empty() {
        return None;
    }
    Some(Finding::new(&MERGED_CELLS).with_detail(Detail::Ranges { ranges }))
}

/// Tasks for a calamine workbook, one per sheet (or the one `--sheet` names).
pub(crate) fn tasks(
    validator: &Validator,
    facts: &SourceFacts<'_>,
    name: &str,
    place: &str,
) -> Vec<ReportTask> {
    // The table of contents first, and an OpenDocument sheet's repeats, before any cell is
    // expanded in memory.
    let checked = match facts.format {
        calidad_core::finding::FileKind::Xlsx => {
            limits::check_zip(facts.bytes).and_then(|()| limits::check_parts_really(facts.bytes))
        }
        calidad_core::finding::FileKind::Ods => {
            limits::check_zip(facts.bytes).and_then(|()| limits::check_ods(facts.bytes))
        }
        calidad_core::finding::FileKind::Ole2 => limits::check_cfb(facts.bytes),
        _ => Ok(()),
    };
    if let Err(problem) = checked {
        return vec![validator.problem_task(problem, facts, name, place)];
    }
    let mut workbook = match open_workbook_auto_from_rs(Cursor::new(facts.bytes)) {
        Ok(workbook) => workbook,
        Err(error) => {
            return vec![validator.problem_task(
                SourceProblem::Unreadable(format!("not a workbook calidad can read ({error})")),
                facts,
                name,
                place,
            )];
        }
    };
    let macros = has_vba_project(facts.bytes);
    let mut merged: Vec<(String, Vec<Dimensions>)> = Vec::new();
    match &mut workbook {
        Sheets::Xlsx(xlsx) => {
            // Without merged regions the sheet is still read; only their finding is lost.
            // (calamine panics if they are asked for after failing to load.)
            let loaded = xlsx.load_merged_regions().is_ok();
            let regions: &[(String, String, Dimensions)] =
                if loaded { xlsx.merged_regions() } else { &[] };
            {
                for (sheet, _, dimensions) in regions {
                    match merged.iter_mut().find(|(s, _)| s == sheet) {
                        Some((_, regions)) => regions.push(*dimensions),
                        None => merged.push((sheet.clone(), vec![*dimensions])),
                    }
                }
            }
        }
        Sheets::Xls(xls) => {
            for sheet in xls.sheet_names() {
                if let Some(regions) = xls.worksheet_merge_cells(&sheet) {
                    merged.push((sheet.clone(), regions));
                }
            }
        }
        _ => {}
    }
    let names = workbook.sheet_names();
    let wanted: Vec<String> = match &validator.sheet {
        Some(sheet) => names.iter().filter(|n| *n == sheet).cloned().collect(),
        None => names.clone(),
    };
    if wanted.is_empty() {
        let problem = match &validator.sheet {
            Some(sheet) => SourceProblem::Unreadable(format!(
                "the workbook has no sheet named {sheet:?} (it has {})",
                names.join(", ")
            )),
            None => SourceProblem::Unreadable("the workbook has no sheets".to_owned()),
        };
        return vec![validator.problem_task(problem, facts, name, place)];
    }
    let mut out = Vec::new();
    for (index, sheet) in wanted.iter().enumerate() {
        let task_name = format!("{name}#{sheet}");
        let task_place = format!("{place}#{sheet}");
        // A sheet asked for by name is validated whatever it holds.
        if validator.sheet.is_none() && is_documentation_sheet(sheet) {
            let mut findings = vec![Finding::new(&NOT_A_TABLE).with_detail(Detail::Param {
                text: sheet.clone(),
            })];
            if macros && index == 0 {
                findings.push(Finding::new(&MACROS_PRESENT));
            }
            out.push(validator.findings_task(findings, facts, &task_name, &task_place));
            continue;
        }
        let regions: Vec<Dimensions> = merged
            .iter()
            .find(|(s, _)| s == sheet)
            .map_or_else(Vec::new, |(_, regions)| regions.clone());
        if let Sheets::Xlsx(xlsx) = &mut workbook
            && let Some(mut task) = streamed_task(
                validator,
                xlsx,
                sheet,
                &regions,
                facts,
                &task_name,
                &task_place,
            )
        {
            let mut extra = Vec::new();
            if let Some(finding) = merged_finding(regions.iter().map(range_name).collect()) {
                extra.push(finding);
            }
            if macros && index == 0 {
                extra.push(Finding::new(&MACROS_PRESENT));
            }
            for finding in extra.iter().filter(|f| validator.options.enabled(f.rule)) {
                crate::add_finding(&mut task, finding, validator.lang);
            }
            out.push(task);
            continue;
        }
        if let Sheets::Xlsx(xlsx) = &mut workbook
            && let Err(problem) = whole_sheet_fits(xlsx, sheet)
        {
            out.push(validator.problem_task(problem, facts, &task_name, &task_place));
            continue;
        }
        let range = match workbook.worksheet_range(sheet) {
            Ok(range) => range,
            Err(error) => {
                out.push(validator.problem_task(
                    SourceProblem::Unreadable(format!("sheet {sheet:?}: {error}")),
                    facts,
                    &task_name,
                    &task_place,
                ));
                continue;
            }
        };
        if range.is_empty() {
            out.push(validator.problem_task(
                SourceProblem::EmptySheet,
                facts,
                &task_name,
                &task_place,
            ));
            continue;
        }
        let mut rows = sheet_rows(&range, &regions);
        if let Some(finding) = merged_finding(regions.iter().map(range_name).collect()) {
            rows.findings.push(finding);
        }
        if macros && index == 0 {
            rows.findings.push(Finding::new(&MACROS_PRESENT));
        }
        out.push(validator.sheet_task(rows, facts, &task_name, &task_place));
    }
    out
}

/// Tasks for an Excel 2003 XML workbook (SpreadsheetML): `<Worksheet ss:Name>`, `<Row
/// ss:Index>`, `<Cell ss:Index ss:MergeAcross ss:MergeDown>`, `<Data>`.
pub(crate) fn spreadsheet_ml_tasks(
    validator: &Validator,
    facts: &SourceFacts<'_>,
    name: &str,
    place: &str,
) -> Vec<ReportTask> {
    let sheets = match spreadsheet_ml::read(facts.bytes) {
        Ok(sheets) => sheets,
        Err(problem) => return vec![validator.problem_task(problem, facts, name, place)],
    };
    let mut out = Vec::new();
    for sheet in sheets {
        if validator.sheet.as_ref().is_some_and(|s| *s != sheet.name) {
            continue;
        }
        let task_name = format!("{name}#{}", sheet.name);
        let task_place = format!("{place}#{}", sheet.name);
        if sheet.rows.iter().all(|r| r.iter().all(String::is_empty)) {
            out.push(validator.problem_task(
                SourceProblem::EmptySheet,
                facts,
                &task_name,
                &task_place,
            ));
            continue;
        }
        let mut findings = Vec::new();
        if let Some(finding) = merged_finding(sheet.merged) {
            findings.push(finding);
        }
        let rows = Sheet::from_rows(&sheet.rows, 0, findings);
        out.push(validator.sheet_task(rows, facts, &task_name, &task_place));
    }
    if out.is_empty() {
        out.push(validator.problem_task(
            SourceProblem::Unreadable("the workbook has no matching sheet".to_owned()),
            facts,
            name,
            place,
        ));
    }
    out
}

mod spreadsheet_ml {
    //! A small reader for Excel 2003 XML, enough for the tables portals export in it.

    use super::{column_letters, limits, number_text};
    use calidad_core::finding::SourceProblem;
    use quick_xml::Reader;
    use quick_xml::events::{BytesStart, Event};

    pub(super) struct XmlSheet {
        pub(super) name: String,
        pub(super) rows: Vec<Vec<String>>,
        pub(super) merged: Vec<String>,
    }

    fn attribute(element: &BytesStart<'_>, local: &[u8]) -> Option<String> {
        element.attributes().flatten().find_map(|a| {
            let key = a.key.as_ref();
            let name = key.rsplit(|b| *b == b':').next().unwrap_or(key);
            (name == local).then(|| String::from_utf8_lossy(&a.value).into_owned())
        })
    }

    fn local_name(element: &BytesStart<'_>) -> Vec<u8> {
        let name = element.name();
        let raw = name.as_ref();
        raw.rsplit(|b| *b == b':').next().unwrap_or(raw).to_vec()
    }

    /// A row or column index past what a sheet can have.
    fn too_far(what: &str, index: usize, limit: u64) -> SourceProblem {
        limits::over(&format!("as the index of a {what}"), index as u64, limit)
    }

    pub(super) fn read(bytes: &[u8]) -> Result<Vec<XmlSheet>, SourceProblem> {
        let mut cells = 0u64;
        let mut reader = Reader::from_reader(bytes);
        let mut sheets: Vec<XmlSheet> = Vec::new();
        let mut row_index = 0usize;
        let mut column = 0usize;
        // The column of the cell whose <Data> is being read (a merged cell's first column).
        let mut cell_column = 0usize;
        let mut in_data = false;
        let mut data_type = String::new();
        let mut text = String::new();
        let mut buf = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buf).map_err(|e| {
                SourceProblem::Unreadable(format!(
                    "not well-formed XML at byte {}: {e}",
                    reader.buffer_position()
                ))
            })?;
            match event {
                Event::Start(element) | Event::Empty(element) => {
                    match local_name(&element).as_slice() {
                        b"Worksheet" => sheets.push(XmlSheet {
                            name: attribute(&element, b"Name")
                                .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1)),
                            rows: Vec::new(),
                            merged: Vec::new(),
                        }),
                        b"Row" => {
                            if let Some(sheet) = sheets.last_mut() {
                                let index = attribute(&element, b"Index")
                                    .and_then(|i| i.parse::<usize>().ok())
                                    .unwrap_or(sheet.rows.len() + 1);
                                if index as u64 > limits::MAX_ROWS {
                                    return Err(too_far("row", index, limits::MAX_ROWS));
                                }
                                while sheet.rows.len() < index {
                                    sheet.rows.push(Vec::new());
                                }
                                row_index = index;
                                column = 0;
                            }
                        }
                        b"Cell" => {
                            column = attribute(&element, b"Index")
                                .and_then(|i| i.parse::<usize>().ok())
                                .unwrap_or(column + 1);
                            if column as u64 > limits::MAX_COLUMNS {
                                return Err(too_far("column", column, limits::MAX_COLUMNS));
                            }
                            cells += 1;
                            if cells > limits::MAX_SHEET_CELLS {
                                return Err(limits::over(
                                    "cells in the workbook",
                                    cells,
                                    limits::MAX_SHEET_CELLS,
                                ));
                            }
                            let across = attribute(&element, b"MergeAcross")
                                .and_then(|v| v.parse::<usize>().ok())
                                .unwrap_or(0)
                                .min(limits::MAX_COLUMNS as usize);
                            let down = attribute(&element, b"MergeDown")
                                .and_then(|v| v.parse::<usize>().ok())
                                .unwrap_or(0)
                                .min(limits::MAX_ROWS as usize);
                            if (across > 0 || down > 0)
                                && let Some(sheet) = sheets.last_mut()
                            {
                                sheet.merged.push(format!(
                                    "{}{}:{}{}",
                                    column_letters(column as u64),
                                    row_index,
                                    column_letters((column + across) as u64),
                                    row_index + down
                                ));
                            }
                            if let Some(sheet) = sheets.last_mut()
                                && let Some(row) = sheet.rows.get_mut(row_index.saturating_sub(1))
                            {
                                while row.len() < column {
                                    row.push(String::new());
                                }
                            }
                            cell_column = column;
                            column += across;
                        }
                        b"Data" => {
                            in_data = true;
                            text.clear();
                            data_type = attribute(&element, b"Type").unwrap_or_default();
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if in_data => {
                    text.push_str(
                        &t.unescape()
                            .map_err(|e| SourceProblem::Unreadable(e.to_string()))?,
                    );
                }
                Event::CData(t) if in_data => {
                    text.push_str(&String::from_utf8_lossy(&t));
                }
                Event::End(element) => {
                    let name = element.name();
                    let raw = name.as_ref();
                    let local = raw.rsplit(|b| *b == b':').next().unwrap_or(raw);
                    if local == b"Data" {
                        in_data = false;
                        let value = if data_type == "Number" {
                            text.trim()
                                .parse::<f64>()
                                .map_or_else(|_| text.clone(), number_text)
                        } else if data_type == "DateTime" {
                            text.trim_end_matches(".000")
                                .trim_end_matches("T00:00:00")
                                .to_owned()
                        } else {
                            text.clone()
                        };
                        if let Some(sheet) = sheets.last_mut()
                            && let Some(row) = sheet.rows.get_mut(row_index.saturating_sub(1))
                            && let Some(cell) = cell_column.checked_sub(1).and_then(|c| {
                                while row.len() <= c {
                                    row.push(String::new());
                                }
                                row.get_mut(c)
                            })
                        {
                            *cell = value;
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        for sheet in &mut sheets {
            for row in &mut sheet.rows {
                while row.last().is_some_and(String::is_empty) {
                    row.pop();
                }
            }
        }
        if sheets.is_empty() {
            return Err(SourceProblem::Unreadable(
                "an XML file without worksheets".to_owned(),
            ));
        }
        Ok(sheets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_sheets() {
        for yes in [
            "Ficha del producto",
            "Parámetros",
            "Índice",
            "Notas técnicas",
            "Glosario",
        ] {
            assert!(is_documentation_sheet(yes), "{yes}");
        }
        for no in [
            "Índice de precios",
            "Regiones",
            "Hoja1",
            "Notarías",
            "Datos",
        ] {
            assert!(!is_documentation_sheet(no), "{no}");
        }
    }

    #[test]
    fn columns_and_serial_dates() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(28), "AB");
        assert_eq!(serial_to_iso(45352.0), "2024-03-01");
        assert_eq!(serial_to_iso(45352.5), "2024-03-01T12:00:00");
        assert_eq!(serial_to_iso(0.25), "06:00:00");
        assert_eq!(number_text(15101.0), "15101");
        assert_eq!(number_text(12.49), "12.49");
    }

    #[test]
    fn spreadsheet_ml_cells_land_in_their_columns() {
        let xml = br#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Datos">
  <Table>
   <Row><Cell ss:MergeAcross="1"><Data ss:Type="String">Titulo</Data></Cell></Row>
   <Row ss:Index="3"><Cell><Data ss:Type="String">comuna</Data></Cell><Cell><Data ss:Type="String">valor</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Maip&#250;</Data></Cell><Cell ss:Index="2"><Data ss:Type="Number">12.0</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"#;
        let sheets = spreadsheet_ml::read(xml).unwrap();
        assert_eq!(sheets[0].name, "Datos");
        assert_eq!(sheets[0].rows[0], ["Titulo"]);
        assert!(sheets[0].rows[1].is_empty());
        assert_eq!(sheets[0].rows[2], ["comuna", "valor"]);
        assert_eq!(sheets[0].rows[3], ["Maipú", "12"]);
        assert_eq!(sheets[0].merged, ["A1:B1"]);
    }
}
