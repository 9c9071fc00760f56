//! Bytes to UTF-8: byte-order marks, content sniffing, and a streaming decoder.
//!
//! The decoder reads UTF-8 until the bytes prove otherwise. A file whose first non-ASCII bytes
//! are not UTF-8 (and hold no valid UTF-8 sequence) is switched to the legacy encoding that
//! `chardetng` guesses; nothing is lost by switching late, because every byte before was ASCII,
//! which reads the same in both. A file that shows valid UTF-8 first stays UTF-8 for good, and its
//! invalid bytes become `encoding-error` findings with their row and field, instead of the whole
//! file being silently re-read in another encoding.

use crate::finding::{FileKind, SourceProblem};
use encoding_rs::{CoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How the encoding was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte-order mark at the start.
    Bom,
    /// The caller named it.
    Forced,
    /// The bytes were valid UTF-8 (or ASCII).
    Utf8Content,
    /// The bytes were not UTF-8; a detector picked a legacy encoding.
    Detected,
    /// UTF-16 recognised by its zero bytes, without a BOM.
    Utf16Pattern,
}

/// What is known about a source after looking at its first bytes.
#[derive(Debug)]
pub enum Sniffed {
    /// Text in this encoding; `bom_len` bytes of byte-order mark come first.
    Text {
        /// The encoding to start with.
        encoding: &'static Encoding,
        /// Length of the byte-order mark to skip (0 when none).
        bom_len: usize,
        /// How it was chosen.
        source: EncodingSource,
    },
    /// Not a text table.
    Other(FileKind),
    /// Nothing to read.
    Unreadable(SourceProblem),
}

/// Looks at the first bytes of a source (the more the better; 64 KiB is plenty) and says whether
/// it is text, and in which encoding to start decoding it. `forced` overrides detection, though a
/// matching byte-order mark is still skipped.
pub fn sniff(sample: &[u8], forced: Option<&'static Encoding>) -> Sniffed {
    if sample.is_empty() {
        return Sniffed::Unreadable(SourceProblem::Empty);
    }
    if sample.starts_with(&[0xFF, 0xFE, 0, 0]) || sample.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Sniffed::Unreadable(SourceProblem::Utf32);
    }
    let bom = Encoding::for_bom(sample);
    if let Some((_, len)) = bom
        && sample.len() == len
    {
        return Sniffed::Unreadable(SourceProblem::OnlyBom);
    }
    if let Some(encoding) = forced {
        let bom_len = match bom {
            Some((bom_encoding, len)) if bom_encoding == encoding => len,
            _ => 0,
        };
        return Sniffed::Text {
            encoding,
            bom_len,
            source: EncodingSource::Forced,
        };
    }
    if let Some((encoding, bom_len)) = bom {
        let text = &sample[bom_len..];
        if let Some(kind) = sniff_magic(text).or_else(|| sniff_decoded(encoding, text)) {
            return Sniffed::Other(kind);
        }
        return Sniffed::Text {
            encoding,
            bom_len,
            source: EncodingSource::Bom,
        };
    }
    if let Some(kind) = sniff_magic(sample) {
        return Sniffed::Other(kind);
    }
    if let Some(encoding) = utf16_by_zero_bytes(sample) {
        if let Some(kind) = sniff_decoded(encoding, sample) {
            return Sniffed::Other(kind);
        }
        return Sniffed::Text {
            encoding,
            bom_len: 0,
            source: EncodingSource::Utf16Pattern,
        };
    }
    if let Some(kind) = sniff_kind(sample) {
        return Sniffed::Other(kind);
    }
    Sniffed::Text {
        encoding: UTF_8,
        bom_len: 0,
        source: EncodingSource::Utf8Content,
    }
}

/// Recognises formats that are not a text table by their first bytes: magic numbers, then
/// markup, JSON and binary content — of the text decoded first when it is UTF-16 or starts
/// with a byte-order mark (JSON saved by Windows tools is often UTF-16).
pub fn sniff_kind(sample: &[u8]) -> Option<FileKind> {
    if let Some(kind) = sniff_magic(sample) {
        return Some(kind);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(sample) {
        return sniff_decoded(encoding, &sample[bom_len..]);
    }
    if let Some(encoding) = utf16_by_zero_bytes(sample) {
        return sniff_decoded(encoding, sample);
    }
    sniff_text_kind(sample)
}

/// The kind of a sample's text decoded from `encoding` (its first 64 KiB).
fn sniff_decoded(encoding: &'static Encoding, sample: &[u8]) -> Option<FileKind> {
    let window = &sample[..sample.len().min(64 * 1024)];
    let (text, _) = encoding.decode_without_bom_handling(window);
    sniff_text_kind(text.as_bytes())
}

/// A whole source's text: decoded from UTF-16 or UTF-8 (a byte-order mark, or UTF-16's zero
/// bytes, decide), the mark dropped, invalid bytes replaced. For formats read whole (JSON).
pub fn decode_whole(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_len..]).0;
    }
    if let Some(encoding) = utf16_by_zero_bytes(bytes) {
        return encoding.decode_without_bom_handling(bytes).0;
    }
    String::from_utf8_lossy(bytes)
}

