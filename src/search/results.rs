//! What a search returns.

use tantivy::Score;

use super::aggregate::{Facets, Timeline};
use super::snippet::Snippet;
use crate::index::document::StoredArticle;

/// One ranked article.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based position in the full result list (offset included).
    pub rank: usize,
    /// BM25 score (filters add nothing).
    pub score: Score,
    /// The stored article.
    pub article: StoredArticle,
    /// The best matching passage.
    pub snippet: Snippet,
    /// Other matching articles that are copies of this one.
    pub similar: usize,
    /// The id of its group of copies (the smallest path in it), when it has copies.
    pub cluster: Option<String>,
}

/// Everything about a search but the hits.
#[derive(Debug, Clone, Default)]
pub struct SearchSummary {
    /// Articles matching the query and filters (copies included).
    pub total: usize,
    /// Hits returned on this page.
    pub returned: usize,
    /// What could not be understood in the query.
    pub warnings: Vec<String>,
    /// Top entities over all matches, when asked for.
    pub facets: Option<Facets>,
    /// Matches per period, when asked for.
    pub timeline: Option<Timeline>,
}

/// The hits of one request and its summary.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// The page asked for.
    pub hits: Vec<Hit>,
    /// Counts and warnings.
    pub summary: SearchSummary,
}
