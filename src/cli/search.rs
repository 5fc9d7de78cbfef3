//! `dateline search [QUERY]...`

use std::io::Write;

use clap::ValueEnum;

use super::{EXIT_OK, IndexLocation, Verbosity, warn};
use crate::index::ArchiveIndex;
use crate::output::{human, jsonl};
use crate::search::dates::DateRange;
use crate::search::{ArchiveSearch, EntityFilters, SearchRequest, SortOrder};

const QUERY_HELP: &str = "\
Query syntax:
  Xi tariffs Busan        every word required, stemmed (tariff finds tariffs)
  \"interest rates\"        exact phrase, word for word
  tariffs OR duties       either word
  tariffs -steel          exclude a word
  title:summit            a word in the headline (fields: title body person org place located country author)
  person:xi               an actor by any part of the name

Examples:
  dateline search Xi tariffs Busan
  dateline search tariffs --person Xi --place \"South Korea\" --from 2025-10 --to 2025-10
  dateline search --org \"Bank of Japan\" --sort date --limit 20 --json";

/// Flags of `dateline search`.
#[derive(Debug, clap::Args)]
#[command(after_help = QUERY_HELP)]
pub struct SearchArgs {
    /// Words, "phrases", OR, -exclusions, field:value. Empty: every article (newest first).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    location: IndexLocation,
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
    /// Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Published on or before (the whole period counts): YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,
    /// Hits to show (0: all).
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    limit: usize,
    /// Hits to skip (for the next page).
    #[arg(long, default_value_t = 0, value_name = "N")]
    offset: usize,
    /// Print JSON Lines: one hit object per line, then a summary.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Sort {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first.
    Oldest,
}

pub(super) fn run(args: SearchArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    let dates = DateRange::parse(args.from.as_deref(), args.to.as_deref())?;
    let request = SearchRequest {
        query: args.query.join(" "),
        filters: EntityFilters {
            people: args.person,
            organizations: args.org,
            places: args.place,
            datelines: args.dateline,
            countries: args.country,
        },
        dates,
        sort: match args.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Date => SortOrder::Newest,
            Sort::Oldest => SortOrder::Oldest,
        },
        limit: args.limit,
        offset: args.offset,
    };
    let archive = ArchiveIndex::open(&args.location.path())?;
    let results = ArchiveSearch::new(archive)?.search(&request)?;
    for warning in &results.warnings {
        warn(verbosity, warning);
    }
    let mut out = anstream::stdout().lock();
    if args.json {
        jsonl::write_search(&mut out, &results)?;
    } else {
        human::write_search(&mut out, &results)?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
