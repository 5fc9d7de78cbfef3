//! WARC web archives (`.warc`, `.warc.gz` with one gzip member per record, as Common Crawl's
//! CC-NEWS writes them): every HTML page captured becomes an article, read by the HTML reader.
//!
//! Records are streamed one at a time, so a WARC file is not held to the 64 MiB file limit;
//! each record is (a record over the limit is skipped and reported). Per record:
//! * `response` records (and `resource` records holding HTML) with an HTML payload and a 2xx
//!   status are read: the HTTP head is split off with httparse, a chunked body is de-chunked,
//!   a gzip/deflate `Content-Encoding` is undone, and the charset comes from the HTTP
//!   `Content-Type`, else the page's `<meta>`, else detection;
//! * `warcinfo`, `request`, `metadata`, `revisit` records, redirects and errors, and non-HTML
//!   payloads (images, PDFs, scripts) are passed over and counted in [`Parsed::ignored`];
//! * a page the HTML reader cannot use is skipped and reported as `file#URL: reason`.
//!
//! Each article is named `file#URL` (`WARC-Target-URI`, else the `WARC-Record-ID`); its `url`
//! is the captured URL. Its date is the page's own publication date; only when the page states
//! none is the capture date (`WARC-Date`) used, as the best bound available.
//!
//! A file cut in the middle of a record keeps the records before the cut; the cut one is
//! reported as truncated.

use std::io::{BufRead, Read};

use super::{Namer, html};
use crate::ingest::decode::{content_type_charset, decode_declared};
use crate::ingest::gzip::gzip_reason;
use crate::ingest::{MAX_FILE_SIZE, Parsed};
use crate::{Error, Result};

/// Longest header line read; a longer one means the file is not WARC.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// Most header lines in one record.
const MAX_HEADER_LINES: usize = 1_000;

/// The WARC headers of one record that matter here.
#[derive(Debug, Default)]
struct Header {
    kind: String,
    target_uri: Option<String>,
    record_id: Option<String>,
    date: Option<String>,
    content_type: String,
    content_length: u64,
}

/// Reads the WARC records from `reader` (already decompressed) into articles.
///
/// The error is a file-level one: the first record is not WARC, or no record held an HTML page.
pub fn read(reader: impl BufRead, source: &str) -> Result<Parsed> {
    let mut reader = reader;
    let mut namer = Namer::streaming(source);
    let mut parsed = Parsed::default();
    let mut ordinal = 0usize;
    loop {
        ordinal += 1;
        let header = match read_header(&mut reader) {
            Ok(Some(header)) => header,
            Ok(None) => break,
            Err(reason) => {
                let error = if ordinal == 1 {
                    Error::source(source, reason)
                } else {
                    Error::source(format!("{source}#{ordinal}"), reason)
                };
                if ordinal == 1 {
                    return Err(error);
                }
                parsed.skipped.push(error);
                break;
            }
        };
        let id = header.target_uri.clone().or_else(|| header.record_id.clone());
        let wanted = matches!(header.kind.as_str(), "response" | "resource");
        if !wanted || header.content_length > MAX_FILE_SIZE {
            if let Err(reason) = skip(&mut reader, header.content_length) {
                parsed.skipped.push(Error::source(namer.name(id.as_deref(), ordinal), reason));
                break;
            }
            if wanted {
                let reason = "record larger than 64 MiB: not read";
                parsed.skipped.push(Error::source(namer.name(id.as_deref(), ordinal), reason));
            } else {
                parsed.ignored += 1;
            }
            continue;
        }
        let content = match read_content(&mut reader, header.content_length) {
            Ok(content) => content,
            Err(reason) => {
                parsed.skipped.push(Error::source(namer.name(id.as_deref(), ordinal), reason));
                break;
            }
        };
        let page = if header.kind == "response" && header.content_type.starts_with("application/http") {
            http_payload(&content)
        } else if is_html_type(&header.content_type) {
            Ok(Some((content, header.content_type.clone())))
        } else {
            Ok(None)
        };
        match page {
            Ok(Some((payload, content_type))) => {
                let name = namer.name(id.as_deref(), ordinal);
                match page_article(&payload, &content_type, &name, &header) {
                    Ok(article) => parsed.articles.push(article),
                    Err(error) => parsed.skipped.push(error),
                }
            }
            Ok(None) => parsed.ignored += 1,
            Err(reason) => parsed.skipped.push(Error::source(namer.name(id.as_deref(), ordinal), reason)),
        }
    }
    if parsed.articles.is_empty() && parsed.skipped.is_empty() {
        let records = ordinal - 1;
        return Err(Error::source(source, format!("no HTML page among its {records} WARC records")));
    }
    Ok(parsed)
}

