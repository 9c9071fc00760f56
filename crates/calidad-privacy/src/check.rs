//! The privacy check in the engine's single pass: a deterministic sample per column, then a
//! decision per column from its header and the sample, with thresholds far above chance.

use crate::detail::{Exposed, InText, Personal, Reidentification};
use crate::header::{Entity, HeaderWords};
use crate::lexicon::{self, Category};
use crate::recognise::{self, Context, Decision, Level, Sampled};
use crate::rules::{
    PERSONAL_DATA, PERSONAL_DATA_ALLOWED, PERSONAL_DATA_IN_TEXT, POSSIBLE_PERSONAL_DATA,
    REIDENTIFICATION_RISK, SENSITIVE_DATA, SENSITIVE_DATA_EXPOSED,
};
use crate::shapes::BirthYears;
use crate::subject::{self, ColumnFacts, Reason, Subject};
use crate::{email, mask, names, rut, shapes, text};
use calidad_core::check::{Check, Header, Row};
use calidad_core::finding::{Detail, Finding, Findings};
use calidad_core::rule::Rule;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Rows kept per column: between `SAMPLE` and `2 * SAMPLE` evenly spread sampled rows.
const SAMPLE: u64 = 500;
/// Columns sampled (a 200,000-column header is read for its names only beyond this).
const MAX_COLUMNS: usize = 2_000;
/// Characters kept of a sampled cell.
const MAX_CELL: usize = 80;

/// Header words of quasi-identifiers, by kind: columns of two or more kinds together can
/// single out a person (two columns of the same kind, such as two comunas, cannot).
const QUASI: &[(&str, &[&str])] = &[
    ("sex", QUASI_SEX),
    ("age", QUASI_AGE),
    ("place", QUASI_PLACE),
    ("origin", QUASI_ORIGIN),
    ("marital", QUASI_MARITAL),
    ("occupation", QUASI_OCCUPATION),
    ("education", QUASI_EDUCATION),
];
const QUASI_SEX: &[&str] = &["sexo", "genero"];
const QUASI_AGE: &[&str] = &[
    "edad",
    "edad_anios",
    "tramo_edad",
    "rango_edad",
    "fecha_nacimiento",
    "fec_nac",
    "fecha_nac",
];
const QUASI_PLACE: &[&str] = &["comuna", "codigo_comuna", "cod_comuna"];
const QUASI_ORIGIN: &[&str] = &["nacionalidad", "pais_origen"];
const QUASI_MARITAL: &[&str] = &["estado_civil"];
const QUASI_OCCUPATION: &[&str] = &["profesion", "ocupacion"];
const QUASI_EDUCATION: &[&str] = &["nivel_educacional", "escolaridad"];
/// Header words of counts and measures: a table with one whose values are not mostly 1 is
/// aggregated, not one row per person.
const AGGREGATE: &[&str] = &[
    "casos",
    "caso",
    "total",
    "totales",
    "cantidad",
    "n",
    "numero",
    "frecuencia",
    "conteo",
    "poblacion",
    "tasa",
    "porcentaje",
    "promedio",
    "suma",
    "monto",
    "valor",
    "indice",
    "proporcion",
    "estimacion",
    "mediana",
    "hombres",
    "mujeres",
];
/// Header words of public posts (Ley 20.285's transparencia activa: cargo, estamento,
/// grado, remuneración) and of elections (partido, pacto, votos): names beside them are
/// officials', authorities' or candidates'.
const POSTS: &[&str] = &[
    "cargo",
    "estamento",
    "grado",
    "remuneracion",
    "renta",
    "sueldo",
    "calidad_juridica",
    "escalafon",
    "funcion",
    "votos",
    "pacto",
    "partido",
    "candidatura",
];
/// The check's header word lists, for the header reader's vocabulary.
pub(crate) static HEADER_WORD_LISTS: &[&[&str]] = &[
    QUASI_SEX,
    QUASI_AGE,
    QUASI_PLACE,
    QUASI_ORIGIN,
    QUASI_MARITAL,
    QUASI_OCCUPATION,
    QUASI_EDUCATION,
    AGGREGATE,
    POSTS,
    FREE_TEXT,
];
/// Combinations tracked at most (about 24 bytes each); past it the table is reported as too
/// diverse to be anything but unique.
const MAX_CLASSES: usize = 2_000_000;
/// Groups smaller than this put their rows at risk.
const K_MIN: u32 = 5;

/// Header words of free-text columns, read whole for identifiers written inside the text.
const FREE_TEXT: &[&str] = &[
    "observacion",
    "observaciones",
    "obs",
    "comentario",
    "comentarios",
    "glosa",
    "detalle",
    "motivo",
    "texto",
    "mensaje",
    "respuesta",
    "relato",
    "nota",
    "notas",
    "descripcion",
    "reclamo",
    "solicitud",
];
/// Non-empty cells looked at before a column is judged free text or not.
const TEXT_WARM_UP: u32 = 50;

/// Whether a column is read whole for identifiers inside its text.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TextState {
    /// Still looking: `seen` non-empty cells, `wordy` of them sentences, `repeated` equal to
    /// one seen before (hashes of the cells seen).
    Undecided {
        seen: u32,
        wordy: u32,
        repeated: u32,
        hashes: Vec<u64>,
    },
    /// Free text: every cell is scanned.
    Text,
    /// Codes, numbers, names: not scanned.
    NotText,
}

impl Default for TextState {
    fn default() -> Self {
        TextState::Undecided {
            seen: 0,
            wordy: 0,
            repeated: 0,
            hashes: Vec::new(),
        }
    }
}

/// A cell that reads like a sentence: at least 20 characters and four words, most of them with
/// letters (a list of codes separated by spaces is not text).
fn is_wordy(cell: &str) -> bool {
    if cell.len() < 20 {
        return false;
    }
    let (mut words, mut lettered) = (0, 0);
    for word in cell.split_whitespace() {
        words += 1;
        if word.chars().any(char::is_alphabetic) {
            lettered += 1;
        }
    }
    words >= 4 && lettered * 2 > words
}

/// A quasi-identifier's next step on the generalisation ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// comuna → región.
    Region,
    /// age → 10-year band, 80 and over together.
    AgeBand,
    /// date of birth → decade.
    BirthDecade,
}

impl Step {
    fn id(self) -> &'static str {
        match self {
            Step::Region => "region",
            Step::AgeBand => "age-band-10",
            Step::BirthDecade => "birth-decade",
        }
    }

    fn for_header(name: &str) -> Option<Step> {
        let words = lexicon::words(name);
        let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
        if has(&["fecha_nacimiento", "fec_nac", "fecha_nac", "f_nac", "fnac"]) {
            Some(Step::BirthDecade)
        } else if has(&["tramo", "rango", "grupo"]) {
            None
        } else if has(&["edad", "edad_anios"]) {
            Some(Step::AgeBand)
        } else if has(&["comuna", "cod_comuna"]) {
            Some(Step::Region)
        } else {
            None
        }
    }

    /// Writes the generalised value of `cell` into `key`, or the cell as it is when it is not
    /// of the expected shape.
    fn write(self, cell: &str, key: &mut ClassKey) {
        match self {
            Step::Region => match names::comuna(cell) {
                Some(comuna) => key.push_generalised(comuna.region),
                None => key.push(cell),
            },
            Step::AgeBand => match cell.trim().parse::<u32>() {
                Ok(age) => key.push_generalised_number(i64::from((age / 10).min(8))),
                Err(_) => key.push(cell),
            },
            Step::BirthDecade => match shapes::date(cell) {
                Some((year, ..)) => key.push_generalised_number(i64::from(year) / 10),
                None => key.push(cell),
            },
        }
    }
}

