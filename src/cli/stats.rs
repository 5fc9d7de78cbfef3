//! `dateline stats`: what the index holds.

use std::io::Write;

use super::{EXIT_OK, IndexLocation};
use crate::index::ArchiveIndex;
use crate::index::stats::stats;

/// Flags of `dateline stats`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  dateline stats\n  dateline stats --index /data/idx --json")]
pub struct StatsArgs {
    #[command(flatten)]
    location: IndexLocation,
    /// Print one JSON object: {"type":"stats","articles":N,...}.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(args: StatsArgs) -> anyhow::Result<u8> {
    let archive = ArchiveIndex::open(&args.location.path())?;
    let s = stats(&archive)?;
    let mut out = anstream::stdout().lock();
    if args.json {
        let mut value = serde_json::Map::new();
        value.insert("type".into(), "stats".into());
        if let serde_json::Value::Object(fields) = serde_json::to_value(&s)? {
            value.extend(fields);
        }
        writeln!(out, "{}", serde_json::Value::Object(value))?;
    } else {
        let join = |m: &std::collections::BTreeMap<String, u64>| {
            m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
        };
        writeln!(out, "index        {}", s.path)?;
        writeln!(out, "articles     {} from {} files", s.articles, s.files)?;
        writeln!(out, "file types   {}", join(&s.formats))?;
        writeln!(out, "languages    {}", join(&s.languages))?;
        writeln!(out, "last commit  {}", s.last_commit.as_deref().unwrap_or("unknown"))?;
        let unit = if s.segments == 1 { "segment" } else { "segments" };
        writeln!(out, "size         {:.1} MB in {} {unit}", s.index_bytes as f64 / 1e6, s.segments)?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
