//! The real Chilean portal files in `../shared/corpus/real` (bytes untouched) all go through
//! without a crash, and each text table is read with the encoding and delimiter its MANIFEST
//! records. Skips cleanly when the corpus is not present.

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::Validator;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

struct Entry {
    file: String,
    bytes: u64,
    encoding: String,
    delimiter: String,
}

fn manifest(dir: &Path) -> Vec<Entry> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            Entry {
                file: columns[0].to_owned(),
                bytes: columns[4].parse().unwrap(),
                encoding: columns[5].to_owned(),
                delimiter: columns[6].to_owned(),
            }
        })
        .collect()
}

/// The encoding name and BOM calidad should report for a MANIFEST encoding, for text tables.
fn expected_encoding(manifest: &str) -> Option<(&'static str, bool)> {
    let bom = manifest.contains("with BOM");
    if manifest.starts_with("UTF-16LE") {
        Some(("utf-16le", bom))
    } else if manifest.starts_with("UTF-8") {
        Some(("utf-8", bom))
    } else if manifest.starts_with("ISO-8859-1") || manifest.starts_with("Windows-1252") {
        // Latin-1 is read with the Windows-1252 decoder (identical outside 0x80-0x9F).
        Some(("windows-1252", false))
    } else {
        None
    }
}

fn expected_delimiter(manifest: &str) -> Option<&'static str> {
    match manifest {
        "comma" => Some(","),
        "semicolon" => Some(";"),
        "tab" => Some("\t"),
        _ => None,
    }
}

#[test]
fn every_real_file_goes_through_with_the_recorded_encoding_and_delimiter() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/real is not here");
        return;
    };
    let entries = manifest(&dir);
    assert!(
        entries.len() >= 30,
        "MANIFEST lists {} files",
        entries.len()
    );
    let validator = Validator::builder().limit_errors(50).build();
    let mut text_tables = 0;
    for entry in &entries {
        let report = validator
            .validate_path(dir.join(&entry.file))
            .unwrap_or_else(|e| panic!("{}: {e}", entry.file));
        let task = &report.tasks[0];
        assert_eq!(task.stats.bytes, entry.bytes, "{}", entry.file);
        assert_eq!(task.stats.sha256.len(), 64, "{}", entry.file);
        match (
            expected_delimiter(&entry.delimiter),
            expected_encoding(&entry.encoding),
        ) {
            (Some(delimiter), Some((encoding, bom))) => {
                text_tables += 1;
                let calidad = &task.calidad;
                assert_eq!(
                    calidad.encoding.as_deref(),
                    Some(encoding),
                    "{}",
                    entry.file
                );
                assert_eq!(calidad.bom, bom, "{}", entry.file);
                let dialect = calidad.dialect.as_ref().unwrap();
                assert_eq!(dialect.delimiter, delimiter, "{}", entry.file);
                assert!(task.stats.rows.unwrap() > 10, "{}", entry.file);
                assert!(!task.labels.is_empty(), "{}", entry.file);
                assert!(
                    !calidad.error_counts.contains_key("encoding-error"),
                    "{}: {:?}",
                    entry.file,
                    calidad.error_counts
                );
                assert!(
                    !calidad.error_counts.contains_key("mojibake"),
                    "{}: {:?}",
                    entry.file,
                    calidad.error_counts
                );
                let legacy = encoding != "utf-8";
                assert_eq!(
                    calidad.error_counts.contains_key("non-utf8-encoding"),
                    legacy,
                    "{}",
                    entry.file
                );
            }
            _ => {
                // Workbooks and JSON: recognised by content and read as tables (every sheet a
                // task), or reported as what they are when they hold no table.
                for task in &report.tasks {
                    assert_ne!(task.calidad.format, "csv", "{}", entry.file);
                    let read = task.stats.rows.is_some_and(|rows| rows > 0);
                    let said = !task.errors.is_empty()
                        || task.calidad.error_counts.contains_key("not-a-table");
                    assert!(read || said, "{}: {}", entry.file, task.name);
                }
            }
        }
    }
    assert!(text_tables >= 20, "only {text_tables} text tables");
}

