//! The privacy codes: `personal-data`, `possible-personal-data`, `personal-data-in-text`,
//! `sensitive-data`, `sensitive-data-exposed`, `personal-data-allowed` and
//! `reidentification-risk`.

use crate::detail::{Context, Exposed, InText, Personal, Reidentification};
use crate::subject::Subject;
use calidad_core::finding::Finding;
use calidad_core::lang::{Lang, Text};
use calidad_core::rule::{Rule, Severity};

fn personal(finding: &Finding) -> (&'static str, String, &'static str) {
    match finding.detail.other::<Personal>() {
        Some(detail) => (detail.category, detail.examples.join(", "), detail.evidence),
        None => ("", String::new(), ""),
    }
}

fn category_words(category: &str, lang: Lang) -> &'static str {
    match (category, lang) {
        ("rut", Lang::Es) => "RUT/RUN de personas",
        ("rut", Lang::En) => "personal RUT/RUN numbers",
        ("email", Lang::Es) => "correos electrónicos personales",
        ("email", Lang::En) => "personal e-mail addresses",
        ("phone", Lang::Es) => "teléfonos móviles",
        ("phone", Lang::En) => "mobile phone numbers",
        ("person-name", Lang::Es) => "nombres de personas",
        ("person-name", Lang::En) => "people's names",
        ("address", Lang::Es) => "domicilios",
        ("address", Lang::En) => "home addresses",
        ("birth-date", Lang::Es) => "fechas de nacimiento",
        ("birth-date", Lang::En) => "dates of birth",
        ("license-plate", Lang::Es) => "patentes de vehículos",
        ("license-plate", Lang::En) => "vehicle plates",
        ("id-document", Lang::Es) => "números de cédula o pasaporte",
        ("id-document", Lang::En) => "identity document or passport numbers",
        ("bank-account", Lang::Es) => "cuentas bancarias",
        ("bank-account", Lang::En) => "bank accounts",
        ("credit-card", Lang::Es) => "números de tarjetas de pago",
        ("credit-card", Lang::En) => "payment card numbers",
        ("ip-address", Lang::Es) => "direcciones IP públicas",
        ("ip-address", Lang::En) => "public IP addresses",
        ("geolocation", Lang::Es) => "coordenadas precisas",
        ("geolocation", Lang::En) => "precise coordinates",
        ("free-text-pii", Lang::Es) => "texto libre con identificadores (RUT, correos, teléfonos)",
        ("free-text-pii", Lang::En) => "free text with identifiers (RUTs, e-mails, phones)",
        ("health", Lang::Es) => "datos de salud",
        ("health", Lang::En) => "health data",
        ("ethnicity", Lang::Es) => "origen étnico",
        ("ethnicity", Lang::En) => "ethnic origin",
        ("religion", Lang::Es) => "creencias religiosas",
        ("religion", Lang::En) => "religious beliefs",
        ("political", Lang::Es) => "afiliación política",
        ("political", Lang::En) => "political affiliation",
        ("union", Lang::Es) => "afiliación sindical",
        ("union", Lang::En) => "union membership",
        ("sexual-orientation", Lang::Es) => "orientación o vida sexual",
        ("sexual-orientation", Lang::En) => "sexual orientation or life",
        ("gender-identity", Lang::Es) => "identidad de género",
        ("gender-identity", Lang::En) => "gender identity",
        ("socioeconomic", Lang::Es) => "situación socioeconómica",
        ("socioeconomic", Lang::En) => "socioeconomic situation",
        ("biometric", Lang::Es) => "datos biométricos o genéticos",
        ("biometric", Lang::En) => "biometric or genetic data",
        ("criminal-record", Lang::Es) => "antecedentes penales o infracciones",
        ("criminal-record", Lang::En) => "criminal records or infractions",
        ("minor", Lang::Es) => "datos de niños, niñas o adolescentes",
        ("minor", Lang::En) => "data about children",
        (_, Lang::Es) => "datos personales",
        (_, Lang::En) => "personal data",
    }
}

fn column(finding: &Finding) -> String {
    let number = finding.field_number.unwrap_or(0);
    match finding.field_name.as_deref() {
        Some(name) if !name.is_empty() => format!("{number} (\"{name}\")"),
        _ => number.to_string(),
    }
}

