//! What a row of the table is about — a person, a place, an organisation, a transaction, an
//! aggregate — decided from the headers and what the recognisers found. Escalation depends on
//! it: in a table of places, coordinates and addresses are the data; in a table of people they
//! point at homes. A column of names does not make a table person-level when its header says
//! the names are streets, establishments or organisations.

use crate::header::{Entity, HeaderWords};

/// What a row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Subject {
    /// One row per person (private individuals or officials).
    Person,
    /// Places or establishments: schools, stations, hospitals, streets.
    Place,
    /// Organisations: companies, institutions.
    Organisation,
    /// Acts, events and transactions: purchases, meetings, activities, gifts.
    Transaction,
    /// Statistics: counts, rates and measures by comuna, sex, age band.
    Aggregate,
    /// Nothing says.
    #[default]
    Unknown,
}

impl Subject {
    /// The id reports use.
    pub fn id(self) -> &'static str {
        match self {
            Subject::Person => "person",
            Subject::Place => "place",
            Subject::Organisation => "organisation",
            Subject::Transaction => "transaction",
            Subject::Aggregate => "aggregate",
            Subject::Unknown => "unknown",
        }
    }

    /// What a row is, for messages.
    pub fn words(self, lang: calidad_core::Lang) -> &'static str {
        use calidad_core::Lang::{En, Es};
        match (self, lang) {
            (Subject::Person, Es) => "personas",
            (Subject::Person, En) => "people",
            (Subject::Place, Es) => "lugares o establecimientos",
            (Subject::Place, En) => "places or establishments",
            (Subject::Organisation, Es) => "organizaciones",
            (Subject::Organisation, En) => "organisations",
            (Subject::Transaction, Es) => "actos, trámites o transacciones",
            (Subject::Transaction, En) => "acts, procedures or transactions",
            (Subject::Aggregate, Es) => "cifras agregadas",
            (Subject::Aggregate, En) => "aggregate figures",
            (Subject::Unknown, Es) => "algo que la tabla no dice",
            (Subject::Unknown, En) => "something the table does not say",
        }
    }
}

/// Why the subject was decided: a column and what it showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// The column.
    pub field: String,
    /// What it showed.
    pub why: Why,
}

/// What a column showed about the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// It identifies private individuals (category id).
    Identifier(&'static str),
    /// Its header names a person (`paciente`, `responsable`).
    PersonWord(String),
    /// It is a column of public posts (`cargo`, `estamento`, `grado`) beside names.
    PublicPosts(String),
    /// Quasi-identifiers of two or more kinds (sex, age, comuna…) with no count beside them.
    QuasiIdentifiers,
    /// It counts or measures (`total`, `casos`, `tasa`).
    Count(String),
    /// Its header names a place or an establishment (`rbd`, `estacion`, `via`).
    PlaceWord(String),
    /// Its header names an organisation (`empresa`, `institucion`).
    OrganisationWord(String),
    /// Its header names an act or an event (`audiencia`, `compra`, `actividad`).
    EventWord(String),
}

impl Why {
    /// The id reports use.
    pub fn id(&self) -> &'static str {
        match self {
            Why::Identifier(_) => "identifier",
            Why::PersonWord(_) => "person-word",
            Why::PublicPosts(_) => "public-posts",
            Why::QuasiIdentifiers => "quasi-identifiers",
            Why::Count(_) => "count",
            Why::PlaceWord(_) => "place-word",
            Why::OrganisationWord(_) => "organisation-word",
            Why::EventWord(_) => "event-word",
        }
    }

    /// The word or category that showed it.
    pub fn word(&self) -> Option<&str> {
        match self {
            Why::Identifier(category) => Some(category),
            Why::PersonWord(w)
            | Why::PublicPosts(w)
            | Why::Count(w)
            | Why::PlaceWord(w)
            | Why::OrganisationWord(w)
            | Why::EventWord(w) => Some(w),
            Why::QuasiIdentifiers => None,
        }
    }
}

/// What the subject is decided from, per column.
#[derive(Clone, Debug, Default)]
pub struct ColumnFacts<'a> {
    /// The column's name.
    pub name: &'a str,
    /// Its header, read.
    pub header: Option<&'a HeaderWords>,
    /// It counts or measures, with values that are not mostly 1 (the word that says so).
    pub count: Option<&'a str>,
    /// It names public posts (`cargo`, `estamento`, `grado`, `remuneracion`).
    pub posts: Option<&'a str>,
    /// It holds coordinates or addresses.
    pub location: bool,
    /// A recogniser found private individuals' identifiers in it (category id).
    pub identifier: Option<&'static str>,
    /// A recogniser found officials' names in it.
    pub official_names: bool,
    /// It is a quasi-identifier.
    pub quasi: bool,
}

