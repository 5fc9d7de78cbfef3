//! Training the tagger (`dateline train-tagger`) on GUM documents that are *not* measured
//! (`gum-more/`: academic, biography, court, travel), and choosing how its names combine with
//! the rules by cross-validation on those same documents. `gum-wikinews/` and Reuters' labels are
//! never read here.

use std::path::PathBuf;
use std::time::Instant;

use crate::extract::{Extractor, Tagger, TaggerPolicy, TrainOptions, TrainReport, TrainingDoc};
use crate::{Error, Result};

use super::gum::{self, GumDoc};
use super::score::Counts;

/// What to train on and how.
#[derive(Debug, Clone)]
pub struct TrainRequest {
    /// The shared data folder (holding `gum-more/dep/`).
    pub data: PathBuf,
    /// Cross-validation folds for choosing the policy (0 or 1: none).
    pub folds: usize,
    /// Document orders the cross-validation trains with, its counts summed over all: the
    /// perceptron's result depends on the order it reads the documents in (one order's
    /// held-out strict F1 moves by about ±0.006), so one order would mostly measure chance.
    pub orders: usize,
    /// Epochs, table size, seed.
    pub options: TrainOptions,
}

/// Held-out scores of one policy, summed over the folds.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The policy.
    pub policy: TaggerPolicy,
    /// Strict counts (same span, same kind).
    pub strict: Counts,
    /// Lenient counts (overlap, same kind).
    pub lenient: Counts,
    /// Strict counts per kind: person, place, organisation.
    pub strict_by_kind: [Counts; 3],
}

/// A trained model and what was learnt about it.
#[derive(Debug)]
pub struct Trained {
    /// The model file's bytes (gzipped), trained on every document.
    pub model: Vec<u8>,
    /// Non-zero weights in it.
    pub nonzero: usize,
    /// What training read (the final model's run).
    pub report: TrainReport,
    /// Seconds to train the final model.
    pub seconds: f64,
    /// Cross-validated scores per policy.
    pub validation: Vec<Validation>,
}

fn training_doc(d: &GumDoc) -> TrainingDoc {
    TrainingDoc { text: d.text.clone(), spans: d.gold.iter().map(|s| (s.start, s.end, s.kind)).collect() }
}

/// Trains on `gum-more/dep/*.conllu`; with folds, first scores every policy on held-out folds.
pub fn train(request: &TrainRequest) -> Result<Trained> {
    let dir = request.data.join("gum-more/dep");
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: no training data here (expected gum-more/dep/); pass --data DIR pointing at the shared data folder",
            request.data.display()
        )));
    }
    let docs = gum::read_dir(&dir)?;
    let all: Vec<TrainingDoc> = docs.iter().map(training_doc).collect();
    let mut validation: Vec<Validation> =
        [TaggerPolicy::Off, TaggerPolicy::Fill, TaggerPolicy::Override, TaggerPolicy::Combine]
            .into_iter()
            .map(|policy| Validation {
                policy,
                strict: Counts::default(),
                lenient: Counts::default(),
                strict_by_kind: [Counts::default(); 3],
            })
            .collect();
    if request.folds >= 2 {
        let mut ex = Extractor::with_tagger(None, TaggerPolicy::Off);
        for order in 0..request.orders.max(1) {
            // The shuffle starts from `seed | 1`, so seeds two apart give distinct orders; the
            // first is the committed model's own.
            let seed = request.options.seed.wrapping_add(2 * order as u64);
            let options = TrainOptions { seed, ..request.options };
            for fold in 0..request.folds {
                let train: Vec<TrainingDoc> =
                    (0..all.len()).filter(|i| i % request.folds != fold).map(|i| all[i].clone()).collect();
                let held: Vec<GumDoc> =
                    (0..docs.len()).filter(|i| i % request.folds == fold).map(|i| docs[i].clone()).collect();
                let (tagger, _) = ex.train_tagger(&train, &options);
                ex.set_tagger(Some(tagger));
                for v in &mut validation {
                    ex.set_policy(v.policy);
                    let r = gum::score(&ex, &held, false);
                    v.strict.add(r.strict);
                    v.lenient.add(r.lenient);
                    for k in 0..3 {
                        v.strict_by_kind[k].add(r.strict_by_kind[k]);
                    }
                }
                ex.set_tagger(None);
            }
        }
    } else {
        validation.clear();
    }
    let ex = Extractor::with_tagger(None, TaggerPolicy::Off);
    let started = Instant::now();
    let (tagger, report): (Tagger, TrainReport) = ex.train_tagger(&all, &request.options);
    let seconds = started.elapsed().as_secs_f64();
    Ok(Trained { model: tagger.to_bytes(), nonzero: tagger.nonzero(), report, seconds, validation })
}
