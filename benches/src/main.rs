//! `calidad-bench`: inputs and baselines for calidad's benchmarks (driven by `benches/run.py`).
//!
//! - `calidad-bench gen --rows N --out FILE [--seed S]` writes a `;`-delimited UTF-8 table like
//!   the ones Chilean portals publish: `dd-mm-yyyy` dates, zero-padded comuna codes, accented
//!   names, decimal commas with dot grouping, quoted free text that holds the delimiter, and a few
//!   blank cells. The same seed gives the same bytes.
//! - `calidad-bench wide --columns N --out FILE` writes a header of N columns and one data row.
//! - `calidad-bench bigcell --megabytes N --out FILE` writes a table with one N-MB cell.
//! - `calidad-bench count FILE` parses FILE with the `csv` crate (`;`, flexible) and prints the
//!   records and fields: the raw-parse baseline calidad is compared with.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

const COMUNAS: &[(&str, &str, &str)] = &[
    ("13101", "Santiago", "Metropolitana de Santiago"),
    ("13120", "Ñuñoa", "Metropolitana de Santiago"),
    ("13122", "Peñalolén", "Metropolitana de Santiago"),
    ("13119", "Maipú", "Metropolitana de Santiago"),
    ("05101", "Valparaíso", "Valparaíso"),
    ("05109", "Viña del Mar", "Valparaíso"),
    ("08101", "Concepción", "Biobío"),
    ("09101", "Temuco", "La Araucanía"),
    ("01101", "Iquique", "Tarapacá"),
    ("02101", "Antofagasta", "Antofagasta"),
    (
        "11101",
        "Coyhaique",
        "Aysén del General Carlos Ibáñez del Campo",
    ),
    (
        "12101",
        "Punta Arenas",
        "Magallanes y de la Antártica Chilena",
    ),
    ("06101", "Rancagua", "Libertador General Bernardo O'Higgins"),
    ("16101", "Chillán", "Ñuble"),
];

const PROGRAMAS: &[&str] = &[
    "Subsidio habitacional",
    "Bono invierno",
    "Pensión garantizada universal",
    "Aporte familiar permanente",
    "Becas de educación superior",
];

const NOTAS: &[&str] = &[
    "",
    "",
    "",
    "sin observaciones",
    "\"pago parcial; pendiente segunda cuota\"",
    "\"revisado por la \"\"unidad regional\"\"\"",
    "rectificado",
];

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn grouped(mut n: u64, out: &mut Vec<u8>) {
    let mut groups = Vec::new();
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    for (i, group) in groups.iter().rev().enumerate() {
        if i == 0 {
            out.extend_from_slice(group.to_string().as_bytes());
        } else {
            out.extend_from_slice(format!(".{group:03}").as_bytes());
        }
    }
}

/// One row in this many repeats the row before it exactly (same id too), so the duplicate-row
/// and primary-key checks have real work to report.
const DUPLICATE_EVERY: u64 = 500;

