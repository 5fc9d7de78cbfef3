//! Articles like a given one (`dateline similar PATH`) and entities that appear with a given one
//! (`dateline entities --with NAME`).

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, TantivyDocument, Term};

use super::aggregate::{self, EntityStat, FacetKind};
use super::copies::CopyFinder;
use super::snippet::Snippet;
use super::{ArchiveSearch, Hit, SearchRequest};
use crate::{Error, Result};

impl ArchiveSearch {
    /// The articles most like the one indexed at `path` (by shared distinctive words), best first.
    /// A hit's `similar` is 1 when it is a copy of the same wire story, else 0.
    pub fn similar(&self, path: &str, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.searcher();
        let address = self.address_of(path)?;
        let like = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_max_query_terms(40)
            .with_min_word_length(3)
            .with_document(address);
        let found = searcher.search(&like, &TopDocs::with_limit(limit.saturating_add(1)).order_by_score())?;
        let finder = CopyFinder::new(self.archive(), &searcher)?;
        let original = finder.signature(address);
        let mut hits = Vec::new();
        for (score, other) in found.into_iter().filter(|(_, a)| *a != address).take(limit) {
            let doc: TantivyDocument = searcher.doc(other)?;
            let article = self.article(&searcher, &doc);
            let snippet = Snippet::opening(&article.body);
            let copy = usize::from(finder.signature(other).is_copy_of(&original));
            hits.push(Hit { rank: hits.len() + 1, score, article, snippet, similar: copy, cluster: None });
        }
        Ok(hits)
    }

    /// The entities most often found in the same articles as `name`, among the articles the
    /// request selects; `count` is the number of articles shared.
    pub fn cooccurring(
        &self,
        name: &str,
        request: &SearchRequest,
        kinds: &[FacetKind],
        limit: usize,
    ) -> Result<Vec<EntityStat>> {
        let searcher = self.searcher();
        let archive = self.archive();
        let aliases = self.aliases(&searcher);
        let (kind, term) = FacetKind::ALL
            .iter()
            .map(|&kind| (kind, Term::from_field_text(kind.field(archive), name.trim())))
            .find(|(_, term)| searcher.doc_freq(term).is_ok_and(|n| n > 0))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no entity is named `{name}` in the index; `dateline entities` lists the names (exact spelling)"
                ))
            })?;
        // A person or organisation is also found under the other names the archive gives it
        // ("Reagan" and "Ronald Reagan"), and listed under the one it uses most.
        let mut shown = name.trim();
        let mut terms = vec![term];
        if let Some(entity) = kind.entity_kind() {
            shown = aliases.canonical(entity, shown);
            terms = aliases
                .names_of(entity, shown)
                .into_iter()
                .map(|n| Term::from_field_text(kind.field(archive), n))
                .collect();
        }
        let named: Vec<Box<dyn Query>> = terms
            .into_iter()
            .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
            .collect();
        let prepared = self.prepare(&searcher, request)?;
        let with = BooleanQuery::new(vec![
            (Occur::Must, prepared.full),
            (Occur::Must, Box::new(BooleanQuery::union(named)) as Box<dyn Query>),
        ]);
        let mut out = Vec::new();
        for &k in kinds {
            let stats = aggregate::entity_stats(archive, &searcher, &aliases, &with, k, limit + 1)?;
            out.extend(stats.into_iter().filter(|s| !(k == kind && s.name == shown)).take(limit));
        }
        Ok(out)
    }

    /// The most frequent entities among the articles the request selects.
    pub fn entities(
        &self,
        request: &SearchRequest,
        kinds: &[FacetKind],
        limit: usize,
    ) -> Result<Vec<EntityStat>> {
        let searcher = self.searcher();
        let prepared = self.prepare(&searcher, request)?;
        let mut out = Vec::new();
        for &kind in kinds {
            let aliases = self.aliases(&searcher);
            out.extend(aggregate::entity_stats(
                self.archive(),
                &searcher,
                &aliases,
                &*prepared.full,
                kind,
                limit,
            )?);
        }
        Ok(out)
    }

    /// The address of the article indexed at `path`.
    fn address_of(&self, path: &str) -> Result<DocAddress> {
        let searcher = self.searcher();
        let term = Term::from_field_text(self.archive().fields.path, path);
        let found = searcher.search(
            &TermQuery::new(term, IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        found.first().map(|(_, a)| *a).ok_or_else(|| {
            Error::Usage(format!(
                "no article is indexed at `{path}`: give the path as search results show it (`dateline search --json` prints it)"
            ))
        })
    }
}