/// One captured page as an article: the HTML reader, then the capture's URL and date.
fn page_article(payload: &[u8], content_type: &str, name: &str, header: &Header) -> Result<crate::Article> {
    let decoded = decode_declared(payload, true, content_type_charset(content_type))
        .map_err(|_| Error::source(name, "binary payload (not HTML text)"))?;
    let mut article = html::parse(&decoded.text, name)?;
    if let Some(uri) = &header.target_uri {
        article.url = Some(uri.clone());
    }
    if article.date.is_none() {
        article.date = header.date.as_deref().and_then(crate::ingest::parse_date);
    }
    Ok(article)
}

/// Reads one line (up to LF) of at most [`MAX_HEADER_LINE`] bytes; `None` at the end of input.
fn read_line(reader: &mut impl BufRead) -> std::result::Result<Option<Vec<u8>>, String> {
    let mut line = Vec::new();
    let n = reader.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line).map_err(|e| io_reason(&e))?;
    if n == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") && n as u64 >= MAX_HEADER_LINE {
        return Err("not a WARC record: header line too long".to_string());
    }
    while line.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        line.pop();
    }
    Ok(Some(line))
}

/// The next record's header; `None` at a clean end of input.
fn read_header(reader: &mut impl BufRead) -> std::result::Result<Option<Header>, String> {
    // Records are separated by blank lines.
    let first = loop {
        match read_line(reader)? {
            None => return Ok(None),
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    if !first.starts_with(b"WARC/") {
        return Err("not a WARC record: expected a WARC/1.x version line".to_string());
    }
    let mut header = Header::default();
    let mut length = None;
    for _ in 0..MAX_HEADER_LINES {
        let Some(line) = read_line(reader)? else {
            return Err("truncated: the file ends in the middle of a WARC header".to_string());
        };
        if line.is_empty() {
            header.content_length = length.ok_or("WARC record without Content-Length")?;
            return Ok(Some(header));
        }
        let line = String::from_utf8_lossy(&line);
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim().to_string();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => header.kind = value.to_ascii_lowercase(),
            "warc-target-uri" => header.target_uri = Some(value.trim_matches(['<', '>']).to_string()),
            "warc-record-id" => header.record_id = Some(clean_record_id(&value)),
            "warc-date" => header.date = Some(value),
            "content-type" => header.content_type = value.to_ascii_lowercase(),
            "content-length" => {
                length =
                    Some(value.parse::<u64>().map_err(|_| format!("bad WARC Content-Length {value:?}"))?);
            }
            _ => {}
        }
    }
    Err("not a WARC record: too many header lines".to_string())
}

/// `<urn:uuid:1234>` -> `1234`.
fn clean_record_id(id: &str) -> String {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    id.strip_prefix("urn:uuid:").unwrap_or(id).to_string()
}

fn read_content(reader: &mut impl BufRead, length: u64) -> std::result::Result<Vec<u8>, String> {
    let mut content = Vec::with_capacity(usize::try_from(length.min(1 << 20)).unwrap_or(0));
    reader.by_ref().take(length).read_to_end(&mut content).map_err(|e| io_reason(&e))?;
    if (content.len() as u64) < length {
        return Err(truncated_record());
    }
    Ok(content)
}

fn skip(reader: &mut impl BufRead, length: u64) -> std::result::Result<(), String> {
    let copied =
        std::io::copy(&mut reader.by_ref().take(length), &mut std::io::sink()).map_err(|e| io_reason(&e))?;
    if copied < length { Err(truncated_record()) } else { Ok(()) }
}

fn truncated_record() -> String {
    "truncated: the file ends in the middle of this WARC record".to_string()
}

/// An error while reading the (possibly gzip) stream, in words.
fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => truncated_record(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => gzip_reason(err),
        _ => crate::ingest::discover::io_reason(err),
    }
}

fn is_html_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    matches!(essence, "text/html" | "application/xhtml+xml")
}