/// Binary formats with a magic number.
fn sniff_magic(sample: &[u8]) -> Option<FileKind> {
    const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if sample.starts_with(b"PK\x03\x04") || sample.starts_with(b"PK\x05\x06") {
        let head = &sample[..sample.len().min(4096)];
        if memchr::memmem::find(head, b"opendocument.spreadsheet").is_some() {
            return Some(FileKind::Ods);
        }
        if memchr::memmem::find(head, b"[Content_Types].xml").is_some()
            || memchr::memmem::find(head, b"xl/").is_some()
        {
            return Some(FileKind::Xlsx);
        }
        return Some(FileKind::Zip);
    }
    if sample.starts_with(OLE2) {
        return Some(FileKind::Ole2);
    }
    if sample.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if sample.starts_with(&[0x1F, 0x8B]) {
        return Some(FileKind::Gzip);
    }
    if sample.starts_with(b"PAR1") {
        return Some(FileKind::Parquet);
    }
    if sample.starts_with(b"\x89PNG")
        || sample.starts_with(&[0xFF, 0xD8, 0xFF])
        || sample.starts_with(b"GIF8")
    {
        return Some(FileKind::Image);
    }
    None
}

/// Markup, JSON, and other non-table content.
fn sniff_text_kind(sample: &[u8]) -> Option<FileKind> {
    let start = sample
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(sample.len());
    let text = &sample[start..];
    let head: Vec<u8> = text[..text.len().min(512)].to_ascii_lowercase();
    if head.starts_with(b"<?xml") {
        let window = &sample[..sample.len().min(8192)];
        if memchr::memmem::find(window, b"urn:schemas-microsoft-com:office:spreadsheet").is_some() {
            return Some(FileKind::SpreadsheetMl);
        }
        if memchr::memmem::find(&head, b"<html").is_some() {
            return Some(FileKind::Html);
        }
        return Some(FileKind::Xml);
    }
    if head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || head.starts_with(b"<head")
    {
        return Some(FileKind::Html);
    }
    // A document type definition, or XML without its declaration.
    if head.starts_with(b"<!doctype")
        || head.starts_with(b"<!entity")
        || head.starts_with(b"<!element")
        || head.starts_with(b"<!--")
    {
        return Some(FileKind::Xml);
    }
    if looks_like_json(text) {
        return Some(FileKind::Json);
    }
    if looks_binary(sample) {
        return Some(FileKind::Binary);
    }
    None
}

/// JSON starts with `{"`, `{}` or `[` followed by a JSON value (an object, an array, a string,
/// a number, `true`, `false`, `null`); a CSV header such as `[id],[name]` (SQL Server exports)
/// does not.
fn looks_like_json(text: &[u8]) -> bool {
    let Some((&first, rest)) = text.split_first() else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    let literal = |word: &[u8]| {
        rest.strip_prefix(word)
            .is_some_and(|after| matches!(after.trim_ascii_start().first(), Some(b',' | b']')))
    };
    match (first, rest.first()) {
        (b'{', Some(b'"' | b'}')) => true,
        (b'[', Some(b'{' | b'[' | b']' | b'"' | b'0'..=b'9' | b'-')) => true,
        (b'[', Some(b't' | b'f' | b'n')) => {
            literal(b"true") || literal(b"false") || literal(b"null")
        }
        _ => false,
    }
}

/// NUL bytes (more than a stray one or two: those are cells with a bad byte), or many control
/// characters, in what should be text.
fn looks_binary(sample: &[u8]) -> bool {
    let window = &sample[..sample.len().min(64 * 1024)];
    let nuls = memchr::memchr_iter(0, window).count();
    if nuls >= 4 && nuls * 100 > window.len() {
        return true;
    }
    let controls = window
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0C | 0x1A | 0x1B))
        .count();
    controls * 10 > window.len()
}

