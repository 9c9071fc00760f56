//! People's names by dictionary, and the comunas of Chile. A cell looks like a person's name
//! when it has two to six words, at least one a frequent given name and one a frequent surname
//! (Registro Civil frequencies), no digits, no word of an organisation or a place, and is not
//! itself a comuna (Castro, Molina and Padre Hurtado are comunas as well as surnames).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const GIVEN_NAMES: &str = include_str!("../data/nombres.txt");
const SURNAMES: &str = include_str!("../data/apellidos.txt");
const COMUNAS: &str = include_str!("../data/comunas.tsv");

/// Words that make a cell an organisation's or a place's name, not a person's.
const NOT_A_PERSON: &[&str] = &[
    "ESCUELA",
    "LICEO",
    "COLEGIO",
    "JARDIN",
    "UNIVERSIDAD",
    "INSTITUTO",
    "MUNICIPALIDAD",
    "ILUSTRE",
    "HOSPITAL",
    "CLINICA",
    "CESFAM",
    "CECOSF",
    "SAPU",
    "CONSULTORIO",
    "POSTA",
    "FUNDACION",
    "CORPORACION",
    "ASOCIACION",
    "CLUB",
    "JUNTA",
    "VECINOS",
    "COMITE",
    "SINDICATO",
    "IGLESIA",
    "PARROQUIA",
    "SOCIEDAD",
    "LTDA",
    "SPA",
    "SA",
    "EIRL",
    "EMPRESA",
    "COMERCIAL",
    "CONSTRUCTORA",
    "AVENIDA",
    "AV",
    "CALLE",
    "PASAJE",
    "POBLACION",
    "VILLA",
    "PLAZA",
    "PARQUE",
    "ESTADIO",
    "CENTRO",
    "SERVICIO",
    "MINISTERIO",
    "REGION",
    "PROVINCIA",
    "COMUNA",
    "SECTOR",
    "CALETA",
    "PUERTO",
    "ISLA",
    "ESC",
    "AVDA",
    "PJE",
    "PSJE",
    "AP",
    "AEROPUERTO",
    "AERODROMO",
    "ESTACION",
    "EMBAJADA",
    "CONSULADO",
    "SALA",
    "CUNA",
    "COMPLEJO",
    "INTERNADO",
    "ACADEMIA",
    "HOGAR",
    "BIBLIOTECA",
    "MUSEO",
    "TEATRO",
    "CAMINO",
    "RUTA",
    "PUENTE",
    "CERRO",
    "FUNDO",
    "HACIENDA",
    "CONDOMINIO",
    "EDIFICIO",
    "FARMACIA",
    "CONSULTORA",
    "CONSULTORES",
    "ASESORIAS",
    "CAPACITACION",
    "OTEC",
    "LIMITADA",
    "INVERSIONES",
    "SERVICIOS",
    "INGENIERIA",
    "ORGANISMO",
    "GOBIERNO",
    "CONSEJO",
    "DIRECCION",
    "SUBSECRETARIA",
    "SECRETARIA",
    "DEPARTAMENTO",
    "INSTITUCION",
    "ESTABLECIMIENTO",
];

/// Whether a cell names an organisation or a place: it has one of their words (`Escuela`,
/// `Av.`, `Ltda`, `Hospital`) or is a comuna or a region.
pub fn is_place_or_organisation(cell: &str) -> bool {
    if is_comuna(cell) || is_region(cell) {
        return true;
    }
    cell.split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .any(|w| NOT_A_PERSON.contains(&fold_upper(w.trim_matches('\'')).as_str()))
}

/// Particles dropped before matching (`María de la Luz`, `Juan de Dios`).
const PARTICLES: &[&str] = &["DE", "DEL", "LA", "LAS", "LOS", "Y", "SAN", "SANTA"];

/// Folds a word to uppercase ASCII (accents dropped), as the dictionaries are matched.
pub fn fold_upper(word: &str) -> String {
    word.chars()
        .map(|c| crate::lexicon::fold(c).to_ascii_uppercase())
        .collect()
}

fn folded_lines(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn dictionary(list: &'static str) -> HashSet<String> {
    folded_lines(list)
        .flat_map(str::split_whitespace)
        .map(fold_upper)
        .filter(|w| !PARTICLES.contains(&w.as_str()))
        .collect()
}

fn given_names() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| dictionary(GIVEN_NAMES))
}

fn surnames() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| dictionary(SURNAMES))
}

/// What the column's header says about the names in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameHeader {
    /// Nothing: a full name is needed (a given name and a surname).
    None,
    /// `nombre`, `nombres`: one given name is enough.
    GivenNames,
    /// `apellido…`: one surname is enough.
    Surnames,
}

/// Whether a cell looks like a person's name.
pub fn looks_like_name(cell: &str, header: NameHeader) -> bool {
    if cell.chars().any(|c| c.is_ascii_digit() || c == '@') || is_comuna(cell) {
        return false;
    }
    let words: Vec<String> = cell
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| fold_upper(w.trim_matches(|c: char| c == '.' || c == '\'')))
        .collect();
    if words.iter().any(|w| NOT_A_PERSON.contains(&w.as_str())) {
        return false;
    }
    let words: Vec<&String> = words
        .iter()
        .filter(|w| !PARTICLES.contains(&w.as_str()))
        .collect();
    let given = words.iter().any(|w| given_names().contains(w.as_str()));
    let surname = words.iter().any(|w| surnames().contains(w.as_str()));
    let count = words.len();
    let plain = words.iter().all(|w| is_word(w));
    if (2..=6).contains(&count) && given && surname {
        return true;
    }
    match header {
        NameHeader::GivenNames => (1..=3).contains(&count) && given && plain,
        NameHeader::Surnames => (1..=2).contains(&count) && surname && plain,
        NameHeader::None => false,
    }
}

