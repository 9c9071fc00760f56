//! Headers read as people write them. A header is split into words (camelCase, `snake_case`,
//! spaces, accents folded: `FechaInicioFuncionamientoEstab` → fecha, inicio, funcionamiento,
//! establecimiento), and each word is brought to a canonical form: abbreviations expanded
//! (`nom`, `fec`, `estab`), plurals dropped, words glued together split (`fechade` → fecha, de)
//! and small typos mended (`nacimeto` → nacimiento). Then the header's *entity* is found: the
//! last word that names whose data the column holds — a person (`paciente`, `postulante`), an
//! official (`funcionario`, `pasivo`), a place (`via`, `establecimiento`, `rbd`), an
//! organisation (`empresa`, `proveedor`), an event (`inicio`, `resolucion`). A head word naming
//! a place or an event outranks a modifier such as `nombre` or `fecha`: `NombreVia` names a
//! street, `FechaInicio` no birth.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Whose data a column holds, as its header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entity {
    /// A private individual who is clearly not acting in public office: a patient, a pupil, a
    /// beneficiary, a victim.
    Private,
    /// A natural person whose role the header does not settle (`responsable`, `postulante`,
    /// `contacto`): private unless the table is a list of public posts.
    Person,
    /// A public official, authority or candidate, whose name the law publishes.
    Official,
    /// A place or an establishment: a street, a school, a station, a hospital.
    Place,
    /// A territory used as a dimension: a comuna, a region, a country.
    Territory,
    /// An organisation: a company, an institution, a ministry.
    Organisation,
    /// Holders that may be organisations or natural persons: suppliers, grantees, owners.
    Holder,
    /// An event, act, document or thing: a start date, a resolution, an activity, a post.
    Event,
    /// A pseudonymised identifier (MINEDUC's `MRUN`): not a RUN.
    Pseudonym,
}

