//! `mojibake`: UTF-8 text that was once read as Windows-1252/Latin-1 and saved again, so `ñ`
//! became `Ã±` and `–` became `â€“`.
//!
//! Detection reverses the damage: a run made of a lead character (`Â`, `Ã`, `â`…, the
//! Windows-1252 reading of a UTF-8 lead byte) and the continuation characters that follow it is
//! turned back into bytes; if those bytes are one valid UTF-8 character of the kind Spanish text
//! uses, the run is mojibake and the repaired text is the likely original. Text that merely
//! contains `Ã` (`SÃO PAULO`) does not qualify.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings, bounded};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{field_phrase, quoted, row};

/// The rule.
pub static MOJIBAKE: Rule = Rule {
    code: "mojibake",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Texto mal codificado (mojibake)",
        en: "Garbled Text (Mojibake)",
    },
    description: Text {
        es: "La celda tiene texto UTF-8 que alguna vez se leyó como Latin-1 y se volvió a guardar: `Ã±` en vez de `ñ`.",
        en: "The cell holds UTF-8 text that was once read as Latin-1 and saved again: `Ã±` instead of `ñ`.",
    },
    docs: Text {
        es: "## Qué significa\nEl texto de la celda tiene secuencias como `Ã±`, `Ã©`, `Ã³`, `Ã‘` o `â€“`: son letras con tilde o signos escritos en UTF-8 que un programa leyó como Windows-1252/Latin-1 y guardó de nuevo. El mensaje muestra el texto que probablemente se quiso escribir.\n\n## Por qué importa\nLos nombres quedan ilegibles (`PeÃ±alolÃ©n`), no coinciden con los de otras fuentes y los cruces por comuna o institución fallan. Una validación de codificación no lo detecta: el archivo es UTF-8 válido, pero su contenido está dañado.\n\n## Cómo corregirlo\nVuelva a exportar desde la fuente original indicando UTF-8, o repare el texto revirtiendo la doble codificación (por ejemplo con `iconv -f utf-8 -t windows-1252` sobre las celdas dañadas, o la función `fix_text` de la biblioteca ftfy). Luego revise que no queden celdas dañadas.",
        en: "## What it means\nThe cell's text holds sequences such as `Ã±`, `Ã©`, `Ã³`, `Ã‘` or `â€“`: accented letters or signs written in UTF-8 that a program read as Windows-1252/Latin-1 and saved again. The message shows the text that was most likely meant.\n\n## Why it matters\nNames become unreadable (`PeÃ±alolÃ©n`), no longer match other sources, and joins by comuna or institution fail. An encoding check does not catch it: the file is valid UTF-8, but its content is damaged.\n\n## How to fix it\nExport again from the original source choosing UTF-8, or repair the text by undoing the double encoding (for instance with `iconv -f utf-8 -t windows-1252` on the damaged cells, or the `fix_text` function of the ftfy library). Then check that no damaged cells remain.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let field = field_phrase(finding, lang);
    let cell = quoted(finding.cell.as_deref().unwrap_or(""));
    let suggestion = match &finding.detail {
        Detail::Mojibake { suggestion } => quoted(suggestion),
        _ => String::new(),
    };
    match lang {
        Lang::Es => format!(
            "La celda de la fila {row}, {field}, tiene texto mal codificado: {cell} probablemente era {suggestion}"
        ),
        Lang::En => format!(
            "The cell in row {row}, {field}, holds garbled text: {cell} was most likely {suggestion}"
        ),
    }
}

/// Reports cells (labels included) holding mojibake.
#[derive(Debug, Default)]
pub struct MojibakeCheck;

impl Check for MojibakeCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&MOJIBAKE];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        for (index, label) in header.labels.iter().enumerate() {
            if !may_hold_mojibake(label.as_bytes()) {
                continue;
            }
            if let Some(suggestion) = repair(label) {
                let mut finding = Finding::new(&MOJIBAKE)
                    .at_row(header.row_number, header.line_number)
                    .at_field(index as u64 + 1, header.field_name(index))
                    .with_cell(label)
                    .with_detail(Detail::Mojibake {
                        suggestion: bounded(&suggestion),
                    });
                finding.labels = Some(header.labels.clone());
                out.push(finding);
            }
        }
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        // One look at the row's text (every cell is in it) rules out almost every row. Rows
        // are looked at one by one, not buffer by buffer: a row held back as a possible
        // footer is checked after the buffer it came from is gone.
        if !may_hold_mojibake(row.text().as_bytes()) {
            return;
        }
        for (index, cell) in row.cells().enumerate() {
            if !may_hold_mojibake(cell.as_bytes()) {
                continue;
            }
            let Some(suggestion) = repair(cell) else {
                continue;
            };
            if !out.keeps(&MOJIBAKE, row.number, index as u64 + 1) {
                out.count(&MOJIBAKE);
                continue;
            }
            out.push(
                Finding::new(&MOJIBAKE)
                    .at_row(row.number, row.line)
                    .at_field(index as u64 + 1, header.field_name(index))
                    .with_cell(cell)
                    .with_cells(row.cells())
                    .with_detail(Detail::Mojibake {
                        suggestion: bounded(&suggestion),
                    }),
            );
        }
    }
}

