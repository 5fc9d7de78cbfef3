//! The JSON Lines contract (documented in README.md, snapshot-tested in tests/cli.rs).
//!
//! Every line is one JSON object with a `type`:
//! - `search`: one `hit` per result in rank order, then `facets` and `timeline` when asked
//!   for, then one `summary` with `--summary`;
//! - `extract`: one `article` per article read;
//! - `entities`: one `entity` per entity;
//! - `index`: one `index` summary.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::index::IndexReport;
use crate::index::document::StoredArticle;
use crate::model::Article;
use crate::search::aggregate::{EntityStat, NameCount};
use crate::search::dates::show;
use crate::search::{FacetKind, Hit, SearchSummary};

/// The fields of a stored article every JSON view shares, in contract order.
pub fn article_fields(a: &StoredArticle) -> Map<String, Value> {
    let fields = [
        ("path", json!(a.path)),
        ("title", json!(a.title)),
        ("date", json!(a.date.as_ref().map(show))),
        ("place", json!(a.place)),
        ("country", json!(a.country)),
        ("dateline", json!(a.dateline)),
        ("places", json!(a.places)),
        ("countries", json!(a.countries)),
        ("people", json!(a.people)),
        ("organizations", json!(a.organizations)),
        ("author", json!(a.author)),
        ("url", json!(a.url)),
        ("lang", json!(a.lang)),
    ];
    fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A hit as JSON, without the line's `type` (the HTTP API returns the same object).
pub fn hit_value(hit: &Hit) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("rank".into(), json!(hit.rank));
    map.insert("score".into(), json!((f64::from(hit.score) * 1000.0).round() / 1000.0));
    map.extend(article_fields(&hit.article));
    map.insert("snippet".into(), json!(hit.snippet.text));
    map.insert("highlights".into(), json!(hit.snippet.highlights));
    map.insert("similar".into(), json!(hit.similar));
    map.insert("cluster".into(), json!(hit.cluster));
    map
}

/// Writes one hit.
pub fn write_hit(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let mut map = Map::new();
    map.insert("type".into(), json!("hit"));
    map.extend(hit_value(hit));
    line(out, &map)
}

/// Writes what follows the hits: facets and timeline, when counted.
pub fn write_counts(out: &mut dyn Write, summary: &SearchSummary) -> io::Result<()> {
    if let Some(facets) = &summary.facets {
        let mut value = serde_json::Map::new();
        value.insert("type".into(), json!("facets"));
        for kind in FacetKind::ALL {
            value.insert(kind.plural().into(), counts(facets.of(kind)));
        }
        line(out, &value)?;
    }
    if let Some(timeline) = &summary.timeline {
        line(
            out,
            &json!({"type": "timeline", "interval": timeline.interval, "buckets": timeline.buckets, "undated": timeline.undated}),
        )?;
    }
    Ok(())
}

/// Writes the closing summary line (asked for with `--summary`: without it every line of a
/// search is a hit, facets or timeline, and a reader taking each line for a hit, as the shared
/// bench harness does, reads nothing else).
pub fn write_summary(out: &mut dyn Write, summary: &SearchSummary) -> io::Result<()> {
    line(out, &json!({ "type": "summary", "total": summary.total, "returned": summary.returned }))
}

fn counts(list: &[NameCount]) -> Value {
    json!(list)
}

/// Writes one entity with its counts and dates.
pub fn write_entity(out: &mut dyn Write, entity: &EntityStat) -> io::Result<()> {
    line(
        out,
        &json!({
            "type": "entity",
            "name": entity.name,
            "kind": entity.kind,
            "count": entity.count,
            "first": entity.first.map(|d| d.to_string()),
            "last": entity.last.map(|d| d.to_string()),
        }),
    )
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
            "lang": a.lang,
            "mentions": mentions,
        }),
    )
}

/// Writes the summary of an index run.
pub fn write_index_report(out: &mut dyn Write, report: &IndexReport) -> io::Result<()> {
    let mut value = serde_json::Map::new();
    value.insert("type".into(), json!("index"));
    if let Value::Object(fields) = serde_json::to_value(report).map_err(io::Error::other)? {
        value.extend(fields);
    }
    line(out, &value)
}

fn line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    // `io::Error::from` gives a failed write's own error back: a closed pipe stays BrokenPipe,
    // which ends the run quietly (`main.rs`).
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
