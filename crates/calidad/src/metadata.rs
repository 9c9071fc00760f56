//! `calidad metadata`: a dataset's CKAN metadata checked against the portal's rules
//! (`schemas/ckan-dataset.schema.json`, package_create's required fields, slug, licence list,
//! frequency codes) and for quality beyond validity (placeholder descriptions, test contacts,
//! declared format against the real file, frequency declared but not respected).

use crate::{Lang, Rule, Severity};
use calidad_core::lang::Text;
use jsonschema::error::ValidationErrorKind;
use serde::Serialize;
use serde_json::Value;

/// The portal's dataset schema.
pub const DATASET_SCHEMA: &str = include_str!("../../../schemas/ckan-dataset.schema.json");

/// The codes of the metadata checks.
pub static RULES: &[&Rule] = &[&METADATA_ERROR, &METADATA_QUALITY];

/// `metadata-error`: the metadata break a rule of the portal.
pub static METADATA_ERROR: Rule = Rule {
    code: "metadata-error",
    severity: Severity::Error,
    tags: &["#metadata"],
    title: Text {
        es: "Error en los metadatos",
        en: "Metadata Error",
    },
    description: Text {
        es: "Los metadatos del conjunto de datos no cumplen las reglas del portal (campo obligatorio faltante, nombre corto inválido, licencia fuera de la lista…).",
        en: "The dataset's metadata break the portal's rules (a required field missing, an invalid slug, a licence not on the list…).",
    },
    docs: Text {
        es: "## Qué significa\nEl JSON de metadatos (respuesta de `package_show` o cuerpo de `package_create`) no cumple `schemas/ckan-dataset.schema.json`: son obligatorios `title`, `name` (2 a 100 caracteres en minúscula, números, `-` y `_`), `notes`, `author`, `author_email`, `owner_org`, `private`, `license_id` (`cc-zero`, `odc-pddl`, `cc-by` u `odc-by`) y etiquetas; `frequency` debe ser `1d`, `7d`, `1m`, `3m`, `4m`, `6m` o `1y`; cada recurso necesita nombre, descripción, formato y URL o archivo. Cada error indica la ruta JSON del campo.\n\n## Por qué importa\nEl portal rechaza el conjunto de datos, o lo publica sin lo que permite encontrarlo y reutilizarlo.\n\n## Cómo corregirlo\nComplete o corrija el campo indicado en la ruta.",
        en: "## What it means\nThe metadata JSON (a `package_show` answer or a `package_create` body) does not fit `schemas/ckan-dataset.schema.json`: `title`, `name` (2 to 100 lowercase letters, digits, `-` and `_`), `notes`, `author`, `author_email`, `owner_org`, `private`, `license_id` (`cc-zero`, `odc-pddl`, `cc-by` or `odc-by`) and tags are required; `frequency` must be `1d`, `7d`, `1m`, `3m`, `4m`, `6m` or `1y`; every resource needs a name, a description, a format and a URL or upload. Each error gives the field's JSON path.\n\n## Why it matters\nThe portal rejects the dataset, or publishes it without what makes it findable and reusable.\n\n## How to fix it\nFill in or correct the field at the path given.",
    },
    message: |_, _| String::new(),
    note: calidad_core::rule::no_note,
};

/// `metadata-quality`: valid metadata that still mislead or say nothing.
pub static METADATA_QUALITY: Rule = Rule {
    code: "metadata-quality",
    severity: Severity::Warning,
    tags: &["#metadata"],
    title: Text {
        es: "Calidad de los metadatos",
        en: "Metadata Quality",
    },
    description: Text {
        es: "Metadatos válidos que no informan: descripciones de relleno, correos de prueba, formato declarado distinto del archivo, frecuencia declarada que no se cumple.",
        en: "Valid metadata that do not inform: placeholder descriptions, test e-mails, a declared format other than the file's, a declared frequency not kept.",
    },
    docs: Text {
        es: "## Qué significa\nLos metadatos pasan las reglas del portal, pero algo en ellos no sirve a quien busca los datos: una descripción de relleno (\"prueba\", \"descripción\", igual al título o de menos de 20 caracteres), un correo de prueba (`test@…`, `@example.com`), un formato declarado distinto del formato real del archivo (con `--data`), o una frecuencia de actualización que no se cumple (con `--as-of`).\n\n## Por qué importa\nLos metadatos son lo que se busca y se lee antes de descargar: si engañan, los datos no se encuentran o se usan mal.\n\n## Cómo corregirlo\nEscriba una descripción que diga qué contiene cada recurso, use un correo de contacto real, declare el formato real y actualice con la frecuencia declarada (o declare la real).",
        en: "## What it means\nThe metadata pass the portal's rules, but something in them does not serve whoever looks for the data: a placeholder description (\"test\", \"description\", equal to the title or under 20 characters), a test e-mail (`test@…`, `@example.com`), a declared format other than the file's real one (with `--data`), or an update frequency not kept (with `--as-of`).\n\n## Why it matters\nMetadata are what people search and read before downloading: if they mislead, the data are not found or are misused.\n\n## How to fix it\nWrite a description that says what each resource holds, use a real contact e-mail, declare the real format and update as often as declared (or declare the real frequency).",
    },
    message: quality_message,
    note: calidad_core::rule::no_note,
};

