//! Per-column statistics in the single pass: missing values (blank or placeholders), padded and
//! garbled cells, categories and their variants, and domain checks of recognised columns.

use calidad_core::check::{Header, Profiler, Row};
use calidad_privacy::{email, lexicon, names, rut};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Statistics of a table's columns, gathered in the single pass.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableProfile {
    /// Data rows profiled (every row up to a million, then one in eight).
    pub rows: u64,
    /// Whether rows were taken at a stride rather than all.
    pub sampled: bool,
    /// Rows with no missing cell.
    pub complete_rows: u64,
    /// One entry per column, in order.
    pub fields: Vec<FieldProfile>,
}

/// Statistics of one column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldProfile {
    /// The column's name.
    pub name: String,
    /// Cells with a value.
    pub values: u64,
    /// Cells empty, blank, or a placeholder (`NA`, `s/i`, `-`, `#N/A`…).
    pub missing: u64,
    /// Cells with leading or trailing spaces.
    pub padded: u64,
    /// Cells with control characters or U+FFFD.
    pub garbled: u64,
    /// Distinct values (counted while there are at most 64; `None` beyond: not a category).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub distinct: Option<u64>,
    /// Distinct values that are variants of another one (`Ñuñoa`, `NUÑOA`, `Nunoa`).
    pub variants: u64,
    /// Values checked against the column's domain (RUT check digit, comuna, region, age, …).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domain: Option<DomainCheck>,
}

/// Values of a recognised column checked against its domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainCheck {
    /// `rut`, `comuna`, `region`, `age`, `latitude`, `longitude`, `email`, `non-negative`.
    pub kind: String,
    /// Values checked.
    pub checked: u64,
    /// Values in the domain.
    pub valid: u64,
}

/// Values that stand for "no value" in Chilean portal files (compared without case).
const PLACEHOLDERS: &[&str] = &[
    "na",
    "n/a",
    "null",
    "none",
    "s/i",
    "sin información",
    "sin informacion",
    "sin dato",
    "sin datos",
    "s/d",
    "-",
    "--",
    ".",
    "?",
    "#n/a",
    "#¡valor!",
    "#value!",
    "#div/0!",
];
/// Columns profiled (Excel's widest sheet): a wider table's profile covers its first ones.
pub const MAX_PROFILED_COLUMNS: usize = 16_384;

/// Distinct values tracked per column; a column with more is not a category.
const MAX_CATEGORIES: usize = 64;
/// A value longer than this is free text, not a category's: its column is not a category (and
/// a row of megabytes is not copied into the set).
const MAX_CATEGORY_BYTES: usize = 1024;
/// Rows looked at in full for categories and domains; beyond, one row in [`STRIDE`].
const FULL_ROWS: u64 = 50_000;
const STRIDE: u64 = 64;
/// Rows profiled in full; beyond, one row in [`PROFILE_STRIDE`] (a fixed stride, never at
/// random), as the rubric allows: the shares it needs are stable long before, and the
/// profile then costs a fraction of the pass on very large files.
const PROFILE_FULL_ROWS: u64 = 1_000_000;
const PROFILE_STRIDE: u64 = 8;

/// Whether a cell is missing: empty, blank, or a placeholder.
pub fn is_missing(cell: &str) -> bool {
    let cell = cell.trim_ascii();
    let Some(first) = cell.as_bytes().first() else {
        return true;
    };
    // Every placeholder starts with one of these bytes: most cells are ruled out by the first.
    cell.len() <= 16
        && matches!(first, b'n' | b'N' | b's' | b'S' | b'-' | b'.' | b'?' | b'#')
        && PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(cell))
}

/// The domain a column's header says its values belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Domain {
    Rut,
    Comuna,
    Region,
    Age,
    Latitude,
    Longitude,
    Email,
    NonNegative,
}

