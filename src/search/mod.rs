//! Answering a [`SearchRequest`]: the user's query (BM25, all words required, stemmed English,
//! exact phrases, entities named in it) combined with entity and date filters that select
//! without changing the ranking; then hits with highlighted snippets, copies of one wire story
//! collapsed into one hit, and counts over every match (facets, timeline).

pub mod aggregate;
pub mod copies;
pub mod dates;
pub mod exclusion;
pub mod filter;
pub mod phrase;
pub mod query;
pub mod related;
pub mod request;
pub mod results;
pub mod snippet;
pub mod union;

pub use aggregate::{Counting, FacetKind, Facets, Interval, Timeline};
pub use request::{EntityFilters, SearchRequest, SortOrder};
pub use results::{Hit, SearchResults, SearchSummary};

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, IndexReader, Order, Score, Searcher, TantivyDocument};

use std::sync::{Arc, Mutex};

use crate::Result;
use crate::index::ArchiveIndex;
use crate::index::aliases::ArchiveAliases;
use crate::index::document::{StoredArticle, from_document};
use crate::index::minhash::{BAND_BUCKET_BITS, BANDS};
use crate::model::EntityKind;
use copies::{CopyFinder, Fold, MatchSet, Matches};
use query::Present;

/// A searcher over one index, reusable across requests.
pub struct ArchiveSearch {
    archive: ArchiveIndex,
    reader: IndexReader,
    /// The languages with articles, read once per commit seen (the searcher's generation).
    present: Mutex<Option<(u64, Arc<Present>)>>,
    /// The archive's table of names that stand for another, read once per commit seen.
    aliases: Mutex<Option<(u64, Arc<ArchiveAliases>)>>,
}

/// A query with its filters, ready to run.
pub struct Prepared {
    /// The user's query alone (snippets are made from it).
    pub user: Box<dyn Query>,
    /// The user's query and the filters.
    pub full: Box<dyn Query>,
    /// What could not be understood.
    pub warnings: Vec<String>,
    /// True when there was no query text.
    pub is_match_all: bool,
    /// The quoted phrases searched in the body, for the snippets.
    pub phrases: Vec<phrase::Phrase>,
    /// The documents the phrases read to check them.
    pub verified: Arc<phrase::VerifiedDocs>,
}

/// From this many hits to show, the documents a phrase search reads are kept for showing
/// them, up to [`KEPT_TEXT`] bytes of text: a page this long reads as many documents again.
const KEPT_FROM_HITS: usize = 100;
/// The most stored text kept for one search (about 10,000 wire stories).
const KEPT_TEXT: usize = 32 << 20;

impl ArchiveSearch {
    /// Opens a reader on the index's last commit.
    pub fn new(archive: ArchiveIndex) -> Result<Self> {
        let reader = archive.reader()?;
        Ok(ArchiveSearch { archive, reader, present: Mutex::new(None), aliases: Mutex::new(None) })
    }

    /// The index searched.
    pub fn archive(&self) -> &ArchiveIndex {
        &self.archive
    }

