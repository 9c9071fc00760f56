//! The command line's help and argument errors in Spanish. The English texts are the doc
//! comments in `args.rs`; here each subcommand and argument gets its Spanish text by id, and a
//! test checks that none is missing.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Spanish descriptions of the subcommands, by name (`audit merge` as `merge`).
const ABOUT: &[(&str, &str)] = &[
    (
        "calidad",
        "calidad: revise una tabla de datos abiertos antes de publicarla.",
    ),
    (
        "validate",
        "Valida tablas: codificación, estructura, tipos, duplicados, datos personales y nota de 1 a 10. Sale con 0 si es válida, 1 si no, 2 si no se pudo validar.",
    ),
    (
        "describe",
        "Deduce el esquema (Table Schema) de una tabla a partir de todas sus filas y lo muestra: el diccionario de datos.",
    ),
    (
        "explain",
        "Explica un código de hallazgo (qué significa, por qué importa, cómo corregirlo), o lista todos los códigos.",
    ),
    (
        "metadata",
        "Revisa los metadatos CKAN de un conjunto de datos (JSON de package_show o package_create) según las reglas del portal. Sale con 0 si son válidos, 1 si no, 2 si no se pudieron leer.",
    ),
    (
        "audit",
        "Audita muchos recursos en paralelo: una carpeta, una lista `@ARCHIVO` o una exportación de CKAN. Escribe en --out un informe por recurso, summary.json, summary.csv e index.html. Sale con 0 si todos son válidos, 1 si alguno no lo es o no se pudo leer, 2 si la auditoría no pudo correr.",
    ),
    (
        "merge",
        "Une los resultados de varias auditorías (por ejemplo, partes) en un solo resumen.",
    ),
    (
        "corregir",
        "Escribe una copia corregida de una tabla (nunca toca la original) como CSV UTF-8, una por hoja, con su Table Schema y un registro de cada cambio.",
    ),
    (
        "completions",
        "Escribe el autocompletado de calidad para un intérprete de órdenes (bash, zsh, fish, powershell, elvish), o la página de manual (man).",
    ),
    (
        "serve",
        "Sirve la página web (los archivos se revisan en el navegador, nada se sube) y una API HTTP, `POST /v1/validate`, en este computador.",
    ),
    ("help", "Muestra esta ayuda o la de una orden."),
];

