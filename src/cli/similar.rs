//! `dateline similar PATH`: the articles most like a given one.

use std::io::Write;

use super::{EXIT_OK, IndexLocation, Verbosity, results_out};
use crate::index::ArchiveIndex;
use crate::output::{human, jsonl};
use crate::search::{ArchiveSearch, SearchSummary};

/// Flags of `dateline similar`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  dateline similar sample_corpus/wire/2025/10/30/trump-xi-meet-in-busan.txt
  dateline similar 'reuters/reut2-000.sgm#5' --limit 5 --json

A hit that is a copy of the same wire story shows \"+1 similar\" (JSON: \"similar\": 1).")]
pub struct SimilarArgs {
    /// The article, as search results show its path.
    #[arg(value_name = "PATH")]
    path: String,
    #[command(flatten)]
    location: IndexLocation,
    /// Articles to list.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    limit: usize,
    /// Print JSON Lines: one hit object per line.
    #[arg(long)]
    json: bool,
    /// With --json, end with a summary line: articles listed.
    #[arg(long, requires = "json")]
    summary: bool,
}

pub(super) fn run(args: SimilarArgs, _verbosity: Verbosity) -> anyhow::Result<u8> {
    let search = ArchiveSearch::new(ArchiveIndex::open(&args.location.path())?)?;
    let hits = search.similar(args.path.trim_start_matches("./"), args.limit)?;
    let mut out = results_out(args.json);
    for hit in &hits {
        if args.json { jsonl::write_hit(&mut out, hit)? } else { human::write_hit(&mut out, hit)? }
    }
    let summary = SearchSummary { total: hits.len(), returned: hits.len(), ..SearchSummary::default() };
    if args.json {
        if args.summary {
            jsonl::write_summary(&mut out, &summary)?
        }
    } else {
        human::write_summary(&mut out, &summary, 0)?
    }
    out.flush()?;
    Ok(EXIT_OK)
}
