//! What a search asks for, as plain values (the CLI and, later, HTTP build these).

use super::aggregate::Counting;
use super::dates::DateRange;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best BM25 score first (newest first when there is no query text).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// Entity filters: every value given must match (AND). Names may be short aliases ("Xi").
#[derive(Debug, Clone, Default)]
pub struct EntityFilters {
    /// People.
    pub people: Vec<String>,
    /// Organisations.
    pub organizations: Vec<String>,
    /// Places the article is datelined in or mentions; a country or region matches its cities.
    pub places: Vec<String>,
    /// Places the article is datelined in (or located in by its metadata).
    pub datelines: Vec<String>,
    /// Countries involved (the article's place or any place mentioned).
    pub countries: Vec<String>,
    /// Languages (ISO 639-1 codes); an article in any of them matches.
    pub languages: Vec<String>,
}

/// One search.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query text in dateline's syntax (empty: every article).
    pub query: String,
    /// Entity filters.
    pub filters: EntityFilters,
    /// Publication dates to keep.
    pub dates: DateRange,
    /// Only articles whose file was modified at or after this instant (incremental exports).
    pub modified_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Order of hits.
    pub sort: SortOrder,
    /// Hits to return (0: all).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Show every copy of a wire story instead of one per group of copies.
    pub all_copies: bool,
    /// Facets and timeline to count over all matches.
    pub counting: Counting,
}
