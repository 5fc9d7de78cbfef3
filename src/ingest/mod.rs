//! Finding article files and reading each format into [`Article`]s.
//!
//! [`discover`] walks the folders a user names; [`read_file`] reads one file, detects its format
//! (by extension, then by content) and hands it to the parser in [`formats`].
//!
//! | file | what it answers |
//! |---|---|
//! | `discover.rs` | which files under these folders are articles? |
//! | `detect.rs` | which format is this file in? |
//! | `gzip.rs` | is it compressed, and how big is it once decompressed? |
//! | `decode.rs` | which charset, and is it text at all? |
//! | `formats/` | one parser per format: txt, markdown, json, html, nitf, newsml, feeds, warc, reuters |
//! | `guard.rs` | a panic in a third-party parser costs one file, silently |
//! | `xml.rs` | news XML made safe for the parser, and walked by element name |
//! | `fields.rs` | which JSON / front matter field is the title, the date, the author...? |
//! | `text.rs` | tidy bodies, derived titles, datelines, HTML fragments to text |
//! | `date.rs` | what date does this metadata string mean? |
//! | `lang.rs` | which language is this article in, when the metadata does not say? |
//! | `prefetch.rs` | how do the next files reach the page cache before their parser asks? |
//!
//! Every failure is an [`Error::Source`] naming the file (or `file#ID` for one story of a
//! multi-article file) and a reason a user can act on; none of them stops an ingest.

mod date;
mod decode;
mod detect;
mod discover;
pub mod fields;
pub mod formats;
mod guard;
pub use guard::quietly;
mod gzip;
mod lang;
mod prefetch;
pub mod text;
mod xml;

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::model::{Article, Format};
use crate::{Error, Result};

pub use date::parse_date;
pub use decode::{DecodeError, Decoded, decode};
pub use detect::{Kind, detect_kind, format_for_extension, kind_for_extension};
pub use discover::{ARTICLE_EXTENSIONS, has_article_extension, is_index_folder};
pub use gzip::TOO_LARGE_DECOMPRESSED;
pub use lang::{detect_lang, language_codes};
pub use prefetch::ReadAhead;

/// Files larger than this are refused rather than read into memory (64 MiB).
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The reason given for a file of `size` bytes, over [`MAX_FILE_SIZE`]: "too large: 200 MB
/// (the limit is 64 MB)..." (MB here are MiB, as `ls -lh` counts them).
pub fn too_large(size: u64) -> String {
    format!(
        "too large: {} MB (the limit is {} MB per file); split it into smaller files",
        mib(size),
        mib(MAX_FILE_SIZE)
    )
}

/// `bytes` in MiB, rounded up: the unit of every size limit's reason.
pub(crate) fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

/// The reason given for a file that holds no text.
pub const EMPTY_FILE: &str = "empty file";

/// The reason given for a file that is not text.
pub const BINARY_FILE: &str = "binary file (not text)";

/// A file found by [`discover`], with what incremental indexing needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path on disk.
    pub path: PathBuf,
    /// The path as it is indexed and shown: as the user named it, without a leading `./`.
    pub display: String,
    /// Modification time, seconds since the Unix epoch.
    pub modified: u64,
    /// Size in bytes.
    pub size: u64,
}

/// What a walk found: the files to read and the paths it could not use.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Candidate article files, sorted by display path.
    pub files: Vec<SourceFile>,
    /// Paths that could not be read (permissions, broken links...), each as `Error::Source`.
    pub skipped: Vec<crate::Error>,
}

/// The articles read from one file, and the records in it that could not be read.
///
/// Only multi-article files (JSON arrays, JSON Lines, feeds, NewsML messages, Reuters SGML,
/// WARC) can have both: one bad story is reported as `file#ID: reason` while the others are
/// kept.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// The records skipped, each as `Error::Source` with path `file#N` (or `file#ID`).
    pub skipped: Vec<Error>,
    /// Records passed over on purpose, not errors: WARC requests, metadata, redirects and
    /// non-HTML responses (images, scripts...).
    pub ignored: usize,
}

impl Parsed {
    fn one(article: Article) -> Self {
        Parsed { articles: vec![article], skipped: Vec::new(), ignored: 0 }
    }
}

/// Walks `roots` (files or folders) and returns the article files under them.
///
/// Hidden files and folders, and any folder in `exclude` (the index itself), are skipped.
/// Symbolic links are not followed, so link loops cannot trap the walk. Inside folders only
/// files with an article extension ([`ARTICLE_EXTENSIONS`]) are listed; a file named directly
/// is listed whatever its extension, and its format is sniffed from its content.
pub fn discover(roots: &[PathBuf], exclude: &[PathBuf]) -> Discovery {
    discover::discover(roots, exclude)
}

