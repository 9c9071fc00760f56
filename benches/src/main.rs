//! `calidad-bench`: generates realistic portal tables for benchmarks.
//!
//! `calidad-bench gen --rows N --out FILE [--seed S]` writes a `;`-delimited UTF-8 table like
//! the ones Chilean portals publish: `dd-mm-yyyy` dates, zero-padded comuna codes, accented names,
//! decimal commas with dot grouping, quoted free text that holds the delimiter, and a few blank
//! cells. The same seed gives the same bytes.

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

fn generate(rows: u64, seed: u64, out: &mut impl Write) -> io::Result<()> {
    let mut rng = Rng(seed.max(1));
    out.write_all(
        b"id;fecha;codigo_comuna;comuna;region;programa;sexo;edad;monto;tasa;beneficiarios;observacion\n",
    )?;
    let mut line = Vec::with_capacity(256);
    for id in 1..=rows {
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

fn usage() -> ExitCode {
    let _ = writeln!(
        io::stderr(),
        "usage: calidad-bench gen --rows N --out FILE [--seed S]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("gen") {
        return usage();
    }
    let (mut rows, mut out, mut seed) = (None, None, 42u64);
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next();
        match (flag.as_str(), value) {
            ("--rows", Some(v)) => rows = v.replace('_', "").parse::<u64>().ok(),
            ("--out", Some(v)) => out = Some(v.clone()),
            ("--seed", Some(v)) => seed = v.parse().unwrap_or(42),
            _ => return usage(),
        }
    }
    let (Some(rows), Some(out)) = (rows, out) else {
        return usage();
    };
    let result = std::fs::File::create(&out).and_then(|file| {
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        generate(rows, seed, &mut writer)?;
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
