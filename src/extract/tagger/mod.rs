//! The learned part of extraction: an averaged-perceptron sequence tagger over the body's
//! capitalised words, trained on GUM's named person/place/organisation mentions
//! (`dateline train-tagger`, see EVALUATION.md) and combined with the rules.
//!
//! * `features` — what it reads of a token: words around it, shapes, the lexicon and the
//!   gazetteer, what the recogniser made of it, and document-level hints (the word is written
//!   lowercase elsewhere; it is a word of a longer name in the article);
//! * `clusters` — word clusters from unlabelled news text, coarse to fine, for the token and
//!   its neighbours (`data/word_clusters.tsv.gz`);
//! * `train` — the averaged perceptron (greedy, its own previous tags as history) and the
//!   model file;
//! * `merge` — how its names and the recogniser's candidates combine ([`TaggerPolicy`]).
//!
//! Tags are BILOU over three kinds (13 tags), decoded greedily left to right; a tag is only
//! chosen when it continues the previous one validly, and a name never runs into an untagged
//! token, so every output is a well-formed set of spans. Weights are 16-bit integers in a
//! hashed table (`2^bits` buckets × 13 tags), committed gzipped as `data/tagger.bin.gz`.

mod clusters;
mod features;
mod merge;
mod train;

use std::io::{Read, Write};

pub(crate) use clusters::common_in_lowercase;
pub(crate) use features::Doc;
pub(crate) use merge::merge;
pub use train::{TrainOptions, TrainReport, TrainingDoc};

use crate::model::EntityKind;

/// The committed model (`data/tagger.bin.gz`, re-packed uncompressed by `build.rs` so that it
/// is not inflated at every start). An empty file means "no model": the rules run alone.
static MODEL_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tagger.bin.gz"));

const MAGIC: &[u8; 8] = b"DLTAGGER";
/// Bumped whenever the features change, so a stale model is refused instead of misread.
const FEATURE_VERSION: u32 = 2;

/// Number of tags: O, then B, I, L, U for person, place, organisation.
pub(crate) const NT: usize = 13;
/// Outside any name.
pub(crate) const O: u8 = 0;

/// How the tagger's names and the rules' candidates combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaggerPolicy {
    /// The rules alone.
    Off,
    /// The tagger only adds: it types candidates the rules left unknown and adds names they
    /// missed; every rule decision stands.
    Fill,
    /// The tagger decides which spans are names and of what kind; the rules resolve them
    /// (canonical names, gazetteer places, aliases). A rule candidate the tagger rejects is
    /// no mention, but a rejected place still links its country (demonyms).
    Override,
    /// As `Fill`, and a one-word town of the rules that the tagger does not name goes
    /// (capitalised words the gazetteer happens to know); it still links its country. A name
    /// that may mean a country or a region stays ("in Australia").
    ///
    /// (Demonyms are no mention under any policy: the recogniser hides them.)
    #[default]
    Combine,
}

impl TaggerPolicy {
    /// Its name, as `--tagger` takes it.
    pub fn name(self) -> &'static str {
        match self {
            TaggerPolicy::Off => "off",
            TaggerPolicy::Fill => "fill",
            TaggerPolicy::Override => "override",
            TaggerPolicy::Combine => "combine",
        }
    }
}

/// The kind of tag `t` (not `O`).
#[inline]
pub(crate) fn kind_of(t: u8) -> EntityKind {
    match (t - 1) / 4 {
        0 => EntityKind::Person,
        1 => EntityKind::Place,
        _ => EntityKind::Organization,
    }
}

#[inline]
fn kind_index(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organization => 2,
    }
}

/// B, I, L, U of kind `k`.
#[inline]
pub(crate) fn tag(k: EntityKind, pos: u8) -> u8 {
    1 + 4 * kind_index(k) + pos
}

/// Whether tag `cur` may follow `prev`, when the next token is (`open`) or is not tagged.
#[inline]
pub(crate) fn allowed(prev: u8, cur: u8, open: bool) -> bool {
    let inside = prev != O && matches!((prev - 1) % 4, 0 | 1);
    let cur_pos = if cur == O { 4 } else { (cur - 1) % 4 };
    let ok_prev = if inside {
        cur != O && (cur - 1) / 4 == (prev - 1) / 4 && matches!(cur_pos, 1 | 2)
    } else {
        matches!(cur_pos, 4 | 0 | 3)
    };
    ok_prev && (open || matches!(cur_pos, 2..=4))
}

/// One name the tagger found: a token range and a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TagSpan {
    /// Token range.
    pub toks: (usize, usize),
    /// Its kind.
    pub kind: EntityKind,
}

