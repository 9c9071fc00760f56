//! A schema field compiled once into a small validator used for every cell: the type reader
//! with its options resolved, the missing values, and the constraints with their bounds parsed
//! in the field's type and their pattern compiled.

use super::value::{self, NumberFormat, Pattern, Value};
use super::{Field, FieldType};
use regex::Regex;
use serde_json::Value as Json;

/// How dates and times are written.
#[derive(Clone, Debug)]
enum DateFormat {
    /// ISO 8601.
    Default,
    /// ISO 8601 or any common pattern (day first, as in Chile).
    Any,
    /// One strftime pattern.
    Pattern(Pattern),
}

/// Patterns tried by `format: any`, day-first as Chilean and Spanish data are written.
const ANY_DATE_PATTERNS: &[&str] = &[
    "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%y", "%d/%m/%y", "%Y%m%d",
];
const ANY_DATETIME_PATTERNS: &[&str] = &[
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
];
const ANY_TIME_PATTERNS: &[&str] = &["%H:%M", "%I:%M %p", "%I:%M:%S %p", "%H%M%S"];

/// How a cell becomes a value.
#[derive(Clone, Debug)]
enum Reader {
    String(StringFormat),
    Integer(NumberFormat),
    Number(NumberFormat),
    Boolean {
        yes: Vec<String>,
        no: Vec<String>,
    },
    Date(DateFormat),
    Datetime(DateFormat),
    Time(DateFormat),
    Year,
    Yearmonth,
    Duration,
    Geopoint(String),
    Object,
    Array,
    Geojson,
    List {
        delimiter: String,
        item: Box<Reader>,
    },
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StringFormat {
    Plain,
    Email,
    Uri,
    Uuid,
}

/// Why a field of a Table Schema cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// A date pattern with a `%` directive calidad does not know.
    #[error("date format {0:?} has an unknown % directive")]
    DatePattern(String),
    /// `decimalChar` or `groupChar` longer than one character.
    #[error("{what} must be one character, not {text:?}")]
    NotOneChar {
        /// `decimalChar` or `groupChar`.
        what: &'static str,
        /// As written.
        text: String,
    },
    /// The same character for decimals and groups.
    #[error("decimalChar and groupChar must differ")]
    SameSeparators,
    /// A `format` the type does not have.
    #[error("unknown {kind} format {format:?}")]
    Format {
        /// The type (`string`, `geopoint`).
        kind: &'static str,
        /// The format as written.
        format: String,
    },
    /// A `pattern` that is not a regular expression.
    #[error("pattern {pattern:?} does not compile: {reason}")]
    Pattern {
        /// The pattern.
        pattern: String,
        /// The regex crate's message.
        reason: String,
    },
    /// A bound that is not a value of the field's type.
    #[error("constraint {name} {value} is not a {kind} value")]
    Bound {
        /// The constraint.
        name: &'static str,
        /// Its value as written.
        value: String,
        /// The field's type.
        kind: &'static str,
    },
}

fn date_format(field: &Field) -> Result<DateFormat, FieldError> {
    match field.format.as_deref() {
        None | Some("default") => Ok(DateFormat::Default),
        Some("any") => Ok(DateFormat::Any),
        Some(pattern) => {
            // Frictionless v0 allowed `fmt:%d/%m/%Y`.
            let pattern = pattern.strip_prefix("fmt:").unwrap_or(pattern);
            Pattern::compile(pattern)
                .map(DateFormat::Pattern)
                .ok_or_else(|| FieldError::DatePattern(pattern.to_owned()))
        }
    }
}

fn single_char(
    text: &Option<String>,
    default: Option<char>,
    what: &'static str,
) -> Result<Option<char>, FieldError> {
    match text.as_deref() {
        None => Ok(default),
        Some(text) => {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(Some(c)),
                (None, _) => Ok(None),
                _ => Err(FieldError::NotOneChar {
                    what,
                    text: text.to_owned(),
                }),
            }
        }
    }
}