#[derive(Debug, Default)]
struct Column {
    name: String,
    header: HeaderWords,
    hints: Vec<Category>,
    /// (sampled row ordinal, cell).
    sample: Vec<(u64, String)>,
    text: TextState,
    /// Cells scanned whole for identifiers, and those that had some.
    text_scanned: u64,
    text_hits: u64,
    text_examples: Vec<String>,
    /// Free-text cells whose only identifiers are officials' work e-mails.
    official_hits: u64,
    official_examples: Vec<String>,
    /// The header word that makes it a count or a measure, if one does.
    count_word: Option<&'static str>,
    /// The header word of a public post, if it names one.
    post_word: Option<&'static str>,
}

/// Finds columns of personal and sensitive data.
#[derive(Debug, Default)]
pub struct PrivacyCheck {
    allowed: Vec<String>,
    /// Quasi-identifier columns named by the user.
    given_quasi: Option<Vec<String>>,
    /// Columns of quasi-identifiers, counted in the pass; whether they are reported depends
    /// on what the rows turn out to be.
    quasi: Vec<usize>,
    /// Kinds of quasi-identifiers among them (sex, age, place…).
    quasi_kinds: usize,
    /// The generalisation step of each quasi-identifier, if it has one.
    steps: Vec<Option<Step>>,
    /// Rows per combination of quasi-identifier values (hashed), as they are and generalised.
    classes: HashMap<u64, u32, KeyHashed>,
    generalized: HashMap<u64, u32, KeyHashed>,
    /// The buffer class keys are built in, and the región of each comuna spelling seen.
    class_key: ClassKey,
    /// Per quasi-identifier column, the class hashes (as written, generalised) of each
    /// distinct spelling seen, up to [`SPELLINGS_REMEMBERED`]: a comuna is looked up once.
    spellings: Vec<HashMap<u64, (u64, u64), KeyHashed>>,
    /// Rows counted for k-anonymity, and whether the class table overflowed.
    counted: u64,
    overflowed: bool,
    columns: Vec<Column>,
    /// Columns still judged for free text, and those read whole.
    text_undecided: Vec<usize>,
    text_columns: Vec<usize>,
    seen: u64,
    stride: u64,
    sampled_rows: u64,
    birth_years: BirthYears,
    /// Whether raw examples are kept for `--reveal`.
    reveal: bool,
    /// What the check hands over once the table is read.
    summary: Option<PrivacySummary>,
}

/// What the privacy check tells the report besides its findings: what a row is about and
/// why, the re-identification analysis whenever it ran (also when k is safe), and — only when
/// asked for with `reveal` — raw examples of each flagged column for the person at the screen.
#[derive(Clone, Debug, Default)]
pub struct PrivacySummary {
    /// What a row is about.
    pub subject: Subject,
    /// Why.
    pub reasons: Vec<Reason>,
    /// k-anonymity over the quasi-identifiers, when the rows are people's.
    pub reidentification: Option<Reidentification>,
    /// Up to three raw values per flagged column (1-based column number, category id), only
    /// with [`PrivacySettings::reveal`]. Never part of a finding or of the report's JSON.
    pub revealed: Vec<(u64, &'static str, Vec<String>)>,
    /// Every column found to hold personal or sensitive data (1-based, from the table's first
    /// column) with its category, whatever codes are reported: the columns whose values every
    /// report masks.
    pub flagged: Vec<(u64, Category)>,
}

/// What the privacy check is told by whoever runs it.
#[derive(Clone, Debug, Default)]
pub struct PrivacySettings {
    /// Columns published on a legal basis (officials' names and salaries under Transparencia
    /// Activa): reported as `personal-data-allowed` notices instead of errors, still masked.
    pub allowed: Vec<String>,
    /// Quasi-identifier columns named by the user (`--quasi-identifiers`) instead of found from
    /// the headers; given ones are analysed whatever the rows are about.
    pub quasi_identifiers: Option<Vec<String>>,
    /// The year the run is judged on (`--as-of`), for ages implied by dates of birth.
    pub as_of_year: Option<i64>,
    /// Keep up to three raw values of each flagged column in the summary, for a text report
    /// on the publisher's own screen (`calidad validate --reveal`).
    pub reveal: bool,
}

/// Builds a fresh privacy check for each table.
pub fn factory(settings: PrivacySettings) -> calidad_core::engine::CheckFactory {
    calidad_core::engine::CheckFactory::new(move || Box::new(PrivacyCheck::with(&settings)))
}

impl PrivacyCheck {
    fn with(settings: &PrivacySettings) -> PrivacyCheck {
        PrivacyCheck {
            allowed: settings.allowed.clone(),
            given_quasi: settings.quasi_identifiers.clone(),
            stride: 1,
            birth_years: BirthYears::as_of(settings.as_of_year),
            reveal: settings.reveal,
            ..PrivacyCheck::default()
        }
    }
}

/// Words that make `numero` or `n` a number that identifies rather than counts.
const NOT_COUNTED: &[&str] = &[
    "correlativo",
    "folio",
    "id",
    "codigo",
    "documento",
    "cuenta",
    "serie",
    "domicilio",
    "casa",
    "telefono",
    "celular",
    "orden",
    "oficio",
    "resolucion",
    "decreto",
    "contrato",
];

/// The word that makes a header a count or a measure, if one does.
fn count_word(header: &HeaderWords, words: &[String], hints: &[Category]) -> Option<&'static str> {
    // `numero_cuenta`, `n_documento`: identifiers, not counts (a sensitive word over a count,
    // "población indígena", still counts).
    if hints.iter().any(|c| !c.is_sensitive()) {
        return None;
    }
    let word = AGGREGATE
        .iter()
        .find(|w| words.iter().any(|x| x == *w))
        .copied()?;
    let numbered = matches!(word, "n" | "numero");
    if numbered
        && (header.has(NOT_COUNTED)
            || matches!(
                header.entity(),
                Some(Entity::Event | Entity::Place | Entity::Organisation | Entity::Pseudonym)
            ))
    {
        return None;
    }
    Some(word)
}

impl Check for PrivacyCheck {
    fn runs_on_worker(&self) -> bool {
        true
    }