/// A trained tagger: a hashed table of 16-bit weights.
pub struct Tagger {
    bits: u32,
    weights: Vec<i16>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger").field("bits", &self.bits).finish_non_exhaustive()
    }
}

impl Tagger {
    /// The committed model, or `None` when `data/tagger.bin.gz` holds none (or one made for
    /// other features).
    pub fn embedded() -> Option<Tagger> {
        if MODEL_GZ.is_empty() {
            return None;
        }
        Tagger::from_bytes(MODEL_GZ).ok()
    }

    /// Reads a model file (gzipped).
    pub fn from_bytes(gz: &[u8]) -> Result<Tagger, String> {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(gz).read_to_end(&mut bytes).map_err(|e| format!("model: {e}"))?;
        if bytes.len() < 20 || &bytes[..8] != MAGIC {
            return Err("model: not a dateline tagger model".into());
        }
        let u32_at = |p: usize| u32::from_le_bytes(bytes[p..p + 4].try_into().expect("4 bytes"));
        if u32_at(8) != FEATURE_VERSION {
            return Err(format!(
                "model: made for features v{}, this build has v{FEATURE_VERSION}",
                u32_at(8)
            ));
        }
        let bits = u32_at(12);
        let tags = u32_at(16) as usize;
        if tags != NT || !(8..=24).contains(&bits) {
            return Err("model: unexpected shape".into());
        }
        let len = (1usize << bits) * NT;
        let body = &bytes[20..];
        if body.len() != len * 2 {
            return Err("model: truncated".into());
        }
        let weights = body.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        Ok(Tagger { bits, weights })
    }

    /// The model file (gzipped).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity(20 + self.weights.len() * 2);
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        raw.extend_from_slice(&self.bits.to_le_bytes());
        raw.extend_from_slice(&(NT as u32).to_le_bytes());
        for w in &self.weights {
            raw.extend_from_slice(&w.to_le_bytes());
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    /// Number of non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.weights.iter().filter(|&&w| w != 0).count()
    }

    #[inline]
    fn score(&self, feats: &[u32], scores: &mut [i32; NT]) {
        *scores = [0; NT];
        let shift = 32 - self.bits;
        for &f in feats {
            let b = (f >> shift) as usize * NT;
            let row = &self.weights[b..b + NT];
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
    }

    /// The names in tokens `from..` of `doc` (the text `text`), appended to `out`. A run of
    /// taggable tokens for which `skip(start, end)` holds is not tagged (its answer would not
    /// be used); runs are independent, as the history restarts after every untagged token.
    pub(crate) fn tag(
        &self,
        doc: &Doc<'_>,
        text: &str,
        from: usize,
        skip: impl Fn(usize, usize) -> bool,
        out: &mut Vec<TagSpan>,
    ) {
        let n = doc.len();
        let mut feats: Vec<u32> = Vec::with_capacity(64);
        let mut i = from;
        while i < n {
            if !doc.taggable(i) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while doc.continues(end) {
                end += 1;
            }
            // A lone sentence opener ("The", "But") is no name.
            let lone_stop = end == i + 1 && doc.is_stop(i);
            if !lone_stop && !skip(i, end) {
                self.tag_run(doc, text, i, end, &mut feats, out);
            }
            i = end;
        }
    }

    fn tag_run(
        &self,
        doc: &Doc<'_>,
        text: &str,
        from: usize,
        to: usize,
        feats: &mut Vec<u32>,
        out: &mut Vec<TagSpan>,
    ) {
        let mut scores = [0i32; NT];
        let (mut prev, mut prev2) = (O, O);
        let mut start = from;
        for i in from..to {
            feats.clear();
            let (w, s) = doc.features(text, i, feats);
            features::history(prev, prev2, w, s, feats);
            self.score(feats, &mut scores);
            let open = i + 1 < to;
            let best = best_allowed(&scores, prev, open);
            if best != O {
                let pos = (best - 1) % 4;
                if pos == 0 || pos == 3 {
                    start = i;
                }
                if pos == 2 || pos == 3 {
                    out.push(TagSpan { toks: (start, i + 1), kind: kind_of(best) });
                }
            }
            prev2 = prev;
            prev = best;
        }
    }
}

/// The best-scoring tag that may follow `prev`.
#[inline]
pub(crate) fn best_allowed<S: PartialOrd + Copy>(scores: &[S; NT], prev: u8, open: bool) -> u8 {
    let mut best = O;
    let mut best_score: Option<S> = None;
    for t in 0..NT as u8 {
        if !allowed(prev, t, open) {
            continue;
        }
        let s = scores[t as usize];
        if best_score.is_none_or(|b| s > b) {
            best = t;
            best_score = Some(s);
        }
    }
    best
}

#[cfg(test)]
mod tests;