/// `personal-data`: a column of direct identifiers of people.
pub static PERSONAL_DATA: Rule = Rule {
    code: "personal-data",
    severity: Severity::Error,
    tags: &["#table", "#privacy"],
    title: Text {
        es: "Datos personales",
        en: "Personal Data",
    },
    description: Text {
        es: "Una columna identifica a personas (RUT, correo, teléfono, nombre, domicilio…); no debe publicarse.",
        en: "A column identifies people (RUT, e-mail, phone, name, address…); it must not be published.",
    },
    docs: Text {
        es: "## Qué significa\nLa columna contiene datos que identifican directamente a personas naturales: RUT o RUN con dígito verificador válido y cuerpo de persona (menor a 50 millones), correos en dominios personales, teléfonos móviles, o un encabezado que lo dice (nombre, domicilio, fecha de nacimiento…). La decisión mira el encabezado y una muestra determinista de la columna, con umbrales muy por sobre el azar (un número de 8 dígitos al azar pasa el dígito verificador 1 de cada 11 veces). El informe nunca muestra los valores: solo ejemplos enmascarados (`12.***.***-5`).\n\n## Por qué importa\nLa Ley 19.628, modificada por la Ley 21.719 (vigente desde diciembre de 2026), hace responsable a la institución que publica de no divulgar datos personales sin base legal. Un dato seudonimizado sigue siendo dato personal.\n\n## Cómo corregirlo\nElimine la columna, o reemplácela por un código que no se pueda revertir y que no sirva para cruzar con otras bases (un hash de RUT se revierte probando los 30 millones de RUN posibles). Si la publicación es obligatoria por ley (nombres de funcionarios en Transparencia Activa), documéntelo.",
        en: "## What it means\nThe column holds data that directly identify natural persons: RUT or RUN numbers with a valid check digit and a person's body (below 50 million), e-mail addresses on personal domains, mobile numbers, or a header that says so (name, home address, date of birth…). The decision weighs the header and a deterministic sample of the column, with thresholds far above chance (a random 8-digit number passes the check digit 1 time in 11). The report never shows the values: only masked examples (`12.***.***-5`).\n\n## Why it matters\nChile's Ley 19.628, amended by Ley 21.719 (in force from December 2026), makes the publishing institution responsible for not disclosing personal data without a legal basis. Pseudonymised data are still personal data.\n\n## How to fix it\nDrop the column, or replace it with a code that cannot be reversed and cannot be used to join with other databases (a hashed RUT is reversed by trying the 30 million possible RUNs). If publication is required by law (officials' names under Transparencia Activa), document it.",
    },
    message: personal_message,
    note: personal_note,
};

/// `sensitive-data`: a column of sensitive data (health, ethnicity, beliefs…).
pub static SENSITIVE_DATA: Rule = Rule {
    code: "sensitive-data",
    severity: Severity::Warning,
    tags: &["#table", "#privacy"],
    title: Text {
        es: "Datos sensibles",
        en: "Sensitive Data",
    },
    description: Text {
        es: "Una columna contiene datos sensibles (salud, origen étnico, creencias, vida sexual, situación socioeconómica…).",
        en: "A column holds sensitive data (health, ethnicity, beliefs, sex life, socioeconomic situation…).",
    },
    docs: Text {
        es: "## Qué significa\nEl encabezado de la columna corresponde a una categoría de datos sensibles de la Ley 19.628 (art. 2 g) o de la Ley 21.719: salud, origen étnico, creencias, afiliación política o sindical, vida u orientación sexual, identidad de género, situación socioeconómica, datos biométricos, antecedentes penales.\n\n## Por qué importa\nLos datos sensibles solo pueden tratarse con base legal o consentimiento. Aunque la tabla no tenga nombres ni RUT, una combinación de comuna, edad y sexo puede reidentificar a una persona y revelar su dato sensible.\n\n## Cómo corregirlo\nPublique la información agregada (conteos por comuna o región, tramos de edad) en vez de registros por persona, o generalice las columnas que identifican indirectamente hasta que cada combinación agrupe al menos a 5 personas.",
        en: "## What it means\nThe column's header matches a category of sensitive data under Ley 19.628 (art. 2 g) or Ley 21.719: health, ethnic origin, beliefs, political or union affiliation, sex life or orientation, gender identity, socioeconomic situation, biometric data, criminal records.\n\n## Why it matters\nSensitive data may only be processed with a legal basis or consent. Even without names or RUTs, a combination of comuna, age and sex can re-identify a person and reveal their sensitive datum.\n\n## How to fix it\nPublish aggregates (counts by comuna or region, age bands) instead of person-level records, or generalise the columns that identify indirectly until every combination groups at least 5 people.",
    },
    message: sensitive_message,
    note: personal_note,
};

