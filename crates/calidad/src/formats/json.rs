//! JSON tables: an array of objects (records), an array of arrays (the first is the header),
//! JSON Lines / NDJSON of either, and CKAN DataStore responses
//! (`{"result": {"fields": [{"id": …}], "records": […]}}`). The header is the first record's
//! keys (or the DataStore's fields); a record without one of them is a `missing-cell` naming the
//! key, and a key the header lacks is an `extra-cell` naming it. Anything else is a
//! `format-error` saying the JSON is not a table.

use super::{Sheet, SourceFacts};
use crate::ReportTask;
use crate::Validator;
use calidad_core::finding::{Detail, FileKind, Finding, SourceProblem};
use calidad_core::rules::format_error::FORMAT_ERROR;
use calidad_core::rules::{extra_cell::EXTRA_CELL, missing_cell::MISSING_CELL};
use serde_json::{Map, Value};

/// What is wrong with JSON that does not parse, in a few words (serde's message without its
/// position, which the caller gives).
fn json_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// A JSON value as one cell: text as is, numbers as written, `null` empty, objects and arrays
/// as compact JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// The items of a JSON table, or `None` when the document is not one.
fn items(document: &Value) -> Option<(Option<Vec<String>>, &Vec<Value>)> {
    match document {
        Value::Array(items) => Some((None, items)),
        Value::Object(map) => {
            let result = map.get("result")?;
            let records = result.get("records")?.as_array()?;
            let fields = result
                .get("fields")
                .and_then(Value::as_array)
                .map(|fields| {
                    fields
                        .iter()
                        .filter_map(|f| f.get("id").and_then(Value::as_str).map(str::to_owned))
                        .collect()
                });
            Some((fields, records))
        }
        _ => None,
    }
}

fn records_sheet(header: Option<Vec<String>>, records: &[&Map<String, Value>]) -> Sheet {
    let header: Vec<String> = header.unwrap_or_else(|| {
        records
            .first()
            .map(|first| first.keys().cloned().collect())
            .unwrap_or_default()
    });
    let mut rows = vec![header.clone()];
    let mut findings = Vec::new();
    let known: std::collections::HashSet<&str> = header.iter().map(String::as_str).collect();
    for (index, record) in records.iter().enumerate() {
        let row_number = index as u64 + 2;
        let mut row = Vec::with_capacity(header.len());
        for (column, key) in header.iter().enumerate() {
            match record.get(key) {
                Some(value) => row.push(cell(value)),
                None => {
                    row.push(String::new());
                    findings.push(
                        Finding::new(&MISSING_CELL)
                            .at_row(row_number, row_number)
                            .at_field(column as u64 + 1, Some(key))
                            .with_detail(Detail::FieldCount {
                                expected: header.len() as u64,
                                found: record.len() as u64,
                            }),
                    );
                }
            }
        }
        let mut extra = header.len() as u64;
        for (key, value) in record.iter() {
            if !known.contains(key.as_str()) {
                extra += 1;
                findings.push(
                    Finding::new(&EXTRA_CELL)
                        .at_row(row_number, row_number)
                        .at_field(extra, Some(key))
                        .with_cell(&cell(value))
                        .with_detail(Detail::FieldCount {
                            expected: header.len() as u64,
                            found: record.len() as u64,
                        }),
                );
            }
        }
        rows.push(row);
    }
    Sheet::from_rows(&rows, 0, findings)
}

fn arrays_sheet(items: &[&Vec<Value>]) -> Sheet {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|row| row.iter().map(cell).collect())
        .collect();
    Sheet::from_rows(&rows, 0, Vec::new())
}

/// Rows from a list of JSON items: all objects, or all arrays.
fn sheet_of(header: Option<Vec<String>>, items: &[Value]) -> Option<Sheet> {
    if let Some(records) = items
        .iter()
        .map(Value::as_object)
        .collect::<Option<Vec<_>>>()
    {
        return Some(records_sheet(header, &records));
    }
    let arrays = items
        .iter()
        .map(Value::as_array)
        .collect::<Option<Vec<_>>>()?;
    Some(arrays_sheet(&arrays))
}

/// A path's length in bytes past which deeper keys are not added, and the characters of a key
/// a path keeps: paths name columns, and a hostile key must not be copied for every string.
const MAX_PATH_BYTES: usize = 256;
const MAX_KEY_CHARS: usize = 64;

/// Strings a document may hold, at most this many (a bound on time for huge documents).
const MAX_DOCUMENT_STRINGS: usize = 2_000_000;