/// UTF-16 without a BOM: most ASCII characters then carry a zero byte on one side, and the
/// byte beside each zero is printable text. Short or binary samples do not qualify.
fn utf16_by_zero_bytes(sample: &[u8]) -> Option<&'static Encoding> {
    let window = &sample[..sample.len().min(64 * 1024) & !1];
    let pairs = window.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in window.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // ASCII and Latin-1 letters (U+00A0–U+00FF: accents, ñ) have a zero high byte too.
    let printable =
        |b: u8| (0x20..0x7F).contains(&b) || b >= 0xA0 || matches!(b, b'\t' | b'\n' | b'\r');
    let text_beside_zeros = |zero_at: usize| {
        let beside: Vec<u8> = window
            .chunks_exact(2)
            .filter(|pair| pair[zero_at] == 0)
            .map(|pair| pair[1 - zero_at])
            .collect();
        let good = beside.iter().filter(|&&b| printable(b)).count();
        good * 20 >= beside.len() * 19
    };
    if odd * 10 >= pairs * 3 && even * 20 <= pairs && text_beside_zeros(1) {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 3 && odd * 20 <= pairs && text_beside_zeros(0) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Counts of complete valid multi-byte UTF-8 sequences and of invalid sequences in `bytes`; an
/// incomplete sequence at the very end counts as neither.
pub fn utf8_evidence(bytes: &[u8]) -> (u64, u64) {
    let (mut valid_multibyte, mut invalid) = (0u64, 0u64);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                valid_multibyte += count_multibyte(text);
                return (valid_multibyte, invalid);
            }
            Err(error) => {
                let good = error.valid_up_to();
                if let Ok(text) = std::str::from_utf8(&rest[..good]) {
                    valid_multibyte += count_multibyte(text);
                }
                match error.error_len() {
                    Some(len) => {
                        invalid += 1;
                        rest = &rest[good + len..];
                    }
                    None => return (valid_multibyte, invalid),
                }
            }
        }
    }
}

fn count_multibyte(text: &str) -> u64 {
    text.bytes().filter(|&b| b >= 0xC0).count() as u64
}

/// Guesses the legacy encoding of bytes that are not UTF-8. Spanish text is nearly always
/// Windows-1252, so the detector gets Chile's domain as a hint: with little evidence (`Maip\xfa`)
/// it then prefers Windows-1252 to Central European encodings, while strong evidence (Greek text)
/// still wins.
pub fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cl"), false);
    if guess == UTF_8 { WINDOWS_1252 } else { guess }
}

/// Bytes, from the first non-ASCII byte on, that the UTF-8-or-legacy decision looks at.
const DECISION_WINDOW: usize = 16 * 1024;

enum Mode {
    /// Only ASCII seen so far: pass bytes through as UTF-8 until the first non-ASCII byte.
    Undecided,
    /// UTF-8: bytes pass through; invalid ones are found per record later.
    Utf8,
    /// Another encoding, transcoded to UTF-8.
    Legacy(encoding_rs::Decoder),
}

/// One decoded piece.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// UTF-8 bytes (possibly with invalid sequences when `utf8` is true).
    pub bytes: &'a [u8],
    /// Whether the source is being read as UTF-8 (bytes passed through unchanged).
    pub utf8: bool,
}

/// A streaming decoder from a source's bytes to UTF-8 bytes.
pub struct Decoder {
    mode: Mode,
    encoding: &'static Encoding,
    source: EncodingSource,
    carry: Vec<u8>,
    joined: Vec<u8>,
    out: Vec<u8>,
    replacements: bool,
}

impl Decoder {
    /// A decoder that starts in `encoding`. With UTF-8 chosen from content (not a BOM or the
    /// caller) it may still switch to a legacy encoding at the first non-ASCII bytes.
    pub fn new(encoding: &'static Encoding, source: EncodingSource) -> Decoder {
        let mode = if encoding == UTF_8 {
            if source == EncodingSource::Utf8Content {
                Mode::Undecided
            } else {
                Mode::Utf8
            }
        } else {
            Mode::Legacy(encoding.new_decoder_without_bom_handling())
        };
        Decoder {
            mode,
            encoding,
            source,
            carry: Vec::new(),
            joined: Vec::new(),
            out: Vec::new(),
            replacements: false,
        }
    }

    /// The encoding in use.
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// How the encoding in use was chosen.
    pub fn source(&self) -> EncodingSource {
        self.source
    }

    /// Whether bytes pass through unchanged from now on (UTF-8, decided for good), so the caller
    /// may read them straight into its buffer.
    pub fn is_passthrough(&self) -> bool {
        matches!(self.mode, Mode::Utf8)
    }