/// The column (`3 ("rut")`), what it holds, and its masked examples in parentheses.
fn column_what_shown(finding: &Finding, lang: Lang) -> (String, &'static str, String) {
    let (category, examples, _) = personal(finding);
    let shown = if examples.is_empty() {
        String::new()
    } else {
        format!(" ({examples})")
    };
    (column(finding), category_words(category, lang), shown)
}

fn personal_message(finding: &Finding, lang: Lang) -> String {
    let (column, what, shown) = column_what_shown(finding, lang);
    let why = why(finding, lang);
    match lang {
        Lang::Es => {
            format!("La columna {column} contiene {what}{shown}: {why}. No la publique así")
        }
        Lang::En => format!("Column {column} holds {what}{shown}: {why}. Do not publish it as is"),
    }
}

/// Why a column was flagged, in words: what share of the sample matched, which header word
/// named the category, and what the table's rows are about.
fn why(finding: &Finding, lang: Lang) -> String {
    let Some(detail) = finding.detail.other::<Personal>() else {
        return String::new();
    };
    let mut parts = Vec::new();
    if detail.evidence != "header" && detail.sampled > 0 {
        let (n, of) = (lang.count(detail.matched), lang.count(detail.sampled));
        parts.push(match lang {
            Lang::Es => format!("{n} de {of} valores de la muestra lo parecen"),
            Lang::En => format!("{n} of {of} sampled values look like it"),
        });
    } else if detail.sampled > 0 && finding.rule.code != SENSITIVE_DATA.code {
        // Sensitive categories are named by headers; only identifiers have values to check.
        parts.push(match lang {
            Lang::Es => "los valores no lo confirman".to_owned(),
            Lang::En => "the values do not bear it out".to_owned(),
        });
    }
    if let Some(word) = &detail.word {
        let word = word.replace('_', " ");
        parts.push(match lang {
            Lang::Es => format!("el encabezado dice «{word}»"),
            Lang::En => format!("the header says «{word}»"),
        });
    }
    if detail.subject != Subject::Unknown {
        let rows = detail.subject.words(lang);
        parts.push(match lang {
            Lang::Es => format!("las filas son de {rows}"),
            Lang::En => format!("the rows are about {rows}"),
        });
    }
    parts.join(", ")
}

fn sensitive_message(finding: &Finding, lang: Lang) -> String {
    let (category, _, _) = personal(finding);
    let what = category_words(category, lang);
    let column = column(finding);
    let why = why(finding, lang);
    match lang {
        Lang::Es => {
            format!("La columna {column} contiene {what}, datos sensibles según la ley: {why}")
        }
        Lang::En => format!("Column {column} holds {what}, sensitive data under the law: {why}"),
    }
}

fn personal_note(finding: &Finding, lang: Lang) -> String {
    match finding.detail.other::<Personal>() {
        Some(Personal {
            evidence,
            matched,
            sampled,
            ..
        }) => match (lang, *evidence) {
            (Lang::Es, "header") => "según el encabezado".to_owned(),
            (Lang::En, "header") => "from the header".to_owned(),
            (Lang::Es, _) => format!("{matched} de {sampled} celdas de la muestra"),
            (Lang::En, _) => format!("{matched} of {sampled} sampled cells"),
        },
        _ => String::new(),
    }
}

