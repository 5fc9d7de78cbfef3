//! One exported article: the same field names in NDJSON, in Quickwit and in OpenSearch, and a
//! stable id (a hash of the path) so that a re-export updates documents instead of duplicating
//! them.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use crate::index::document::StoredArticle;

/// An article with every field dateline knows.
#[derive(Debug, Clone)]
pub struct ExportDocument {
    /// Stable id: 16 hex digits of a 64-bit FNV-1a hash of the path.
    pub id: String,
    /// The article's stored fields.
    pub article: StoredArticle,
    /// Its group of wire copies (the smallest path in it), when it has copies.
    pub cluster: Option<String>,
}

impl ExportDocument {
    /// Wraps a stored article.
    pub fn new(article: StoredArticle, cluster: Option<String>) -> Self {
        ExportDocument { id: stable_id(&article.path), article, cluster }
    }

    /// The document as JSON; with `nulls`, unknown fields are `null` rather than left out.
    pub fn to_json(&self, nulls: bool) -> Value {
        let a = &self.article;
        let date = a.date.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        let fields: [(&str, Value); 17] = [
            ("id", json!(self.id)),
            ("path", json!(a.path)),
            ("title", json!(a.title)),
            ("body", json!(a.body)),
            ("date", json!(date)),
            ("dateline", json!(a.dateline)),
            ("place", json!(a.place)),
            ("country", json!(a.country)),
            ("places", json!(a.places)),
            ("countries", json!(a.countries)),
            ("people", json!(a.people)),
            ("organizations", json!(a.organizations)),
            ("lang", json!(a.lang)),
            ("url", json!(a.url)),
            ("author", json!(a.author)),
            ("cluster", json!(self.cluster)),
            ("source", json!("dateline")),
        ];
        let mut map = Map::new();
        for (name, value) in fields {
            if nulls || !value.is_null() {
                map.insert(name.to_string(), value);
            }
        }
        Value::Object(map)
    }
}

/// The export id of a path: stable across exports and machines.
pub fn stable_id(path: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in path.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Writes one JSON value and a newline.
pub fn write_line(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    // `io::Error::from` gives a failed write's own error back: a closed pipe stays BrokenPipe,
    // which ends the run quietly (`main.rs`).
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(stable_id("a/b.txt"), stable_id("a/b.txt"));
        assert_ne!(stable_id("a/b.txt"), stable_id("a/c.txt"));
        assert_eq!(stable_id("").len(), 16);
    }

    #[test]
    fn unknown_fields_are_null_or_left_out() {
        let doc =
            ExportDocument::new(StoredArticle { path: "x.txt".into(), ..StoredArticle::default() }, None);
        assert!(doc.to_json(true)["date"].is_null());
        assert!(doc.to_json(false).get("date").is_none());
        assert_eq!(doc.to_json(false)["people"], json!([]));
    }
}
