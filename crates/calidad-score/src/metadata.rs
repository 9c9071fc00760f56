//! A resource's CKAN metadata (`package_show`'s result, with its resources), read leniently:
//! the portal's fields, DCAT-style extras (`frequency`, `accrualPeriodicity`, `temporal`,
//! `spatial`) and the resource that matches the file.

use serde_json::Value;

/// The metadata the score looks at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    /// Dataset title.
    pub title: Option<String>,
    /// Dataset description (`notes`).
    pub notes: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Groups or themes.
    pub groups: Vec<String>,
    /// Publishing organisation.
    pub organization: Option<String>,
    /// Contact e-mail (maintainer or author).
    pub contact_email: Option<String>,
    /// Licence id (`cc-by`, `CC-BY-4.0`, `odc-odbl`…).
    pub license_id: Option<String>,
    /// Declared update frequency.
    pub frequency: Option<String>,
    /// Declared temporal coverage.
    pub temporal: Option<String>,
    /// Declared spatial coverage.
    pub spatial: Option<String>,
    /// When the dataset's metadata last changed (ISO date).
    pub metadata_modified: Option<String>,
    /// The resource that matches the file, when one does.
    pub resource: Option<ResourceMetadata>,
}

/// A CKAN resource's metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceMetadata {
    /// Resource name.
    pub name: Option<String>,
    /// Resource description.
    pub description: Option<String>,
    /// Declared format (`CSV`, `XLSX`).
    pub format: Option<String>,
    /// Declared media type.
    pub mimetype: Option<String>,
    /// Declared size in bytes.
    pub size: Option<u64>,
    /// When the data last changed (ISO date).
    pub last_modified: Option<String>,
    /// Whether the portal's DataStore (API) holds it.
    pub datastore_active: bool,
    /// Column descriptions from the DataStore data dictionary (`info.notes`), by column.
    pub described_columns: Vec<String>,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A value from the dataset's fields or its `extras` list.
fn field_or_extra(package: &Value, keys: &[&str]) -> Option<String> {
    for key in keys {
        if let Some(found) = text(package, key) {
            return Some(found);
        }
    }
    package
        .get("extras")
        .and_then(Value::as_array)?
        .iter()
        .find(|extra| {
            extra
                .get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| keys.iter().any(|key| k.eq_ignore_ascii_case(key)))
        })
        .and_then(|extra| text(extra, "value"))
}

/// Metadata that cannot be used to score a resource.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    /// The file is not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an object.
    #[error("the metadata is not a CKAN package (a JSON object)")]
    NotAnObject,
    /// An object without a package's keys.
    #[error("the metadata has neither `name` nor `resources`: not a CKAN package_show result")]
    NotAPackage,
}

