//! Which format a file is in: by extension, else by its first bytes.
//!
//! The extension wins, with three refinements: a `.txt` file that opens with `<!DOCTYPE html`
//! or `<html` is read as HTML (pages saved with the wrong name are common in archives); a
//! `.json` file that declares a JSON Feed `version` is a JSON Feed; and a generic `.xml` (or
//! `.feed`) file is whatever its root element says (`<nitf>`, `<newsItem>`, `<rss>`, `<feed>`,
//! `<REUTERS>`...). Files without a known extension are sniffed: a WARC header, an HTML
//! opening, a news XML root or Reuters SGML, then front matter (Markdown), then a whole JSON
//! document, then JSON Lines, else plain text unless the bytes look binary.
//!
//! gzip is not a format here: `read_articles` unwraps it first and detects the format of the
//! decompressed bytes under the name without `.gz`.

use std::path::Path;

use serde_json::Value;

use super::decode::{self, looks_binary};
use super::formats::json::looks_like_json_lines;
use crate::model::Format;

/// Every kind of file dateline reads: the [`Format`]s of single-story files plus the
/// containers and wire formats that hold one or many stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Plain text.
    Text,
    /// Markdown, with optional front matter.
    Markdown,
    /// One JSON object or an array of them.
    Json,
    /// JSON Lines.
    JsonLines,
    /// An HTML page.
    Html,
    /// NITF 3.x XML (`<nitf>`).
    Nitf,
    /// NewsML-G2 (`<newsItem>`) or the Reuters RCV1 form (`<newsitem>`).
    NewsMl,
    /// RSS 0.9x/1.0/2.0 or Atom.
    Feed,
    /// JSON Feed 1.x.
    JsonFeed,
    /// A WARC web archive.
    Warc,
    /// Reuters-21578 SGML (`<REUTERS>` stories), also in its XML rendering.
    ReutersSgml,
    /// XML whose root element is none of the above: reported, not guessed at.
    UnknownXml,
}

impl Kind {
    /// The single-story [`Format`] this kind is, when it is one of them.
    pub fn format(self) -> Option<Format> {
        match self {
            Kind::Text => Some(Format::Text),
            Kind::Markdown => Some(Format::Markdown),
            Kind::Json => Some(Format::Json),
            Kind::JsonLines => Some(Format::JsonLines),
            Kind::Html => Some(Format::Html),
            _ => None,
        }
    }

    /// Whether the kind is an XML vocabulary (decoded with the XML declaration's charset).
    pub fn is_xml(self) -> bool {
        matches!(self, Kind::Nitf | Kind::NewsMl | Kind::Feed | Kind::UnknownXml)
    }
}

/// The format an extension names, when it names one of the single-story formats
/// (case-insensitive).
pub fn format_for_extension(extension: &str) -> Option<Format> {
    kind_for_extension(extension).and_then(Kind::format)
}

/// The kind an extension names, when it names one (case-insensitive). `xml` and `feed` are
/// refined by content in [`detect_kind`].
pub fn kind_for_extension(extension: &str) -> Option<Kind> {
    let kind = match extension.to_ascii_lowercase().as_str() {
        "txt" | "text" => Kind::Text,
        "md" | "markdown" => Kind::Markdown,
        "json" => Kind::Json,
        "jsonl" | "ndjson" => Kind::JsonLines,
        "html" | "htm" | "xhtml" => Kind::Html,
        "nitf" => Kind::Nitf,
        "newsml" => Kind::NewsMl,
        "rss" | "atom" | "feed" => Kind::Feed,
        "warc" => Kind::Warc,
        "sgm" | "sgml" => Kind::ReutersSgml,
        "xml" => Kind::UnknownXml,
        _ => return None,
    };
    Some(kind)
}

/// The format of a single-story file from its extension, else from its content; `None` for
/// binary data or for the container formats (see [`detect_kind`]).
pub fn detect_format(path: &Path, bytes: &[u8]) -> Option<Format> {
    detect_kind(path, bytes).and_then(Kind::format)
}