fn number_format(field: &Field) -> Result<NumberFormat, FieldError> {
    let decimal = single_char(&field.decimal_char, Some('.'), "decimalChar")?.unwrap_or('.');
    let group = single_char(&field.group_char, None, "groupChar")?;
    if group == Some(decimal) {
        return Err(FieldError::SameSeparators);
    }
    Ok(NumberFormat {
        decimal,
        group,
        bare: field.bare_number.unwrap_or(true),
    })
}

fn reader_for(kind: FieldType, field: &Field) -> Result<Reader, FieldError> {
    let unknown = |kind: &'static str, format: &str| FieldError::Format {
        kind,
        format: format.to_owned(),
    };
    Ok(match kind {
        FieldType::String => Reader::String(match field.format.as_deref() {
            None | Some("default") | Some("binary") => StringFormat::Plain,
            Some("email") => StringFormat::Email,
            Some("uri") => StringFormat::Uri,
            Some("uuid") => StringFormat::Uuid,
            Some(other) => return Err(unknown("string", other)),
        }),
        FieldType::Integer => Reader::Integer(number_format(field)?),
        FieldType::Number => Reader::Number(number_format(field)?),
        FieldType::Boolean => Reader::Boolean {
            yes: field
                .true_values
                .clone()
                .unwrap_or_else(|| ["true", "True", "TRUE", "1"].map(String::from).to_vec()),
            no: field
                .false_values
                .clone()
                .unwrap_or_else(|| ["false", "False", "FALSE", "0"].map(String::from).to_vec()),
        },
        FieldType::Date => Reader::Date(date_format(field)?),
        FieldType::Datetime => Reader::Datetime(date_format(field)?),
        FieldType::Time => Reader::Time(date_format(field)?),
        FieldType::Year => Reader::Year,
        FieldType::Yearmonth => Reader::Yearmonth,
        FieldType::Duration => Reader::Duration,
        FieldType::Geopoint => Reader::Geopoint(match field.format.as_deref() {
            None | Some("default") => "default".to_owned(),
            Some(f @ ("array" | "object")) => f.to_owned(),
            Some(other) => return Err(unknown("geopoint", other)),
        }),
        FieldType::Object => Reader::Object,
        FieldType::Array => Reader::Array,
        FieldType::Geojson => Reader::Geojson,
        FieldType::List => Reader::List {
            delimiter: field.delimiter.clone().unwrap_or_else(|| ",".to_owned()),
            item: Box::new(match field.item_type {
                None | Some(FieldType::List) => Reader::String(StringFormat::Plain),
                Some(item) => reader_for(item, &Field::default())?,
            }),
        },
        FieldType::Any => Reader::Any,
    })
}

fn read_date(format: &DateFormat, cell: &str, patterns: &[&str], kind: u8) -> Option<i64> {
    let iso = match kind {
        0 => value::parse_iso_date(cell),
        1 => value::parse_iso_datetime(cell),
        _ => value::parse_iso_time(cell),
    };
    let with = |pattern: &Pattern| match kind {
        0 => pattern.date(cell),
        1 => pattern.datetime(cell),
        _ => pattern.time(cell),
    };
    match format {
        DateFormat::Default => iso,
        DateFormat::Pattern(pattern) => with(pattern),
        DateFormat::Any => iso.or_else(|| {
            patterns
                .iter()
                .filter_map(|p| Pattern::compile(p))
                .find_map(|p| with(&p))
        }),
    }
}

