//! `dateline entities [QUERY]...`: the most frequent people, organisations, places and countries
//! in the archive or in a query's results, or those that appear with a given entity.

use std::io::Write;

use clap::ValueEnum;

use super::filters::FilterArgs;
use super::{EXIT_OK, IndexLocation, Verbosity, results_out, warn};
use crate::index::ArchiveIndex;
use crate::output::{human, jsonl};
use crate::search::{ArchiveSearch, FacetKind};

/// Flags of `dateline entities`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  dateline entities                              the most frequent entities of each kind
  dateline entities tariffs --kind person        who is in the articles about tariffs
  dateline entities --with \"Xi Jinping\"          who and what appears with Xi Jinping
  dateline entities --kind country --from 2025 --json")]
pub struct EntitiesArgs {
    /// Only count entities of articles matching this query (same syntax as search).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    location: IndexLocation,
    #[command(flatten)]
    filters: FilterArgs,
    /// Only this kind of entity.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// List the entities that appear in the same articles as this one (exact canonical name).
    #[arg(long, value_name = "NAME")]
    with: Option<String>,
    /// Entities to list per kind.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    limit: usize,
    /// Print JSON Lines: one entity object per line.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    Person,
    Organization,
    Place,
    Country,
}

pub(super) fn run(args: EntitiesArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    let request = args.filters.request(args.query.join(" "))?;
    let kinds: Vec<FacetKind> = match args.kind {
        None => FacetKind::ALL.to_vec(),
        Some(Kind::Person) => vec![FacetKind::Person],
        Some(Kind::Organization) => vec![FacetKind::Organization],
        Some(Kind::Place) => vec![FacetKind::Place],
        Some(Kind::Country) => vec![FacetKind::Country],
    };
    let search = ArchiveSearch::new(ArchiveIndex::open(&args.location.path())?)?;
    let searcher = search.searcher();
    for warning in search.prepare(&searcher, &request)?.warnings {
        warn(verbosity, &warning);
    }
    let entities = match &args.with {
        Some(name) => search.cooccurring(name, &request, &kinds, args.limit)?,
        None => search.entities(&request, &kinds, args.limit)?,
    };
    let mut out = results_out(args.json);
    for entity in &entities {
        if args.json {
            jsonl::write_entity(&mut out, entity)?
        } else {
            human::write_entity(&mut out, entity)?
        }
    }
    if entities.is_empty() && !args.json {
        writeln!(out, "No entity found.")?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
