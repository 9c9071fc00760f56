//! Frictionless Table Schema: the model ([`Schema`], [`Field`]), reading it from JSON with
//! checks that name the JSON path of each problem, compiling each field once into a
//! [`compiled::FieldValidator`], and inferring a schema from the data ([`infer`]).

pub mod batch;
pub mod compiled;
pub mod infer;
pub mod keys;
pub mod validate;
pub mod value;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// The missing values a schema has when it does not say: only the empty string.
pub fn default_missing_values() -> Vec<String> {
    vec![String::new()]
}

fn is_default_missing(values: &[String]) -> bool {
    values.len() == 1 && values[0].is_empty()
}

/// A Table Schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The fields, in the order of the table's columns.
    pub fields: Vec<Field>,
    /// Cells that mean "no value".
    #[serde(
        default = "default_missing_values",
        skip_serializing_if = "is_default_missing"
    )]
    pub missing_values: Vec<String>,
    /// Fields whose values identify a row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<FieldNames>,
    /// References to key fields of this or another resource.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// How header labels are matched to fields (`exact` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields_match: Option<FieldsMatch>,
}

/// A schema whose fields are compiled (formats read, patterns built): made once by
/// [`Schema::compile`] and shared by every table a validator checks.
#[derive(Clone, Debug)]
pub struct CompiledSchema {
    /// The schema as given.
    pub schema: Schema,
    /// One validator per field, in order.
    pub validators: Vec<compiled::FieldValidator>,
}

/// One field name or several (Table Schema accepts both for keys).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldNames {
    /// A single field.
    One(String),
    /// Several fields.
    Many(Vec<String>),
}

impl FieldNames {
    /// The names, to change in place.
    pub fn names_mut(&mut self) -> &mut [String] {
        match self {
            FieldNames::One(name) => std::slice::from_mut(name),
            FieldNames::Many(names) => names,
        }
    }

    /// The names as a slice.
    pub fn names(&self) -> &[String] {
        match self {
            FieldNames::One(name) => std::slice::from_ref(name),
            FieldNames::Many(names) => names,
        }
    }
}

/// A foreign key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Fields of this table.
    pub fields: FieldNames,
    /// What they refer to.
    pub reference: Reference,
}

/// The target of a foreign key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The resource name in the data package; empty for this same table.
    #[serde(default)]
    pub resource: String,
    /// Fields of the referenced table.
    pub fields: FieldNames,
}

/// How header labels are matched to schema fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldsMatch {
    /// Same names in the same order (default).
    Exact,
    /// Same names in any order.
    Equal,
    /// Every schema field is in the data; the data may have more.
    Subset,
    /// Every data column is in the schema; the schema may have more.
    Superset,
    /// At least one name in common.
    Partial,
}

/// A Table Schema field type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Text.
    String,
    /// A decimal number.
    Number,
    /// A whole number.
    Integer,
    /// true/false.
    Boolean,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// Items separated by a delimiter.
    List,
    /// A calendar date.
    Date,
    /// A time of day.
    Time,
    /// A date and time.
    Datetime,
    /// A year.
    Year,
    /// A year and month.
    Yearmonth,
    /// An ISO 8601 duration.
    Duration,
    /// A point on Earth.
    Geopoint,
    /// A GeoJSON object.
    Geojson,
    /// Anything.
    #[default]
    Any,
}

impl FieldType {
    /// The name used in schemas.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Object => "object",
            FieldType::Array => "array",
            FieldType::List => "list",
            FieldType::Date => "date",
            FieldType::Time => "time",
            FieldType::Datetime => "datetime",
            FieldType::Year => "year",
            FieldType::Yearmonth => "yearmonth",
            FieldType::Duration => "duration",
            FieldType::Geopoint => "geopoint",
            FieldType::Geojson => "geojson",
            FieldType::Any => "any",
        }
    }
}

/// A field of a Table Schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    /// The name, matched against the header label.
    pub name: String,
    /// The type (`any` when not given).
    #[serde(rename = "type", default)]
    pub kind: FieldType,
    /// The format: `default`, `any`, a strftime pattern for dates, `email`/`uri`/`uuid` for
    /// strings, `array`/`object` for geopoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// A human title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A description (the data dictionary's text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Box<Json>>,
    /// Constraints on the values (boxed: most fields have none, and a table may have
    /// hundreds of thousands of fields).
    #[serde(default, skip_serializing_if = "Constraints::is_empty_box")]
    pub constraints: Box<Constraints>,
    /// Decimal separator of numbers (`.` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_char: Option<String>,
    /// Thousands separator of numbers and integers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_char: Option<String>,
    /// When false, text around numbers (`$`, `%`) is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bare_number: Option<bool>,
    /// Cells read as true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub true_values: Option<Vec<String>>,
    /// Cells read as false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub false_values: Option<Vec<String>>,
    /// Missing values of this field, replacing the schema's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_values: Option<Vec<String>>,
    /// Item separator of `list` fields (`,` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Type of the items of `list` fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<FieldType>,
}