/// The `metadata-quality` warning for a contact point with a personal mailbox: contact points
/// are required, so the advice is an institutional mailbox, never deleting the field.
pub(crate) fn personal_contact_finding(
    contact: calidad_privacy::document::PersonalContact,
) -> calidad_core::Finding {
    let mut finding = calidad_core::Finding::new(&METADATA_QUALITY);
    finding.field_name = Some(contact.path.clone());
    finding.with_detail(calidad_core::finding::Detail::of(contact))
}

fn quality_message(finding: &calidad_core::Finding, lang: Lang) -> String {
    let Some(contact) = finding
        .detail
        .other::<calidad_privacy::document::PersonalContact>()
    else {
        return String::new();
    };
    let examples = contact.examples.join(", ");
    let path = &contact.path;
    match lang {
        Lang::Es => format!(
            "El punto de contacto «{path}» usa un correo personal ({examples}): use un buzón institucional (datos@…, contacto@…), que siga respondiendo cuando la persona cambie de cargo"
        ),
        Lang::En => format!(
            "The contact point «{path}» uses a personal mailbox ({examples}): use an institutional one (datos@…, contacto@…), which keeps answering when the person moves on"
        ),
    }
}

/// One problem in the metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataProblem {
    /// `metadata-error` or `metadata-quality`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// JSON path of the field (`/resources/0/format`; empty for the whole document).
    pub path: String,
    /// What is wrong, in the report's language.
    pub message: String,
}

/// The check of one metadata document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataReport {
    /// Whether no `metadata-error` was found.
    pub valid: bool,
    /// The document's file.
    pub place: String,
    /// Every problem, errors first.
    pub problems: Vec<MetadataProblem>,
}

/// What the quality notes compare the metadata with.
#[derive(Clone, Debug, Default)]
pub struct MetadataContext<'a> {
    /// The real format of the data file (`csv`, `xlsx`…), when it was given.
    pub data_format: Option<&'a str>,
    /// The day the metadata are judged on (freshness), when known.
    pub as_of: Option<calidad_core::calendar::Day>,
}

fn error(path: &str, lang: Lang, es: String, en: String) -> MetadataProblem {
    MetadataProblem {
        code: METADATA_ERROR.code,
        severity: Severity::Error,
        path: path.to_owned(),
        message: match lang {
            Lang::Es => es,
            Lang::En => en,
        },
    }
}

fn quality(path: &str, lang: Lang, es: String, en: String) -> MetadataProblem {
    MetadataProblem {
        code: METADATA_QUALITY.code,
        severity: Severity::Warning,
        ..error(path, lang, es, en)
    }
}

/// The portal's dataset schema, compiled once for every call.
fn dataset_validator() -> Option<&'static jsonschema::Validator> {
    static VALIDATOR: std::sync::OnceLock<Option<jsonschema::Validator>> =
        std::sync::OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let schema: Value = serde_json::from_str(DATASET_SCHEMA).ok()?;
            jsonschema::validator_for(&schema).ok()
        })
        .as_ref()
}

