//! Data packages: a `datapackage.json` lists tabular resources, each with its own Table Schema;
//! every resource becomes one task, and `foreignKeys` are checked across resources.
//!
//! A foreign key to another resource needs that resource's keys before the referring one is
//! read, so the referenced resource is read once more, collecting only the referenced fields'
//! values (as 16-byte hashes). A foreign key to the same resource is checked in its one pass.

use crate::ReportTask;
use crate::{Error, Validator, open, schema};
use calidad_core::check_table;
use calidad_core::engine::TableOptions;
use calidad_core::schema::validate::{ForeignCheck, ForeignTarget, SchemaSource};
use calidad_core::schema::{Schema, SchemaProblem};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether `path` names a data package descriptor.
pub fn is_package(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with("datapackage.json"))
}

struct Resource {
    name: String,
    path: PathBuf,
    place: String,
    schema: Option<Schema>,
    delimiter: Option<String>,
    encoding: Option<String>,
}

fn problem(place: &str, path: String, message: String) -> Error {
    Error::Schema {
        place: place.to_owned(),
        problems: vec![SchemaProblem { path, message }],
    }
}

/// `relative` under `base`, when it stays there: not a URL, not absolute, no `..`, and — links
/// followed — still inside `base` (a `passwd.csv` linked to `/etc/passwd` is not). A path that
/// does not exist yet is judged by its text; opening it then says it is missing.
pub fn inside(base: &Path, relative: &str) -> Option<std::path::PathBuf> {
    if relative.contains("://")
        || relative.contains('\\')
        || Path::new(relative).is_absolute()
        || relative.split('/').any(|p| p == "..")
    {
        return None;
    }
    let path = base.join(relative);
    match (std::fs::canonicalize(base), std::fs::canonicalize(&path)) {
        (Ok(base), Ok(real)) if !real.starts_with(&base) => None,
        _ => Some(path),
    }
}

fn read_resources(descriptor: &Path) -> Result<Vec<Resource>, Error> {
    let place = descriptor.display().to_string();
    let text = std::fs::read_to_string(descriptor).map_err(|source| Error::Open {
        path: descriptor.to_owned(),
        source,
    })?;
    let json: Value = serde_json::from_str(&text)
        .map_err(|e| problem(&place, String::new(), format!("not valid JSON: {e}")))?;
    let Some(list) = json["resources"].as_array() else {
        return Err(problem(
            &place,
            "/resources".into(),
            "a data package needs a resources array".into(),
        ));
    };
    let base = descriptor.parent().unwrap_or(Path::new("."));
    let mut resources = Vec::new();
    for (index, item) in list.iter().enumerate() {
        let at = format!("/resources/{index}");
        let name = item["name"]
            .as_str()
            .map_or_else(|| format!("resource{}", index + 1), str::to_owned);
        let Some(relative) = item["path"].as_str() else {
            return Err(problem(
                &place,
                format!("{at}/path"),
                "calidad reads resources with one local path (inline data, URLs and multi-part paths are not supported)".into(),
            ));
        };
        let path = inside(base, relative).ok_or_else(|| {
            problem(
                &place,
                format!("{at}/path"),
                format!("{relative:?} is not a file inside the package's folder"),
            )
        })?;
        let schema = match &item["schema"] {
            Value::Null => None,
            Value::String(file) => {
                let file = inside(base, file).ok_or_else(|| {
                    problem(
                        &place,
                        format!("{at}/schema"),
                        format!("{file:?} is not a file inside the package's folder"),
                    )
                })?;
                Some(schema::schema_from_path(&file)?)
            }
            inline => Some(schema::schema_from_json(
                inline,
                &format!("{place}#{at}/schema"),
            )?),
        };
        resources.push(Resource {
            name,
            path,
            place: relative.to_owned(),
            schema,
            delimiter: item["dialect"]["delimiter"].as_str().map(str::to_owned),
            encoding: item["encoding"].as_str().map(str::to_owned),
        });
    }
    Ok(resources)
}

