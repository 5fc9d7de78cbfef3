//! Counting over every matching article, not only the page shown: facets (top people,
//! organisations, places, countries), the timeline (articles per day, week, month or year) and
//! entity statistics (count, first and last date). All come from tantivy aggregations over the
//! raw fast fields; the timeline is counted per day and rolled up here, because tantivy's date
//! histogram has no calendar months.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{AggregationResult, AggregationResults, BucketResult, MetricResult};
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard, Key};
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, TERMINATED, Term};

use super::copies::{MatchSet, Matches};
use crate::index::ArchiveIndex;
use crate::index::aliases::ArchiveAliases;
use crate::model::EntityKind;
use crate::{Error, Result};

/// How many names each segment hands on to be added up, at least. tantivy's default keeps ten
/// times the number asked for, so a name outside one segment's top ones loses that segment's
/// articles, and counts depended on how articles fell into segments (the sample corpus: 3 for
/// 4). With this many, counts are exact unless a segment's matching articles name more people
/// (or organisations, places) than this, and then still exact for every name among each
/// segment's most frequent this many. On the x10 bench archive (182,220 articles in 12
/// segments), `entities` took 0.1 s with tantivy's default (and miscounted, 1,168 for 1,170),
/// 1.3 s handing on every name, 0.6 s with this bound and the same top 20 as every name.
const SEGMENT_NAMES: u32 = 5_000;

/// A kind of entity that can be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    /// People.
    Person,
    /// Organisations.
    Organization,
    /// Places mentioned.
    Place,
    /// Countries involved.
    Country,
}

impl FacetKind {
    /// Every kind, in display order.
    pub const ALL: [FacetKind; 4] =
        [FacetKind::Person, FacetKind::Organization, FacetKind::Place, FacetKind::Country];

    /// The lowercase name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Person => "person",
            FacetKind::Organization => "organization",
            FacetKind::Place => "place",
            FacetKind::Country => "country",
        }
    }

    /// The plural used as a key of the `facets` JSON line.
    pub fn plural(self) -> &'static str {
        match self {
            FacetKind::Person => "people",
            FacetKind::Organization => "organizations",
            FacetKind::Place => "places",
            FacetKind::Country => "countries",
        }
    }

    /// The kind of entity counted, for the archive's table of names (places have none: the
    /// gazetteer names them).
    pub fn entity_kind(self) -> Option<EntityKind> {
        match self {
            FacetKind::Person => Some(EntityKind::Person),
            FacetKind::Organization => Some(EntityKind::Organization),
            FacetKind::Place | FacetKind::Country => None,
        }
    }

    /// The raw (exact, fast) field holding this kind's canonical names.
    pub fn field(self, archive: &ArchiveIndex) -> Field {
        let f = &archive.fields;
        match self {
            FacetKind::Person => f.people,
            FacetKind::Organization => f.organizations,
            FacetKind::Place => f.places,
            FacetKind::Country => f.countries,
        }
    }
}

/// How the timeline groups dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar days (`2025-10-30`).
    Day,
    /// ISO weeks, starting on Monday (`2025-W44`).
    Week,
    /// Calendar months (`2025-10`).
    Month,
    /// Calendar years (`2025`).
    Year,
}

impl Interval {
    /// The key of the period containing `day`.
    pub fn key(self, day: NaiveDate) -> String {
        match self {
            Interval::Day => day.format("%Y-%m-%d").to_string(),
            Interval::Week => {
                let week = day.iso_week();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Interval::Month => format!("{:04}-{:02}", day.year(), day.month()),
            Interval::Year => format!("{:04}", day.year()),
        }
    }
}

/// One name and how many matching articles involve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameCount {
    /// Canonical name.
    pub name: String,
    /// Matching articles involving it.
    pub count: u64,
}

