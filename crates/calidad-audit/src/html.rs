//! `index.html`: the audit as one self-contained page (inline CSS and SVG, no script, no
//! external asset), written as well-formed XML so any parser can check it.

use crate::summary::{Row, Status, Summary};
use calidad::Lang;
use std::fmt::Write;

/// Rows listed in each table before "and N more".
const LIST_LIMIT: usize = 500;
/// Resources in the "lowest scores" table.
const WORST: usize = 25;

/// Escapes text for element content and double-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2430;max-width:72rem}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}\
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem 1rem;min-width:8rem}\
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{border-bottom:1px solid #e1e4e8;padding:.3rem .5rem;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right}.bad{color:#b42318}.warn{color:#9a6700}.good{color:#1a7f37}\
svg text{font-size:11px;fill:#1d2430}.muted{color:#57606a}";

/// The dashboard of an audit.
pub fn render(summary: &Summary, lang: Lang) -> String {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        t("es", "en"),
        t("Auditoría de calidad", "calidad audit"),
        t("Auditoría de calidad", "calidad audit"),
    );
    cards(&mut html, summary, lang);
    chart(&mut html, summary, lang);
    worst(&mut html, summary, lang);
    unreadable(&mut html, summary, lang);
    privacy(&mut html, summary, lang);
    organizations(&mut html, summary, lang);
    datasets(&mut html, summary, lang);
    codes(&mut html, summary, lang);
    let _ = write!(
        html,
        "<p class=\"muted\">calidad {} · {}</p>\n</body>\n</html>\n",
        escape(&summary.calidad_version),
        t(
            "Cada recurso tiene su informe completo en reports/.",
            "Each resource has its full report in reports/."
        )
    );
    html
}

fn cards(html: &mut String, summary: &Summary, lang: Lang) {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mean = summary
        .mean_score
        .map(|s| format!("{s:.1}"))
        .unwrap_or_else(|| "—".into());
    let items = [
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
    ];
    html.push_str("<div class=\"cards\">\n");
    for (label, value, class) in items {
        let _ = writeln!(
            html,
            "<div class=\"card\"><b class=\"{class}\">{}</b>{}</div>",
            escape(&value),
            escape(label)
        );
    }
    html.push_str("</div>\n");
}

/// The score distribution as an SVG bar chart: one bar per whole point.
fn chart(html: &mut String, summary: &Summary, lang: Lang) {
    let _ = writeln!(
        html,
        "<h2>{}</h2>",
        lang.pick("Distribución de puntajes", "Score distribution")
    );
    let (width, height, bar, gap, top, bottom) = (560u64, 200u64, 50u64, 10u64, 20u64, 30u64);
    let highest = summary
        .score_distribution
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let plot = height - top - bottom;
    let _ = writeln!(
        html,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape(lang.pick("Recursos por puntaje", "Resources by score"))
    );
    for (index, count) in summary.score_distribution.iter().enumerate() {
        let x = 10 + index as u64 * (bar + gap);
        let h = count * plot / highest;
        let y = top + plot - h;
        let colour = match index {
            0..=3 => "#d1242f",
            4..=6 => "#d4a72c",
            _ => "#2da44e",
        };
        let label = if index == 8 {
            "9–10".to_owned()
        } else {
            format!("{}–{}", index + 1, index + 2)
        };
        let _ = writeln!(
            html,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{h}\" fill=\"{colour}\"><title>{label}: {count}</title></rect>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{count}</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{label}</text>",
            x + bar / 2,
            y.saturating_sub(4).max(10),
            x + bar / 2,
            height - 10
        );
    }
    html.push_str("</svg>\n");
}

fn link(row: &Row) -> String {
    match &row.report {
        Some(report) => format!("<a href=\"{}\">{}</a>", escape(report), escape(&row.id)),
        None => escape(&row.id),
    }
}

fn more(html: &mut String, total: usize, lang: Lang) {
    if total > LIST_LIMIT {
        let _ = writeln!(
            html,
            "<p class=\"muted\">{} {} (summary.csv)</p>",
            lang.pick("y otros", "and"),
            total - LIST_LIMIT
        );
    }
}

fn worst(html: &mut String, summary: &Summary, lang: Lang) {
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
    let _ = writeln!(
        html,
        "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        t("Puntajes más bajos", "Lowest scores"),
        t("recurso", "resource"),
        t("organización", "organization"),
        t("puntaje", "score"),
        t("errores", "errors"),
        t("códigos principales", "main codes"),
    );
    for row in scored.iter().take(WORST) {
        let mut top: Vec<(&String, &u64)> = row.error_counts.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = top
            .iter()
            .take(3)
            .map(|(c, n)| format!("{c} ({n})"))
            .collect();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            link(row),
            escape(row.organization.as_deref().unwrap_or("")),
            row.score.unwrap_or(0.0),
            row.errors,
            escape(&top.join(", "))
        );
    }
    html.push_str("</table>\n");
}

