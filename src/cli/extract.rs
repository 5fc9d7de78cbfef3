//! `dateline extract PATH...`: what the engine understood, without an index.

use std::io::Write;
use std::path::PathBuf;

use super::{EXIT_OK, EXIT_SKIPPED, Verbosity, warn};
use crate::extract::Extractor;
use crate::ingest;
use crate::output::{human, jsonl};

/// Flags of `dateline extract`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  dateline extract story.txt\n  dateline extract ~/news --json | jq .people"
)]
pub struct ExtractArgs {
    /// Files or folders of articles.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print JSON Lines, one article object per line.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(args: ExtractArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    for root in &args.paths {
        if !root.exists() {
            anyhow::bail!("{}: no such file or folder; check the path", root.display());
        }
    }
    let discovery = ingest::discover(&args.paths, &[]);
    let mut skipped = discovery.skipped.len();
    for error in &discovery.skipped {
        warn(verbosity, &format!("skipped {error}"));
    }
    let extractor = Extractor::global();
    let mut out = super::results_out(args.json);
    for file in &discovery.files {
        let articles = match ingest::read_articles(file) {
            Ok(parsed) => {
                skipped += parsed.skipped.len();
                for error in &parsed.skipped {
                    warn(verbosity, &format!("skipped {error}"));
                }
                parsed.articles
            }
            Err(error) => {
                skipped += 1;
                warn(verbosity, &format!("skipped {error}"));
                continue;
            }
        };
        for mut article in articles {
            extractor.enrich(&mut article);
            if args.json {
                jsonl::write_article(&mut out, &article)?;
            } else {
                human::write_article(&mut out, &article)?;
            }
        }
    }
    out.flush()?;
    Ok(if skipped == 0 { EXIT_OK } else { EXIT_SKIPPED })
}
