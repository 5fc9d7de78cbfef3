//! Reading article fields out of loosely structured records: JSON objects and front matter.
//!
//! Field names are matched case-insensitively against short synonym lists (news-please's
//! `maintext`, schema.org's `articleBody`, feed exports' `pubDate`...). Values may be of any
//! type: a string, a number, a list, or an object with a `name`/`text`/`rendered` member.
//! Anything unexpected is ignored rather than reported, so an odd field never loses an article.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::date::{from_unix, parse_date};
use super::text::{clean_line, normalize_lang, plain};
use crate::model::Article;

/// Title field names, first match wins.
pub const TITLE: &[&str] = &["title", "headline", "name"];
/// Body field names: the first one with text wins.
pub const BODY: &[&str] = &["body", "text", "content", "articlebody", "maintext", "description"];
/// Publication date field names.
pub const DATE: &[&str] = &[
    "date",
    "published",
    "datepublished",
    "date_publish",
    "pubdate",
    "publishedat",
    "created",
    "publishdate",
    "published_at",
    "publish_date",
    "date_published",
];
/// URL field names.
pub const URL: &[&str] = &["url", "link", "canonical_url"];
/// Author field names.
pub const AUTHOR: &[&str] = &["author", "authors", "byline", "creator"];
/// Place field names.
pub const PLACE: &[&str] = &["place", "location", "dateline_place", "dateline"];
/// Tag field names; `categories` only when none of these is present.
pub const TAGS: &[&str] = &["tags", "keywords", "categories"];
/// Language field names.
pub const LANG: &[&str] = &["lang", "language", "inlanguage"];
/// Record identifier field names (for `source#ID`).
pub const ID: &[&str] = &["id", "guid", "newid", "_id"];

/// Members of an object that hold its text, when a field's value is an object.
const TEXT_MEMBERS: &[&str] = &["rendered", "text", "value", "#text", "@value", "name", "content", "body"];

/// A JSON object or front matter table, looked up by case-insensitive field name.
pub struct Record<'a> {
    fields: Vec<(String, &'a Value)>,
}

impl<'a> Record<'a> {
    /// Wraps an object.
    pub fn new(map: &'a Map<String, Value>) -> Self {
        Record { fields: map.iter().map(|(k, v)| (k.to_lowercase(), v)).collect() }
    }

    /// The first non-null value among `names`, in the order of `names`.
    pub fn get(&self, names: &[&str]) -> Option<&'a Value> {
        names
            .iter()
            .find_map(|name| self.fields.iter().find(|(k, v)| k == name && !v.is_null()).map(|(_, v)| *v))
    }

    /// The first field among `names` whose value has text.
    pub fn text(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| self.get(&[name]).and_then(value_text))
    }

    /// Whether any of `names` is present with a non-null value.
    pub fn has(&self, names: &[&str]) -> bool {
        self.get(names).is_some()
    }

    /// The record's identifier as a string (`"a1"`, `42`), for `source#ID`.
    pub fn id(&self) -> Option<String> {
        match self.get(ID)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Object(o) => o.get("$oid").and_then(Value::as_str).map(str::to_string),
            _ => None,
        }
    }

    /// Fills the metadata fields of `article` (title, date, url, author, place, tags, language)
    /// that the record states and the article does not have yet.
    pub fn apply_metadata(&self, article: &mut Article) {
        if article.title.trim().is_empty()
            && let Some(title) = self.text(TITLE)
        {
            article.title = clean_line(&plain(&title));
        }
        if article.date.is_none() {
            article.date = DATE.iter().find_map(|name| self.get(&[name]).and_then(value_date));
        }
        if article.url.is_none() {
            article.url = self.get(URL).and_then(value_url);
        }
        if article.author.is_none() {
            let names = self.get(AUTHOR).map(value_names).unwrap_or_default();
            article.author = (!names.is_empty()).then(|| names.join(", "));
        }
        if article.meta_place.is_none() {
            article.meta_place = self.text(PLACE).map(|p| clean_place(&p)).filter(|p| !p.is_empty());
        }
        if article.tags.is_empty() {
            article.tags = self.get(TAGS).map(value_tags).unwrap_or_default();
        }
        if article.lang.is_none() {
            article.lang = self.text(LANG).and_then(|l| normalize_lang(&l));
        }
    }
}

/// The text a value carries: a trimmed string, a number, the paragraphs of a list, or the
/// text member of an object (`{"rendered": "..."}`, `{"name": "..."}`).
pub fn value_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().filter_map(value_text).collect::<Vec<_>>().join("\n\n"),
        Value::Object(map) => {
            let record = Record::new(map);
            return TEXT_MEMBERS.iter().find_map(|m| record.get(&[m]).and_then(value_text));
        }
        Value::Null | Value::Bool(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A date from a string in any form [`parse_date`] knows, or a Unix timestamp number.
pub fn value_date(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(s) => parse_date(s),
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)).and_then(from_unix)
        }
        Value::Object(map) => map.get("$date").and_then(value_date),
        _ => None,
    }
}

