//! One parser per format, each turning decoded text into [`Article`]s.
//!
//! Parsers fill what the file states (title, body, metadata) and leave everything read out of
//! the text itself (dateline, places, people) to `extract`. They all end with [`finish`], which
//! enforces what every article has after ingest: a non-empty body and a non-empty title.

pub mod html;
pub mod json;
pub mod markdown;
pub mod txt;

use crate::ingest::text::{clean_line, derive_title, normalize_lang, tidy_body};
use crate::model::Article;

/// The reason given when a file holds no story text.
pub const NO_TEXT: &str = "no article text found";

/// Completes a parsed article: tidies the body and metadata, refuses an empty body, and derives
/// a title from the first sentence when the source gave none. The error is the reason to report.
pub fn finish(mut article: Article) -> Result<Article, String> {
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
}