/// The most frequent entities of each kind among the matching articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// People.
    pub people: Vec<NameCount>,
    /// Organisations.
    pub organizations: Vec<NameCount>,
    /// Places mentioned.
    pub places: Vec<NameCount>,
    /// Countries.
    pub countries: Vec<NameCount>,
}

impl Facets {
    /// The list for one kind.
    pub fn of(&self, kind: FacetKind) -> &[NameCount] {
        match kind {
            FacetKind::Person => &self.people,
            FacetKind::Organization => &self.organizations,
            FacetKind::Place => &self.places,
            FacetKind::Country => &self.countries,
        }
    }
}

/// A period and how many matching articles were published in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The period (`2025-10`, `2025-W44`...).
    pub key: String,
    /// Matching articles published in it.
    pub count: u64,
}

/// Matching articles per period, oldest first; periods without articles are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// How dates are grouped.
    pub interval: Interval,
    /// The periods.
    pub buckets: Vec<Bucket>,
    /// Matching articles without a known date (not in any bucket).
    pub undated: u64,
}

/// An entity with its article count and the dates of its first and last article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityStat {
    /// Canonical name.
    pub name: String,
    /// What it is.
    pub kind: FacetKind,
    /// Articles involving it (among those selected).
    pub count: u64,
    /// Date of the earliest dated article.
    pub first: Option<NaiveDate>,
    /// Date of the latest dated article.
    pub last: Option<NaiveDate>,
}

/// What to count in one pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting {
    /// Facet entries per kind (0: no facets).
    pub facets: usize,
    /// Timeline interval, if any.
    pub timeline: Option<Interval>,
}

/// Facets and timeline of the articles matching `query` (the `matches`).
pub fn count(
    archive: &ArchiveIndex,
    searcher: &tantivy::Searcher,
    aliases: &ArchiveAliases,
    query: &dyn Query,
    matches: &MatchSet,
    what: Counting,
) -> Result<(Option<Facets>, Option<Timeline>)> {
    let total = matches.len();
    let schema = archive.index.schema();
    let mut request = serde_json::Map::new();
    if what.facets > 0 {
        for kind in FacetKind::ALL {
            let field = schema.get_field_name(kind.field(archive));
            let size = asked(kind, aliases, what.facets);
            request.insert(
                kind.plural().into(),
                json!({"terms": {"field": field, "size": size, "segment_size": segment_names(size)}}),
            );
        }
    }
    if what.timeline.is_some() {
        let field = schema.get_field_name(archive.fields.date);
        request.insert(
            "days".into(),
            json!({"date_histogram": {"field": field, "fixed_interval": "1d", "min_doc_count": 1}}),
        );
    }
    if request.is_empty() {
        return Ok((None, None));
    }
    let results = run(archive, searcher, query, serde_json::Value::Object(request))?;
    let facets = if what.facets > 0 {
        let mut lists = FacetKind::ALL.map(|kind| terms(&results, kind.plural()));
        for (kind, list) in FacetKind::ALL.iter().zip(lists.iter_mut()) {
            let Some(entity) = kind.entity_kind().filter(|&e| aliases.has(e)) else { continue };
            let groups = touched(aliases, entity, list.iter().map(|n| n.name.as_str()));
            let exact = aliased_stats(archive, searcher, *kind, &groups, matches, false)?;
            let exact = exact.into_iter().map(|s| NameCount { name: s.name, count: s.count }).collect();
            let top = std::mem::take(list);
            *list = fold(top, exact, (aliases, entity), what.facets, |n| &n.name, |n| n.count);
        }
        let [people, organizations, places, countries] = lists;
        Some(Facets { people, organizations, places, countries })
    } else {
        None
    };
    let timeline = what.timeline.map(|interval| {
        let mut periods: BTreeMap<String, u64> = BTreeMap::new();
        let mut dated = 0;
        for (millis, count) in histogram(&results, "days") {
            if let Some(day) = DateTime::<Utc>::from_timestamp_millis(millis) {
                *periods.entry(interval.key(day.date_naive())).or_default() += count;
                dated += count;
            }
        }
        let buckets = periods.into_iter().map(|(key, count)| Bucket { key, count }).collect();
        Timeline { interval, buckets, undated: (total as u64).saturating_sub(dated) }
    });
    Ok((facets, timeline))
}

