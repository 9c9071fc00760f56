//! What a column's header says it holds. Headers are split into tokens (camelCase, `_`, spaces,
//! punctuation), folded to lowercase ASCII, and matched as whole tokens or pairs of tokens —
//! never as substrings, so `run` does not match `ruta` and `pass` does not match `passport`. A
//! header on the negative list (`razon_social`, `nombre_comuna`) names no person.

/// A category of personal or sensitive data, with the stable id reports use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// RUT / RUN.
    Rut,
    /// E-mail address.
    Email,
    /// Phone number.
    Phone,
    /// Vehicle plate.
    LicensePlate,
    /// A person's name.
    PersonName,
    /// A street address.
    Address,
    /// Date of birth.
    BirthDate,
    /// Identity document or passport number.
    IdDocument,
    /// Bank account.
    BankAccount,
    /// Payment card.
    CreditCard,
    /// IP address and other online identifiers.
    IpAddress,
    /// Coordinates.
    Geolocation,
    /// Health (sensitive).
    Health,
    /// Ethnicity (sensitive).
    Ethnicity,
    /// Religion and beliefs (sensitive).
    Religion,
    /// Political affiliation (sensitive).
    Political,
    /// Union membership (sensitive).
    Union,
    /// Sexual orientation (sensitive).
    SexualOrientation,
    /// Gender identity (sensitive).
    GenderIdentity,
    /// Socioeconomic situation (sensitive under Ley 21.719).
    Socioeconomic,
    /// Biometric and genetic data (sensitive).
    Biometric,
    /// Criminal record and infractions.
    CriminalRecord,
    /// Children and adolescents.
    Minor,
    /// Identifiers written inside free text.
    FreeTextPii,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 24] = [
        Category::Rut,
        Category::Email,
        Category::Phone,
        Category::LicensePlate,
        Category::PersonName,
        Category::Address,
        Category::BirthDate,
        Category::IdDocument,
        Category::BankAccount,
        Category::CreditCard,
        Category::IpAddress,
        Category::Geolocation,
        Category::Health,
        Category::Ethnicity,
        Category::Religion,
        Category::Political,
        Category::Union,
        Category::SexualOrientation,
        Category::GenderIdentity,
        Category::Socioeconomic,
        Category::Biometric,
        Category::CriminalRecord,
        Category::Minor,
        Category::FreeTextPii,
    ];

    /// The category with this id.
    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The stable id used in reports.
    pub fn id(self) -> &'static str {
        match self {
            Category::Rut => "rut",
            Category::Email => "email",
            Category::Phone => "phone",
            Category::LicensePlate => "license-plate",
            Category::PersonName => "person-name",
            Category::Address => "address",
            Category::BirthDate => "birth-date",
            Category::IdDocument => "id-document",
            Category::BankAccount => "bank-account",
            Category::CreditCard => "credit-card",
            Category::IpAddress => "ip-address",
            Category::Geolocation => "geolocation",
            Category::Health => "health",
            Category::Ethnicity => "ethnicity",
            Category::Religion => "religion",
            Category::Political => "political",
            Category::Union => "union",
            Category::SexualOrientation => "sexual-orientation",
            Category::GenderIdentity => "gender-identity",
            Category::Socioeconomic => "socioeconomic",
            Category::Biometric => "biometric",
            Category::CriminalRecord => "criminal-record",
            Category::Minor => "minor",
            Category::FreeTextPii => "free-text-pii",
        }
    }

    /// Whether the law names the category as sensitive ("datos sensibles").
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            Category::Health
                | Category::Ethnicity
                | Category::Religion
                | Category::Political
                | Category::Union
                | Category::SexualOrientation
                | Category::GenderIdentity
                | Category::Socioeconomic
                | Category::Biometric
                | Category::CriminalRecord
        )
    }
}