impl Metadata {
    /// Reads a `package_show` answer (with or without its `{"success", "result"}` envelope),
    /// picking the resource named like `file_name` (or the only one).
    pub fn from_ckan(json: &Value, file_name: &str) -> Result<Metadata, MetadataError> {
        let package = json.get("result").unwrap_or(json);
        if !package.is_object() {
            return Err(MetadataError::NotAnObject);
        }
        if package.get("resources").is_none() && package.get("name").is_none() {
            return Err(MetadataError::NotAPackage);
        }
        let names = |key: &str| -> Vec<String> {
            package
                .get(key)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|t| {
                            t.as_str()
                                .map(str::to_owned)
                                .or_else(|| text(t, "display_name"))
                                .or_else(|| text(t, "name"))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let resources: Vec<&Value> = package
            .get("resources")
            .and_then(Value::as_array)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        let file = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
        let matches = |r: &&&Value| {
            let url = text(r, "url").unwrap_or_default();
            let name = text(r, "name").unwrap_or_default();
            url.rsplit('/').next() == Some(file) || name == file
        };
        let resource = resources
            .iter()
            .find(matches)
            .or(if resources.len() == 1 {
                resources.first()
            } else {
                None
            })
            .map(|r| ResourceMetadata {
                name: text(r, "name"),
                description: text(r, "description"),
                format: text(r, "format"),
                mimetype: text(r, "mimetype"),
                size: r.get("size").and_then(|s| {
                    s.as_u64()
                        .or_else(|| s.as_str().and_then(|t| t.parse().ok()))
                }),
                last_modified: text(r, "last_modified").or_else(|| text(r, "created")),
                datastore_active: r
                    .get("datastore_active")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                described_columns: r
                    .get("fields")
                    .and_then(Value::as_array)
                    .map(|fields| {
                        fields
                            .iter()
                            .filter(|f| {
                                let id = text(f, "id").unwrap_or_default();
                                f.get("info")
                                    .and_then(|i| text(i, "notes"))
                                    .is_some_and(|notes| notes != id)
                            })
                            .filter_map(|f| text(f, "id"))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        Ok(Metadata {
            title: text(package, "title"),
            notes: text(package, "notes"),
            tags: names("tags"),
            groups: names("groups"),
            organization: package
                .get("organization")
                .and_then(|o| text(o, "title").or_else(|| text(o, "name"))),
            contact_email: text(package, "maintainer_email")
                .or_else(|| text(package, "author_email"))
                .or_else(|| field_or_extra(package, &["contact_email", "contactPoint"])),
            license_id: text(package, "license_id"),
            frequency: field_or_extra(
                package,
                &[
                    "frequency",
                    "accrualPeriodicity",
                    "frecuencia",
                    "update_frequency",
                ],
            ),
            temporal: field_or_extra(package, &["temporal", "cobertura_temporal"]),
            spatial: field_or_extra(package, &["spatial", "cobertura_espacial", "spatial_text"]),
            metadata_modified: text(package, "metadata_modified"),
            resource,
        })
    }
}

/// Licences that the Open Definition lists as conformant, by the ids CKAN portals use.
pub fn is_open_license(id: &str) -> bool {
    const OPEN: &[&str] = &[
        "cc-by",
        "cc-by-4.0",
        "cc-by-3.0",
        "cc-by-sa",
        "cc-by-sa-4.0",
        "cc-zero",
        "cc0",
        "cc0-1.0",
        "odc-by",
        "odc-odbl",
        "odbl",
        "odc-pddl",
        "pddl",
        "other-pd",
        "other-at",
        "other-open",
        "gfdl",
    ];
    OPEN.contains(&id.trim().to_ascii_lowercase().as_str())
}

/// The period in days of a declared frequency (Spanish or English words, or ISO 8601
/// `R/P1M`-style DCAT periods); `None` for "once", "irregular" or unknown words.
pub fn frequency_days(frequency: &str) -> Option<f64> {
    let f = frequency.trim().to_lowercase();
    let days = match f.as_str() {
        "diaria" | "diario" | "daily" | "r/p1d" => 1.0,
        "semanal" | "weekly" | "r/p1w" => 7.0,
        "quincenal" | "biweekly" | "r/p2w" => 14.0,
        "mensual" | "monthly" | "r/p1m" => 30.0,
        "bimestral" | "bimonthly" | "r/p2m" => 61.0,
        "trimestral" | "quarterly" | "r/p3m" => 91.0,
        "semestral" | "semiannual" | "r/p6m" => 182.0,
        "anual" | "annual" | "yearly" | "r/p1y" => 365.0,
        "bienal" | "biennial" | "r/p2y" => 730.0,
        _ => return None,
    };
    Some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_package_show_answer() {
        let json: Value = serde_json::from_str(
            r#"{"success": true, "result": {"name": "x", "title": "Transferencias",
            "notes": "Transferencias a municipios", "license_id": "cc-by",
            "tags": [{"name": "municipios"}], "organization": {"title": "SUBDERE"},
            "maintainer_email": "datos@subdere.gob.cl",
            "extras": [{"key": "frequency", "value": "mensual"}],
            "resources": [{"name": "a", "url": "https://x/download/a.csv", "format": "CSV"},
                          {"name": "b", "url": "https://x/download/b.csv", "format": "CSV",
                           "datastore_active": true, "size": "1234"}]}}"#,
        )
        .unwrap();
        let meta = Metadata::from_ckan(&json, "data/b.csv").unwrap();
        assert_eq!(meta.frequency.as_deref(), Some("mensual"));
        assert_eq!(meta.tags, ["municipios"]);
        let resource = meta.resource.unwrap();
        assert_eq!(resource.size, Some(1234));
        assert!(resource.datastore_active);
        assert!(Metadata::from_ckan(&Value::from(3), "b.csv").is_err());
        assert!(is_open_license("CC-BY-4.0"));
        assert!(!is_open_license("other-closed"));
        assert_eq!(frequency_days("Mensual"), Some(30.0));
    }
}