    /// Whether a legacy decoder has met bytes it could not map (they became U+FFFD).
    pub fn had_replacements(&self) -> bool {
        self.replacements
    }

    /// Whether the bytes so far pass through as UTF-8 (so records must be checked for invalid
    /// sequences).
    pub fn is_utf8(&self) -> bool {
        !matches!(self.mode, Mode::Legacy(_))
    }

    /// Decodes the next piece of the source; `last` marks the end. Returns UTF-8 bytes (for UTF-8
    /// sources these are the input bytes, possibly with invalid sequences for the parser's records
    /// to report).
    pub fn decode<'a>(&'a mut self, raw: &'a [u8], last: bool) -> Decoded<'a> {
        let (bytes, utf8) = self.decode_bytes(raw, last);
        Decoded { bytes, utf8 }
    }

    fn decode_bytes<'a>(&'a mut self, raw: &'a [u8], last: bool) -> (&'a [u8], bool) {
        let input: &[u8] = if self.carry.is_empty() {
            raw
        } else {
            self.joined.clear();
            self.joined.append(&mut self.carry);
            self.joined.extend_from_slice(raw);
            &self.joined
        };
        if let Mode::Undecided = self.mode {
            if input.is_ascii() {
                return (input, true);
            }
            let Some(first) = input.iter().position(|b| !b.is_ascii()) else {
                return (input, true);
            };
            // Decide on a fair amount of text, not on the few bytes a chunk happens to end with:
            // hold the non-ASCII part back until the window is full or the input ends.
            if !last && input.len() - first < DECISION_WINDOW {
                self.carry.extend_from_slice(&input[first..]);
                return (&input[..first], true);
            }
            // Exactly the window, so the decision never depends on how the input was split.
            let window = &input[first..input.len().min(first + DECISION_WINDOW)];
            let (valid, invalid) = utf8_evidence(window);
            if invalid == 0 || valid > invalid {
                self.mode = Mode::Utf8;
            } else {
                let encoding = guess_legacy(window);
                self.encoding = encoding;
                self.source = EncodingSource::Detected;
                self.mode = Mode::Legacy(encoding.new_decoder_without_bom_handling());
            }
        }
        match &mut self.mode {
            Mode::Undecided | Mode::Utf8 => (input, true),
            Mode::Legacy(decoder) => {
                let needed = decoder
                    .max_utf8_buffer_length(input.len())
                    .unwrap_or(input.len().saturating_mul(3) + 16);
                self.out.clear();
                self.out.resize(needed, 0);
                let mut read = 0;
                let mut written = 0;
                loop {
                    let (result, r, w, replaced) =
                        decoder.decode_to_utf8(&input[read..], &mut self.out[written..], last);
                    read += r;
                    written += w;
                    self.replacements |= replaced;
                    match result {
                        CoderResult::InputEmpty => break,
                        CoderResult::OutputFull => {
                            let grow = self.out.len() + input.len() - read + 16;
                            self.out.resize(grow, 0);
                        }
                    }
                }
                self.out.truncate(written);
                (&self.out, false)
            }
        }
    }
}