    /// A point-in-time view of the index.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Sees the index's latest commit.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The languages that have articles in `searcher`'s view of the index.
    fn present(&self, searcher: &Searcher) -> Arc<Present> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.present.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*cached {
            Some((seen, present)) if *seen == generation => present.clone(),
            _ => {
                let present = Arc::new(Present::of(&self.archive, searcher));
                *cached = Some((generation, present.clone()));
                present
            }
        }
    }

    /// The names that stand for another across `searcher`'s view of the archive (a surname for
    /// a full name, a spelling for the one most stories use: `index/aliases.rs`).
    pub fn aliases(&self, searcher: &Searcher) -> Arc<ArchiveAliases> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.aliases.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*cached {
            Some((seen, aliases)) if *seen == generation => aliases.clone(),
            _ => {
                let aliases = Arc::new(ArchiveAliases::load(&self.archive.path, searcher));
                *cached = Some((generation, aliases.clone()));
                aliases
            }
        }
    }

    /// A stored article as shown: its people and organisations named as across the archive
    /// ("Reagan" as "Ronald Reagan" when the archive knows him by that name).
    pub fn article(&self, searcher: &Searcher, doc: &TantivyDocument) -> StoredArticle {
        let mut article = from_document(&self.archive.fields, doc);
        if !article.people.is_empty() || !article.organizations.is_empty() {
            let aliases = self.aliases(searcher);
            article.people = aliases.canonical_list(EntityKind::Person, std::mem::take(&mut article.people));
            article.organizations =
                aliases.canonical_list(EntityKind::Organization, std::mem::take(&mut article.organizations));
        }
        article
    }

    /// Parses the query and builds the filters.
    pub fn prepare(&self, searcher: &Searcher, request: &SearchRequest) -> Result<Prepared> {
        let present = self.present(searcher);
        let parsed =
            query::parse(&self.archive, searcher, &request.query, &request.filters.languages, &present);
        let user = union::small_unions(exclusion::guard_exclusions(parsed.query));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user.box_clone())];
        let aliases = if request.filters.people.is_empty() && request.filters.organizations.is_empty() {
            Arc::default()
        } else {
            self.aliases(searcher)
        };
        clauses.extend(filter::clauses(&self.archive, searcher, &aliases, request)?);
        let full: Box<dyn Query> =
            if clauses.len() == 1 { user.box_clone() } else { Box::new(BooleanQuery::new(clauses)) };
        Ok(Prepared {
            user,
            full,
            warnings: parsed.warnings,
            is_match_all: parsed.is_match_all,
            phrases: parsed.phrases,
            verified: parsed.verified,
        })
    }

    /// Runs one request and collects its hits.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut hits = Vec::new();
        let summary = self.search_each(request, &mut |hit| {
            hits.push(hit);
            Ok(())
        })?;
        Ok(SearchResults { hits, summary })
    }

    /// Runs one request, handing each hit to `sink` as soon as it is ready (so `--limit 0`
    /// streams every match), then returns the counts.
    pub fn search_each(
        &self,
        request: &SearchRequest,
        sink: &mut dyn FnMut(Hit) -> Result<()>,
    ) -> Result<SearchSummary> {
        let searcher = self.reader.searcher();
        let fields = &self.archive.fields;
        let prepared = self.prepare(&searcher, request)?;
        let full = &*prepared.full;
        let sort = match (request.sort, prepared.is_match_all) {
            (SortOrder::Relevance, true) => SortOrder::Newest,
            (sort, _) => sort,
        };
        // A page of known size is counted and ranked in one pass over the matches, with a
        // window large enough for copy folding; an export (`--limit 0`) counts first.
        let page_end = request.offset.saturating_add(request.limit);
        if request.limit == 0 || page_end >= KEPT_FROM_HITS {
            prepared.verified.keep(KEPT_TEXT);
        }
        let (matches, mut first) = if request.limit == 0 {
            (searcher.search(full, &Matches)?, None)
        } else {
            let window = if request.all_copies { page_end } else { folding_window(page_end) };
            let (matches, ranked) = matches_and_top(&searcher, full, sort, window)?;
            (matches, Some(ranked))
        };
        let total = matches.len();
        let aliases = if request.counting.facets > 0 { self.aliases(&searcher) } else { Arc::default() };
        let (facets, timeline) =
            aggregate::count(&self.archive, &searcher, &aliases, full, &matches, request.counting)?;
        let summary = |returned| SearchSummary {
            total,
            returned,
            warnings: prepared.warnings.clone(),
            facets: facets.clone(),
            timeline: timeline.clone(),
        };
        let want = if request.limit == 0 { total } else { page_end.min(total) };
        if want <= request.offset {
            return Ok(summary(0));
        }

        let finder = CopyFinder::new(&self.archive, &searcher)?;
        // Copies are folded only when they could push other stories off a page: pages as large
        // as every match (an export, `--limit 0`) list every copy. The choice depends on the page
        // size alone, so every page of one listing folds the same way.
        let collapse = !request.all_copies && request.limit != 0 && request.limit < total;
        // The same text is always one story; near copies are folded when the stories would not
        // fit on the page otherwise (see `CopyFinder::fold_for`).
        let fold = if collapse { finder.fold_for(&matches, request.limit) } else { Fold::Same };
        let mut window = if collapse { folding_window(want).min(total) } else { want };
        let (ranked, shown) = loop {
            // The first window ranked with the count is never smaller than this one, and the
            // best `n` of a ranking are the first `n` of any longer one.
            let ranked = match first.take() {
                Some(mut ranked) if ranked.len() >= window || ranked.len() == total => {
                    ranked.truncate(window);
                    ranked
                }
                _ => top(&searcher, full, sort, window)?,
            };
            let addresses: Vec<DocAddress> = ranked.iter().map(|(_, a)| *a).collect();
            let shown: Vec<usize> =
                if collapse { finder.collapse(&addresses, fold) } else { (0..ranked.len()).collect() };
            if shown.len() >= want || window >= total {
                break (ranked, shown);
            }
            window = window.saturating_mul(2).min(total);
        };

        let snippets = snippet::Snippets::new(&searcher, &*prepared.user, fields, &prepared.phrases)?;
        let page: Vec<(usize, Score, DocAddress)> = shown
            .iter()
            .enumerate()
            .skip(request.offset)
            .take(want - request.offset)
            .map(|(rank, &i)| (rank, ranked[i].0, ranked[i].1))
            .collect();
        let mut returned = 0;
        // Copies are looked up for a batch of hits at a time (one search per batch, not per hit),
        // small enough that an export still streams. A band term holds about one article in
        // 4,096 of its segment (see `minhash.rs`), each checked by reading one band of it; a
        // page whose hits would check several times more candidates than there are matches
        // files every match under its bands once instead (a signature read and eight entries
        // each, about what checking four candidates costs).
        let per_term = (searcher.num_docs() >> BAND_BUCKET_BITS) as usize + 1;
        let candidates = page.len().saturating_mul(BANDS).saturating_mul(per_term);
        if candidates >= matches.len().saturating_mul(4) {
            finder.index_matches(&matches);
        }
        for batch in page.chunks(COPY_BATCH) {
            let addresses: Vec<DocAddress> = batch.iter().map(|&(_, _, address)| address).collect();
            let copies = finder.copies_of_each(&matches, &addresses)?;
            for (&(rank, score, address), copies) in batch.iter().zip(copies) {
                let doc: TantivyDocument = match prepared.verified.take(&searcher, address) {
                    Some(doc) => doc,
                    None => searcher.doc(address)?,
                };
                let article = self.article(&searcher, &doc);
                let snippet = snippets.make(&article.body, article.lang.as_deref());
                sink(Hit {
                    rank: rank + 1,
                    score,
                    article,
                    snippet,
                    similar: copies.similar,
                    cluster: copies.cluster,
                })?;
                returned += 1;
            }
        }
        Ok(summary(returned))
    }
}

