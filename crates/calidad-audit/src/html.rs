//! `index.html`: the audit as one self-contained page (inline CSS and SVG, no script, no
//! external asset), written as well-formed XML so any parser can check it. The page is an
//! askama template (`templates/dashboard.html`) that escapes every value by construction;
//! this module only gathers what it shows.

use crate::summary::{Row, Status, Summary};
use askama::Template;
use calidad::Lang;

/// Rows listed in each table before "and N more".
const LIST_LIMIT: usize = 500;
/// Resources in the "lowest scores" table.
const WORST: usize = 25;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2430;max-width:72rem}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}\
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem 1rem;min-width:8rem}\
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{border-bottom:1px solid #e1e4e8;padding:.3rem .5rem;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right}.bad{color:#b42318}.warn{color:#9a6700}.good{color:#1a7f37}\
svg text{font-size:11px;fill:#1d2430}.muted{color:#57606a}";

/// Text safe for XML 1.0 (which allows no control characters but tab and newline); the
/// template escapes markup.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    lang: &'static str,
    title: &'static str,
    style: &'static str,
    cards: Vec<Card>,
    chart: Chart,
    tables: Vec<Table>,
    version: String,
    footer: &'static str,
}

struct Card {
    label: &'static str,
    value: String,
    class: &'static str,
}

struct Chart {
    title: &'static str,
    label: &'static str,
    width: u64,
    height: u64,
    bar: u64,
    label_y: u64,
    bars: Vec<Bar>,
}

struct Bar {
    x: u64,
    y: u64,
    h: u64,
    middle: u64,
    count_y: u64,
    count: u64,
    colour: &'static str,
    label: String,
}

struct Table {
    title: String,
    note: Option<&'static str>,
    heads: Vec<Head>,
    rows: Vec<Vec<Cell>>,
    more: Option<String>,
}

struct Head {
    text: &'static str,
    number: bool,
}

struct Cell {
    text: String,
    link: Option<String>,
    number: bool,
}

fn text(value: &str) -> Cell {
    Cell {
        text: clean(value),
        link: None,
        number: false,
    }
}

fn number(value: impl ToString) -> Cell {
    Cell {
        text: value.to_string(),
        link: None,
        number: true,
    }
}

/// A resource, linked to its report.
fn resource(row: &Row) -> Cell {
    Cell {
        text: clean(&row.id),
        link: row.report.as_deref().map(clean),
        number: false,
    }
}

fn heads(list: &[(&'static str, bool)]) -> Vec<Head> {
    list.iter()
        .map(|(text, number)| Head {
            text,
            number: *number,
        })
        .collect()
}

/// "and N more (summary.csv)" past the list limit.
fn more(total: usize, lang: Lang) -> Option<String> {
    (total > LIST_LIMIT).then(|| {
        format!(
            "{} {} (summary.csv)",
            lang.pick("y otros", "and"),
            total - LIST_LIMIT
        )
    })
}

/// The dashboard of an audit.
pub fn render(summary: &Summary, lang: Lang) -> String {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut tables = vec![
        worst(summary, lang),
        unreadable(summary, lang),
        privacy(summary, lang),
        organizations(summary, lang),
    ];
    tables.extend(datasets(summary, lang));
    tables.push(codes(summary, lang));
    let page = Dashboard {
        lang: lang.code(),
        title: t("Auditoría de calidad", "calidad audit"),
        style: STYLE,
        cards: cards(summary, lang),
        chart: chart(summary, lang),
        tables,
        version: clean(&summary.calidad_version),
        footer: t(
            "Cada recurso tiene su informe completo en reports/.",
            "Each resource has its full report in reports/.",
        ),
    };
    // Rendering into a string fails only if a value's Display fails, which none does.
    page.render().unwrap_or_default()
}

fn cards(summary: &Summary, lang: Lang) -> Vec<Card> {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mean = summary
        .mean_score
        .map(|s| format!("{s:.1}"))
        .unwrap_or_else(|| "—".into());
    [
        (
            t("recursos", "resources"),
            summary.resources.to_string(),
            "",
        ),
        (t("válidos", "valid"), summary.status.ok.to_string(), "good"),
        (
            t("con errores", "invalid"),
            summary.status.invalid.to_string(),
            "warn",
        ),
        (
            t("no se pudieron leer", "could not read"),
            summary.status.could_not_read.to_string(),
            "bad",
        ),
        (
            t("con datos personales", "privacy flags"),
            summary.privacy_flagged.to_string(),
            "bad",
        ),
        (t("puntaje medio", "mean score"), mean, ""),
    ]
    .into_iter()
    .map(|(label, value, class)| Card {
        label,
        value,
        class,
    })
    .collect()
}

/// The score distribution as an SVG bar chart: one bar per whole point.
fn chart(summary: &Summary, lang: Lang) -> Chart {
    let (width, height, bar, gap, top, bottom) = (560u64, 200u64, 50u64, 10u64, 20u64, 30u64);
    let highest = summary
        .score_distribution
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let plot = height - top - bottom;
    let bars = summary
        .score_distribution
        .iter()
        .enumerate()
        .map(|(index, &count)| {
            let x = 10 + index as u64 * (bar + gap);
            let h = count * plot / highest;
            let y = top + plot - h;
            Bar {
                x,
                y,
                h,
                middle: x + bar / 2,
                count_y: y.saturating_sub(4).max(10),
                count,
                colour: match index {
                    0..=3 => "#d1242f",
                    4..=6 => "#d4a72c",
                    _ => "#2da44e",
                },
                label: if index == 8 {
                    "9–10".to_owned()
                } else {
                    format!("{}–{}", index + 1, index + 2)
                },
            }
        })
        .collect();
    Chart {
        title: lang.pick("Distribución de puntajes", "Score distribution"),
        label: lang.pick("Recursos por puntaje", "Resources by score"),
        width,
        height,
        bar,
        label_y: height - 10,
        bars,
    }
}

fn worst(summary: &Summary, lang: Lang) -> Table {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut scored: Vec<&Row> = summary
        .rows_by_resource
        .iter()
        .filter(|r| r.score.is_some() && r.status != Status::CouldNotRead)
        .collect();
    scored.sort_by(|a, b| {
        a.score
            .partial_cmp(&b.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.errors.cmp(&a.errors))
            .then(a.id.cmp(&b.id))
    });
    let rows = scored
        .iter()
        .take(WORST)
        .map(|row| {
            let mut top: Vec<(&String, &u64)> = row.error_counts.iter().collect();
            top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let top: Vec<String> = top
                .iter()
                .take(3)
                .map(|(c, n)| format!("{c} ({n})"))
                .collect();
            vec![
                resource(row),
                text(row.organization.as_deref().unwrap_or("")),
                number(format!("{:.1}", row.score.unwrap_or(0.0))),
                number(row.errors),
                text(&top.join(", ")),
            ]
        })
        .collect();
    Table {
        title: t("Puntajes más bajos", "Lowest scores").to_owned(),
        note: None,
        heads: heads(&[
            (t("recurso", "resource"), false),
            (t("organización", "organization"), false),
            (t("puntaje", "score"), true),
            (t("errores", "errors"), true),
            (t("códigos principales", "main codes"), false),
        ]),
        rows,
        more: None,
    }
}

fn unreadable(summary: &Summary, lang: Lang) -> Table {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let rows: Vec<&Row> = summary
        .rows_by_resource
        .iter()
        .filter(|r| r.status == Status::CouldNotRead)
        .collect();
    Table {
        title: format!(
            "{} ({})",
            t("No se pudieron leer", "Could not read"),
            rows.len()
        ),
        note: None,
        heads: heads(&[
            (t("recurso", "resource"), false),
            (t("motivo", "reason"), false),
        ]),
        more: more(rows.len(), lang),
        rows: rows
            .iter()
            .take(LIST_LIMIT)
            .map(|row| vec![resource(row), text(row.reason.as_deref().unwrap_or(""))])
            .collect(),
    }
}

fn privacy(summary: &Summary, lang: Lang) -> Table {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let rows: Vec<&Row> = summary
        .rows_by_resource
        .iter()
        .filter(|r| r.privacy.flagged)
        .collect();
    Table {
        title: format!(
            "{} ({})",
            t("Datos personales", "Privacy flags"),
            rows.len()
        ),
        note: None,
        heads: heads(&[
            (t("recurso", "resource"), false),
            (t("organización", "organization"), false),
            (t("categorías", "categories"), false),
            (t("hallazgos", "findings"), false),
            ("k", true),
        ]),
        more: more(rows.len(), lang),
        rows: rows
            .iter()
            .take(LIST_LIMIT)
            .map(|row| {
                let codes: Vec<String> = row
                    .privacy
                    .codes
                    .iter()
                    .map(|(c, n)| format!("{c} ({n})"))
                    .collect();
                vec![
                    resource(row),
                    text(row.organization.as_deref().unwrap_or("")),
                    text(&row.privacy.categories.join(", ")),
                    text(&codes.join(", ")),
                    number(row.privacy.k.map(|k| k.to_string()).unwrap_or_default()),
                ]
            })
            .collect(),
    }
}

fn organizations(summary: &Summary, lang: Lang) -> Table {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut orgs: Vec<_> = summary.organizations.iter().collect();
    orgs.sort_by(|a, b| {
        let problems = |o: &crate::summary::OrganizationSummary| {
            o.status.invalid + o.status.could_not_read + o.privacy_flagged
        };
        problems(b).cmp(&problems(a)).then(a.name.cmp(&b.name))
    });
    Table {
        title: t("Por organización", "By organization").to_owned(),
        note: None,
        heads: heads(&[
            (t("organización", "organization"), false),
            (t("recursos", "resources"), true),
            (t("válidos", "valid"), true),
            (t("con errores", "invalid"), true),
            (t("no leídos", "not read"), true),
            (t("datos personales", "privacy"), true),
            (t("puntaje medio", "mean score"), true),
        ]),
        rows: orgs
            .into_iter()
            .map(|org| {
                vec![
                    text(
                        org.name
                            .as_deref()
                            .unwrap_or(t("(sin catálogo)", "(no catalogue)")),
                    ),
                    number(org.resources),
                    number(org.status.ok),
                    number(org.status.invalid),
                    number(org.status.could_not_read),
                    number(org.privacy_flagged),
                    number(
                        org.mean_score
                            .map(|s| format!("{s:.1}"))
                            .unwrap_or_default(),
                    ),
                ]
            })
            .collect(),
        more: None,
    }
}

/// Datasets whose tables do not share one header (yearly files with renamed columns).
fn datasets(summary: &Summary, lang: Lang) -> Option<Table> {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut uneven: Vec<_> = summary
        .datasets
        .iter()
        .filter(|d| d.header_consistency.is_some_and(|c| c < 1.0))
        .collect();
    if uneven.is_empty() {
        return None;
    }
    uneven.sort_by(|a, b| {
        a.header_consistency
            .partial_cmp(&b.header_consistency)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.name.cmp(&b.name))
    });
    let rows = uneven
        .iter()
        .take(LIST_LIMIT)
        .map(|dataset| {
            let mut differing: Vec<&str> = dataset
                .differing
                .iter()
                .map(String::as_str)
                .take(5)
                .collect();
            let more = dataset.differing.len().saturating_sub(differing.len());
            let extra = format!("+{more}");
            if more > 0 {
                differing.push(&extra);
            }
            vec![
                text(&dataset.name),
                text(dataset.organization.as_deref().unwrap_or("")),
                number(dataset.tables),
                number(format!("{:.2}", dataset.header_consistency.unwrap_or(1.0))),
                text(&differing.join(", ")),
            ]
        })
        .collect();
    Some(Table {
        title: format!(
            "{} ({})",
            t(
                "Recursos de un mismo conjunto con columnas distintas",
                "Resources of one dataset with different columns"
            ),
            uneven.len()
        ),
        note: Some(t(
            "Consistencia: similitud media (Jaccard) de cada encabezado con el más común del conjunto (indicador S6).",
            "Consistency: mean (Jaccard) similarity of each header with the dataset's most common one (indicator S6).",
        )),
        heads: heads(&[
            (t("conjunto", "dataset"), false),
            (t("organización", "organization"), false),
            (t("tablas", "tables"), true),
            (t("consistencia", "consistency"), true),
            (t("recursos distintos", "differing resources"), false),
        ]),
        rows,
        more: more(uneven.len(), lang),
    })
}

fn codes(summary: &Summary, lang: Lang) -> Table {
    let mut codes: Vec<(&String, &u64)> = summary.error_counts.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    Table {
        title: lang
            .pick("Hallazgos por código", "Findings by code")
            .to_owned(),
        note: None,
        heads: heads(&[
            (lang.pick("código", "code"), false),
            (lang.pick("cantidad", "count"), true),
            (lang.pick("qué es", "what it is"), false),
        ]),
        rows: codes
            .into_iter()
            .map(|(code, count)| {
                let title = calidad::rules()
                    .find(|r| r.code == code.as_str())
                    .map(|r| r.title.get(lang))
                    .unwrap_or_default();
                vec![text(code), number(count), text(title)]
            })
            .collect(),
        more: None,
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_controls_dropped() {
        let mut summary = Summary::from_rows(Vec::new());
        summary.calidad_version = "<script>&'\u{1}".to_owned();
        let page = render(&summary, Lang::Es);
        assert!(page.contains("&#60;script&#62;&#38;&#39; "), "{page}");
        assert!(!page.contains("<script>"));
    }
}
