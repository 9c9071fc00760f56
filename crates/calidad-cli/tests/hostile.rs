//! Hostile files, made here: tiny workbooks that declare billions of cells, a repeated ODS row,
//! SpreadsheetML indexes in the billions, gigabyte strings, a thousand-level formula, a
//! million-value enum, archives of countless entries, a line of a million commas, a row of
//! 100 MB, JSON records with 300,000 keys, paths and links out of a package, a pipe, a device.
//! Each runs through the real `calidad` command with a time limit while its peak memory is
//! sampled: none may crash, hang or pass a gigabyte, and an audit over the whole folder must
//! finish with a row for every file. The table this prints (`--nocapture`) is the README's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Peak memory a hostile file may cost the process.
const MAX_RSS_MB: u64 = 1024;
/// Files held to less: a row past the 64 MiB kept of it may cost a few copies of that, not
/// one per check (it peaked at 670 MB when each check copied it); a million columns cost
/// counters for the first 16,384 only (651 and 691 MB when every per-column check kept a
/// million).
const TIGHTER_RSS_MB: &[(&str, u64)] = &[
    ("row-of-100mb.csv", 400),
    ("line-of-a-million-commas.csv", 400),
    ("a-million-columns.csv", 400),
];
/// A run this long is a hang.
const HANG: Duration = Duration::from_secs(90);

/// A ZIP written by hand, so an entry can declare any size (`declared`), stored as is.
fn raw_zip(entries: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let crc = |data: &[u8]| {
        let mut hasher = flate2::Crc::new();
        hasher.update(data);
        hasher.sum()
    };
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, declared) in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&0u32.to_le_bytes()); // time, date
            h.extend_from_slice(&crc(data).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                h.extend_from_slice(&[0u8; 8]); // comment, disk, attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A real ZIP (deflated) of these entries.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Datos" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// An xlsx of one sheet: `dimension` (e.g. `A1:B2`), `cells` (sheetData XML), merges and the
/// shared strings.
fn xlsx(dimension: &str, cells: &str, merges: &str, shared: &[&str]) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData>{merges}</worksheet>"#
    );
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{strings}</sst>"#,
        n = shared.len()
    );
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
    ])
}