    /// The columns it finds are masked in every report, whatever codes are picked.
    fn always_runs(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [&'static Rule] {
        crate::RULES
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.columns = header
            .field_names
            .iter()
            .take(MAX_COLUMNS)
            .map(|name| {
                let read = HeaderWords::of(name);
                let words = lexicon::ngrams(&read.words);
                let hints = lexicon::categories_of(&read);
                Column {
                    name: name.clone(),
                    text: if words.iter().any(|w| FREE_TEXT.contains(&w.as_str())) {
                        TextState::Text
                    } else {
                        TextState::default()
                    },
                    count_word: count_word(&read, &words, &hints),
                    post_word: POSTS
                        .iter()
                        .find(|w| words.iter().any(|x| x == *w))
                        .copied(),
                    header: read,
                    hints,
                    ..Column::default()
                }
            })
            .collect();
        self.text_columns = (0..self.columns.len())
            .filter(|i| self.columns[*i].text == TextState::Text)
            .collect();
        self.text_undecided = (0..self.columns.len())
            .filter(|i| self.columns[*i].text != TextState::Text)
            .collect();
        let mut quasi = Vec::new();
        let mut kinds = Vec::new();
        for (index, column) in self.columns.iter().enumerate() {
            let words = lexicon::ngrams(&column.header.words);
            let kind = QUASI
                .iter()
                .find(|(_, list)| words.iter().any(|t| list.contains(&t.as_str())))
                .map(|(kind, _)| *kind);
            if let Some(kind) = kind {
                quasi.push(index);
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        if let Some(given) = &self.given_quasi {
            self.quasi = given
                .iter()
                .filter_map(|name| header.position(name))
                .collect();
        } else {
            // Counted whatever the other columns are: whether the rows are people's is known
            // only at the end (a RUT column makes them so, amounts beside it or not).
            self.quasi = quasi;
        }
        self.quasi_kinds = kinds.len();
        self.steps = self
            .quasi
            .iter()
            .map(|i| Step::for_header(header.field_name(*i).unwrap_or("")))
            .collect();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, out: &mut Findings) {
        if row.is_blank() {
            self.seen += 1;
            return;
        }
        if !self.quasi.is_empty() && !self.overflowed {
            self.count_classes(row);
        }
        if !self.text_columns.is_empty() || !self.text_undecided.is_empty() {
            self.scan_text(row, out);
        }
        self.seen += 1;
        if !(self.seen - 1).is_multiple_of(self.stride) {
            return;
        }
        let ordinal = self.sampled_rows;
        self.sampled_rows += 1;
        for (index, column) in self.columns.iter_mut().enumerate() {
            let cell = row.cell(index).trim();
            if !cell.is_empty() {
                let kept: String = cell.chars().take(MAX_CELL).collect();
                column.sample.push((ordinal, kept));
            }
        }
        if self.sampled_rows >= 2 * SAMPLE {
            // Keep every other sampled row and sample half as often from now on: the sample
            // stays evenly spread over the whole table, whatever its length.
            for column in &mut self.columns {
                column.sample.retain(|(k, _)| k % 2 == 0);
                for (k, _) in &mut column.sample {
                    *k /= 2;
                }
            }
            self.sampled_rows = SAMPLE;
            self.stride *= 2;
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        let posts_table = self.columns.iter().any(|c| c.post_word.is_some());
        let mut decisions = Vec::new();
        let mut flagged: Vec<(u64, Category)> = Vec::new();
        for (index, column) in self.columns.iter_mut().enumerate() {
            if let TextState::Undecided { .. } = column.text {
                column.text = TextState::NotText;
            }
            let sampled = Sampled::new(
                &column.name,
                &column.header,
                &column.hints,
                &column.sample,
                self.birth_years,
            )
            .in_posts_table(posts_table);
            for decision in recognise::decide(&sampled) {
                decisions.push((index, decision));
            }
        }
        let pairs: Vec<(&str, &[(u64, String)])> = self
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.sample.as_slice()))
            .collect();
        for (index, decision) in recognise::split_ruts(&pairs) {
            // The body column, unless it was already found to hold RUTs on its own.
            let known = decisions
                .iter()
                .any(|(i, d)| *i == index && d.category == Category::Rut && d.evidence != "header");
            if !known {
                decisions.retain(|(i, d)| !(*i == index && d.category == Category::Rut));
                decisions.push((index, decision));
            }
        }
        decisions.sort_by_key(|(index, _)| *index);
        let (subject, reasons) = self.subject(&decisions);
        let person_level = subject == Subject::Person;
        let mut identified_by = Vec::new();
        let mut sensitive = Vec::new();
        let mut revealed = Vec::new();
        for (index, decision) in decisions {
            let column = &self.columns[index];
            let rule = match decision.level {
                Level::Direct => &PERSONAL_DATA,
                Level::Possible => &POSSIBLE_PERSONAL_DATA,
                // Sensitive categories matter in rows about people; a header over counts
                // ("población que se considera indígena") is statistics.
                Level::Sensitive if matches!(subject, Subject::Person | Subject::Unknown) => {
                    &SENSITIVE_DATA
                }
                Level::Sensitive => continue,
                Level::ErrorInPersonRows if person_level => &PERSONAL_DATA,
                // A place's or an organisation's address is the data itself.
                Level::ErrorInPersonRows
                    if matches!(subject, Subject::Place | Subject::Organisation) =>
                {
                    continue;
                }
                Level::ErrorInPersonRows => &POSSIBLE_PERSONAL_DATA,
                Level::OnlyInPersonRows { error: true } if person_level => &PERSONAL_DATA,
                Level::OnlyInPersonRows { .. } if person_level => &POSSIBLE_PERSONAL_DATA,
                Level::OnlyInPersonRows { .. } => continue,
            };
            if decision.category.is_sensitive() {
                if !sensitive.contains(&column.name) {
                    sensitive.push(column.name.clone());
                }
            } else if std::ptr::eq(rule, &PERSONAL_DATA) && !identified_by.contains(&column.name) {
                identified_by.push(column.name.clone());
            }
            let rule = if self.allowed.contains(&column.name) {
                &PERSONAL_DATA_ALLOWED
            } else {
                rule
            };
            if self.reveal {
                revealed.push((
                    index as u64 + 1,
                    decision.category.id(),
                    raw_examples(column, &decision),
                ));
            }
            flagged.push((index as u64 + 1, decision.category));
            out.push(personal_finding(rule, column, index, decision, subject));
        }
        for (index, column) in self.columns.iter().enumerate() {
            // Free text: officials' addresses (a warning), and the cells with a person's
            // identifiers (an error, besides one per cell).
            let summaries = [
                (
                    &POSSIBLE_PERSONAL_DATA,
                    Category::Email,
                    column.official_hits,
                    &column.official_examples,
                ),
                (
                    &PERSONAL_DATA_IN_TEXT,
                    Category::FreeTextPii,
                    column.text_hits,
                    &column.text_examples,
                ),
            ];
            for (rule, category, matched, examples) in summaries {
                if matched == 0 {
                    continue;
                }
                flagged.push((index as u64 + 1, category));
                let rule = if self.allowed.contains(&column.name) {
                    &PERSONAL_DATA_ALLOWED
                } else {
                    rule
                };
                out.push(
                    Finding::new(rule)
                        .at_field(index as u64 + 1, Some(&column.name))
                        .with_detail(Detail::of(Personal {
                            category: category.id(),
                            sensitive: false,
                            evidence: "content",
                            matched,
                            sampled: column.text_scanned,
                            confidence: ratio3(matched, column.text_scanned),
                            examples: examples.clone(),
                            word: None,
                            context: if std::ptr::eq(rule, &POSSIBLE_PERSONAL_DATA) {
                                Context::Officials
                            } else {
                                Context::Plain
                            },
                            subject,
                        })),
                );
            }
        }
        // k-anonymity: in rows about people, or over the columns the user named.
        let analysed = person_level || self.given_quasi.is_some();
        let reidentification = if analysed { self.risk() } else { None };
        let k = reidentification.as_ref().map(|r| r.k);
        if let Some(risk) = &reidentification
            && risk.k < u64::from(K_MIN)
        {
            out.push(Finding::new(&REIDENTIFICATION_RISK).with_detail(Detail::of(risk.clone())));
        }
        if !sensitive.is_empty() && (!identified_by.is_empty() || k == Some(1)) {
            out.push(
                Finding::new(&SENSITIVE_DATA_EXPOSED).with_detail(Detail::of(Exposed {
                    sensitive,
                    k: k.filter(|k| *k == 1),
                    identified_by,
                })),
            );
        }
        self.summary = Some(PrivacySummary {
            subject,
            reasons,
            reidentification,
            revealed,
            flagged,
        });
    }

    fn hand_over(&mut self) -> Option<Box<dyn std::any::Any + Send>> {
        self.summary
            .take()
            .map(|summary| Box::new(summary) as Box<dyn std::any::Any + Send>)
    }
}

/// Up to three of the column's sampled cells behind a decision's masked examples, for
/// `--reveal`.
fn raw_examples(column: &Column, decision: &Decision) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    for example in &decision.examples {
        if let Some((_, cell)) = column
            .sample
            .iter()
            .find(|(_, cell)| &mask_for(decision.category, cell) == example && !raw.contains(cell))
        {
            raw.push(cell.clone());
        }
    }
    raw
}

/// Share of a count column's sampled values that must be 1 for it to be a record's frequency
/// (one death, one case) rather than a count of many.
const UNIT_COUNTS: f64 = 0.8;

/// Whether a column's sample reads as counts or measures of many: mostly numbers, and not
/// mostly 1.
fn counts_many(sample: &[(u64, String)]) -> bool {
    let numbers: Vec<f64> = sample
        .iter()
        .filter_map(|(_, cell)| {
            let cell = cell.trim().replace(['.', ' '], "").replace(',', ".");
            cell.parse::<f64>().ok()
        })
        .collect();
    if sample.is_empty() || numbers.len() * 2 < sample.len() {
        return false;
    }
    let ones = numbers.iter().filter(|n| **n == 1.0).count();
    (ones as f64) < UNIT_COUNTS * numbers.len() as f64
}

/// `n / of`, rounded to three decimals (0 when nothing was looked at).
fn ratio3(n: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 / of as f64 * 1000.0).round() / 1000.0
    }
}