/// Words naming whose data a column holds.
const ENTITIES: &[(Entity, &[&str])] = &[
    (
        Entity::Private,
        &[
            "paciente",
            "alumno",
            "alumna",
            "estudiante",
            "beneficiario",
            "beneficiaria",
            "victima",
            "imputado",
            "imputada",
            "detenido",
            "condenado",
            "recluso",
            "menor",
            "nino",
            "nina",
            "hijo",
            "hija",
            "apoderado",
            "tutor",
            "madre",
            "padre",
            "conyuge",
            "usuario",
            "usuaria",
            "cliente",
            "contribuyente",
            "deudor",
            "fallecido",
            "causante",
            "asegurado",
            "afiliado",
            "cotizante",
            "pensionado",
            "encuestado",
            "entrevistado",
            "denunciante",
            "denunciado",
            "infractor",
            "conductor",
            "propietario",
            "arrendatario",
            "becario",
            "matriculado",
            "vecino",
            "ciudadano",
            "donante",
            "activo",
            "gestor",
            "lobbista",
            "solicitante",
            "requirente",
            "reclamante",
            "postulante_beneficio",
            "participante",
            "integrante",
            "persona",
            "natural",
            "customer",
            "patient",
            "student",
        ],
    ),
    (
        Entity::Person,
        &[
            "responsable",
            "postulante",
            "titular",
            "trabajador",
            "trabajadora",
            "contacto",
            "representante",
            "socio",
            "investigador",
            "investigadora",
            "docente",
            "profesor",
            "profesora",
            "medico",
            "profesional",
            "autor",
            "empleado",
            "interesado",
            "firmante",
            "emisor_persona",
            "person",
            "employee",
        ],
    ),
    (
        Entity::Official,
        &[
            "funcionario",
            "funcionaria",
            "autoridad",
            "alcalde",
            "alcaldesa",
            "concejal",
            "concejala",
            "diputado",
            "diputada",
            "senador",
            "senadora",
            "parlamentario",
            "ministro",
            "ministra",
            "subsecretario",
            "intendente",
            "gobernador",
            "delegado",
            "seremi",
            "directivo",
            "director",
            "directora",
            "jefe",
            "jefa",
            "jefatura",
            "encargado",
            "encargada",
            "pasivo",
            "candidato",
            "candidata",
            "electo",
            "electa",
            "consejero",
            "consejera",
            "juez",
            "fiscal",
            "notario",
            "embajador",
            "consul",
            "nombrado",
            "nombrada",
            "servidor",
            "official",
        ],
    ),
    (
        Entity::Place,
        &[
            "via",
            "calle",
            "avenida",
            "pasaje",
            "camino",
            "ruta",
            "establecimiento",
            "estacion",
            "recinto",
            "sucursal",
            "oficina",
            "sede",
            "local",
            "colegio",
            "escuela",
            "liceo",
            "jardin",
            "hospital",
            "clinica",
            "cesfam",
            "consultorio",
            "posta",
            "centro",
            "plaza",
            "parque",
            "puerto",
            "aeropuerto",
            "aerodromo",
            "rbd",
            "punto",
            "predio",
            "lugar",
            "localidad",
            "villa",
            "inmueble",
            "edificio",
            "faena",
            "tienda",
            "farmacia",
            "biblioteca",
            "museo",
            "cementerio",
            "estadio",
            "campus",
            "instalacion",
            "embalse",
            "cuenca",
            "rio",
            "lago",
            "volcan",
            "isla",
            "caleta",
            "destino",
            "station",
            "street",
            "school",
            "site",
        ],
    ),
    (
        Entity::Territory,
        &[
            "comuna",
            "region",
            "provincia",
            "pais",
            "ciudad",
            "territorio",
            "distrito",
            "circunscripcion",
            "macrozona",
            "deprov",
            "country",
            "city",
        ],
    ),
    (
        Entity::Organisation,
        &[
            "empresa",
            "institucion",
            "servicio",
            "organismo",
            "ministerio",
            "entidad",
            "municipio",
            "municipalidad",
            "universidad",
            "fundacion",
            "corporacion",
            "sociedad",
            "razon",
            "banco",
            "partido",
            "sindicato",
            "asociacion",
            "cooperativa",
            "organizacion",
            "consultora",
            "agrupacion",
            "club",
            "junta",
            "comite",
            "reparticion",
            "unidad",
            "division",
            "departamento",
            "subsecretaria",
            "superintendencia",
            "regional",
            "gobierno",
            "tribunal",
            "juzgado",
            "corte",
            "congreso",
            "camara",
            "dependencia",
            "mandante",
            "company",
            "organization",
        ],
    ),
    (
        Entity::Holder,
        &[
            "proveedor",
            "sostenedor",
            "adjudicatario",
            "oferente",
            "contratista",
            "ejecutor",
            "receptor",
            "emisor",
            "arrendador",
            "dueno",
            "supplier",
        ],
    ),
    (
        Entity::Event,
        &[
            "inicio",
            "termino",
            "fin",
            "funcionamiento",
            "resolucion",
            "decreto",
            "creacion",
            "actividad",
            "concurso",
            "proyecto",
            "programa",
            "contrato",
            "licitacion",
            "compra",
            "pago",
            "audiencia",
            "reunion",
            "viaje",
            "donativo",
            "publicacion",
            "registro",
            "ingreso",
            "egreso",
            "nombramiento",
            "desvinculacion",
            "cargo",
            "indicador",
            "variable",
            "producto",
            "curso",
            "oficio",
            "evento",
            "sesion",
            "votacion",
            "eleccion",
            "proceso",
            "tramite",
            "solicitud",
            "reclamo",
            "expediente",
            "asignatura",
            "especialidad",
            "plan",
            "fondo",
            "instrumento",
            "iniciativa",
            "obra",
            "factura",
            "orden",
            "boleta",
            "permiso",
            "beneficio",
            "subsidio",
            "prestacion",
            "evaluacion",
            "encuesta",
            "pregunta",
            "item",
            "medicion",
            "serie",
            "archivo",
            "documento",
            "ley",
            "norma",
            "materia",
            "forma",
            "modalidad",
            "convenio",
            "tipo",
            "categoria",
            "carrera",
            "nivel",
            "estado",
            "vigencia",
            "actualizacion",
            "emision",
            "vencimiento",
            "recepcion",
            "adjudicacion",
            "postulacion",
            "event",
        ],
    ),
    (Entity::Pseudonym, &["mrun", "mrut", "id_anonimo", "hash"]),
];