impl Reader {
    fn read(&self, cell: &str) -> Option<Value> {
        match self {
            Reader::String(format) => {
                let ok = match format {
                    StringFormat::Plain => true,
                    StringFormat::Email => value::is_email(cell),
                    StringFormat::Uri => value::is_uri(cell),
                    StringFormat::Uuid => value::is_uuid(cell),
                };
                ok.then_some(Value::Text)
            }
            Reader::Integer(format) => value::parse_integer(cell, format).map(Value::Integer),
            Reader::Number(format) => value::parse_number(cell, format).map(Value::Number),
            Reader::Boolean { yes, no } => {
                if yes.iter().any(|v| v == cell) {
                    Some(Value::Boolean(true))
                } else if no.iter().any(|v| v == cell) {
                    Some(Value::Boolean(false))
                } else {
                    None
                }
            }
            Reader::Date(format) => read_date(format, cell, ANY_DATE_PATTERNS, 0).map(Value::Days),
            Reader::Datetime(format) => {
                read_date(format, cell, ANY_DATETIME_PATTERNS, 1).map(Value::Micros)
            }
            Reader::Time(format) => {
                read_date(format, cell, ANY_TIME_PATTERNS, 2).map(Value::Micros)
            }
            Reader::Year => value::parse_year(cell).map(Value::Days),
            Reader::Yearmonth => value::parse_yearmonth(cell).map(Value::Days),
            Reader::Duration => value::parse_duration(cell).map(|(m, u)| Value::Duration(m, u)),
            Reader::Geopoint(format) => {
                value::parse_geopoint(cell, format).map(|(x, y)| Value::Point(x, y))
            }
            Reader::Object => match serde_json::from_str::<Json>(cell).ok()? {
                Json::Object(map) => Some(Value::Items(map.len() as u64)),
                _ => None,
            },
            Reader::Array => match serde_json::from_str::<Json>(cell).ok()? {
                Json::Array(items) => Some(Value::Items(items.len() as u64)),
                _ => None,
            },
            Reader::Geojson => match serde_json::from_str::<Json>(cell).ok()? {
                Json::Object(map) if map.get("type").is_some_and(Json::is_string) => {
                    Some(Value::Text)
                }
                _ => None,
            },
            Reader::List { delimiter, item } => {
                let mut count = 0;
                for part in cell.split(delimiter.as_str()) {
                    item.read(part.trim())?;
                    count += 1;
                }
                Some(Value::Items(count))
            }
            Reader::Any => Some(Value::Text),
        }
    }

    /// Reads a constraint value written in JSON (a number, or a string in the field's format).
    fn read_json(&self, json: &Json) -> Option<Value> {
        match json {
            Json::String(text) => self.read(text),
            Json::Number(n) => match self {
                Reader::Integer(_) => n.as_i64().map(|v| Value::Integer(i128::from(v))),
                Reader::Year => n.as_i64().map(Value::Days),
                _ => n.as_f64().map(Value::Number),
            },
            Json::Bool(b) => matches!(self, Reader::Boolean { .. }).then_some(Value::Boolean(*b)),
            _ => None,
        }
    }
}

/// A constraint a cell broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// `required`: the cell is missing.
    Required,
    /// `enum`: not one of the allowed values.
    Enum(String),
    /// `minLength`.
    MinLength(u64),
    /// `maxLength`.
    MaxLength(u64),
    /// `pattern`.
    Pattern(String),
    /// `minimum`.
    Minimum(String),
    /// `maximum`.
    Maximum(String),
    /// `exclusiveMinimum`.
    ExclusiveMinimum(String),
    /// `exclusiveMaximum`.
    ExclusiveMaximum(String),
}

impl Broken {
    /// The constraint's name in Table Schema.
    pub fn name(&self) -> &'static str {
        match self {
            Broken::Required => "required",
            Broken::Enum(_) => "enum",
            Broken::MinLength(_) => "minLength",
            Broken::MaxLength(_) => "maxLength",
            Broken::Pattern(_) => "pattern",
            Broken::Minimum(_) => "minimum",
            Broken::Maximum(_) => "maximum",
            Broken::ExclusiveMinimum(_) => "exclusiveMinimum",
            Broken::ExclusiveMaximum(_) => "exclusiveMaximum",
        }
    }

    /// The constraint's value as written in the schema (empty for `required`).
    pub fn bound(&self) -> String {
        match self {
            Broken::Required => String::new(),
            Broken::MinLength(n) | Broken::MaxLength(n) => n.to_string(),
            Broken::Enum(text)
            | Broken::Pattern(text)
            | Broken::Minimum(text)
            | Broken::Maximum(text)
            | Broken::ExclusiveMinimum(text)
            | Broken::ExclusiveMaximum(text) => text.clone(),
        }
    }
}