fn generate(rows: u64, seed: u64, out: &mut impl Write) -> io::Result<()> {
    let mut rng = Rng(seed.max(1));
    out.write_all(
        b"id;fecha;codigo_comuna;comuna;region;programa;sexo;edad;monto;tasa;beneficiarios;observacion\n",
    )?;
    let mut line = Vec::with_capacity(256);
    for id in 1..=rows {
        if id > 1 && rng.below(DUPLICATE_EVERY) == 0 {
            out.write_all(&line)?;
            continue;
        }
        line.clear();
        let (codigo, comuna, region) = COMUNAS[rng.below(COMUNAS.len() as u64) as usize];
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let year = 2015 + rng.below(10);
        line.extend_from_slice(
            format!("{id};{day:02}-{month:02}-{year};{codigo};{comuna};{region};").as_bytes(),
        );
        line.extend_from_slice(PROGRAMAS[rng.below(PROGRAMAS.len() as u64) as usize].as_bytes());
        line.extend_from_slice(if rng.below(2) == 0 { b";F;" } else { b";M;" });
        if rng.below(50) != 0 {
            line.extend_from_slice((18 + rng.below(80)).to_string().as_bytes());
        }
        line.push(b';');
        grouped(rng.below(5_000_000), &mut line);
        line.extend_from_slice(format!(",{:02};", rng.below(100)).as_bytes());
        line.extend_from_slice(format!("0,{:04};", rng.below(10_000)).as_bytes());
        line.extend_from_slice(rng.below(2_000).to_string().as_bytes());
        line.push(b';');
        line.extend_from_slice(NOTAS[rng.below(NOTAS.len() as u64) as usize].as_bytes());
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// An xlsx workbook with one sheet holding the same table as `gen` (cells as inline strings,
/// numbers as numbers), written part by part so the generator itself stays small in memory.
fn xlsx(rows: u64, seed: u64, out: &mut (impl Write + io::Seek)) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let mut csv = Vec::new();
    generate(rows, seed, &mut csv)?;
    let mut zip = zip::ZipWriter::new(out);
    let options = SimpleFileOptions::default();
    let part = |zip: &mut zip::ZipWriter<_>, name: &str, text: &str| -> io::Result<()> {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(text.as_bytes())
    };
    part(
        &mut zip,
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    )?;
    part(
        &mut zip,
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    )?;
    part(
        &mut zip,
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Datos" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    )?;
    part(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    )?;
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .map_err(io::Error::other)?;
    let last_row = rows + 1;
    zip.write_all(format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:L{last_row}"/><sheetData>"#).as_bytes())?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&csv[..]);
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(io::Error::other)?;
        let mut line = format!(r#"<row r="{}">"#, r + 1);
        for (c, cell) in record.iter().enumerate() {
            let reference = format!("{}{}", char::from(b'A' + c as u8), r + 1);
            if r > 0
                && !cell.is_empty()
                && cell.bytes().all(|b| b.is_ascii_digit())
                && !cell.starts_with('0')
            {
                line.push_str(&format!(r#"<c r="{reference}"><v>{cell}</v></c>"#));
            } else if !cell.is_empty() {
                line.push_str(&format!(
                    r#"<c r="{reference}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    escape(cell)
                ));
            }
        }
        line.push_str("</row>");
        zip.write_all(line.as_bytes())?;
    }
    zip.write_all(b"</sheetData></worksheet>")?;
    zip.finish().map_err(io::Error::other)?;
    Ok(())
}

fn usage() -> ExitCode {
    let _ = writeln!(
        io::stderr(),
        "usage: calidad-bench gen --rows N --out FILE [--seed S]\n       calidad-bench wide --columns N --out FILE\n       calidad-bench bigcell --megabytes N --out FILE\n       calidad-bench xlsx --rows N --out FILE\n       calidad-bench count FILE"
    );
    ExitCode::from(2)
}

fn wide(columns: u64, out: &mut impl Write) -> io::Result<()> {
    let header: Vec<String> = (0..columns).map(|i| format!("columna_{i}")).collect();
    writeln!(out, "{}", header.join(","))?;
    let row: Vec<String> = (0..columns).map(|i| (i % 1000).to_string()).collect();
    writeln!(out, "{}", row.join(","))
}

fn bigcell(megabytes: u64, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "id,texto,valor")?;
    writeln!(out, "1,corto,10")?;
    write!(out, "2,\"")?;
    let block = "lorem ipsum dolor sit amet, ñandú ".repeat(1000);
    let mut written = 0u64;
    while written < megabytes << 20 {
        out.write_all(block.as_bytes())?;
        written += block.len() as u64;
    }
    writeln!(out, "\",20")?;
    writeln!(out, "3,corto,30")
}

/// Counts records and fields with the `csv` crate: the baseline for a raw parse.
fn count(path: &str) -> io::Result<(u64, u64)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(false)
        .from_path(path)
        .map_err(io::Error::other)?;
    let mut record = csv::ByteRecord::new();
    let (mut records, mut fields) = (0u64, 0u64);
    while reader
        .read_byte_record(&mut record)
        .map_err(io::Error::other)?
    {
        records += 1;
        fields += record.len() as u64;
    }
    Ok((records, fields))
}

fn write_file(
    out: &str,
    body: impl FnOnce(&mut BufWriter<std::fs::File>) -> io::Result<()>,
) -> ExitCode {
    let result = std::fs::File::create(out).and_then(|file| {
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        body(&mut writer)?;
        writer.flush()
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "calidad-bench: cannot write {out}: {error}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        return usage();
    };
    if command == "count" {
        let Some(path) = args.get(1) else {
            return usage();
        };
        return match count(path) {
            Ok((records, fields)) => {
                let _ = writeln!(io::stdout(), "{records} records, {fields} fields");
                ExitCode::SUCCESS
            }
            Err(error) => {
                let _ = writeln!(io::stderr(), "calidad-bench: {path}: {error}");
                ExitCode::from(2)
            }
        };
    }
    let (mut number, mut out, mut seed) = (None, None, 42u64);
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next();
        match (flag.as_str(), value) {
            ("--rows" | "--columns" | "--megabytes", Some(v)) => {
                number = v.replace('_', "").parse::<u64>().ok();
            }
            ("--out", Some(v)) => out = Some(v.clone()),
            ("--seed", Some(v)) => seed = v.parse().unwrap_or(42),
            _ => return usage(),
        }
    }
    let (Some(number), Some(out)) = (number, out) else {
        return usage();
    };
    match command.as_str() {
        "gen" => write_file(&out, |w| generate(number, seed, w)),
        "wide" => write_file(&out, |w| wide(number, w)),
        "bigcell" => write_file(&out, |w| bigcell(number, w)),
        "xlsx" => write_file(&out, |w| xlsx(number, seed, w)),
        _ => usage(),
    }
}
