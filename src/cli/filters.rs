//! The filter flags shared by `search`, `entities` (and `export` later): they become a
//! [`SearchRequest`]'s filters and date range.

use crate::Result;
use crate::ingest::language_codes;
use crate::search::dates::DateRange;
use crate::search::{EntityFilters, SearchRequest};

/// Entity and date filters.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only articles involving this person; a short form works ("Xi"). Repeat to require several.
    #[arg(long, value_name = "NAME")]
    person: Vec<String>,
    /// Only articles involving this organisation.
    #[arg(long, value_name = "NAME")]
    org: Vec<String>,
    /// Only articles datelined in or mentioning this place; a country or region matches its cities.
    #[arg(long, value_name = "NAME")]
    place: Vec<String>,
    /// Only articles datelined in this place (or a city of this country or region).
    #[arg(long, value_name = "NAME")]
    dateline: Vec<String>,
    /// Only articles involving this country.
    #[arg(long, value_name = "NAME")]
    country: Vec<String>,
    /// Only articles in this language: a code (fr, fra, fre) or an English name (French); `no`
    /// takes in `nb` and `nn`. Repeat for any of several.
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
    lang: Vec<Language>,
    /// Published on or after the start of: 2025, 2025-10, 2025-10-30, "Oct 2025", "last week", "since 2020".
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Published on or before the end of (the whole period counts); same forms as --from.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
}

impl FilterArgs {
    /// A request with these filters and `query`, other fields at their defaults.
    pub fn request(&self, query: String) -> Result<SearchRequest> {
        Ok(SearchRequest {
            query,
            filters: EntityFilters {
                people: self.person.clone(),
                organizations: self.org.clone(),
                places: self.place.clone(),
                datelines: self.dateline.clone(),
                countries: self.country.clone(),
                languages: stored_codes(&self.lang),
            },
            dates: DateRange::parse(self.from.as_deref(), self.to.as_deref())?,
            ..SearchRequest::default()
        })
    }
}

/// The codes a `--lang` value stands for, checked as clap parses it so that an unknown
/// language is a usage error (exit code 2) like any other wrong flag value.
#[derive(Debug, Clone)]
struct Language(Vec<String>);

fn parse_language(value: &str) -> std::result::Result<Language, String> {
    language_codes(value)
        .map(Language)
        .ok_or_else(|| "not a language: use a code (fr, fra, fre) or an English name (French)".to_string())
}

/// The stored codes of the languages asked for, each once, in the order given.
fn stored_codes(languages: &[Language]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for code in languages.iter().flat_map(|l| &l.0) {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    codes
}
