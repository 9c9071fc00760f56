//! Helpers shared by the opt-in checks.

use crate::check::{Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::rule::Rule;

/// The parameter text of a finding (empty when it has none).
pub(crate) fn param(finding: &Finding) -> String {
    match &finding.detail {
        Detail::Param { text } => text.clone(),
        _ => String::new(),
    }
}

/// The value and limit of a threshold finding.
pub(crate) fn threshold(finding: &Finding) -> (String, String) {
    match &finding.detail {
        Detail::Threshold { value, limit } => (value.clone(), limit.clone()),
        _ => (String::new(), String::new()),
    }
}

/// Pushes a cell finding with the row as context, or only counts it past the limit.
pub(crate) fn cell_finding(
    rule: &'static Rule,
    row: &Row<'_>,
    header: &Header,
    index: usize,
    out: &mut Findings,
    detail: Detail,
) {
    if !out.keeps(rule, row.number, index as u64 + 1) {
        out.count(rule);
        return;
    }
    out.push(
        Finding::new(rule)
            .at_row(row.number, row.line)
            .at_field(index as u64 + 1, header.field_name(index))
            .with_cell(row.cell(index))
            .with_cells(row.cells())
            .with_detail(detail),
    );
}

/// The column a check names, or a `check-error` when the table has none by that name.
pub(crate) fn named_column(
    header: &Header,
    field: &str,
    check: &str,
    out: &mut Findings,
) -> Option<usize> {
    let column = header.position(field);
    if column.is_none() {
        let mut finding =
            Finding::new(&crate::rules::check_error::CHECK_ERROR).with_detail(Detail::Param {
                text: check.to_string(),
            });
        finding.field_name = Some(field.to_string());
        out.push(finding);
    }
    column
}