/// `personal-data-allowed`: personal data published on a declared legal basis.
pub static PERSONAL_DATA_ALLOWED: Rule = Rule {
    code: "personal-data-allowed",
    severity: Severity::Info,
    tags: &["#table", "#privacy"],
    title: Text {
        es: "Datos personales publicados con base legal",
        en: "Personal Data Allowed",
    },
    description: Text {
        es: "Una columna con datos personales que el publicador declaró publicable (`--allow-field`).",
        en: "A column of personal data the publisher declared publishable (`--allow-field`).",
    },
    docs: Text {
        es: "## Qué significa\nLa columna contiene datos personales, pero quien valida declaró con `--allow-field` que se publican con base legal, por ejemplo nombres, cargos y remuneraciones de funcionarios públicos, que la Ley 20.285 (Transparencia Activa) obliga a publicar. El informe lo registra en vez de marcar un error, y los valores siguen enmascarados en el informe.\n\n## Por qué importa\nLa excepción queda escrita en el informe: quien lo revise sabe que fue una decisión, no un descuido.\n\n## Cómo corregirlo\nNada que corregir si la base legal es correcta. Documéntela en la descripción del recurso.",
        en: "## What it means\nThe column holds personal data, but whoever validated declared with `--allow-field` that it is published on a legal basis, e.g. the names, posts and salaries of public officials that Ley 20.285 (Transparencia Activa) requires to be published. The report records it instead of an error, and the values stay masked in the report.\n\n## Why it matters\nThe exception is written down in the report: whoever reviews it knows it was a decision, not an oversight.\n\n## How to fix it\nNothing to fix if the legal basis is right. Document it in the resource's description.",
    },
    message: allowed_message,
    note: personal_note,
};

fn allowed_message(finding: &Finding, lang: Lang) -> String {
    let (category, _, _) = personal(finding);
    let what = category_words(category, lang);
    let column = column(finding);
    match lang {
        Lang::Es => {
            format!("La columna {column} contiene {what}, publicados con base legal declarada")
        }
        Lang::En => format!("Column {column} holds {what}, published on a declared legal basis"),
    }
}

/// `reidentification-risk`: rows that their quasi-identifiers single out.
pub static REIDENTIFICATION_RISK: Rule = Rule {
    code: "reidentification-risk",
    severity: Severity::Warning,
    tags: &["#table", "#privacy"],
    title: Text {
        es: "Riesgo de reidentificación",
        en: "Re-identification Risk",
    },
    description: Text {
        es: "Combinaciones de columnas como comuna, sexo y edad señalan a personas concretas (k-anonimato bajo 5).",
        en: "Combinations of columns such as comuna, sex and age single out individuals (k-anonymity below 5).",
    },
    docs: Text {
        es: "## Qué significa\nLa tabla tiene registros por persona y columnas que, juntas, identifican indirectamente (cuasi-identificadores: comuna, sexo, edad o fecha de nacimiento, nacionalidad, estado civil, ocupación…). Se agrupan las filas por la combinación de esos valores: k es el tamaño del grupo más pequeño, y se cuentan las filas únicas y las que están en grupos de menos de 5.\n\n## Por qué importa\nLa Ley 21.719 considera dato personal el que identifica a una persona directa o *indirectamente*. Un hombre de 87 años en una comuna pequeña es una persona concreta aunque la tabla no tenga su nombre, y todo dato de su fila (un diagnóstico, un beneficio) queda expuesto. El Consejo para la Transparencia ha exigido quitar cuasi-identificadores antes de publicar microdatos.\n\n## Cómo corregirlo\nGeneralice hasta que cada combinación agrupe al menos a 5 personas: edad en tramos de 5 o 10 años, fecha de nacimiento solo con el año, comuna → provincia → región; agrupe categorías raras como \"Otro\"; o publique datos agregados en vez de registros.",
        en: "## What it means\nThe table has person-level rows and columns that together identify indirectly (quasi-identifiers: comuna, sex, age or date of birth, nationality, marital status, occupation…). Rows are grouped by the combination of those values: k is the size of the smallest group, and unique rows and rows in groups of fewer than 5 are counted.\n\n## Why it matters\nLey 21.719 counts as personal data whatever identifies a person directly or *indirectly*. An 87-year-old man in a small comuna is one specific person even without his name, and everything in his row (a diagnosis, a benefit) is exposed. Chile's Transparency Council has required quasi-identifiers to be removed before microdata are published.\n\n## How to fix it\nGeneralise until every combination groups at least 5 people: age in 5- or 10-year bands, date of birth as the year only, comuna → province → region; group rare categories as \"Other\"; or publish aggregates instead of records.",
    },
    message: reidentification_message,
    note: calidad_core::rule::no_note,
};