impl Domain {
    fn id(self) -> &'static str {
        match self {
            Domain::Rut => "rut",
            Domain::Comuna => "comuna",
            Domain::Region => "region",
            Domain::Age => "age",
            Domain::Latitude => "latitude",
            Domain::Longitude => "longitude",
            Domain::Email => "email",
            Domain::NonNegative => "non-negative",
        }
    }

    fn for_header(name: &str) -> Option<Domain> {
        let tokens = lexicon::tokens(name);
        let has = |list: &[&str]| tokens.iter().any(|t| list.contains(&t.as_str()));
        let first = tokens.first().map(String::as_str);
        if has(&["rut", "run"]) && !has(&["dv"]) {
            Some(Domain::Rut)
        } else if first == Some("comuna") || has(&["comuna"]) && !has(&["cantidad", "total"]) {
            Some(Domain::Comuna)
        } else if first == Some("region") && tokens.len() <= 2 {
            Some(Domain::Region)
        } else if has(&["edad"]) && !has(&["tramo", "rango", "grupo", "promedio"]) {
            Some(Domain::Age)
        } else if has(&["lat", "latitud"]) {
            Some(Domain::Latitude)
        } else if has(&["lon", "lng", "longitud"]) {
            Some(Domain::Longitude)
        } else if has(&["correo", "email", "mail"]) {
            Some(Domain::Email)
        } else if has(&["monto", "cantidad", "casos", "poblacion", "beneficiarios"]) {
            Some(Domain::NonNegative)
        } else {
            None
        }
    }

    /// `Some(valid)` for a value of this domain; `None` when the value cannot be judged.
    fn check(self, cell: &str) -> Option<bool> {
        let cell = cell.trim();
        let number = || parse_number(cell);
        match self {
            Domain::Rut => Some(rut::parse(cell).is_some()),
            Domain::Comuna => Some(names::comuna(cell).is_some()),
            Domain::Region => match cell.parse::<u32>() {
                Ok(n) => Some((1..=16).contains(&n)),
                Err(_) => names::is_region(cell).then_some(true),
            },
            Domain::Age => number().map(|n| (0.0..=120.0).contains(&n)),
            Domain::Latitude => number().map(|n| (-56.0..=-17.4).contains(&n)),
            Domain::Longitude => number().map(|n| (-109.5..=-66.0).contains(&n)),
            Domain::Email => Some(email::parse(cell).is_some()),
            Domain::NonNegative => number().map(|n| n >= 0.0),
        }
    }
}

/// A number written with a decimal point or a decimal comma (and dot groups).
fn parse_number(cell: &str) -> Option<f64> {
    if let Ok(n) = cell.parse::<f64>() {
        return Some(n);
    }
    let normalised: String = if cell.contains(',') {
        cell.replace('.', "").replace(',', ".")
    } else {
        cell.replace('.', "")
    };
    normalised.parse().ok()
}

#[derive(Debug, Default)]
struct Column {
    profile: FieldProfile,
    categories: Option<HashSet<String>>,
    domain: Option<(Domain, u64, u64)>,
}

/// Gathers the [`TableProfile`] of a table.
#[derive(Debug, Default)]
pub struct ColumnProfiler {
    columns: Vec<Column>,
    /// Data rows seen, and those profiled.
    seen: u64,
    rows: u64,
    complete_rows: u64,
}

/// A fresh profiler for each table (for the engine's profiler list).
pub fn factory() -> calidad_core::engine::ProfilerFactory {
    calidad_core::engine::ProfilerFactory::new(|| Box::new(ColumnProfiler::default()))
}

