//! Column recognisers: each looks at one column's header and deterministic sample and says
//! what personal data it holds, if any. They are listed once, in [`RECOGNISERS`]; adding one
//! is a file here and a line there.

mod address;
mod birth_date;
mod card;
mod coordinates;
mod document;
mod email;
mod ip;
mod name;
mod phone;
mod plate;
mod rut;
mod sensitive;
mod split_rut;

use crate::check::mask_for;
use crate::header::{Entity, HeaderWords};
use crate::lexicon::{self, Category};
use crate::shapes::BirthYears;
use std::cell::OnceCell;

/// Non-empty sampled cells needed to judge a column by its content alone.
pub(crate) const MIN_SAMPLE_ALONE: u64 = 20;
/// Share of RUT-like values (or Luhn-valid cards) without, and with, a header hint: far above
/// the 1-in-11 a random number passes the check digit by chance.
pub(crate) const RUT_ALONE: f64 = 0.80;
pub(crate) const RUT_WITH_HINT: f64 = 0.30;
/// Share of personal e-mails or mobile numbers without, and with, a header hint.
pub(crate) const CONTACT_ALONE: f64 = 0.90;
pub(crate) const CONTACT_WITH_HINT: f64 = 0.30;
/// Share of names or addresses (dictionary and pattern evidence) without, and with, a hint.
pub(crate) const NAME_ALONE: f64 = 0.60;
pub(crate) const NAME_WITH_HINT: f64 = 0.20;
/// Share of shaped values (plates, dates, documents) without, and with, a header hint.
pub(crate) const SHAPE_ALONE: f64 = 0.90;
pub(crate) const SHAPE_WITH_HINT: f64 = 0.30;
/// A threshold no share reaches: the category is only found under a header that names it.
pub(crate) const HEADER_REQUIRED: f64 = 1.1;

/// Every recogniser, in the order their findings are listed for a column.
pub static RECOGNISERS: &[&dyn Recogniser] = &[
    &rut::Rut,
    &email::Email,
    &phone::Phone,
    &name::PersonName,
    &address::Address,
    &plate::Plate,
    &card::Card,
    &ip::PublicIp,
    &document::IdDocument,
    &document::BankAccount,
    &birth_date::BirthDate,
    &coordinates::Coordinates,
    &sensitive::SensitiveHeader,
];

/// Looks at one column and adds what it finds to `found`.
pub trait Recogniser: Sync {
    /// Judges the column.
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>);
}

/// How a column decision is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Identifies a person: `personal-data`.
    Direct,
    /// Identifies a person in some contexts: `possible-personal-data`.
    Possible,
    /// A sensitive category: `sensitive-data`.
    Sensitive,
    /// `personal-data` when the rows are people's (a direct identifier or quasi-identifiers
    /// elsewhere in the table), `possible-personal-data` otherwise (addresses, plates).
    ErrorInPersonRows,
    /// Reported only when the rows are people's (coordinates, day-precision dates).
    OnlyInPersonRows {
        /// An error (rather than a warning) when they are.
        error: bool,
    },
}

/// What was found in one column.
#[derive(Debug)]
pub struct Decision {
    /// The category.
    pub category: Category,
    /// How it is reported.
    pub level: Level,
    /// `header`, `content` or `both`.
    pub evidence: &'static str,
    /// Sampled cells that matched.
    pub matched: u64,
    /// Up to three masked examples.
    pub examples: Vec<String>,
    /// What else the decision rests on.
    pub context: Context,
    /// The header word that named the category, if one did.
    pub word: Option<String>,
}

impl Decision {
    /// The decision, with what else it rests on.
    pub fn with_context(mut self, context: Context) -> Decision {
        self.context = context;
        self
    }
}

pub use crate::detail::Context;

/// A column as recognisers see it: its name, the header read, the categories it names, the
/// sampled cells, and whether the table lists public posts.
pub struct Sampled<'a> {
    /// The column's name.
    pub name: &'a str,
    /// The header's words and runs of words.
    pub words: Vec<String>,
    /// The header read: canonical words and whose data the column holds.
    pub header: &'a HeaderWords,
    /// Categories the header names.
    pub hints: &'a [Category],
    /// (sampled row ordinal, cell), non-empty cells only.
    pub sample: &'a [(u64, String)],
    /// Years of birth that fit a living person.
    pub birth_years: BirthYears,
    /// The table lists public posts (`cargo`, `estamento`, `grado`…): names in it are
    /// officials' unless their header says otherwise.
    pub posts: bool,
    person_ruts: OnceCell<(u64, Vec<String>)>,
}

