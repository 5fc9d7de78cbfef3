//! JSON and JSON Lines: one article object, an array of them, an object wrapping such an array
//! (`{"articles": [...]}`), or one object per line.
//!
//! Fields are found by their common names (see [`crate::ingest::fields`]). A body that contains
//! HTML is converted to text. When a file holds more than one record, each article's source is
//! `file#ID` (from an `id`/`guid`/`newid` field) or `file#N` (the record's 1-based position in
//! the array, or its line number in JSON Lines). Bad records are skipped and reported one by
//! one; the file fails only when no record yields an article.
//!
//! A `.json` file that is really JSON Lines, or a `.jsonl` file that holds one JSON document, is
//! read as what it is.

use std::collections::HashSet;

use serde_json::Value;
use serde_json::error::Category;

use super::{NO_TEXT, finish};
use crate::ingest::Parsed;
use crate::ingest::fields::{BODY, Record, TITLE};
use crate::ingest::text::{html_to_text, looks_like_html, plain};
use crate::model::Article;
use crate::{Error, Result};

/// Deepest nesting serde_json parses (its fixed recursion limit); deeper documents are refused.
const MAX_JSON_DEPTH: usize = 128;

/// Names of members that hold a list of articles in a wrapper object.
const WRAPPERS: &[&str] = &[
    "articles",
    "items",
    "data",
    "results",
    "entries",
    "docs",
    "documents",
    "records",
    "posts",
    "stories",
    "news",
];

/// Reads a JSON document (falling back to JSON Lines when the document is several objects, one
/// per line).
pub fn parse(text: &str, source: &str) -> Result<Parsed> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => from_document(value, source),
        Err(e) => {
            if looks_like_json_lines(text) {
                parse_lines(text, source)
            } else {
                Err(Error::source(source, json_error_reason(&e, None)))
            }
        }
    }
}

/// Reads JSON Lines: one object per line; blank lines are ignored.
pub fn parse_lines(text: &str, source: &str) -> Result<Parsed> {
    let mut records: Vec<(usize, std::result::Result<Value, String>)> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<Value>(line).map_err(|e| json_error_reason(&e, Some(index + 1)));
        records.push((index + 1, parsed));
    }
    if records.iter().all(|(_, r)| r.is_err()) {
        // Perhaps one pretty-printed document in a `.jsonl` file.
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return from_document(value, source);
        }
    }
    collect(records, source)
}

/// Whether `text` has at least two non-blank lines and the first is a JSON object on its own.
pub fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.split('\n').map(str::trim).filter(|l| !l.is_empty());
    let first_is_object = lines
        .next()
        .is_some_and(|l| l.starts_with('{') && serde_json::from_str::<Value>(l).is_ok_and(|v| v.is_object()));
    first_is_object && lines.next().is_some()
}

/// The articles of a parsed JSON document.
fn from_document(value: Value, source: &str) -> Result<Parsed> {
    let items = match value {
        Value::Array(items) => items,
        Value::Object(map) => match wrapped_list(&map) {
            Some(items) => items,
            None => vec![Value::Object(map)],
        },
        _ => {
            return Err(Error::source(
                source,
                "not a JSON article: expected an object or an array of objects",
            ));
        }
    };
    if items.is_empty() {
        return Err(Error::source(source, "no articles: the JSON array is empty"));
    }
    let records = items.into_iter().enumerate().map(|(i, v)| (i + 1, Ok(v))).collect();
    collect(records, source)
}

/// The array of article objects inside a wrapper object that is not itself an article.
fn wrapped_list(map: &serde_json::Map<String, Value>) -> Option<Vec<Value>> {
    let record = Record::new(map);
    if record.has(BODY) || record.has(TITLE) {
        return None;
    }
    match record.get(WRAPPERS)? {
        Value::Array(items) if items.iter().any(Value::is_object) => Some(items.clone()),
        _ => None,
    }
}

/// Turns numbered records into articles, naming each `source#ID`/`source#N` when there are several.
fn collect(records: Vec<(usize, std::result::Result<Value, String>)>, source: &str) -> Result<Parsed> {
    let several = records.len() > 1;
    let mut parsed = Parsed::default();
    let mut used: HashSet<String> = HashSet::new();
    for (ordinal, record) in records {
        let (name, result) = match record {
            Ok(value) => {
                let name = if several {
                    record_name(&value, ordinal, source, &mut used)
                } else {
                    source.to_string()
                };
                let result = article_from_value(&value, &name);
                (name, result)
            }
            Err(reason) => {
                (if several { format!("{source}#{ordinal}") } else { source.to_string() }, Err(reason))
            }
        };
        match result {
            Ok(article) => parsed.articles.push(article),
            Err(reason) => parsed.skipped.push(Error::source(name, reason)),
        }
    }
    if parsed.articles.is_empty() {
        return Err(match parsed.skipped.len() {
            // Blank JSON Lines (found by fuzzing: this indexed an empty list).
            0 => Error::source(source, "no articles: the file holds no JSON record"),
            1 => Error::source(source, source_reason(&parsed.skipped[0])),
            n => Error::source(
                source,
                format!("none of its {n} records is a readable article (first: {})", parsed.skipped[0]),
            ),
        });
    }
    Ok(parsed)
}

