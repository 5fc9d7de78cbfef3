//! Excluded parts of a query (`-word`, `-"a phrase"`), made safe to evaluate.
//!
//! tantivy 0.27 evaluates a `MustNot` clause by asking its scorer, for each candidate article in
//! increasing order, whether the article is in it (`seek_danger`). A phrase scorer that has
//! already moved past the candidate, or found no match at all in the segment, trips a
//! `debug_assert!` in tantivy (`target should be greater than or equal to doc`; tantivy issue
//! #2811). Release builds answer correctly; builds with debug assertions (tests, fuzzing) panic
//! on an everyday query such as `Xi -"Korea South"`. The fuzzer found it.
//!
//! [`guard_exclusions`] wraps every excluded clause in [`Excluded`], whose scorer answers "not
//! here" for a candidate before its current position (it moves forward only, so nothing before
//! that position can match) and otherwise asks the wrapped scorer.

use std::fmt;

use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED};

/// Rebuilds `query` with every `MustNot` clause, at any depth of boolean nesting, wrapped in
/// [`Excluded`]. Other queries are returned as they are.
pub fn guard_exclusions(query: Box<dyn Query>) -> Box<dyn Query> {
    if !query.downcast_ref::<BooleanQuery>().is_some_and(has_exclusion) {
        return query;
    }
    map_clauses(&*query, &|occur, sub| {
        let sub: Box<dyn Query> = if occur == Occur::MustNot { Box::new(Excluded(sub)) } else { sub };
        Some((occur, sub))
    })
}

/// One clause of a boolean query.
pub type Clause = (Occur, Box<dyn Query>);

/// `query` rebuilt with every clause of its boolean queries, at any depth (innermost first),
/// passed through `clause`, which may drop it (`None`). Other queries are copied as they are.
pub fn map_clauses(
    query: &dyn Query,
    clause: &dyn Fn(Occur, Box<dyn Query>) -> Option<Clause>,
) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query.box_clone();
    };
    let clauses = boolean
        .clauses()
        .iter()
        .filter_map(|(occur, sub)| clause(*occur, map_clauses(&**sub, clause)))
        .collect();
    Box::new(BooleanQuery::with_minimum_required_clauses(clauses, boolean.get_minimum_number_should_match()))
}

/// Whether `query` has a `MustNot` clause at any depth (most queries have none, and are used
/// as they are).
fn has_exclusion(query: &BooleanQuery) -> bool {
    query.clauses().iter().any(|(occur, sub)| {
        *occur == Occur::MustNot || sub.downcast_ref::<BooleanQuery>().is_some_and(has_exclusion)
    })
}

/// An excluded sub-query whose scorer never seeks backwards.
pub struct Excluded(Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Excluded(self.0.box_clone())
    }
}

impl fmt::Debug for Excluded {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Excluded({:?})", self.0)
    }
}

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnly(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// A scorer that treats a seek to a document before its position as "not found".
struct ForwardOnly(Box<dyn Scorer>);

impl DocSet for ForwardOnly {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.0.doc();
        if target <= doc { doc } else { self.0.seek(target) }
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let doc = self.0.doc();
        if target < doc {
            // Nothing before `doc` is left to match; `doc` is a valid lower bound (> target).
            return SeekDangerResult::SeekLowerBound(doc);
        }
        if doc == TERMINATED {
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        self.0.seek_danger(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for ForwardOnly {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::{PhraseQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, TantivyDocument, Term};

    /// Counts the articles matching `word` and not the phrase `excluded`, in an index of `texts`.
    fn count_without(texts: &[&str], word: &str, excluded: &[&str]) -> usize {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in texts {
            let mut doc = TantivyDocument::default();
            doc.add_text(body, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let term = |w: &str| Term::from_field_text(body, w);
        let phrase = PhraseQuery::new(excluded.iter().map(|w| term(w)).collect());
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(TermQuery::new(term(word), IndexRecordOption::Basic))),
            (Occur::MustNot, Box::new(phrase)),
        ]));
        let searcher = index.reader().unwrap().searcher();
        searcher.search(&*guard_exclusions(query), &Count).unwrap()
    }

    #[test]
    fn a_phrase_that_never_occurs_excludes_nothing_and_does_not_panic() {
        // Both words exist, the phrase does not: unguarded, this panics with debug assertions.
        let texts = ["xi met trump in south korea", "xi spoke in beijing"];
        assert_eq!(count_without(&texts, "xi", &["korea", "south"]), 2);
    }

    #[test]
    fn a_phrase_that_occurs_still_excludes_its_articles() {
        let texts = ["xi met trump in south korea", "xi spoke in beijing", "xi flew to south korea"];
        assert_eq!(count_without(&texts, "xi", &["south", "korea"]), 1);
    }

    #[test]
    fn a_phrase_past_the_first_candidates_excludes_only_its_own_articles() {
        // The phrase's first match is the last article, after the candidates before it.
        let texts = ["xi in beijing", "xi in korea south", "xi in shanghai", "xi in south korea"];
        assert_eq!(count_without(&texts, "xi", &["south", "korea"]), 3);
    }

    #[test]
    fn nested_exclusions_are_guarded_and_the_rest_is_kept() {
        let inner: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Should, Box::new(tantivy::query::AllQuery)),
            (Occur::MustNot, Box::new(tantivy::query::AllQuery)),
        ]));
        let outer: Box<dyn Query> = Box::new(BooleanQuery::new(vec![(Occur::Must, inner)]));
        let guarded = guard_exclusions(outer);
        let outer = guarded.downcast_ref::<BooleanQuery>().unwrap();
        let inner = outer.clauses()[0].1.downcast_ref::<BooleanQuery>().unwrap();
        assert!(inner.clauses()[0].1.downcast_ref::<tantivy::query::AllQuery>().is_some());
        assert!(inner.clauses()[1].1.downcast_ref::<Excluded>().is_some());
        assert_eq!(inner.get_minimum_number_should_match(), 0);
    }
}
