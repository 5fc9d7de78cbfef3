//! `dateline export`: the archive, or a query's results, for Quickwit, OpenSearch or any NDJSON
//! consumer; `--mapping` prints the matching index configuration.

use std::io::Write;

use clap::ValueEnum;

use super::filters::FilterArgs;
use super::{EXIT_OK, IndexLocation, Verbosity};
use crate::export::{self, ExportFormat, mapping};
use crate::index::ArchiveIndex;
use crate::search::ArchiveSearch;

/// Flags of `dateline export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  dateline export --format ndjson > archive.ndjson
  dateline export --mapping quickwit > dateline.json && quickwit index create --index-config dateline.json
  dateline export --format quickwit | quickwit index ingest --index dateline
  dateline export --format opensearch --from 2025-10 > bulk.ndjson   (then POST to /_bulk)
  dateline export --mapping opensearch > body.json                   (then PUT /dateline)
See docs/EXPORT.md for keeping a cluster up to date.")]
pub struct ExportArgs {
    /// Only articles matching this query (same syntax as search); none: every article.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    location: IndexLocation,
    #[command(flatten)]
    filters: FilterArgs,
    /// Shape of the lines.
    #[arg(long, value_enum, default_value_t = Format::Ndjson)]
    format: Format,
    /// Print the index configuration for this engine instead of documents.
    #[arg(long, value_enum, value_name = "ENGINE")]
    mapping: Option<Engine>,
    /// Only articles whose file changed since this date (any --from form): incremental exports.
    #[arg(long, value_name = "DATE")]
    modified_since: Option<String>,
    /// The target index's name (in `_bulk` actions and the Quickwit config).
    #[arg(long, default_value = "dateline", value_name = "NAME")]
    index_name: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Every field on every line, null when unknown.
    Ndjson,
    /// Documents for Quickwit's ingest (unknown fields left out).
    Quickwit,
    /// OpenSearch `_bulk` action and document pairs, with stable ids.
    Opensearch,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Engine {
    Quickwit,
    Opensearch,
}

pub(super) fn run(args: ExportArgs, _verbosity: Verbosity) -> anyhow::Result<u8> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Some(engine) = args.mapping {
        let config = match engine {
            Engine::Quickwit => mapping::quickwit(&args.index_name),
            Engine::Opensearch => mapping::opensearch(),
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&config)?)?;
        out.flush()?;
        return Ok(EXIT_OK);
    }
    let mut request = args.filters.request(args.query.join(" "))?;
    if let Some(since) = &args.modified_since {
        request.modified_since = Some(crate::search::dates::period(since)?.0);
    }
    let search = ArchiveSearch::new(ArchiveIndex::open(&args.location.path())?)?;
    let format = match args.format {
        Format::Ndjson => ExportFormat::Ndjson,
        Format::Quickwit => ExportFormat::Quickwit,
        Format::Opensearch => ExportFormat::OpenSearch,
    };
    export::export(&search, &request, format, &args.index_name, &mut out)?;
    out.flush()?;
    Ok(EXIT_OK)
}
