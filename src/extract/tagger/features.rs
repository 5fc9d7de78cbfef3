//! [`Doc`]: what the tagger knows about one text, and the hashed features of each token.
//!
//! Features are hashed (FxHash) to 32 bits and folded into the weight table's buckets, so
//! computing them allocates nothing per token. A token's *static* features (its words, shapes,
//! lexicon and gazetteer lookups, what the rules made of it, document-level hints) do not depend
//! on the tags chosen so far; the *history* features (previous tags) are added while decoding.
//!
//! Only capitalised words, and up to two connectors ("of", "the", "de") between capitalised
//! words, are tagged: every other token is outside any name. Names in GUM's and in news text
//! are capitalised, and skipping the rest keeps the tagger at a fraction of the text's tokens.

use super::super::gazetteer::Gazetteer;
use super::super::hash::FastSet;
use super::super::lexicon::Lexicon;
use super::super::packed::Clusters;
use super::super::recognizer::{HIDDEN, Matches, Part, Raw, RawKind};
use super::super::token::{ABBR, CAP, DIGIT, PAR_START, SENT_START, Tokens, UPPER};
use super::clusters::{self, prefix};
use crate::model::PlaceKind;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(SEED)
}

/// The hash of `s` under feature template `template`.
#[inline]
fn hs(template: u64, s: &str) -> u64 {
    let mut h = mix(0, template);
    for chunk in s.as_bytes().chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(b));
    }
    mix(h, s.len() as u64)
}

/// The final 32-bit feature from a 64-bit hash.
#[inline]
fn fin(h: u64) -> u32 {
    let h = (h ^ (h >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 32) as u32
}

/// Words that may stand inside a name between capitalised words ("Bank *of the* West").
fn is_connector(key: &str) -> bool {
    matches!(
        key,
        "of" | "and"
            | "&"
            | "the"
            | "for"
            | "de"
            | "du"
            | "la"
            | "le"
            | "von"
            | "van"
            | "der"
            | "den"
            | "del"
            | "della"
            | "da"
            | "di"
            | "dos"
            | "das"
            | "on"
            | "y"
            | "al"
            | "bin"
            | "el"
    )
}

/// What the rules made of a token: none, or the raw's kind and the token's place in it.
const RULE_NONE: u8 = 0;

/// Everything the tagger reads about one text.
pub(crate) struct Doc<'a> {
    toks: &'a Tokens,
    lex: &'a Lexicon,
    gaz: &'a Gazetteer,
    clusters: &'static Clusters,
    matches: &'a [Matches],
    /// Per token: 0, or 1 + 4 × raw kind + position (B, I, L, U), and the raw's flags.
    rule: Vec<(u8, u8)>,
    /// Per token: covered by a gazetteer (1) or listed-organisation (2) name that starts earlier.
    cover: Vec<u8>,
    /// Per token: whether it is tagged at all.
    taggable: Vec<bool>,
    lower_seen: FastSet<u64>,
    cap_mid: FastSet<u64>,
    person_words: FastSet<u64>,
    org_words: FastSet<u64>,
}

