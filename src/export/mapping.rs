//! Index configurations matching the exported documents: a Quickwit index config (doc mapping
//! with a datetime timestamp, English-stemmed text with positions, raw-tokenized fast entity
//! fields for aggregations) and an OpenSearch index body (settings with analyzers like ours,
//! mappings). Field names are those of [`super::document::ExportDocument`].

use serde_json::{Value, json};

/// The fields holding canonical names: exact values, aggregatable.
const ENTITY_LISTS: [&str; 4] = ["places", "countries", "people", "organizations"];
/// Single exact values.
const KEYWORDS: [&str; 8] = ["id", "path", "place", "country", "lang", "cluster", "url", "source"];

/// A Quickwit index config (JSON, which Quickwit also reads as YAML).
pub fn quickwit(index_id: &str) -> Value {
    let mut fields = vec![
        json!({"name": "title", "type": "text", "tokenizer": "en_stem", "record": "position", "stored": true, "fieldnorms": true}),
        json!({"name": "body", "type": "text", "tokenizer": "en_stem", "record": "position", "stored": true, "fieldnorms": true}),
        json!({"name": "date", "type": "datetime", "input_formats": ["rfc3339"], "output_format": "rfc3339", "fast": true, "fast_precision": "seconds", "stored": true}),
        json!({"name": "dateline", "type": "text", "tokenizer": "default", "stored": true}),
        json!({"name": "author", "type": "text", "tokenizer": "default", "stored": true}),
    ];
    for name in KEYWORDS {
        fields.push(json!({"name": name, "type": "text", "tokenizer": "raw", "fast": true, "stored": true}));
    }
    for name in ENTITY_LISTS {
        fields.push(
            json!({"name": name, "type": "array<text>", "tokenizer": "raw", "fast": true, "stored": true}),
        );
    }
    json!({
        "version": "0.8",
        "index_id": index_id,
        "doc_mapping": {
            "mode": "lenient",
            "field_mappings": fields,
            "timestamp_field": "date",
        },
        "search_settings": {"default_search_fields": ["title", "body"]},
        "indexing_settings": {"commit_timeout_secs": 30},
    })
}

/// An OpenSearch index body: analyzers and mappings.
pub fn opensearch() -> Value {
    let mut properties = serde_json::Map::new();
    for name in ["title", "body"] {
        properties.insert(
            name.into(),
            json!({"type": "text", "analyzer": "dateline_english", "fields": {"exact": {"type": "text", "analyzer": "dateline_exact"}}}),
        );
    }
    properties.insert("date".into(), json!({"type": "date", "format": "strict_date_optional_time"}));
    for name in ["dateline", "author"] {
        properties.insert(name.into(), json!({"type": "text", "analyzer": "dateline_exact"}));
    }
    for name in KEYWORDS.iter().chain(ENTITY_LISTS.iter()) {
        properties.insert((*name).into(), json!({"type": "keyword"}));
    }
    json!({
        "settings": {
            "analysis": {
                "filter": {
                    "dateline_stop": {"type": "stop", "stopwords": "_english_"},
                    "dateline_stem": {"type": "stemmer", "language": "english"},
                },
                "analyzer": {
                    "dateline_english": {"type": "custom", "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "dateline_stop", "dateline_stem"]},
                    "dateline_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                },
            },
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    })
}

/// The names and JSON types each exported field must have, per the mappings: used by tests.
pub fn field_types() -> Vec<(&'static str, &'static str)> {
    let mut out = vec![
        ("title", "string"),
        ("body", "string"),
        ("date", "date"),
        ("dateline", "string"),
        ("author", "string"),
    ];
    out.extend(KEYWORDS.iter().map(|n| (*n, "string")));
    out.extend(ENTITY_LISTS.iter().map(|n| (*n, "array")));
    out
}