/// Abbreviations and other spellings, and the canonical words they stand for (`_` joins
/// several words).
const SPELLINGS: &[(&str, &str)] = &[
    ("nom", "nombre"),
    ("ini", "inicio"),
    ("nomb", "nombre"),
    ("nbre", "nombre"),
    ("ape", "apellido"),
    ("apel", "apellido"),
    ("apell", "apellido"),
    ("surname", "apellido"),
    ("lastname", "apellido"),
    ("fec", "fecha"),
    ("fch", "fecha"),
    ("date", "fecha"),
    ("fnac", "fecha_nacimiento"),
    ("fecnac", "fecha_nacimiento"),
    ("dob", "fecha_nacimiento"),
    ("birth", "nacimiento"),
    ("birthdate", "fecha_nacimiento"),
    ("estab", "establecimiento"),
    ("inst", "institucion"),
    ("instit", "institucion"),
    ("func", "funcionario"),
    ("benef", "beneficiario"),
    ("num", "numero"),
    ("nro", "numero"),
    ("cod", "codigo"),
    ("com", "comuna"),
    ("reg", "region"),
    ("prov", "provincia"),
    ("depto", "departamento"),
    ("sost", "sostenedor"),
    ("agno", "ano"),
    ("dom", "domicilio"),
    ("address", "direccion"),
    ("phone", "telefono"),
    ("mobile", "celular"),
    ("street", "calle"),
];

/// Modifiers and particles: words that say what about an entity a column holds, or join
/// words, and name no entity.
const GENERIC: &[&str] = &[
    "nombre",
    "fecha",
    "codigo",
    "numero",
    "id",
    "glosa",
    "descripcion",
    "cantidad",
    "monto",
    "valor",
    "total",
    "n",
    "de",
    "del",
    "la",
    "las",
    "el",
    "los",
    "y",
    "o",
    "en",
    "por",
    "a",
    "al",
    "primer",
    "segundo",
    "ano",
    "mes",
    "dia",
    "hora",
    "sexo",
    "genero",
    "edad",
    "rut",
    "run",
    "dv",
    "correo",
    "telefono",
    "direccion",
    "apellido",
    "paterno",
    "materno",
    "completo",
    "social",
    "nacimiento",
    "electronico",
    "celular",
];

/// Long words people abbreviate by cutting them short (`funcionam`, `estab`, `nacim`).
const PREFIXABLE: &[&str] = &[
    "establecimiento",
    "funcionamiento",
    "funcionario",
    "beneficiario",
    "nacimiento",
    "nacionalidad",
    "institucion",
    "domicilio",
    "apellido",
    "telefono",
    "electronico",
    "departamento",
    "resolucion",
    "organismo",
    "municipalidad",
    "universidad",
    "postulante",
    "responsable",
    "representante",
    "contribuyente",
    "sostenedor",
    "proveedor",
    "estudiante",
];

/// Long words whose typos are mended (`nacimeto`, `nombred`): the words that decide a
/// column, and few enough that no ordinary word is taken for one.
const MENDABLE: &[&str] = &[
    "nombre",
    "nacimiento",
    "apellido",
    "telefono",
    "direccion",
    "domicilio",
    "electronico",
    "establecimiento",
    "funcionario",
    "beneficiario",
    "postulante",
    "estudiante",
    "pasaporte",
    "paciente",
];

/// Every canonical word calidad knows: the lexicon's category words, the entity words and
/// the modifiers.
fn vocabulary() -> &'static HashSet<&'static str> {
    static VOCABULARY: OnceLock<HashSet<&'static str>> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let mut words: HashSet<&'static str> = HashSet::new();
        for (_, list) in ENTITIES {
            words.extend(list.iter().flat_map(|w| w.split('_')));
        }
        for list in crate::lexicon::word_lists() {
            words.extend(list.iter().flat_map(|w| w.split('_')));
        }
        words.extend(GENERIC.iter().copied());
        words.extend(SPELLINGS.iter().flat_map(|(_, to)| to.split('_')));
        words
    })
}