/// Distinct spellings whose class hashes are remembered per quasi-identifier column (a
/// column of comunas has a few hundred; one of thousands is looked up cell by cell).
const SPELLINGS_REMEMBERED: usize = 4096;

const CLASS_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// Folds one value's hash into a combination's, in order (`a, b` ≠ `b, a`).
fn mix(combination: u64, value: u64) -> u64 {
    (combination ^ value)
        .wrapping_mul(0xFF51_AFD7_ED55_8CCD)
        .rotate_left(31)
}

/// The class hash of a cell as written (trimmed, case folded) and generalised one step.
fn cell_hashes(cell: &str, step: Option<Step>, key: &mut ClassKey) -> (u64, u64) {
    key.clear();
    key.push(cell);
    let as_written = key.hash();
    let generalised = match step {
        Some(step) => {
            key.clear();
            step.write(cell, key);
            key.hash()
        }
        None => as_written,
    };
    (as_written, generalised)
}

/// The hash of a combination of values, built without allocating per row: each value trimmed
/// and lowercased into one reused buffer, a separator after each, hashed once.
#[derive(Debug, Default)]
struct ClassKey {
    bytes: Vec<u8>,
}

impl ClassKey {
    fn clear(&mut self) {
        self.bytes.clear();
    }

    /// The value, trimmed, with ASCII letters and Latin-1's capitals (`Á`, `Ñ`, `Ü`…)
    /// lowercased byte by byte: `MAIPÚ`, `Maipú` and ` maipú ` are one class. Other scripts
    /// keep their case (a finer class, never a merged one).
    fn push(&mut self, value: &str) {
        let mut after_c3 = false;
        for &b in value.trim().as_bytes() {
            let lowered = if after_c3 && (0x80..=0x9E).contains(&b) && b != 0x97 {
                b + 0x20
            } else {
                b.to_ascii_lowercase()
            };
            after_c3 = b == 0xC3;
            self.bytes.push(lowered);
        }
        self.bytes.push(SEPARATOR);
    }

    /// A generalised value, marked so that it never equals a cell written the same way.
    fn push_generalised(&mut self, value: &str) {
        self.bytes.push(GENERALISED);
        self.push(value);
    }

    fn push_generalised_number(&mut self, value: i64) {
        self.bytes.push(GENERALISED);
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self.bytes.push(SEPARATOR);
    }

    fn hash(&self) -> u64 {
        seeded_hash(&self.bytes)
    }
}

/// A hash of `bytes` under a seed chosen once per run: the class maps use hashes as they are,
/// so values crafted to collide under a known hash must not be able to slow them down.
fn seeded_hash(bytes: &[u8]) -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let seed = *SEED.get_or_init(|| {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64)
    });
    xxh3_64_with_seed(bytes, seed)
}

/// Class keys are hashes already: the map uses them as they are instead of hashing them again.
type KeyHashed = std::hash::BuildHasherDefault<PassThrough>;

#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Bytes no trimmed text cell holds (control characters), between and before values.
const SEPARATOR: u8 = 0x1f;
const GENERALISED: u8 = 0x1e;

impl PrivacyCheck {
    /// Counts the row in its combination of quasi-identifier values, as they are and
    /// generalised one step.
    fn count_classes(&mut self, row: &Row<'_>) {
        if self.spellings.len() != self.quasi.len() {
            self.spellings = vec![HashMap::default(); self.quasi.len()];
        }
        let (mut class, mut general) = (CLASS_SEED, CLASS_SEED);
        for ((&index, step), spellings) in
            self.quasi.iter().zip(&self.steps).zip(&mut self.spellings)
        {
            let cell = row.cell(index);
            let spelling = seeded_hash(cell.as_bytes());
            let (as_written, generalised) = match spellings.get(&spelling) {
                Some(hashes) => *hashes,
                None => {
                    let hashes = cell_hashes(cell, *step, &mut self.class_key);
                    if spellings.len() < SPELLINGS_REMEMBERED {
                        spellings.insert(spelling, hashes);
                    }
                    hashes
                }
            };
            class = mix(class, as_written);
            general = mix(general, generalised);
        }
        if self.classes.len() >= MAX_CLASSES && !self.classes.contains_key(&class) {
            self.overflowed = true;
            return;
        }
        *self.classes.entry(class).or_insert(0) += 1;
        self.counted += 1;
        if self.steps.iter().any(Option::is_some) {
            *self.generalized.entry(general).or_insert(0) += 1;
        }
    }

    /// Scans the row's free-text cells for identifiers, one finding per cell that has some.
    fn scan_text(&mut self, row: &Row<'_>, out: &mut Findings) {
        let mut decided = false;
        for &index in &self.text_undecided {
            let cell = row.cell(index);
            if cell.trim().is_empty() {
                continue;
            }
            let column = &mut self.columns[index];
            if let TextState::Undecided {
                seen,
                wordy,
                repeated,
                hashes,
            } = &mut column.text
            {
                *seen += 1;
                let is_text = is_wordy(cell);
                if is_text {
                    *wordy += 1;
                }
                let hash = seeded_hash(cell.trim().as_bytes());
                if hashes.contains(&hash) {
                    *repeated += 1;
                } else {
                    hashes.push(hash);
                }
                if *seen >= TEXT_WARM_UP {
                    // One cell in five reading like a sentence makes a free-text column,
                    // unless most cells repeat others (region names, programme names: a
                    // category, not text anyone typed).
                    column.text = if *wordy * 5 >= *seen && *repeated * 2 < *seen {
                        TextState::Text
                    } else {
                        TextState::NotText
                    };
                    decided = true;
                }
                if is_text {
                    scan_cell(column, index, row, cell, out);
                }
            }
        }
        for &index in &self.text_columns {
            let cell = row.cell(index);
            if !cell.trim().is_empty() {
                scan_cell(&mut self.columns[index], index, row, cell, out);
            }
        }
        if decided {
            let columns = &self.columns;
            self.text_columns.extend(
                self.text_undecided
                    .iter()
                    .filter(|i| columns[**i].text == TextState::Text),
            );
            self.text_undecided
                .retain(|i| matches!(columns[*i].text, TextState::Undecided { .. }));
        }
    }

