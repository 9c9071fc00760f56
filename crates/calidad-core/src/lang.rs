//! Languages of the messages calidad writes, and bilingual static texts.

use serde::{Deserialize, Serialize};

/// The language of report messages. Spanish is the default: calidad is built for Chilean portals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Español.
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    /// Parses `es`/`en` (case-insensitive, also `es-CL`, `en_US.UTF-8`).
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        let primary = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        match primary {
            "es" | "spa" | "spanish" | "espanol" | "español" => Some(Lang::Es),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's code: `es` or `en`.
    pub fn code(self) -> &'static str {
        self.pick("es", "en")
    }

    /// Chooses a language from a POSIX locale such as the value of `LANG`: English for `en_*`,
    /// Spanish for anything else — `es_CL`, but also an unset locale, `C`, `C.UTF-8` and
    /// `POSIX`, the usual case on Windows, in containers and in cron: the people who publish
    /// on Chilean portals read Spanish.
    pub fn from_locale(locale: &str) -> Lang {
        match Lang::parse(locale) {
            Some(Lang::En) => Lang::En,
            _ => Lang::Es,
        }
    }

    /// A count with this language's thousands separator: `12.345` in Spanish, `12,345` in
    /// English.
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = self.pick(".", ",");
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(digit);
        }
        out
    }

    /// Picks one of two texts.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

/// A static text in both languages.
#[derive(Clone, Copy, Debug)]
pub struct Text {
    /// Spanish.
    pub es: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.es,
            Lang::En => self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(Lang::from_locale("es_CL.UTF-8"), Lang::Es);
        assert_eq!(Lang::from_locale("es"), Lang::Es);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::Es);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::Es);
        assert_eq!(Lang::from_locale("POSIX"), Lang::Es);
        assert_eq!(Lang::from_locale(""), Lang::Es);
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
