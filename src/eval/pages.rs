//! newspaper4k pages: the publication date read from a saved web page (through the HTML reader
//! and extraction, as `dateline index` reads it) against the page's `metadata/*.json`
//! `publish_date`. Only pages whose metadata states a date are scored. A page is right when
//! its date falls on the same calendar day as the metadata date, taken either in the
//! metadata's own time zone or in UTC (the index stores UTC; a page dated 05:50 in Tokyo is the
//! previous day in UTC).

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::extract::Extractor;

/// Pages scored and pages right.
#[derive(Debug, Clone, Default)]
pub struct PagesResult {
    /// Pages whose metadata gives a date.
    pub dated: usize,
    /// Of those, pages whose extracted date is the same day.
    pub correct: usize,
    /// Error lines.
    pub errors: Vec<String>,
}

/// The calendar days a metadata date may stand for: its own day and its UTC day.
fn gold_days(text: &str) -> Vec<NaiveDate> {
    let text = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return vec![d.date_naive(), d.naive_utc().date()];
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(text, format) {
            return vec![d.date()];
        }
    }
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").map(|d| vec![d]).unwrap_or_default()
}

/// Scores every page of `root/metadata` that has its `root/html` page.
pub fn evaluate(extractor: &Extractor, root: &Path, keep_errors: bool) -> crate::Result<PagesResult> {
    let meta_dir = root.join("metadata");
    let mut files: Vec<_> = std::fs::read_dir(&meta_dir)
        .map_err(|e| crate::Error::io(&meta_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut r = PagesResult::default();
    for meta in files {
        let text = std::fs::read_to_string(&meta).map_err(|e| crate::Error::io(&meta, e))?;
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        let Some(gold) = json.get("publish_date").and_then(|d| d.as_str()) else { continue };
        let days = gold_days(gold);
        if days.is_empty() {
            continue;
        }
        let stem = meta.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let html = root.join("html").join(format!("{stem}.html"));
        let Ok(bytes) = std::fs::read(&html) else { continue };
        r.dated += 1;
        let source = html.display().to_string();
        let got = crate::ingest::parse_bytes(&bytes, &html, &source).ok().and_then(|mut v| {
            let mut article = v.drain(..).next()?;
            extractor.enrich(&mut article);
            article.date
        });
        if got.is_some_and(|d| days.contains(&d.date_naive())) {
            r.correct += 1;
        } else if keep_errors {
            r.errors.push(format!("{stem}: gold {gold} got {got:?}"));
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_days_in_own_zone_and_utc() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(gold_days("2018-06-19T05:50:00+09:00"), vec![d(2018, 6, 19), d(2018, 6, 18)]);
        assert_eq!(gold_days("2014-12-27 12:06:00"), vec![d(2014, 12, 27)]);
        assert_eq!(gold_days("2023-11-17T00:00:00"), vec![d(2023, 11, 17)]);
        assert!(gold_days("soon").is_empty());
    }
}