fn entity_of(word: &str) -> Option<Entity> {
    static INDEX: OnceLock<HashMap<&'static str, Entity>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            ENTITIES
                .iter()
                .flat_map(|(entity, list)| list.iter().map(move |w| (*w, *entity)))
                .collect()
        })
        .get(word)
        .copied()
}

/// Folds a character to lowercase ASCII (accents dropped).
pub fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' | 'Á' | 'À' | 'Ä' | 'Â' => 'a',
        'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'Ó' | 'Ò' | 'Ö' | 'Ô' => 'o',
        'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'u',
        'ñ' | 'Ñ' => 'n',
        c => c.to_ascii_lowercase(),
    }
}

/// A header split as written: at anything not a letter or digit, where a lowercase letter or
/// digit meets an uppercase one (`fechaNacimiento`), and before the last capital of a run of
/// capitals followed by lowercase (`IDPasivo` → ID, Pasivo); folded to lowercase ASCII.
pub fn split(header: &str) -> Vec<String> {
    let chars: Vec<char> = header.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let previous = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if previous.is_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_uppercase() && next_lower && current.chars().count() >= 2)
            {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(fold(c));
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Edit distance (insertions, deletions, substitutions, swaps of neighbours), or `None` when
/// it is above `limit`.
fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    let d = rows[a.len()][b.len()];
    (d <= limit).then_some(d)
}

/// A word as calidad knows it (possibly several, `_`-joined), or `None` when it is unknown.
fn known(word: &str) -> Option<String> {
    if let Some((_, to)) = SPELLINGS.iter().find(|(from, _)| *from == word) {
        return Some((*to).to_owned());
    }
    let vocabulary = vocabulary();
    if vocabulary.contains(word) {
        return Some(word.to_owned());
    }
    for plural in ["es", "s"] {
        if let Some(stem) = word.strip_suffix(plural)
            && stem.len() >= 3
            && vocabulary.contains(stem)
        {
            return Some(stem.to_owned());
        }
    }
    None
}

/// The canonical words of one written word: known as it is; a prefix of exactly one long word
/// (`funcionam`); two or three known words glued together (`fechade`, `rutnombrado`); or a
/// long word with a typo (one edit, two from eight letters). Unknown words stay as they are.
fn canonical(word: &str) -> Vec<String> {
    let pieces = |w: String| w.split('_').map(str::to_owned).collect::<Vec<_>>();
    if let Some(known) = known(word) {
        return pieces(known);
    }
    // Guessing is for words a person typed: plain letters, not a cell of a million zeros
    // (gluing and mending cost grows with the word's length).
    if word.len() > LONGEST_GUESSED || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return vec![word.to_owned()];
    }
    if word.len() >= 4 {
        let mut longer = PREFIXABLE
            .iter()
            .filter(|w| w.len() > word.len() && w.starts_with(word));
        if let (Some(only), None) = (longer.next(), longer.next()) {
            return vec![(*only).to_owned()];
        }
    }
    if word.len() >= 5
        && let Some(split) = glued(word)
    {
        return split;
    }
    if word.len() >= 6 {
        let limit = if word.len() >= 8 { 2 } else { 1 };
        let mut best: Option<(usize, &str)> = None;
        let mut tie = false;
        for candidate in MENDABLE {
            if let Some(d) = distance(word, candidate, limit) {
                match best {
                    Some((b, _)) if d > b => {}
                    Some((b, _)) if d == b => tie = true,
                    _ => {
                        best = Some((d, candidate));
                        tie = false;
                    }
                }
            }
        }
        if let (Some((_, word)), false) = (best, tie) {
            return vec![word.to_owned()];
        }
    }
    vec![word.to_owned()]
}

/// Longest word calidad tries to unglue or mend; the longest glued header word seen on the
/// portal (`fechainiciofuncionamiento`) has 25 letters.
const LONGEST_GUESSED: usize = 40;

/// Short words that may be glued to others (`fechade`, `rutnombrado`, `nomrbd`): particles and
/// the abbreviations headers use. Other pieces need four letters, or `glosario` would be
/// `glosa` and `rio`.
const GLUED_SHORT: &[&str] = &[
    "de", "del", "la", "el", "los", "las", "rut", "run", "dv", "id", "nom", "fec", "cod", "rbd",
];