pub use discover::{NamedRoot, Spelling, discover_named, name_roots};

/// Reads one file and returns its articles (one, or several for JSON arrays and JSON Lines).
///
/// Errors are [`crate::Error::Source`] naming the file and the reason. Records of a
/// multi-article file that cannot be read are dropped; [`read_articles`] reports them too.
pub fn read_file(file: &SourceFile) -> Result<Vec<Article>> {
    read_articles(file).map(|parsed| parsed.articles)
}

/// Reads one file like [`read_file`], also returning the records that were skipped.
///
/// WARC files (`.warc`, `.warc.gz`, or sniffed) are streamed record by record and are not held
/// to [`MAX_FILE_SIZE`] as a whole; every other file, and every file once decompressed, is.
pub fn read_articles(file: &SourceFile) -> Result<Parsed> {
    // A bug in a parser must cost one file, not the run, and print no crash report.
    guard::quietly(|| read_any(file)).unwrap_or_else(|| Err(Error::source(&file.display, PARSER_FAILED)))
}

/// The reason given for a file that made a parser panic (a bug in dateline or a library).
pub const PARSER_FAILED: &str = "the parser failed on this file (a bug in dateline: please report it)";

fn read_any(file: &SourceFile) -> Result<Parsed> {
    if is_warc_file(&file.path) {
        return read_warc(&file.path, &file.display);
    }
    let bytes = read_limited(&file.path).map_err(|reason| Error::source(&file.display, reason))?;
    parse_articles(&bytes, &file.path, &file.display)
}

/// Whether `path` is a WARC file (possibly gzipped): by extension, or, for names that say
/// nothing, by its first bytes.
fn is_warc_file(path: &Path) -> bool {
    let inner = gzip::strip_gz(path).unwrap_or_else(|| path.to_path_buf());
    match inner.extension().and_then(|e| e.to_str()).and_then(kind_for_extension) {
        Some(kind) => kind == Kind::Warc,
        None => {
            let mut head = Vec::new();
            let Ok(file) = std::fs::File::open(path) else { return false };
            let mut raw = BufReader::new(file);
            let Ok(start) = std::io::BufRead::fill_buf(&mut raw) else { return false };
            let result = if gzip::is_gzip(start) {
                flate2::read::MultiGzDecoder::new(raw).take(8).read_to_end(&mut head)
            } else {
                raw.take(8).read_to_end(&mut head)
            };
            result.is_ok() && detect::opens_as_warc(&head)
        }
    }
}

/// Streams the records of a WARC file.
fn read_warc(path: &Path, source: &str) -> Result<Parsed> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::source(source, discover::io_reason(&e)))?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic).map_err(|e| Error::source(source, discover::io_reason(&e)))?;
    let file = std::fs::File::open(path).map_err(|e| Error::source(source, discover::io_reason(&e)))?;
    if n == 0 {
        return Err(Error::source(source, EMPTY_FILE));
    }
    if gzip::is_gzip(&magic) {
        let decoder = flate2::read::MultiGzDecoder::new(BufReader::new(file));
        formats::warc::read(BufReader::new(decoder), source)
    } else {
        formats::warc::read(BufReader::new(file), source)
    }
}

