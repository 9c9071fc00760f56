//! What calidad accepts of sizes, counts and indexes read from a file — which it never trusts:
//! a 2 KB workbook can declare a billion cells, and a 3 MB one can hold a 3 GB string. Past a
//! limit, a source is not read and a `source-error` names the limit, so memory stays bounded
//! (under a gigabyte) whatever the file says.

use calidad_core::finding::SourceProblem;
use std::io::{Cursor, Read};

/// Columns of a sheet (Excel's own maximum, `XFD`).
pub(crate) const MAX_COLUMNS: u64 = 16_384;
/// Rows of a sheet (Excel's own maximum).
pub(crate) const MAX_ROWS: u64 = 1_048_576;
/// Cells of a sheet read whole (its rows × columns): about 32 bytes each in memory.
pub(crate) const MAX_SHEET_CELLS: u64 = 20_000_000;
/// Cells a streamed sheet writes for the engine (rows × the sheet's width).
pub(crate) const MAX_STREAMED_CELLS: u64 = 300_000_000;
/// Bytes one part of a workbook (a sheet's XML, its shared strings) may decompress to.
pub(crate) const MAX_PART_BYTES: u64 = 1 << 30;
/// Entries of a ZIP container (a workbook's parts, an archive's files).
pub(crate) const MAX_ZIP_ENTRIES: usize = 10_000;
/// Bytes of a source read whole (workbooks, JSON documents, archives).
pub(crate) const MAX_WHOLE_BYTES: u64 = 512 << 20;
/// Bytes of a JSON document: it is parsed whole, its strings and all.
pub(crate) const MAX_JSON_BYTES: u64 = 256 << 20;
/// Tables read from one archive.
pub(crate) const MAX_ARCHIVE_TABLES: usize = 1_000;

/// Bytes of a source of `kind` read whole before it is refused.
pub(crate) fn whole_limit(kind: calidad_core::finding::FileKind) -> u64 {
    if kind == calidad_core::finding::FileKind::Json {
        MAX_JSON_BYTES
    } else {
        MAX_WHOLE_BYTES
    }
}

/// A problem naming the limit.
pub(crate) fn over(what: &str, found: u64, limit: u64) -> SourceProblem {
    SourceProblem::Limit {
        what: what.to_owned(),
        found,
        limit,
    }
}

/// Checks a ZIP container's table of contents before anything is decompressed: how many
/// entries, and how large each says it is. (What an entry really decompresses to is capped
/// again while it is read.)
pub(crate) fn check_zip(bytes: &[u8]) -> Result<(), SourceProblem> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(over(
            "entries in the ZIP container",
            archive.len() as u64,
            MAX_ZIP_ENTRIES as u64,
        ));
    }
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(index) else {
            continue;
        };
        if entry.size() > MAX_PART_BYTES {
            return Err(over(
                &format!("bytes in the part {}", entry.name()),
                entry.size(),
                MAX_PART_BYTES,
            ));
        }
    }
    Ok(())
}

/// Bytes a workbook's shared strings may decompress to: they are all held in memory.
pub(crate) const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;
/// Deflate expands a byte to at most about 1,032: an entry compressed smaller than a limit
/// divided by this cannot pass the limit, whatever it declares.
const DEFLATE_MAX_RATIO: u64 = 1_100;

/// The most a workbook part may decompress to.
fn part_limit(name: &str) -> u64 {
    if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
        MAX_SHARED_STRINGS_BYTES
    } else {
        MAX_PART_BYTES
    }
}

/// Decompresses the parts of a workbook that could pass their limit into a counter, to learn
/// what they really hold: an entry may declare a small size and decompress to gigabytes, and
/// the reader behind calamine would follow it. Parts too small to pass their limit are not
/// decompressed twice.
pub(crate) fn check_parts_really(bytes: &[u8]) -> Result<(), SourceProblem> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        let name = entry.name().to_owned();
        let limit = part_limit(&name);
        if entry.size() > limit {
            return Err(over(
                &format!("bytes in the part {name}"),
                entry.size(),
                limit,
            ));
        }
        if entry.compressed_size().saturating_mul(DEFLATE_MAX_RATIO) <= limit {
            continue;
        }
        let mut limited = entry.take(limit + 1);
        let real = std::io::copy(&mut limited, &mut std::io::sink()).unwrap_or(0);
        if real > limit {
            return Err(over(&format!("bytes in the part {name}"), real, limit));
        }
    }
    Ok(())
}

/// The cells an OpenDocument spreadsheet's sheets span once their repeated rows and columns
/// are expanded (`number-rows-repeated="1000000"`), counted from `content.xml` without
/// expanding anything: fails when a sheet would be larger than a sheet read whole may be.
/// Repeats with no value in them (the blank tail LibreOffice writes) cost nothing.
pub(crate) fn check_ods(bytes: &[u8]) -> Result<(), SourceProblem> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = Reader::from_reader(std::io::BufReader::new(content.take(MAX_PART_BYTES)));
    let mut buf = Vec::new();
    let repeated = |e: &quick_xml::events::BytesStart<'_>, key: &[u8]| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref().ends_with(key))
            .and_then(|a| String::from_utf8_lossy(&a.value).parse().ok())
            .unwrap_or(1)
    };
    let valued = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes().flatten().any(|a| {
            let key = a.key.as_ref();
            key.ends_with(b"value") || key.ends_with(b"value-type")
        })
    };
    // Rows and the widest valued column of the current sheet.
    let (mut rows, mut width) = (0u64, 0u64);
    let (mut row_repeat, mut column, mut row_width) = (1u64, 0u64, 0u64);
    let mut in_cell: Option<u64> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) => return Ok(()),
        };
        let (element, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = element {
            match e.local_name().as_ref() {
                b"table" => (rows, width) = (0, 0),
                b"table-row" if empty => {
                    rows = rows.saturating_add(repeated(e, b"number-rows-repeated").min(MAX_ROWS));
                }
                b"table-row" => {
                    row_repeat = repeated(e, b"number-rows-repeated");
                    column = 0;
                    row_width = 0;
                }
                b"table-cell" | b"covered-table-cell" => {
                    let span = repeated(e, b"number-columns-repeated");
                    column = column.saturating_add(span);
                    if valued(e) {
                        row_width = column;
                    } else if !empty {
                        in_cell = Some(column);
                    }
                }
                b"p" | b"span" => {
                    if let Some(at) = in_cell {
                        row_width = row_width.max(at);
                    }
                }
                _ => {}
            }
        }
        match event {
            Event::End(e) => match e.local_name().as_ref() {
                b"table-cell" | b"covered-table-cell" => in_cell = None,
                b"table-row" => {
                    rows = rows.saturating_add(row_repeat.min(MAX_ROWS));
                    if row_width > 0 {
                        width = width.max(row_width);
                        let cells = rows.saturating_mul(width);
                        if cells > MAX_SHEET_CELLS {
                            return Err(over("cells in a sheet", cells, MAX_SHEET_CELLS));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}
