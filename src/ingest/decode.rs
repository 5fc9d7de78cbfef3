//! Turning a file's bytes into text: charset detection, decoding and the "is this even text?" test.
//!
//! The order of evidence is: a byte-order mark; for HTML, the `<meta charset>` / `http-equiv`
//! declaration in the first 1024 bytes; then plain UTF-8 validity; then chardetng's guess.
//! Bytes that are valid UTF-8 are read as UTF-8 even when an HTML meta tag names a legacy
//! charset: pages saved by tools and re-encoded on the way keep their old tag, while legacy text
//! that happens to be valid UTF-8 (beyond ASCII) is practically unknown. Invalid bytes are always
//! decoded (with replacement characters), never rejected: one bad byte must not lose an article.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// How much of the head of a file the binary test looks at.
const SNIFF_LEN: usize = 8 * 1024;

/// How much of the head of an HTML file the meta prescan looks at (as browsers do).
const META_PRESCAN_LEN: usize = 1024;

/// Share of control characters above which text is taken for binary data.
const MAX_CONTROL_RATIO: f64 = 0.30;

/// Why bytes could not be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or too many control characters: an image, an archive, an executable...
    Binary,
}

/// Decoded text, with CRLF and lone CR turned into LF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding it was read with (`UTF-8`, `windows-1252`...).
    pub encoding: &'static str,
    /// Whether some bytes were invalid in that encoding and replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes `bytes`; `html` enables the `<meta charset>` prescan.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    decode_declared(bytes, html, None)
}

/// Decodes `bytes` like [`decode`], with a charset declared outside the bytes' own markup (an
/// HTTP `Content-Type`, an XML declaration) taking the place of the `<meta>` prescan. As in
/// [`decode`], a BOM and valid UTF-8 win over any declaration.
pub fn decode_declared(
    bytes: &[u8],
    html: bool,
    declared: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (encoding, &bytes[bom_len..]),
        None => {
            if looks_binary_bytes(bytes) {
                return Err(DecodeError::Binary);
            }
            let valid_utf8 = std::str::from_utf8(bytes).is_ok();
            match declared {
                Some(declared) if !valid_utf8 => (declared, bytes),
                _ => {
                    let undeclared = !(html && html_meta_charset(bytes).is_some());
                    if !valid_utf8
                        && undeclared
                        && let Some(text) = decode_mixed(bytes)
                    {
                        if looks_binary_text(&text) {
                            return Err(DecodeError::Binary);
                        }
                        let text = normalize_newlines(Cow::Owned(text));
                        return Ok(Decoded { text, encoding: MIXED, had_errors: true });
                    }
                    (choose_encoding(bytes, html), bytes)
                }
            }
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if looks_binary_text(&text) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text: normalize_newlines(text), encoding: encoding.name(), had_errors })
}

/// The encoding reported for text that is UTF-8 with stray windows-1252 bytes.
pub const MIXED: &str = "UTF-8 mixed with windows-1252";

/// Text that is mostly UTF-8 with stray legacy bytes (a file pasted together from two
/// sources): the valid UTF-8 is kept and each invalid byte is read as windows-1252. `None`
/// when the bytes have fewer valid non-ASCII UTF-8 characters than invalid bytes: then they
/// are legacy text, and the detector decides.
fn decode_mixed(bytes: &[u8]) -> Option<String> {
    let (mut utf8_chars, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        utf8_chars += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    if utf8_chars == 0 || utf8_chars < invalid {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + invalid);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let (legacy, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
        text.push_str(&legacy);
    }
    Some(text)
}

/// Whether the head of `bytes` looks like binary data: NUL bytes (outside a UTF-16 BOM file) or
/// too many control bytes.
pub fn looks_binary(bytes: &[u8]) -> bool {
    match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let head = &bytes[bom_len..bytes.len().min(bom_len + SNIFF_LEN)];
            let (text, _) = encoding.decode_without_bom_handling(head);
            looks_binary_text(&text)
        }
        None => looks_binary_bytes(bytes),
    }
}

fn looks_binary_bytes(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| is_control_byte(b)).count();
    ratio_exceeds(controls, head.len())
}

fn looks_binary_text(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SNIFF_LEN) {
        if c == '\0' {
            return true;
        }
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c') {
            controls += 1;
        }
    }
    ratio_exceeds(controls, total)
}

fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f
}

fn ratio_exceeds(count: usize, total: usize) -> bool {
    total > 0 && (count as f64) / (total as f64) > MAX_CONTROL_RATIO
}

fn choose_encoding(bytes: &[u8], html: bool) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    if html && let Some(declared) = html_meta_charset(bytes) {
        return declared;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

/// The charset an HTML page declares in a `<meta>` tag within its first 1024 bytes.
///
/// A simplified version of the HTML standard's prescan: it finds `<meta ... charset=X>` and
/// `<meta http-equiv="content-type" content="...; charset=X">`. As in browsers, a declared UTF-16
/// means UTF-8 (the bytes would have had a BOM) and unknown labels are ignored.
pub fn html_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_LEN)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(offset) = find(&lower[from..], b"<meta") {
        let start = from + offset + 5;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |p| start + p);
        let tag = &lower[start..end];
        if let Some(label) = charset_in_tag(tag)
            && let Some(encoding) = Encoding::for_label(label)
        {
            let encoding = if encoding.name().starts_with("UTF-16") { UTF_8 } else { encoding };
            return Some(encoding.output_encoding());
        }
        from = end;
    }
    None
}