/// The file's bytes, refusing files over [`MAX_FILE_SIZE`].
fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| discover::io_reason(&e))?;
    let meta = file.metadata().map_err(|e| discover::io_reason(&e))?;
    if !meta.is_file() {
        // A FIFO or a device named as a root: reading it could block or never end.
        return Err("not a regular file".to_string());
    }
    // The size is checked before reading, so a sparse 1 GB file costs nothing.
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large(meta.len()));
    }
    // The file may grow while it is read: never hold more than the limit.
    let bytes = gzip::read_capped(file, MAX_FILE_SIZE, meta.len()).map_err(|e| discover::io_reason(&e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Parses bytes already read, as if they came from `path` (shown as `source`).
pub fn parse_bytes(bytes: &[u8], path: &Path, source: &str) -> Result<Vec<Article>> {
    parse_articles(bytes, path, source).map(|parsed| parsed.articles)
}

/// Parses bytes like [`parse_bytes`], also returning the records that were skipped.
///
/// gzip data (`.gz`, or gzip magic bytes) is decompressed first, up to [`MAX_FILE_SIZE`], and
/// read as the file named without `.gz`.
pub fn parse_articles(bytes: &[u8], path: &Path, source: &str) -> Result<Parsed> {
    if gzip::is_gzip(bytes) {
        let inner = gzip::gunzip(bytes, MAX_FILE_SIZE).map_err(|reason| Error::source(source, reason))?;
        if gzip::is_gzip(&inner) {
            return Err(Error::source(source, "gzip inside gzip: not read"));
        }
        let inner_path = gzip::strip_gz(path).unwrap_or_else(|| path.to_path_buf());
        return parse_articles(&inner, &inner_path, source);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::source(source, EMPTY_FILE));
    }
    let kind = detect_kind(path, bytes).ok_or_else(|| Error::source(source, BINARY_FILE))?;
    if kind == Kind::Warc {
        return formats::warc::read(bytes, source);
    }
    let declared = if kind.is_xml() { decode::xml_declared_charset(bytes) } else { None };
    let decoded = decode::decode_declared(bytes, kind == Kind::Html, declared)
        .map_err(|_| Error::source(source, BINARY_FILE))?;
    let text = decoded.text;
    if text.trim().is_empty() {
        return Err(Error::source(source, EMPTY_FILE));
    }
    match kind {
        Kind::Text => formats::txt::parse(&text, source).map(Parsed::one),
        Kind::Markdown => formats::markdown::parse(&text, source).map(Parsed::one),
        Kind::Json => formats::json::parse(&text, source),
        Kind::JsonLines => formats::json::parse_lines(&text, source),
        Kind::Html => formats::html::parse(&text, source).map(Parsed::one),
        Kind::Nitf => formats::nitf::parse(&text, source),
        Kind::NewsMl => formats::newsml::parse(&text, source),
        Kind::Feed => formats::feed::parse(&text, source),
        Kind::JsonFeed => formats::json_feed::parse(&text, source),
        Kind::ReutersSgml => formats::reuters::parse(&text, source),
        Kind::Warc => formats::warc::read(bytes, source),
        Kind::UnknownXml => Err(Error::source(
            source,
            "XML of a kind dateline does not read (expected NITF, NewsML, RSS, Atom or Reuters)",
        )),
    }
}

/// The single-story format of a file, from its extension, else from its first bytes.
///
/// `None` means the content is binary, or a container format (see [`detect_kind`]). A `.txt`
/// file that opens like an HTML page is HTML.
pub fn detect_format(path: &Path, bytes: &[u8]) -> Option<Format> {
    detect::detect_format(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(name: &str, bytes: &[u8]) -> Result<Vec<Article>> {
        parse_bytes(bytes, Path::new(name), name)
    }

    fn reason(result: Result<Vec<Article>>) -> String {
        match result {
            Err(Error::Source { reason, .. }) => reason,
            other => panic!("expected a source error, got {other:?}"),
        }
    }

    #[test]
    fn empty_and_binary_files() {
        assert_eq!(reason(parse("e.md", b"")), EMPTY_FILE);
        assert_eq!(reason(parse("e.txt", b" \n\t\r\n")), EMPTY_FILE);
        assert_eq!(reason(parse("e.txt", b"\xEF\xBB\xBF\n")), EMPTY_FILE);
        assert_eq!(reason(parse("b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")), BINARY_FILE);
        assert_eq!(reason(parse("b.bin", b"\x00\x01\x02\x03")), BINARY_FILE);
        assert_eq!(reason(parse("b.html", b"<html>\x00\x00\x00</html>")), BINARY_FILE);
    }

    #[test]
    fn invalid_utf8_is_decoded() {
        let articles =
            parse("l.txt", b"Caf\xe9 reopens\n\nThe caf\xe9 on the square reopened on Monday.").unwrap();
        assert_eq!(articles[0].title, "Café reopens");
        assert!(articles[0].body.contains("café"));
    }

    #[test]
    fn crlf_is_normalised() {
        let articles = parse("c.txt", b"Title line\r\n\r\nFirst paragraph.\r\nSame paragraph.\r\n").unwrap();
        assert_eq!(articles[0].body, "First paragraph.\nSame paragraph.");
    }

    #[test]
    fn dispatch_by_format() {
        assert_eq!(parse("a.json", br#"[{"text": "One."}, {"text": "Two."}]"#).unwrap().len(), 2);
        assert_eq!(parse("a.jsonl", b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n").unwrap().len(), 2);
        assert_eq!(parse("a.md", b"# Head\n\nBody.").unwrap()[0].title, "Head");
        let html =
            b"<html><head><title>Page title here</title></head><body><p>Enough words in this paragraph \
                     to count as a story, with a few more to be safe.</p></body></html>";
        assert_eq!(parse("a.htm", html).unwrap()[0].title, "Page title here");
        assert_eq!(parse("noext", b"---\ntitle: Sniffed\n---\nBody.").unwrap()[0].title, "Sniffed");
    }

    #[test]
    fn truncated_json_is_reported() {
        assert!(reason(parse("t.json", br#"{"title": "Cut", "body": "The te"#)).starts_with("truncated:"));
    }

    #[test]
    fn read_file_reports_sizes_and_io_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Title\n\nBody text.").unwrap();
        let file = SourceFile { path: path.clone(), display: "a.txt".into(), modified: 0, size: 17 };
        assert_eq!(read_file(&file).unwrap()[0].source, "a.txt");

        let big = dir.path().join("big.txt");
        let handle = std::fs::File::create(&big).unwrap();
        handle.set_len(MAX_FILE_SIZE + 1).unwrap();
        let file = SourceFile { path: big, display: "big.txt".into(), modified: 0, size: MAX_FILE_SIZE + 1 };
        assert_eq!(
            read_file(&file).unwrap_err().to_string(),
            "big.txt: too large: 65 MB (the limit is 64 MB per file); split it into smaller files"
        );
        // A sparse 1 GB file is refused from its size, without reading it.
        let sparse = dir.path().join("sparse.txt");
        std::fs::File::create(&sparse).unwrap().set_len(1 << 30).unwrap();
        let file = SourceFile { path: sparse, display: "sparse.txt".into(), modified: 0, size: 1 << 30 };
        assert!(read_file(&file).unwrap_err().to_string().starts_with("sparse.txt: too large: 1024 MB"));

        let file = SourceFile {
            path: dir.path().join("gone.txt"),
            display: "gone.txt".into(),
            modified: 0,
            size: 0,
        };
        assert_eq!(read_file(&file).unwrap_err().to_string(), "gone.txt: no such file or directory");
    }

    #[test]
    fn fixtures_behave() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let good = discover(&[root.join("formats")], &[]);
        assert!(good.files.len() >= 5, "{:?}", good.files);
        for file in &good.files {
            let articles = read_file(file).unwrap_or_else(|e| panic!("{e}"));
            assert!(!articles.is_empty());
            for a in &articles {
                assert!(!a.title.is_empty() && !a.body.is_empty(), "{}", a.source);
            }
        }
        let broken = discover(&[root.join("broken")], &[]);
        for file in &broken.files {
            let name = file.display.rsplit('/').next().unwrap_or_default();
            let result = read_articles(file);
            match name {
                "latin1.txt" | "mixed-encoding.txt" => {
                    let parsed = result.unwrap_or_else(|e| panic!("{e}"));
                    let body = &parsed.articles[0].body;
                    assert!(body.contains("café") && !body.contains('Ã'), "{body}");
                }
                "cut.warc" => {
                    let parsed = result.unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(parsed.articles.len(), 1, "the complete record is kept");
                    assert_eq!(parsed.skipped.len(), 1, "the cut record is reported");
                    assert!(parsed.skipped[0].to_string().contains("truncated"));
                }
                "bad-date.rss" => {
                    let parsed = result.unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(parsed.articles[0].date, None, "an unreadable date is no date");
                }
                _ => assert!(result.is_err(), "{} should fail", file.display),
            }
        }
    }

    #[test]
    fn gzip_is_read_transparently_and_bombs_are_refused() {
        use flate2::Compression;
        use flate2::write::GzEncoder;
        use std::io::Write;
        let gz = |data: &[u8]| {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        };
        let articles = parse("a.md.gz", &gz(b"# Zipped\n\nCompressed body.")).unwrap();
        assert_eq!(articles[0].title, "Zipped");
        let sgm = gz(b"<REUTERS NEWID=\"3\"><TEXT><TITLE>T</TITLE><BODY>Body.</BODY></TEXT></REUTERS>");
        assert_eq!(parse("r.sgm.gz", &sgm).unwrap()[0].source, "r.sgm.gz");
        assert_eq!(parse("sniffed", &gz(b"Title\n\nBody text.")).unwrap()[0].title, "Title");
        assert_eq!(reason(parse("n.txt.gz", &gz(&gz(b"x")))), "gzip inside gzip: not read");
        let bomb = gz(&vec![b'a'; usize::try_from(MAX_FILE_SIZE).unwrap() + 10]);
        assert_eq!(reason(parse("bomb.txt.gz", &bomb)), TOO_LARGE_DECOMPRESSED);
        let warc = formats::warc::tests::sample();
        assert_eq!(parse("c.warc.gz", &gz(&warc)).unwrap().len(), 2);
    }

    #[test]
    fn warc_files_are_streamed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl");
        let mut bytes = Vec::new();
        for chunk in formats::warc::tests::sample().chunks(300) {
            use std::io::Write;
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(chunk).unwrap();
            bytes.extend(encoder.finish().unwrap());
        }
        std::fs::write(&path, &bytes).unwrap();
        let file = SourceFile { path, display: "crawl".into(), modified: 0, size: bytes.len() as u64 };
        let parsed = read_articles(&file).unwrap();
        assert_eq!(parsed.articles.len(), 2);
        assert_eq!(parsed.ignored, 3);
    }

    const EXTENSIONS: &[&str] = &[
        "txt", "text", "md", "markdown", "json", "jsonl", "ndjson", "html", "htm", "xhtml", "dat", "", "xml",
        "nitf", "newsml", "rss", "atom", "feed", "warc", "sgm", "txt.gz",
    ];

    fn garbage() -> impl Strategy<Value = Vec<u8>> {
        let prefixes = prop::sample::select(vec![
            &b""[..],
            b"---\n",
            b"+++\n",
            b"{",
            b"[",
            b"<!DOCTYPE html><html>",
            b"<meta charset=\"latin1\">",
            b"\xEF\xBB\xBF",
            b"\xFF\xFE",
            b"Title\n\n",
            b"{\"title\": \"t\", \"body\": \"",
            b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>",
            b"<nitf><head><title>",
            b"<nitf><body><body.content><p>",
            b"<newsItem><contentMeta><headline>",
            b"<newsitem date=\"1996-08-20\"><text><p>",
            b"<rss><channel><item><title>",
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\">",
            b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"content_html\": \"",
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n",
            b"<REUTERS NEWID=\"1\"><DATE>1-MAR-1987</DATE><TEXT><BODY>",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        ]);
        (prefixes, prop::collection::vec(any::<u8>(), 0..600), any::<bool>()).prop_map(
            |(prefix, tail, ascii)| {
                let mut bytes = prefix.to_vec();
                if ascii {
                    let alphabet = b"abc <>/{}[]:,\"-#\n .\\=+&;!?";
                    bytes.extend(tail.iter().map(|b| alphabet[usize::from(*b) % alphabet.len()]));
                } else {
                    bytes.extend(tail);
                }
                bytes
            },
        )
    }

    /// JSON values whose keys are often the field names the parsers look for.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let key = prop::sample::select(vec![
            "title",
            "headline",
            "body",
            "text",
            "content",
            "date",
            "published",
            "author",
            "authors",
            "id",
            "guid",
            "tags",
            "keywords",
            "url",
            "lang",
            "place",
            "articles",
            "name",
            "rendered",
            "@type",
            "x",
        ]);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            "\\PC{0,30}".prop_map(Value::String),
            Just(Value::String("<p>Some &amp; text. More.</p>".into())),
            Just(Value::String("2025-10-30T08:15:00Z".into())),
        ];
        leaf.prop_recursive(4, 40, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6).prop_map(|pairs| {
                    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn parse_bytes_never_panics(bytes in garbage()) {
            for ext in EXTENSIONS {
                let name = if ext.is_empty() { "file".to_string() } else { format!("file.{ext}") };
                if let Ok(articles) = parse(&name, &bytes) {
                    for a in articles {
                        prop_assert!(!a.title.is_empty());
                        prop_assert!(!a.body.is_empty());
                    }
                }
            }
        }

        #[test]
        fn json_of_any_shape_never_panics(value in json_value()) {
            let text = value.to_string();
            for name in ["f.json", "f.jsonl", "f.md"] {
                let bytes = if name.ends_with(".md") { format!("---\nx: {text}\n---\nBody.") } else { text.clone() };
                if let Ok(articles) = parse(name, bytes.as_bytes()) {
                    prop_assert!(articles.iter().all(|a| !a.title.is_empty() && !a.body.is_empty()));
                }
            }
        }

        #[test]
        fn parse_date_never_panics(s in "\\PC{0,40}") {
            let _ = parse_date(&s);
        }
    }
}