/// Header tokens (or `a_b` pairs) for each category.
const WORDS: &[(Category, &[&str])] = &[
    (
        Category::Rut,
        &[
            "rut",
            "run",
            "dv",
            "dv_rut",
            "digito_verificador",
            "cedula",
            "cedula_identidad",
            "ci",
            "carnet",
        ],
    ),
    (
        Category::PersonName,
        &[
            "nombre",
            "nombres",
            "nombre_completo",
            "primer_nombre",
            "segundo_nombre",
            "apellido",
            "apellidos",
            "apellido_paterno",
            "apellido_materno",
            "ap_paterno",
            "ap_materno",
            "paterno",
            "materno",
            "nombre_social",
            "representante_legal",
        ],
    ),
    (
        Category::Phone,
        &[
            "telefono", "fono", "tel", "celular", "cel", "movil", "whatsapp", "fax",
        ],
    ),
    (
        Category::Email,
        &["correo", "correo_electronico", "email", "e_mail", "mail"],
    ),
    (
        Category::Address,
        &[
            "direccion",
            "domicilio",
            "calle",
            "numero_domicilio",
            "nro_casa",
            "direccion_particular",
            "residencia",
        ],
    ),
    (
        Category::Geolocation,
        &[
            "latitud",
            "longitud",
            "lat",
            "lon",
            "lng",
            "coord_x",
            "coord_y",
            "utm_este",
            "utm_norte",
            "geom",
            "wkt",
        ],
    ),
    (
        Category::BirthDate,
        &[
            "fecha_nacimiento",
            "fec_nac",
            "fecha_nac",
            "f_nac",
            "fnac",
            "f_nacimiento",
            "nacimiento",
            "cumpleanos",
        ],
    ),
    (
        Category::IdDocument,
        &[
            "pasaporte",
            "n_pasaporte",
            "numero_documento",
            "num_doc",
            "numero_serie",
            "licencia_conducir",
        ],
    ),
    (
        Category::LicensePlate,
        &["patente", "ppu", "placa", "placa_patente"],
    ),
    (
        Category::BankAccount,
        &[
            "numero_cuenta",
            "nro_cuenta",
            "cta_cte",
            "cuenta_corriente",
            "cuenta_vista",
            "cuenta_rut",
            "cuenta_bancaria",
        ],
    ),
    (
        Category::CreditCard,
        &["tarjeta", "numero_tarjeta", "cvv", "cvc"],
    ),
    (
        Category::IpAddress,
        &[
            "ip",
            "direccion_ip",
            "mac",
            "imei",
            "device_id",
            "cookie",
            "username",
            "user_id",
        ],
    ),
    (
        Category::Health,
        &[
            "diagnostico",
            "diag",
            "cie10",
            "cie_10",
            "codigo_cie",
            "enfermedad",
            "patologia",
            "morbilidad",
            "causa_muerte",
            "causa_defuncion",
            "causa_basica",
            "discapacidad",
            "licencia_medica",
            "medicamento",
            "farmaco",
            "tratamiento",
            "vih",
            "embarazo",
            "gestacion",
            "aborto",
            "salud_mental",
            "psiquiatrico",
            "imc",
            "grupo_sanguineo",
            "alergia",
            "hospitalizacion",
            "isapre",
            "fonasa",
            "tramo_fonasa",
        ],
    ),
    (
        Category::Ethnicity,
        &[
            "etnia",
            "pueblo_originario",
            "pueblo_indigena",
            "origen_etnico",
            "pertenencia_etnica",
            "raza",
            "indigena",
            "afrodescendiente",
        ],
    ),
    (
        Category::Religion,
        &[
            "religion",
            "credo",
            "culto",
            "confesion",
            "creencia",
            "ideologia",
            "convicciones",
        ],
    ),
    (
        Category::Political,
        &[
            "partido_politico",
            "afiliacion_politica",
            "militancia",
            "militante",
            "tendencia_politica",
            "preferencia_electoral",
        ],
    ),
    (
        Category::Union,
        &[
            "sindicato",
            "afiliacion_sindical",
            "gremio",
            "asociacion_gremial",
        ],
    ),
    (
        Category::SexualOrientation,
        &["orientacion_sexual", "vida_sexual", "lgbt", "lgbtiq"],
    ),
    (
        Category::GenderIdentity,
        &["identidad_genero", "identidad_de_genero", "nombre_social"],
    ),
    (
        Category::Socioeconomic,
        &[
            "tramo_rsh",
            "rsh",
            "registro_social_hogares",
            "calificacion_socioeconomica",
            "quintil",
            "decil",
            "tramo_ingreso",
            "ingreso_hogar",
            "pobreza",
            "vulnerabilidad",
            "indice_vulnerabilidad",
            "alumno_prioritario",
        ],
    ),
    (
        Category::Biometric,
        &[
            "huella",
            "huella_dactilar",
            "biometria",
            "fotografia",
            "rostro",
            "iris",
            "adn",
            "genetico",
            "genotipo",
            "perfil_genetico",
        ],
    ),
    (
        Category::CriminalRecord,
        &[
            "antecedentes",
            "condena",
            "delito",
            "causa_penal",
            "imputado",
            "victima",
        ],
    ),
    (
        Category::Minor,
        &["nna", "menor_de_edad", "parvulo", "lactante"],
    ),
];

