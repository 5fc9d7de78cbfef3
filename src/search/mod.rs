//! Answering a [`SearchRequest`]: the user's query (BM25, all words required, stemmed English,
//! exact phrases) combined with entity and date filters that select without changing the
//! ranking, then hits with highlighted snippets.

pub mod dates;
pub mod filter;
pub mod query;
pub mod request;
pub mod results;
pub mod snippet;

pub use request::{EntityFilters, SearchRequest, SortOrder};
pub use results::{Hit, SearchResults};

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, IndexReader, Order, Score, TantivyDocument};

use crate::Result;
use crate::index::ArchiveIndex;
use crate::index::document::from_document;

/// A searcher over one index, reusable across requests.
pub struct ArchiveSearch {
    archive: ArchiveIndex,
    reader: IndexReader,
}

impl ArchiveSearch {
    /// Opens a reader on the index's last commit.
    pub fn new(archive: ArchiveIndex) -> Result<Self> {
        let reader = archive.reader()?;
        Ok(ArchiveSearch { archive, reader })
    }

    /// Runs one request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let fields = &self.archive.fields;
        let parsed = query::parse(&self.archive, &request.query);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed.query.box_clone())];
        clauses.extend(filter::clauses(&self.archive, &searcher, request)?);
        let full: Box<dyn Query> =
            if clauses.len() == 1 { parsed.query.box_clone() } else { Box::new(BooleanQuery::new(clauses)) };

        let total = searcher.search(&*full, &Count)?;
        let limit = if request.limit == 0 { total.max(1) } else { request.limit };
        let sort = match (request.sort, parsed.is_match_all) {
            (SortOrder::Relevance, true) => SortOrder::Newest,
            (sort, _) => sort,
        };
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        let addresses: Vec<(Score, DocAddress)> = match sort {
            SortOrder::Relevance => searcher.search(&*full, &top.order_by_score())?,
            SortOrder::Newest | SortOrder::Oldest => {
                let order = if sort == SortOrder::Newest { Order::Desc } else { Order::Asc };
                let by_date = top.order_by((
                    (SortByStaticFastValue::<tantivy::DateTime>::for_field("date"), order),
                    (SortBySimilarityScore, Order::Desc),
                ));
                searcher
                    .search(&*full, &by_date)?
                    .into_iter()
                    .map(|((_, score), address)| (score, address))
                    .collect()
            }
        };

        let snippets = snippet::Snippets::new(&searcher, &*parsed.query, fields)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for (i, (score, address)) in addresses.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let article = from_document(fields, &doc);
            let snippet = snippets.make(&article.body);
            hits.push(Hit { rank: request.offset + i + 1, score, article, snippet });
        }
        Ok(SearchResults { total, hits, warnings: parsed.warnings })
    }
}
