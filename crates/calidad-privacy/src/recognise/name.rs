//! People's names, by dictionary (given names and surnames from the Registro Civil).

use super::{Decision, Level, NAME_ALONE, NAME_WITH_HINT, Recogniser, Sampled};
use crate::lexicon::Category;
use crate::names::{self, NameHeader};

/// Header words strong enough to flag a column of names without looking at the values (a
/// bare `nombre` is often a place's or an institution's).
const STRONG_NAME: &[&str] = &[
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
    "nombre_social",
    "nombre_paciente",
    "nombre_alumno",
    "nombre_funcionario",
    "nombre_beneficiario",
    "nombre_titular",
    "nombre_persona",
];

/// Header words of surname columns.
const SURNAMES: &[&str] = &[
    "apellido",
    "apellidos",
    "apellido_paterno",
    "apellido_materno",
    "paterno",
    "materno",
];

pub(super) struct PersonName;

impl Recogniser for PersonName {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let hinted = column.hint(Category::PersonName);
        let header = if column.strong(SURNAMES) {
            NameHeader::Surnames
        } else if hinted {
            NameHeader::GivenNames
        } else {
            NameHeader::None
        };
        let (people, examples) =
            column.count(Category::PersonName, |c| names::looks_like_name(c, header));
        if column.reaches(people, NAME_ALONE, NAME_WITH_HINT, Category::PersonName) {
            found.push(column.found(Category::PersonName, Level::Direct, people, examples));
        } else if hinted && column.strong(STRONG_NAME) {
            found.push(column.header_only(Category::PersonName, Level::Direct));
        }
    }
}