    /// k-anonymity over the quasi-identifiers, with a generalisation tried in the same pass
    /// when some rows are at risk (`None` with no quasi-identifier or too few rows).
    fn risk(&self) -> Option<Reidentification> {
        if self.quasi.is_empty() || self.counted < u64::from(K_MIN) {
            return None;
        }
        let (k, unique_records, records_at_risk) = anonymity(&self.classes, self.overflowed);
        let names = self
            .quasi
            .iter()
            .filter_map(|i| self.columns.get(*i).map(|c| c.name.clone()))
            .collect();
        let at_risk = k < u64::from(K_MIN);
        let (generalized_k, _, generalized_at_risk) = anonymity(&self.generalized, false);
        let generalized = if !at_risk || self.generalized.is_empty() || self.overflowed {
            Vec::new()
        } else {
            self.quasi
                .iter()
                .zip(&self.steps)
                .filter_map(|(i, step)| {
                    Some((self.columns.get(*i)?.name.clone(), step.as_ref()?.id()))
                })
                .collect()
        };
        Some(Reidentification {
            quasi_identifiers: names,
            k,
            unique_records,
            records_at_risk,
            rows: self.counted,
            generalized,
            generalized_k,
            generalized_at_risk,
        })
    }

    /// What a row is about, from the headers, the counts and what the recognisers found.
    fn subject(&self, decisions: &[(usize, Decision)]) -> (Subject, Vec<Reason>) {
        let facts: Vec<ColumnFacts<'_>> = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                let found = || decisions.iter().filter(move |(i, _)| *i == index);
                let person_header = matches!(
                    column.header.entity(),
                    Some(Entity::Private | Entity::Person | Entity::Official)
                );
                // "beneficiarios" over numbers counts people; it names none.
                let counts =
                    (column.count_word.is_some() || person_header) && counts_many(&column.sample);
                ColumnFacts {
                    name: &column.name,
                    header: Some(&column.header),
                    count: if counts {
                        Some(column.count_word.unwrap_or_else(|| {
                            column.header.entity.as_ref().map_or("", |(_, w)| {
                                PERSON_COUNT_WORDS
                                    .iter()
                                    .find(|x| **x == w.as_str())
                                    .copied()
                                    .unwrap_or("personas")
                            })
                        }))
                    } else {
                        None
                    },
                    posts: column.post_word,
                    location: column.hints.contains(&Category::Geolocation)
                        || column.hints.contains(&Category::Address)
                        || found().any(|(_, d)| {
                            matches!(d.category, Category::Geolocation | Category::Address)
                        }),
                    identifier: found()
                        .find(|(_, d)| {
                            d.level == Level::Direct
                                && !d.category.is_sensitive()
                                && !self.allowed.contains(&column.name)
                        })
                        .map(|(_, d)| d.category.id()),
                    official_names: found().any(|(_, d)| {
                        d.category == Category::PersonName && d.context == Context::Officials
                    }),
                    quasi: self.quasi.contains(&index),
                }
            })
            .collect();
        subject::decide(&facts, self.quasi_kinds)
    }
}

/// Person words that, over numbers, name what is counted.
const PERSON_COUNT_WORDS: &[&str] = &[
    "beneficiario",
    "participante",
    "persona",
    "alumno",
    "estudiante",
    "paciente",
];

/// (k, unique rows, rows in groups under [`K_MIN`]) of a class table.
fn anonymity(classes: &HashMap<u64, u32, KeyHashed>, overflowed: bool) -> (u64, u64, u64) {
    let k = if overflowed {
        1
    } else {
        u64::from(classes.values().copied().min().unwrap_or(0))
    };
    let unique = classes.values().filter(|n| **n == 1).count() as u64;
    let at_risk = classes
        .values()
        .filter(|n| **n < K_MIN)
        .map(|n| u64::from(*n))
        .sum();
    (k, unique, at_risk)
}

/// Scans one free-text cell; a cell with identifiers becomes a finding with the cell masked.
fn scan_cell(column: &mut Column, index: usize, row: &Row<'_>, cell: &str, out: &mut Findings) {
    column.text_scanned += 1;
    let found = text::scan(cell);
    if found.is_empty() {
        return;
    }
    if found
        .iter()
        .all(|(kind, _, _)| *kind == text::Kind::OfficialEmail)
    {
        // Only officials' work addresses: one column-level warning, no error per cell.
        column.official_hits += 1;
        for (_, _, masked) in found {
            if column.official_examples.len() < 3 && !column.official_examples.contains(&masked) {
                column.official_examples.push(masked);
            }
        }
        return;
    }
    let (masked, mut kinds) = text::mask_text(cell);
    kinds.retain(|kind| *kind != text::Kind::OfficialEmail);
    column.text_hits += 1;
    if column.text_examples.len() < 3 {
        column
            .text_examples
            .push(masked.chars().take(MAX_CELL).collect());
    }
    out.push(
        Finding::new(&PERSONAL_DATA_IN_TEXT)
            .at_row(row.number, row.line)
            .at_field(index as u64 + 1, Some(&column.name))
            .with_cell(&masked)
            .with_detail(Detail::of(InText {
                kinds: kinds.iter().map(|k| k.id()).collect(),
            })),
    );
}

fn personal_finding(
    rule: &'static Rule,
    column: &Column,
    index: usize,
    decision: Decision,
    subject: Subject,
) -> Finding {
    let sampled = column.sample.len() as u64;
    let confidence = if decision.evidence == "header" {
        0.0
    } else {
        ratio3(decision.matched, sampled)
    };
    Finding::new(rule)
        .at_field(index as u64 + 1, Some(&column.name))
        .with_detail(Detail::of(Personal {
            category: decision.category.id(),
            sensitive: decision.category.is_sensitive(),
            evidence: decision.evidence,
            matched: decision.matched,
            sampled,
            confidence,
            examples: decision.examples,
            word: decision.word,
            context: decision.context,
            subject,
        }))
}

/// The mask for a cell of a column flagged as `category`.
pub fn mask_for(category: Category, cell: &str) -> String {
    match category {
        Category::Rut => match rut::parse(cell) {
            Some((body, digit)) => mask::rut(body, digit),
            None => mask::other(cell),
        },
        Category::Email => match email::parse(cell) {
            Some((local, domain)) => mask::email(local, domain),
            None => mask::other(cell),
        },
        Category::Phone => mask::phone(cell),
        Category::PersonName => mask::name(cell),
        Category::BirthDate => mask::date(cell),
        Category::LicensePlate => mask::plate(cell),
        Category::FreeTextPii => text::mask_text(cell).0,
        _ => mask::other(cell),
    }
}

/// The columns of a table found to hold personal or sensitive data, with their category,
/// numbered from the table's first column (1): what [`mask_findings`] and [`mask_row`] mask.
/// `column_offset`: how many sheet columns come before the table's first, when the findings'
/// field numbers were moved to the sheet's columns (a row's cells are the table's own).
pub fn flagged_columns(findings: &Findings, column_offset: u64) -> Vec<(u64, Category)> {
    findings
        .errors()
        .iter()
        .chain(findings.others())
        .filter_map(|f| {
            let personal = f.detail.other::<Personal>()?;
            let field = f.field_number?.checked_sub(column_offset)?;
            Some((field, Category::from_id(personal.category)?))
        })
        .filter(|(field, _)| *field > 0)
        .collect()
}