/// Checks a metadata document.
pub fn check_metadata(
    document: &Value,
    place: &str,
    lang: Lang,
    context: &MetadataContext<'_>,
) -> MetadataReport {
    let package = document.get("result").unwrap_or(document);
    let mut problems = Vec::new();
    match dataset_validator() {
        Some(validator) => {
            for e in validator.iter_errors(package) {
                let path = e.instance_path.to_string();
                let shown = if path.is_empty() {
                    "/".to_owned()
                } else {
                    path.clone()
                };
                let (es, en) = match &e.kind {
                    ValidationErrorKind::Required { property } => (
                        format!("falta el campo obligatorio {property} en {shown}"),
                        format!("required field {property} is missing at {shown}"),
                    ),
                    ValidationErrorKind::Enum { options } => (
                        format!(
                            "{shown} vale {}; los valores permitidos son {options}",
                            e.instance
                        ),
                        format!("{shown} is {}; allowed values are {options}", e.instance),
                    ),
                    ValidationErrorKind::Pattern { pattern } => (
                        format!(
                            "{shown} ({}) no tiene el formato pedido ({pattern})",
                            e.instance
                        ),
                        format!(
                            "{shown} ({}) does not have the required form ({pattern})",
                            e.instance
                        ),
                    ),
                    ValidationErrorKind::AnyOf if path.is_empty() => (
                        "faltan las etiquetas (tags o tag_string)".to_owned(),
                        "tags are missing (tags or tag_string)".to_owned(),
                    ),
                    ValidationErrorKind::AnyOf => (
                        format!("el recurso {shown} no tiene URL ni archivo subido"),
                        format!("resource {shown} has neither a URL nor an upload"),
                    ),
                    ValidationErrorKind::MinLength { .. }
                    | ValidationErrorKind::MinItems { .. } => {
                        (format!("{shown} está vacío"), format!("{shown} is empty"))
                    }
                    _ => (format!("{shown}: {e}"), format!("{shown}: {e}")),
                };
                problems.push(error(&path, lang, es, en));
            }
        }
        None => problems.push(error(
            "",
            lang,
            "el esquema de metadatos no compila".to_owned(),
            "the metadata schema does not compile".to_owned(),
        )),
    }
    quality_notes(package, lang, context, &mut problems);
    MetadataReport {
        valid: !problems.iter().any(|p| p.severity == Severity::Error),
        place: place.to_owned(),
        problems,
    }
}

const PLACEHOLDERS: &[&str] = &[
    "descripcion",
    "descripción",
    "sin descripcion",
    "sin descripción",
    "test",
    "prueba",
    "lorem ipsum",
    "n/a",
    "na",
    "-",
    "...",
    "xxx",
    "pendiente",
    "por completar",
];

fn is_placeholder(text: &str, title: Option<&str>) -> bool {
    let t = text.trim().to_lowercase();
    t.chars().count() < 20
        || PLACEHOLDERS
            .iter()
            .any(|p| t == *p || t.starts_with("lorem ipsum"))
        || title.is_some_and(|title| title.trim().to_lowercase() == t)
}

fn is_test_email(email: &str) -> bool {
    let e = email.trim().to_lowercase();
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    [
        "test", "prueba", "correo", "email", "xxx", "a", "asdf", "noreply",
    ]
    .contains(&local)
        || [
            "example.com",
            "example.org",
            "test.com",
            "correo.cl",
            "email.com",
            "mail.com",
        ]
        .contains(&domain)
}