fn reidentification_message(finding: &Finding, lang: Lang) -> String {
    let Some(Reidentification {
        quasi_identifiers,
        k,
        unique_records,
        records_at_risk,
        rows,
        generalized,
        generalized_k,
        generalized_at_risk,
    }) = finding.detail.other::<Reidentification>()
    else {
        return String::new();
    };
    let columns = quasi_identifiers.join(", ");
    let base = match lang {
        Lang::Es => format!(
            "Las columnas {columns} juntas dejan {unique_records} de {rows} filas únicas y {records_at_risk} en grupos de menos de 5 (k = {k}): generalícelas"
        ),
        Lang::En => format!(
            "Columns {columns} together leave {unique_records} of {rows} rows unique and {records_at_risk} in groups of fewer than 5 (k = {k}): generalise them"
        ),
    };
    if generalized.is_empty() {
        return base;
    }
    let steps: Vec<String> = generalized
        .iter()
        .map(|(column, to)| format!("{column} → {}", step_words(to, lang)))
        .collect();
    let steps = steps.join(", ");
    match lang {
        Lang::Es => format!(
            "{base}; con {steps} quedaría k = {generalized_k} y {generalized_at_risk} filas en riesgo"
        ),
        Lang::En => format!(
            "{base}; with {steps} k would be {generalized_k} and {generalized_at_risk} rows at risk"
        ),
    }
}

fn step_words(step: &str, lang: Lang) -> &'static str {
    match (step, lang) {
        ("region", Lang::Es) => "región",
        ("region", Lang::En) => "region",
        ("age-band-10", Lang::Es) => "tramos de 10 años",
        ("age-band-10", Lang::En) => "10-year bands",
        ("birth-decade", Lang::Es) => "década de nacimiento",
        ("birth-decade", Lang::En) => "decade of birth",
        (_, Lang::Es) => "un nivel más general",
        (_, Lang::En) => "a coarser level",
    }
}

/// `possible-personal-data`: a column that identifies people in some contexts.
pub static POSSIBLE_PERSONAL_DATA: Rule = Rule {
    code: "possible-personal-data",
    severity: Severity::Warning,
    tags: &["#table", "#privacy"],
    title: Text {
        es: "Posibles datos personales",
        en: "Possible Personal Data",
    },
    description: Text {
        es: "Una columna que identifica a personas según el contexto: correos de funcionarios, patentes, direcciones, IP públicas, coordenadas o fechas que pueden ser de nacimiento.",
        en: "A column that identifies people depending on context: officials' e-mails, plates, addresses, public IPs, coordinates or dates that may be dates of birth.",
    },
    docs: Text {
        es: "## Qué significa\nLos valores tienen la forma de un dato que puede identificar a una persona, pero la tabla no muestra por sí sola que lo sea: correos `nombre.apellido@institucion.cl` (funcionarios, cuya publicación puede exigir la Ley 20.285), patentes de vehículos (personales si se asocian a su dueño), direcciones con número (domicilio particular o dirección de un establecimiento), direcciones IP públicas, coordenadas de más de 3 decimales en registros por persona, o fechas con día que pueden ser de nacimiento.\n\n## Por qué importa\nLa Ley 21.719 considera dato personal lo que identifica a una persona directa o indirectamente. Si el dato es de una persona, publicarlo sin base legal es una infracción.\n\n## Cómo corregirlo\nSi son datos de personas: elimine o generalice la columna (dirección → comuna, coordenadas con 2 decimales, fecha → año). Si no lo son (direcciones de establecimientos, correos institucionales), nombre la columna de forma que lo diga (`direccion_establecimiento`) o decláre la excepción con `--allow-field`.",
        en: "## What it means\nThe values have the shape of data that can identify a person, but the table alone does not show that they do: `name.surname@institution.cl` e-mails (officials', which Ley 20.285 may require to be published), vehicle plates (personal when linked to their owner), addresses with a house number (a home or an establishment), public IP addresses, coordinates with more than 3 decimals in person-level rows, or day-precision dates that may be dates of birth.\n\n## Why it matters\nLey 21.719 counts as personal data whatever identifies a person directly or indirectly. If the data are a person's, publishing them without a legal basis is an infringement.\n\n## How to fix it\nIf they are people's data: drop or generalise the column (address → comuna, coordinates to 2 decimals, date → year). If they are not (establishments' addresses, institutional mailboxes), name the column so it says so (`direccion_establecimiento`) or declare the exception with `--allow-field`.",
    },
    message: possible_message,
    note: personal_note,
};