/// Headers that contain a listed word but name no person (pairs of tokens).
const NEGATIVE: &[&str] = &[
    "razon_social",
    "nombre_establecimiento",
    "nombre_empresa",
    "nombre_institucion",
    "nombre_comuna",
    "nombre_region",
    "nombre_provincia",
    "nombre_proyecto",
    "nombre_programa",
    "nombre_calle",
    "nombre_servicio",
    "nombre_organismo",
    "nombre_cargo",
    "direccion_establecimiento",
    "direccion_empresa",
    "direccion_sucursal",
    "direccion_regional",
    "nombre_indicador",
];

pub use crate::header::fold;
use crate::header::{Entity, HeaderWords};

/// Every word list of the lexicon (and the check's own header words), for the header
/// reader's vocabulary.
pub(crate) fn word_lists() -> impl Iterator<Item = &'static [&'static str]> {
    WORDS
        .iter()
        .map(|(_, list)| *list)
        .chain([NEGATIVE])
        .chain(crate::check::HEADER_WORD_LISTS.iter().copied())
}

/// The word lists that name `category`.
pub fn lists_of(category: Category) -> Vec<&'static [&'static str]> {
    WORDS
        .iter()
        .filter(|(c, _)| *c == category)
        .map(|(_, list)| *list)
        .collect()
}

/// A header as canonical words (`FechadeNacimeto` → fecha, de, nacimiento).
pub fn tokens(header: &str) -> Vec<String> {
    crate::header::words(header)
}

/// Runs of two and three canonical words joined by `_`, after the words themselves
/// (`fecha de nacimiento` → `fecha`, `fecha_de`, `fecha_de_nacimiento`…).
pub fn ngrams(tokens: &[String]) -> Vec<String> {
    let mut words: Vec<String> = tokens.to_vec();
    words.extend(
        tokens
            .windows(2)
            .map(|pair| format!("{}_{}", pair[0], pair[1])),
    );
    words.extend(
        tokens
            .windows(3)
            .map(|t| format!("{}_{}_{}", t[0], t[1], t[2])),
    );
    // Particles dropped: `fecha de nacimiento` is also `fecha_nacimiento`.
    let content: Vec<&String> = tokens
        .iter()
        .filter(|t| !["de", "del", "la", "el", "los", "las"].contains(&t.as_str()))
        .collect();
    if content.len() != tokens.len() {
        words.extend(
            content
                .windows(2)
                .map(|pair| format!("{}_{}", pair[0], pair[1])),
        );
    }
    words
}