/// Workbooks and JSON files from portals: sheets, merged cells, macros, disguised formats.
#[test]
fn real_workbooks_and_json() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/real is not here");
        return;
    };
    let validator = Validator::builder().limit_errors(0).build();
    let tasks = |file: &str| validator.validate_path(dir.join(file)).unwrap().tasks;

    let multisheet = tasks("bcentral_cuenta_financiera_multisheet.xlsx");
    let names: Vec<&str> = multisheet.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "bcentral_cuenta_financiera_multisheet#Mensual",
            "bcentral_cuenta_financiera_multisheet#Anual"
        ]
    );
    assert!(
        multisheet[0]
            .calidad
            .error_counts
            .contains_key("merged-cells")
    );

    let cuadros = tasks("ine_sermig_extranjeros_2022_cuadros_29sheets.xlsx");
    assert_eq!(cuadros.len(), 29);
    assert!(cuadros.iter().any(|t| t.name.ends_with("#Índice")));

    let macros = tasks("ine_siedu_matriz_indicadores_urbanos.xlsm");
    assert!(
        macros[0]
            .calidad
            .error_counts
            .contains_key("macros-present")
    );

    for file in [
        "sinim_municipal_dependencia_fcm_pct_spreadsheetml.xls",
        "sinim_municipal_motos_seguridad_spreadsheetml.xls",
    ] {
        let sheets = tasks(file);
        assert_eq!(sheets[0].calidad.format, "spreadsheetml", "{file}");
        assert!(sheets[0].stats.rows.unwrap_or(0) > 100, "{file}");
    }
    let biff = tasks("sinim_municipal_dependencia_fcm_pct_biff8.xls");
    assert_eq!(biff[0].calidad.format, "xls");
    assert!(biff[0].stats.rows.unwrap_or(0) > 100);

    // Excel serial dates are dates in the inferred schema.
    let copper = tasks("bcentral_precio_cobre_2024_biff.xls");
    let schema = copper[0].calidad.schema.as_ref().unwrap();
    assert_eq!(schema.field("Dia").map(|f| f.kind.as_str()), Some("date"));
    assert_eq!(
        schema.field("Valor").map(|f| f.kind.as_str()),
        Some("number")
    );
    let deaths = tasks("minciencia_registrocivil_defunciones_2019.xlsx");
    assert!(deaths[0].stats.rows.unwrap_or(0) > 36_000);

    let records = tasks("minciencia_producto6_bulk_data.json");
    assert_eq!(records[0].calidad.format, "json");
    assert!(records[0].stats.rows.unwrap_or(0) > 8000);
    for file in [
        "ckan_congresogto_mx_package_list.json",
        "datosgobar_catalogo_justicia_dcat_data.json",
    ] {
        let task = &tasks(file)[0];
        assert_eq!(task.errors[0].code, "format-error", "{file}");
        assert!(task.errors[0].message.contains("JSON"), "{file}");
    }
}