fn unreadable(html: &mut String, summary: &Summary, lang: Lang) {
    let rows: Vec<&Row> = summary
        .rows_by_resource
        .iter()
        .filter(|r| r.status == Status::CouldNotRead)
        .collect();
    let _ = writeln!(
        html,
        "<h2>{} ({})</h2>\n<table>\n<tr><th>{}</th><th>{}</th></tr>",
        lang.pick("No se pudieron leer", "Could not read"),
        rows.len(),
        lang.pick("recurso", "resource"),
        lang.pick("motivo", "reason"),
    );
    for row in rows.iter().take(LIST_LIMIT) {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td></tr>",
            link(row),
            escape(row.reason.as_deref().unwrap_or(""))
        );
    }
    html.push_str("</table>\n");
    more(html, rows.len(), lang);
}

fn privacy(html: &mut String, summary: &Summary, lang: Lang) {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let rows: Vec<&Row> = summary
        .rows_by_resource
        .iter()
        .filter(|r| r.privacy.flagged)
        .collect();
    let _ = writeln!(
        html,
        "<h2>{} ({})</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">k</th></tr>",
        t("Datos personales", "Privacy flags"),
        rows.len(),
        t("recurso", "resource"),
        t("organización", "organization"),
        t("categorías", "categories"),
        t("hallazgos", "findings"),
    );
    for row in rows.iter().take(LIST_LIMIT) {
        let codes: Vec<String> = row
            .privacy
            .codes
            .iter()
            .map(|(c, n)| format!("{c} ({n})"))
            .collect();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            link(row),
            escape(row.organization.as_deref().unwrap_or("")),
            escape(&row.privacy.categories.join(", ")),
            escape(&codes.join(", ")),
            row.privacy.k.map(|k| k.to_string()).unwrap_or_default()
        );
    }
    html.push_str("</table>\n");
    more(html, rows.len(), lang);
}

fn organizations(html: &mut String, summary: &Summary, lang: Lang) {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut orgs: Vec<_> = summary.organizations.iter().collect();
    orgs.sort_by(|a, b| {
        let problems = |o: &crate::summary::OrganizationSummary| {
            o.status.invalid + o.status.could_not_read + o.privacy_flagged
        };
        problems(b).cmp(&problems(a)).then(a.name.cmp(&b.name))
    });
    let _ = writeln!(
        html,
        "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        t("Por organización", "By organization"),
        t("organización", "organization"),
        t("recursos", "resources"),
        t("válidos", "valid"),
        t("con errores", "invalid"),
        t("no leídos", "not read"),
        t("datos personales", "privacy"),
        t("puntaje medio", "mean score"),
    );
    for org in orgs {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(
                org.name
                    .as_deref()
                    .unwrap_or(t("(sin catálogo)", "(no catalogue)"))
            ),
            org.resources,
            org.status.ok,
            org.status.invalid,
            org.status.could_not_read,
            org.privacy_flagged,
            org.mean_score
                .map(|s| format!("{s:.1}"))
                .unwrap_or_default()
        );
    }
    html.push_str("</table>\n");
}

/// Datasets whose tables do not share one header (yearly files with renamed columns).
fn datasets(html: &mut String, summary: &Summary, lang: Lang) {
    let t = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut uneven: Vec<_> = summary
        .datasets
        .iter()
        .filter(|d| d.header_consistency.is_some_and(|c| c < 1.0))
        .collect();
    if uneven.is_empty() {
        return;
    }
    uneven.sort_by(|a, b| {
        a.header_consistency
            .partial_cmp(&b.header_consistency)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.name.cmp(&b.name))
    });
    let _ = writeln!(
        html,
        "<h2>{} ({})</h2>\n<p class=\"muted\">{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        t(
            "Recursos de un mismo conjunto con columnas distintas",
            "Resources of one dataset with different columns"
        ),
        uneven.len(),
        t(
            "Consistencia: similitud media (Jaccard) de cada encabezado con el más común del conjunto (indicador S6).",
            "Consistency: mean (Jaccard) similarity of each header with the dataset's most common one (indicator S6)."
        ),
        t("conjunto", "dataset"),
        t("organización", "organization"),
        t("tablas", "tables"),
        t("consistencia", "consistency"),
        t("recursos distintos", "differing resources"),
    );
    for dataset in uneven.iter().take(LIST_LIMIT) {
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
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td>{}</td></tr>",
            escape(&dataset.name),
            escape(dataset.organization.as_deref().unwrap_or("")),
            dataset.tables,
            dataset.header_consistency.unwrap_or(1.0),
            escape(&differing.join(", "))
        );
    }
    html.push_str("</table>\n");
    more(html, uneven.len(), lang);
}

fn codes(html: &mut String, summary: &Summary, lang: Lang) {
    let mut codes: Vec<(&String, &u64)> = summary.error_counts.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(
        html,
        "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
        lang.pick("Hallazgos por código", "Findings by code"),
        lang.pick("código", "code"),
        lang.pick("cantidad", "count"),
        lang.pick("qué es", "what it is"),
    );
    for (code, count) in codes {
        let title = calidad::rules()
            .find(|r| r.code == code.as_str())
            .map(|r| r.title.get(lang).to_owned())
            .unwrap_or_default();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"n\">{count}</td><td>{}</td></tr>",
            escape(code),
            escape(&title)
        );
    }
    html.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39; "
        );
    }
}