/// Masks a row's cells in the flagged columns (see [`flagged_columns`]).
pub fn mask_row(cells: &mut [String], flagged: &[(u64, Category)]) {
    for (field, category) in flagged {
        if let Some(cell) = (*field as usize)
            .checked_sub(1)
            .and_then(|i| cells.get_mut(i))
            && !cell.is_empty()
        {
            *cell = mask_for(*category, cell);
        }
    }
}

/// Masks, in every kept finding of a table, the values of the columns found to hold personal
/// or sensitive data: the cell, the row's cells, and anything derived from them (a mojibake
/// repair, bytes read as Windows-1252). Run before a report is rendered. `flagged`: the
/// columns, from the table's first (the check's [`PrivacySummary::flagged`], or
/// [`flagged_columns`]); `column_offset`: see [`flagged_columns`].
pub fn mask_findings(findings: &mut Findings, flagged: &[(u64, Category)], column_offset: u64) {
    if flagged.is_empty() {
        return;
    }
    findings.for_each_mut(|finding| {
        if finding.detail.other::<Personal>().is_some()
            || finding.detail.other::<InText>().is_some()
        {
            return;
        }
        if let Some(field) = finding.field_number
            && let Some((_, category)) = flagged
                .iter()
                .find(|(f, _)| Some(*f) == field.checked_sub(column_offset))
        {
            if let Some(cell) = &finding.cell {
                finding.cell = Some(mask_for(*category, cell));
            }
            match &mut finding.detail {
                Detail::Mojibake { suggestion } => *suggestion = mask::other(suggestion),
                Detail::InvalidUtf8 {
                    as_windows_1252, ..
                } => *as_windows_1252 = None,
                Detail::Threshold { value, .. } => *value = mask::other(value),
                _ => {}
            }
        }
        if let Some(cells) = &mut finding.cells {
            mask_row(cells, flagged);
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn classes_fold_case_and_padding_and_generalise_by_region() {
        let mut key = super::ClassKey::default();
        let mut as_written = |cell: &str| super::cell_hashes(cell, None, &mut key).0;
        assert_eq!(as_written("MAIPÚ"), as_written(" maipú "));
        assert_ne!(as_written("Maipú"), as_written("Maipo"));
        let mut key = super::ClassKey::default();
        let mut region =
            |cell: &str| super::cell_hashes(cell, Some(super::Step::Region), &mut key).1;
        assert_eq!(region("Maipú"), region("ÑUÑOA"));
        assert_ne!(region("Maipú"), region("Arica"));
        assert_ne!(
            super::mix(super::mix(1, 2), 3),
            super::mix(super::mix(1, 3), 2)
        );
    }

    use super::*;
    use calidad_core::parser::{Field, FieldKind};

    /// Synthetic people: RUT bodies from a fixed sequence between 45 and 50 million (no RUN has
    /// reached that range), never real persons.
    fn synthetic_rut(i: u32) -> String {
        let body = 45_000_000 + i * 1_583;
        format!("{body}-{}", rut::check_digit(body))
    }

    fn run(names: &[&str], rows: &[Vec<String>]) -> Findings {
        let check = PrivacyCheck::with(&PrivacySettings {
            allowed: vec!["allowed".to_owned()],
            as_of_year: Some(2026),
            ..PrivacySettings::default()
        });
        run_with(check, names, rows)
    }

    fn run_with(mut check: PrivacyCheck, names: &[&str], rows: &[Vec<String>]) -> Findings {
        let header = Header::new(
            1,
            1,
            names.iter().map(|s| (*s).to_owned()).collect(),
            Vec::new(),
        );
        let mut out = Findings::default();
        check.header(&header, &mut out);
        for (i, cells) in rows.iter().enumerate() {
            let text = cells.join(";");
            let mut fields = Vec::new();
            let mut at = 0;
            for cell in cells {
                fields.push(Field {
                    start: at,
                    end: at + cell.len(),
                    kind: FieldKind::Plain,
                });
                at += cell.len() + 1;
            }
            let row = Row::new(
                i as u64 + 2,
                i as u64 + 2,
                &text,
                0,
                &fields,
                cells.len() as u64,
                false,
            );
            check.row(&row, &header, &mut out);
        }
        check.finish(&mut out);
        out
    }

    fn flags(findings: &Findings) -> Vec<(u64, &'static str, &'static str)> {
        findings
            .errors()
            .iter()
            .chain(findings.others())
            .filter_map(|f| {
                let p = f.detail.other::<Personal>()?;
                Some((f.field_number.unwrap_or(0), p.category, p.evidence))
            })
            .collect()
    }

    #[test]
    fn person_ruts_emails_and_mobiles_are_found_and_masked() {
        let rows: Vec<Vec<String>> = (0..3000u32)
            .map(|i| {
                vec![
                    synthetic_rut(i),
                    format!("persona{i}@gmail.com"),
                    format!("9{:08}", 10_000_000 + i),
                    format!("{}", 1_000 + i),
                    "Hipertensión".to_owned(),
                ]
            })
            .collect();
        let findings = run(&["rut", "correo", "celular", "monto", "diagnostico"], &rows);
        assert_eq!(
            flags(&findings),
            [
                (1, "rut", "both"),
                (2, "email", "both"),
                (3, "phone", "both"),
                (5, "health", "header")
            ]
        );
        for finding in findings.errors().iter().chain(findings.others()) {
            if let Some(Personal {
                examples, sampled, ..
            }) = finding.detail.other::<Personal>()
            {
                assert!(*sampled <= 2 * SAMPLE);
                for example in examples {
                    assert!(
                        example.contains('*') || example.starts_with('['),
                        "{example}"
                    );
                }
            }
        }
    }

    #[test]
    fn amounts_codes_and_company_ruts_are_not_personal() {
        let rows: Vec<Vec<String>> = (0..2000u32)
            .map(|i| {
                let company = 76_000_000 + i * 13;
                vec![
                    format!("{}.{:03}.{:03}", 1 + i % 9, i % 1000, (i * 7) % 1000),
                    format!("{company}-{}", rut::check_digit(company)),
                    format!("{:08}", 10_000_000 + i),
                    format!("oirs@institucion{}.cl", i % 5),
                ]
            })
            .collect();
        let findings = run(&["monto", "rut_empresa", "codigo", "correo"], &rows);
        assert!(flags(&findings).is_empty(), "{:?}", flags(&findings));
    }

    #[test]
    fn random_numbers_pass_the_check_digit_by_chance_but_no_column_is_flagged() {
        // 8-digit numbers with a random-looking digit: about 1 in 11 pass mod 11.
        let rows: Vec<Vec<String>> = (0..3000u32)
            .map(|i| vec![format!("{}-{}", 10_000_000 + i * 3_571, i % 10)])
            .collect();
        let findings = run(&["folio"], &rows);
        assert!(flags(&findings).is_empty());
    }

    #[test]
    fn quasi_identifiers_that_single_people_out_are_a_risk() {
        // Synthetic records: comuna and age make most rows unique.
        let rows: Vec<Vec<String>> = (0..300u32)
            .map(|i| {
                vec![
                    ["Ollagüe", "Maipú", "Timaukel"][(i % 3) as usize].to_owned(),
                    format!("{}", 18 + i % 80),
                    ["F", "M"][(i % 2) as usize].to_owned(),
                    "Hipertensión".to_owned(),
                ]
            })
            .collect();
        let findings = run(&["comuna", "edad", "sexo", "diagnostico"], &rows);
        let risk = findings
            .others()
            .iter()
            .find(|f| f.rule.code == "reidentification-risk")
            .expect("a risk finding");
        let Some(Reidentification {
            k, unique_records, ..
        }) = risk.detail.other::<Reidentification>()
        else {
            panic!("detail");
        };
        assert_eq!(*k, 1);
        assert!(*unique_records > 0);
        // Named by the user, they are analysed even beside an amount.
        let with_amount: Vec<Vec<String>> = rows
            .iter()
            .map(|r| vec![r[0].clone(), r[1].clone(), "100".to_owned()])
            .collect();
        let header = ["comuna", "edad", "monto"];
        assert!(
            !run(&header, &with_amount)
                .others()
                .iter()
                .any(|f| f.rule.code == "reidentification-risk")
        );
        let check = PrivacyCheck::with(&PrivacySettings {
            quasi_identifiers: Some(vec!["comuna".to_owned(), "edad".to_owned()]),
            ..PrivacySettings::default()
        });
        let out = run_with(check, &header, &with_amount);
        assert!(
            out.others()
                .iter()
                .any(|f| f.rule.code == "reidentification-risk")
        );
        // The same columns in an aggregated table (a count per combination) are not a risk.
        let counts: Vec<Vec<String>> = (0..300u32)
            .map(|i| vec![format!("C{i}"), format!("{}", i % 80), format!("{i}")])
            .collect();
        let aggregated = run(&["comuna", "edad", "casos"], &counts);
        assert!(
            !aggregated
                .others()
                .iter()
                .any(|f| f.rule.code == "reidentification-risk")
        );
    }

    #[test]
    fn allowed_columns_are_notices() {
        let rows: Vec<Vec<String>> = (0..100u32)
            .map(|i| vec![synthetic_rut(i), synthetic_rut(i + 1)])
            .collect();
        let findings = run(&["rut", "allowed"], &rows);
        let codes: Vec<&str> = findings
            .errors()
            .iter()
            .chain(findings.others())
            .map(|f| f.rule.code)
            .collect();
        assert_eq!(codes, ["personal-data", "personal-data-allowed"]);
    }

    #[test]
    fn shapes_of_ips_and_plates() {
        let codes: Vec<Vec<String>> = (0..200).map(|i| vec![format!("{}", 10 + i % 20)]).collect();
        assert!(flags(&run(&["statusCode"], &codes)).is_empty());
    }

    /// A synthetic Visa number: 15 digits from `i`, then the Luhn digit.
    fn synthetic_card(i: u32) -> String {
        let body: Vec<u8> = format!("4{:014}", 123_456_789 + u64::from(i) * 7_919)
            .bytes()
            .map(|b| b - b'0')
            .collect();
        let digit = (0..10u8)
            .find(|d| {
                let mut all = body.clone();
                all.push(*d);
                shapes::luhn(&all)
            })
            .unwrap();
        let text: String = body
            .iter()
            .chain([&digit])
            .map(|d| char::from(b'0' + d))
            .collect();
        format!(
            "{} {} {} {}",
            &text[..4],
            &text[4..8],
            &text[8..12],
            &text[12..]
        )
    }

    /// Synthetic people: combinations of frequent names, never a real record.
    fn synthetic_name(i: u32) -> String {
        const GIVEN: [&str; 6] = ["María", "José", "Camila", "Juan", "Sofía", "Luis"];
        const SURNAMES: [&str; 6] = ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto"];
        format!(
            "{} {} {}",
            GIVEN[(i % 6) as usize],
            SURNAMES[(i / 6 % 6) as usize],
            SURNAMES[(i / 36 % 6) as usize]
        )
    }

    #[test]
    fn ruts_split_over_two_columns_or_without_their_digit_are_found() {
        let split: Vec<Vec<String>> = (0..40u32)
            .map(|i| {
                let body = 45_000_000 + i * 1_583;
                vec![
                    body.to_string(),
                    rut::check_digit(body).to_string(),
                    format!("{}", 10 + i),
                ]
            })
            .collect();
        for header in [["rut", "dv", "monto"], ["numero", "x", "monto"]] {
            let found = flags(&run(&header, &split));
            assert!(
                found.contains(&(
                    1,
                    "rut",
                    if header[0] == "rut" {
                        "both"
                    } else {
                        "content"
                    }
                )),
                "{header:?}: {found:?}"
            );
        }
        // Bodies alone, under a header that says RUT.
        let bodies: Vec<Vec<String>> = (0..40u32)
            .map(|i| vec![format!("0{}", 45_000_000 + i * 1_583), "x".to_owned()])
            .collect();
        let found = flags(&run(&["run_alumno", "curso"], &bodies));
        assert!(found.contains(&(1, "rut", "both")), "{found:?}");
        // The same numbers without a RUT header or a check digit beside them are not RUTs.
        assert!(flags(&run(&["folio", "curso"], &bodies)).is_empty());
    }

    #[test]
    fn every_direct_identifier_of_the_spec_is_found() {
        let rows: Vec<Vec<String>> = (0..1200u32)
            .map(|i| {
                vec![
                    synthetic_name(i),
                    format!("Pasaje Los Aromos N° {}", 100 + i),
                    format!("BBC{}{:02}", ["D", "F", "G"][(i % 3) as usize], i % 100),
                    synthetic_card(i),
                    format!("{:02}-{:02}-{}", 1 + i % 28, 1 + i % 12, 1940 + i % 70),
                    format!("{:09}", 100_000_000 + i * 37),
                    format!("200.27.{}.{}", i % 200, 1 + i % 250),
                    format!("-33.{:05}", 10_000 + i),
                ]
            })
            .collect();
        let header = [
            "nombre_completo",
            "direccion",
            "patente",
            "tarjeta",
            "fecha_nacimiento",
            "numero_cuenta",
            "ip",
            "latitud",
        ];
        let findings = run(&header, &rows);
        let by_code: Vec<(&str, &str)> = findings
            .errors()
            .iter()
            .chain(findings.others())
            .filter_map(|f| Some((f.rule.code, f.detail.other::<Personal>()?.category)))
            .collect();
        // A table with people's names: addresses, plates and coordinates are theirs too.
        for expected in [
            ("personal-data", "person-name"),
            ("personal-data", "address"),
            ("personal-data", "license-plate"),
            ("personal-data", "credit-card"),
            ("personal-data", "birth-date"),
            ("personal-data", "bank-account"),
            ("possible-personal-data", "ip-address"),
            ("personal-data", "geolocation"),
        ] {
            assert!(by_code.contains(&expected), "{expected:?} in {by_code:?}");
        }
        for finding in findings.errors().iter().chain(findings.others()) {
            if let Some(Personal { examples, .. }) = finding.detail.other::<Personal>() {
                for example in examples {
                    for row in &rows {
                        assert!(!row.contains(example), "{example} leaks a value");
                    }
                }
            }
        }
    }

    #[test]
    fn places_are_not_people() {
        // A table of establishments: names of schools, their addresses and coordinates.
        let rows: Vec<Vec<String>> = (0..600u32)
            .map(|i| {
                vec![
                    format!("Escuela Básica {}", synthetic_name(i)),
                    ["Maipú", "Castro", "Padre Hurtado"][(i % 3) as usize].to_owned(),
                    format!("Av. Pajaritos {}", 100 + i),
                    format!("-33.{:05}", 10_000 + i),
                    format!("{}-{:02}-{:02}", 2020 + i % 4, 1 + i % 12, 1 + i % 28),
                ]
            })
            .collect();
        let findings = run(
            &[
                "nombre_establecimiento",
                "nombre",
                "direccion",
                "lat",
                "fecha",
            ],
            &rows,
        );
        let codes: Vec<(&str, u64)> = findings
            .errors()
            .iter()
            .chain(findings.others())
            .map(|f| (f.rule.code, f.field_number.unwrap_or(0)))
            .collect();
        // Rows about schools: their addresses, coordinates and dates are the data.
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn identifiers_in_free_text_are_reported_by_row_and_masked() {
        let rows: Vec<Vec<String>> = (0..400u32)
            .map(|i| {
                let remark = if i % 100 == 7 {
                    format!(
                        "Vecino reclama; contactar a persona{i}@gmail.com o al 9 8765 43{:02}",
                        i % 100
                    )
                } else {
                    format!("Solicitud número {i} recibida sin observaciones adicionales")
                };
                vec![format!("{i}"), remark]
            })
            .collect();
        let findings = run(&["folio", "observaciones"], &rows);
        let rows_found: Vec<u64> = findings
            .errors()
            .iter()
            .filter(|f| f.rule.code == "personal-data-in-text" && f.row_number.is_some())
            .map(|f| f.row_number.unwrap())
            .collect();
        assert_eq!(rows_found, [9, 109, 209, 309]);
        for finding in findings.errors() {
            if let Some(cell) = &finding.cell {
                assert!(!cell.contains("persona"), "{cell}");
                assert!(!cell.contains("8765"), "{cell}");
            }
        }
        let summary = findings
            .errors()
            .iter()
            .find(|f| f.rule.code == "personal-data-in-text" && f.row_number.is_none())
            .expect("a column summary");
        assert!(matches!(
            summary.detail.other::<Personal>(),
            Some(Personal {
                matched: 4,
                sampled: 400,
                ..
            })
        ));
    }

    #[test]
    fn officials_addresses_in_free_text_are_one_warning() {
        let rows: Vec<Vec<String>> = (0..300u32)
            .map(|i| {
                let remark = if i % 50 == 3 {
                    format!("Consultas a la encargada, ana.rojas{i}@subdere.gob.cl, en horario de oficina")
                } else {
                    format!("Solicitud número {i} recibida sin observaciones adicionales")
                };
                vec![format!("{i}"), remark]
            })
            .collect();
        let findings = run(&["folio", "observaciones"], &rows);
        assert!(
            findings
                .errors()
                .iter()
                .all(|f| f.rule.code != "personal-data-in-text"),
            "no error for officials' work addresses"
        );
        let warning = findings
            .others()
            .iter()
            .find(|f| f.rule.code == "possible-personal-data")
            .expect("a column warning");
        let Some(Personal {
            category,
            matched,
            examples,
            ..
        }) = warning.detail.other::<Personal>()
        else {
            panic!("not a personal detail");
        };
        assert_eq!((*category, *matched), ("email", 6));
        assert!(
            examples.iter().all(|e| !e.contains("ana.rojas")),
            "{examples:?}"
        );
    }

    #[test]
    fn sensitive_data_beside_an_identifier_is_exposed() {
        let rows: Vec<Vec<String>> = (0..200u32)
            .map(|i| vec![synthetic_rut(i), "Hipertensión".to_owned()])
            .collect();
        let findings = run(&["rut", "diagnostico"], &rows);
        let exposed = findings
            .errors()
            .iter()
            .find(|f| f.rule.code == "sensitive-data-exposed")
            .expect("exposed");
        assert_eq!(
            exposed.detail.other::<Exposed>(),
            Some(&Exposed {
                sensitive: vec!["diagnostico".to_owned()],
                identified_by: vec!["rut".to_owned()],
                k: None
            })
        );
        // Without the RUT column, and with k well above 1, nothing is exposed.
        let alone: Vec<Vec<String>> = rows.iter().map(|r| vec![r[1].clone()]).collect();
        assert!(
            !run(&["diagnostico"], &alone)
                .errors()
                .iter()
                .any(|f| f.rule.code == "sensitive-data-exposed")
        );
    }

    #[test]
    fn generalisation_is_measured_in_the_same_pass() {
        // Synthetic records over nine comunas of three regions and every age: unique as they
        // are, groups of at least 5 once generalised to region and 10-year bands.
        const COMUNAS: [&str; 9] = [
            "Maipú", "Ñuñoa", "Renca", "Iquique", "Pica", "Huara", "Temuco", "Angol", "Pucón",
        ];
        let rows: Vec<Vec<String>> = (0..1800u32)
            .map(|i| {
                vec![
                    COMUNAS[(i % 9) as usize].to_owned(),
                    format!("{}", i / 9 % 90),
                    ["F", "M"][(i / 810 % 2) as usize].to_owned(),
                ]
            })
            .collect();
        let findings = run(&["comuna", "edad", "sexo"], &rows);
        let Some(Reidentification {
            k,
            generalized,
            generalized_k,
            ..
        }) = findings
            .others()
            .iter()
            .find(|f| f.rule.code == "reidentification-risk")
            .and_then(|f| f.detail.other::<Reidentification>())
        else {
            panic!("no risk finding");
        };
        assert!(*k < 5);
        assert_eq!(
            generalized,
            &[
                ("comuna".to_owned(), "region"),
                ("edad".to_owned(), "age-band-10")
            ]
        );
        assert!(*generalized_k >= 5, "k after generalising: {generalized_k}");
        let mut key = ClassKey::default();
        let mut step = |step: Step, a: &str, b: &str| {
            cell_hashes(a, Some(step), &mut key).1 == cell_hashes(b, Some(step), &mut key).1
        };
        assert!(step(Step::Region, "Ñuñoa", "Las Condes"));
        assert!(step(Step::AgeBand, "87", "101"));
        assert!(!step(Step::AgeBand, "79", "80"));
        assert!(step(Step::BirthDecade, "14-07-1985", "1981-01-02"));
        assert!(!step(Step::BirthDecade, "14-07-1985", "1991-01-02"));
    }

    #[test]
    fn other_findings_lose_the_values_of_flagged_columns() {
        let mut findings = Findings::default();
        findings.push(
            Finding::new(&PERSONAL_DATA)
                .at_field(1, Some("rut"))
                .with_detail(Detail::of(Personal {
                    category: "rut",
                    sensitive: false,
                    evidence: "content",
                    matched: 10,
                    sampled: 10,
                    confidence: 1.0,
                    examples: vec!["12.***.***-5".into()],
                    word: None,
                    context: Context::Plain,
                    subject: Subject::Person,
                })),
        );
        let leaked = Finding::new(&calidad_core::rules::extra_cell::EXTRA_CELL)
            .at_row(2, 2)
            .at_field(1, Some("rut"))
            .with_cell("12.345.678-5")
            .with_cells(["12.345.678-5", "Maipú"]);
        findings.push(leaked);
        let flagged = flagged_columns(&findings, 0);
        mask_findings(&mut findings, &flagged, 0);
        let masked = findings
            .errors()
            .iter()
            .find(|f| f.rule.code == "extra-cell")
            .unwrap();
        assert_eq!(masked.cell.as_deref(), Some("12.***.***-5"));
        assert_eq!(
            masked.cells.as_deref(),
            Some(&["12.***.***-5".to_owned(), "Maipú".to_owned()][..])
        );
    }
}