/// Field constraints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Constraints {
    /// The cell may not be missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// No two rows may have the same value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique: Option<bool>,
    /// Shortest length (characters, or items for collections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Longest length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Smallest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Json>,
    /// Largest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Json>,
    /// Values must be greater than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<Json>,
    /// Values must be less than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<Json>,
    /// A regular expression the whole cell must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The allowed values.
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<Json>>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    // serde's `skip_serializing_if` hands over a reference to the field's own type.
    #[allow(clippy::borrowed_box)]
    fn is_empty_box(constraints: &Box<Constraints>) -> bool {
        constraints.is_empty()
    }
}

/// A problem with a schema, at a JSON path (`/fields/0/type`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaProblem {
    /// JSON Pointer to the offending part (empty for the whole document).
    pub path: String,
    /// What is wrong, in English (schema problems are reported to developers).
    pub message: String,
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl Schema {
    /// Reads a schema from JSON and checks what the JSON Schema profile cannot: that keys name
    /// existing fields, that patterns and formats compile, and that constraint values are of the
    /// field's type. Every problem is returned, each with its JSON path.
    pub fn from_json(json: &Json) -> Result<Schema, Vec<SchemaProblem>> {
        let schema: Schema = serde_json::from_value(json.clone()).map_err(|error| {
            vec![SchemaProblem {
                path: String::new(),
                message: error.to_string(),
            }]
        })?;
        let problems = schema.problems();
        if problems.is_empty() {
            Ok(schema)
        } else {
            Err(problems)
        }
    }

    /// The schema with its fields compiled, once, for every table it checks; fails with every
    /// problem (each with its JSON path) when the schema cannot be used.
    pub fn compile(self) -> Result<CompiledSchema, Vec<SchemaProblem>> {
        let mut validators = Vec::with_capacity(self.fields.len());
        let mut problems = Vec::new();
        for (index, field) in self.fields.iter().enumerate() {
            match compiled::FieldValidator::compile(field, &self.missing_values) {
                Ok(validator) => validators.push(validator),
                Err(problem) => problems.push(SchemaProblem {
                    path: format!("/fields/{index}"),
                    message: problem.to_string(),
                }),
            }
        }
        problems.extend(self.problems_beyond_fields());
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CompiledSchema {
            schema: self,
            validators,
        })
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    fn problems(&self) -> Vec<SchemaProblem> {
        let mut problems = Vec::new();
        for (index, field) in self.fields.iter().enumerate() {
            if let Err(problem) = compiled::FieldValidator::compiles(field) {
                problems.push(SchemaProblem {
                    path: format!("/fields/{index}"),
                    message: problem.to_string(),
                });
            }
        }
        problems.extend(self.problems_beyond_fields());
        problems
    }

    /// Problems of names and keys: a name used twice, keys naming fields that do not exist.
    fn problems_beyond_fields(&self) -> Vec<SchemaProblem> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (index, field) in self.fields.iter().enumerate() {
            if !seen.insert(field.name.as_str()) {
                problems.push(SchemaProblem {
                    path: format!("/fields/{index}/name"),
                    message: format!("field name {:?} is used twice", field.name),
                });
            }
        }
        if let Some(key) = &self.primary_key {
            for name in key.names() {
                if self.field(name).is_none() {
                    problems.push(SchemaProblem {
                        path: "/primaryKey".to_owned(),
                        message: format!("primary key field {name:?} is not in the schema"),
                    });
                }
            }
        }
        for (index, key) in self.foreign_keys.iter().enumerate() {
            for name in key.fields.names() {
                if self.field(name).is_none() {
                    problems.push(SchemaProblem {
                        path: format!("/foreignKeys/{index}/fields"),
                        message: format!("foreign key field {name:?} is not in the schema"),
                    });
                }
            }
            if key.fields.names().len() != key.reference.fields.names().len() {
                problems.push(SchemaProblem {
                    path: format!("/foreignKeys/{index}/reference/fields"),
                    message: "the reference must list as many fields as the key".to_owned(),
                });
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_round_trips() {
        let json = json!({
            "fields": [
                {"name": "id", "type": "integer", "constraints": {"required": true}},
                {"name": "monto", "type": "number", "decimalChar": ",", "groupChar": "."},
                {"name": "fecha", "type": "date", "format": "%d-%m-%Y"}
            ],
            "primaryKey": "id",
            "missingValues": ["", "s/i"]
        });
        let schema = Schema::from_json(&json).unwrap();
        assert_eq!(schema.fields[1].decimal_char.as_deref(), Some(","));
        assert_eq!(schema.primary_key.as_ref().unwrap().names(), ["id"]);
        let back = serde_json::to_value(&schema).unwrap();
        assert_eq!(back, json);
    }

    #[test]
    fn problems_name_their_path() {
        let json = json!({
            "fields": [
                {"name": "id", "type": "integer"},
                {"name": "fecha", "type": "date", "format": "%Q"},
                {"name": "id", "type": "string", "constraints": {"pattern": "("}}
            ],
            "primaryKey": ["id", "nope"]
        });
        let problems = Schema::from_json(&json).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/fields/1", "/fields/2", "/fields/2/name", "/primaryKey"]
        );
        let unknown = Schema::from_json(&json!({"fields": [{"name": "a", "type": "unicorn"}]}));
        assert!(unknown.is_err());
    }
}
