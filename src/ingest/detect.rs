//! Which format a file is in: by extension, else by its first bytes.
//!
//! The extension wins, with one exception: a `.txt` file that opens with `<!DOCTYPE html` or
//! `<html` is read as HTML (pages saved with the wrong name are common in archives). Files
//! without a known extension are sniffed: an HTML opening, then front matter (Markdown), then a
//! whole JSON document, then JSON Lines, else plain text unless the bytes look binary.

use std::path::Path;

use serde_json::Value;

use super::decode::{self, looks_binary};
use super::formats::json::looks_like_json_lines;
use crate::model::Format;

/// The format an extension names, when it names one (case-insensitive).
pub fn format_for_extension(extension: &str) -> Option<Format> {
    let format = match extension.to_ascii_lowercase().as_str() {
        "txt" | "text" => Format::Text,
        "md" | "markdown" => Format::Markdown,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::JsonLines,
        "html" | "htm" | "xhtml" => Format::Html,
        _ => return None,
    };
    Some(format)
}

/// The format of a file from its extension, else from its content; `None` for binary data.
pub fn detect_format(path: &Path, bytes: &[u8]) -> Option<Format> {
    let by_extension = path.extension().and_then(|e| e.to_str()).and_then(format_for_extension);
    match by_extension {
        Some(Format::Text) if opens_as_html(bytes) => Some(Format::Html),
        Some(format) => Some(format),
        None => sniff(bytes),
    }
}

/// Whether the bytes open (after a BOM and whitespace) with `<!DOCTYPE html` or `<html`.
fn opens_as_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head: Vec<u8> = bytes[start..].iter().take(14).map(u8::to_ascii_lowercase).collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// The format of content with no telling extension.
fn sniff(bytes: &[u8]) -> Option<Format> {
    if looks_binary(bytes) {
        return None;
    }
    if opens_as_html(bytes) {
        return Some(Format::Html);
    }
    let text = decode::decode(bytes, false).ok()?.text;
    let trimmed = text.trim_start();
    if trimmed.starts_with("---\n") || trimmed.starts_with("+++\n") {
        return Some(Format::Markdown);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if serde_json::from_str::<Value>(trimmed).is_ok() {
            return Some(Format::Json);
        }
        if looks_like_json_lines(trimmed) {
            return Some(Format::JsonLines);
        }
    }
    Some(Format::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(name: &str, bytes: &[u8]) -> Option<Format> {
        detect_format(Path::new(name), bytes)
    }

    #[test]
    fn extension_wins() {
        assert_eq!(detect("a.TXT", b"{}"), Some(Format::Text));
        assert_eq!(detect("a.markdown", b"x"), Some(Format::Markdown));
        assert_eq!(detect("a.ndjson", b"x"), Some(Format::JsonLines));
        assert_eq!(detect("a.xhtml", b"x"), Some(Format::Html));
        assert_eq!(detect("a.json", b"<html>"), Some(Format::Json));
    }

    #[test]
    fn txt_that_is_html() {
        assert_eq!(detect("a.txt", b"\xEF\xBB\xBF  <!DOCTYPE HTML><html>"), Some(Format::Html));
        assert_eq!(detect("a.txt", b"<HTML lang=en>"), Some(Format::Html));
        assert_eq!(detect("a.txt", b"<p>not a page</p>"), Some(Format::Text));
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
    }
}