/// Spanish help of arguments, by subcommand and argument id; `*` for every subcommand.
const HELP: &[(&str, &str, &str)] = &[
    (
        "*",
        "lang",
        "Idioma de los mensajes: es o en (por omisión, inglés si LC_ALL, LC_MESSAGES o LANG dicen en_*, y español en otro caso).",
    ),
    (
        "*",
        "as_of",
        "Fecha con la que se juzga la frecuencia de actualización, AAAA-MM-DD (por omisión, hoy).",
    ),
    (
        "*",
        "encoding",
        "Lea el archivo en esta codificación en vez de detectarla (utf-8, windows-1252, latin1…).",
    ),
    (
        "*",
        "delimiter",
        "Separador de celdas en vez de detectarlo: , ; | o tab.",
    ),
    (
        "*",
        "header_row",
        "El encabezado está en esta fila (desde 1) en vez de la detectada.",
    ),
    (
        "*",
        "no_privacy",
        "No buscar datos personales ni sensibles (el informe sigue enmascarado).",
    ),
    ("*", "no_score", "No calcular la nota de calidad de 1 a 10."),
    (
        "*",
        "limit_errors",
        "Errores listados por tabla (0 = todos). Los conteos siguen exactos y la revisión nunca se detiene antes.",
    ),
    ("*", "format", "Formato de salida."),
    (
        "*",
        "quiet",
        "Una línea por archivo u hoja: veredicto, nota y cantidad de errores.",
    ),
    (
        "validate",
        "sources",
        "Archivos a validar, o direcciones http(s); `-` lee la entrada estándar.",
    ),
    (
        "validate",
        "pick_errors",
        "Informar solo estos códigos o etiquetas (separados por coma, por ejemplo `blank-row,#header`).",
    ),
    (
        "validate",
        "skip_errors",
        "No informar estos códigos o etiquetas (separados por coma).",
    ),
    (
        "validate",
        "schema",
        "Revisar tipos y restricciones con este Table Schema (JSON) en vez de deducir uno.",
    ),
    (
        "validate",
        "checks",
        "Revisión opcional, repetible, con la sintaxis de Frictionless: `extra`, o por ejemplo `forbidden-value:fieldName='comuna':values=['XXX']`, `table-dimensions:minRows=10`, `row-constraint:formula='monto >= 0'` (`calidad explain` las lista).",
    ),
    (
        "validate",
        "infer_rows",
        "Deducir el esquema de las primeras N filas de datos y revisar el resto con él (por omisión, todas las filas).",
    ),
    (
        "validate",
        "allow_field",
        "Columnas cuyos datos personales se publican por mandato legal (por ejemplo, nombres de autoridades por Transparencia Activa): avisos en vez de errores, con los valores igual enmascarados. Separadas por coma.",
    ),
    (
        "validate",
        "quasi_identifiers",
        "Columnas para analizar el riesgo de reidentificación (k-anonimato), en vez de las halladas por los encabezados. Separadas por coma.",
    ),
    (
        "validate",
        "no_mask",
        "Mostrar los datos personales sin enmascarar (solo para un archivo propio, en su propia pantalla): por omisión, todo identificador personal del informe va enmascarado, incluso con --no-privacy.",
    ),
    (
        "validate",
        "reveal",
        "Mostrar, solo en el informe de texto, hasta tres valores reales de cada columna marcada como dato personal, para que usted juzgue el hallazgo (nombres de calles tomados por nombres de personas, por ejemplo). No va con --format json; nunca se escribe en un archivo ni se envía.",
    ),
    (
        "validate",
        "metadata",
        "Los metadatos CKAN del recurso (la respuesta JSON de `package_show`), para los indicadores de metadatos de la nota: licencia, descripción, etiquetas, contacto, frecuencia de actualización, formato declarado.",
    ),
    (
        "validate",
        "ai",
        "Pedir a un modelo de lenguaje (cualquier API compatible con OpenAI: OPENAI_API_KEY, OPENAI_BASE_URL) su lectura del informe, junto a la nota determinista; nunca ve una fila de la tabla. Requiere calidad compilado con la función `ai`.",
    ),
    (
        "validate",
        "ai_base_url",
        "La dirección de la API para --ai (por omisión, OPENAI_BASE_URL, o la de OpenAI).",
    ),
    ("validate", "ai_model", "El modelo para --ai."),
    (
        "validate",
        "ai_timeout",
        "Segundos permitidos para cada consulta de --ai.",
    ),
    (
        "validate",
        "no_infer",
        "No deducir un esquema: revisar solo estructura, codificación y filas duplicadas.",
    ),
    (
        "validate",
        "sheet",
        "Leer solo esta hoja de los libros de planilla (por omisión se revisa cada hoja, cada una como una tarea).",
    ),
    (
        "validate",
        "bytes",
        "El archivo debe tener esta cantidad de bytes (si no, `byte-count`).",
    ),
    (
        "validate",
        "rows",
        "La tabla debe tener esta cantidad de filas de datos (si no, `row-count`).",
    ),
    (
        "validate",
        "fields",
        "El encabezado debe tener esta cantidad de columnas (si no, `field-count`).",
    ),
    (
        "validate",
        "hash",
        "El archivo debe tener este hash: sha256:HEX o md5:HEX (si no, `hash-count`).",
    ),
    (
        "validate",
        "examples",
        "Ejemplos mostrados por código en el informe de texto.",
    ),
    (
        "validate",
        "single_thread",
        "Leer, calcular el hash y validar en un solo hilo (lo mismo que --threads 1).",
    ),
    (
        "validate",
        "threads",
        "Hilos que leen y revisan cada tabla (por omisión, uno por núcleo). Con más de uno, otros separan el texto en registros antes de las revisiones y uno lee por adelantado y calcula el SHA-256; con 1, todo ocurre en un solo hilo. El informe es el mismo con cualquier número.",
    ),
    (
        "validate",
        "memory_limit",
        "Memoria que puede usar la validación: 256MB, 2GB… (por omisión, un cuarto de la de este equipo). Los índices de filas duplicadas y claves que no caben se ordenan en disco y se combinan; los hallazgos son los mismos.",
    ),
    (
        "validate",
        "color",
        "Cuándo usar colores en el informe de texto.",
    ),
    (
        "validate",
        "download_timeout",
        "Segundos permitidos para descargar una dirección http(s).",
    ),
    (
        "validate",
        "max_download_bytes",
        "No se descargan archivos más grandes que esto.",
    ),
    (
        "describe",
        "source",
        "La tabla; `-` lee la entrada estándar.",
    ),
    (
        "describe",
        "format",
        "Salida: un Table Schema (json) o una tabla de diccionario de datos (markdown).",
    ),
    (
        "explain",
        "code",
        "El código, por ejemplo `extra-cell`. Sin él, se listan todos los códigos.",
    ),
    (
        "completions",
        "shell",
        "El intérprete de órdenes: bash, zsh, fish, powershell o elvish.",
    ),
    ("metadata", "file", "El archivo JSON de metadatos."),
    (
        "metadata",
        "data",
        "El archivo de datos del recurso, para comparar el formato declarado con el real.",
    ),
    (
        "audit",
        "sources",
        "Una carpeta (se recorre entera), `@ARCHIVO` con rutas una por línea, una exportación de CKAN (JSON de package_search o package_show, o JSON lines de conjuntos), o un archivo de datos.",
    ),
    ("audit", "out", "Carpeta de salida (se crea si hace falta)."),
    (
        "audit",
        "resources_dir",
        "Dónde están los archivos de los recursos de una exportación de CKAN: `ID`, `ID.EXT`, `CONJUNTO/ARCHIVO` o `ARCHIVO`.",
    ),
    (
        "audit",
        "download",
        "Descargar por su dirección los recursos de una exportación de CKAN que no estén en disco.",
    ),
    (
        "audit",
        "download_timeout",
        "Segundos permitidos por intento de descarga.",
    ),
    (
        "audit",
        "max_download_bytes",
        "No se descargan recursos más grandes que esto.",
    ),
    (
        "audit",
        "retries",
        "Intentos adicionales tras un error de red o del servidor.",
    ),
    (
        "audit",
        "resume",
        "Saltar los recursos ya terminados por una ejecución anterior en la misma --out cuyo contenido no cambió.",
    ),
    (
        "audit",
        "shard",
        "Auditar solo la parte I de N (I desde 0): `--shard 0/3`, `1/3`, `2/3` cubren todo una vez.",
    ),
    (
        "audit",
        "threads",
        "Hilos de trabajo (por omisión, uno por núcleo).",
    ),
    (
        "audit",
        "memory_limit",
        "Memoria que puede usar toda la auditoría: 256MB, 2GB… (por omisión, un cuarto de la de este equipo), repartida entre los hilos. Los índices que no caben se ordenan en disco; los hallazgos son los mismos.",
    ),
    (
        "audit",
        "follow_links",
        "Seguir los enlaces simbólicos dentro de las carpetas auditadas (nunca hacia archivos fuera de ellas).",
    ),
    (
        "audit",
        "time_limit",
        "Segundos permitidos para leer un recurso; uno más lento queda como no leído.",
    ),
    (
        "audit",
        "progress",
        "Barra de avance en la salida de errores: auto (en una terminal), always (siempre), never (nunca).",
    ),
    (
        "merge",
        "dirs",
        "Carpetas de salida de auditorías terminadas.",
    ),
    ("merge", "out", "Dónde van el resumen unido y los informes."),
    (
        "corregir",
        "source",
        "La tabla a corregir (CSV, TSV, un libro de planilla, JSON); solo se lee.",
    ),
    (
        "corregir",
        "out",
        "La carpeta para los CSV corregidos, sus esquemas y el registro de cambios.",
    ),
    (
        "corregir",
        "out_delimiter",
        "Separador del CSV que se escribe: , ; | o tab.",
    ),
    (
        "corregir",
        "decimal_comma",
        "Escribir los números con coma decimal (por omisión, punto decimal, como los lee el DataStore del portal).",
    ),
    (
        "corregir",
        "drop_personal",
        "Dejar fuera las columnas con datos personales (si no, se copian y el registro lo advierte).",
    ),
    ("corregir", "sheet", "Corregir solo esta hoja de un libro."),
    ("serve", "port", "Puerto en que escucha."),
    (
        "serve",
        "host",
        "Dirección en que escucha (127.0.0.1: solo este computador; 0.0.0.0: todas las redes).",
    ),
    (
        "serve",
        "web",
        "Carpeta de la página (por omisión, `web` aquí o junto al programa calidad).",
    ),
    (
        "serve",
        "max_body_mb",
        "Archivo más grande que acepta la API, en MB.",
    ),
    (
        "serve",
        "max_concurrent",
        "Validaciones a la vez (por omisión, los núcleos del computador); las demás esperan hasta 5 s y luego reciben 503.",
    ),
    (
        "serve",
        "memory_limit",
        "Memoria que pueden usar todas las validaciones a la vez: 256MB, 2GB… (por omisión, un cuarto de la de este equipo), repartida entre --max-concurrent. Los índices que no caben se ordenan en disco.",
    ),
    (
        "serve",
        "time_limit",
        "Segundos que puede durar una validación.",
    ),
    ("*", "help", "Muestra la ayuda."),
    ("*", "version", "Muestra la versión."),
];

