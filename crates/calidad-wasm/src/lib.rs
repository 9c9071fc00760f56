//! calidad in a browser page: a file is validated where it is, as WebAssembly, and nothing
//! is uploaded.
//!
//! The page runs [`validate`] in a Web Worker over the dropped `File`, read slice by slice
//! (`FileReaderSync`), so a 200 MB CSV is never copied whole into memory. The pipeline is the
//! CLI's default one — encoding, structure, inference, duplicates, privacy, score — on one
//! thread, and the report is the same JSON as `calidad validate --format json`. The raw values
//! behind privacy findings ride beside the report, never inside it, for the page's "show the
//! values" switch; the page never downloads or sends them.
//!
//! The browser bindings exist only on `wasm32`; everything else builds and is tested natively.

use calidad::{Lang, Validator};
use serde::{Deserialize, Serialize};
use std::io::Read;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// What the page lets a publisher choose. Every field is optional.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PageOptions {
    /// `es` (default) or `en`.
    pub lang: String,
    /// Look for personal data (default true).
    pub privacy: bool,
    /// Compute the 1–10 score (default true).
    pub score: bool,
    /// Keep up to three raw values per flagged column beside the report (default true: the
    /// page shows them only when asked, and only on screen).
    pub reveal: bool,
    /// Validate only this sheet of a workbook.
    pub sheet: Option<String>,
    /// Field delimiter (sniffed when absent).
    pub delimiter: Option<String>,
    /// Text encoding label (detected when absent).
    pub encoding: Option<String>,
    /// 1-based row of the header (found when absent).
    pub header_row: Option<u64>,
    /// The corrected copy's delimiter: `,` (default), `;`, `|` or `tab`.
    pub out_delimiter: Option<String>,
    /// The date freshness and birth years are judged on, `YYYY-MM-DD` (the page sends today).
    pub as_of: Option<String>,
    /// Write the corrected copy's numbers with a decimal comma.
    pub decimal_comma: bool,
    /// Leave the columns holding personal data out of the corrected copy.
    pub drop_personal: bool,
}

impl Default for PageOptions {
    fn default() -> PageOptions {
        PageOptions {
            lang: "es".to_owned(),
            privacy: true,
            score: true,
            reveal: true,
            sheet: None,
            delimiter: None,
            encoding: None,
            header_row: None,
            as_of: None,
            out_delimiter: None,
            decimal_comma: false,
            drop_personal: false,
        }
    }
}

impl PageOptions {
    /// Reads the options the page sends as JSON (an empty text means the defaults).
    pub fn from_json(text: &str) -> Result<PageOptions, String> {
        if text.trim().is_empty() {
            return Ok(PageOptions::default());
        }
        serde_json::from_str(text)
            .map_err(|e| format!("opciones no válidas / invalid options: {e}"))
    }

    fn lang(&self) -> Result<Lang, String> {
        Lang::parse(&self.lang).ok_or_else(|| {
            format!(
                "idioma desconocido «{}» (es o en) / unknown language «{}» (es or en)",
                self.lang, self.lang
            )
        })
    }

    /// The validator these options describe: the CLI's defaults, on the calling thread.
    pub fn validator(&self) -> Result<Validator, String> {
        Ok(self.builder()?.build())
    }

    /// The builder behind [`PageOptions::validator`].
    pub fn builder(&self) -> Result<calidad::ValidatorBuilder, String> {
        let lang = self.lang()?;
        let message = |e: calidad::Error| e.message(lang);
        let mut builder = Validator::builder()
            .lang(lang)
            .read_ahead(false)
            .threads(1)
            .privacy(self.privacy)
            .reveal(self.privacy && self.reveal)
            .score(self.score);
        if let Some(delimiter) = &self.delimiter {
            builder = builder.delimiter(delimiter).map_err(message)?;
        }
        if let Some(encoding) = &self.encoding {
            builder = builder.encoding(encoding).map_err(message)?;
        }
        if let Some(row) = self.header_row {
            builder = builder.header_row(row).map_err(message)?;
        }
        if let Some(sheet) = &self.sheet {
            builder = builder.sheet(sheet);
        }
        if let Some(date) = &self.as_of {
            builder = builder.as_of(date).map_err(message)?;
        }
        Ok(builder)
    }

    /// How the corrected copy is written.
    fn fix_options(&self) -> Result<calidad::fix::FixOptions, String> {
        let lang = self.lang()?;
        let delimiter = match self.out_delimiter.as_deref().unwrap_or(",") {
            "," => b',',
            ";" => b';',
            "|" => b'|',
            "tab" | "\t" => b'\t',
            other => {
                return Err(format!(
                    "separador «{other}» no válido: use , ; | o tab / invalid delimiter «{other}»: use , ; | or tab"
                ));
            }
        };
        Ok(calidad::fix::FixOptions {
            out_dir: std::path::PathBuf::new(),
            delimiter,
            decimal_comma: self.decimal_comma,
            drop_personal: self.drop_personal,
            lang,
        })
    }
}