/// What one cell is, checked against its field.
#[derive(Clone, Debug, PartialEq)]
pub enum CellCheck {
    /// A missing value (allowed).
    Missing,
    /// A value that meets every constraint.
    Valid(Value),
    /// Not a value of the field's type (or format).
    TypeError,
    /// A value (or a missing cell) that breaks a constraint.
    Constraint(Broken),
}

/// A `pattern` constraint. Runs of digits (`[0-9]{5}`, `\d+`: the patterns of codes, and the
/// ones inference writes) are matched by a byte loop; anything else by the `regex` crate, which
/// matches the whole cell.
#[derive(Clone)]
enum Matcher {
    Digits { min: usize, max: usize },
    Regex(Regex),
}

impl Matcher {
    fn compile(text: &str) -> Result<Matcher, FieldError> {
        if let Some((min, max)) = digit_run(text) {
            return Ok(Matcher::Digits { min, max });
        }
        Regex::new(&format!("^(?:{text})$"))
            .map(Matcher::Regex)
            .map_err(|e| FieldError::Pattern {
                pattern: text.to_owned(),
                reason: e.to_string(),
            })
    }

    fn is_match(&self, cell: &str) -> bool {
        match self {
            Matcher::Digits { min, max } => {
                (*min..=*max).contains(&cell.len()) && cell.bytes().all(|b| b.is_ascii_digit())
            }
            Matcher::Regex(regex) => regex.is_match(cell),
        }
    }
}

/// `[0-9]{n}`, `[0-9]{n,m}`, `[0-9]+`, `[0-9]*` and the same with `\d`: the length range.
fn digit_run(text: &str) -> Option<(usize, usize)> {
    // Not `\d`: in the regex crate it matches every Unicode digit (`٣`), not only ASCII ones.
    let rest = text.strip_prefix("[0-9]")?;
    match rest {
        "+" => Some((1, usize::MAX)),
        "*" => Some((0, usize::MAX)),
        _ => {
            let inner = rest.strip_prefix('{')?.strip_suffix('}')?;
            match inner.split_once(',') {
                None => {
                    let n = inner.parse().ok()?;
                    Some((n, n))
                }
                Some((a, b)) => {
                    let min = a.parse().ok()?;
                    let max = if b.is_empty() {
                        usize::MAX
                    } else {
                        b.parse().ok()?
                    };
                    (min <= max).then_some((min, max))
                }
            }
        }
    }
}

#[derive(Clone)]
struct Bound {
    value: Value,
    written: String,
}

/// An `enum` constraint: its values as typed keys and as written, for lookups that cost the
/// same whatever the list's length, and how messages describe it (never the whole list).
#[derive(Clone)]
struct Allowed {
    keys: std::sync::Arc<std::collections::HashSet<[u8; 17]>>,
    texts: std::sync::Arc<std::collections::HashSet<String>>,
    described: String,
}

/// Values of an `enum` a message shows.
const ENUM_SHOWN: usize = 10;

impl Allowed {
    fn new(values: &[Json], reader: &Reader) -> Allowed {
        let texts: Vec<String> = values.iter().map(written).collect();
        let keys = values
            .iter()
            .filter_map(|v| reader.read_json(v).and_then(|v| v.key()))
            .collect();
        let mut described: Vec<String> = texts.iter().take(ENUM_SHOWN).cloned().collect();
        if texts.len() > ENUM_SHOWN {
            described.push(format!("… ({} values)", texts.len()));
        }
        Allowed {
            keys: std::sync::Arc::new(keys),
            described: described.join(", "),
            texts: std::sync::Arc::new(texts.into_iter().collect()),
        }
    }

