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

/// A metadata property in words, with its CKAN name: `el nombre corto (name)`, `el formato del
/// recurso 2 (resources/1/format)`.
fn property_in_words(path: &str) -> (String, String) {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let words = |key: &str| -> (&'static str, &'static str) {
        match key {
            "name" => ("el nombre corto", "the short name"),
            "title" => ("el título", "the title"),
            "notes" => ("la descripción", "the description"),
            "license_id" => ("la licencia", "the licence"),
            "frequency" => ("la frecuencia de actualización", "the update frequency"),
            "author_email" => ("el correo del autor", "the author's e-mail"),
            "maintainer_email" => ("el correo de contacto", "the contact e-mail"),
            "owner_org" | "organization" => ("la organización", "the organization"),
            "author" => ("el autor", "the author"),
            "maintainer" => ("el responsable", "the maintainer"),
            "private" => (
                "indicar si es público o privado",
                "whether it is public or private",
            ),
            "tags" | "tag_string" => ("las etiquetas", "the tags"),
            "groups" => ("los grupos", "the groups"),
            "resources" => ("los recursos", "the resources"),
            "format" => ("el formato", "the format"),
            "url" => ("la dirección", "the address"),
            "description" => ("la descripción", "the description"),
            _ => ("el campo", "the field"),
        }
    };
    let name = parts.join("/");
    match parts.as_slice() {
        [""] => ("el conjunto de datos".to_owned(), "the dataset".to_owned()),
        ["resources", index, key] => {
            let n = index.parse::<usize>().map_or(0, |i| i + 1);
            let (es, en) = words(key);
            (
                format!("{es} del recurso {n} ({name})"),
                format!("{en} of resource {n} ({name})"),
            )
        }
        ["resources", index] => {
            let n = index.parse::<usize>().map_or(0, |i| i + 1);
            (format!("el recurso {n}"), format!("resource {n}"))
        }
        [key, ..] => {
            let (es, en) = words(key);
            (format!("{es} ({name})"), format!("{en} ({name})"))
        }
        [] => ("el conjunto de datos".to_owned(), "the dataset".to_owned()),
    }
}

/// Whether `local@domain` is a person's mailbox: a free-mail one, or `nombre.apellido@` at an
/// institution (`estadisticas@ine.gob.cl` is a unit's, not a person's).
fn is_a_persons(local: &str, domain: &str) -> bool {
    use calidad_privacy::email::{Mailbox, mailbox};
    match mailbox(local, domain) {
        Mailbox::Personal => true,
        Mailbox::Official => {
            let words: Vec<&str> = local.split(['.', '_']).collect();
            words.len() >= 2
                && words
                    .iter()
                    .all(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        }
        Mailbox::Institutional => false,
    }
}

/// `c` without its accent or tilde, its case kept (`á` → `a`, `Ñ` → `N`): the privacy
/// crate's folding, which also lowercases.
pub(crate) fn without_accent(c: char) -> char {
    let folded = calidad_privacy::header::fold(c);
    if c.is_uppercase() {
        folded.to_ascii_uppercase()
    } else if c.is_ascii() {
        c
    } else {
        folded
    }
}

/// A short name CKAN accepts, from `text`: lowercase ASCII letters, digits and `-`, accents
/// dropped (`Dotación Municipal 2024` → `dotacion-municipal-2024`).
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().to_lowercase().chars() {
        let plain = match without_accent(c) {
            c if c.is_ascii_alphanumeric() || c == '_' => c,
            _ => '-',
        };
        if plain == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(plain);
    }
    let out = out.trim_end_matches('-');
    out.chars().take(100).collect()
}