/// The most frequent entities of `kind` among the articles matching `query`, with their first
/// and last dates.
pub fn entity_stats(
    archive: &ArchiveIndex,
    searcher: &tantivy::Searcher,
    aliases: &ArchiveAliases,
    query: &dyn Query,
    kind: FacetKind,
    limit: usize,
) -> Result<Vec<EntityStat>> {
    let schema = archive.index.schema();
    let field = schema.get_field_name(kind.field(archive));
    let date = schema.get_field_name(archive.fields.date);
    let size = asked(kind, aliases, limit.max(1));
    let request = json!({"top": {"terms": {"field": field, "size": size, "segment_size": segment_names(size)},
        "aggs": {"first": {"min": {"field": date}}, "last": {"max": {"field": date}}}}});
    let results = run(archive, searcher, query, request)?;
    let Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) = results.0.get("top")
    else {
        return Ok(Vec::new());
    };
    let stats: Vec<EntityStat> = buckets
        .iter()
        .filter_map(|b| {
            let Key::Str(name) = &b.key else { return None };
            let day = |metric: &str| match b.sub_aggregation.0.get(metric) {
                Some(AggregationResult::MetricResult(MetricResult::Min(m) | MetricResult::Max(m))) => {
                    m.value.and_then(date_of_metric)
                }
                _ => None,
            };
            Some(EntityStat {
                name: name.clone(),
                kind,
                count: b.doc_count,
                first: day("first"),
                last: day("last"),
            })
        })
        .collect();
    let Some(entity) = kind.entity_kind().filter(|&e| aliases.has(e)) else { return Ok(stats) };
    let groups = touched(aliases, entity, stats.iter().map(|s| s.name.as_str()));
    let matches = searcher.search(query, &Matches)?;
    let exact = aliased_stats(archive, searcher, kind, &groups, &matches, true)?;
    Ok(fold(stats, exact, (aliases, entity), limit, |s| &s.name, |s| s.count))
}

/// Names to ask tantivy for, to list `size` of `kind`: twice as many when the archive has names
/// that stand for others of that kind, so that a name whose articles are split between two
/// spellings is among them even when neither spelling alone would be.
fn asked(kind: FacetKind, aliases: &ArchiveAliases, size: usize) -> usize {
    match kind.entity_kind() {
        Some(entity) if aliases.has(entity) => size.saturating_mul(2),
        _ => size,
    }
}

/// The entities of `listed` that the archive's table gives several names, each as the name
/// kept and all its names (that one first).
fn touched<'a>(
    aliases: &ArchiveAliases,
    kind: EntityKind,
    listed: impl Iterator<Item = &'a str>,
) -> Vec<(String, Vec<String>)> {
    let mut canonicals: Vec<&str> = Vec::new();
    for name in listed {
        let canonical = aliases.canonical(kind, name);
        if !canonicals.contains(&canonical) {
            canonicals.push(canonical);
        }
    }
    let others = aliases.standing_for(kind, &canonicals);
    canonicals
        .iter()
        .filter_map(|&c| {
            let names: Vec<String> = std::iter::once(c)
                .chain(others.iter().filter(|(_, target)| *target == c).map(|(name, _)| *name))
                .map(str::to_string)
                .collect();
            (names.len() > 1).then(|| (c.to_string(), names))
        })
        .collect()
}

