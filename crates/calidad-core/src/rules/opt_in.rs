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
    if !out.keeps(rule) {
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