/// The subject of a table and why, from its columns; `quasi_kinds` is how many kinds of
/// quasi-identifiers it has.
pub fn decide(columns: &[ColumnFacts<'_>], quasi_kinds: usize) -> (Subject, Vec<Reason>) {
    let reasons = |pick: &dyn Fn(&ColumnFacts<'_>) -> Option<Why>| -> Vec<Reason> {
        columns
            .iter()
            .filter_map(|c| {
                pick(c).map(|why| Reason {
                    field: c.name.to_owned(),
                    why,
                })
            })
            .take(3)
            .collect()
    };
    let entity_word = |c: &ColumnFacts<'_>, wanted: &[Entity]| -> Option<String> {
        let (entity, word) = c.header?.entity.as_ref()?;
        (wanted.contains(entity) && c.count.is_none()).then(|| word.clone())
    };
    // A direct identifier of people makes the table person-level, whatever else it holds.
    let identified = reasons(&|c| c.identifier.map(Why::Identifier));
    if !identified.is_empty() {
        return (Subject::Person, identified);
    }
    let officials = columns.iter().any(|c| c.official_names);
    let posts = reasons(&|c| c.posts.map(|w| Why::PublicPosts(w.to_owned())));
    if officials {
        let mut why = reasons(&|c| entity_word(c, &[Entity::Official]).map(Why::PersonWord));
        why.extend(posts);
        return (Subject::Person, why);
    }
    let counts = reasons(&|c| c.count.map(|w| Why::Count(w.to_owned())));
    let people = reasons(&|c| {
        entity_word(c, &[Entity::Private, Entity::Person, Entity::Official]).map(Why::PersonWord)
    });
    if counts.is_empty() {
        if !people.is_empty() {
            return (Subject::Person, people);
        }
        if quasi_kinds >= 2 {
            return (
                Subject::Person,
                reasons(&|c| c.quasi.then_some(Why::QuasiIdentifiers)),
            );
        }
    }
    let places = reasons(&|c| entity_word(c, &[Entity::Place]).map(Why::PlaceWord));
    let organisations = reasons(&|c| {
        entity_word(c, &[Entity::Organisation, Entity::Holder]).map(Why::OrganisationWord)
    });
    let events = reasons(&|c| entity_word(c, &[Entity::Event]).map(Why::EventWord));
    let located = columns.iter().any(|c| c.location);
    if !places.is_empty() && (located || counts.is_empty()) {
        return (Subject::Place, places);
    }
    let transactions = [
        "audiencia",
        "compra",
        "pago",
        "donativo",
        "actividad",
        "contrato",
        "licitacion",
        "viaje",
        "reunion",
        "factura",
        "tramite",
        "solicitud",
        "reclamo",
        "prestacion",
    ];
    let acts: Vec<Reason> = events
        .iter()
        .filter(|r| r.why.word().is_some_and(|w| transactions.contains(&w)))
        .cloned()
        .collect();
    if !acts.is_empty() {
        return (Subject::Transaction, acts);
    }
    if !counts.is_empty() {
        return (Subject::Aggregate, counts);
    }
    if !organisations.is_empty() {
        return (Subject::Organisation, organisations);
    }
    (Subject::Unknown, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(names: &'a [&'a str], headers: &'a [HeaderWords]) -> Vec<ColumnFacts<'a>> {
        names
            .iter()
            .zip(headers)
            .map(|(name, header)| ColumnFacts {
                name,
                header: Some(header),
                ..ColumnFacts::default()
            })
            .collect()
    }

    #[test]
    fn establishments_are_places() {
        let names = ["NombreVia", "NombreEstablecimiento", "Latitud"];
        let headers: Vec<HeaderWords> = names.iter().map(|n| HeaderWords::of(n)).collect();
        let mut columns = facts(&names, &headers);
        columns[2].location = true;
        assert_eq!(decide(&columns, 0).0, Subject::Place);
        columns[0].identifier = Some("rut");
        assert_eq!(decide(&columns, 0).0, Subject::Person);
    }

    #[test]
    fn counts_make_aggregates_and_quasi_identifiers_alone_make_people() {
        let names = ["Sexo", "Edad", "Comuna", "Total"];
        let headers: Vec<HeaderWords> = names.iter().map(|n| HeaderWords::of(n)).collect();
        let mut columns = facts(&names, &headers);
        for c in &mut columns[..3] {
            c.quasi = true;
        }
        assert_eq!(decide(&columns, 3).0, Subject::Person);
        columns[3].count = Some("total");
        assert_eq!(decide(&columns, 3).0, Subject::Aggregate);
    }
}