/// The kind of a file from its extension, refined or replaced by its content; `None` for
/// binary data.
pub fn detect_kind(path: &Path, bytes: &[u8]) -> Option<Kind> {
    let by_extension = path.extension().and_then(|e| e.to_str()).and_then(kind_for_extension);
    match by_extension {
        Some(Kind::Text) if opens_as_html(bytes) => Some(Kind::Html),
        Some(Kind::Json) if is_json_feed(bytes) => Some(Kind::JsonFeed),
        Some(Kind::Feed) if opens_with(bytes, b"{") => Some(Kind::JsonFeed),
        Some(kind @ (Kind::UnknownXml | Kind::Feed)) => Some(xml_kind(bytes).unwrap_or(kind)),
        Some(kind) => Some(kind),
        None => sniff(bytes),
    }
}

/// The bytes after a UTF-8 BOM and leading whitespace.
fn head(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

fn opens_with(bytes: &[u8], prefix: &[u8]) -> bool {
    head(bytes).starts_with(prefix)
}

/// Whether the bytes open (after a BOM and whitespace) with `<!DOCTYPE html` or `<html`.
fn opens_as_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = head(bytes).iter().take(14).map(u8::to_ascii_lowercase).collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Whether the bytes are a WARC file (`WARC/1.0`, `WARC/1.1`).
pub fn opens_as_warc(bytes: &[u8]) -> bool {
    bytes.starts_with(b"WARC/")
}

/// Whether a JSON document declares itself a JSON Feed (`"version": "https://jsonfeed.org/..."`).
fn is_json_feed(bytes: &[u8]) -> bool {
    let head = head(bytes);
    if !head.starts_with(b"{") {
        return false;
    }
    // The version member is conventionally first; look at the opening only.
    let window = &head[..head.len().min(4096)];
    window.windows(12).any(|w| w.eq_ignore_ascii_case(b"jsonfeed.org"))
}

/// The first element name of an XML (or SGML) document, skipping the declaration, comments,
/// processing instructions and the DOCTYPE.
fn root_element(bytes: &[u8]) -> Option<String> {
    let mut rest = head(bytes);
    for _ in 0..64 {
        let at = rest.iter().position(|&b| b == b'<')?;
        rest = &rest[at..];
        if rest.starts_with(b"<?") {
            rest = &rest[rest.windows(2).position(|w| w == b"?>")? + 2..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[rest.windows(3).position(|w| w == b"-->")? + 3..];
        } else if rest.starts_with(b"<!") {
            let end = doctype_end(rest)?;
            rest = &rest[end..];
        } else {
            let name: Vec<u8> = rest[1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
                .copied()
                .take(64)
                .collect();
            return (!name.is_empty()).then(|| String::from_utf8_lossy(&name).into_owned());
        }
    }
    None
}

/// The end (exclusive) of a `<!DOCTYPE ...>` declaration, internal subset included.
pub fn doctype_end(bytes: &[u8]) -> Option<usize> {
    let close = bytes.iter().position(|&b| b == b'>')?;
    match bytes[..close].iter().position(|&b| b == b'[') {
        Some(_) => bytes.windows(2).position(|w| w == b"]>").map(|p| p + 2).or(Some(close + 1)),
        None => Some(close + 1),
    }
}

/// The kind an XML root element names.
fn xml_kind(bytes: &[u8]) -> Option<Kind> {
    let root = root_element(bytes)?;
    let local = root.rsplit(':').next().unwrap_or(&root);
    let kind = match local {
        "nitf" => Kind::Nitf,
        "newsItem" | "newsitem" | "newsMessage" => Kind::NewsMl,
        "rss" | "feed" | "RDF" => Kind::Feed,
        "REUTERS" | "LEWIS" | "lewis" => Kind::ReutersSgml,
        l if l.eq_ignore_ascii_case("html") => Kind::Html,
        _ => return None,
    };
    Some(kind)
}

/// The kind of content with no telling extension.
fn sniff(bytes: &[u8]) -> Option<Kind> {
    if opens_as_warc(bytes) {
        return Some(Kind::Warc);
    }
    if looks_binary(bytes) {
        return None;
    }
    if opens_as_html(bytes) {
        return Some(Kind::Html);
    }
    if opens_with(bytes, b"<")
        && let Some(kind) = xml_kind(bytes)
    {
        return Some(kind);
    }
    let text = decode::decode(bytes, false).ok()?.text;
    let trimmed = text.trim_start();
    if trimmed.starts_with("---\n") || trimmed.starts_with("+++\n") {
        return Some(Kind::Markdown);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if serde_json::from_str::<Value>(trimmed).is_ok() {
            return Some(if is_json_feed(bytes) { Kind::JsonFeed } else { Kind::Json });
        }
        if looks_like_json_lines(trimmed) {
            return Some(Kind::JsonLines);
        }
    }
    Some(Kind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(name: &str, bytes: &[u8]) -> Option<Format> {
        detect_format(Path::new(name), bytes)
    }

    fn kind(name: &str, bytes: &[u8]) -> Option<Kind> {
        detect_kind(Path::new(name), bytes)
    }

    #[test]
    fn extension_wins() {
        assert_eq!(detect("a.TXT", b"{}"), Some(Format::Text));
        assert_eq!(detect("a.markdown", b"x"), Some(Format::Markdown));
        assert_eq!(detect("a.ndjson", b"x"), Some(Format::JsonLines));
        assert_eq!(detect("a.xhtml", b"x"), Some(Format::Html));
        assert_eq!(detect("a.json", b"<html>"), Some(Format::Json));
        assert_eq!(kind("a.nitf", b"x"), Some(Kind::Nitf));
        assert_eq!(kind("a.sgm", b"x"), Some(Kind::ReutersSgml));
        assert_eq!(kind("a.warc", b"x"), Some(Kind::Warc));
        assert_eq!(kind("a.newsml", b"x"), Some(Kind::NewsMl));
    }

    #[test]
    fn txt_that_is_html() {
        assert_eq!(detect("a.txt", b"\xEF\xBB\xBF  <!DOCTYPE HTML><html>"), Some(Format::Html));
        assert_eq!(detect("a.txt", b"<HTML lang=en>"), Some(Format::Html));
        assert_eq!(detect("a.txt", b"<p>not a page</p>"), Some(Format::Text));
    }

    #[test]
    fn xml_by_root_element() {
        let decl = b"<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE nitf SYSTEM \"x.dtd\" [ <!ENTITY a \"b\"> ]>\n<nitf>";
        assert_eq!(kind("a.xml", decl), Some(Kind::Nitf));
        assert_eq!(kind("a.xml", b"<newsItem xmlns='x'>"), Some(Kind::NewsMl));
        assert_eq!(kind("a.xml", b"<newsitem itemid='1'>"), Some(Kind::NewsMl));
        assert_eq!(kind("a.xml", b"<rss version='2.0'>"), Some(Kind::Feed));
        assert_eq!(kind("a.feed", b"<feed xmlns='http://www.w3.org/2005/Atom'>"), Some(Kind::Feed));
        assert_eq!(kind("a.xml", b"<rdf:RDF>"), Some(Kind::Feed));
        assert_eq!(kind("a.xml", b"<?xml version='1.0'?><LEWIS><REUTERS>"), Some(Kind::ReutersSgml));
        assert_eq!(kind("a.xml", b"<config/>"), Some(Kind::UnknownXml));
        assert_eq!(kind("a.xml", b"no xml"), Some(Kind::UnknownXml));
    }

    #[test]
    fn json_feed_is_not_plain_json() {
        let feed = br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#;
        assert_eq!(kind("a.json", feed), Some(Kind::JsonFeed));
        assert_eq!(kind("a.feed", feed), Some(Kind::JsonFeed));
        assert_eq!(kind("feed", feed), Some(Kind::JsonFeed));
        assert_eq!(kind("a.json", br#"{"items": []}"#), Some(Kind::Json));
    }

    #[test]
    fn sniffing_unknown_extensions() {
        assert_eq!(detect("page", b"<!doctype html><title>x</title>"), Some(Format::Html));
        assert_eq!(detect("post.mdx", b"---\ntitle: x\n---\nbody"), Some(Format::Markdown));
        assert_eq!(detect("data.dat", b"[{\"a\": 1}]"), Some(Format::Json));
        assert_eq!(detect("data.dat", b"{\"a\": 1}\n{\"a\": 2}\n"), Some(Format::JsonLines));
        assert_eq!(detect("README", b"Just words."), Some(Format::Text));
        assert_eq!(detect("broken.dat", b"{\"a\": "), Some(Format::Text));
        assert_eq!(detect("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), None);
        assert_eq!(kind("crawl", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"), Some(Kind::Warc));
        assert_eq!(kind("story", b"<nitf><head/></nitf>"), Some(Kind::Nitf));
        assert_eq!(
            kind("wire.dat", b"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"1\">"),
            Some(Kind::ReutersSgml)
        );
        assert_eq!(kind("odd.dat", b"<p>a paragraph</p>"), Some(Kind::Text));
    }
}
