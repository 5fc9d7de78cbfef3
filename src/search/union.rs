//! A cheap union for the small "any of" groups a query is made of.
//!
//! Every query word becomes a group of alternatives: the word in the headline (boosted) or in
//! the body, and in the entity fields it names something in. tantivy builds each such group,
//! in every segment, as a `BufferedUnionScorer`, which allocates and fills a window of 4,096
//! score slots (64 KiB) however few alternatives it has and however few articles they match:
//! most of the cost of a short query in a small archive, and fresh pages for a fresh process.
//! [`AnyOf`] scores the same articles with the same sums (each alternative's score added in
//! the order given, as tantivy adds them) by walking its few alternatives side by side.

use std::fmt;

use tantivy::query::{BooleanQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// Groups of at most this many alternatives are walked side by side; larger ones keep
/// tantivy's buffered union, which is faster over many long posting lists.
const MAX_ALTERNATIVES: usize = 8;

/// `query` with every boolean query made only of optional clauses (at any depth of boolean
/// nesting, with at most [`MAX_ALTERNATIVES`] clauses and at least one to match) replaced by
/// an [`AnyOf`] of the same clauses. Other queries are returned as they are.
pub fn small_unions(query: Box<dyn Query>) -> Box<dyn Query> {
    // The boolean queries inside are rebuilt by the one clause walker (innermost first), each
    // clause's query turned into an `AnyOf` where it qualifies; then the outermost query.
    let inner = super::exclusion::map_clauses(&*query, &|occur, sub| Some((occur, any_of(sub))));
    any_of(inner)
}

/// `query` as an [`AnyOf`] when it is a boolean query of at most [`MAX_ALTERNATIVES`]
/// optional clauses with at most one to match; otherwise `query` itself.
fn any_of(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let clauses = boolean.clauses();
    let qualifies = !clauses.is_empty()
        && clauses.len() <= MAX_ALTERNATIVES
        && boolean.get_minimum_number_should_match() <= 1
        && clauses.iter().all(|(occur, _)| *occur == Occur::Should);
    if !qualifies {
        return query;
    }
    Box::new(AnyOf(clauses.iter().map(|(_, sub)| sub.box_clone()).collect()))
}

/// Matches what any of its queries matches, scored by the sum of their scores.
pub struct AnyOf(Vec<Box<dyn Query>>);

impl Clone for AnyOf {
    fn clone(&self) -> Self {
        AnyOf(self.0.iter().map(|q| q.box_clone()).collect())
    }
}

impl fmt::Debug for AnyOf {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("AnyOf").field(&self.0).finish()
    }
}

impl Query for AnyOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self.0.iter().map(|q| q.weight(enable_scoring)).collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyOfWeight(weights)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for query in &self.0 {
            query.query_terms(visitor);
        }
    }
}

struct AnyOfWeight(Vec<Box<dyn Weight>>);

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.0.len());
        for weight in &self.0 {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            1 => scorers.pop().unwrap_or_else(|| Box::new(EmptyScorer)),
            _ => {
                let mut union = Alternatives { scorers, doc: 0 };
                union.doc = union.lowest();
                Box::new(union)
            }
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut details = Vec::new();
        for weight in &self.0 {
            if let Ok(explanation) = weight.explain(reader, doc) {
                details.push(explanation);
            }
        }
        if details.is_empty() {
            return Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        let mut explanation = Explanation::new("sum of", details.iter().map(Explanation::value).sum());
        for detail in details {
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

/// Two or more scorers walked side by side (none terminated when built).
struct Alternatives {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl Alternatives {
    fn lowest(&self) -> DocId {
        self.scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED)
    }
}

impl DocSet for Alternatives {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() == self.doc {
                scorer.advance();
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|s| s.size_hint()).fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for Alternatives {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum: Score = 0.0;
        for scorer in &mut self.scorers {
            if scorer.doc() == doc {
                sum += scorer.score();
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{Index, TantivyDocument, Term};

    /// The same matches and the same scores as tantivy's union, over several segments, with
    /// nested groups, boosts and conjunctions.
    #[test]
    fn any_of_scores_what_a_boolean_union_scores() {
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        let tag = builder.add_text_field("tag", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let words = ["rates", "bank", "yen", "oil", "crude", "tariffs"];
        for n in 0..600u32 {
            let pick = |k: u32| words[((n * k + k) % words.len() as u32) as usize];
            let mut doc = TantivyDocument::default();
            doc.add_text(title, format!("{} {}", pick(3), pick(7)));
            doc.add_text(body, format!("{} {} {} {}", pick(5), pick(11), pick(2), pick(13)));
            doc.add_text(tag, pick(17));
            writer.add_document(doc).unwrap();
            if n % 150 == 149 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let term = |field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs))
        };
        let group = |word: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, Box::new(tantivy::query::BoostQuery::new(term(title, word), 2.0))),
                (Occur::Should, term(body, word)),
                (Occur::Should, term(tag, word)),
            ]))
        };
        let queries: Vec<Box<dyn Query>> = vec![
            group("rates"),
            Box::new(BooleanQuery::new(vec![(Occur::Must, group("bank")), (Occur::Must, group("yen"))])),
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, group("oil")),
                (Occur::Should, group("crude")),
                (Occur::MustNot, term(tag, "tariffs")),
            ])),
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, group("nothing")),
                (Occur::Should, group("yen")),
            ])),
        ];
        for query in queries {
            let rewritten = small_unions(query.box_clone());
            // Every query here holds a small group: the rewrite must have happened, or the
            // comparisons below would only compare tantivy with itself.
            assert!(format!("{rewritten:?}").contains("AnyOf"), "not rewritten: {rewritten:?}");
            let expected = searcher.search(&*query, &TopDocs::with_limit(1000).order_by_score()).unwrap();
            let got = searcher.search(&*rewritten, &TopDocs::with_limit(1000).order_by_score()).unwrap();
            assert!(!expected.is_empty());
            assert_eq!(got, expected, "{query:?}");
            let (score, address) = expected[0];
            let explained = rewritten.explain(&searcher, address).unwrap().value();
            assert!((explained - score).abs() < 1e-4, "{explained} vs {score}");
        }
    }
}