/// Spot checks of what a person sees in a few files.
#[test]
fn real_files_say_what_is_wrong_with_them() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/real is not here");
        return;
    };
    let validator = Validator::builder().limit_errors(0).build();
    let counts = |file: &str| {
        let report = validator.validate_path(dir.join(file)).unwrap();
        report.tasks[0].calidad.error_counts.clone()
    };
    // 15 completely empty rows (`,,,,,,`) between the data rows.
    let epi = counts("minciencia_informe_epi_casos_acumulados_comuna_crlf.csv");
    assert_eq!(epi.get("blank-row"), Some(&15));
    // 16 rows with `Comuna` = "Total" and the comuna code beside it empty: total rows, though
    // "Total" is not in the first column.
    assert_eq!(epi.get("total-row"), Some(&16));
    // Every line ends with `;` (the header with `; `): one trailing-delimiter, and the empty
    // last column is neither a blank label nor 5,093 empty cells.
    let tiempos = counts("serviciocivil_adp_tiempos_cp1252.csv");
    assert_eq!(tiempos.get("trailing-delimiter"), Some(&1));
    assert_eq!(tiempos.get("blank-label"), None);
    assert_eq!(tiempos.get("missing-cell"), None);
    // The last 1,326 rows are Excel padding (`0,0,0,00-01-1900,…`): one padding-rows, and the
    // padding rows are not also duplicate rows (36 real repeats remain).
    let jac = validator
        .validate_path(dir.join("minciencia_jac_transporte_aereo_latin1.csv"))
        .unwrap();
    let jac = &jac.tasks[0];
    assert_eq!(jac.calidad.error_counts.get("padding-rows"), Some(&1));
    assert_eq!(jac.calidad.error_counts.get("duplicate-row"), Some(&36));
    let padding = jac
        .errors
        .iter()
        .find(|e| e.code == "padding-rows")
        .unwrap();
    assert_eq!(padding.row_number, Some(1675));
    // INE's sheets end with the source and "Volver al índice": footer rows, not data.
    let cuadros = validator
        .validate_path(dir.join("ine_sermig_extranjeros_2022_cuadros_29sheets.xlsx"))
        .unwrap();
    let with_footer = cuadros
        .tasks
        .iter()
        .filter(|t| t.calidad.error_counts.get("footer-rows") == Some(&1))
        .count();
    assert!(with_footer >= 20, "{with_footer} sheets with footer-rows");
    // Banco Central's monthly sheet: years in merged cells over months. One multi-row-header,
    // labels "2003 Ene.", and no type errors from the month row.
    let multisheet = validator
        .validate_path(dir.join("bcentral_cuenta_financiera_multisheet.xlsx"))
        .unwrap();
    let monthly = &multisheet.tasks[0];
    assert_eq!(
        monthly.calidad.error_counts.get("multi-row-header"),
        Some(&1)
    );
    assert!(monthly.calidad.error_counts.get("blank-label") <= Some(&1));
    assert!(
        monthly.labels.iter().any(|label| label == "2003 Ene."),
        "{:?}",
        monthly.labels
    );
    assert!(
        !monthly
            .errors
            .iter()
            .any(|e| e.code == "type-error" && e.row_number == Some(5)),
        "the month row is read as data"
    );
    // SpreadsheetML saved as `.xls`: the extension lies, the content says what it is.
    let report = validator
        .validate_path(dir.join("sinim_municipal_motos_seguridad_spreadsheetml.xls"))
        .unwrap();
    assert_eq!(report.tasks[0].calidad.format, "spreadsheetml");
}

/// `calidad describe` on real files gives schemas a person would agree with. The schemas are
/// snapshots in `tests/snapshots/` (rewrite with `UPDATE_SNAPSHOTS=1` after an intended change);
/// the assertions below say what matters in each.
#[test]
fn inferred_schemas_of_real_files() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/real is not here");
        return;
    };
    let validator = Validator::builder().limit_errors(10).build();
    let describe = |file: &str| {
        let task = validator.task_for_path(&dir.join(file)).unwrap();
        let schema = task.calidad.schema.expect("a schema");
        let json = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let snapshot = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots")
            .join(format!("{file}.schema.json"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
            std::fs::write(&snapshot, &json).unwrap();
        }
        let expected = std::fs::read_to_string(&snapshot)
            .unwrap_or_else(|_| panic!("no snapshot {}", snapshot.display()));
        assert_eq!(json, expected, "{file}: schema changed");
        schema
    };
    let field = |schema: &calidad::Schema, name: &str| {
        schema
            .field(name)
            .unwrap_or_else(|| panic!("no field {name}"))
            .clone()
    };

    // Decimal comma, zero-padded region codes, NULL as a placeholder.
    let kpi = describe("serviciocivil_kpi_regional_decimal_comma.csv");
    let resultado = field(&kpi, "resultado");
    assert_eq!(resultado.kind.as_str(), "number");
    assert_eq!(resultado.decimal_char.as_deref(), Some(","));
    let region = field(&kpi, "id_region");
    assert_eq!(region.kind.as_str(), "string");
    assert_eq!(region.constraints.pattern.as_deref(), Some("[0-9]+"));
    let numerador = field(&kpi, "numerador");
    assert_eq!(numerador.kind.as_str(), "integer");
    assert!(
        numerador
            .missing_values
            .unwrap()
            .contains(&"NULL".to_owned())
    );

    // Thousands separated by dots.
    let casos = describe("minciencia_producto4_2020-04-06_regional_thousands_dot.csv");
    let totales = field(&casos, "Casos  totales");
    assert_eq!(totales.kind.as_str(), "integer");
    assert_eq!(totales.group_char.as_deref(), Some("."));

    // dd-mm-yyyy dates in a Windows-1252 file, with "-" for "no date".
    let adp = describe("serviciocivil_adp_tiempos_cp1252.csv");
    let envio = field(&adp, "Fecha Envío Nómina");
    assert_eq!(envio.kind.as_str(), "date");
    assert_eq!(envio.format.as_deref(), Some("%d-%m-%Y"));
    let convocatoria = field(&adp, "Fecha Convocatoria");
    assert_eq!(convocatoria.format.as_deref(), Some("%d-%m-%Y"));
    assert!(
        convocatoria
            .missing_values
            .unwrap()
            .contains(&"-".to_owned())
    );

    // ISO datetimes and coordinates.
    let ozono = describe("minciencia_occ_ozono_sinca_2013.csv");
    assert_eq!(field(&ozono, "time").kind.as_str(), "datetime");
    assert_eq!(field(&ozono, "latitud").kind.as_str(), "number");
}