/// The allowed value a person most likely meant: `mensual` → `1m`, `CC-BY-4.0` → `cc-by`.
fn meant_value(key: &str, value: &str) -> Option<&'static str> {
    let v = value.trim().to_lowercase();
    match key {
        "frequency" => Some(match v.as_str() {
            "diaria" | "diario" | "daily" => "1d",
            "semanal" | "weekly" => "7d",
            "mensual" | "monthly" => "1m",
            "trimestral" | "quarterly" => "3m",
            "cuatrimestral" => "4m",
            "semestral" => "6m",
            "anual" | "yearly" | "annual" => "1y",
            _ => return None,
        }),
        "license_id" => {
            let v = v.replace(['_', ' '], "-");
            if v.starts_with("cc-by-sa") || v.starts_with("cc-by-nc") || v.starts_with("cc-by-nd") {
                None
            } else if v.starts_with("cc-by") || v == "by" {
                Some("cc-by")
            } else if v.starts_with("cc0") || v.starts_with("cc-0") || v.starts_with("cc-zero") {
                Some("cc-zero")
            } else if v.contains("pddl") {
                Some("odc-pddl")
            } else if v.starts_with("odc-by") || v.starts_with("odc-by-") {
                Some("odc-by")
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A schema problem in plain words, with the value a person most likely meant.
fn plain_problem(
    kind: &ValidationErrorKind,
    path: &str,
    instance: &Value,
    package: &Value,
    said: &str,
) -> (String, String) {
    let (what_es, what_en) = property_in_words(path);
    let key = path.rsplit('/').next().unwrap_or("");
    let value = instance
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| instance.to_string());
    match kind {
        ValidationErrorKind::Required { property } => {
            let inner = if path.is_empty() {
                property.to_string().trim_matches('"').to_owned()
            } else {
                format!("{}/{}", path.trim_start_matches('/'), property.to_string().trim_matches('"'))
            };
            let (es, en) = property_in_words(&format!("/{inner}"));
            (
                format!("falta {es}: el portal pide este dato"),
                format!("{en} is missing: the portal requires it"),
            )
        }
        ValidationErrorKind::Enum { options } => {
            let allowed = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let (hint_es, hint_en) = match meant_value(key, &value) {
                Some(meant) => (
                    format!(": escriba «{meant}»"),
                    format!(": write «{meant}»"),
                ),
                None => (
                    format!(": use uno de estos: {allowed}"),
                    format!(": use one of {allowed}"),
                ),
            };
            (
                format!("{what_es} dice «{value}», que el portal no acepta{hint_es}"),
                format!("{what_en} says «{value}», which the portal does not accept{hint_en}"),
            )
        }
        ValidationErrorKind::Pattern { .. } if key == "name" => {
            let from = package
                .get("title")
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(&value);
            let suggested = slug(from);
            (
                format!("{what_es} «{value}» solo puede tener minúsculas sin tildes, números, guiones y guiones bajos (de 2 a 100): por ejemplo «{suggested}»"),
                format!("{what_en} «{value}» may only hold lowercase letters without accents, digits, hyphens and underscores (2 to 100): for example «{suggested}»"),
            )
        }
        ValidationErrorKind::Pattern { .. } if key.ends_with("email") => (
            format!("{what_es} «{value}» no es una dirección de correo (nombre@institucion.cl)"),
            format!("{what_en} «{value}» is not an e-mail address (name@institution.cl)"),
        ),
        ValidationErrorKind::Pattern { .. } => (
            format!("{what_es} «{value}» no tiene la forma que pide el portal"),
            format!("{what_en} «{value}» does not have the form the portal asks for"),
        ),
        ValidationErrorKind::AnyOf if path.is_empty() => (
            "faltan las etiquetas (tags o tag_string): agregue palabras clave para encontrar el conjunto de datos".to_owned(),
            "tags are missing (tags or tag_string): add keywords to find the dataset by".to_owned(),
        ),
        ValidationErrorKind::AnyOf => (
            format!("{what_es} no tiene dirección (url) ni archivo subido"),
            format!("{what_en} has neither an address (url) nor an upload"),
        ),
        ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MinItems { .. } => (
            format!("{what_es} no tiene contenido: el portal pide este dato"),
            format!("{what_en} is empty: the portal requires it"),
        ),
        _ => (
            format!("{what_es} no cumple las reglas del portal: {said}"),
            format!("{what_en} does not follow the portal's rules: {said}"),
        ),
    }
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
                let (es, en) = plain_problem(&e.kind, &path, &e.instance, package, &e.to_string());
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
        // A person's own mailbox as the dataset's contact: personal data in public metadata,
        // and a dead address when that person leaves.
        if let Some(email) = text(package, key)
            && let Some((local, domain)) = calidad_privacy::email::parse(&email)
            && is_a_persons(local, domain)
            && !is_test_email(&email)
        {
            let (what_es, what_en) = property_in_words(&format!("/{key}"));
            problems.push(quality(
                &format!("/{key}"),
                lang,
                format!("{what_es} es el correo de una persona: use una casilla de la institución (por ejemplo datosabiertos@institucion.cl), que no cambia cuando la persona se va y no publica sus datos"),
                format!("{what_en} is a person's mailbox: use one of the institution's (say datosabiertos@institution.cl), which outlives the person and does not publish their data"),
            ));
        }
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
        // Plain words and the value meant, not JSON pointers and regexes.
        let said = |path: &str| {
            report
                .problems
                .iter()
                .find(|p| p.path == path)
                .map(|p| p.message.clone())
                .unwrap_or_default()
        };
        assert!(
            said("/frequency").contains("write «1m»"),
            "{}",
            said("/frequency")
        );
        assert!(
            said("/name").contains("for example «transferencias-a-municipios-2024»"),
            "{}",
            said("/name")
        );
        assert!(!said("/name").contains('^'), "no regex: {}", said("/name"));
        let mut licence = valid_package();
        licence["license_id"] = json!("CC-BY-4.0");
        let licence_report =
            check_metadata(&licence, "p.json", Lang::Es, &MetadataContext::default());
        assert!(
            licence_report
                .problems
                .iter()
                .any(|p| p.message.contains("escriba «cc-by»")),
            "{:?}",
            licence_report.problems
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
    fn a_persons_contact_mailbox_is_flagged() {
        for (email, flagged) in [
            ("maria.gonzalez@gmail.com", true),
            ("juan.perez@subdere.gob.cl", true),
            ("estadisticas@ine.gob.cl", false),
            ("datosabiertos@subdere.gob.cl", false),
        ] {
            let mut package = valid_package();
            package["maintainer_email"] = json!(email);
            let report = check_metadata(&package, "p.json", Lang::Es, &MetadataContext::default());
            let found = report.problems.iter().any(|p| {
                p.path == "/maintainer_email" && p.message.contains("correo de una persona")
            });
            assert_eq!(found, flagged, "{email}: {:?}", report.problems);
            assert!(
                report.problems.iter().all(|p| !p.message.contains(email)),
                "never the address itself"
            );
        }
    }

    #[test]
    fn the_schema_is_itself_a_valid_json_schema() {
        let schema: Value = serde_json::from_str(DATASET_SCHEMA).unwrap();
        assert!(jsonschema::meta::is_valid(&schema));
        assert!(jsonschema::validator_for(&schema).is_ok());
    }
}
