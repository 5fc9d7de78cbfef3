//! Query strings -> plain requests. Parameters mirror the CLI's flags (`person`, `org`, `place`,
//! `dateline`, `country` repeatable; `from`, `to`, `sort`, `limit`, `offset`), unknown ones are
//! refused so a typo never silently widens a search, and every [`Limits`] bound is checked here.

use super::Limits;
use super::errors::{ApiError, ErrorCode};
use crate::search::dates::DateRange;
use crate::search::{Counting, EntityFilters, FacetKind, Interval, SearchRequest, SortOrder};

/// Hits per page when `limit` is not given (as in the CLI).
const DEFAULT_LIMIT: usize = 10;
/// Entities listed by `/api/entities` when `limit` is not given.
const DEFAULT_ENTITY_LIMIT: usize = 20;

/// A parsed `/api/search` request.
#[derive(Debug, Clone)]
pub struct SearchParams {
    /// The search itself. `limit` is never 0 here (0 would mean "all" to the library).
    pub request: SearchRequest,
    /// `limit=0`: only the total (and facets, timeline) are wanted.
    pub count_only: bool,
    /// Entity lists to return (all four are counted when any is asked for).
    pub facets: Vec<FacetKind>,
    /// Notes for the client (a capped limit).
    pub warnings: Vec<String>,
}

/// A parsed `/api/entities` request.
#[derive(Debug, Clone, Copy)]
pub struct EntityParams {
    /// Which entities.
    pub kind: FacetKind,
    /// How many, most frequent first.
    pub limit: usize,
}