/// Whether a word (any case, accents, a trailing dot) is a given name from the Registro
/// Civil's lists.
pub fn is_given_name(word: &str) -> bool {
    given_names().contains(fold_upper(word.trim_matches(|c: char| c == '.' || c == '\'')).as_str())
}

/// Whether a word (any case, accents) is a surname from the Registro Civil's lists.
pub fn is_surname(word: &str) -> bool {
    surnames().contains(fold_upper(word.trim_matches(|c: char| c == '.' || c == '\'')).as_str())
}

/// Whether a run of words holds a given name and, in another word, a surname: stricter than
/// [`looks_like_name`], where one word on both lists (`Paz`, `Luna`, `Santos`) is enough.
pub fn has_given_name_and_surname(run: &str) -> bool {
    let words: Vec<&str> = run
        .split_whitespace()
        .filter(|w| !PARTICLES.contains(&fold_upper(w).as_str()))
        .collect();
    words.iter().enumerate().any(|(i, given)| {
        is_given_name(given)
            && words
                .iter()
                .enumerate()
                .any(|(j, surname)| i != j && is_surname(surname))
    })
}

fn is_word(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
}

/// A comuna: its CUT code (`RRPCC`) and region name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comuna {
    /// Código Único Territorial, 5 digits.
    pub code: &'static str,
    /// The region's name.
    pub region: &'static str,
}

fn comunas() -> &'static HashMap<String, Comuna> {
    static MAP: OnceLock<HashMap<String, Comuna>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for line in folded_lines(COMUNAS) {
            let mut parts = line.split('\t');
            if let (Some(code), Some(name), Some(region)) =
                (parts.next(), parts.next(), parts.next())
            {
                let comuna = Comuna { code, region };
                map.insert(fold_key(name), comuna);
                map.insert(code.to_owned(), comuna);
                // Codes written as numbers lose the region's leading zero (`1101`).
                map.insert(code.trim_start_matches('0').to_owned(), comuna);
            }
        }
        map
    })
}

/// A text folded for comparison: accents and case dropped, spaces collapsed (`" Ñuñoa "` and
/// `NUNOA` fold alike).
pub fn fold_key(text: &str) -> String {
    fold_upper(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// No comuna or region is named in anything near this many bytes, spaces doubled and all: a
/// longer cell is not folded (a row of megabytes would be copied twice to find that out). A
/// name padded inside with hundreds of spaces is therefore not recognised.
const LONGEST_PLACE_BYTES: usize = 256;

/// The comuna a cell names, by name (accents and case ignored) or by CUT code.
pub fn comuna(cell: &str) -> Option<Comuna> {
    let cell = cell.trim();
    if cell.len() > LONGEST_PLACE_BYTES {
        return None;
    }
    comunas().get(&fold_key(cell)).copied()
}

/// Whether a cell is a region's name as the comuna list writes it (`Metropolitana`,
/// `Valparaíso`), or with `Región de`/`Región del` before it.
pub fn is_region(cell: &str) -> bool {
    static REGIONS: OnceLock<HashSet<String>> = OnceLock::new();
    let regions = REGIONS.get_or_init(|| {
        folded_lines(COMUNAS)
            .filter_map(|line| line.split('\t').nth(2))
            .map(fold_key)
            .collect()
    });
    if cell.trim().len() > LONGEST_PLACE_BYTES {
        return false;
    }
    let key = fold_key(cell);
    let bare = ["REGION DE LA ", "REGION DEL ", "REGION DE ", "REGION "]
        .iter()
        .find_map(|prefix| key.strip_prefix(prefix))
        .unwrap_or(&key);
    regions.contains(bare)
}

/// Whether a cell is exactly a comuna's name.
pub fn is_comuna(cell: &str) -> bool {
    comuna(cell).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_need_a_given_name_and_a_surname() {
        assert!(looks_like_name(
            "María José González Rojas",
            NameHeader::None
        ));
        assert!(looks_like_name(
            "GONZALEZ ROJAS, MARIA JOSE",
            NameHeader::None
        ));
        assert!(looks_like_name("Juan de Dios Pérez", NameHeader::None));
        assert!(!looks_like_name("Escuela Juan Pérez", NameHeader::None));
        assert!(!looks_like_name("Hospital San José", NameHeader::None));
        assert!(!looks_like_name("Padre Hurtado", NameHeader::None));
        assert!(!looks_like_name("Pedro Aguirre Cerda", NameHeader::None));
        assert!(!looks_like_name("Diabetes tipo 2", NameHeader::None));
        assert!(!looks_like_name("Región de Valparaíso", NameHeader::None));
        assert!(!looks_like_name("Camila", NameHeader::None));
        assert!(looks_like_name("Camila", NameHeader::GivenNames));
        assert!(looks_like_name("Muñoz Soto", NameHeader::Surnames));
        assert!(!looks_like_name("Total", NameHeader::Surnames));
    }

    #[test]
    fn comunas_by_name_and_code() {
        let maipu = comuna("MAIPU").expect("Maipú");
        assert_eq!(maipu.code, "13119");
        assert_eq!(maipu.region, "Metropolitana");
        assert_eq!(comuna("5101").map(|c| c.code), Some("05101"));
        assert_eq!(
            comuna(" Isla de Pascua ").map(|c| c.region),
            Some("Valparaíso")
        );
        assert!(comuna("Gotham").is_none());
    }
}