fn quality_notes(
    package: &Value,
    lang: Lang,
    context: &MetadataContext<'_>,
    problems: &mut Vec<MetadataProblem>,
) {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let title = text(package, "title");
    if let Some(notes) = text(package, "notes")
        && !notes.trim().is_empty()
        && is_placeholder(&notes, title.as_deref())
    {
        problems.push(quality(
            "/notes",
            lang,
            "la descripción es de relleno (muy corta, genérica o igual al título): diga qué contiene el conjunto de datos, de dónde viene y qué período cubre".to_owned(),
            "the description is a placeholder (too short, generic or equal to the title): say what the dataset holds, where it comes from and what period it covers".to_owned(),
        ));
    }
    for key in ["author_email", "maintainer_email"] {
        if let Some(email) = text(package, key)
            && is_test_email(&email)
        {
            problems.push(quality(
                &format!("/{key}"),
                lang,
                format!(
                    "{key} es un correo de prueba: use un correo de contacto real de la institución"
                ),
                format!("{key} is a test e-mail: use a real contact address of the institution"),
            ));
        }
    }
    let resources = package
        .get("resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, resource) in resources.iter().enumerate() {
        if let Some(description) = text(resource, "description")
            && !description.trim().is_empty()
            && is_placeholder(&description, text(resource, "name").as_deref())
        {
            problems.push(quality(
                &format!("/resources/{i}/description"),
                lang,
                "la descripción del recurso es de relleno: diga qué contiene este archivo"
                    .to_owned(),
                "the resource's description is a placeholder: say what this file holds".to_owned(),
            ));
        }
        if let (Some(declared), Some(real)) = (text(resource, "format"), context.data_format)
            && resources.len() == 1
            && !declared.trim().eq_ignore_ascii_case(real)
            && !(declared.eq_ignore_ascii_case("xls") && real == "spreadsheetml")
        {
            problems.push(quality(
                &format!("/resources/{i}/format"),
                lang,
                format!("el formato declarado es {declared}, pero el archivo es {real}"),
                format!("the declared format is {declared}, but the file is {real}"),
            ));
        }
    }
    if let (Some(frequency), Some(today)) = (
        text(package, "frequency"),
        context.as_of.map(calidad_core::calendar::Day::days),
    ) {
        let period = match frequency.as_str() {
            "1d" => 1,
            "7d" => 7,
            "1m" => 31,
            "3m" => 92,
            "4m" => 123,
            "6m" => 184,
            "1y" => 366,
            _ => 0,
        };
        let modified = resources
            .iter()
            .filter_map(|r| text(r, "last_modified"))
            .chain(text(package, "metadata_modified"))
            .filter_map(|d| calidad_core::calendar::days_of_iso(&d))
            .max();
        if let Some(modified) = modified
            && period > 0
            && today - modified > 2 * period
        {
            let days = today - modified;
            problems.push(quality(
                "/frequency",
                lang,
                format!("la frecuencia declarada es {frequency}, pero la última actualización fue hace {days} días"),
                format!("the declared frequency is {frequency}, but the last update was {days} days ago"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid_package() -> Value {
        json!({
            "title": "Transferencias a municipios 2024",
            "name": "transferencias-municipios-2024",
            "notes": "Transferencias de la Subsecretaría a los 345 municipios durante 2024, con fecha, monto y programa.",
            "author": "Subsecretaría de Desarrollo Regional",
            "author_email": "datos@subdere.gob.cl",
            "owner_org": "subdere",
            "private": false,
            "license_id": "cc-by",
            "tags": [{"name": "municipios"}],
            "frequency": "1m",
            "resources": [{"name": "transferencias.csv", "description": "Una fila por transferencia, en pesos.",
                           "format": "CSV", "url": "https://datos.gob.cl/x.csv", "last_modified": "2026-11-01T00:00:00"}]
        })
    }

    #[test]
    fn a_valid_package_passes() {
        let context = MetadataContext {
            data_format: Some("csv"),
            as_of: calidad_core::calendar::Day::parse("2026-11-20"),
        };
        let report = check_metadata(&valid_package(), "p.json", Lang::Es, &context);
        assert!(report.valid, "{:?}", report.problems);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        // Inside its package_show envelope too.
        let wrapped = json!({"success": true, "result": valid_package()});
        assert!(check_metadata(&wrapped, "p.json", Lang::Es, &context).valid);
    }

    #[test]
    fn broken_packages_say_where() {
        let mut broken = valid_package();
        broken["name"] = json!("Transferencias 2024");
        broken["license_id"] = json!("other-closed");
        broken["frequency"] = json!("mensual");
        broken.as_object_mut().unwrap().remove("author_email");
        broken.as_object_mut().unwrap().remove("tags");
        broken["resources"][0]
            .as_object_mut()
            .unwrap()
            .remove("url");
        let report = check_metadata(&broken, "p.json", Lang::En, &MetadataContext::default());
        assert!(!report.valid);
        let paths: Vec<&str> = report.problems.iter().map(|p| p.path.as_str()).collect();
        for expected in ["/name", "/license_id", "/frequency", "", "/resources/0"] {
            assert!(paths.contains(&expected), "{expected} in {paths:?}");
        }
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.message.contains("author_email") && p.message.contains("missing"))
        );
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.message.contains("tags are missing"))
        );
    }

    #[test]
    fn quality_notes_beyond_validity() {
        let mut package = valid_package();
        package["notes"] = json!("Prueba");
        package["author_email"] = json!("test@example.com");
        let context = MetadataContext {
            data_format: Some("xlsx"),
            as_of: calidad_core::calendar::Day::parse("2026-11-20"),
        };
        package["resources"][0]["last_modified"] = json!("2025-01-01T00:00:00");
        let report = check_metadata(&package, "p.json", Lang::Es, &context);
        assert!(report.valid);
        let paths: Vec<&str> = report.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/notes",
                "/author_email",
                "/resources/0/format",
                "/frequency"
            ]
        );
    }

    #[test]
    fn the_schema_is_itself_a_valid_json_schema() {
        let schema: Value = serde_json::from_str(DATASET_SCHEMA).unwrap();
        assert!(jsonschema::meta::is_valid(&schema));
        assert!(jsonschema::validator_for(&schema).is_ok());
    }
}
