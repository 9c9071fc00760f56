//! The masking gate of the facade: every string of a report passes through
//! `calidad_privacy::gate` before anyone sees it — the findings' cells, labels and field names
//! (as values) before messages are rendered from them, then every rendered message, note,
//! label, column name, schema and profile name, privacy block and score advice of the task.
//! Only `--no-mask` turns it off, and never in audits or the Python package's defaults.

use crate::ReportTask;
use calidad_core::finding::{Detail, Findings, SourceProblem};
use calidad_core::report::ReportError;
use calidad_privacy::gate::{mask_text_in, mask_value, mask_value_in};

/// Masks the data of every kept finding, before messages are rendered from it.
pub(crate) fn mask_findings(findings: &mut Findings) {
    findings.for_each_mut(|finding| {
        if let Some(cell) = &mut finding.cell {
            mask_value_in(cell);
        }
        if let Some(cells) = &mut finding.cells {
            cells.iter_mut().for_each(mask_value_in);
        }
        if let Some(label) = &mut finding.label {
            mask_value_in(label);
        }
        if let Some(name) = &mut finding.field_name {
            mask_value_in(name);
        }
        if let Some(labels) = &finding.labels
            && labels.iter().any(|l| mask_value(l) != l.as_str())
        {
            finding.labels = Some(labels.iter().map(|l| mask_value(l).into_owned()).collect());
        }
        // A garbled cell hides a name from the gate; its repair does not. When the repair is
        // masked, the garbled cell is shown as the mask too.
        let repaired = match &mut finding.detail {
            Detail::Mojibake { suggestion } => Some(suggestion),
            Detail::InvalidUtf8 {
                as_windows_1252: Some(text),
                ..
            } => Some(text),
            _ => None,
        };
        if let Some(repaired) = repaired
            && let std::borrow::Cow::Owned(masked) = mask_value(repaired)
        {
            *repaired = masked.clone();
            if let (Some(cells), Some(field)) = (&mut finding.cells, finding.field_number)
                && let Some(cell) = (field as usize)
                    .checked_sub(1)
                    .and_then(|i| cells.get_mut(i))
            {
                cell.clone_from(&masked);
            }
            finding.cell = Some(masked);
        }
        match &mut finding.detail {
            Detail::Threshold { value, .. } => mask_value_in(value),
            Detail::Param { text } => mask_text_in(text),
            Detail::Source {
                problem: SourceProblem::Io(text) | SourceProblem::Unreadable(text),
            } => mask_text_in(text),
            _ => {}
        }
    });
}

/// Masks a rendered finding.
pub(crate) fn mask_error(error: &mut ReportError) {
    mask_text_in(&mut error.message);
    mask_text_in(&mut error.note);
    if let Some(cell) = &mut error.cell {
        mask_value_in(cell);
    }
    for list in [&mut error.cells, &mut error.labels].into_iter().flatten() {
        list.iter_mut().for_each(mask_value_in);
    }
    for value in [&mut error.label, &mut error.field_name]
        .into_iter()
        .flatten()
    {
        mask_value_in(value);
    }
}

/// Masks every string of a rendered task but its name and place (which the caller chose).
pub(crate) fn mask_task(task: &mut ReportTask) {
    task.labels.iter_mut().for_each(mask_value_in);
    task.warnings.iter_mut().for_each(mask_text_in);
    task.errors.iter_mut().for_each(mask_error);
    let calidad = &mut task.calidad;
    calidad.findings.iter_mut().for_each(mask_error);
    if let Some(schema) = &mut calidad.schema {
        for field in &mut schema.fields {
            mask_value_in(&mut field.name);
            if let Some(description) = &mut field.description {
                mask_text_in(description);
            }
        }
        if let Some(key) = &mut schema.primary_key {
            key.names_mut().iter_mut().for_each(mask_value_in);
        }
    }
    if let Some(profile) = &mut calidad.added.profile {
        for field in &mut profile.fields {
            mask_value_in(&mut field.name);
        }
    }
    if let Some(privacy) = &mut calidad.added.privacy {
        for field in &mut privacy.fields {
            mask_value_in(&mut field.field_name);
            field.examples.iter_mut().for_each(mask_text_in);
        }
        if let Some(subject) = &mut privacy.subject {
            for evidence in &mut subject.evidence {
                mask_value_in(&mut evidence.field_name);
            }
        }
        if let Some(risk) = &mut privacy.reidentification {
            risk.quasi_identifiers.iter_mut().for_each(mask_value_in);
        }
    }
    mask_score(task);
}

/// Masks the score's advice and cap reasons (they name columns).
pub(crate) fn mask_score(task: &mut ReportTask) {
    if let Some(score) = &mut task.calidad.added.score {
        for recommendation in &mut score.score.recommendations {
            mask_text_in(&mut recommendation.message);
        }
        for cap in &mut score.score.caps {
            mask_text_in(&mut cap.reason);
        }
        for dimension in score.score.dimensions.all_mut() {
            for indicator in &mut dimension.indicators {
                mask_text_in(&mut indicator.evidence);
            }
        }
    }
}
