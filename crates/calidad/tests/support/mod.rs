//! Helpers shared by the layout and row-cells tests.

use calidad::ReportTask;

/// A column of numbers with one word, `x`, at data row `bad` (0-based), over enough rows for
/// inference to call the column numeric.
pub(crate) fn amounts(bad: usize) -> Vec<String> {
    (0..30)
        .map(|i| {
            if i == bad {
                "x".to_owned()
            } else {
                (i * 10).to_string()
            }
        })
        .collect()
}

/// The task's errors as (code, row).
pub(crate) fn errors(task: &ReportTask) -> Vec<(String, Option<u64>)> {
    task.errors
        .iter()
        .map(|e| (e.code.clone(), e.row_number))
        .collect()
}