/// The HTML payload of an HTTP response and its `Content-Type`; `None` for redirects, errors
/// and other media types.
fn http_payload(content: &[u8]) -> std::result::Result<Option<(Vec<u8>, String)>, String> {
    let mut headers = vec![httparse::EMPTY_HEADER; 256];
    let mut response = httparse::Response::new(&mut headers);
    let mut config = httparse::ParserConfig::default();
    config
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true);
    let head_len = match config.parse_response(&mut response, content) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("truncated HTTP response head".to_string()),
        Err(e) => return Err(format!("bad HTTP response head: {e}")),
    };
    if !response.code.is_some_and(|c| (200..300).contains(&c)) {
        return Ok(None);
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_default();
    let mut payload = content[head_len..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        payload = dechunk(&payload).unwrap_or(payload);
    }
    match header("content-encoding").as_deref() {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            payload = crate::ingest::gzip::gunzip(&payload, MAX_FILE_SIZE)?;
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(payload.as_slice())
                .take(MAX_FILE_SIZE + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("corrupt deflate payload: {e}"))?;
            if out.len() as u64 > MAX_FILE_SIZE {
                return Err(crate::ingest::gzip::TOO_LARGE_DECOMPRESSED.to_string());
            }
            payload = out;
        }
        Some(other) => return Err(format!("payload compressed as {other:?}, which dateline does not read")),
    }
    let html = if content_type.is_empty() {
        let head: Vec<u8> = payload.iter().take(512).map(u8::to_ascii_lowercase).collect();
        head.windows(5).any(|w| w == b"<html") || head.windows(14).any(|w| w == b"<!doctype html")
    } else {
        is_html_type(&content_type)
    };
    Ok(html.then_some((payload, content_type)))
}

/// Undoes HTTP chunked transfer encoding; `None` when the framing is broken.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One WARC record with the given type, extra headers and content.
    pub(crate) fn record(kind: &str, extra: &str, content: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2025-10-31T02:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n",
            content.len()
        )
        .into_bytes();
        out.extend_from_slice(content);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub(crate) const PAGE: &str = "<html><head><title>Ferry link reopens | Coast Daily</title>\
        <meta property=\"article:published_time\" content=\"2025-10-30T08:15:00Z\"></head><body><article>\
        <p>The ferry link between the two islands reopened on Thursday after repairs to the pier, \
        the operator said in a statement.</p><p>Crossings run every hour.</p></article></body></html>";

    fn response(uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        http.extend_from_slice(body);
        record(
            "response",
            &format!(
                "WARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\n"
            ),
            &http,
        )
    }

    pub(crate) fn sample() -> Vec<u8> {
        let mut warc = record("warcinfo", "Content-Type: application/warc-fields\r\n", b"software: test\r\n");
        warc.extend(record(
            "request",
            "WARC-Target-URI: https://example.org/a\r\n",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        warc.extend(response("https://example.org/a", "text/html; charset=utf-8", PAGE.as_bytes()));
        warc.extend(response("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0"));
        let undated = PAGE.replace("article:published_time", "x-other");
        warc.extend(response("https://example.org/b", "text/html", undated.as_bytes()));
        warc
    }

    #[test]
    fn pages_become_articles_and_the_rest_is_counted() {
        let parsed = read(sample().as_slice(), "c.warc").unwrap();
        let names: Vec<&str> = parsed.articles.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(names, ["c.warc#https://example.org/a", "c.warc#https://example.org/b"]);
        assert_eq!(parsed.ignored, 3, "warcinfo, request, image");
        assert!(parsed.skipped.is_empty());
        let a = &parsed.articles[0];
        assert_eq!(a.title, "Ferry link reopens");
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-30T08:15:00+00:00"));
        let b = &parsed.articles[1];
        assert_eq!(
            b.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2025-10-31T02:00:00+00:00"),
            "capture date as fallback"
        );
    }

    #[test]
    fn a_cut_file_keeps_its_complete_records() {
        let warc = sample();
        let cut = &warc[..warc.len() - 200];
        let parsed = read(cut, "c.warc").unwrap();
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(
            parsed.skipped[0].to_string(),
            "c.warc#https://example.org/b: truncated: the file ends in the middle of this WARC record"
        );
    }

    #[test]
    fn not_warc_and_no_pages() {
        assert!(
            read(&b"hello"[..], "x.warc").unwrap_err().to_string().starts_with("x.warc: not a WARC record")
        );
        let info = record("warcinfo", "", b"x");
        assert_eq!(
            read(info.as_slice(), "i.warc").unwrap_err().to_string(),
            "i.warc: no HTML page among its 1 WARC records"
        );
    }

    #[test]
    fn chunked_and_compressed_payloads() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n").as_deref(), Some(&b"Wikipedia"[..]));
        assert_eq!(dechunk(b"zz\r\n"), None);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut encoder, PAGE.as_bytes()).unwrap();
        let gz = encoder.finish().unwrap();
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        http.extend(gz);
        let (payload, _) = http_payload(&http).unwrap().unwrap();
        assert_eq!(payload, PAGE.as_bytes());
        assert_eq!(http_payload(b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n").unwrap(), None);
        assert!(http_payload(b"HTTP/1.1 200 OK\r\nContent-Ty").is_err());
    }
}