/// Each entity of `groups` (a name kept and all its names, in the raw field of `kind`) found
/// among the `matches`, with its count and, when `dated`, its dates. An article counts once
/// however many of the names it holds ("GenCorp" and "Gencorp" in one story). Each name's
/// postings are read and kept where they match. (A terms aggregation restricted to the names
/// with `include` scanned every segment's dictionary: a third more instructions for a faceted
/// search of the bench archive.)
fn aliased_stats(
    archive: &ArchiveIndex,
    searcher: &tantivy::Searcher,
    kind: FacetKind,
    groups: &[(String, Vec<String>)],
    matches: &MatchSet,
    dated: bool,
) -> Result<Vec<EntityStat>> {
    let field = kind.field(archive);
    let date = archive.index.schema().get_field_name(archive.fields.date).to_string();
    let mut stats: Vec<EntityStat> = groups
        .iter()
        .map(|(name, _)| EntityStat { name: name.clone(), kind, count: 0, first: None, last: None })
        .collect();
    if groups.is_empty() {
        return Ok(stats);
    }
    let mut docs: Vec<u32> = Vec::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(field)?;
        // Facets want counts alone: their articles' dates are not read.
        let dates = if dated { Some(segment.fast_fields().date(&date)?) } else { None };
        for ((_, names), stat) in groups.iter().zip(stats.iter_mut()) {
            docs.clear();
            for name in names {
                let term = Term::from_field_text(field, name);
                let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    // A match is never a deleted article.
                    if matches.contains(DocAddress::new(ordinal as u32, doc)) {
                        docs.push(doc);
                    }
                    doc = postings.advance();
                }
            }
            docs.sort_unstable();
            docs.dedup();
            stat.count += docs.len() as u64;
            let Some(dates) = &dates else { continue };
            for &doc in &docs {
                let day = dates
                    .first(doc)
                    .and_then(|d| DateTime::<Utc>::from_timestamp(d.into_timestamp_secs(), 0))
                    .map(|d| d.date_naive());
                stat.first = [stat.first, day].into_iter().flatten().min();
                stat.last = stat.last.max(day);
            }
        }
    }
    stats.retain(|s| s.count > 0);
    Ok(stats)
}

/// The most frequent `size` of `top` with each entity the archive's table gives several names
/// counted under the name kept: its entry comes from `exact` (one per such entity, under that
/// name, counted among the matches over all its names), the others from `top`. Most articles
/// first, ties in `top`'s order.
fn fold<T>(
    top: Vec<T>,
    exact: Vec<T>,
    (aliases, kind): (&ArchiveAliases, EntityKind),
    size: usize,
    name: impl Fn(&T) -> &str,
    count: impl Fn(&T) -> u64,
) -> Vec<T> {
    let counted: Vec<String> = exact.iter().map(|e| name(e).to_string()).collect();
    let mut slots: Vec<Option<T>> = exact.into_iter().map(Some).collect();
    let mut out: Vec<T> = Vec::with_capacity(top.len() + slots.len());
    for entry in top {
        let canonical = aliases.canonical(kind, name(&entry));
        match counted.iter().position(|c| c == canonical) {
            // The entity's first place in `top` takes its exact entry; its other names are
            // counted there.
            Some(i) => out.extend(slots[i].take()),
            None => out.push(entry),
        }
    }
    out.extend(slots.into_iter().flatten());
    out.sort_by_key(|e| std::cmp::Reverse(count(e)));
    out.truncate(size);
    out
}

/// Names each segment hands on for a top `size`: [`SEGMENT_NAMES`], or tantivy's ten times
/// `size` when that is more.
fn segment_names(size: usize) -> u32 {
    u32::try_from(size.saturating_mul(10)).unwrap_or(u32::MAX).max(SEGMENT_NAMES)
}

fn run(
    archive: &ArchiveIndex,
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    request: serde_json::Value,
) -> Result<AggregationResults> {
    let aggregations: Aggregations = serde_json::from_value(request)
        .map_err(|e| Error::Usage(format!("internal aggregation request: {e}")))?;
    let context =
        AggContextParams::new(AggregationLimitsGuard::default(), archive.index.tokenizers().clone());
    Ok(searcher.search(query, &AggregationCollector::from_aggs(aggregations, context))?)
}

