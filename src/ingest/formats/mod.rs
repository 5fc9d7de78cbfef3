//! One parser per format, each turning decoded text into [`Article`]s.
//!
//! Parsers fill what the file states (title, body, metadata) and leave everything read out of
//! the text itself (dateline, places, people) to `extract`. They all end with [`finish`], which
//! enforces what every article has after ingest: a non-empty body and a non-empty title, and
//! a language when the metadata gave none and the text is clear about it.
//!
//! | file | format |
//! |---|---|
//! | `txt.rs`, `markdown.rs`, `html.rs` | one story per file |
//! | `json.rs` | one object, an array, a wrapper object, or JSON Lines |
//! | `nitf.rs` | NITF 3.x |
//! | `newsml.rs` | NewsML-G2 `newsItem` (and `newsMessage`), Reuters RCV1 `newsitem` |
//! | `feed.rs` | RSS 0.9x/1.0/2.0 and Atom: one article per item or entry |
//! | `json_feed.rs` | JSON Feed 1.x: one article per item |
//! | `reuters.rs` | Reuters-21578 SGML: one article per `<REUTERS>` story |
//! | `warc.rs` | WARC web archives: one article per HTML response |
//!
//! Containers name their articles with [`Namer`]: `file#ID` from the story's own id, else
//! `file#N` from its position.

pub mod feed;
pub mod html;
pub mod json;
pub mod json_feed;
pub mod markdown;
pub mod newsml;
pub mod nitf;
pub mod reuters;
pub mod txt;
pub mod warc;

use std::collections::HashSet;

use crate::ingest::lang::detect_lang;
use crate::ingest::text::{clean_line, derive_title, normalize_lang, tidy_body};
use crate::model::Article;

/// Names the articles of a file that may hold several: `source#ID` where the story has an id
/// not used yet in the file, else `source#N` (its 1-based position); the plain `source` when
/// the file holds a single story, as for a one-element JSON array.
pub struct Namer<'a> {
    source: &'a str,
    several: bool,
    used: HashSet<String>,
}

impl<'a> Namer<'a> {
    /// A namer for a file holding `count` stories.
    pub fn new(source: &'a str, count: usize) -> Self {
        Namer { source, several: count > 1, used: HashSet::new() }
    }

    /// A namer for a file whose story count is not known in advance (a WARC stream): always
    /// `source#ID`.
    pub fn streaming(source: &'a str) -> Self {
        Namer { source, several: true, used: HashSet::new() }
    }

    /// The name of the story at `ordinal` (1-based) with identifier `id`.
    pub fn name(&mut self, id: Option<&str>, ordinal: usize) -> String {
        if !self.several {
            return self.source.to_string();
        }
        let id = id.map(|i| i.split_whitespace().collect::<Vec<_>>().join("-")).filter(|i| !i.is_empty());
        let mut suffix = match id {
            Some(id) if !self.used.contains(&id) => id,
            _ => ordinal.to_string(),
        };
        if self.used.contains(&suffix) {
            suffix = format!("{suffix}-{ordinal}");
        }
        self.used.insert(suffix.clone());
        format!("{}#{suffix}", self.source)
    }
}

/// The reason given when a file holds no story text.
pub const NO_TEXT: &str = "no article text found";

/// The longest article text read (4 MiB, ten times the longest news story). Indexing and
/// extraction hold about 28 bytes of memory per byte of text, so this bounds what one article
/// costs (about 150 MB) where the 64 MiB file limit alone would allow gigabytes.
pub const MAX_ARTICLE_BYTES: usize = 4 * 1024 * 1024;

/// The reason given for an article over [`MAX_ARTICLE_BYTES`].
pub fn article_too_long(bytes: usize) -> String {
    format!(
        "article text too long: {} MB (the limit is {} MB per article); split it into smaller files",
        super::mib(bytes as u64),
        super::mib(MAX_ARTICLE_BYTES as u64)
    )
}

/// Completes a parsed article: tidies the body and metadata, refuses an empty body (or one
/// over [`MAX_ARTICLE_BYTES`]), and derives a title from the first sentence when the source gave
/// none. The error is the reason to report.
pub fn finish(mut article: Article) -> Result<Article, String> {
    if article.body.len() > MAX_ARTICLE_BYTES {
        return Err(article_too_long(article.body.len()));
    }
    article.body = tidy_body(&article.body);
    if article.body.is_empty() {
        return Err(NO_TEXT.to_string());
    }
    article.title = clean_line(&article.title);
    if article.title.is_empty() {
        article.title = derive_title(&article.body);
    }
    if article.title.is_empty() {
        return Err(NO_TEXT.to_string());
    }
    let tidy = |value: Option<String>| value.map(|v| clean_line(&v)).filter(|v| !v.is_empty());
    article.url = tidy(article.url.take());
    article.author = tidy(article.author.take());
    article.meta_place = tidy(article.meta_place.take());
    article.lang = article.lang.take().and_then(|l| normalize_lang(&l));
    if article.lang.is_none() {
        article.lang = detect_lang(&article.title, &article.body);
    }
    let mut tags: Vec<String> = Vec::new();
    for tag in article.tags.drain(..).map(|t| clean_line(&t)) {
        if !tag.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    article.tags = tags;
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_requires_a_body_and_derives_a_title() {
        let empty = Article { title: "Only a title".into(), body: " \n ".into(), ..Article::default() };
        assert_eq!(finish(empty).unwrap_err(), NO_TEXT);

        let a = finish(Article {
            body: "Rain fell all week. Rivers rose.".into(),
            author: Some("  ".into()),
            tags: vec!["Rain".into(), " rain ".into(), "".into(), "floods".into()],
            lang: Some("EN-us".into()),
            ..Article::default()
        })
        .unwrap();
        assert_eq!(a.title, "Rain fell all week");
        assert_eq!(a.author, None);
        assert_eq!(a.tags, vec!["Rain", "floods"]);
        assert_eq!(a.lang.as_deref(), Some("en"));
    }

    #[test]
    fn overlong_articles_are_refused() {
        let long = Article { body: "word ".repeat(MAX_ARTICLE_BYTES / 5 + 1), ..Article::default() };
        assert_eq!(
            finish(long).unwrap_err(),
            "article text too long: 5 MB (the limit is 4 MB per article); split it into smaller files"
        );
        let fits = Article { body: "word ".repeat(MAX_ARTICLE_BYTES / 5), ..Article::default() };
        assert!(finish(fits).is_ok());
    }

    #[test]
    fn language_is_detected_when_not_stated() {
        let a = finish(Article {
            title: "Le budget est voté".into(),
            body: "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine, \
                   après un long débat sur les transports publics."
                .into(),
            ..Article::default()
        })
        .unwrap();
        assert_eq!(a.lang.as_deref(), Some("fr"));
    }

    #[test]
    fn namer() {
        let mut one = Namer::new("a.sgm", 1);
        assert_eq!(one.name(Some("5"), 1), "a.sgm");
        let mut many = Namer::new("a.sgm", 3);
        assert_eq!(many.name(Some("5"), 1), "a.sgm#5");
        assert_eq!(many.name(Some("5"), 2), "a.sgm#2");
        assert_eq!(many.name(Some(" "), 3), "a.sgm#3");
        assert_eq!(many.name(Some("2"), 4), "a.sgm#4");
        assert_eq!(many.name(Some("9"), 6), "a.sgm#9");
        assert_eq!(many.name(None, 9), "a.sgm#9-9");
        assert_eq!(many.name(Some("a b"), 5), "a.sgm#a-b");
    }
}