impl<'a> Doc<'a> {
    /// Prepares the text `toks` of part `part`, with the recogniser's per-token lookups
    /// (`matches`) and its candidates (`raws`, any part: only `part`'s are read).
    pub fn new(
        lex: &'a Lexicon,
        gaz: &'a Gazetteer,
        toks: &'a Tokens,
        matches: &'a [Matches],
        raws: &[Raw],
        part: Part,
    ) -> Self {
        let n = toks.len();
        let mut rule = vec![(RULE_NONE, 0u8); n];
        let mut person_words = FastSet::default();
        let mut org_words = FastSet::default();
        for r in raws.iter().filter(|r| r.part == part && r.toks.0 < r.toks.1 && r.toks.1 <= n) {
            let kind = match r.kind {
                RawKind::Person => 0,
                RawKind::Place => 1,
                RawKind::Org => 2,
                RawKind::Unknown => 3,
            };
            let (a, b) = r.toks;
            for (k, slot) in rule.iter_mut().enumerate().take(b).skip(a) {
                let pos = if b - a == 1 {
                    3
                } else if k == a {
                    0
                } else if k + 1 == b {
                    2
                } else {
                    1
                };
                // `HIDDEN` says whether a candidate is shown, not what it is: the tagger reads
                // a demonym as the place reading the rules made of it.
                *slot = (1 + 4 * kind + pos, r.flags & !HIDDEN);
            }
            let words = (a..b).filter(|&k| toks.toks[k].is_word() && toks.toks[k].has(CAP)).count();
            if words >= 2 && matches!(r.kind, RawKind::Person | RawKind::Org) {
                let set = if r.kind == RawKind::Person { &mut person_words } else { &mut org_words };
                for k in (a..b).filter(|&k| toks.toks[k].is_word()) {
                    set.insert(hs(0, toks.norm(k)));
                }
            }
        }
        let mut cover = vec![0u8; n];
        for (i, m) in matches.iter().enumerate().take(n) {
            if let Some((len, _)) = m.place {
                for c in cover.iter_mut().take((i + len).min(n)).skip(i + 1) {
                    *c |= 1;
                }
            }
            if let Some((len, _)) = m.org {
                for c in cover.iter_mut().take((i + len).min(n)).skip(i + 1) {
                    *c |= 2;
                }
            }
        }
        let cap = |i: usize| i < n && toks.toks[i].is_word() && toks.toks[i].has(CAP);
        let mut taggable: Vec<bool> = (0..n).map(cap).collect();
        for i in 1..n {
            if taggable[i] || !taggable[i - 1] {
                continue;
            }
            // One or two connectors, then a capitalised word.
            let conn = |k: usize| k < n && toks.toks[k].is_word() && is_connector(toks.norm(k));
            if conn(i) && (cap(i + 1) || (conn(i + 1) && cap(i + 2))) {
                taggable[i] = true;
                if !cap(i + 1) {
                    taggable[i + 1] = true;
                }
            }
        }
        let mut lower_seen = FastSet::with_capacity_and_hasher(n, Default::default());
        let mut cap_mid = FastSet::with_capacity_and_hasher(n / 4, Default::default());
        for (i, t) in toks.toks.iter().enumerate() {
            if !t.is_word() || t.has(DIGIT) {
                continue;
            }
            if !t.has(CAP) {
                lower_seen.insert(hs(0, toks.norm(i)));
            } else if !t.has(SENT_START) {
                cap_mid.insert(hs(0, toks.norm(i)));
            }
        }
        Doc {
            toks,
            lex,
            gaz,
            clusters: clusters::embedded(),
            matches,
            rule,
            cover,
            taggable,
            lower_seen,
            cap_mid,
            person_words,
            org_words,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Whether token `i` is a stop word ("The", "But").
    #[inline]
    pub fn is_stop(&self, i: usize) -> bool {
        self.toks.toks[i].is_word() && self.lex.is_stop(self.toks.norm(i))
    }

    /// Whether token `i` is tagged.
    #[inline]
    pub fn taggable(&self, i: usize) -> bool {
        i < self.taggable.len() && self.taggable[i]
    }

    /// Whether token `i` is tagged in the same run as token `i - 1`: both are tagged and no
    /// paragraph starts at `i` (a name never runs across one).
    #[inline]
    pub fn continues(&self, i: usize) -> bool {
        i > 0 && self.taggable(i) && self.taggable(i - 1) && !self.toks.toks[i].has(PAR_START)
    }

    /// The word (or punctuation, or edge marker) at `i`, read as a neighbour.
    fn word(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        let i = i as usize;
        if i >= self.toks.len() {
            return "</s>";
        }
        let t = &self.toks.toks[i];
        if t.is_word() {
            self.toks.norm(i)
        } else {
            match t.punct {
                ',' => ",",
                '.' => ".",
                '(' => "(",
                ')' => ")",
                '"' | '“' | '”' => "\"",
                ':' => ":",
                ';' => ";",
                '-' | '—' | '–' => "-",
                _ => "p",
            }
        }
    }

    /// The cluster code of token `i` of `text` (0: none, or no word).
    #[inline]
    fn cluster(&self, text: &str, i: isize) -> u16 {
        if i < 0 || i as usize >= self.toks.len() {
            return 0;
        }
        let i = i as usize;
        let t = &self.toks.toks[i];
        if !t.is_word() {
            return 0;
        }
        clusters::code(self.clusters, self.toks.norm(i), &text[t.start..t.end], t.has(UPPER))
    }

    /// A collapsed word shape of token `i` ("Xx", "XX", "X.X.", "Xx-Xx", "d"), hashed.
    fn shape(&self, text: &str, i: isize) -> u64 {
        if i < 0 || i as usize >= self.toks.len() {
            return hs(90, if i < 0 { "<s>" } else { "</s>" });
        }
        let t = &self.toks.toks[i as usize];
        if !t.is_word() {
            return hs(90, self.word(i));
        }
        let mut h = mix(0, 91);
        let mut last = 0u8;
        let mut count = 0;
        for c in text[t.start..t.end].chars() {
            let class = if c.is_uppercase() {
                b'X'
            } else if c.is_lowercase() {
                b'x'
            } else if c.is_numeric() {
                b'd'
            } else if c == '.' || c == '-' || c == '\'' || c == '&' {
                c as u8
            } else {
                b'o'
            };
            if class != last {
                h = mix(h, u64::from(class));
                last = class;
                count += 1;
                if count >= 6 {
                    break;
                }
            }
        }
        h
    }

    /// The static features of token `i` of `text`, appended to `out`. Returns the hashes the
    /// history features combine with: the word's and its shape's.
    pub fn features(&self, text: &str, i: usize, out: &mut Vec<u32>) -> (u64, u64) {
        let toks = self.toks;
        let lex = self.lex;
        let t = &toks.toks[i];
        let ii = i as isize;
        let w0 = self.word(ii);
        let wm1 = self.word(ii - 1);
        let wp1 = self.word(ii + 1);
        let mut push = |h: u64| out.push(fin(h));
        push(mix(0, 1));
        let h_w0 = hs(2, w0);
        push(h_w0);
        push(hs(3, wm1));
        push(hs(4, wp1));
        push(hs(5, self.word(ii - 2)));
        push(hs(6, self.word(ii + 2)));
        push(mix(hs(7, wm1), hs(0, w0)));
        push(mix(hs(8, w0), hs(0, wp1)));
        let chars = w0.len();
        if chars > 3 {
            let cut = w0.char_indices().rev().nth(2).map_or(0, |(p, _)| p);
            push(hs(9, &w0[cut..]));
            let cut = w0.char_indices().nth(3).map_or(w0.len(), |(p, _)| p);
            push(hs(10, &w0[..cut]));
        }
        let s0 = self.shape(text, ii);
        let sm1 = self.shape(text, ii - 1);
        let sp1 = self.shape(text, ii + 1);
        push(mix(11, s0));
        push(mix(12, sm1));
        push(mix(13, sp1));
        push(mix(mix(mix(14, sm1), s0), sp1));
        let key = hs(0, w0);
        let lower_seen = self.lower_seen.contains(&key);
        let sent = t.has(SENT_START) || (i > 0 && !toks.toks[i - 1].is_word() && matches!(wm1, "\"" | ":"));
        let cap_mid = self.cap_mid.contains(&key);
        push(mix(15, u64::from(sent) | u64::from(lower_seen) << 1 | u64::from(cap_mid) << 2));
        if sent {
            push(mix(hs(16, w0), 1));
        }
        // The word in the lexicon.
        let mut lexbits = 0u64;
        if t.is_word() {
            lexbits |= u64::from(lex.is_first_name(w0));
            lexbits |= u64::from(lex.is_family_name(w0)) << 1;
            lexbits |= match lex.org_keyword(w0) {
                Some(true) => 1 << 2,
                Some(false) => 1 << 3,
                None => 0,
            };
            lexbits |= u64::from(lex.is_stop(w0)) << 4;
            lexbits |= u64::from(lex.is_calendar(w0)) << 5;
            lexbits |= u64::from(lex.titles.get(w0).is_some()) << 6;
            lexbits |= u64::from(t.has(UPPER)) << 7;
            lexbits |= u64::from(t.has(ABBR)) << 8;
        }
        push(mix(17, lexbits));
        if lexbits & 1 != 0 {
            push(mix(18, 1));
        }
        if lexbits & 0b1100 != 0 {
            push(mix(18, 2 + (lexbits >> 2 & 1)));
        }
        // Neighbours in the lexicon.
        if i > 0 && toks.toks[i - 1].is_word() {
            let mut b = 0u64;
            b |= u64::from(lex.titles.get(wm1).is_some());
            b |= u64::from(lex.is_speech_verb(wm1)) << 1;
            b |= u64::from(lex.is_locative(wm1)) << 2;
            b |= u64::from(lex.org_keyword(wm1).is_some()) << 3;
            b |= u64::from(toks.toks[i - 1].has(CAP)) << 4;
            push(mix(19, b));
        }
        if i + 1 < toks.len() && toks.toks[i + 1].is_word() {
            let mut b = 0u64;
            b |= u64::from(lex.org_keyword(wp1).is_some());
            b |= u64::from(lex.is_speech_verb(wp1)) << 1;
            b |= u64::from(lex.is_first_name(wp1)) << 2;
            b |= u64::from(toks.toks[i + 1].has(CAP)) << 3;
            push(mix(20, b));
        }
        if i > 0
            && toks.toks[i - 1].is_word()
            && lex.titles.longest_ending(toks, i, i.saturating_sub(4)).is_some()
        {
            push(mix(21, 1));
        }
        // The gazetteer and the organisation list.
        if let Some(m) = self.matches.get(i) {
            if let Some((len, e)) = m.place {
                let kind = self.gaz.candidates(&e).first().map_or(3, |&id| match self.gaz.rec(id).kind {
                    PlaceKind::City => 0,
                    PlaceKind::Region => 1,
                    PlaceKind::Country => 2,
                });
                push(mix(22, (len.min(4) as u64) << 8 | kind << 4 | u64::from(e.flags)));
                push(mix(23, kind));
            }
            if let Some((len, _)) = m.org {
                push(mix(24, len.min(4) as u64));
            }
            if m.title.is_some() {
                push(mix(25, 1));
            }
        }
        if let Some(&c) = self.cover.get(i)
            && c != 0
        {
            push(mix(26, u64::from(c)));
        }
        // What the rules made of it.
        let (code, flags) = self.rule[i];
        push(mix(27, u64::from(code)));
        if code != RULE_NONE {
            push(mix(28, u64::from(code) << 8 | u64::from(flags)));
            push(mix(h_w0, 29 + (u64::from(code) - 1) / 4));
        }
        // Document-level: the word inside a longer name of the article.
        if self.person_words.contains(&key) {
            push(mix(30, 1));
        }
        if self.org_words.contains(&key) {
            push(mix(30, 2));
        }
        // Its place in the run of capitalised words.
        let run = u64::from(self.continues(i)) | u64::from(self.continues(i + 1)) << 1;
        push(mix(31, run));
        if t.has(DIGIT) {
            push(mix(32, 1));
        }
        // Word clusters from unlabelled news (see `clusters`): the word's path cut at 2, 4 ...
        // 12 bits and whole, coarse to fine, and its neighbours' coarser. A word the news texts
        // showed too rarely says so.
        let c0 = self.cluster(text, ii);
        if c0 == 0 {
            push(mix(50, 0));
        } else {
            for (template, bits) in [(51, 2), (52, 4), (53, 6), (54, 8), (59, 10), (60, 12), (61, 15)] {
                push(mix(template, u64::from(prefix(c0, bits))));
            }
        }
        for (template, c) in [(55, self.cluster(text, ii - 1)), (57, self.cluster(text, ii + 1))] {
            if c != 0 {
                push(mix(template, u64::from(prefix(c, 4))));
                push(mix(template + 1, u64::from(prefix(c, 8))));
            }
        }
        (h_w0, s0)
    }
}

/// The history features of a token: the previous tags, with the word and its shape.
#[inline]
pub(crate) fn history(prev: u8, prev2: u8, word: u64, shape: u64, out: &mut Vec<u32>) {
    out.push(fin(mix(40, u64::from(prev))));
    out.push(fin(mix(mix(41, u64::from(prev2)), u64::from(prev))));
    out.push(fin(mix(mix(42, word), u64::from(prev))));
    out.push(fin(mix(mix(43, shape), u64::from(prev))));
}

/// The tokens of `text` and what `f` makes of its tagger's view, the text read as body prose
/// (what the tests of the tagger and its features start from).
#[cfg(test)]
pub(crate) fn with_doc<R>(
    ex: &super::super::Extractor,
    text: &str,
    f: impl FnOnce(&Tokens, &Doc) -> R,
) -> (Tokens, R) {
    use super::super::recognizer::{Mode, Recognizer};
    let mut toks = Tokens::new();
    toks.tokenize(text);
    let mut raws = Vec::new();
    let result = {
        let mut rec = Recognizer::new(&ex.lexicon, &ex.gazetteer, text, &toks, Part::Body, Mode::Normal);
        rec.run(0, &mut raws);
        let doc = Doc::new(&ex.lexicon, &ex.gazetteer, &toks, rec.matches(), &raws, Part::Body);
        f(&toks, &doc)
    };
    (toks, result)
}

#[cfg(test)]
mod tests {
    //! The cluster features: a word the news texts showed carries its path's prefixes, one they
    //! did not says so, and a neighbour's cluster is read too.

    use super::super::super::Extractor;
    use super::*;

    /// The static features of every token of `text`, by token.
    fn features_of(text: &str) -> (Tokens, Vec<Vec<u32>>) {
        with_doc(Extractor::global(), text, |toks, doc| {
            (0..toks.len())
                .map(|i| {
                    let mut out = Vec::new();
                    doc.features(text, i, &mut out);
                    out
                })
                .collect()
        })
    }

    #[test]
    fn features_include_the_word_cluster() {
        let text = "Yesterday Zorblatquux met Blair in Brussels.";
        let (toks, feats) = features_of(text);
        let at = |w: &str| (0..toks.len()).find(|&i| toks.toks[i].is_word() && toks.norm(i) == w).unwrap();
        let blair = clusters::code(clusters::embedded(), "blair", "Blair", false);
        assert_ne!(blair, 0, "Blair is a word of the news texts");
        let own = &feats[at("blair")];
        for (template, bits) in [(51, 2), (52, 4), (54, 8), (61, 15)] {
            assert!(own.contains(&fin(mix(template, u64::from(prefix(blair, bits))))), "{bits} bits");
        }
        assert!(!own.contains(&fin(mix(50, 0))));
        // The made-up word has no cluster; "met", its neighbour, and "Blair" after that do.
        let met_code = clusters::code(clusters::embedded(), "met", "met", false);
        assert_ne!(met_code, 0);
        let unknown = &feats[at("zorblatquux")];
        assert!(unknown.contains(&fin(mix(50, 0))));
        assert!(unknown.contains(&fin(mix(57, u64::from(prefix(met_code, 4))))));
        let met = &feats[at("met")];
        assert!(met.contains(&fin(mix(57, u64::from(prefix(blair, 4))))));
    }
}
