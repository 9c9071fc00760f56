//! People's names, by dictionary (given names and surnames from the Registro Civil).

use super::{Context, Decision, Level, NAME_ALONE, NAME_WITH_HINT, Recogniser, Sampled};
use crate::header::Entity;
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

/// Share of a column's sampled values carrying an organisation's or a place's word above
/// which it is a list of places or organisations: names of people in it are the exception.
const PLACE_LIST: f64 = 0.20;
/// Share of people's names that makes a list of organisations (suppliers, grantees) a mixed
/// column worth a warning.
const MIXED_PEOPLE: f64 = 0.05;
/// Share of people's names a column needs for an error; between the header's threshold and
/// this, the evidence is a warning.
const NAME_ERROR: f64 = 0.50;
/// Sampled values of people's names a mixed column needs to be reported at all.
const MIXED_MIN: u64 = 3;

pub(super) struct PersonName;

impl Recogniser for PersonName {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let entity = column.entity();
        // Streets, stations, schools and comunas are named after people: under a header that
        // names a place, an organisation or an event, names are theirs.
        if column.about_no_person() {
            return;
        }
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
        let (marked, _) = column.count(Category::PersonName, names::is_place_or_organisation);
        let mixed = Context::Mixed {
            people,
            others: column.sampled() - people,
        };
        let enough_people = people >= MIXED_MIN && column.share(people) >= MIXED_PEOPLE;
        // Holders (suppliers, grantees, owners) may be companies or people: a warning with
        // the count of each.
        if entity == Some(Entity::Holder) || column.share(marked) >= PLACE_LIST {
            if enough_people
                && (entity == Some(Entity::Holder) || column.share(people) >= 2.0 * MIXED_PEOPLE)
            {
                found.push(
                    column
                        .found(Category::PersonName, Level::Possible, people, examples)
                        .with_context(mixed),
                );
            }
            return;
        }
        let private = entity == Some(Entity::Private);
        let official = entity == Some(Entity::Official) || (column.posts && !private);
        let level_for = |strong_evidence: bool| {
            if official || !strong_evidence {
                Level::Possible
            } else {
                Level::Direct
            }
        };
        let context = if official {
            Context::Officials
        } else {
            Context::Plain
        };
        if column.reaches(people, NAME_ALONE, NAME_WITH_HINT, Category::PersonName) {
            let strong = column.share(people) >= NAME_ERROR;
            let context = if strong || official {
                context
            } else {
                Context::Weak
            };
            found.push(
                column
                    .found(Category::PersonName, level_for(strong), people, examples)
                    .with_context(context),
            );
        } else if hinted
            && (column.strong(STRONG_NAME) || private || entity == Some(Entity::Person))
        {
            // The header says names; the values do not bear it out (garbled, initials, foreign
            // names): worth a look, not an error.
            let context = if official {
                Context::Officials
            } else {
                Context::Weak
            };
            found.push(
                column
                    .header_only(Category::PersonName, Level::Possible)
                    .with_context(context),
            );
        }
    }
}
