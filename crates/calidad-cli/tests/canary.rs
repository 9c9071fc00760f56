//! The leak canary: synthetic people planted everywhere a value can hide — a first row read as
//! a header, a header cell, extra cells, columns that are not flagged, free text, a garbled
//! cell, JSON keys, UTF-16 JSON, a data package and CKAN metadata — and every output of every
//! command searched for any of their values in any written form. A report never shows what it
//! found.
//!
//! The people are made up: RUT bodies from 45 million (no real RUN has reached it), names from
//! the Registro Civil's lists combined at random.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// RUT check digits as the library computes them: the canary checks masking, not arithmetic.
use calidad::calidad_privacy::rut::check_digit;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One made-up person and every way its values are written in the files.
struct Person {
    body: u32,
    digit: char,
    given: &'static str,
    surname1: &'static str,
    surname2: &'static str,
    phone: String,
}

const GIVEN: [&str; 6] = [
    "Carla",
    "Jorge",
    "Valentina",
    "Matías",
    "Francisca",
    "Cristóbal",
];
const SURNAMES: [&str; 6] = [
    "Figueroa",
    "Riquelme",
    "Sepúlveda",
    "Cáceres",
    "Vergara",
    "Espinoza",
];

fn people() -> Vec<Person> {
    (0..40u32)
        .map(|i| {
            let body = 45_100_000 + i * 7_919;
            Person {
                body,
                digit: check_digit(body),
                given: GIVEN[i as usize % 6],
                surname1: SURNAMES[(i as usize / 6) % 6],
                surname2: SURNAMES[(i as usize + 3) % 6],
                phone: format!("9{:08}", 61_000_000 + i * 137),
            }
        })
        .collect()
}

impl Person {
    fn dotted(&self) -> String {
        let b = self.body;
        format!(
            "{}.{:03}.{:03}-{}",
            b / 1_000_000,
            b / 1000 % 1000,
            b % 1000,
            self.digit
        )
    }
    fn compact(&self) -> String {
        format!("{}-{}", self.body, self.digit)
    }
    fn name(&self) -> String {
        format!("{} {} {}", self.given, self.surname1, self.surname2)
    }
    fn email(&self) -> String {
        format!(
            "{}.{}@gmail.com",
            fold(self.given).to_lowercase(),
            fold(self.surname1).to_lowercase()
        )
    }
    /// What must never appear in an output.
    fn secrets(&self) -> Vec<String> {
        vec![
            self.body.to_string(),
            format!(
                "{}.{:03}.{:03}",
                self.body / 1_000_000,
                self.body / 1000 % 1000,
                self.body % 1000
            ),
            format!("{} {}", self.surname1, self.surname2),
            format!("{} {}", fold(self.surname1), fold(self.surname2)),
            self.email(),
            self.phone[1..].to_owned(),
            format!("{} {}", &self.phone[1..5], &self.phone[5..]),
        ]
    }
}

fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'Á' => 'A',
            other => other,
        })
        .collect()
}

/// The files, written into `dir`.
fn plant(dir: &Path, people: &[Person]) {
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    // No header: the first person's row would be the labels.
    let rows: Vec<String> = people
        .iter()
        .map(|p| {
            format!(
                "{};{};{};+56 {} {} {};14-03-1985",
                p.dotted(),
                p.name(),
                p.email(),
                &p.phone[..1],
                &p.phone[1..5],
                &p.phone[5..]
            )
        })
        .collect();
    write("sin_encabezado.csv", &(rows.join("\n") + "\n"));
    // A header cell that is a person's name, and extra cells with RUTs, e-mails and names.
    let mut csv = format!("id,{},comuna\n", people[0].name());
    for (i, p) in people.iter().enumerate() {
        if i % 5 == 0 {
            csv.push_str(&format!(
                "{i},x,Arica,{},{},{}\n",
                p.compact(),
                p.email(),
                p.name()
            ));
        } else {
            csv.push_str(&format!("{i},x,Arica\n"));
        }
    }
    write("celdas_de_mas.csv", &csv);
    // Columns not flagged: codes with a few people among them, an integer column holding
    // RUTs written without dots or dash, free text, a garbled name.
    let mut csv = String::from("codigo;cantidad;observaciones;responsable\n");
    for (i, p) in people.iter().enumerate() {
        let code = if i % 6 == 0 {
            format!("{} {}", p.compact(), p.email())
        } else {
            format!("C-{i:04}")
        };
        let amount = if i % 7 == 0 {
            format!("{}{}", p.body, p.digit)
        } else {
            format!("{}", i * 10)
        };
        let note = if i % 3 == 0 {
            format!(
                "Paciente {} con RUT {} llamar al {}",
                p.name(),
                p.dotted(),
                p.phone
            )
        } else {
            "Sin observaciones relevantes para este registro".to_owned()
        };
        let garbled = if i % 9 == 0 {
            p.name()
                .replace('á', "Ã¡")
                .replace('é', "Ã©")
                .replace('í', "Ã\u{AD}")
                .replace('ó', "Ã³")
        } else {
            "Oficina de partes".to_owned()
        };
        csv.push_str(&format!("{code};{amount};{note};{garbled}\n"));
    }
    write("columnas_sin_marca.csv", &csv);
    // RUTs split over two columns, and zero-padded, with birth dates and home addresses.
    let mut csv = String::from("rut,dv,rut_titular,fecha_nacimiento,domicilio\n");
    for (i, p) in people.iter().enumerate() {
        csv.push_str(&format!(
            "{},{},0{},{:02}-03-19{},Pasaje Los Aromos {}\n",
            p.body,
            p.digit,
            p.dotted(),
            1 + i % 28,
            60 + i % 30,
            100 + i
        ));
    }
    write("rut_partido.csv", &csv);
    // JSON: personal keys, and the same people in UTF-16.
    let records: Vec<String> = people
        .iter()
        .map(|p| format!("{{\"id\": 1, \"{}\": \"{}\"}}", p.email(), p.name()))
        .collect();
    write("claves.json", &format!("[{}]", records.join(",")));
    let records: Vec<String> = people
        .iter()
        .map(|p| {
            format!(
                "{{\"rut\": \"{}\", \"nombre\": \"{}\", \"correo\": \"{}\"}}",
                p.dotted(),
                p.name(),
                p.email()
            )
        })
        .collect();
    let text = format!("[{}]", records.join(","));
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(dir.join("utf16.json"), utf16).unwrap();
    // CKAN metadata with a personal contact.
    let p = &people[1];
    write(
        "paquete_ckan.json",
        &format!(
            r#"{{"name": "atenciones", "title": "Atenciones", "notes": "Contacto: {} ({})", "maintainer": "{}", "maintainer_email": "{}", "author_email": "{}", "license_id": "cc-by", "owner_org": "minsal", "resources": [{{"name": "datos", "url": "https://datos.gob.cl/x/columnas_sin_marca.csv", "format": "CSV", "description": "Consultas a {}"}}]}}"#,
            p.name(),
            p.phone,
            p.name(),
            p.email(),
            people[2].email(),
            people[3].dotted()
        ),
    );
}

