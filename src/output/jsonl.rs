//! The JSON Lines contract (documented in README.md, snapshot-tested in tests/cli.rs).
//!
//! Every line is one JSON object with a `type`:
//! - `search`: one `hit` per result in rank order, then one `summary`;
//! - `extract`: one `article` per article read;
//! - `index`: one `index` summary.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use crate::index::IndexReport;
use crate::model::Article;
use crate::search::SearchResults;
use crate::search::dates::show;

/// Writes a search's hits and summary.
pub fn write_search(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        let a = &hit.article;
        line(
            out,
            &json!({
                "type": "hit",
                "rank": hit.rank,
                "score": (f64::from(hit.score) * 1000.0).round() / 1000.0,
                "path": a.path,
                "title": a.title,
                "date": a.date.as_ref().map(show),
                "place": a.place,
                "country": a.country,
                "dateline": a.dateline,
                "places": a.places,
                "countries": a.countries,
                "people": a.people,
                "organizations": a.organizations,
                "author": a.author,
                "url": a.url,
                "snippet": hit.snippet.text,
                "highlights": hit.snippet.highlights,
            }),
        )?;
    }
    line(out, &json!({ "type": "summary", "total": results.total, "returned": results.hits.len() }))
}

/// Writes one extracted article.
pub fn write_article(out: &mut dyn Write, a: &Article) -> io::Result<()> {
    let mentions: Vec<Value> = a
        .mentions
        .iter()
        .map(|m| json!({ "text": m.text, "kind": m.kind.name(), "canonical": m.canonical }))
        .collect();
    line(
        out,
        &json!({
            "type": "article",
            "source": a.source,
            "title": a.title,
            "date": a.date.as_ref().map(show),
            "dateline": a.dateline.as_ref().map(|d| &d.text),
            "place": a.place.as_ref().map(|p| &p.name),
            "country": a.place.as_ref().and_then(|p| p.country.as_ref()),
            "places": a.places.iter().map(|p| &p.name).collect::<Vec<_>>(),
            "countries": a.countries(),
            "people": a.people,
            "organizations": a.organizations,
            "author": a.author,
            "url": a.url,
            "mentions": mentions,
        }),
    )
}

/// Writes the summary of an index run.
pub fn write_index_report(out: &mut dyn Write, report: &IndexReport) -> io::Result<()> {
    let mut value = serde_json::to_value(report).map_err(io::Error::other)?;
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), json!("index"));
    }
    line(out, &value)
}

fn line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
