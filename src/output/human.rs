//! Terminal output. Styles are written as ANSI codes; the caller's stream (anstream) removes
//! them when stdout is not a terminal or `NO_COLOR` is set.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::index::IndexReport;
use crate::model::Article;
use crate::search::aggregate::EntityStat;
use crate::search::dates::show;
use crate::search::snippet::Snippet;
use crate::search::{FacetKind, Hit, SearchSummary, Timeline};

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const LABEL: Style = AnsiColor::Cyan.on_default();

/// Writes one hit.
pub fn write_hit(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let a = &hit.article;
    writeln!(out, "{:>3}. {TITLE}{}{TITLE:#}", hit.rank, a.title)?;
    let mut facts: Vec<String> = Vec::new();
    if let Some(date) = &a.date {
        facts.push(show(date));
    }
    match (&a.place, &a.country) {
        (Some(p), Some(c)) if p != c => facts.push(format!("{p}, {c}")),
        (Some(p), _) => facts.push(p.clone()),
        _ => {}
    }
    facts.push(a.path.clone());
    if hit.similar > 0 {
        let copies = if hit.similar == 1 { "copy" } else { "copies" };
        facts.push(format!("+{} similar {copies} (--all-copies)", hit.similar));
    }
    writeln!(out, "     {DIM}{}{DIM:#}", facts.join(" · "))?;
    let actors: Vec<&str> =
        a.people.iter().chain(a.organizations.iter()).take(5).map(String::as_str).collect();
    if !actors.is_empty() {
        writeln!(out, "     {LABEL}{}{LABEL:#}", actors.join(", "))?;
    }
    if !hit.snippet.text.is_empty() {
        writeln!(out, "     {}", highlighted(&hit.snippet))?;
    }
    writeln!(out)
}

/// Writes what follows the hits: the count line, then facets and timeline when counted.
pub fn write_summary(out: &mut dyn Write, summary: &SearchSummary, offset: usize) -> io::Result<()> {
    match (summary.total, summary.returned) {
        (0, _) => writeln!(out, "No article matches.")?,
        (total, 0) => writeln!(out, "{total} articles match; none on this page (lower --offset).")?,
        (total, shown) => {
            let noun = if total == 1 { "article matches" } else { "articles match" };
            writeln!(out, "{total} {noun}; showing {}-{}.", offset + 1, offset + shown)?
        }
    }
    if let Some(facets) = &summary.facets {
        writeln!(out)?;
        for kind in FacetKind::ALL {
            let list = facets.of(kind);
            if list.is_empty() {
                continue;
            }
            let names: Vec<String> = list.iter().map(|c| format!("{} ({})", c.name, c.count)).collect();
            writeln!(out, "{LABEL}{:<14}{LABEL:#}{}", kind.plural(), names.join(", "))?;
        }
    }
    if let Some(timeline) = &summary.timeline {
        writeln!(out)?;
        write_timeline(out, timeline)?;
    }
    Ok(())
}

/// A horizontal bar per period, scaled to the busiest one.
fn write_timeline(out: &mut dyn Write, timeline: &Timeline) -> io::Result<()> {
    const WIDTH: u64 = 40;
    let max = timeline.buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let key_width = timeline.buckets.iter().map(|b| b.key.len()).max().unwrap_or(4);
    for bucket in &timeline.buckets {
        let eighths = (bucket.count * WIDTH * 8).div_ceil(max);
        let mut bar = "█".repeat((eighths / 8) as usize);
        if eighths % 8 > 0 {
            bar.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][(eighths % 8 - 1) as usize]);
        }
        writeln!(out, "{:<key_width$}  {MATCH}{bar}{MATCH:#} {}", bucket.key, bucket.count)?;
    }
    if timeline.undated > 0 {
        writeln!(out, "{DIM}{} matching articles have no date{DIM:#}", timeline.undated)?;
    }
    Ok(())
}

/// Writes one entity line of `dateline entities`.
pub fn write_entity(out: &mut dyn Write, entity: &EntityStat) -> io::Result<()> {
    let span = match (entity.first, entity.last) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "undated".into(),
    };
    writeln!(
        out,
        "{:>6}  {TITLE}{}{TITLE:#} {DIM}{} · {span}{DIM:#}",
        entity.count,
        entity.name,
        entity.kind.name()
    )
}

fn highlighted(snippet: &Snippet) -> String {
    let text = &snippet.text;
    let mut out = String::with_capacity(text.len() + 16 * snippet.highlights.len());
    let mut last = 0;
    for &(start, end) in &snippet.highlights {
        if start < last || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(&format!("{MATCH}{}{MATCH:#}", &text[start..end]));
        last = end;
    }
    out.push_str(&text[last..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes what extraction understood of one article.
pub fn write_article(out: &mut dyn Write, a: &Article) -> io::Result<()> {
    writeln!(out, "{TITLE}{}{TITLE:#}", a.source)?;
    let row = |out: &mut dyn Write, label: &str, value: String| -> io::Result<()> {
        if value.is_empty() { Ok(()) } else { writeln!(out, "  {LABEL}{label:<14}{LABEL:#}{value}") }
    };
    row(out, "title", a.title.clone())?;
    row(out, "date", a.date.as_ref().map(show).unwrap_or_else(|| "unknown".into()))?;
    if let Some(d) = &a.dateline {
        let resolved = d
            .place
            .as_ref()
            .map(|p| p.hierarchy().join(", "))
            .unwrap_or_else(|| "not in the gazetteer".into());
        row(out, "dateline", format!("{} -> {resolved}", d.text))?;
    }
    if let Some(p) = &a.place {
        row(out, "place", p.hierarchy().join(", "))?;
    }
    row(out, "places", a.places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "))?;
    row(out, "countries", a.countries().join(", "))?;
    row(out, "people", a.people.join(", "))?;
    row(out, "organizations", a.organizations.join(", "))?;
    let mentions: Vec<String> = a
        .mentions
        .iter()
        .map(|m| {
            if m.text == m.canonical {
                format!("{} [{}]", m.text, m.kind.name())
            } else {
                format!("{} -> {} [{}]", m.text, m.canonical, m.kind.name())
            }
        })
        .collect();
    row(out, "mentions", mentions.join("; "))?;
    writeln!(out)
}

/// Writes the summary of an index run (skipped files go to stderr separately).
pub fn write_index_report(out: &mut dyn Write, report: &IndexReport, index: &str) -> io::Result<()> {
    let read = (report.added + report.changed).saturating_sub(report.not_read);
    write!(
        out,
        "{} articles written from {read} files read: {} new, {} changed, {} deleted, {} unchanged, {} skipped",
        report.articles,
        report.added,
        report.changed,
        report.deleted,
        report.unchanged,
        report.skipped.len()
    )?;
    if report.not_read > 0 {
        write!(out, ", {} not read (interrupted)", report.not_read)?;
    }
    if report.ignored > 0 {
        write!(out, ", {} records passed over (not articles)", report.ignored)?;
    }
    writeln!(out, ".")?;
    writeln!(out, "The index at {index} holds {} articles.", report.total_articles)
}