fn terms(results: &AggregationResults, name: &str) -> Vec<NameCount> {
    match results.0.get(name) {
        Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => buckets
            .iter()
            .filter_map(|b| match &b.key {
                Key::Str(name) => Some(NameCount { name: name.clone(), count: b.doc_count }),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `(epoch milliseconds, count)` of a date histogram.
fn histogram(results: &AggregationResults, name: &str) -> Vec<(i64, u64)> {
    let Some(AggregationResult::BucketResult(BucketResult::Histogram { buckets })) = results.0.get(name)
    else {
        return Vec::new();
    };
    let entries: Vec<&tantivy::aggregation::agg_result::BucketEntry> = match buckets {
        tantivy::aggregation::agg_result::BucketEntries::Vec(v) => v.iter().collect(),
        tantivy::aggregation::agg_result::BucketEntries::HashMap(m) => m.values().collect(),
    };
    entries
        .into_iter()
        .filter_map(|b| match b.key {
            Key::F64(ms) => Some((ms as i64, b.doc_count)),
            Key::I64(ms) => Some((ms, b.doc_count)),
            Key::U64(ms) => i64::try_from(ms).ok().map(|ms| (ms, b.doc_count)),
            Key::Str(_) => None,
        })
        .collect()
}

/// Min/max over a date fast field come back in nanoseconds since the epoch.
fn date_of_metric(nanos: f64) -> Option<NaiveDate> {
    DateTime::<Utc>::from_timestamp((nanos / 1e9).floor() as i64, 0).map(|d| d.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::document::{FileStamp, to_document};
    use crate::model::Article;
    use tantivy::query::AllQuery;

    /// Adds the article `a{n}.txt` naming `people`.
    fn add(writer: &mut tantivy::IndexWriter, fields: &crate::index::Fields, n: usize, people: &[&str]) {
        let article = Article {
            source: format!("a{n}.txt"),
            title: format!("Story {n}"),
            body: "Text.".into(),
            people: people.iter().map(|p| p.to_string()).collect(),
            ..Article::default()
        };
        let stamp = FileStamp { file: &article.source, mtime: 0, size: 0 };
        writer.add_document(to_document(fields, &article, stamp)).unwrap();
    }

    /// An index of two segments: in the first, "Ana Ruiz" leads; in the second she is one of
    /// many names with a single article, beyond the ten a segment handed on by default.
    fn two_segments() -> (tempfile::TempDir, ArchiveIndex) {
        let dir = tempfile::tempdir().unwrap();
        let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let mut writer = archive.index.writer_with_num_threads(1, 15_000_000).unwrap();
        let fields = archive.fields.clone();
        let add =
            |writer: &mut tantivy::IndexWriter, n: usize, people: &[&str]| add(writer, &fields, n, people);
        add(&mut writer, 0, &["Ana Ruiz"]);
        add(&mut writer, 1, &["Ana Ruiz"]);
        writer.commit().unwrap();
        for n in 0..12 {
            let other = format!("Person {n:02}");
            add(&mut writer, 10 + 2 * n, &[&other]);
            add(&mut writer, 11 + 2 * n, &[&other]);
        }
        add(&mut writer, 40, &["Ana Ruiz", "Zed Last"]);
        writer.commit().unwrap();
        (dir, archive)
    }

    #[test]
    fn entity_counts_add_up_every_segment() {
        let (_dir, archive) = two_segments();
        let searcher = archive.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let none = ArchiveAliases::default();
        let top = entity_stats(&archive, &searcher, &none, &AllQuery, FacetKind::Person, 1).unwrap();
        assert_eq!((top[0].name.as_str(), top[0].count), ("Ana Ruiz", 3));
        let what = Counting { facets: 1, ..Counting::default() };
        let all = searcher.search(&AllQuery, &crate::search::copies::Matches).unwrap();
        let (facets, _) = count(&archive, &searcher, &none, &AllQuery, &all, what).unwrap();
        let people = facets.unwrap().of(FacetKind::Person).to_vec();
        assert_eq!((people[0].name.as_str(), people[0].count), ("Ana Ruiz", 3));
    }

    #[test]
    fn a_surname_and_its_full_name_are_counted_once_even_off_the_top() {
        // The bench archive: "Reagan" leads alone, "Ronald Reagan" is far down the list.
        let t = crate::index::aliases::tests::table_of(&[("Reagan", "Ronald Reagan")]);
        let p = EntityKind::Person;
        let n = |name: &str, count| NameCount { name: name.into(), count };
        let fold_counts =
            |top: Vec<NameCount>, exact, size| fold(top, exact, (&t, p), size, |n| &n.name, |n| n.count);
        let top = vec![n("Reagan", 284), n("James Baker", 172), n("Tony Blair", 154)];
        let groups = touched(&t, p, top.iter().map(|n| n.name.as_str()));
        assert_eq!(
            groups,
            [("Ronald Reagan".to_string(), vec!["Ronald Reagan".to_string(), "Reagan".to_string()])]
        );
        let exact = vec![n("Ronald Reagan", 308)];
        assert_eq!(fold_counts(top, exact, 2), [n("Ronald Reagan", 308), n("James Baker", 172)]);
        // The surname alone is beyond the page (among the twice as many names asked for), but
        // with the full name it is on it.
        let top = vec![n("James Baker", 172), n("Tony Blair", 154), n("Reagan", 100)];
        let exact = vec![n("Ronald Reagan", 160)];
        assert_eq!(fold_counts(top, exact, 2), [n("James Baker", 172), n("Ronald Reagan", 160)]);
        // No name of the table listed: nothing to count again.
        assert!(touched(&t, p, ["James Baker", "Tony Blair"].into_iter()).is_empty());
    }

    #[test]
    fn an_article_naming_an_entity_twice_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let mut writer: tantivy::IndexWriter = archive.index.writer_with_num_threads(1, 15_000_000).unwrap();
        let people: [&[&str]; 4] =
            [&["Reagan"], &["Ronald Reagan"], &["Ronald Reagan", "Reagan"], &["Ana Ruiz"]];
        for (n, names) in people.iter().enumerate() {
            add(&mut writer, &archive.fields, n, names);
        }
        writer.commit().unwrap();
        let searcher = archive.reader().unwrap().searcher();
        let t = crate::index::aliases::tests::table_of(&[("Reagan", "Ronald Reagan")]);
        let all = searcher.search(&AllQuery, &crate::search::copies::Matches).unwrap();
        let what = Counting { facets: 5, ..Counting::default() };
        let (facets, _) = count(&archive, &searcher, &t, &AllQuery, &all, what).unwrap();
        let people = facets.unwrap().people;
        let n = |name: &str, count| NameCount { name: name.into(), count };
        assert_eq!(people, [n("Ronald Reagan", 3), n("Ana Ruiz", 1)]);
        let stats = entity_stats(&archive, &searcher, &t, &AllQuery, FacetKind::Person, 5).unwrap();
        let counts: Vec<(&str, u64)> = stats.iter().map(|s| (s.name.as_str(), s.count)).collect();
        assert_eq!(counts, [("Ronald Reagan", 3), ("Ana Ruiz", 1)]);
    }

    #[test]
    fn interval_keys() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 30).unwrap();
        assert_eq!(Interval::Day.key(d), "2025-10-30");
        assert_eq!(Interval::Week.key(d), "2025-W44");
        assert_eq!(Interval::Month.key(d), "2025-10");
        assert_eq!(Interval::Year.key(d), "2025");
        // 2021-01-01 is a Friday in ISO week 53 of 2020.
        assert_eq!(Interval::Week.key(NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()), "2020-W53");
    }
}