/// The charset an XML declaration names (`<?xml version="1.0" encoding="iso-8859-1"?>`).
pub fn xml_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = find(head, b"?>")?;
    let decl: Vec<u8> = head[..end].iter().map(u8::to_ascii_lowercase).collect();
    let at = find(&decl, b"encoding")? + "encoding".len();
    let rest = skip_spaces(skip_spaces(&decl[at..]).strip_prefix(b"=")?);
    let quote = *rest.first()?;
    let rest = &rest[1..];
    let len = rest.iter().position(|&b| b == quote)?;
    label_encoding(&rest[..len])
}

/// The charset of an HTTP `Content-Type` value (`text/html; charset=ISO-8859-1`).
pub fn content_type_charset(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    charset_in_tag(lower.as_bytes()).and_then(label_encoding)
}

/// An encoding label as the web reads it, UTF-16 labels meaning UTF-8 (no BOM, no UTF-16).
fn label_encoding(label: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label)?;
    Some(if encoding.name().starts_with("UTF-16") { UTF_8 } else { encoding.output_encoding() })
}

/// The value after `charset=` in a lowercased meta tag, up to a quote, space, `;` or `/`.
fn charset_in_tag(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")? + "charset".len();
    let rest = &tag[at..];
    let rest = skip_spaces(rest);
    let rest = skip_spaces(rest.strip_prefix(b"=")?);
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let len = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'\t' | b'\n' | b'/' | b'>'))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn skip_spaces(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Replaces CRLF and lone CR with LF.
pub fn normalize_newlines(text: Cow<'_, str>) -> String {
    if !text.contains('\r') {
        return text.into_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_utf8() {
        let d = decode("Café in Zürich\r\nnext".as_bytes(), false).unwrap();
        assert_eq!(d.text, "Café in Zürich\nnext");
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.had_errors);
    }

    #[test]
    fn bom_decides_the_encoding() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Hé there".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes, false).unwrap();
        assert_eq!(d.text, "Hé there");
        assert_eq!(d.encoding, "UTF-16LE");

        let d = decode(b"\xEF\xBB\xBFhello", false).unwrap();
        assert_eq!(d.text, "hello");
    }

    #[test]
    fn latin1_is_decoded_not_rejected() {
        let bytes = b"Le caf\xe9 de la gare a ferm\xe9 ses portes apr\xe8s trente ans.";
        let d = decode(bytes, false).unwrap();
        assert!(d.text.contains("café"), "{}", d.text);
        assert!(d.text.contains("fermé"));
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn html_meta_charset_is_honoured() {
        let html = b"<html><head><meta charset=\"iso-8859-2\"><title>x</title></head><body>\xb1</body>";
        let d = decode(html, true).unwrap();
        assert_eq!(d.encoding, "ISO-8859-2");
        assert!(d.text.contains('ą'));

        let html =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xcf\xf0\xe8";
        assert_eq!(html_meta_charset(html).map(Encoding::name), Some("windows-1251"));
        assert!(decode(html, true).unwrap().text.contains("При"));
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_meta_tag() {
        let html = "<meta charset=iso-8859-1><p>Café</p>";
        let d = decode(html.as_bytes(), true).unwrap();
        assert!(d.text.contains("Café"));
    }

    #[test]
    fn meta_charset_parsing_is_tolerant() {
        assert_eq!(html_meta_charset(b"<META CHARSET='Shift_JIS'>").map(Encoding::name), Some("Shift_JIS"));
        assert_eq!(html_meta_charset(b"<meta charset=utf-16>").map(Encoding::name), Some("UTF-8"));
        assert_eq!(html_meta_charset(b"<meta charset=bogus>"), None);
        assert_eq!(html_meta_charset(b"<meta charset"), None);
        assert_eq!(html_meta_charset(b"<meta"), None);
        assert_eq!(html_meta_charset(b""), None);
    }

    #[test]
    fn binary_is_rejected() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00\x08\x00", false), Err(DecodeError::Binary));
        let controls: Vec<u8> = (0..100).map(|i| if i % 2 == 0 { 0x01 } else { b'a' }).collect();
        assert_eq!(decode(&controls, false), Err(DecodeError::Binary));
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\x00"));
        assert!(!looks_binary(b"plain words\n\twith a tab\n"));
    }

    #[test]
    fn mixed_utf8_and_latin1() {
        let d = decode(b"Caf\xc3\xa9 and caf\xe9, na\xc3\xafve", false).unwrap();
        assert_eq!(d.text, "Café and café, naïve");
        assert_eq!(d.encoding, MIXED);
        // Mostly legacy bytes: the detector decides, as before.
        let d = decode(b"caf\xe9 fa\xe7ade na\xefve \xc3\xa9", false).unwrap();
        assert_ne!(d.encoding, MIXED);
    }

    #[test]
    fn declared_charsets() {
        let xml = b"<?xml version='1.0' encoding=\"ISO-8859-1\" ?>\n<a>caf\xe9</a>";
        assert_eq!(xml_declared_charset(xml).map(Encoding::name), Some("windows-1252"));
        assert!(decode_declared(xml, false, xml_declared_charset(xml)).unwrap().text.contains("café"));
        assert_eq!(xml_declared_charset(b"<?xml version='1.0'?><a/>"), None);
        assert_eq!(xml_declared_charset(b"<?xml encoding='nope'?>"), None);
        assert_eq!(xml_declared_charset(b"<a/>"), None);
        assert_eq!(content_type_charset("text/html; charset=\"KOI8-R\"").map(Encoding::name), Some("KOI8-R"));
        assert_eq!(content_type_charset("text/html"), None);
        let cyrillic = b"\xf0\xd2\xc9\xd7\xc5\xd4";
        let koi = content_type_charset("text/html;charset=koi8-r");
        assert_eq!(decode_declared(cyrillic, true, koi).unwrap().text, "Привет");
    }

    #[test]
    fn lone_carriage_returns_become_newlines() {
        assert_eq!(decode(b"a\rb\r\nc", false).unwrap().text, "a\nb\nc");
    }
}
