//! Training the tagger: an averaged perceptron (Collins 2002; greedy decoding with its own
//! previous tags as history, as in Honnibal's "A good POS tagger in 200 lines of Python").
//!
//! Each document is read exactly as `enrich` reads a body: tokenised, run through the
//! recogniser (whose candidates are features), then its gold names are turned into BILOU tags
//! on the taggable tokens. Nested gold names keep the outermost; a name whose tokens are not
//! all taggable (a lowercase word inside) is counted as unaligned and left untagged.

use super::super::Extractor;
use super::super::recognizer::{Mode, Part, Recognizer};
use super::super::token::Tokens;
use super::features::{Doc, history};
use super::{NT, O, Tagger, allowed, tag};
use crate::model::EntityKind;

/// One training document: its text and its gold names (byte ranges and kinds).
#[derive(Debug, Clone, Default)]
pub struct TrainingDoc {
    /// The text, as it would be an article's body.
    pub text: String,
    /// Gold names: start, end (bytes) and kind.
    pub spans: Vec<(usize, usize, EntityKind)>,
}

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the documents.
    pub epochs: usize,
    /// The weight table has `2^bits` buckets.
    pub bits: u32,
    /// Seed of the document order shuffle.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, bits: 16, seed: 7 }
    }
}

/// What training read.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Documents.
    pub documents: usize,
    /// Tokens in all documents.
    pub tokens: usize,
    /// Tokens the tagger looks at.
    pub taggable: usize,
    /// Gold names used.
    pub names: usize,
    /// Gold names dropped: nested in another or not made of taggable tokens.
    pub unaligned: usize,
    /// Training accuracy over taggable tokens, per epoch.
    pub accuracy: Vec<f64>,
}

/// One taggable token, its features ready.
struct Item {
    feats: (u32, u32),
    word: u64,
    shape: u64,
    gold: u8,
    /// Untagged tokens just before it (0, 1, or 2 for two or more): the history restarts.
    gap: u8,
    open: bool,
}

struct Example {
    feats: Vec<u32>,
    items: Vec<Item>,
}

impl Extractor {
    /// Trains a tagger on `docs`, reading each as `enrich` reads a body.
    pub fn train_tagger(&self, docs: &[TrainingDoc], opts: &TrainOptions) -> (Tagger, TrainReport) {
        let mut report = TrainReport { documents: docs.len(), ..TrainReport::default() };
        let examples: Vec<Example> = docs.iter().map(|d| self.example(d, &mut report)).collect();
        let bits = opts.bits.clamp(8, 24);
        let shift = 32 - bits;
        let size = (1usize << bits) * NT;
        let mut w = vec![0f32; size];
        let mut tot = vec![0f64; size];
        let mut ts = vec![0u32; size];
        let mut clock: u32 = 1;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = opts.seed | 1;
        let mut feats: Vec<u32> = Vec::with_capacity(64);
        for _ in 0..opts.epochs {
            // Fisher-Yates with xorshift.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let (mut right, mut seen) = (0usize, 0usize);
            for &e in &order {
                let ex = &examples[e];
                let (mut prev, mut prev2) = (O, O);
                for it in &ex.items {
                    if it.gap >= 1 {
                        prev2 = O;
                        prev = O;
                    }
                    feats.clear();
                    feats.extend_from_slice(&ex.feats[it.feats.0 as usize..it.feats.1 as usize]);
                    history(prev, prev2, it.word, it.shape, &mut feats);
                    let mut scores = [0f32; NT];
                    for &f in &feats {
                        let b = (f >> shift) as usize * NT;
                        for (s, &x) in scores.iter_mut().zip(&w[b..b + NT]) {
                            *s += x;
                        }
                    }
                    let guess = super::best_allowed(&scores, prev, it.open);
                    if guess != it.gold {
                        for &f in &feats {
                            let b = (f >> shift) as usize * NT;
                            for (t, v) in [(it.gold, 1f32), (guess, -1f32)] {
                                let k = b + t as usize;
                                tot[k] += f64::from(clock - ts[k]) * f64::from(w[k]);
                                ts[k] = clock;
                                w[k] += v;
                            }
                        }
                    } else {
                        right += 1;
                    }
                    seen += 1;
                    clock += 1;
                    prev2 = prev;
                    prev = guess;
                }
            }
            report.accuracy.push(right as f64 / seen.max(1) as f64);
        }
        let avg: Vec<f64> = (0..size)
            .map(|k| (tot[k] + f64::from(clock - ts[k]) * f64::from(w[k])) / f64::from(clock))
            .collect();
        let max = avg.iter().fold(0f64, |m, &x| m.max(x.abs())).max(1e-9);
        let scale = 32_000.0 / max;
        let weights = avg.iter().map(|&x| (x * scale).round() as i16).collect();
        (Tagger { bits, weights }, report)
    }