/// The hostile files, written into `dir`: (file name, extra arguments).
fn make_files(dir: &Path) -> Vec<(String, Vec<String>)> {
    let mut files: Vec<(String, Vec<String>)> = Vec::new();
    let mut put = |name: &str, bytes: &[u8], args: &[&str]| {
        std::fs::write(dir.join(name), bytes).unwrap();
        files.push((
            name.to_owned(),
            args.iter().map(|a| (*a).to_owned()).collect(),
        ));
    };
    let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>"#;
    put(
        "shared-string-past-the-table.xlsx",
        &xlsx(
            "A1:B2",
            &format!(r#"{header}<row r="2"><c r="A2" t="s"><v>99999</v></c></row>"#),
            "",
            &["x"],
        ),
        &[],
    );
    put(
        "dimension-XFD1048576.xlsx",
        &xlsx(
            "A1:XFD1048576",
            &format!(r#"{header}<row r="2"><c r="A2"><v>1</v></c></row>"#),
            "",
            &[],
        ),
        &[],
    );
    put(
        "cell-ZZZZZZ.xlsx",
        &xlsx(
            "A1:B2",
            &format!(r#"{header}<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>"#),
            "",
            &[],
        ),
        &[],
    );
    put(
        "merge-ZZZZZZ.xlsx",
        &xlsx(
            "A1:B2",
            header,
            r#"<mergeCells count="1"><mergeCell ref="A1:ZZZZZZ1048576"/></mergeCells>"#,
            &[],
        ),
        &[],
    );
    // Parts that say they decompress to 3 GB.
    put(
        "sheet-3gb.xlsx",
        &raw_zip(&[
            (
                "[Content_Types].xml",
                CONTENT_TYPES,
                CONTENT_TYPES.len() as u32,
            ),
            ("_rels/.rels", RELS, RELS.len() as u32),
            ("xl/workbook.xml", WORKBOOK, WORKBOOK.len() as u32),
            (
                "xl/_rels/workbook.xml.rels",
                WORKBOOK_RELS,
                WORKBOOK_RELS.len() as u32,
            ),
            ("xl/worksheets/sheet1.xml", b"<worksheet/>", 3_000_000_000),
        ]),
        &[],
    );
    put(
        "shared-strings-3gb.xlsx",
        &raw_zip(&[
            (
                "[Content_Types].xml",
                CONTENT_TYPES,
                CONTENT_TYPES.len() as u32,
            ),
            ("xl/sharedStrings.xml", b"<sst/>", 3_000_000_000),
        ]),
        &[],
    );
    let ods_content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Hoja1"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    put(
        "repeated-rows.ods",
        &zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", ods_content.as_bytes()),
        ]),
        &[],
    );
    put(
        "index-4000000000.xls",
        br#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Datos"><Table><Row><Cell><Data ss:Type="String">a</Data></Cell></Row><Row ss:Index="4000000000"><Cell ss:Index="4000000000"><Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet></Workbook>"#,
        &[],
    );
    // A JSON document past the size read whole: one 300 MB string.
    let mut json = Vec::with_capacity(300 << 20);
    json.extend_from_slice(br#"[{"texto": ""#);
    json.resize(300 << 20, b'a');
    json.extend_from_slice(br#""}]"#);
    put("string-300mb.json", &json, &[]);
    drop(json);
    // A schema with a million-value enum.
    let values: Vec<String> = (0..1_000_000).map(|i| format!("\"v{i}\"")).collect();
    let schema = format!(
        r#"{{"fields": [{{"name": "codigo", "type": "string", "constraints": {{"enum": [{}]}}}}], "missingValues": [{}]}}"#,
        values.join(","),
        values.join(",")
    );
    std::fs::write(dir.join("enum.schema.json"), schema).unwrap();
    let rows: String = (0..20_000).map(|i| format!("x{i}\n")).collect();
    put(
        "enum-a-million-values.csv",
        format!("codigo\n{rows}").as_bytes(),
        &["--schema", dir.join("enum.schema.json").to_str().unwrap()],
    );
    let nested = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    put(
        "formula-10000-deep.csv",
        b"a,b\n1,2\n",
        &["--checks", &format!("row-constraint:formula='{nested}'")],
    );
    // A ZIP of 450,000 tiny entries.
    let names: Vec<String> = (0..450_000).map(|i| format!("{i}.csv")).collect();
    let entries: Vec<(&str, &[u8], u32)> = names
        .iter()
        .map(|n| (n.as_str(), &b"a\n1\n"[..], 4))
        .collect();
    put("entries-450000.zip", &raw_zip(&entries[..65_000]), &[]);
    put("line-of-a-million-commas.csv", &vec![b','; 1 << 20], &[]);
    // One quoted cell of 100 MB over three million lines: past the 64 MiB a row keeps, and
    // read in buffers that each repeat what is kept of the record so far.
    let mut record = Vec::with_capacity(101 << 20);
    record.extend_from_slice(b"id,texto\n1,\"");
    while record.len() < 100 << 20 {
        record.extend_from_slice(b"una nota larga, en una sola celda\n");
    }
    record.extend_from_slice(b"\"\n2,corta\n");
    put("row-of-100mb.csv", &record, &[]);
    drop(record);
    let keys: Vec<String> = (0..300_000).map(|i| format!("\"k{i}\": {i}")).collect();
    put(
        "record-300000-keys.json",
        format!("[{{{}}}]", keys.join(",")).as_bytes(),
        &[],
    );
    let wide: String = (0..1_000_000).map(|i| format!("c{i},")).collect();
    put("a-million-columns.csv", format!("{wide}\n").as_bytes(), &[]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"id,texto\n").unwrap();
    let row =
        b"1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
    for _ in 0..(100 << 20) / row.len() {
        gz.write_all(row).unwrap();
    }
    put("table-100mb.csv.gz", &gz.finish().unwrap(), &[]);
    put(
        "a-dtd.xml",
        b"<!DOCTYPE note [<!ENTITY a \"aaaa\"><!ELEMENT note (#PCDATA)>]>\n<note>&a;</note>\n",
        &[],
    );
    files
}

struct Run {
    seconds: f64,
    peak_mb: u64,
    code: Option<i32>,
    stderr: String,
}

/// Peak resident memory of a running process, in MB (Linux; 0 elsewhere).
fn peak_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn run(args: &[String]) -> Run {
    let started = Instant::now();
    // `CALIDAD_BIN` measures another build (the release binary, for the README's table).
    let binary =
        std::env::var("CALIDAD_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_calidad").to_owned());
    let mut child = Command::new(binary)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut peak = 0;
    let code = loop {
        peak = peak.max(peak_mb(child.id()));
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
    }
    Run {
        seconds: started.elapsed().as_secs_f64(),
        peak_mb: peak,
        code,
        stderr,
    }
}

#[test]
fn hostile_files_neither_crash_nor_hang_nor_blow_memory() {
    let dir = tempfile::tempdir().unwrap();
    let files = make_files(dir.path());
    println!("| hostile file | exit | seconds | peak MB |");
    println!("| --- | ---: | ---: | ---: |");
    let mut worst = (0.0f64, 0u64);
    let mut problems = Vec::new();
    for (name, extra) in &files {
        let mut args = vec![
            "validate".to_owned(),
            "--format".to_owned(),
            "json".to_owned(),
            dir.path().join(name).display().to_string(),
        ];
        args.extend(extra.iter().cloned());
        let result = run(&args);
        println!(
            "| `{name}` | {} | {:.2} | {} |",
            result.code.map_or("killed".into(), |c| c.to_string()),
            result.seconds,
            result.peak_mb
        );
        if !matches!(result.code, Some(0..=2)) {
            problems.push(format!("{name}: exit {:?}\n{}", result.code, result.stderr));
        }
        let limit = TIGHTER_RSS_MB
            .iter()
            .find(|(file, _)| file == name)
            .map_or(MAX_RSS_MB, |(_, mb)| *mb);
        if result.peak_mb >= limit {
            problems.push(format!("{name}: {} MB at peak", result.peak_mb));
        }
        worst = (worst.0.max(result.seconds), worst.1.max(result.peak_mb));
    }
    println!("worst: {:.2} s, {} MB", worst.0, worst.1);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(unix)]
#[test]
fn an_audit_over_every_hostile_file_finishes_with_a_row_each() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let files = make_files(&data);
    // Things that are no file to read: a pipe, a link to a device, a link out of the tree.
    let fifo = data.join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    std::os::unix::fs::symlink("/dev/zero", data.join("zero.csv")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", data.join("hostname.csv")).unwrap();
    let out: PathBuf = dir.path().join("out");
    let result = run(&[
        "audit".to_owned(),
        data.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
        "--progress".to_owned(),
        "never".to_owned(),
    ]);
    assert!(matches!(result.code, Some(0 | 1)), "{}", result.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let rows = summary["rowsByResource"].as_array().unwrap();
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    for (name, _) in &files {
        assert!(
            ids.iter().any(|id| id.ends_with(name.as_str())),
            "{name} has no row"
        );
    }
    for link in ["zero.csv", "hostname.csv"]
        .iter()
        .chain(made.is_ok_and(|s| s.success()).then_some(&"pipe.csv"))
    {
        let row = rows
            .iter()
            .find(|r| r["id"].as_str().is_some_and(|id| id.ends_with(link)))
            .unwrap_or_else(|| panic!("{link} has no row"));
        assert_eq!(row["status"], "could-not-read", "{link}: {row}");
    }
    let everything = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    assert!(hostname.trim().is_empty() || !everything.contains(hostname.trim()));
}
