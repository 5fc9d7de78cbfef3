//! What a search returns.

use tantivy::Score;

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
}

/// The hits of one request and how many articles matched in all.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Articles matching the query and filters.
    pub total: usize,
    /// The page asked for.
    pub hits: Vec<Hit>,
    /// What could not be understood in the query.
    pub warnings: Vec<String>,
}