fn pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn number(name: &str, value: &str) -> Result<usize, ApiError> {
    value
        .trim()
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{name}` must be a whole number, not `{value}`")))
}

fn flag(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "" | "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(ApiError::bad_request(format!("`{name}` must be true or false, not `{value}`"))),
    }
}

fn once(seen: &mut Option<String>, name: &str, value: String) -> Result<(), ApiError> {
    if seen.replace(value).is_some() {
        return Err(ApiError::bad_request(format!("`{name}` is given twice")));
    }
    Ok(())
}

/// Parses the query string of `/api/search`.
pub fn search(raw: &str, limits: &Limits) -> Result<SearchParams, ApiError> {
    let mut q: Option<String> = None;
    let (mut from, mut to, mut sort, mut limit, mut offset) = (None, None, None, None, None);
    let mut filters = EntityFilters::default();
    let mut facets: Vec<FacetKind> = Vec::new();
    let mut timeline = None;
    for (name, value) in pairs(raw) {
        match name.as_str() {
            "q" => once(&mut q, "q", value)?,
            "person" => filters.people.push(value),
            "org" => filters.organizations.push(value),
            "place" => filters.places.push(value),
            "dateline" => filters.datelines.push(value),
            "country" => filters.countries.push(value),
            "from" => once(&mut from, "from", value)?,
            "to" => once(&mut to, "to", value)?,
            "sort" => once(&mut sort, "sort", value)?,
            "limit" => once(&mut limit, "limit", value)?,
            "offset" => once(&mut offset, "offset", value)?,
            "facets" => facets.extend(facet_list(&value)?),
            "timeline" => timeline = interval(&value)?,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter `{other}`: use q, person, org, place, dateline, country, from, to, \
                     sort, limit, offset, facets, timeline"
                )));
            }
        }
    }
    let query = q.unwrap_or_default();
    let chars = query.chars().count();
    if chars > limits.max_query_chars {
        return Err(ApiError::new(
            ErrorCode::TooLong,
            format!("the query has {chars} characters; at most {} are accepted", limits.max_query_chars),
        ));
    }
    let filter_count = filters.people.len()
        + filters.organizations.len()
        + filters.places.len()
        + filters.datelines.len()
        + filters.countries.len();
    if filter_count > limits.max_filters {
        return Err(ApiError::new(
            ErrorCode::TooLong,
            format!("{filter_count} filters given; at most {} are accepted", limits.max_filters),
        ));
    }
    let dates = DateRange::parse(from.as_deref(), to.as_deref())
        .map_err(|e| ApiError::new(ErrorCode::InvalidDate, e.to_string().replace("--", "")))?;
    let sort = match sort.as_deref() {
        None | Some("relevance") => SortOrder::Relevance,
        Some("date") => SortOrder::Newest,
        Some("oldest") => SortOrder::Oldest,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "`sort` must be relevance, date or oldest, not `{other}`"
            )));
        }
    };
    let mut warnings = Vec::new();
    let mut limit = limit.as_deref().map(|v| number("limit", v)).transpose()?.unwrap_or(DEFAULT_LIMIT);
    if limit > limits.max_limit {
        warnings.push(format!("limit capped to {}", limits.max_limit));
        limit = limits.max_limit;
    }
    let offset = offset.as_deref().map(|v| number("offset", v)).transpose()?.unwrap_or(0);
    if offset > limits.max_offset {
        return Err(ApiError::bad_request(format!(
            "`offset` is at most {}; narrow the search with filters instead",
            limits.max_offset
        )));
    }
    facets.dedup();
    let counting = Counting { facets: if facets.is_empty() { 0 } else { limits.facet_size }, timeline };
    let request = SearchRequest {
        query,
        filters,
        dates,
        sort,
        limit: limit.max(1),
        offset,
        all_copies: false,
        modified_since: None,
        counting,
    };
    Ok(SearchParams { request, count_only: limit == 0, facets, warnings })
}

/// Reads a kind by its singular or plural name (`person`, `people`).
pub fn kind(name: &str) -> Option<FacetKind> {
    FacetKind::ALL.into_iter().find(|k| k.name() == name || k.plural() == name)
}

fn interval(value: &str) -> Result<Option<Interval>, ApiError> {
    Ok(match value {
        "day" => Some(Interval::Day),
        "week" => Some(Interval::Week),
        "month" => Some(Interval::Month),
        "year" => Some(Interval::Year),
        other => flag("timeline", other)?.then_some(Interval::Month),
    })
}

fn facet_list(value: &str) -> Result<Vec<FacetKind>, ApiError> {
    if value == "all" || (value != "0" && value != "false" && flag("facets", value).is_ok()) {
        return Ok(FacetKind::ALL.to_vec());
    }
    if value == "false" || value == "0" {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(|name| {
            kind(name.trim()).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "unknown facet `{name}`: use people, organizations, places, countries or all"
                ))
            })
        })
        .collect()
}

/// Parses the query string of `/api/entities`.
pub fn entities(raw: &str, limits: &Limits) -> Result<EntityParams, ApiError> {
    let (mut kind, mut limit) = (None, None);
    for (name, value) in pairs(raw) {
        match name.as_str() {
            "kind" => once(&mut kind, "kind", value)?,
            "limit" => once(&mut limit, "limit", value)?,
            other => {
                return Err(ApiError::bad_request(format!("unknown parameter `{other}`: use kind, limit")));
            }
        }
    }
    let kind = kind
        .ok_or_else(|| ApiError::bad_request("`kind` is required: person, organization, place or country"))?;
    let kind = self::kind(&kind).ok_or_else(|| {
        ApiError::bad_request(format!("`kind` must be person, organization, place or country, not `{kind}`"))
    })?;
    let limit = limit.as_deref().map(|v| number("limit", v)).transpose()?.unwrap_or(DEFAULT_ENTITY_LIMIT);
    Ok(EntityParams { kind, limit: limit.clamp(1, limits.max_limit) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(result: Result<SearchParams, ApiError>) -> &'static str {
        result.err().map_or("ok", |e| e.code.name())
    }

    #[test]
    fn filters_repeat_and_map_to_the_request() {
        let p = search("q=tariffs&person=Xi&person=Trump&dateline=South+Korea&sort=date", &Limits::default())
            .unwrap();
        assert_eq!(p.request.query, "tariffs");
        assert_eq!(p.request.filters.people, ["Xi", "Trump"]);
        assert_eq!(p.request.filters.datelines, ["South Korea"]);
        assert_eq!(p.request.sort, SortOrder::Newest);
        assert_eq!(p.request.limit, 10);
    }

    #[test]
    fn bounds_and_bad_values_get_their_codes() {
        let limits = Limits::default();
        assert_eq!(code(search("from=2025-13", &limits)), "invalid_date");
        assert_eq!(code(search("from=2026&to=2025", &limits)), "invalid_date");
        assert_eq!(code(search(&format!("q={}", "a".repeat(1001)), &limits)), "too_long");
        assert_eq!(code(search("limit=ten", &limits)), "bad_request");
        assert_eq!(code(search("sort=best", &limits)), "bad_request");
        assert_eq!(code(search("qq=x", &limits)), "bad_request");
        assert_eq!(code(search("offset=99999999999", &limits)), "bad_request");
        let capped = search("limit=5000", &limits).unwrap();
        assert_eq!(capped.request.limit, 100);
        assert_eq!(capped.warnings.len(), 1);
        let zero = search("limit=0", &limits).unwrap();
        assert!(zero.count_only);
        assert_eq!(zero.request.limit, 1, "0 would mean every hit to the library");
    }

    #[test]
    fn facets_accept_names_and_all() {
        let limits = Limits::default();
        assert_eq!(search("facets=all", &limits).unwrap().facets.len(), 4);
        assert_eq!(search("facets=true", &limits).unwrap().request.counting.facets, limits.facet_size);
        assert_eq!(search("q=x", &limits).unwrap().request.counting.facets, 0);
        assert_eq!(search("timeline=week", &limits).unwrap().request.counting.timeline, Some(Interval::Week));
        assert_eq!(search("timeline=1", &limits).unwrap().request.counting.timeline, Some(Interval::Month));
        assert_eq!(
            search("facets=people,place", &limits).unwrap().facets,
            [FacetKind::Person, FacetKind::Place]
        );
        assert_eq!(code(search("facets=colours", &limits)), "bad_request");
    }
}