/// Every string of a JSON document with its path (`dataset[*].contactPoint.hasEmail`), in
/// document order; object keys that are strings count as values of their own path too.
fn collect_strings<'a>(value: &'a Value, path: &mut String, out: &mut Vec<(String, &'a str)>) {
    if out.len() >= MAX_DOCUMENT_STRINGS {
        return;
    }
    match value {
        Value::String(text) => out.push((path.clone(), text.as_str())),
        Value::Array(items) => {
            let length = path.len();
            if path.len() < MAX_PATH_BYTES {
                path.push_str("[*]");
            }
            for item in items {
                collect_strings(item, path, out);
            }
            path.truncate(length);
        }
        Value::Object(map) => {
            for (key, item) in map {
                let length = path.len();
                // Each string is kept with its path: a path as long as a hostile key would
                // be copied for every string below it.
                if path.len() < MAX_PATH_BYTES {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.extend(key.chars().take(MAX_KEY_CHARS));
                }
                collect_strings(item, path, out);
                path.truncate(length);
            }
        }
        _ => {}
    }
}

/// The task for a JSON source.
pub(crate) fn task(
    validator: &Validator,
    facts: &SourceFacts<'_>,
    name: &str,
    place: &str,
) -> ReportTask {
    // UTF-16 (Windows tools save JSON so) or UTF-8, with or without a byte-order mark.
    let text = calidad_core::encoding::decode_whole(facts.bytes);
    let text = text.trim_start_matches('\u{FEFF}');
    let mut document = None;
    let sheet = match serde_json::from_str::<Value>(text) {
        Ok(parsed) => {
            let sheet = items(&parsed).and_then(|(header, items)| sheet_of(header, items));
            document = Some(parsed);
            sheet
        }
        // Not one document: JSON Lines, one record or row per line — or JSON that does not
        // parse, which is said with its line and column.
        Err(whole) => {
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let parsed: Result<Vec<Value>, (usize, serde_json::Error)> = lines
                .iter()
                .enumerate()
                .map(|(i, line)| serde_json::from_str::<Value>(line).map_err(|e| (i, e)))
                .collect();
            match parsed {
                Ok(items) if lines.len() > 1 => sheet_of(None, &items),
                _ => {
                    let problem = SourceProblem::Unreadable(format!(
                        "invalid JSON at line {}, column {}: {}",
                        whole.line(),
                        whole.column(),
                        json_reason(&whole)
                    ));
                    return validator.problem_task(problem, facts, name, place);
                }
            }
        }
    };
    match sheet {
        Some(sheet) => validator.sheet_task(sheet, facts, name, place),
        None => {
            let mut findings = vec![Finding::new(&FORMAT_ERROR).with_detail(Detail::Format {
                kind: FileKind::NonTabularJson,
            })];
            // Not a table, but published all the same: its strings may hold personal data.
            if let (Some(document), true) = (&document, validator.privacy) {
                let mut strings = Vec::new();
                collect_strings(document, &mut String::new(), &mut strings);
                let scanned = calidad_privacy::document::scan_strings(strings);
                findings.extend(scanned.findings);
                findings.extend(
                    scanned
                        .personal_contacts
                        .into_iter()
                        .map(crate::metadata::personal_contact_finding),
                );
            }
            validator.findings_task(findings, facts, name, place)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_with_differing_keys_name_the_key() {
        let items = vec![
            json!({"id": 1, "comuna": "Maipú"}),
            json!({"id": 2}),
            json!({"id": 3, "comuna": "Ñuñoa", "region": "RM"}),
        ];
        let sheet = sheet_of(None, &items).unwrap();
        let csv = String::from_utf8(sheet.csv.clone()).unwrap();
        assert!(
            csv.starts_with("\"id\",\"comuna\"\n\"1\",\"Maipú\"\n\"2\",\"\"\n"),
            "{csv}"
        );
        let found: Vec<(&str, Option<u64>, Option<&str>)> = sheet
            .findings
            .iter()
            .map(|f| (f.rule.code, f.row_number, f.field_name.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("missing-cell", Some(3), Some("comuna")),
                ("extra-cell", Some(4), Some("region"))
            ]
        );
    }

    #[test]
    fn document_strings_have_paths() {
        let document =
            json!({"dataset": [{"contactPoint": {"hasEmail": "a@b.cl"}}, {"title": "x"}], "n": 1});
        let mut strings = Vec::new();
        collect_strings(&document, &mut String::new(), &mut strings);
        assert_eq!(
            strings,
            [
                ("dataset[*].contactPoint.hasEmail".to_owned(), "a@b.cl"),
                ("dataset[*].title".to_owned(), "x")
            ]
        );
    }

    #[test]
    fn datastore_responses_and_arrays() {
        let response = json!({"success": true, "result": {
            "fields": [{"id": "_id"}, {"id": "monto"}],
            "records": [{"_id": 1, "monto": 10.5}]}});
        let (header, records) = items(&response).unwrap();
        let sheet = sheet_of(header, records).unwrap();
        assert_eq!(sheet.csv, b"\"_id\",\"monto\"\n\"1\",\"10.5\"\n");
        let arrays = vec![json!(["a", "b"]), json!([1, null])];
        assert_eq!(
            sheet_of(None, &arrays).unwrap().csv,
            b"\"a\",\"b\"\n\"1\",\"\"\n"
        );
        assert!(items(&json!({"help": "x", "result": ["a", "b"]})).is_none());
        assert!(sheet_of(None, &[json!(1), json!("x")]).is_none());
    }
}
