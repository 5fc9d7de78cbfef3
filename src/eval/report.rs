//! The evaluation's one table: a row per measure with its value, the counts behind it and the
//! issue's target. Printed as text, or as one JSON line (`"type": "eval"`).

use std::io::Write;

use serde::Serialize;

use super::gum::GumResult;
use super::pages::PagesResult;
use super::reuters::ReutersResult;
use super::score::{Counts, ratio};

/// One measure.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Data set (`gum`, `reuters`, `pages`, `speed`).
    pub set: &'static str,
    /// What is measured.
    pub measure: &'static str,
    /// The value (a ratio in 0..1, or a rate or time for `speed`).
    pub value: f64,
    /// The counts behind it.
    pub detail: String,
    /// The target, as written there.
    pub target: &'static str,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always `"eval"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Every measure, in table order.
    pub rows: Vec<Row>,
    /// Error lines asked for with `--errors` (not part of the JSON).
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// What the report is made from.
pub(super) struct Inputs<'a> {
    pub gum: &'a GumResult,
    pub reuters: &'a ReutersResult,
    pub pages: &'a PagesResult,
    pub load_seconds: f64,
    pub parallel_seconds: f64,
    pub threads: usize,
    pub total_seconds: f64,
    pub errors: Vec<String>,
}

fn prf(c: &Counts) -> String {
    format!("P {:.3} R {:.3} (tp {} fp {} fn {})", c.precision(), c.recall(), c.tp, c.fp, c.fn_)
}

impl Report {
    pub(super) fn new(i: Inputs<'_>) -> Report {
        let (g, r, p) = (i.gum, i.reuters, i.pages);
        let mut rows = Vec::new();
        let mut row = |set, measure, value, detail: String, target| {
            rows.push(Row { set, measure, value, detail, target });
        };
        row(
            "gum",
            "strict F1",
            g.strict.f1(),
            format!("{} docs, {} mentions; {}", g.documents, g.gold, prf(&g.strict)),
            ">= 0.65",
        );
        row("gum", "lenient F1", g.lenient.f1(), prf(&g.lenient), ">= 0.80");
        let kinds = ["person", "place", "organization"];
        for (k, c) in kinds.iter().zip(g.strict_by_kind.iter()) {
            let measure = match *k {
                "person" => "strict F1 person",
                "place" => "strict F1 place",
                _ => "strict F1 organization",
            };
            row("gum", measure, c.f1(), prf(c), "");
        }
        row(
            "reuters",
            "dateline place accuracy",
            ratio(r.dateline_correct, r.datelines),
            format!(
                "{}/{} ({} gold places unknown to the gazetteer)",
                r.dateline_correct, r.datelines, r.dateline_unresolved_gold
            ),
            ">= 0.97",
        );
        row(
            "reuters",
            "people recall",
            ratio(r.people_found, r.people),
            format!("{}/{}", r.people_found, r.people),
            ">= 0.98",
        );
        row(
            "reuters",
            "organisation recall",
            ratio(r.orgs_found, r.orgs),
            format!("{}/{}", r.orgs_found, r.orgs),
            ">= 0.97",
        );
        row(
            "reuters",
            "country F1",
            r.countries.f1(),
            format!("{} stories; {}", r.country_stories, prf(&r.countries)),
            ">= 0.80",
        );
        row(
            "pages",
            "publication date accuracy",
            ratio(p.correct, p.dated),
            format!("{}/{} dated pages", p.correct, p.dated),
            "",
        );
        let one_core = if r.enrich_time.as_secs_f64() > 0.0 {
            r.stories as f64 / r.enrich_time.as_secs_f64()
        } else {
            0.0
        };
        row(
            "speed",
            "articles/s, enrich, 1 core",
            one_core,
            format!("{} Reuters stories in {:.2} s", r.stories, r.enrich_time.as_secs_f64()),
            "",
        );
        let per_1000 =
            if r.stories > 0 { i.parallel_seconds * 1000.0 / r.stories as f64 + i.load_seconds } else { 0.0 };
        row(
            "speed",
            "s per 1,000 stories, whole process",
            per_1000,
            format!(
                "read + enrich on {} threads {:.3} s per 1,000, plus {:.3} s loading the data; eval took {:.1} s",
                i.threads,
                i.parallel_seconds * 1000.0 / r.stories.max(1) as f64,
                i.load_seconds,
                i.total_seconds
            ),
            "<= 0.5 (2 cores)",
        );
        Report { kind: "eval", rows, errors: i.errors }
    }

    /// Writes the table.
    pub fn write_table(&self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "| set | measure | value | target | detail |")?;
        writeln!(out, "|---|---|--:|--:|---|")?;
        for r in &self.rows {
            let value = if r.measure.starts_with("articles/s") {
                format!("{:.0}", r.value)
            } else {
                format!("{:.3}", r.value)
            };
            writeln!(out, "| {} | {} | {} | {} | {} |", r.set, r.measure, value, r.target, r.detail)?;
        }
        Ok(())
    }

    /// Writes the report as one JSON line.
    pub fn write_json(&self, out: &mut impl Write) -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, self)?;
        writeln!(out)
    }
}
