//! Opt-in check specifications in Frictionless' CLI syntax:
//! `forbidden-value:fieldName='name':values=['english']`, `table-dimensions:minRows=5`,
//! `row-constraint:formula='id > 1'`. Parsed once, checked when the validator is built.

/// Why an opt-in check specification cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SpecError {
    /// Nothing before the first `:`.
    #[error("empty check name")]
    EmptyName,
    /// A parameter that is not `key=value`.
    #[error("parameter {0:?} must look like key=value")]
    NotKeyValue(String),
    /// A quote that never closes.
    #[error("unclosed quote in {0:?}")]
    UnclosedQuote(String),
    /// Brackets that do not pair up.
    #[error("unbalanced brackets in {0:?}")]
    UnbalancedBrackets(String),
    /// A required parameter is missing.
    #[error("{code} needs the parameter {key}")]
    Missing {
        /// The check.
        code: String,
        /// The parameter.
        key: String,
    },
    /// A parameter that should be a number is not.
    #[error("{code} parameter {key} must be a number")]
    NotANumber {
        /// The check.
        code: String,
        /// The parameter.
        key: String,
    },
    /// A parameter the check does not take.
    #[error("{code} has no parameter {key} (it takes {known})")]
    UnknownParameter {
        /// The check.
        code: String,
        /// The parameter.
        key: String,
        /// The parameters it takes, joined.
        known: String,
    },
    /// A parameter with a value the check cannot use.
    #[error("{code}: {reason}")]
    Invalid {
        /// The check.
        code: String,
        /// What is wrong.
        reason: String,
    },
    /// A `row-constraint` formula that does not parse.
    #[error(transparent)]
    Formula(#[from] crate::expr::ExprError),
    /// A check descriptor that is not an object with a `type`.
    #[error("expected an object with a \"type\"")]
    NotADescriptor,
    /// No opt-in check has this code.
    #[error("unknown check {code:?}; opt-in checks are {known}")]
    UnknownCheck {
        /// The code asked for.
        code: String,
        /// The opt-in codes, joined.
        known: String,
    },
}

/// A specification that cannot be used, and the text it came from (`--checks TEXT`, or a
/// check descriptor as JSON).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("check {text}: {problem}")]
pub struct CheckSpecError {
    /// The specification as given.
    pub text: String,
    /// What is wrong with it.
    pub problem: SpecError,
}

/// A parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    /// Text (quoted, or a bare word).
    Text(String),
    /// A number.
    Number(f64),
    /// A list.
    List(Vec<Param>),
}