/// The UTF-16 encodings, for callers that need to tell them apart.
pub fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// Reads `bytes` as Windows-1252, the usual intent behind invalid UTF-8 in Spanish text.
pub fn as_windows_1252(bytes: &[u8]) -> String {
    WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// The lowercase name used in reports: `utf-8`, `windows-1252`, `utf-16le`…
pub fn report_name(encoding: &'static Encoding) -> String {
    encoding.name().to_ascii_lowercase()
}

/// Looks up an encoding by any WHATWG label (`utf-8`, `latin1`, `cp1252`, `iso-8859-1`…).
pub fn for_label(label: &str) -> Option<&'static Encoding> {
    let trimmed = label.trim();
    Encoding::for_label(trimmed.as_bytes()).or_else(|| {
        let lower = trimmed.to_ascii_lowercase().replace('_', "-");
        let alias = match lower.as_str() {
            "utf8" | "utf-8-sig" => "utf-8",
            "latin-1" | "latin" => "latin1",
            "cp-1252" | "windows1252" => "windows-1252",
            "utf16" | "utf-16" => "utf-16le",
            _ => return None,
        };
        Encoding::for_label(alias.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], chunk: usize) -> (String, &'static Encoding) {
        let Sniffed::Text {
            encoding,
            bom_len,
            source,
        } = sniff(bytes, None)
        else {
            panic!("not text");
        };
        let mut decoder = Decoder::new(encoding, source);
        let mut out = Vec::new();
        let body = &bytes[bom_len..];
        let pieces: Vec<&[u8]> = body.chunks(chunk).collect();
        for (i, piece) in pieces.iter().enumerate() {
            out.extend_from_slice(decoder.decode(piece, i + 1 == pieces.len()).bytes);
        }
        (
            String::from_utf8_lossy(&out).into_owned(),
            decoder.encoding(),
        )
    }

    #[test]
    fn ascii_prefix_then_latin1_switches_without_loss() {
        let mut bytes = b"comuna;casos\n".repeat(50);
        bytes.extend_from_slice(b"\xD1u\xF1oa;3\nPe\xF1alol\xE9n;4\n");
        for chunk in [1, 2, 3, 7, 64, 4096] {
            let (text, encoding) = decode_all(&bytes, chunk);
            assert_eq!(encoding, WINDOWS_1252, "chunk {chunk}");
            assert!(text.ends_with("Ñuñoa;3\nPeñalolén;4\n"), "chunk {chunk}");
        }
    }

    #[test]
    fn utf8_split_across_chunks_stays_utf8() {
        let bytes = "a,b\nÑuñoa,Peñalolén\n".as_bytes();
        for chunk in [1, 2, 5, 6, 100] {
            let (text, encoding) = decode_all(bytes, chunk);
            assert_eq!(encoding, UTF_8);
            assert_eq!(text, "a,b\nÑuñoa,Peñalolén\n");
        }
    }

    #[test]
    fn mostly_utf8_stays_utf8() {
        let mut bytes = "nombre\nÑuñoa\nPeñalolén\nMaipú\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"Conchal\xED\n");
        let (_, encoding) = decode_all(&bytes, 1 << 16);
        assert_eq!(encoding, UTF_8);
    }

    #[test]
    fn boms_and_kinds() {
        assert!(matches!(
            sniff(b"\xEF\xBB\xBFa,b\n", None),
            Sniffed::Text {
                bom_len: 3,
                source: EncodingSource::Bom,
                ..
            }
        ));
        assert!(matches!(
            sniff(b"\xFF\xFEa\0,\0b\0", None),
            Sniffed::Text { encoding, bom_len: 2, .. } if encoding == UTF_16LE
        ));
        assert!(matches!(
            sniff(b"a\0,\0b\0\n\0", None),
            Sniffed::Text { encoding, bom_len: 0, .. } if encoding == UTF_16LE
        ));
        assert!(matches!(
            sniff(b"\0a\0,\0b\0\n", None),
            Sniffed::Text { encoding, bom_len: 0, .. } if encoding == UTF_16BE
        ));
        assert!(matches!(
            sniff(b"\x00\x01\x02\x03PK", None),
            Sniffed::Other(FileKind::Binary)
        ));
        assert!(matches!(
            sniff(b"", None),
            Sniffed::Unreadable(SourceProblem::Empty)
        ));
        assert!(matches!(
            sniff(b"\xEF\xBB\xBF", None),
            Sniffed::Unreadable(SourceProblem::OnlyBom)
        ));
        assert!(matches!(
            sniff(b"PK\x03\x04....[Content_Types].xml", None),
            Sniffed::Other(FileKind::Xlsx)
        ));
        assert!(matches!(
            sniff(b"  <!DOCTYPE html><html>", None),
            Sniffed::Other(FileKind::Html)
        ));
        assert!(matches!(
            sniff(b"[{\"a\": 1}]", None),
            Sniffed::Other(FileKind::Json)
        ));
        assert!(matches!(
            sniff(b"[id],[name]\n1,2\n", None),
            Sniffed::Text { .. }
        ));
        assert!(matches!(
            sniff(b"\x00\x01\x02\x03binary", None),
            Sniffed::Other(FileKind::Binary)
        ));
    }

    #[test]
    fn labels() {
        assert_eq!(for_label("latin1"), Some(WINDOWS_1252));
        assert_eq!(for_label("UTF8"), Some(UTF_8));
        assert_eq!(for_label("cp1252"), Some(WINDOWS_1252));
        assert_eq!(for_label("klingon"), None);
    }

    #[test]
    fn evidence() {
        assert_eq!(utf8_evidence("ñandú".as_bytes()), (2, 0));
        assert_eq!(utf8_evidence(b"\xF1and\xFA"), (0, 2));
        assert_eq!(utf8_evidence(b"abc\xC3"), (0, 0));
    }
}