fn possible_message(finding: &Finding, lang: Lang) -> String {
    let (column, what, shown) = column_what_shown(finding, lang);
    let why = why(finding, lang);
    let context = finding
        .detail
        .other::<Personal>()
        .map_or(Context::Plain, |p| p.context);
    match (context, lang) {
        (Context::Officials, Lang::Es) => format!(
            "La columna {column} contiene nombres de funcionarios, autoridades o candidatos{shown}: {why}. La ley (20.285) publica sus nombres y cargos; no publique junto a ellos su RUT, domicilio, teléfono o correo personal, ni datos de salud"
        ),
        (Context::Officials, Lang::En) => format!(
            "Column {column} holds names of officials, authorities or candidates{shown}: {why}. The law (Ley 20.285) publishes their names and posts; do not publish their RUT, home address, personal phone or e-mail, or health data with them"
        ),
        (Context::Mixed { people, others }, Lang::Es) => {
            let (p, o) = (lang.count(people), lang.count(others));
            format!(
                "La columna {column} mezcla personas naturales y organizaciones: {p} valores de la muestra son {what}{shown} y {o} de organizaciones u otros. Los de organizaciones pueden publicarse; los de personas, solo con base legal"
            )
        }
        (Context::Mixed { people, others }, Lang::En) => {
            let (p, o) = (lang.count(people), lang.count(others));
            format!(
                "Column {column} mixes natural persons and organisations: {p} sampled values are {what}{shown} and {o} are organisations' or other. Organisations' may be published; people's only on a legal basis"
            )
        }
        (_, Lang::Es) => format!(
            "La columna {column} parece contener {what}{shown}: {why}. Si son de personas, no los publique así"
        ),
        (_, Lang::En) => format!(
            "Column {column} seems to hold {what}{shown}: {why}. If they are people's, do not publish them as is"
        ),
    }
}

/// `personal-data-in-text`: identifiers written inside free text.
pub static PERSONAL_DATA_IN_TEXT: Rule = Rule {
    code: "personal-data-in-text",
    severity: Severity::Error,
    tags: &["#table", "#row", "#privacy"],
    title: Text {
        es: "Datos personales en texto libre",
        en: "Personal Data in Text",
    },
    description: Text {
        es: "Un texto libre (observaciones, descripciones) contiene RUT, correos personales, teléfonos móviles o tarjetas.",
        en: "A free-text cell (remarks, descriptions) contains RUTs, personal e-mails, mobile numbers or card numbers.",
    },
    docs: Text {
        es: "## Qué significa\nEn una columna de texto libre hay identificadores de personas escritos dentro del texto, como \"contactar a juan.perez@gmail.com\" o \"RUT 12.345.678-5\". calidad lee completas las columnas de texto libre (no solo una muestra) y da la fila de cada caso; el informe muestra el texto con los identificadores enmascarados. Un error por columna resume cuántas celdas los tienen.\n\n## Por qué importa\nLos campos de observaciones son la fuente más común de filtraciones: nadie revisa su contenido y la columna parece inofensiva. Un identificador en una observación es un dato personal publicado.\n\n## Cómo corregirlo\nRevise las filas indicadas y borre o reemplace los identificadores (\"[correo]\", \"[RUT]\"). Si la columna no es necesaria para el propósito del conjunto de datos, no la publique.",
        en: "## What it means\nA free-text column has identifiers of people written inside the text, such as \"contactar a juan.perez@gmail.com\" or \"RUT 12.345.678-5\". calidad reads free-text columns whole (not only a sample) and gives the row of each case; the report shows the text with the identifiers masked. One column-level error sums up how many cells have them.\n\n## Why it matters\nRemarks fields are the most common source of leaks: nobody reviews them and the column looks harmless. An identifier inside a remark is published personal data.\n\n## How to fix it\nReview the rows given and delete or replace the identifiers (\"[correo]\", \"[RUT]\"). If the column is not needed for the dataset's purpose, do not publish it.",
    },
    message: in_text_message,
    note: personal_note,
};