impl<'a> Sampled<'a> {
    /// A column to judge.
    pub fn new(
        name: &'a str,
        header: &'a HeaderWords,
        hints: &'a [Category],
        sample: &'a [(u64, String)],
        birth_years: BirthYears,
    ) -> Sampled<'a> {
        Sampled {
            name,
            words: lexicon::ngrams(&header.words),
            header,
            hints,
            sample,
            birth_years,
            posts: false,
            person_ruts: OnceCell::new(),
        }
    }

    /// The column, in a table that lists public posts or not.
    pub fn in_posts_table(mut self, posts: bool) -> Sampled<'a> {
        self.posts = posts;
        self
    }

    /// Whose data the header says the column holds.
    pub fn entity(&self) -> Option<Entity> {
        self.header.entity()
    }

    /// Whether the header names something that is not a person: a place, a territory, an
    /// organisation, an event, a pseudonym.
    pub fn about_no_person(&self) -> bool {
        matches!(
            self.entity(),
            Some(
                Entity::Place
                    | Entity::Territory
                    | Entity::Organisation
                    | Entity::Event
                    | Entity::Pseudonym
            )
        )
    }

    /// The share of the sampled cells that `n` is.
    pub fn share(&self, n: u64) -> f64 {
        let sampled = self.sampled();
        if sampled == 0 {
            0.0
        } else {
            n as f64 / sampled as f64
        }
    }

    /// The header word that names `category`, if one does.
    pub fn word_for(&self, category: Category) -> Option<String> {
        if !self.hint(category) {
            return None;
        }
        let lists = lexicon::lists_of(category);
        self.words
            .iter()
            .find(|w| lists.iter().any(|list| list.contains(&w.as_str())))
            .cloned()
    }

    /// Non-empty cells sampled.
    pub fn sampled(&self) -> u64 {
        self.sample.len() as u64
    }

    /// Whether the header names `category`.
    pub fn hint(&self, category: Category) -> bool {
        self.hints.contains(&category)
    }

    /// Whether one of the header's words is in `list`.
    pub fn strong(&self, list: &[&str]) -> bool {
        self.words.iter().any(|w| list.contains(&w.as_str()))
    }

    /// Whether `n` matches reach the threshold: `hinted` when the header names `category`,
    /// `alone` otherwise — and, without a hint, only over enough cells to be evidence.
    pub fn reaches(&self, n: u64, alone: f64, hinted: f64, category: Category) -> bool {
        let hinted_by_header = self.hint(category);
        let threshold = if hinted_by_header { hinted } else { alone };
        let sampled = self.sampled();
        (hinted_by_header || sampled >= MIN_SAMPLE_ALONE)
            && n > 0
            && n as f64 / sampled as f64 >= threshold
    }

    /// Counts the sampled cells `accept` takes, with up to three examples masked as
    /// `category`.
    pub fn count(&self, category: Category, accept: impl Fn(&str) -> bool) -> (u64, Vec<String>) {
        let mut matched = 0;
        let mut examples = Vec::new();
        for (_, cell) in self.sample {
            if accept(cell) {
                matched += 1;
                if examples.len() < 3 {
                    examples.push(mask_for(category, cell));
                }
            }
        }
        (matched, examples)
    }

    /// Cells that read as a person's RUT (counted once, shared by the recognisers that need
    /// it): written as a RUT, or compact with a body of at least seven digits — small numbers
    /// pass the check digit by chance far too often.
    pub fn person_ruts(&self) -> &(u64, Vec<String>) {
        self.person_ruts.get_or_init(|| {
            self.count(Category::Rut, |cell| {
                (crate::rut::has_rut_shape(cell) || cell.trim().len() >= 8)
                    && crate::rut::parse(cell).is_some_and(|(body, _)| {
                        crate::rut::holder(body) == crate::rut::Holder::Person
                    })
            })
        })
    }

    /// Distinct sampled values.
    pub fn distinct(&self) -> u64 {
        let set: std::collections::HashSet<&str> =
            self.sample.iter().map(|(_, c)| c.as_str()).collect();
        set.len() as u64
    }

    /// A decision on the values, with the evidence the header adds.
    pub fn found(
        &self,
        category: Category,
        level: Level,
        matched: u64,
        examples: Vec<String>,
    ) -> Decision {
        Decision {
            category,
            level,
            evidence: if self.hint(category) {
                "both"
            } else {
                "content"
            },
            matched,
            examples,
            context: Context::Plain,
            word: self.word_for(category),
        }
    }

    /// A decision on the header's word alone, with masked examples of what the column holds.
    pub fn header_only(&self, category: Category, level: Level) -> Decision {
        Decision {
            category,
            level,
            evidence: "header",
            matched: 0,
            examples: self
                .sample
                .iter()
                .take(3)
                .map(|(_, cell)| mask_for(category, cell))
                .collect(),
            context: Context::Plain,
            word: self.word_for(category),
        }
    }
}

pub(crate) use split_rut::split_ruts;

/// Every recogniser's decisions about one column.
pub fn decide(column: &Sampled<'_>) -> Vec<Decision> {
    let mut found = Vec::new();
    if column.sample.is_empty() {
        return found;
    }
    for recogniser in RECOGNISERS {
        recogniser.recognise(column, &mut found);
    }
    found
}
