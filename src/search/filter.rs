//! Entity and date filters. Each is wrapped in a zero-score `ConstScoreQuery` so it selects
//! articles without changing how the ones it keeps are ranked.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;

use super::SearchRequest;
use crate::Result;
use crate::index::ArchiveIndex;
use crate::index::aliases::ArchiveAliases;
use crate::index::document::DATE_LIMIT_SECS;
use crate::model::EntityKind;

/// The filter clauses of a request, each `Must` and scoring nothing.
pub fn clauses(
    archive: &ArchiveIndex,
    searcher: &tantivy::Searcher,
    aliases: &ArchiveAliases,
    request: &SearchRequest,
) -> Result<Vec<(Occur, Box<dyn Query>)>> {
    let f = &archive.fields;
    let e = &request.filters;
    // Places are named by the gazetteer: no archive table.
    let groups: [(&[String], Option<Field>, Field, EntityKind); 5] = [
        (&e.people, Some(f.people), f.person, EntityKind::Person),
        (&e.organizations, Some(f.organizations), f.org, EntityKind::Organization),
        (&e.places, Some(f.places), f.place, EntityKind::Place),
        (&e.datelines, Some(f.dateline_place), f.located, EntityKind::Place),
        (&e.countries, Some(f.countries), f.country, EntityKind::Place),
    ];
    let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (names, exact, tokenised, kind) in groups {
        for name in names {
            let query = name_query(archive, searcher, (aliases, kind), name, exact, tokenised)?;
            out.push((Occur::Must, filter(query)));
        }
    }
    if !e.languages.is_empty() {
        let terms: Vec<Box<dyn Query>> = e
            .languages
            .iter()
            .map(|code| {
                let term = Term::from_field_text(f.lang, &code.trim().to_lowercase());
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
            })
            .collect();
        out.push((Occur::Must, filter(Box::new(tantivy::query::BooleanQuery::union(terms)))));
    }
    if !request.dates.is_unbounded() {
        let bound = |d: Option<chrono::DateTime<chrono::Utc>>, inclusive: bool| match d {
            None => Bound::Unbounded,
            Some(d) => {
                // tantivy counts nanoseconds in an i64 (years 1678 to 2261): clamp, so `--from 0025`
                // is a bound, not an overflow (found by fuzzing, fuzz/artifacts/query).
                let secs = d.timestamp().clamp(-DATE_LIMIT_SECS, DATE_LIMIT_SECS);
                let term = Term::from_field_date(f.date, tantivy::DateTime::from_timestamp_secs(secs));
                if inclusive { Bound::Included(term) } else { Bound::Excluded(term) }
            }
        };
        let range = RangeQuery::new(bound(request.dates.from, true), bound(request.dates.until, false));
        out.push((Occur::Must, filter(Box::new(range))));
    }
    if let Some(since) = request.modified_since {
        let secs = u64::try_from(since.timestamp()).unwrap_or(0);
        let range = RangeQuery::new(Bound::Included(Term::from_field_u64(f.mtime, secs)), Bound::Unbounded);
        out.push((Occur::Must, filter(Box::new(range))));
    }
    Ok(out)
}

fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// A name as given by the user: its exact canonical form when the index knows it (with the
/// other names the archive gives that entity: "Reagan" and "Ronald Reagan", "GenCorp" and
/// "Gencorp" are one), else its words in order among the tokenised names (so "Xi" finds "Xi
/// Jinping").
fn name_query(
    archive: &ArchiveIndex,
    searcher: &tantivy::Searcher,
    (aliases, kind): (&ArchiveAliases, EntityKind),
    name: &str,
    exact: Option<Field>,
    tokenised: Field,
) -> Result<Box<dyn Query>> {
    if let Some(field) = exact {
        let canonical = aliases.canonical(kind, name.trim());
        let mut found: Vec<Box<dyn Query>> = Vec::new();
        for form in aliases.names_of(kind, canonical) {
            let term = Term::from_field_text(field, form);
            if searcher.doc_freq(&term)? > 0 {
                found.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
            }
        }
        match found.len() {
            0 => {}
            1 => return Ok(found.remove(0)),
            _ => return Ok(Box::new(tantivy::query::BooleanQuery::union(found))),
        }
    }
    let mut analyzer = archive.index.tokenizer_for_field(tokenised)?;
    let mut stream = analyzer.token_stream(name);
    let mut terms: Vec<(usize, Term)> = Vec::new();
    while stream.advance() {
        let token = stream.token();
        terms.push((token.position, Term::from_field_text(tokenised, &token.text)));
    }
    Ok(match terms.len() {
        0 => Box::new(tantivy::query::EmptyQuery),
        1 => Box::new(TermQuery::new(terms.remove(0).1, IndexRecordOption::Basic)),
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    })
}