fn in_text_message(finding: &Finding, lang: Lang) -> String {
    let column = column(finding);
    if let Some(InText { kinds }) = finding.detail.other::<InText>() {
        let what: Vec<&str> = kinds.iter().map(|k| category_words(k, lang)).collect();
        let what = what.join(", ");
        let row = finding.row_number.unwrap_or(0);
        return match lang {
            Lang::Es => format!("El texto de la fila {row}, columna {column}, contiene {what}"),
            Lang::En => format!("The text in row {row}, column {column}, contains {what}"),
        };
    }
    match finding.detail.other::<Personal>() {
        Some(Personal { matched, .. }) => match lang {
            Lang::Es => format!(
                "La columna {column} es texto libre y {matched} de sus celdas contienen RUT, correos, teléfonos o tarjetas"
            ),
            Lang::En => format!(
                "Column {column} is free text and {matched} of its cells contain RUTs, e-mails, phones or cards"
            ),
        },
        None => String::new(),
    }
}

/// `sensitive-data-exposed`: sensitive data in rows that identify people.
pub static SENSITIVE_DATA_EXPOSED: Rule = Rule {
    code: "sensitive-data-exposed",
    severity: Severity::Error,
    tags: &["#table", "#privacy"],
    title: Text {
        es: "Datos sensibles expuestos",
        en: "Sensitive Data Exposed",
    },
    description: Text {
        es: "Datos sensibles en filas que identifican a su persona, por un identificador directo o porque sus cuasi-identificadores la hacen única (k = 1).",
        en: "Sensitive data in rows that identify their person, through a direct identifier or because their quasi-identifiers make it unique (k = 1).",
    },
    docs: Text {
        es: "## Qué significa\nLa tabla tiene columnas de datos sensibles (salud, origen étnico, creencias…) y, en las mismas filas, algo que identifica a la persona: una columna de RUT, nombre, correo o teléfono, o una combinación de cuasi-identificadores (comuna, sexo, edad…) que deja filas únicas.\n\n## Por qué importa\nEs el caso más grave de la Ley 19.628 y la Ley 21.719: un dato sensible atribuible a una persona concreta. Las sanciones de la Ley 21.719 para datos sensibles son las más altas.\n\n## Cómo corregirlo\nElimine los identificadores directos y generalice los cuasi-identificadores hasta k ≥ 5 (ver `reidentification-risk`), o publique solo datos agregados.",
        en: "## What it means\nThe table has sensitive columns (health, ethnic origin, beliefs…) and, in the same rows, something that identifies the person: a RUT, name, e-mail or phone column, or a combination of quasi-identifiers (comuna, sex, age…) that leaves rows unique.\n\n## Why it matters\nIt is the gravest case under Ley 19.628 and Ley 21.719: a sensitive datum attributable to one person. Ley 21.719's penalties are highest for sensitive data.\n\n## How to fix it\nDrop the direct identifiers and generalise the quasi-identifiers until k ≥ 5 (see `reidentification-risk`), or publish aggregates only.",
    },
    message: exposed_message,
    note: calidad_core::rule::no_note,
};

fn exposed_message(finding: &Finding, lang: Lang) -> String {
    let Some(Exposed {
        sensitive,
        identified_by,
        k,
    }) = finding.detail.other::<Exposed>()
    else {
        return String::new();
    };
    let sensitive = sensitive.join(", ");
    let by = match (identified_by.is_empty(), k, lang) {
        (false, _, Lang::Es) => format!("las columnas {}", identified_by.join(", ")),
        (false, _, Lang::En) => format!("columns {}", identified_by.join(", ")),
        (true, _, Lang::Es) => "sus cuasi-identificadores (k = 1)".to_owned(),
        (true, _, Lang::En) => "their quasi-identifiers (k = 1)".to_owned(),
    };
    match lang {
        Lang::Es => format!(
            "Los datos sensibles de {sensitive} están en filas que identifica {by}: quite los identificadores o publique datos agregados"
        ),
        Lang::En => format!(
            "The sensitive data in {sensitive} are in rows identified by {by}: drop the identifiers or publish aggregates"
        ),
    }
}