/// Writes a corrected copy of one file in memory (`calidad corregir`): the CSV and Table
/// Schema of each table and the change log, as `{report, files: [{name, text}]}` JSON.
pub fn fix(source: impl Read, name: &str, options: &PageOptions) -> Result<String, String> {
    let fix_options = options.fix_options()?;
    let lang = fix_options.lang;
    let fixed = calidad::fix::fix_reader(options.builder()?, source, name, &fix_options)
        .map_err(|e| e.message(lang))?;
    serde_json::to_string(&fixed).map_err(|e| e.to_string())
}

/// Raw values of one flagged column, for the page's screen only.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevealedColumn {
    /// 0-based index of the report task (a workbook's sheet).
    pub task: usize,
    /// 1-based column number.
    pub field_number: u64,
    /// The column's label.
    pub field_name: String,
    /// What was found (`rut`, `email`, `person-name`…).
    pub category: &'static str,
    /// Up to three raw values.
    pub values: Vec<String>,
}

/// What the page receives: the report, the file's one mark, and the revealed values apart.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The same report as `calidad validate --format json` (masked).
    pub report: serde_json::Value,
    /// The file's mark (a workbook: the mean of its sheets within every sheet's limits).
    pub file_mark: Option<f64>,
    /// The mark's band name (`excelente`, `bueno`, `suficiente`, `deficiente`).
    pub band: Option<&'static str>,
    /// Raw values of flagged columns: shown on screen only when asked, never downloaded.
    pub revealed: Vec<RevealedColumn>,
}

/// Validates one file's bytes from any reader and returns what the page shows.
///
/// `name` is the file's name (its extension helps recognise the format; the content decides).
pub fn validate(source: impl Read, name: &str, options: &PageOptions) -> Result<Page, String> {
    let validator = options.validator()?;
    let lang = validator.lang();
    let tasks = validator
        .tasks_for_local_reader(source, name, name)
        .map_err(|e| e.message(lang))?;
    let mut revealed = Vec::new();
    for (index, task) in tasks.iter().enumerate() {
        for (field, category, values) in &task.calidad.added.revealed.0 {
            let label = usize::try_from(*field)
                .ok()
                .and_then(|f| f.checked_sub(1))
                .and_then(|i| task.labels.get(i))
                .cloned()
                .unwrap_or_default();
            revealed.push(RevealedColumn {
                task: index,
                field_number: *field,
                field_name: label,
                category,
                values: values.clone(),
            });
        }
    }
    let scores: Vec<&calidad::calidad_score::Score> = tasks
        .iter()
        .filter_map(|t| t.calidad.added.score.as_ref().map(|s| &s.score))
        .collect();
    let file_mark = calidad::calidad_score::file_mark(&scores);
    let band = file_mark.map(calidad::calidad_score::rubric::band);
    let report = calidad::Report::from_tasks(tasks, 0.0);
    let report = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    Ok(Page {
        report,
        file_mark,
        band,
        revealed,
    })
}

/// Every code calidad can report, with its explanation (`calidad explain CODE`), as JSON:
/// `[{code, severity, title, description, docs}]`.
pub fn rules_json(lang: &str) -> String {
    let lang = Lang::parse(lang).unwrap_or(Lang::Es);
    let rules: Vec<serde_json::Value> = calidad::rules()
        .map(|rule| {
            serde_json::json!({
                "code": rule.code,
                "severity": rule.severity.as_str(),
                "title": rule.title.get(lang),
                "description": rule.description.get(lang),
                "docs": rule.docs.get(lang),
            })
        })
        .collect();
    serde_json::Value::Array(rules).to_string()
}

/// A reader that says how far it has read, every `step` bytes and at the end.
pub struct Progress<R, F: FnMut(u64)> {
    inner: R,
    read: u64,
    next: u64,
    step: u64,
    reported: Option<u64>,
    report: F,
}

impl<R: Read, F: FnMut(u64)> Progress<R, F> {
    /// Wraps `inner`, calling `report(bytes_read)` every `step` bytes (at least one).
    pub fn new(inner: R, step: u64, report: F) -> Progress<R, F> {
        let step = step.max(1);
        Progress {
            inner,
            read: 0,
            next: step,
            step,
            reported: None,
            report,
        }
    }
}