fn calidad(args: &[&str], dir: &Path) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_calidad"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file under `dir`, as text.
fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push((
                path.clone(),
                String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
            ));
        }
    }
    out
}

fn assert_no_secret(place: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{place} leaks {secret:?}:\n{}",
            text.lines()
                .filter(|l| l.contains(secret.as_str()))
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn no_planted_value_reaches_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let people = people();
    plant(&data, &people);
    let secrets: Vec<String> = people.iter().flat_map(Person::secrets).collect();
    let tables = [
        "sin_encabezado.csv",
        "celdas_de_mas.csv",
        "columnas_sin_marca.csv",
        "rut_partido.csv",
        "claves.json",
        "utf16.json",
    ];
    for table in tables {
        for lang in ["es", "en"] {
            for format in ["text", "json"] {
                for extra in [&[][..], &["--no-privacy"][..], &["--examples", "20"][..]] {
                    let path = format!("data/{table}");
                    let mut args = vec![
                        "validate",
                        path.as_str(),
                        "--lang",
                        lang,
                        "--format",
                        format,
                    ];
                    if format == "json" && extra == ["--examples", "20"] {
                        continue;
                    }
                    args.extend_from_slice(extra);
                    let (stdout, stderr) = calidad(&args, dir.path());
                    assert_no_secret(&format!("validate {args:?}"), &(stdout + &stderr), &secrets);
                }
            }
        }
        if table.ends_with(".csv") {
            let path = format!("data/{table}");
            for format in ["json", "markdown"] {
                let (stdout, stderr) =
                    calidad(&["describe", path.as_str(), "--format", format], dir.path());
                assert_no_secret(&format!("describe {table}"), &(stdout + &stderr), &secrets);
            }
        }
    }
    for lang in ["es", "en"] {
        let (stdout, stderr) = calidad(
            &["metadata", "data/paquete_ckan.json", "--lang", lang],
            dir.path(),
        );
        assert_no_secret("metadata", &(stdout + &stderr), &secrets);
    }
    let (stdout, stderr) = calidad(
        &["audit", "data", "--out", "out", "--progress", "never"],
        dir.path(),
    );
    assert_no_secret("audit", &(stdout + &stderr), &secrets);
    let resources = dir.path().join("resources");
    std::fs::create_dir(&resources).unwrap();
    std::fs::copy(
        data.join("columnas_sin_marca.csv"),
        resources.join("columnas_sin_marca.csv"),
    )
    .unwrap();
    let (stdout, stderr) = calidad(
        &[
            "audit",
            "data/paquete_ckan.json",
            "--resources-dir",
            "resources",
            "--out",
            "out-ckan",
            "--progress",
            "never",
        ],
        dir.path(),
    );
    assert_no_secret("audit of a CKAN export", &(stdout + &stderr), &secrets);
    // The control: unmasked, the same outputs show them (the search would see a leak).
    let showing: Vec<&str> = tables
        .iter()
        .copied()
        .filter(|table| {
            let path = format!("data/{table}");
            let (stdout, _) = calidad(
                &["validate", path.as_str(), "--format", "json", "--no-mask"],
                dir.path(),
            );
            secrets.iter().any(|s| stdout.contains(s.as_str()))
        })
        .collect();
    assert!(
        showing.len() >= 3,
        "--no-mask shows planted values only in {showing:?}"
    );
    for out in ["out", "out-ckan"] {
        let written = files_under(&dir.path().join(out));
        assert!(written.len() >= 4, "{out}: {} files", written.len());
        for (path, text) in written {
            assert_no_secret(&path.display().to_string(), &text, &secrets);
        }
    }
}