/// Cheap prefilter on UTF-8 bytes: one of the lead characters `Â Ã Å Æ Ë â` (bytes `C3 82`,
/// `C3 83`, `C3 85`, `C3 86`, `C3 8B`, `C3 A2`) directly followed by the first byte of a
/// Windows-1252 upper-half character (`C2`, `C3`, `C5`, `C6`, `CB` or `E2`). It searches for the
/// second bytes, which clean Spanish text rarely has, so it runs at memory speed.
pub fn may_hold_mojibake(bytes: &[u8]) -> bool {
    let lead_at = |at: usize| {
        at > 0
            && bytes[at - 1] == 0xC3
            && matches!(
                bytes.get(at + 1),
                Some(0xC2 | 0xC3 | 0xC5 | 0xC6 | 0xCB | 0xE2)
            )
    };
    memchr::memchr3_iter(0x82, 0x83, 0xA2, bytes).any(lead_at)
        || memchr::memchr3_iter(0x85, 0x86, 0x8B, bytes).any(lead_at)
}

/// Characters that mojibake in Spanish-language data stands for: Latin-1 letters and signs,
/// Latin Extended-A, the Windows-1252 extras, typographic punctuation, `€` and `™`. Limiting the
/// repair to these keeps `CONCEPCIÓN` followed by a no-break space from reading as Cyrillic.
fn plausible(ch: char) -> bool {
    matches!(ch as u32, 0xA0..=0x17F | 0x192 | 0x2C6 | 0x2DC | 0x2010..=0x203A | 0x20AC | 0x2122)
}

/// Undoes mojibake in `text`: returns the repaired text when at least one garbled run was found.
/// Repeats up to three times for text that was garbled more than once.
pub fn repair(text: &str) -> Option<String> {
    let mut current = repair_once(text)?;
    for _ in 0..2 {
        match repair_once(&current) {
            Some(again) => current = again,
            None => break,
        }
    }
    Some(current)
}

fn repair_once(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = garbled_run(&chars[i..]) {
            out.push(decoded);
            i += used;
            found = true;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    found.then_some(out)
}

/// A lead character and its continuation characters that re-encode to one UTF-8 character.
fn garbled_run(chars: &[char]) -> Option<(char, usize)> {
    let lead = windows_1252_byte(*chars.first()?)?;
    let continuation = match lead {
        0xC2 | 0xC3 | 0xC5 | 0xC6 | 0xCB => 1,
        0xE2 => 2,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (slot, &ch) in bytes[1..=continuation]
        .iter_mut()
        .zip(chars.get(1..=continuation)?)
    {
        let byte = windows_1252_byte(ch)?;
        if !(0x80..=0xBF).contains(&byte) {
            return None;
        }
        *slot = byte;
    }
    let decoded = std::str::from_utf8(&bytes[..=continuation]).ok()?;
    let mut decoded_chars = decoded.chars();
    let ch = decoded_chars.next()?;
    if decoded_chars.next().is_some() || !plausible(ch) {
        return None;
    }
    Some((ch, continuation + 1))
}

/// The byte a character comes from when bytes are read as Windows-1252 (or as Latin-1, whose
/// C1 control characters stand for the same bytes).
fn windows_1252_byte(ch: char) -> Option<u8> {
    let code = ch as u32;
    if code < 0x80 || (0x80..=0xFF).contains(&code) {
        return u8::try_from(code).ok();
    }
    let byte = match ch {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_common_spanish_mojibake() {
        for (garbled, meant) in [
            ("PeÃ±alolÃ©n", "Peñalolén"),
            ("Ã‘uÃ±oa", "Ñuñoa"),
            ("ConcepciÃ³n", "Concepción"),
            ("AÃ±o", "Año"),
            ("2020â€“2021", "2020–2021"),
            ("O\u{e2}\u{20ac}\u{2122}Higgins", "O\u{2019}Higgins"),
            ("MaipÃº", "Maipú"),
            ("Ã\u{81}rea", "Área"),
            ("ÃƒÂ±", "ñ"),
        ] {
            assert!(may_hold_mojibake(garbled.as_bytes()), "{garbled}");
            assert_eq!(repair(garbled).as_deref(), Some(meant), "{garbled}");
        }
    }

    #[test]
    fn leaves_clean_text_alone() {
        for clean in [
            "Peñalolén",
            "SÃO PAULO",
            "Ñuñoa",
            "señal – ruido",
            "Â",
            "",
            "año 2024",
            "CONCEPCIÓN\u{a0}",
            "FRANÇ\u{a0}OIS",
        ] {
            assert_eq!(repair(clean), None, "{clean}");
        }
        assert!(!may_hold_mojibake("Peñalolén Ñuñoa".as_bytes()));
    }
}
