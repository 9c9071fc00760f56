//! The top of a table: whether the row under the header is a second header row (years in merged
//! cells over months; a variable name over codes) or a row of descriptions, units or the header
//! again. Decided from the header and the two rows under it.

/// What the rows under the header turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Opening {
    /// The header is one row; data follows.
    Plain,
    /// The header spans this row and the next: these are the combined labels.
    MultiRow(Vec<String>),
    /// The row under the header describes the columns (or repeats the header).
    DescriptionRow,
}

/// Placeholders for a missing value: text, but not a label or a description.
const MISSING: &[&str] = &[
    "na",
    "n/a",
    "nd",
    "n/d",
    "s/i",
    "s/d",
    "si",
    "null",
    "nan",
    "sin dato",
    "sin datos",
    "sin información",
    "sin informacion",
    "no aplica",
    "no informado",
    "no informada",
    "no disponible",
];

/// Text a label or description could be: two or more characters with a letter, not a
/// missing-value placeholder.
fn is_text(cell: &str) -> bool {
    let cell = cell.trim();
    cell.chars().count() >= 2
        && cell.chars().any(char::is_alphabetic)
        && !MISSING.contains(&cell.to_lowercase().as_str())
}

/// A year, as second-row headers often hold (`2019`).
fn is_year(cell: &str) -> bool {
    let cell = cell.trim();
    let cell = cell.strip_suffix(".0").unwrap_or(cell);
    cell.len() == 4
        && cell
            .parse::<u16>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

/// A number as data rows write them: `1234`, `-1,5`, `1.234.567`, `12%`.
fn is_number(cell: &str) -> bool {
    let cell = cell.trim().trim_end_matches('%').trim();
    !cell.is_empty()
        && cell.bytes().any(|b| b.is_ascii_digit())
        && cell.bytes().enumerate().all(|(i, b)| {
            b.is_ascii_digit() || matches!(b, b'.' | b',') || (i == 0 && matches!(b, b'-' | b'+'))
        })
}

/// Decides what the row under the header (`below`) is, looking at the row after it (`next`)
/// to tell labels from data: a second header row has text where the data has numbers.
pub(crate) fn settle(labels: &[String], below: &[&str], next: Option<&[&str]>) -> Opening {
    let Some(next) = next else {
        return Opening::Plain;
    };
    let width = labels.len().max(below.len());
    let filled: Vec<usize> = (0..below.len())
        .filter(|&i| !below[i].trim().is_empty())
        .collect();
    if filled.len() < 2 || filled.len() * 2 < width {
        return Opening::Plain;
    }
    // Every value of the row under the header reads as a label: text or a year.
    if !filled
        .iter()
        .all(|&i| is_text(below[i]) || is_year(below[i]))
    {
        return Opening::Plain;
    }
    // Columns where that row has text and the next row a number: labels over data.
    let label_over_number = filled
        .iter()
        .filter(|&&i| is_text(below[i]) && next.get(i).is_some_and(|c| is_number(c)))
        .count();
    // Years count as labels too when the next row has other numbers under them (counts,
    // rates — not more years): `, 2022, 2023` under `REGION, Actualización 2022, `.
    let year_over_number = filled
        .iter()
        .filter(|&&i| is_year(below[i]) && next.get(i).is_some_and(|c| is_number(c) && !is_year(c)))
        .count();
    let label = |i: usize| labels.get(i).map(|l| l.trim()).unwrap_or("");
    let defects = |labels: &[String]| {
        let mut seen = std::collections::HashSet::new();
        labels
            .iter()
            .filter(|l| l.trim().is_empty() || !seen.insert(l.trim().to_string()))
            .count()
    };
    let header_defects = defects(labels);
    if header_defects > 0 && (label_over_number >= 1 || year_over_number >= 2) {
        let combined = combine(labels, below);
        if defects(&combined) < header_defects {
            return Opening::MultiRow(combined);
        }
    }
    if header_defects == 0 {
        let repeats = filled
            .iter()
            .filter(|&&i| below[i].trim() == label(i))
            .count();
        let header_again = repeats * 2 >= labels.len() && repeats == filled.len();
        let all_text = filled.iter().all(|&i| is_text(below[i]));
        if header_again || (all_text && label_over_number >= 2) {
            return Opening::DescriptionRow;
        }
    }
    Opening::Plain
}

/// The labels of a two-row header: the top row carried right over blank cells (as merged cells
/// show it), joined with the bottom row (`2024 Ene.`).
fn combine(top: &[String], bottom: &[&str]) -> Vec<String> {
    let width = top.len().max(bottom.len());
    let mut carried = "";
    (0..width)
        .map(|i| {
            let upper = top.get(i).map(|l| l.trim()).unwrap_or("");
            if !upper.is_empty() {
                carried = upper;
            }
            let lower = bottom.get(i).map(|l| l.trim()).unwrap_or("");
            match (carried, lower) {
                ("", lower) => lower.to_string(),
                (upper, "") => upper.to_string(),
                (upper, lower) if upper == lower => upper.to_string(),
                (upper, lower) => format!("{upper} {lower}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn years_over_months() {
        let top = labels(&["", "2003", "", "", "2004", ""]);
        let below = ["Serie", "Ene.", "Feb.", "Mar.", "Ene.", "Feb."];
        let next = ["Cuenta financiera", "1,5", "2,5", "-3", "4", "5"];
        assert_eq!(
            settle(&top, &below, Some(&next)),
            Opening::MultiRow(labels(&[
                "Serie",
                "2003 Ene.",
                "2003 Feb.",
                "2003 Mar.",
                "2004 Ene.",
                "2004 Feb."
            ]))
        );
    }

    #[test]
    fn variable_over_codes_and_years() {
        let top = labels(&["", "", "Número de plazas", "Número de plazas"]);
        let below = ["CODIGO", "MUNICIPIO", "2019", "2020"];
        let next = ["1101", "Iquique", "120", "125"];
        assert_eq!(
            settle(&top, &below, Some(&next)),
            Opening::MultiRow(labels(&[
                "CODIGO",
                "MUNICIPIO",
                "Número de plazas 2019",
                "Número de plazas 2020"
            ]))
        );
    }

    #[test]
    fn groups_over_years() {
        let top = labels(&["", "Actualización 2022", "", "Estimación anterior", ""]);
        let below = ["Región", "2022", "2023", "2022", "2023"];
        let next = ["Arica y Parinacota", "12,5", "13,1", "12,9", "13,0"];
        assert_eq!(
            settle(&top, &below, Some(&next)),
            Opening::MultiRow(labels(&[
                "Región",
                "Actualización 2022 2022",
                "Actualización 2022 2023",
                "Estimación anterior 2022",
                "Estimación anterior 2023"
            ]))
        );
        // The same with the first label spanning both rows (merged down).
        let top = labels(&[
            "REGION",
            "Actualización 2022",
            "",
            "Estimación anterior",
            "",
        ]);
        let below = ["", "2022", "2023", "2022", "2023"];
        assert!(matches!(
            settle(&top, &below, Some(&next)),
            Opening::MultiRow(labels) if labels[0] == "REGION" && labels[4] == "Estimación anterior 2023"
        ));
        // Years over more years are data (two columns of years).
        let top = labels(&["inicio", "", "fin"]);
        let below = ["2019", "2020", "2021"];
        let next = ["2018", "2019", "2022"];
        assert_eq!(settle(&top, &below, Some(&next)), Opening::Plain);
    }

    #[test]
    fn descriptions_and_repeated_headers() {
        let top = labels(&["comuna", "poblacion", "superficie"]);
        let below = ["Nombre de la comuna", "Habitantes", "Kilómetros cuadrados"];
        let next = ["Arica", "250000", "4799,4"];
        assert_eq!(settle(&top, &below, Some(&next)), Opening::DescriptionRow);
        let again = ["comuna", "poblacion", "superficie"];
        assert_eq!(settle(&top, &again, Some(&next)), Opening::DescriptionRow);
    }

    #[test]
    fn data_rows_stay_data() {
        let top = labels(&["comuna", "poblacion", "superficie"]);
        // A record with a placeholder, then a full record.
        let below = ["Arica", "N/A", "4799,4"];
        let next = ["Iquique", "200000", "2200"];
        assert_eq!(settle(&top, &below, Some(&next)), Opening::Plain);
        // One text column over a number is not enough for a description row.
        let below = ["Arica", "sin dato", "s/i"];
        assert_eq!(settle(&top, &below, Some(&next)), Opening::Plain);
        // A blank label over text rows: nothing to combine.
        let top = labels(&["nombre", "", ""]);
        let below = ["Juan", "Pérez", "Soto"];
        let next = ["Ana", "Díaz", "Rojas"];
        assert_eq!(settle(&top, &below, Some(&next)), Opening::Plain);
        assert_eq!(settle(&top, &below, None), Opening::Plain);
    }
}