    fn contains(&self, cell: &str, value: &Value) -> bool {
        self.texts.contains(cell) || value.key().is_some_and(|key| self.keys.contains(&key))
    }
}

/// One field, compiled (cloned cheaply: a compiled regex is shared).
#[derive(Clone)]
pub struct FieldValidator {
    /// The field's name.
    pub name: String,
    /// Its type.
    pub kind: FieldType,
    /// Its format as written (`default` when not given).
    pub format: String,
    reader: Reader,
    missing: std::sync::Arc<std::collections::HashSet<String>>,
    /// The missing values are just `""` (the usual case, checked without a loop).
    only_empty_missing: bool,
    /// `required`.
    pub required: bool,
    /// `unique`.
    pub unique: bool,
    allowed: Option<Allowed>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<(Matcher, String)>,
    minimum: Option<Bound>,
    maximum: Option<Bound>,
    exclusive_minimum: Option<Bound>,
    exclusive_maximum: Option<Bound>,
}

impl std::fmt::Debug for FieldValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldValidator")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish()
    }
}

fn written(json: &Json) -> String {
    match json {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl FieldValidator {
    /// Compiles `field`; `schema_missing` are the schema's missing values. Fails with a message
    /// when the field's format, pattern or constraint values cannot be used.
    pub fn compile(field: &Field, schema_missing: &[String]) -> Result<FieldValidator, FieldError> {
        FieldValidator::build(field, schema_missing, true)
    }

    /// Whether `field` compiles, without building its `enum` and missing-value sets (which for
    /// a long list cost more than everything else).
    pub fn compiles(field: &Field) -> Result<(), FieldError> {
        FieldValidator::build(field, &[], false).map(|_| ())
    }

    fn build(
        field: &Field,
        schema_missing: &[String],
        with_sets: bool,
    ) -> Result<FieldValidator, FieldError> {
        let reader = reader_for(field.kind, field)?;
        let c = &field.constraints;
        let bound =
            |json: &Option<Json>, name: &'static str| -> Result<Option<Bound>, FieldError> {
                match json {
                    None => Ok(None),
                    Some(json) => reader
                        .read_json(json)
                        .filter(|v| !matches!(v, Value::Text | Value::Items(_)))
                        .map(|value| {
                            Some(Bound {
                                value,
                                written: written(json),
                            })
                        })
                        .ok_or_else(|| FieldError::Bound {
                            name,
                            value: json.to_string(),
                            kind: field.kind.as_str(),
                        }),
                }
            };
        let pattern = match &c.pattern {
            None => None,
            Some(text) => Some((Matcher::compile(text)?, text.clone())),
        };
        let allowed = c
            .allowed
            .as_ref()
            .filter(|_| with_sets)
            .map(|values| Allowed::new(values, &reader));
        let missing = field.missing_values.as_deref().unwrap_or(schema_missing);
        Ok(FieldValidator {
            name: field.name.clone(),
            kind: field.kind,
            format: field.format.clone().unwrap_or_else(|| "default".to_owned()),
            only_empty_missing: missing == [String::new()],
            missing: std::sync::Arc::new(if with_sets {
                missing.iter().cloned().collect()
            } else {
                Default::default()
            }),
            required: c.required.unwrap_or(false),
            unique: c.unique.unwrap_or(false),
            allowed,
            min_length: c.min_length,
            max_length: c.max_length,
            minimum: bound(&c.minimum, "minimum")?,
            maximum: bound(&c.maximum, "maximum")?,
            exclusive_minimum: bound(&c.exclusive_minimum, "exclusiveMinimum")?,
            exclusive_maximum: bound(&c.exclusive_maximum, "exclusiveMaximum")?,
            pattern,
            reader,
        })
    }

    /// Whether `cell` is one of the field's missing values.
    pub fn is_missing(&self, cell: &str) -> bool {
        if self.only_empty_missing {
            return cell.is_empty();
        }
        self.missing.contains(cell)
    }

    /// Reads `cell` as the field's type, ignoring constraints.
    pub fn read(&self, cell: &str) -> Option<Value> {
        self.reader.read(cell)
    }

    /// Checks one cell: missing, type, then each constraint in Table Schema's order. A cell
    /// gets at most one error, as in Frictionless.
    pub fn check(&self, cell: &str) -> CellCheck {
        if self.is_missing(cell) {
            return if self.required {
                CellCheck::Constraint(Broken::Required)
            } else {
                CellCheck::Missing
            };
        }
        let Some(value) = self.reader.read(cell) else {
            return CellCheck::TypeError;
        };
        if let Some(broken) = self.broken(cell, &value) {
            return CellCheck::Constraint(broken);
        }
        CellCheck::Valid(value)
    }

    fn broken(&self, cell: &str, value: &Value) -> Option<Broken> {
        if let Some(allowed) = &self.allowed
            && !allowed.contains(cell, value)
        {
            return Some(Broken::Enum(allowed.described.clone()));
        }
        if self.min_length.is_some() || self.max_length.is_some() {
            let length = match value {
                Value::Items(n) => *n,
                _ => cell.chars().count() as u64,
            };
            if let Some(min) = self.min_length.filter(|&min| length < min) {
                return Some(Broken::MinLength(min));
            }
            if let Some(max) = self.max_length.filter(|&max| length > max) {
                return Some(Broken::MaxLength(max));
            }
        }
        if let Some((matcher, text)) = &self.pattern
            && !matcher.is_match(cell)
        {
            return Some(Broken::Pattern(text.clone()));
        }
        use std::cmp::Ordering::{self, Equal, Greater, Less};
        fn order<'b>(value: &Value, bound: &'b Option<Bound>) -> Option<(Ordering, &'b str)> {
            let bound = bound.as_ref()?;
            Some((value.compare(&bound.value)?, bound.written.as_str()))
        }
        let order = |bound| order(value, bound);
        if let Some((Less, written)) = order(&self.minimum) {
            return Some(Broken::Minimum(written.to_owned()));
        }
        if let Some((Greater, written)) = order(&self.maximum) {
            return Some(Broken::Maximum(written.to_owned()));
        }
        if let Some((Less | Equal, written)) = order(&self.exclusive_minimum) {
            return Some(Broken::ExclusiveMinimum(written.to_owned()));
        }
        if let Some((Greater | Equal, written)) = order(&self.exclusive_maximum) {
            return Some(Broken::ExclusiveMaximum(written.to_owned()));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;
    use serde_json::json;

    fn field(json: Json) -> FieldValidator {
        let schema = Schema::from_json(&json!({ "fields": [json] })).unwrap();
        FieldValidator::compile(&schema.fields[0], &schema.missing_values).unwrap()
    }

    #[test]
    fn types_and_missing_values() {
        let f = field(json!({"name": "n", "type": "integer"}));
        assert_eq!(f.check(""), CellCheck::Missing);
        assert_eq!(f.check("12"), CellCheck::Valid(Value::Integer(12)));
        assert_eq!(f.check("x"), CellCheck::TypeError);
        let f = field(json!({"name": "n", "type": "integer", "constraints": {"required": true}}));
        assert_eq!(f.check(""), CellCheck::Constraint(Broken::Required));
    }

    #[test]
    fn constraints() {
        let f = field(json!({"name": "edad", "type": "integer",
            "constraints": {"minimum": 0, "maximum": 120, "enum": [1, 2, 3, 200]}}));
        assert_eq!(f.check("2"), CellCheck::Valid(Value::Integer(2)));
        assert_eq!(
            f.check("02"),
            CellCheck::Valid(Value::Integer(2)),
            "enum compares values"
        );
        assert!(matches!(
            f.check("4"),
            CellCheck::Constraint(Broken::Enum(_))
        ));
        assert_eq!(
            f.check("200"),
            CellCheck::Constraint(Broken::Maximum("120".into()))
        );
        let f = field(json!({"name": "comuna", "type": "string",
            "constraints": {"pattern": "[0-9]{5}", "minLength": 5}}));
        assert_eq!(f.check("05606"), CellCheck::Valid(Value::Text));
        assert_eq!(f.check("5606"), CellCheck::Constraint(Broken::MinLength(5)));
        assert!(matches!(
            f.check("0560x"),
            CellCheck::Constraint(Broken::Pattern(_))
        ));
        let f = field(
            json!({"name": "fecha", "type": "date", "format": "%d-%m-%Y",
            "constraints": {"exclusiveMinimum": "31-12-2019"}}),
        );
        assert!(matches!(
            f.check("31-12-2019"),
            CellCheck::Constraint(Broken::ExclusiveMinimum(_))
        ));
        assert!(matches!(f.check("01-01-2020"), CellCheck::Valid(_)));
        assert_eq!(f.check("2020-01-01"), CellCheck::TypeError);
    }

    #[test]
    fn digit_patterns_match_like_the_regex() {
        for pattern in ["[0-9]{5}", "[0-9]+", "[0-9]*", "[0-9]{2,3}", "[0-9]{2,}"] {
            let fast = Matcher::compile(pattern).unwrap();
            assert!(matches!(fast, Matcher::Digits { .. }), "{pattern}");
            let regex = Regex::new(&format!("^(?:{pattern})$")).unwrap();
            for cell in ["", "1", "12", "123", "12345", "123456", "1234a", "٣٣", "a"] {
                assert_eq!(
                    fast.is_match(cell),
                    regex.is_match(cell),
                    "{pattern} {cell:?}"
                );
            }
        }
        assert!(matches!(
            Matcher::compile("[0-9]{5}-[0-9]").unwrap(),
            Matcher::Regex(_)
        ));
        let unicode = Matcher::compile("\\d{2}").unwrap();
        assert!(
            unicode.is_match("٣٣"),
            "\\d keeps the regex crate's meaning"
        );
    }

    #[test]
    fn bad_fields_do_not_compile() {
        let schema = Schema {
            fields: vec![Field {
                name: "x".into(),
                kind: FieldType::Integer,
                constraints: Box::new(crate::schema::Constraints {
                    minimum: Some(json!("abc")),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            missing_values: vec![],
            primary_key: None,
            foreign_keys: vec![],
            fields_match: None,
        };
        assert!(FieldValidator::compile(&schema.fields[0], &[]).is_err());
    }

    #[test]
    fn booleans_lists_and_json() {
        let f = field(
            json!({"name": "b", "type": "boolean", "trueValues": ["sí", "si"], "falseValues": ["no"]}),
        );
        assert_eq!(f.check("sí"), CellCheck::Valid(Value::Boolean(true)));
        assert_eq!(f.check("true"), CellCheck::TypeError);
        let f = field(
            json!({"name": "l", "type": "list", "itemType": "integer", "constraints": {"maxLength": 2}}),
        );
        assert_eq!(f.check("1,2"), CellCheck::Valid(Value::Items(2)));
        assert_eq!(f.check("1,x"), CellCheck::TypeError);
        assert_eq!(
            f.check("1,2,3"),
            CellCheck::Constraint(Broken::MaxLength(2))
        );
        let f = field(json!({"name": "o", "type": "object"}));
        assert!(matches!(f.check("{\"a\": 1}"), CellCheck::Valid(_)));
        assert_eq!(f.check("[1]"), CellCheck::TypeError);
    }
}
