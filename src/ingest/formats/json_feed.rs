//! JSON Feed 1.x (`"version": "https://jsonfeed.org/version/1.1"`): one article per item.
//!
//! Per item: `title`; body from `content_html` (as text), else `content_text`, else `summary`;
//! `url` (else `external_url`); `date_published` (else `date_modified`); `authors[].name`
//! (1.1) or `author.name` (1.0); `tags`; `language` (else the feed's). Items are named
//! `file#id`. An unreadable date leaves the item without one.

use serde_json::Value;

use super::NO_TEXT;
use super::feed::collect_items;
use crate::ingest::Parsed;
use crate::ingest::fields::{Record, value_date, value_names, value_tags, value_text, value_url};
use crate::ingest::text::{clean_line, html_to_text, plain};
use crate::model::Article;
use crate::{Error, Result};

/// Reads a JSON Feed.
pub fn parse(text: &str, source: &str) -> Result<Parsed> {
    let feed: Value = serde_json::from_str(text).map_err(|e| {
        let reason = if e.classify() == serde_json::error::Category::Eof {
            format!(
                "truncated: the JSON ends in the middle of a value (line {}, column {})",
                e.line(),
                e.column()
            )
        } else {
            format!("not valid JSON: {e}")
        };
        Error::source(source, reason)
    })?;
    let Some(feed) = feed.as_object() else {
        return Err(Error::source(source, "not a JSON Feed: expected an object"));
    };
    let feed_lang = feed.get("language").and_then(value_text);
    let items = feed.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    collect_items(source, items.iter(), feed_lang, |item| {
        let id = item.get("id").and_then(value_text);
        (id, item.as_object().ok_or_else(|| "not a JSON object".to_string()).and_then(article))
    })
}

/// The article of one item, named and finished by [`collect_items`].
fn article(map: &serde_json::Map<String, Value>) -> std::result::Result<Article, String> {
    let record = Record::new(map);
    let body = match record.text(&["content_html"]) {
        Some(html) => html_to_text(&html),
        None => {
            record.text(&["content_text", "summary"]).map(|t| plain(&t)).ok_or_else(|| NO_TEXT.to_string())?
        }
    };
    let authors = record.get(&["authors", "author"]).map(value_names).unwrap_or_default();
    Ok(Article {
        title: record.text(&["title"]).map(|t| clean_line(&plain(&t))).unwrap_or_default(),
        body,
        url: record.get(&["url", "external_url"]).and_then(value_url),
        date: record.get(&["date_published", "date_modified"]).and_then(value_date),
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        tags: record.get(&["tags"]).map(value_tags).unwrap_or_default(),
        lang: record.text(&["language"]),
        ..Article::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Valley Post", "language": "en",
          "items": [
            {"id": "v-1", "url": "https://example.org/v1", "title": "Bridge &amp; road open",
             "content_html": "<p>The new bridge opened.</p><p>Traffic flowed.</p>",
             "date_published": "2025-10-30T08:15:00Z", "authors": [{"name": "Ken Ito"}], "tags": ["roads"]},
            {"id": "v-2", "content_text": "Plain text item.", "date_published": "not a date", "author": {"name": "Old Style"}},
            {"id": "v-3", "title": "Empty"}
          ]}"#;
        let parsed = parse(feed, "f.json").unwrap();
        let a = &parsed.articles[0];
        assert_eq!(a.source, "f.json#v-1");
        assert_eq!(a.title, "Bridge & road open");
        assert_eq!(a.body, "The new bridge opened.\n\nTraffic flowed.");
        assert_eq!(a.author.as_deref(), Some("Ken Ito"));
        assert_eq!(a.tags, ["roads"]);
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert!(a.date.is_some());
        let b = &parsed.articles[1];
        assert_eq!((b.date, b.author.as_deref()), (None, Some("Old Style")));
        assert_eq!(parsed.skipped[0].to_string(), "f.json#v-3: no article text found");
    }

    #[test]
    fn broken_feeds() {
        assert!(
            parse("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [", "t.json")
                .unwrap_err()
                .to_string()
                .starts_with("t.json: truncated")
        );
        assert!(parse("{\"version\": \"https://jsonfeed.org/version/1\"}", "e.json").is_err());
        assert!(parse("[1]", "a.json").is_err());
    }
}
