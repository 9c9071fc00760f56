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

/// Checks a legacy Office file (OLE2 / Compound File Binary) before calamine reads it: every
/// sector and chain it points at must lie inside the file, no chain may loop, and no stream may
/// say it is larger than the file. (calamine trusts all of these, and a sector number of four
/// billion becomes a request for terabytes of memory.)
pub(crate) fn check_cfb(bytes: &[u8]) -> Result<(), SourceProblem> {
    const RESERVED: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    let damaged =
        |why: &str| SourceProblem::Unreadable(format!("a damaged legacy Office file ({why})"));
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map_or(u32::MAX, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if bytes.len() < 512 {
        return Err(damaged("shorter than its header"));
    }
    let sector: usize = match u16_at(30) {
        9 => 512,
        12 => 4096,
        _ => return Err(damaged("an unknown sector size")),
    };
    let len = bytes.len() as u64;
    // Sector `i` starts after the header, which takes one sector.
    let sectors = (bytes.len() / sector).saturating_sub(1) as u64;
    let sector_bytes = |id: u32| -> Option<&[u8]> {
        let start = (u64::from(id) + 1).checked_mul(sector as u64)?;
        bytes.get(usize::try_from(start).ok()?..usize::try_from(start + sector as u64).ok()?)
    };
    let words = |data: &[u8]| -> Vec<u32> {
        data.chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    };
    for (what, count) in [
        ("directory", u32_at(40)),
        ("allocation table", u32_at(44)),
        ("mini FAT", u32_at(64)),
    ] {
        if u64::from(count).saturating_mul(sector as u64) > len {
            return Err(damaged(&format!("its {what} is larger than the file")));
        }
    }
    // The reader reserves room for a sector list sized by the four bytes at offset 62 (which
    // straddle two header fields): in a real file they are small, in a damaged one they ask
    // for up to 16 GB.
    if u64::from(u32_at(62)) * 4 > 256 << 20 {
        return Err(damaged("its header's sector counts are impossible"));
    }
    // The FAT's sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
    let mut fat_ids: Vec<u32> = words(&bytes[76..512]);
    let mut next = u32_at(68);
    let mut steps = 0u64;
    while next < RESERVED {
        steps += 1;
        let data = sector_bytes(next).filter(|_| steps <= sectors);
        let Some(data) = data else {
            return Err(damaged("its sector list points outside the file, or loops"));
        };
        let mut entries = words(data);
        next = entries.pop().unwrap_or(END_OF_CHAIN);
        fat_ids.extend(entries);
    }
    let mut fat = Vec::new();
    for id in fat_ids.into_iter().filter(|id| *id < DIFSECT) {
        match sector_bytes(id) {
            Some(data) => fat.extend(words(data)),
            None => return Err(damaged("its allocation table points outside the file")),
        }
    }
    // A chain of sectors (or mini sectors, in `table`): inside `limit` ids, never looping. Only
    // END_OF_CHAIN ends it: the reader takes any other special value for a sector's number.
    let walk = |start: u32, table: &[u32], limit: u64| -> Result<u64, SourceProblem> {
        let mut id = start;
        let mut steps = 0u64;
        while id != END_OF_CHAIN {
            steps += 1;
            if u64::from(id) >= limit || steps > limit {
                return Err(damaged("a stream points outside the file, or loops"));
            }
            id = *table
                .get(id as usize)
                .ok_or_else(|| damaged("a stream points past its allocation table"))?;
        }
        Ok(steps)
    };
    let directory_sectors = walk(u32_at(48), &fat, sectors)?;
    let mut directory = Vec::new();
    let mut id = u32_at(48);
    for _ in 0..directory_sectors {
        if let Some(data) = sector_bytes(id) {
            directory.extend_from_slice(data);
        }
        id = fat.get(id as usize).copied().unwrap_or(END_OF_CHAIN);
    }
    let mini_fat = if u32_at(64) > 0 {
        let steps = walk(u32_at(60), &fat, sectors)?;
        let mut table = Vec::new();
        let mut id = u32_at(60);
        for _ in 0..steps {
            if let Some(data) = sector_bytes(id) {
                table.extend(words(data));
            }
            id = fat.get(id as usize).copied().unwrap_or(END_OF_CHAIN);
        }
        table
    } else {
        Vec::new()
    };
    let stream_size = |entry: &[u8]| -> u64 {
        if sector == 512 {
            u64::from(u32::from_le_bytes([
                entry[120], entry[121], entry[122], entry[123],
            ]))
        } else {
            u64::from_le_bytes([
                entry[120], entry[121], entry[122], entry[123], entry[124], entry[125], entry[126],
                entry[127],
            ])
        }
    };
    let mut mini_stream = 0u64;
    for (index, entry) in directory.chunks_exact(128).enumerate() {
        // Sizes are checked on every entry, used or not: the reader reserves the root entry's
        // size whatever its type says.
        let size = stream_size(entry);
        if size > len {
            return Err(damaged("a stream says it is larger than the file"));
        }
        if index > 0 && entry[66] == 0 {
            continue;
        }
        let start = u32::from_le_bytes([entry[116], entry[117], entry[118], entry[119]]);
        if index == 0 {
            // The root entry's chain is the mini stream, read when there is a mini FAT.
            if u32_at(64) > 0 {
                walk(start, &fat, sectors)?;
            }
            mini_stream = size;
        } else if size >= 4096 {
            walk(start, &fat, sectors)?;
        } else if size > 0 {
            walk(start, &mini_fat, mini_stream / 64)?;
        }
    }
    Ok(())
}
