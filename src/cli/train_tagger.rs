//! `dateline train-tagger` (hidden, for developers): trains the extraction tagger on
//! `gum-more/` in the shared data folder, prints its cross-validated scores per combination
//! policy, and writes the model file that the build embeds (`data/tagger.bin.gz`).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::{EXIT_OK, Verbosity};
use crate::eval::{self, TrainRequest};
use crate::extract::TrainOptions;

/// Flags of `dateline train-tagger`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  dateline train-tagger\n  dateline train-tagger --folds 0 --out /tmp/tagger.bin.gz\n\nRebuild dateline afterwards: the model is embedded at compile time."
)]
pub struct TrainTaggerArgs {
    /// The shared data folder (gum-more/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "data/tagger.bin.gz")]
    out: PathBuf,
    /// Cross-validation folds over gum-more for the policy table (0: skip).
    #[arg(long, value_name = "N", default_value_t = 5)]
    folds: usize,
    /// Document orders the cross-validation trains with (its counts are summed over all).
    #[arg(long, value_name = "N", default_value_t = 8)]
    orders: usize,
    /// Passes over the training documents.
    #[arg(long, value_name = "N", default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// The weight table has 2^BITS buckets.
    #[arg(long, value_name = "BITS", default_value_t = TrainOptions::default().bits)]
    bits: u32,
    /// Seed of the document order (another seed shows how much the scores owe to chance).
    #[arg(long, value_name = "N", default_value_t = TrainOptions::default().seed)]
    seed: u64,
}

pub(super) fn run(args: TrainTaggerArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    let options = TrainOptions { epochs: args.epochs, bits: args.bits, seed: args.seed };
    let request = TrainRequest { data: args.data, folds: args.folds, orders: args.orders, options };
    let trained = eval::train(&request)?;
    std::fs::write(&args.out, &trained.model).with_context(|| format!("writing {}", args.out.display()))?;
    let mut out = anstream::stdout().lock();
    let r = &trained.report;
    if verbosity != Verbosity::Quiet {
        writeln!(
            out,
            "trained on {} documents ({} tokens, {} tagged, {} names, {} nested or unaligned) in {:.1} s",
            r.documents, r.tokens, r.taggable, r.names, r.unaligned, trained.seconds
        )?;
        let acc: Vec<String> = r.accuracy.iter().map(|a| format!("{a:.4}")).collect();
        writeln!(out, "training accuracy per epoch: {}", acc.join(" "))?;
        writeln!(
            out,
            "model: {} ({} bytes, {} non-zero weights)",
            args.out.display(),
            trained.model.len(),
            trained.nonzero
        )?;
        if !trained.validation.is_empty() {
            writeln!(
                out,
                "\n{}-fold cross-validation on gum-more (held-out documents, {} document orders summed):",
                request.folds,
                request.orders.max(1)
            )?;
            writeln!(out, "| policy | strict F1 | lenient F1 | person | place | organization |")?;
            writeln!(out, "|---|--:|--:|--:|--:|--:|")?;
            for v in &trained.validation {
                writeln!(
                    out,
                    "| {} | {:.3} (P {:.3} R {:.3}) | {:.3} | {:.3} | {:.3} | {:.3} |",
                    v.policy.name(),
                    v.strict.f1(),
                    v.strict.precision(),
                    v.strict.recall(),
                    v.lenient.f1(),
                    v.strict_by_kind[0].f1(),
                    v.strict_by_kind[1].f1(),
                    v.strict_by_kind[2].f1()
                )?;
            }
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
