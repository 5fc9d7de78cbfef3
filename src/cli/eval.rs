//! `dateline eval [--data DIR]`: scores extraction against the gold in the shared data folder
//! and prints one table (see `EVALUATION.md`).

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{EXIT_OK, Verbosity};
use crate::eval::{self, ErrorList, EvalRequest};
use crate::extract::TaggerPolicy;

/// Flags of `dateline eval`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  dateline eval\n  dateline eval --data ../shared/data --json\n  dateline eval --errors people"
)]
pub struct EvalArgs {
    /// The shared data folder (gum-wikinews/, reuters21578/, newspaper4k-html/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Print the table as one JSON line.
    #[arg(long)]
    json: bool,
    /// Threads for the throughput measure.
    #[arg(long, value_name = "N", default_value_t = 2)]
    threads: usize,
    /// Also print the errors of one measure on stderr, one per line.
    #[arg(long, value_enum, value_name = "MEASURE")]
    errors: Option<ErrorsArg>,
    /// How the learned tagger combines with the rules (off: the rules alone).
    #[arg(long, value_enum, value_name = "POLICY")]
    tagger: Option<PolicyArg>,
    /// A tagger model to use instead of the embedded one (from `dateline train-tagger`).
    #[arg(long, value_name = "FILE", hide = true)]
    tagger_model: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PolicyArg {
    Off,
    Fill,
    Override,
    Combine,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ErrorsArg {
    Gum,
    Dateline,
    People,
    Orgs,
    Countries,
    Pages,
}

pub(super) fn run(args: EvalArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    let errors = args.errors.map(|e| match e {
        ErrorsArg::Gum => ErrorList::Gum,
        ErrorsArg::Dateline => ErrorList::Dateline,
        ErrorsArg::People => ErrorList::People,
        ErrorsArg::Orgs => ErrorList::Orgs,
        ErrorsArg::Countries => ErrorList::Countries,
        ErrorsArg::Pages => ErrorList::Pages,
    });
    let policy = args.tagger.map(|p| match p {
        PolicyArg::Off => TaggerPolicy::Off,
        PolicyArg::Fill => TaggerPolicy::Fill,
        PolicyArg::Override => TaggerPolicy::Override,
        PolicyArg::Combine => TaggerPolicy::Combine,
    });
    let request =
        EvalRequest { data: args.data, threads: args.threads, errors, policy, model: args.tagger_model };
    let report = eval::evaluate(&request)?;
    let mut err = anstream::stderr().lock();
    for line in &report.errors {
        writeln!(err, "{line}")?;
    }
    let mut out = anstream::stdout().lock();
    if args.json {
        report.write_json(&mut out)?;
    } else {
        if verbosity != Verbosity::Quiet {
            writeln!(out, "dateline eval, {}", chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"))?;
        }
        report.write_table(&mut out)?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