/// A URL from a string or an object with `href`/`url`/`@id`.
pub fn value_url(value: &Value) -> Option<String> {
    let url = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Object(map) => {
            let record = Record::new(map);
            return record.get(&["href", "url", "@id"]).and_then(value_url);
        }
        Value::Array(items) => return items.iter().find_map(value_url),
        _ => return None,
    };
    (!url.is_empty() && !url.contains(char::is_whitespace)).then_some(url)
}

/// Person names from a string, an object with `name`, or a list of either.
pub fn value_names(value: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: String| {
        let name = clean_line(&name);
        let name =
            name.strip_prefix("By ").or_else(|| name.strip_prefix("by ")).unwrap_or(&name).trim().to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    };
    match value {
        Value::Array(items) => {
            for item in items {
                if let Some(name) = name_of(item) {
                    push(name);
                }
            }
        }
        other => {
            if let Some(name) = name_of(other) {
                push(name);
            }
        }
    }
    out
}

fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) => {
            let record = Record::new(map);
            record.text(&["name", "fullname", "full_name", "displayname"]).or_else(|| {
                let first = record.text(&["firstname", "first_name", "givenname"])?;
                let last = record.text(&["lastname", "last_name", "familyname"]).unwrap_or_default();
                Some(format!("{first} {last}"))
            })
        }
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Tags from a list (strings or objects with a name) or a comma- or semicolon-separated string.
pub fn value_tags(value: &Value) -> Vec<String> {
    let raw: Vec<String> = match value {
        Value::String(s) => s.split([',', ';']).map(str::to_string).collect(),
        Value::Array(items) => items.iter().filter_map(|v| name_of(v).or_else(|| value_text(v))).collect(),
        Value::Object(_) => name_of(value).into_iter().collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for tag in raw {
        let tag = clean_line(&tag);
        if !tag.is_empty() && !out.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            out.push(tag);
        }
    }
    out
}

/// A place from metadata, without a trailing dateline date or agency:
/// `BUSAN, Oct 30 (Reuters)` → `BUSAN`, `Busan, South Korea` stays as it is.
pub fn clean_place(place: &str) -> String {
    let place = clean_line(place);
    let cut = place.find(['(', '—', '–']).unwrap_or(place.len());
    let mut head = place[..cut].trim().trim_end_matches([',', '-', ':']).trim().to_string();
    // A trailing ", Oct. 30" is the dateline's date, not part of the place.
    if let Some(comma) = head.rfind(',') {
        let tail = head[comma + 1..].trim();
        if tail.chars().any(|c| c.is_ascii_digit()) {
            head.truncate(comma);
        }
    }
    head.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(value: &Value) -> Record<'_> {
        Record::new(value.as_object().unwrap())
    }

    #[test]
    fn lookups_are_case_insensitive_and_skip_empties() {
        let v = json!({"Headline": "Hello", "TEXT": "", "articleBody": "Body here", "title": null});
        let r = record(&v);
        assert_eq!(r.text(TITLE).as_deref(), Some("Hello"));
        assert_eq!(r.text(BODY).as_deref(), Some("Body here"));
    }

    #[test]
    fn metadata_of_any_shape() {
        let v = json!({
            "title": {"rendered": "Rock &amp; Roll"},
            "datePublished": 1761812100,
            "link": {"href": "https://example.org/a"},
            "authors": [{"name": "Ana Lima"}, "By Ben Okafor", {"firstName": "Chen", "lastName": "Wei"}],
            "dateline": "BUSAN, Oct 30 (Reuters)",
            "keywords": "trade, diplomacy; Asia, Trade",
            "inLanguage": "en-GB"
        });
        let mut a = Article::default();
        record(&v).apply_metadata(&mut a);
        assert_eq!(a.title, "Rock & Roll");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.author.as_deref(), Some("Ana Lima, Ben Okafor, Chen Wei"));
        assert_eq!(a.meta_place.as_deref(), Some("BUSAN"));
        assert_eq!(a.tags, vec!["trade", "diplomacy", "Asia"]);
        assert_eq!(a.lang.as_deref(), Some("en"));
    }

    #[test]
    fn bad_values_are_ignored() {
        let v = json!({"title": true, "date": "not a date", "url": "has spaces in it", "author": 42,
                       "tags": 7, "lang": "english", "place": []});
        let mut a = Article::default();
        record(&v).apply_metadata(&mut a);
        assert_eq!(a.title, "");
        assert!(a.date.is_none() && a.url.is_none() && a.author.is_none() && a.meta_place.is_none());
        assert!(a.tags.is_empty() && a.lang.is_none());
    }

    #[test]
    fn ids() {
        assert_eq!(record(&json!({"id": " a-1 "})).id().as_deref(), Some("a-1"));
        assert_eq!(record(&json!({"NEWID": 42})).id().as_deref(), Some("42"));
        assert_eq!(record(&json!({"_id": {"$oid": "65ab"}})).id().as_deref(), Some("65ab"));
        assert_eq!(record(&json!({"id": ""})).id(), None);
        assert_eq!(record(&json!({"id": [1]})).id(), None);
    }

    #[test]
    fn places() {
        assert_eq!(clean_place("Busan, South Korea"), "Busan, South Korea");
        assert_eq!(clean_place("WASHINGTON, Oct. 30 —"), "WASHINGTON");
        assert_eq!(clean_place("  Seoul  "), "Seoul");
    }
}