/// The MANIFEST's file with officials' work e-mails in its contact points: a DCAT catalogue.
const OFFICIALS_EMAILS: &str = "datosgobar_catalogo_justicia_dcat_data.json";

/// No column of the real portal files is personal data (their MANIFEST: aggregated statistics,
/// public registers, institutional contacts only), so no privacy finding may appear — not even
/// on the DCAT catalogue whose contact points name officials at their work mailboxes.
#[test]
fn real_files_raise_no_privacy_flags() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/real is not here");
        return;
    };
    let validator = Validator::builder().limit_errors(10).build();
    for entry in manifest(&dir) {
        let report = validator.validate_path(dir.join(&entry.file)).unwrap();
        for task in &report.tasks {
            if entry.file == OFFICIALS_EMAILS {
                // Contact points are required metadata, and these mailboxes are institutional
                // (named officials at jus.gov.ar): neither a privacy finding nor advice.
                assert!(
                    !task
                        .calidad
                        .findings
                        .iter()
                        .any(|f| f.code == "metadata-quality"),
                    "{:?}",
                    task.calidad.findings
                );
            }
            assert!(
                task.calidad.added.privacy.is_none(),
                "{}: {:?}",
                task.name,
                task.calidad.added.privacy
            );
        }
    }
}

/// The privacy block of a few files, as snapshots in `tests/snapshots/` (rewrite with
/// `UPDATE_SNAPSHOTS=1`): the bundled synthetic records (always), and real files with free
/// text, comunas or people-like columns, where nothing must be flagged (`null`).
#[test]
fn privacy_blocks() {
    let validator = Validator::builder().limit_errors(10).build();
    let snapshot = |path: &Path, name: &str| {
        let report = validator.validate_path(path).unwrap();
        let blocks: Vec<_> = report
            .tasks
            .iter()
            .map(|t| t.calidad.added.privacy.clone())
            .collect();
        let json = serde_json::to_string_pretty(&blocks).unwrap() + "\n";
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots")
            .join(format!("{name}.privacy.json"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&file, &json).unwrap();
        }
        let expected = std::fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("no snapshot {}", file.display()));
        assert_eq!(json, expected, "{name}: privacy block changed");
        blocks
    };
    let synthetic =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/atenciones_sinteticas.csv");
    let blocks = snapshot(&synthetic, "atenciones_sinteticas.csv");
    let block = blocks[0].as_ref().expect("synthetic people are found");
    let categories: Vec<&str> = block.fields.iter().map(|f| f.category.as_str()).collect();
    assert_eq!(
        categories,
        ["rut", "person-name", "email", "health", "free-text-pii"]
    );
    assert_eq!(block.reidentification.as_ref().map(|r| r.k), Some(1));

    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/real is not here");
        return;
    };
    for file in [
        "serviciocivil_integridad_long_bom.csv",
        "camara_boletines_2006_descripciones.tsv",
        "ine_sermig_extranjeros_baseregiones_latin1.csv",
        "minciencia_informe_epi_casos_acumulados_comuna_crlf.csv",
    ] {
        let blocks = snapshot(&dir.join(file), file);
        assert!(blocks.iter().all(Option::is_none), "{file}: {blocks:?}");
    }
}