/// The Spanish help of argument `id` of subcommand `command`.
fn help_of(command: &str, id: &str) -> Option<&'static str> {
    HELP.iter()
        .find(|(c, a, _)| *c == command && *a == id)
        .or_else(|| HELP.iter().find(|(c, a, _)| *c == "*" && *a == id))
        .map(|(_, _, text)| *text)
}

/// `command` with its help in Spanish, subcommands included.
pub(crate) fn en_espanol(command: Command) -> Command {
    let name = command.get_name().to_owned();
    let mut command = command
        .disable_help_flag(true)
        .help_template("{before-help}{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Órdenes")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Muestra la ayuda."),
        );
    if name == "calidad" {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Muestra la versión."),
        );
    }
    if let Some((_, about)) = ABOUT.iter().find(|(n, _)| *n == name) {
        command = command.about(*about).long_about(None);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let spanish = help_of(&name, &id);
        command = command.mut_arg(id.as_str(), |arg| {
            let heading = if arg.is_positional() {
                "Argumentos"
            } else {
                "Opciones"
            };
            let arg = arg.help_heading(heading);
            match spanish {
                Some(text) => arg.help(text).long_help(None),
                None => arg,
            }
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for sub in subcommands {
        command = command.mut_subcommand(sub, en_espanol);
    }
    command
}

/// The help clap rendered, with the few phrases clap writes itself put in Spanish.
pub(crate) fn ayuda_en_espanol(shown: &clap::Error) -> String {
    let mut text = shown.render().to_string();
    for (en, es) in [
        (
            "Print this message or the help of the given subcommand(s)",
            "Muestra esta ayuda o la de una orden.",
        ),
        ("[default: ", "[por omisión: "),
        ("[possible values: ", "[valores posibles: "),
        ("[aliases: ", "[otros nombres: "),
        ("Possible values:", "Valores posibles:"),
        (
            "Grouped by code, for people",
            "Agrupado por código, para personas",
        ),
        (
            "Frictionless v5 report with calidad's extension, for programs",
            "Informe Frictionless v5 con la extensión de calidad, para programas",
        ),
        (
            "Colours on a terminal, unless NO_COLOR is set",
            "Colores en una terminal, salvo que NO_COLOR esté definida",
        ),
        ("Always colour", "Siempre con colores"),
        ("Never colour", "Nunca con colores"),
        (
            "Frictionless Table Schema JSON, usable with `validate --schema`",
            "Table Schema de Frictionless en JSON, para `validate --schema`",
        ),
        (
            "A markdown table, one row per field",
            "Una tabla markdown, una fila por columna",
        ),
        ("The manual page, in roff", "La página de manual, en roff"),
        ("<COMMAND>", "<ORDEN>"),
        ("[OPTIONS]", "[OPCIONES]"),
        ("[COMMAND]", "[ORDEN]"),
    ] {
        text = text.replace(en, es);
    }
    text
}

/// A clap error (a misspelt option, a missing file name) in Spanish, with the usage line.
pub(crate) fn error_en_espanol(error: &clap::Error) -> String {
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let said = match error.kind() {
        ErrorKind::UnknownArgument => format!("no conozco la opción «{argument}»"),
        ErrorKind::InvalidSubcommand => format!(
            "no conozco la orden «{}» (las órdenes son validate, describe, explain, metadata, corregir, audit, serve, completions; también validar, describir, explicar, metadatos, auditar, servir)",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("falta un dato obligatorio: {argument}")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "falta la orden: por ejemplo, `calidad validate ARCHIVO`".to_owned()
        }
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("el valor «{value}» no sirve para {argument}")
            } else {
                format!("el valor «{value}» no sirve para {argument}: use {valid}")
            }
        }
        ErrorKind::ValueValidation => {
            format!("el valor «{value}» no sirve para {argument}: debe ser un número")
        }
        ErrorKind::ArgumentConflict => format!(
            "{argument} no va junto con {}",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("sobra el valor «{value}»")
        }
        _ => return error.to_string(),
    };
    let suggestion = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty())
        .map(|s| format!("\n  ¿Quiso decir «{s}»?"))
        .unwrap_or_default();
    let said = format!("{said}{suggestion}");
    let usage = context(ContextKind::Usage)
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("<COMMAND>", "<ORDEN>")
        .replace("[OPTIONS]", "[OPCIONES]");
    if usage.is_empty() {
        format!("error: {said}\n\nMás información con --help.\n")
    } else {
        format!("error: {said}\n\nUso: {usage}\n\nMás información con --help.\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every subcommand and every argument has its Spanish text.
    #[test]
    fn every_help_text_is_in_spanish() {
        fn walk(command: &Command, missing: &mut Vec<String>) {
            let name = command.get_name();
            if !ABOUT.iter().any(|(n, _)| *n == name) {
                missing.push(format!("about of {name}"));
            }
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if help_of(name, id).is_none() {
                    missing.push(format!("{name} {id}"));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&crate::args::Cli::command(), &mut missing);
        assert!(missing.is_empty(), "no Spanish text for: {missing:?}");
    }

    #[test]
    fn the_spanish_help_renders() {
        let mut command = en_espanol(crate::args::Cli::command());
        let help = command.render_help().to_string();
        assert!(help.contains("Uso:"), "{help}");
        assert!(help.contains("Órdenes"), "{help}");
        assert!(help.contains("Valida tablas"), "{help}");
        let validate = command
            .find_subcommand_mut("validate")
            .map(|c| c.render_help().to_string())
            .unwrap_or_default();
        assert!(validate.contains("Opciones"), "{validate}");
        assert!(validate.contains("Idioma de los mensajes"), "{validate}");
    }
}
