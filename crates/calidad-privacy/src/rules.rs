//! The privacy codes: `personal-data` and `sensitive-data`.

use calidad_core::finding::{Detail, Finding};
use calidad_core::lang::{Lang, Text};
use calidad_core::rule::{Rule, Severity};

fn personal(finding: &Finding) -> (&'static str, String, &'static str) {
    match &finding.detail {
        Detail::Personal {
            category,
            examples,
            evidence,
            ..
        } => (category, examples.join(", "), evidence),
        _ => ("", String::new(), ""),
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

fn personal_message(finding: &Finding, lang: Lang) -> String {
    let (category, examples, _) = personal(finding);
    let what = category_words(category, lang);
    let column = column(finding);
    let shown = if examples.is_empty() {
        String::new()
    } else {
        format!(" ({examples})")
    };
    match lang {
        Lang::Es => format!("La columna {column} contiene {what}{shown}: no la publique así"),
        Lang::En => format!("Column {column} holds {what}{shown}: do not publish it as is"),
    }
}

fn sensitive_message(finding: &Finding, lang: Lang) -> String {
    let (category, _, _) = personal(finding);
    let what = category_words(category, lang);
    let column = column(finding);
    match lang {
        Lang::Es => format!("La columna {column} contiene {what}, datos sensibles según la ley"),
        Lang::En => format!("Column {column} holds {what}, sensitive data under the law"),
    }
}

fn personal_note(finding: &Finding, lang: Lang) -> String {
    match &finding.detail {
        Detail::Personal {
            evidence,
            matched,
            sampled,
            ..
        } => match (lang, *evidence) {
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
    let Detail::Reidentification {
        quasi_identifiers,
        k,
        unique_records,
        records_at_risk,
        rows,
    } = &finding.detail
    else {
        return String::new();
    };
    let columns = quasi_identifiers.join(", ");
    match lang {
        Lang::Es => format!(
            "Las columnas {columns} juntas dejan {unique_records} de {rows} filas únicas y {records_at_risk} en grupos de menos de 5 (k = {k}): generalícelas"
        ),
        Lang::En => format!(
            "Columns {columns} together leave {unique_records} of {rows} rows unique and {records_at_risk} in groups of fewer than 5 (k = {k}): generalise them"
        ),
    }
}
