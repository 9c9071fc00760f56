//! Reading a Table Schema file: JSON syntax, then the Table Schema profile kept in `schemas/`
//! (checked with the `jsonschema` crate, compiled once per process), then the semantic checks
//! of [`calidad_core::schema::Schema::from_json`]. Every problem names its JSON path.

use crate::Error;
use calidad_core::schema::{Schema, SchemaProblem};
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

/// The Table Schema profile, as published in `schemas/table-schema.json`.
pub const TABLE_SCHEMA_PROFILE: &str = include_str!("../../../schemas/table-schema.json");

fn profile() -> Option<&'static jsonschema::Validator> {
    static PROFILE: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    PROFILE
        .get_or_init(|| {
            let json: Value = serde_json::from_str(TABLE_SCHEMA_PROFILE).ok()?;
            jsonschema::validator_for(&json).ok()
        })
        .as_ref()
}

/// Problems of `json` against the Table Schema profile.
pub fn profile_problems(json: &Value) -> Vec<SchemaProblem> {
    let Some(profile) = profile() else {
        return vec![SchemaProblem {
            path: String::new(),
            message: "calidad's Table Schema profile does not compile".to_owned(),
        }];
    };
    profile
        .iter_errors(json)
        .map(|error| SchemaProblem {
            path: error.instance_path.to_string(),
            message: error.to_string(),
        })
        .collect()
}

/// Reads and checks a schema given as JSON; `place` names it in errors.
pub fn schema_from_json(json: &Value, place: &str) -> Result<Schema, Error> {
    let mut problems = profile_problems(json);
    if !problems.is_empty() {
        problems.extend(key_problems(json));
        return Err(Error::Schema {
            place: place.to_owned(),
            problems,
        });
    }
    Schema::from_json(json).map_err(|problems| Error::Schema {
        place: place.to_owned(),
        problems,
    })
}

/// Keys that name fields the schema does not have, read from the raw JSON so they are reported
/// even when the profile already failed (the typed reader then cannot run).
fn key_problems(json: &Value) -> Vec<SchemaProblem> {
    let names: Vec<&str> = json["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["name"].as_str())
        .collect();
    let listed = |value: &Value| -> Vec<String> {
        match value {
            Value::String(name) => vec![name.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut problems = Vec::new();
    for name in listed(&json["primaryKey"]) {
        if !names.contains(&name.as_str()) {
            problems.push(SchemaProblem {
                path: "/primaryKey".to_owned(),
                message: format!("primary key field {name:?} is not in the schema"),
            });
        }
    }
    for (index, key) in json["foreignKeys"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        for name in listed(&key["fields"]) {
            if !names.contains(&name.as_str()) {
                problems.push(SchemaProblem {
                    path: format!("/foreignKeys/{index}/fields"),
                    message: format!("foreign key field {name:?} is not in the schema"),
                });
            }
        }
    }
    problems
}

/// Reads and checks a schema file.
pub fn schema_from_path(path: &Path) -> Result<Schema, Error> {
    let place = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Open {
        path: path.to_owned(),
        source,
    })?;
    let json: Value = serde_json::from_str(&text).map_err(|error| Error::Schema {
        place: place.clone(),
        problems: vec![SchemaProblem {
            path: String::new(),
            message: format!("not valid JSON: {error}"),
        }],
    })?;
    schema_from_json(&json, &place)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn profile_compiles_and_names_paths() {
        assert!(profile().is_some());
        let problems = profile_problems(&json!({
            "fields": [{"name": "id", "type": "magical_unicorn"}, {"type": "string"}]
        }));
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"/fields/0/type"), "{paths:?}");
        assert!(paths.contains(&"/fields/1"), "{paths:?}");
        assert!(profile_problems(&json!({"fields": []})).is_empty());
    }

    #[test]
    fn all_problems_are_reported() {
        let error = schema_from_json(
            &json!({"fields": [{"name": "id", "type": "integer"}], "primaryKey": "nope"}),
            "s.json",
        )
        .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("s.json"), "{text}");
        assert!(text.contains("/primaryKey"), "{text}");
    }
}