fn source_reason(error: &Error) -> String {
    match error {
        Error::Source { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

/// `source#ID` for a record with an identifier not used yet in this file, else `source#N`.
fn record_name(value: &Value, ordinal: usize, source: &str, used: &mut HashSet<String>) -> String {
    let id = value.as_object().and_then(|map| Record::new(map).id());
    let suffix = match id {
        Some(id) if !used.contains(&id) => id,
        _ => ordinal.to_string(),
    };
    let suffix = if used.contains(&suffix) { format!("{suffix}-{ordinal}") } else { suffix };
    used.insert(suffix.clone());
    format!("{source}#{suffix}")
}

/// One article from one JSON object; the error is the reason to report.
fn article_from_value(value: &Value, name: &str) -> std::result::Result<Article, String> {
    let Value::Object(map) = value else {
        return Err("not a JSON object".to_string());
    };
    let record = Record::new(map);
    let mut article = Article { source: name.to_string(), ..Article::default() };
    record.apply_metadata(&mut article);
    let body = record.text(BODY).ok_or_else(|| NO_TEXT.to_string())?;
    article.body = if looks_like_html(&body) { html_to_text(&body) } else { plain(&body) };
    finish(article)
}

/// A user-facing reason for a JSON syntax error, with its position.
fn json_error_reason(error: &serde_json::Error, line_number: Option<usize>) -> String {
    let line = line_number.unwrap_or(error.line());
    let column = error.column();
    match error.classify() {
        Category::Eof => {
            format!("truncated: the JSON ends in the middle of a value (line {line}, column {column})")
        }
        // serde_json stops at 128 levels rather than overflow the stack: say so plainly.
        Category::Syntax if error.to_string().starts_with("recursion limit exceeded") => {
            let at = line_number.map(|n| format!(" on line {n}")).unwrap_or_default();
            format!("JSON nested more than {MAX_JSON_DEPTH} levels deep{at}: not read")
        }
        _ => match line_number {
            Some(n) => format!("not valid JSON on line {n}: {error}"),
            None => format!("not valid JSON: {error}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_json_lines_are_no_articles() {
        // Regression: fuzz/artifacts/json/crash-da39a3ee (the empty input) panicked in `collect`.
        for text in ["", "\n", " \n\t\n"] {
            let reason = parse_lines(text, "b.jsonl").unwrap_err().to_string();
            assert_eq!(reason, "b.jsonl: no articles: the file holds no JSON record");
            assert!(parse(text, "b.json").is_err());
        }
    }

    #[test]
    fn deep_nesting_is_refused_with_a_reason() {
        let arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let reason = parse(&arrays, "a.json").unwrap_err().to_string();
        assert_eq!(reason, "a.json: JSON nested more than 128 levels deep: not read");
        let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
        assert!(parse(&objects, "o.json").unwrap_err().to_string().contains("nested more than 128"));
        let lines = format!("{}\n{{\"text\": \"fine\"}}\n", "[".repeat(10_000));
        let parsed = parse_lines(&lines, "l.jsonl").unwrap();
        assert_eq!(parsed.articles.len(), 1);
        assert!(parsed.skipped[0].to_string().contains("JSON nested more than 128 levels deep on line 1"));
        // Just under the limit is read as usual.
        let ok = format!("{{\"text\": \"Body.\", \"x\": {}{}}}", "[".repeat(100), "]".repeat(100));
        assert_eq!(parse(&ok, "ok.json").unwrap().articles.len(), 1);
    }

    fn sources(parsed: &Parsed) -> Vec<&str> {
        parsed.articles.iter().map(|a| a.source.as_str()).collect()
    }

    #[test]
    fn one_object_with_field_variants() {
        let text = r#"{"Headline": "Port strike ends", "articleBody": "<p>Dockers in Rotterdam &amp; Antwerp went back.</p><p>Second.</p>",
                      "datePublished": "2025-10-30T08:15:00Z", "byline": {"name": "Ada Berg"}, "location": "Rotterdam",
                      "keywords": ["ports", "labour"], "inLanguage": "nl-NL", "link": "https://example.org/p", "id": 7}"#;
        let parsed = parse(text, "one.json").unwrap();
        assert_eq!(parsed.articles.len(), 1);
        let a = &parsed.articles[0];
        assert_eq!(a.source, "one.json");
        assert_eq!(a.title, "Port strike ends");
        assert_eq!(a.body, "Dockers in Rotterdam & Antwerp went back.\n\nSecond.");
        assert_eq!(a.author.as_deref(), Some("Ada Berg"));
        assert_eq!(a.meta_place.as_deref(), Some("Rotterdam"));
        assert_eq!(a.tags, vec!["ports", "labour"]);
        assert_eq!(a.lang.as_deref(), Some("nl"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/p"));
        assert!(a.date.is_some());
    }

    #[test]
    fn news_please_fields() {
        let text = r#"{"title": "T", "maintext": "Main text here.", "date_publish": "2025-10-30 08:15:00", "authors": ["A B"]}"#;
        let a = &parse(text, "np.json").unwrap().articles[0];
        assert_eq!(a.body, "Main text here.");
        assert_eq!(a.author.as_deref(), Some("A B"));
        assert!(a.date.is_some());
    }

    #[test]
    fn arrays_name_records_by_id_or_position() {
        let text = r#"[{"id": "a1", "text": "First story."}, {"text": "Second story."}, {"guid": 9, "text": "Third."},
                       {"id": "a1", "text": "Duplicate id."}, {"title": "No body"}, 3]"#;
        let parsed = parse(text, "many.json").unwrap();
        assert_eq!(sources(&parsed), vec!["many.json#a1", "many.json#2", "many.json#9", "many.json#4"]);
        let skipped: Vec<String> = parsed.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped, vec!["many.json#5: no article text found", "many.json#6: not a JSON object"]);
        assert_eq!(parsed.articles[1].title, "Second story");
    }

    #[test]
    fn a_single_element_array_keeps_the_plain_source() {
        let parsed = parse(r#"[{"id": "x", "body": "Alone."}]"#, "s.json").unwrap();
        assert_eq!(sources(&parsed), vec!["s.json"]);
    }

    #[test]
    fn wrapper_objects() {
        let parsed =
            parse(r#"{"status": "ok", "articles": [{"content": "One."}, {"content": "Two."}]}"#, "w.json")
                .unwrap();
        assert_eq!(sources(&parsed), vec!["w.json#1", "w.json#2"]);
    }

    #[test]
    fn json_lines_keep_good_lines() {
        let text = "{\"id\": 1, \"text\": \"One.\"}\n\n{\"text\": \"Two.\"}\n{\"text\": \"trunc\n";
        let parsed = parse_lines(text, "f.jsonl").unwrap();
        assert_eq!(sources(&parsed), vec!["f.jsonl#1", "f.jsonl#3"]);
        assert_eq!(parsed.skipped.len(), 1);
        let message = parsed.skipped[0].to_string();
        assert!(message.starts_with("f.jsonl#4: truncated"), "{message}");
    }

    #[test]
    fn json_lines_all_bad_is_an_error() {
        let err = parse_lines("not json\nalso not\n", "bad.jsonl").unwrap_err().to_string();
        assert!(err.starts_with("bad.jsonl: none of its 2 records is a readable article (first: bad.jsonl#1: not valid JSON on line 1"), "{err}");
        let err = parse_lines("{\"a\": \n", "one.jsonl").unwrap_err().to_string();
        assert!(err.starts_with("one.jsonl: truncated"), "{err}");
    }

    #[test]
    fn json_lines_in_a_json_file_and_the_reverse() {
        let parsed = parse("{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n", "x.json").unwrap();
        assert_eq!(parsed.articles.len(), 2);
        let parsed = parse_lines("{\n  \"text\": \"Pretty.\"\n}\n", "y.jsonl").unwrap();
        assert_eq!(sources(&parsed), vec!["y.jsonl"]);
    }

    #[test]
    fn truncated_and_invalid_json() {
        let err = parse("{\"title\": \"Cut\", \"body\": \"The text sto", "t.json").unwrap_err().to_string();
        assert!(
            err.starts_with("t.json: truncated: the JSON ends in the middle of a value (line 1"),
            "{err}"
        );
        let err = parse("{\"title\": oops}", "i.json").unwrap_err().to_string();
        assert!(err.starts_with("i.json: not valid JSON: expected value at line 1 column 11"), "{err}");
        let err = parse("42", "n.json").unwrap_err().to_string();
        assert_eq!(err, "n.json: not a JSON article: expected an object or an array of objects");
        let err = parse("[]", "e.json").unwrap_err().to_string();
        assert_eq!(err, "e.json: no articles: the JSON array is empty");
        let err = parse("{\"title\": \"Only\"}", "o.json").unwrap_err().to_string();
        assert_eq!(err, "o.json: no article text found");
    }
}
