//! `dateline search [QUERY]...`

use std::io::Write;

use clap::ValueEnum;

use super::filters::FilterArgs;
use super::{EXIT_OK, IndexLocation, Verbosity, results_out, warn};
use crate::index::ArchiveIndex;
use crate::output::{human, jsonl};
use crate::search::{ArchiveSearch, Counting, Interval, SearchRequest, SortOrder};

const QUERY_HELP: &str = "\
Query syntax:
  Xi tariffs Busan        every word required, stemmed (tariff finds tariffs)
  \"interest rates\"        exact phrase, word for word
  tariffs OR duties       either word
  tariffs -steel          exclude a word
  title:summit            a word in the headline (fields: title body person org place located country author)
  person:xi               an actor by any part of the name
  date:2025-10            a period: 2025, 2025-10-30, \"Oct 2025\", \"last week\", \"since 2020\"

Examples:
  dateline search Xi tariffs Busan
  dateline search tariffs --person Xi --place \"South Korea\" --from 2025-10 --to 2025-10
  dateline search --org \"Bank of Japan\" --sort date --limit 20 --json
  dateline search tariffs --facets --timeline month
  dateline search --person Xi --from \"last year\" --limit 0 --json > xi.jsonl
  dateline search tariffs --json --summary | tail -1     # {\"type\":\"summary\",\"total\":...}";

/// Flags of `dateline search`.
#[derive(Debug, clap::Args)]
#[command(after_help = QUERY_HELP)]
pub struct SearchArgs {
    /// Words, "phrases", OR, -exclusions, field:value. Empty: every article (newest first).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    location: IndexLocation,
    #[command(flatten)]
    filters: FilterArgs,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,
    /// Hits to show (0: all).
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    limit: usize,
    /// Hits to skip (for the next page).
    #[arg(long, default_value_t = 0, value_name = "N")]
    offset: usize,
    /// Count the top people, organisations, places and countries over all matches (N per kind).
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "10")]
    facets: Option<usize>,
    /// Count matches per period and draw a bar chart.
    #[arg(long, value_enum, value_name = "INTERVAL")]
    timeline: Option<TimelineInterval>,
    /// Show every copy of a wire story instead of one per group of copies.
    #[arg(long)]
    all_copies: bool,
    /// Print JSON Lines: one hit object per line, then facets/timeline if asked.
    #[arg(long)]
    json: bool,
    /// With --json, end with a summary line: matches in all, hits returned.
    #[arg(long, requires = "json")]
    summary: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TimelineInterval {
    Day,
    Week,
    Month,
    Year,
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
    let base = args.filters.request(args.query.join(" "))?;
    let request = SearchRequest {
        sort: match args.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Date => SortOrder::Newest,
            Sort::Oldest => SortOrder::Oldest,
        },
        limit: args.limit,
        offset: args.offset,
        all_copies: args.all_copies,
        counting: Counting {
            facets: args.facets.unwrap_or(0),
            timeline: args.timeline.map(|t| match t {
                TimelineInterval::Day => Interval::Day,
                TimelineInterval::Week => Interval::Week,
                TimelineInterval::Month => Interval::Month,
                TimelineInterval::Year => Interval::Year,
            }),
        },
        ..base
    };
    let archive = ArchiveIndex::open(&args.location.path())?;
    let json = args.json;
    let mut out = results_out(json);
    let search = ArchiveSearch::new(archive)?;
    let summary = search.search_each(&request, &mut |hit| {
        if json {
            jsonl::write_hit(&mut out, &hit)?
        } else {
            human::write_hit(&mut out, &hit)?
        }
        Ok(())
    })?;
    for warning in &summary.warnings {
        warn(verbosity, warning);
    }
    if json {
        jsonl::write_counts(&mut out, &summary)?;
        if args.summary {
            jsonl::write_summary(&mut out, &summary)?;
        }
    } else {
        human::write_summary(&mut out, &summary, request.offset)?;
    }
    out.flush()?;
    // The process ends here: unmapping the index's files and freeing its readers one by one
    // would cost more than the search itself; the kernel drops them at exit in one go.
    std::mem::forget(search);
    Ok(EXIT_OK)
}