    /// Reads one document: features and gold tags of its taggable tokens.
    fn example(&self, d: &TrainingDoc, report: &mut TrainReport) -> Example {
        let mut toks = Tokens::new();
        toks.tokenize(&d.text);
        let mut raws = Vec::new();
        let mut rec =
            Recognizer::new(&self.lexicon, &self.gazetteer, &d.text, &toks, Part::Body, Mode::Normal);
        rec.run(0, &mut raws);
        let doc = Doc::new(&self.lexicon, &self.gazetteer, &toks, rec.matches(), &raws, Part::Body);
        let n = toks.len();
        report.tokens += n;
        // Gold tags: outermost names first, each on its tokens.
        let mut gold = vec![O; n];
        let mut spans = d.spans.clone();
        spans.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut taken_to = 0usize;
        for &(s, e, kind) in &spans {
            if s < taken_to {
                report.unaligned += 1;
                continue;
            }
            let mut a = toks.toks.partition_point(|t| t.end <= s);
            let b = toks.toks.partition_point(|t| t.start < e);
            // GUM's proper-noun titles ("Secretary", "Mr.") are left out, as the rules and most
            // news annotation (CoNLL, OntoNotes) leave them out.
            if kind == EntityKind::Person && a < b {
                a = super::merge::after_titles(&self.lexicon, &toks, a, b);
            }
            if a >= b
                || !doc.taggable(a)
                || !(a + 1..b).all(|k| doc.continues(k))
                || (a..b).any(|k| gold[k] != O)
            {
                report.unaligned += 1;
                continue;
            }
            if b - a == 1 {
                gold[a] = tag(kind, 3);
            } else {
                gold[a] = tag(kind, 0);
                for g in gold.iter_mut().take(b - 1).skip(a + 1) {
                    *g = tag(kind, 1);
                }
                gold[b - 1] = tag(kind, 2);
            }
            taken_to = e;
            report.names += 1;
        }
        // A gold name ending before an untagged token is well-formed by construction; check.
        debug_assert!((0..n).all(|i| {
            let prev = if doc.continues(i) { gold[i - 1] } else { O };
            !doc.taggable(i) || allowed(prev, gold[i], doc.continues(i + 1))
        }));
        let mut feats = Vec::new();
        let mut items = Vec::new();
        let mut gap = 0u8;
        for (i, &gold_tag) in gold.iter().enumerate() {
            if !doc.taggable(i) {
                gap = gap.saturating_add(1).min(2);
                continue;
            }
            if i > 0 && !doc.continues(i) {
                gap = gap.max(1);
            }
            let start = feats.len() as u32;
            let (word, shape) = doc.features(&d.text, i, &mut feats);
            items.push(Item {
                feats: (start, feats.len() as u32),
                word,
                shape,
                gold: gold_tag,
                gap,
                open: doc.continues(i + 1),
            });
            gap = 0;
        }
        report.taggable += items.len();
        Example { feats, items }
    }
}