/// `word` as two or three known words glued together, each of four letters or more or a
/// short word headers glue, and one of them of four or more.
fn glued(word: &str) -> Option<Vec<String>> {
    let piece = |w: &str| {
        if w.len() >= 4 || GLUED_SHORT.contains(&w) {
            known(w)
        } else {
            None
        }
    };
    for cut in 2..word.len().saturating_sub(1) {
        let (left, right) = word.split_at(cut);
        let Some(first) = piece(left) else { continue };
        if let Some(second) = piece(right)
            && (left.len() >= 4 || right.len() >= 4)
        {
            let mut out: Vec<String> = first.split('_').map(str::to_owned).collect();
            out.extend(second.split('_').map(str::to_owned));
            return Some(out);
        }
        for cut2 in 2..right.len().saturating_sub(1) {
            let (middle, last) = right.split_at(cut2);
            if let (Some(second), Some(third)) = (piece(middle), piece(last))
                && [left, middle, last].iter().any(|p| p.len() >= 4)
            {
                let mut out: Vec<String> = first.split('_').map(str::to_owned).collect();
                out.extend(second.split('_').map(str::to_owned));
                out.extend(third.split('_').map(str::to_owned));
                return Some(out);
            }
        }
    }
    None
}

/// A header as canonical words.
pub fn words(header: &str) -> Vec<String> {
    split(header)
        .iter()
        .flat_map(|w| canonical(w))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words above which a header is a sentence, not a name.
const SENTENCE_WORDS: usize = 8;

/// What a header says: its canonical words and whose data the column holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderWords {
    /// The canonical words, in order.
    pub words: Vec<String>,
    /// Whose data: the last word naming an entity, with that word.
    pub entity: Option<(Entity, String)>,
}

impl HeaderWords {
    /// Reads a header.
    pub fn of(header: &str) -> HeaderWords {
        let words = words(header);
        // A header that reads like a sentence ("Corresponde a la condición de persona…") names
        // no entity; one that is a comuna's or a region's name (a station, a column per
        // comuna) names a territory.
        if words.len() > SENTENCE_WORDS {
            return HeaderWords {
                words,
                entity: None,
            };
        }
        let spaced = header.replace('_', " ");
        // Numbered stations (`Padre_las_Casas_II`) are named after their comuna too.
        let unnumbered = spaced
            .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'))
            .trim_end();
        let is_territory = |name: &str| {
            !name.is_empty() && (crate::names::is_comuna(name) || crate::names::is_region(name))
        };
        if is_territory(&spaced) || is_territory(unnumbered) {
            return HeaderWords {
                words,
                entity: Some((Entity::Territory, "comuna".to_owned())),
            };
        }
        let mut entity: Option<(Entity, String)> = None;
        let mut person: Option<(Entity, String)> = None;
        for (i, word) in words.iter().enumerate() {
            let pair = words.get(i + 1).map(|next| format!("{word}_{next}"));
            let found = pair
                .as_deref()
                .and_then(|p| entity_of(p).map(|e| (e, p.to_owned())))
                .or_else(|| entity_of(word).map(|e| (e, word.clone())));
            if let Some(found) = found {
                if matches!(found.0, Entity::Private | Entity::Person | Entity::Official) {
                    person = Some(found.clone());
                }
                entity = Some(found);
            }
        }
        // A person named before a place or an event is still whose data it is:
        // `nombre_beneficiario_subsidio`, `NombreResponsableProyecto`, `nombre_alumno_curso`.
        // (An organisation after a role says what the role-holder is: `DonanteEntidad`.)
        if let (Some((last, _)), Some(person)) = (&entity, person)
            && matches!(last, Entity::Place | Entity::Territory | Entity::Event)
        {
            entity = Some(person);
        }
        HeaderWords { words, entity }
    }

    /// The entity, if the header names one.
    pub fn entity(&self) -> Option<Entity> {
        self.entity.as_ref().map(|(e, _)| *e)
    }

    /// Whether one of the words names an entity of kind `entity`.
    pub fn names(&self, entity: Entity) -> bool {
        self.words.iter().any(|w| entity_of(w) == Some(entity))
    }