impl<R: Read, F: FnMut(u64)> Read for Progress<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let at_end = n == 0 && self.reported != Some(self.read);
        if at_end || self.read >= self.next {
            (self.report)(self.read);
            self.reported = Some(self.read);
            self.next = self.read + self.step;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEOPLE: &str = "rut,nombre,comuna\n\
        12.345.678-5,María González Rojas,Ñuñoa\n\
        9.876.543-3,Juan Pérez Soto,Maipú\n\
        15.432.109-6,Ana Muñoz Díaz,Puente Alto\n";

    #[test]
    fn a_table_with_people_gives_a_masked_report_and_the_values_apart() {
        let page = validate(PEOPLE.as_bytes(), "personas.csv", &PageOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let json = page.report.to_string();
        assert!(
            !json.contains("12.345.678-5"),
            "a raw RUT left in the report"
        );
        assert!(!json.contains("González"), "a raw name left in the report");
        assert!(json.contains("\"personal-data\""), "{json}");
        assert_eq!(page.file_mark, Some(3.0));
        assert_eq!(page.band, Some("deficiente"));
        let rut = page
            .revealed
            .iter()
            .find(|c| c.field_name == "rut")
            .unwrap_or_else(|| panic!("{:?}", page.revealed));
        assert!(rut.values.iter().any(|v| v == "12.345.678-5"));
        assert_eq!(rut.field_number, 1);
    }

    #[test]
    fn without_reveal_no_value_is_kept() {
        let options = PageOptions::from_json(r#"{"reveal": false, "lang": "en"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        let page = validate(PEOPLE.as_bytes(), "p.csv", &options).unwrap_or_else(|e| panic!("{e}"));
        assert!(page.revealed.is_empty());
    }

    #[test]
    fn the_report_is_the_clis() {
        let text = "a,b\n1,2\n1,2\n";
        let page = validate(text.as_bytes(), "t.csv", &PageOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let direct = Validator::builder()
            .build()
            .validate_bytes(text.as_bytes(), "t.csv");
        let mut direct = serde_json::to_value(&direct).unwrap_or_default();
        let mut ours = page.report.clone();
        for report in [&mut direct, &mut ours] {
            report["stats"]["seconds"] = serde_json::Value::Null;
            for task in report["tasks"].as_array_mut().into_iter().flatten() {
                task["stats"]["seconds"] = serde_json::Value::Null;
            }
        }
        assert_eq!(ours, direct);
    }

    #[test]
    fn bad_options_say_what_is_wrong() {
        let error = PageOptions::from_json(r#"{"lagn": "es"}"#)
            .err()
            .unwrap_or_default();
        assert!(error.contains("lagn"), "{error}");
        let options = PageOptions::from_json(r#"{"lang": "fr"}"#).unwrap_or_default();
        let error = validate(&b"a\n1\n"[..], "t.csv", &options)
            .err()
            .unwrap_or_default();
        assert!(error.contains("«fr»"), "{error}");
        let options = PageOptions::from_json(r#"{"asOf": "ayer"}"#).unwrap_or_default();
        let error = validate(&b"a\n1\n"[..], "t.csv", &options)
            .err()
            .unwrap_or_default();
        assert!(error.contains("ayer"), "{error}");
        let options = PageOptions::from_json(r#"{"asOf": "2026-11-30"}"#).unwrap_or_default();
        assert!(validate(&b"a\n1\n"[..], "t.csv", &options).is_ok());
    }

    #[test]
    fn progress_is_reported_as_bytes_are_read() {
        let mut seen = Vec::new();
        let data = vec![b'x'; 10_000];
        let mut reader = Progress::new(&data[..], 4_096, |n| seen.push(n));
        let mut sink = Vec::new();
        let mut buf = [0u8; 1_000];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => sink.extend_from_slice(&buf[..n]),
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(sink.len(), 10_000);
        assert_eq!(seen, vec![5_000, 10_000]);
    }

    #[test]
    fn a_corrected_copy_is_made_in_memory() {
        let source = "Informe de transferencias 2024\n\ncomuna;monto;fecha\n Santiago ;1.234,5;31-12-2024\nÑuñoa;s/i;01-02-2024\n";
        let text = fix(
            source.as_bytes(),
            "transferencias.csv",
            &PageOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let fixed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let files: Vec<&str> = fixed["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["name"].as_str())
            .collect();
        assert_eq!(
            files,
            [
                "transferencias.csv",
                "transferencias.schema.json",
                "transferencias.cambios.txt",
                "transferencias.cambios.json"
            ]
        );
        let csv = fixed["files"][0]["text"].as_str().unwrap_or_default();
        assert_eq!(
            csv,
            "comuna,monto,fecha\nSantiago,1234.5,2024-12-31\nÑuñoa,,2024-02-01\n"
        );
        let options = PageOptions::from_json(r#"{"outDelimiter": "/"}"#).unwrap_or_default();
        let error = fix(source.as_bytes(), "t.csv", &options)
            .err()
            .unwrap_or_default();
        assert!(error.contains("«/»"), "{error}");
    }

    #[test]
    fn rules_carry_their_explanations() {
        let rules: serde_json::Value = serde_json::from_str(&rules_json("es")).unwrap_or_default();
        let padding = rules
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["code"] == "padding-rows")
            .cloned()
            .unwrap_or_default();
        assert_eq!(padding["severity"], "error");
        assert!(padding["docs"].as_str().is_some_and(|d| !d.is_empty()));
    }
}