/// A header's words to match: its canonical words and their runs of two and three.
pub fn words(header: &str) -> Vec<String> {
    ngrams(&tokens(header))
}

/// Header words that are also common English words: they name a category only in a short
/// header (`RUN`, `run_alumno`, `RUN del estudiante`).
const AMBIGUOUS_WORDS: [&str; 1] = ["run"];
/// Tokens a header may have and still be a name rather than a sentence.
const SHORT_HEADER_TOKENS: usize = 4;

/// Categories a column about a place, a territory, an organisation or an event cannot hold
/// as a person's: `Dirección Establecimiento`, `Nombre Comuna`, `Fecha Inicio`.
const PERSONS_ONLY: &[Category] = &[
    Category::PersonName,
    Category::BirthDate,
    Category::Address,
    Category::Phone,
    Category::Email,
    Category::IdDocument,
];

/// The categories a header names (none when it is on the negative list).
pub fn categories(header: &str) -> Vec<Category> {
    categories_of(&HeaderWords::of(header))
}

/// The categories a header already read names.
pub fn categories_of(header: &HeaderWords) -> Vec<Category> {
    let words = ngrams(&header.words);
    if words.iter().any(|w| NEGATIVE.contains(&w.as_str())) {
        return Vec::new();
    }
    // In a header that reads like a sentence, an English word is English, not a Chilean
    // acronym: "oracle args (run with cwd …)" names no RUN.
    let sentence = header.words.len() > SHORT_HEADER_TOKENS;
    let words: Vec<String> = words
        .into_iter()
        .filter(|w| !(sentence && AMBIGUOUS_WORDS.contains(&w.as_str())))
        .collect();
    let mut found: Vec<Category> = WORDS
        .iter()
        .filter(|(_, list)| words.iter().any(|w| list.contains(&w.as_str())))
        .map(|(category, _)| *category)
        .collect();
    match header.entity() {
        Some(Entity::Place | Entity::Territory | Entity::Organisation | Entity::Event) => {
            found.retain(|c| !PERSONS_ONLY.contains(c));
        }
        Some(Entity::Pseudonym) => found.retain(|c| *c != Category::Rut),
        _ => {}
    }
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_in_a_sentence_is_english() {
        assert_eq!(categories("RUN"), [Category::Rut]);
        assert_eq!(categories("RUN del estudiante"), [Category::Rut]);
        assert!(categories("oracle args (run with cwd = this corpus dir; see run.py)").is_empty());
    }

    #[test]
    fn tokens_fold_and_split() {
        assert_eq!(tokens("fechaNacimiento"), ["fecha", "nacimiento"]);
        assert_eq!(tokens("RUT_Beneficiario"), ["rut", "beneficiario"]);
        assert_eq!(
            tokens("Teléfono de contacto"),
            ["telefono", "de", "contacto"]
        );
        assert_eq!(tokens("Año"), ["ano"]);
    }

    #[test]
    fn headers_name_categories_by_whole_tokens() {
        assert_eq!(categories("rut_paciente"), [Category::Rut]);
        assert_eq!(categories("RUN Alumno"), [Category::Rut]);
        assert_eq!(categories("fecha_nacimiento"), [Category::BirthDate]);
        assert_eq!(categories("Diagnóstico"), [Category::Health]);
        assert_eq!(categories("correo electrónico"), [Category::Email]);
        assert!(categories("ruta").is_empty());
        assert!(categories("turno").is_empty());
        assert!(categories("razon_social").is_empty());
        assert!(categories("nombre_establecimiento").is_empty());
        assert!(categories("Nombre Comuna").is_empty());
        assert!(categories("monto").is_empty());
        assert_eq!(
            categories("nombre_social"),
            [Category::PersonName, Category::GenderIdentity]
        );
        assert!(Category::Health.is_sensitive());
        assert!(!Category::Rut.is_sensitive());
        assert_eq!(Category::LicensePlate.id(), "license-plate");
    }
}