impl Param {
    /// The value as text (numbers as written by Rust).
    pub fn as_text(&self) -> String {
        match self {
            Param::Text(text) => text.clone(),
            Param::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Param::Number(n) => n.to_string(),
            Param::List(items) => items
                .iter()
                .map(Param::as_text)
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// One opt-in check and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckSpec {
    /// The check's code, e.g. `forbidden-value`.
    pub code: String,
    /// Parameters in the order given.
    pub params: Vec<(String, Param)>,
}

impl CheckSpec {
    /// Parses `code:key=value:key=value`.
    pub fn parse(text: &str) -> Result<CheckSpec, SpecError> {
        let parts = split_top_level(text.trim(), ':')?;
        let mut parts = parts.into_iter();
        let code = parts.next().unwrap_or_default().trim().to_owned();
        if code.is_empty() {
            return Err(SpecError::EmptyName);
        }
        let mut params = Vec::new();
        for part in parts {
            let Some((key, value)) = part.split_once('=') else {
                return Err(SpecError::NotKeyValue(part));
            };
            params.push((key.trim().to_owned(), parse_value(value.trim())?));
        }
        Ok(CheckSpec { code, params })
    }

    /// A parameter.
    pub fn get(&self, key: &str) -> Option<&Param> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A text parameter.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(Param::as_text)
    }

    /// A required text parameter.
    pub fn required_text(&self, key: &str) -> Result<String, SpecError> {
        self.text(key).ok_or_else(|| SpecError::Missing {
            code: self.code.clone(),
            key: key.to_owned(),
        })
    }

    /// An error about this check's parameters.
    pub fn invalid(&self, reason: impl Into<String>) -> SpecError {
        SpecError::Invalid {
            code: self.code.clone(),
            reason: reason.into(),
        }
    }

    /// A number parameter.
    pub fn number(&self, key: &str) -> Result<Option<f64>, SpecError> {
        let not_a_number = || SpecError::NotANumber {
            code: self.code.clone(),
            key: key.to_owned(),
        };
        match self.get(key) {
            None => Ok(None),
            Some(Param::Number(n)) => Ok(Some(*n)),
            Some(Param::Text(t)) => t.parse().map(Some).map_err(|_| not_a_number()),
            Some(Param::List(_)) => Err(not_a_number()),
        }
    }

    /// A list parameter as texts (a single value is a list of one).
    pub fn texts(&self, key: &str) -> Option<Vec<String>> {
        self.get(key).map(|p| match p {
            Param::List(items) => items.iter().map(Param::as_text).collect(),
            other => vec![other.as_text()],
        })
    }

    /// Fails on parameters the check does not know.
    pub fn only(&self, known: &[&str]) -> Result<(), SpecError> {
        match self
            .params
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()))
        {
            Some((key, _)) => Err(SpecError::UnknownParameter {
                code: self.code.clone(),
                key: key.clone(),
                known: if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                },
            }),
            None => Ok(()),
        }
    }
}

/// Splits at `separator` outside quotes and brackets.
fn split_top_level(text: &str, separator: char) -> Result<Vec<String>, SpecError> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0i32;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '[' => depth += 1,
                ']' => depth -= 1,
                _ if c == separator && depth == 0 => {
                    parts.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            },
        }
        current.push(c);
    }
    if quote.is_some() {
        return Err(SpecError::UnclosedQuote(text.to_owned()));
    }
    if depth != 0 {
        return Err(SpecError::UnbalancedBrackets(text.to_owned()));
    }
    parts.push(current);
    Ok(parts)
}

fn parse_value(text: &str) -> Result<Param, SpecError> {
    if let Some(inner) = text.strip_prefix('[') {
        let inner = inner
            .strip_suffix(']')
            .ok_or_else(|| SpecError::UnbalancedBrackets(text.to_owned()))?;
        if inner.trim().is_empty() {
            return Ok(Param::List(Vec::new()));
        }
        return split_top_level(inner, ',')?
            .iter()
            .map(|item| parse_value(item.trim()))
            .collect::<Result<_, _>>()
            .map(Param::List);
    }
    for q in ['\'', '"'] {
        if text.len() >= 2 && text.starts_with(q) && text.ends_with(q) {
            return Ok(Param::Text(text[1..text.len() - 1].to_owned()));
        }
    }
    if let Ok(n) = text.parse::<f64>() {
        return Ok(Param::Number(n));
    }
    Ok(Param::Text(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frictionless_syntax() {
        let spec =
            CheckSpec::parse("forbidden-value:fieldName='name':values=['english', 'x:y']").unwrap();
        assert_eq!(spec.code, "forbidden-value");
        assert_eq!(spec.text("fieldName").as_deref(), Some("name"));
        assert_eq!(
            spec.texts("values").unwrap(),
            ["english".to_owned(), "x:y".to_owned()]
        );
        let dims = CheckSpec::parse("table-dimensions:minRows=5:maxFields=3").unwrap();
        assert_eq!(dims.number("minRows").unwrap(), Some(5.0));
        let formula = CheckSpec::parse("row-constraint:formula='id>1'").unwrap();
        assert_eq!(formula.text("formula").as_deref(), Some("id>1"));
        assert!(CheckSpec::parse("x:oops").is_err());
        assert!(CheckSpec::parse("x:a='open").is_err());
        assert!(dims.only(&["minRows"]).is_err());
    }
}
