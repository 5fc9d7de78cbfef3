//! `dateline export`: every line parses, matches the mappings' field names and types,
//! round-trips the article's fields as search shows them, and ids are stable across exports.

mod common;

use std::collections::{HashMap, HashSet};

use common::{json_lines, sample_index};
use serde_json::Value;

fn export(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    json_lines(&sample_index().cmd_output(&all))
}

/// Field name -> Quickwit type, from the printed config.
fn quickwit_types() -> HashMap<String, String> {
    let config: Value =
        serde_json::from_str(&sample_index().cmd_output(&["export", "--mapping", "quickwit"])).unwrap();
    assert_eq!(config["doc_mapping"]["timestamp_field"], "date");
    config["doc_mapping"]["field_mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap().to_string(), f["type"].as_str().unwrap().to_string()))
        .collect()
}

fn check_type(name: &str, value: &Value, kind: &str) {
    match kind {
        "text" => assert!(value.is_string(), "{name}: {value}"),
        "array<text>" => {
            assert!(value.as_array().is_some_and(|a| a.iter().all(Value::is_string)), "{name}: {value}")
        }
        "datetime" => {
            let text = value.as_str().unwrap_or_else(|| panic!("{name}: {value}"));
            assert!(chrono::DateTime::parse_from_rfc3339(text).is_ok(), "{name}: {text}");
        }
        "keyword" | "date" => {}
        other => panic!("unexpected mapping type {other} for {name}"),
    }
}

#[test]
fn quickwit_documents_match_the_quickwit_mapping() {
    let types = quickwit_types();
    let docs = export(&["--format", "quickwit"]);
    let total = json_lines(&sample_index().search(&["--limit", "1", "--json", "--summary"])).last().unwrap()
        ["total"]
        .clone();
    assert_eq!(docs.len() as u64, total.as_u64().unwrap(), "every article is exported");
    for doc in &docs {
        for (name, value) in doc.as_object().unwrap() {
            let kind = types.get(name).unwrap_or_else(|| panic!("field {name} is not in the mapping"));
            check_type(name, value, kind);
        }
        assert!(doc.get("title").is_some() && doc.get("body").is_some() && doc.get("id").is_some());
    }
}

#[test]
fn opensearch_bulk_pairs_match_the_opensearch_mapping() {
    let body: Value =
        serde_json::from_str(&sample_index().cmd_output(&["export", "--mapping", "opensearch"])).unwrap();
    let properties = body["mappings"]["properties"].as_object().unwrap();
    assert_eq!(body["mappings"]["dynamic"], "strict");
    let lines = export(&["--format", "opensearch", "--index-name", "news"]);
    assert_eq!(lines.len() % 2, 0);
    for pair in lines.chunks(2) {
        let action = &pair[0]["index"];
        assert_eq!(action["_index"], "news");
        assert_eq!(action["_id"], pair[1]["id"], "the action's id is the document's");
        for (name, value) in pair[1].as_object().unwrap() {
            let kind =
                properties.get(name).unwrap_or_else(|| panic!("{name} not mapped"))["type"].as_str().unwrap();
            match kind {
                "text" | "keyword" if value.is_array() => {
                    assert!(value.as_array().unwrap().iter().all(Value::is_string))
                }
                "text" | "keyword" => assert!(value.is_string(), "{name}: {value}"),
                "date" => assert!(chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap()).is_ok()),
                other => panic!("{other}"),
            }
        }
    }
}

#[test]
fn exported_fields_round_trip_what_search_shows() {
    let docs = export(&["--format", "ndjson"]);
    let hits = json_lines(&sample_index().search(&["--limit", "0", "--json"]));
    let by_path: HashMap<&str, &Value> =
        hits.iter().filter(|h| h["type"] == "hit").map(|h| (h["path"].as_str().unwrap(), h)).collect();
    for doc in &docs {
        let hit = by_path.get(doc["path"].as_str().unwrap()).expect("the exported path is indexed");
        for field in [
            "title",
            "place",
            "country",
            "dateline",
            "places",
            "countries",
            "people",
            "organizations",
            "url",
            "author",
            "lang",
            "cluster",
        ] {
            assert_eq!(doc[field], hit[field], "{field} of {}", doc["path"]);
        }
        let day = doc["date"].as_str().map(|d| &d[..10]);
        assert_eq!(day, hit["date"].as_str(), "date of {}", doc["path"]);
        assert!(!doc["body"].as_str().unwrap().is_empty());
    }
}

#[test]
fn ids_are_stable_and_unique() {
    let first: Vec<Value> = export(&["--format", "ndjson"]);
    let second: Vec<Value> = export(&["--format", "ndjson"]);
    let ids = |docs: &[Value]| -> HashMap<String, String> {
        docs.iter()
            .map(|d| (d["path"].as_str().unwrap().to_string(), d["id"].as_str().unwrap().to_string()))
            .collect()
    };
    assert_eq!(ids(&first), ids(&second));
    let unique: HashSet<&str> = first.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(unique.len(), first.len());
}

#[test]
fn a_query_exports_its_results_only() {
    let docs = export(&["tariffs", "--person", "Xi"]);
    let hits = json_lines(&sample_index().search(&["tariffs", "--person", "Xi", "--limit", "0", "--json"]));
    let mut exported: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut found: Vec<&str> =
        hits.iter().filter(|h| h["type"] == "hit").map(|h| h["path"].as_str().unwrap()).collect();
    exported.sort();
    found.sort();
    assert!(!exported.is_empty());
    assert_eq!(exported, found);
}

#[test]
fn modified_since_exports_only_what_changed() {
    let env = common::Env::new();
    env.write("old.txt", "Old story\n\nLONDON - An old story about the river.\n");
    env.write("new.txt", "New story\n\nPARIS - A new story about the river.\n");
    let touched = std::process::Command::new("touch")
        .args(["-d", "2001-01-01"])
        .arg(env.path().join("old.txt"))
        .status();
    assert!(touched.unwrap().success());
    env.index(&["."]).success();
    let all = json_lines(&env.cmd_output(&["export"]));
    assert_eq!(all.len(), 2);
    let recent = json_lines(&env.cmd_output(&["export", "--modified-since", "2020"]));
    let paths: Vec<&str> = recent.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["new.txt"]);
}