    /// Whether one of `list` is among the words.
    pub fn has(&self, list: &[&str]) -> bool {
        self.words.iter().any(|w| list.contains(&w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(header: &str) -> Option<Entity> {
        HeaderWords::of(header).entity()
    }

    #[test]
    fn headers_split_as_people_write_them() {
        assert_eq!(words("NombreVia"), ["nombre", "via"]);
        assert_eq!(
            words("FechaInicioFuncionamientoEstab"),
            ["fecha", "inicio", "funcionamiento", "establecimiento"]
        );
        assert_eq!(words("RutEmpresa"), ["rut", "empresa"]);
        assert_eq!(words("NomFuncionario"), ["nombre", "funcionario"]);
        assert_eq!(words("f_nac"), ["f", "nac"]);
        assert_eq!(words("RutNombrado"), ["rut", "nombrado"]);
        assert_eq!(words("FechadeNacimeto"), ["fecha", "de", "nacimiento"]);
        assert_eq!(words("IDPasivo"), ["id", "pasivo"]);
        assert_eq!(words("NOM_COM_RBD"), ["nombre", "comuna", "rbd"]);
        assert_eq!(words("Nombred_del_la_Actividad")[0], "nombre");
        assert_eq!(
            words("Teléfono de contacto"),
            ["telefono", "de", "contacto"]
        );
        assert_eq!(words("apellidos"), ["apellidos"]);
        assert_eq!(words("pacientes"), ["paciente"]);
        assert_eq!(words("Año"), ["ano"]);
        assert_eq!(words("ruta"), ["ruta"]);
        assert_eq!(words("turno"), ["turno"]);
    }

    #[test]
    fn the_head_word_names_whose_data() {
        assert_eq!(entity("NombreVia"), Some(Entity::Place));
        assert_eq!(entity("nombreEstacion"), Some(Entity::Place));
        assert_eq!(entity("NOM_RBD"), Some(Entity::Place));
        assert_eq!(
            entity("FechaInicioFuncionamientoEstab"),
            Some(Entity::Place)
        );
        assert_eq!(entity("Nombre_Pasivo"), Some(Entity::Official));
        assert_eq!(entity("Nombre_DonanteEntidad"), Some(Entity::Organisation));
        assert_eq!(entity("Nombre_DonanteActivo"), Some(Entity::Private));
        assert_eq!(entity("NOMBRE_RESPONSABLE"), Some(Entity::Person));
        assert_eq!(entity("Rut Postulante"), Some(Entity::Person));
        assert_eq!(entity("RutNombrado"), Some(Entity::Official));
        assert_eq!(entity("Proveedor"), Some(Entity::Holder));
        assert_eq!(entity("Nombre Cargo"), Some(Entity::Event));
        assert_eq!(entity("MRUN"), Some(Entity::Pseudonym));
        assert_eq!(entity("nombre"), None);
        assert_eq!(entity("Nombre Comuna"), Some(Entity::Territory));
    }

    #[test]
    fn a_person_before_a_place_or_an_event_is_whose_data_it_is() {
        assert_eq!(
            entity("nombre_beneficiario_subsidio"),
            Some(Entity::Private)
        );
        assert!(entity("NombreResponsableProyecto").is_some_and(|e| e != Entity::Event));
        assert_eq!(entity("NombreVia"), Some(Entity::Place));
        assert_eq!(
            entity("nombre_director_establecimiento"),
            Some(Entity::Official)
        );
    }

    #[test]
    fn typos_need_a_long_word() {
        assert_eq!(canonical("nacimeto"), ["nacimiento"]);
        assert_eq!(canonical("nombred"), ["nombre"]);
        // Short words are left alone: too many real words are one letter from another.
        assert_eq!(canonical("rota"), ["rota"]);
    }

    #[test]
    fn hostile_headers_are_read_in_linear_time_and_never_cut_inside_a_letter() {
        let zeros = "0".repeat(1 << 20);
        assert_eq!(words(&zeros), std::slice::from_ref(&zeros));
        let letters = "nombre".repeat(100_000);
        assert_eq!(words(&letters).len(), 1);
        for header in ["ñandúñandú", "名前名前名前", "fechaдата", "ßßßßßßßß"]
        {
            let _ = words(header);
        }
    }
}