impl ArchiveSearch {
    /// Hands the address of every article the request selects to `sink`, without loading it.
    /// Without query text or filters, the segments are walked directly (memory stays flat);
    /// otherwise matches come in the request's order (relevance without text: oldest first).
    pub fn addresses_each(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        sink: &mut dyn FnMut(DocAddress) -> Result<()>,
    ) -> Result<usize> {
        let prepared = self.prepare(searcher, request)?;
        let unfiltered = prepared.is_match_all
            && request.dates.is_unbounded()
            && request.modified_since.is_none()
            && [&request.filters.people, &request.filters.organizations, &request.filters.places]
                .iter()
                .chain(
                    [&request.filters.datelines, &request.filters.countries, &request.filters.languages]
                        .iter(),
                )
                .all(|list| list.is_empty());
        let mut count = 0;
        if unfiltered {
            for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
                for doc in segment.doc_ids_alive() {
                    sink(DocAddress::new(ordinal as u32, doc))?;
                    count += 1;
                }
            }
            return Ok(count);
        }
        let full = &*prepared.full;
        let total = searcher.search(full, &Count)?;
        let sort = if prepared.is_match_all && request.sort == SortOrder::Relevance {
            SortOrder::Oldest
        } else {
            request.sort
        };
        for (_, address) in top(searcher, full, sort, total)? {
            sink(address)?;
            count += 1;
        }
        Ok(count)
    }
}

/// Hits whose copies are looked up together.
const COPY_BATCH: usize = 64;

/// How many ranked matches to read to fill `n` hits when copies are folded. A wire story is
/// often carried by ten papers or more: a window too small for its copies ranks the matches a
/// second time (on the x10 bench corpus, a page of 10 from 60 ranked hits held 6 stories).
fn folding_window(n: usize) -> usize {
    n.saturating_mul(10).saturating_add(30)
}

/// The matches and the best `n` of them in the requested order, in one pass.
fn matches_and_top(
    searcher: &Searcher,
    query: &dyn Query,
    sort: SortOrder,
    n: usize,
) -> Result<(MatchSet, Vec<(Score, DocAddress)>)> {
    let top = TopDocs::with_limit(n.max(1));
    Ok(match sort {
        SortOrder::Relevance => searcher.search(query, &(Matches, top.order_by_score()))?,
        SortOrder::Newest | SortOrder::Oldest => {
            let (matches, docs) = searcher.search(query, &(Matches, top.order_by(by_date(sort))))?;
            (matches, docs.into_iter().map(|((_, score), address)| (score, address)).collect())
        }
    })
}

type DateThenScore = ((SortByStaticFastValue<tantivy::DateTime>, Order), (SortBySimilarityScore, Order));

/// Newest or oldest first, then the best match.
fn by_date(sort: SortOrder) -> DateThenScore {
    let order = if sort == SortOrder::Newest { Order::Desc } else { Order::Asc };
    (
        (SortByStaticFastValue::<tantivy::DateTime>::for_field("date"), order),
        (SortBySimilarityScore, Order::Desc),
    )
}

/// The best `n` matches in the requested order.
fn top(
    searcher: &Searcher,
    query: &dyn Query,
    sort: SortOrder,
    n: usize,
) -> Result<Vec<(Score, DocAddress)>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let top = TopDocs::with_limit(n);
    Ok(match sort {
        SortOrder::Relevance => searcher.search(query, &top.order_by_score())?,
        SortOrder::Newest | SortOrder::Oldest => searcher
            .search(query, &top.order_by(by_date(sort)))?
            .into_iter()
            .map(|((_, score), address)| (score, address))
            .collect(),
    })
}