impl Profiler for ColumnProfiler {
    fn header(&mut self, header: &Header) {
        self.columns = header
            .field_names
            .iter()
            .take(MAX_PROFILED_COLUMNS)
            .map(|name| Column {
                profile: FieldProfile {
                    name: name.clone(),
                    ..FieldProfile::default()
                },
                categories: Some(HashSet::new()),
                domain: Domain::for_header(name).map(|d| (d, 0, 0)),
            })
            .collect();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header) {
        if row.is_blank() {
            return;
        }
        self.seen += 1;
        if self.seen > PROFILE_FULL_ROWS && !self.seen.is_multiple_of(PROFILE_STRIDE) {
            return;
        }
        self.rows += 1;
        let detailed = self.rows <= FULL_ROWS || self.rows.is_multiple_of(STRIDE);
        // One branch-free look at the whole row (it vectorises) before looking cell by cell
        // for control characters or U+FFFD (which starts with byte 0xEF).
        let suspicious = row
            .text()
            .bytes()
            .fold(false, |found, b| found | (b < 0x20) | (b == 0xEF));
        let mut complete = true;
        for (index, column) in self.columns.iter_mut().enumerate() {
            let cell = row.cell(index);
            let profile = &mut column.profile;
            if is_missing(cell) {
                profile.missing += 1;
                complete = false;
                continue;
            }
            profile.values += 1;
            let bytes = cell.as_bytes();
            if bytes.first().is_some_and(u8::is_ascii_whitespace)
                || bytes.last().is_some_and(u8::is_ascii_whitespace)
            {
                profile.padded += 1;
            }
            if suspicious
                && (bytes
                    .iter()
                    .any(|b| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
                    || cell.contains('\u{FFFD}'))
            {
                profile.garbled += 1;
            }
            if !detailed {
                continue;
            }
            if let Some(set) = &mut column.categories
                && !set.contains(cell)
            {
                if set.len() >= MAX_CATEGORIES || cell.len() > MAX_CATEGORY_BYTES {
                    column.categories = None;
                } else {
                    set.insert(cell.to_owned());
                }
            }
            if let Some((domain, checked, valid)) = &mut column.domain
                && let Some(ok) = domain.check(cell)
            {
                *checked += 1;
                *valid += u64::from(ok);
            }
        }
        // Cells past the header's width are not columns; short rows have missing cells.
        if (row.len() as usize) < self.columns.len() {
            complete = false;
        }
        self.complete_rows += u64::from(complete);
    }

    fn finish(self: Box<Self>) -> Box<dyn std::any::Any + Send> {
        let fields = self
            .columns
            .into_iter()
            .map(|column| {
                let mut profile = column.profile;
                if let Some(set) = column.categories {
                    profile.distinct = Some(set.len() as u64);
                    let folded: HashSet<String> = set.iter().map(|v| names::fold_key(v)).collect();
                    profile.variants = (set.len() - folded.len()) as u64;
                }
                profile.domain = column.domain.and_then(|(domain, checked, valid)| {
                    (checked > 0).then(|| DomainCheck {
                        kind: domain.id().to_owned(),
                        checked,
                        valid,
                    })
                });
                profile
            })
            .collect();
        Box::new(TableProfile {
            sampled: self.rows < self.seen,
            rows: self.rows,
            complete_rows: self.complete_rows,
            fields,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_domains() {
        for missing in ["", "  ", "NA", "s/i", "-", "#N/A", "Sin Información"] {
            assert!(is_missing(missing), "{missing}");
        }
        assert!(!is_missing("0"));
        assert_eq!(
            Domain::for_header("comuna_residencia"),
            Some(Domain::Comuna)
        );
        assert_eq!(Domain::for_header("Región"), Some(Domain::Region));
        assert_eq!(Domain::for_header("edad"), Some(Domain::Age));
        assert_eq!(Domain::for_header("tramo_edad"), None);
        assert_eq!(Domain::Comuna.check("Ñuñoa"), Some(true));
        assert_eq!(Domain::Comuna.check("Gotham"), Some(false));
        assert_eq!(Domain::Age.check("130"), Some(false));
        assert_eq!(Domain::NonNegative.check("-1.234,5"), Some(false));
        assert_eq!(Domain::NonNegative.check("1.234,5"), Some(true));
        assert_eq!(Domain::Region.check("13"), Some(true));
        assert_eq!(Domain::Region.check("Metropolitana"), Some(true));
        assert_eq!(names::fold_key(" Ñuñoa "), names::fold_key("NUNOA"));
    }

    #[test]
    fn free_text_is_no_category() {
        use calidad_core::parser::{Field, FieldKind};
        let header = Header::new(1, 1, vec!["comuna".into(), "nota".into()], Vec::new());
        let mut profiler = ColumnProfiler::default();
        profiler.header(&header);
        let long = "palabra ".repeat(MAX_CATEGORY_BYTES / 8 + 1);
        for (i, nota) in ["corta", long.as_str(), "corta"].into_iter().enumerate() {
            let text = format!("Ñuñoa;{nota}");
            let split = "Ñuñoa".len();
            let fields = [
                Field {
                    start: 0,
                    end: split,
                    kind: FieldKind::Plain,
                },
                Field {
                    start: split + 1,
                    end: text.len(),
                    kind: FieldKind::Plain,
                },
            ];
            let row = Row::new(i as u64 + 2, i as u64 + 2, &text, 0, &fields, 2, false);
            profiler.row(&row, &header);
        }
        let profile = Box::new(profiler)
            .finish()
            .downcast::<TableProfile>()
            .unwrap();
        assert_eq!(profile.fields[0].distinct, Some(1));
        assert_eq!(profile.fields[1].distinct, None);
    }
}