impl Validator {
    /// Validates every resource of a data package: one task each, named after the resource.
    pub fn package_tasks(&self, descriptor: &Path) -> Result<Vec<ReportTask>, Error> {
        let place = descriptor.display().to_string();
        let resources = read_resources(descriptor)?;
        let mut tasks = Vec::with_capacity(resources.len());
        for (index, resource) in resources.iter().enumerate() {
            let mut validator = self.clone();
            if let Some(delimiter) = &resource.delimiter {
                validator = validator.with_delimiter(delimiter)?;
            }
            if let Some(encoding) = &resource.encoding {
                validator = validator.with_encoding(encoding)?;
            }
            if let Some(schema) = &resource.schema {
                validator.options.schema = SchemaSource::Given(Arc::new(compiled(schema, &place)?));
                let (collect, foreign) =
                    self.foreign_plan(&place, index, resource, schema, &resources)?;
                validator.options.collect_keys = collect;
                validator.options.foreign_keys = foreign;
            }
            let file = open(&resource.path)?;
            tasks.push(validator.task_read_ahead(file, &resource.name, &resource.place)?);
        }
        self.score_tasks(&mut tasks);
        Ok(tasks)
    }

    /// The key tuples `resource` collects for its own foreign keys, and the checks of all its
    /// foreign keys (reading referenced resources for their keys).
    fn foreign_plan(
        &self,
        place: &str,
        index: usize,
        resource: &Resource,
        schema: &Schema,
        resources: &[Resource],
    ) -> Result<(Vec<Vec<String>>, Vec<ForeignCheck>), Error> {
        let mut collect = Vec::new();
        let mut checks = Vec::new();
        for (k, key) in schema.foreign_keys.iter().enumerate() {
            let fields: Vec<String> = key.fields.names().to_vec();
            let referenced: Vec<String> = key.reference.fields.names().to_vec();
            let target_name = key.reference.resource.as_str();
            let reference = format!(
                "{}.{}",
                if target_name.is_empty() {
                    &resource.name
                } else {
                    target_name
                },
                referenced.join("+")
            );
            if target_name.is_empty() || target_name == resource.name {
                collect.push(referenced);
                checks.push(ForeignCheck {
                    fields,
                    target: ForeignTarget::Collected(collect.len() - 1),
                    reference,
                });
                continue;
            }
            let Some(target) = resources.iter().find(|r| r.name == target_name) else {
                return Err(problem(
                    place,
                    format!("/resources/{index}/schema/foreignKeys/{k}/reference/resource"),
                    format!("no resource is named {target_name:?}"),
                ));
            };
            let keys = self.collect_keys(target, referenced)?;
            checks.push(ForeignCheck {
                fields,
                target: ForeignTarget::Keys(Arc::new(keys)),
                reference,
            });
        }
        Ok((collect, checks))
    }

    /// Reads `target` once for the values of `fields` (typed by its schema, or as text).
    fn collect_keys(&self, target: &Resource, fields: Vec<String>) -> Result<HashSet<u128>, Error> {
        let file = open(&target.path)?;
        let mut options = TableOptions {
            selection: Arc::new(calidad_core::rule::Selection {
                pick: vec!["foreign-key".to_owned()],
                skip: Vec::new(),
            }),
            collect_keys: vec![fields],
            hash: false,
            threads: 1,
            ..self.options.clone()
        };
        let schema = target.schema.clone().unwrap_or_else(|| Schema {
            fields: Vec::new(),
            missing_values: calidad_core::schema::default_missing_values(),
            primary_key: None,
            foreign_keys: Vec::new(),
            fields_match: None,
        });
        options.schema = SchemaSource::Given(Arc::new(compiled(&schema, &target.place)?));
        let outcome = check_table(std::io::BufReader::new(file), &options);
        Ok(outcome
            .schema
            .and_then(|mut used| used.collected.pop())
            .unwrap_or_default())
    }
}

/// A resource's schema, compiled for its tables.
fn compiled(schema: &Schema, place: &str) -> Result<calidad_core::schema::CompiledSchema, Error> {
    schema.clone().compile().map_err(|problems| Error::Schema {
        place: place.to_owned(),
        problems,
    })
}
