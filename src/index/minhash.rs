//! Near-duplicate signatures for wire-copy clustering.
//!
//! A MinHash signature of the body's 3-word shingles: the share of equal positions in two
//! signatures estimates the Jaccard similarity of their shingle sets, so a copy of a wire story
//! with a few words changed or a sentence added scores high and a different story on the same
//! subject scores near zero. For lookups the signature is cut into bands of [`ROWS`] values, each
//! indexed as one term (locality-sensitive hashing): two copies share at least one band with high
//! probability (for Jaccard 0.7, 1 - (1 - 0.7^4)^8 = 0.89; for 0.8, 0.99), and candidates are then
//! confirmed by comparing whole signatures.
//!
//! Shingles cross sentence boundaries, so the same sentences in another order (a wire story
//! re-edited by moving paragraphs) share fewer of them: such copies estimate anywhere from 0.75
//! to 1.0. A second, exact fingerprint of the body's words taken as a multiset (order ignored)
//! recognises them for certain: equal fingerprints mean the same words, each as often, so the
//! same text but for its order. A few words changed (a rewrite, a correction) change it.
//!
//! The signature is a one-permutation MinHash (Li, Owen and Zhang, 2012): each shingle is
//! hashed once, the hash's top bits choose one of the [`SIZE`] positions and the rest is a
//! candidate minimum there; a position no shingle chose takes the value of another chosen by a
//! fixed sequence of hashes of its own (Shrivastava's optimal densification, 2017), so two
//! texts with the same shingles fill it alike. It estimates the similarity as well as [`SIZE`]
//! independent hash functions would, at one hash per shingle instead of [`SIZE`] (they were a
//! tenth of an index build's instructions).

use super::analyzer::word_ranges;

/// Values in a signature: a power of two, at most 32 (positions are bits of a `u32`).
pub const SIZE: usize = 32;
const _: () = assert!(SIZE.is_power_of_two() && SIZE <= 32);
/// Values per band.
pub const ROWS: usize = 4;
/// Bands per signature.
pub const BANDS: usize = SIZE / ROWS;
/// Each band's index term is one of `2^BAND_BUCKET_BITS` buckets (see [`band_term`]), so a
/// segment holds at most `BANDS << BAND_BUCKET_BITS` (32,768) band terms whatever its size:
/// with a term per band value, the bench base corpus had 146,000, most of them in one article,
/// and writing their dictionary and postings was 7% of a build. Copies still share a term; a
/// page's hits read a few more candidates (for a hit among N matches, about N / 512 others),
/// each dropped once its own bands are read.
pub const BAND_BUCKET_BITS: u32 = 12;
/// Estimated Jaccard similarity from which two articles are copies of one story.
pub const COPY_SIMILARITY: f32 = 0.6;
/// Fewest equal values two signatures of copies have: the least count whose share of [`SIZE`]
/// reaches [`COPY_SIMILARITY`] (20 of 32; checked by a test).
pub const MIN_EQUAL_VALUES: usize = 20;
/// Pieces a signature is cut into by [`Signature::piece_keys`]: one more than the values two
/// copies may differ in, so that two copies have at least one whole piece in common.
pub const PIECES: usize = SIZE - MIN_EQUAL_VALUES + 1;

/// A MinHash signature and the fingerprint of the text's words; all zeros for a text of fewer
/// than three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    /// The MinHash values.
    pub mins: [u32; SIZE],
    /// The multiset of the text's words, hashed (order-independent); 0 when unknown (an index
    /// written before the fingerprint was stored).
    pub words: u64,
}

/// The signature of a text too short to have one.
const EMPTY: Signature = Signature { mins: [0; SIZE], words: 0 };

/// Column rows after the MinHash values: the low and high halves of the words' fingerprint.
const WORDS_LOW: usize = SIZE;
const WORDS_HIGH: usize = SIZE + 1;
/// Values a signature is stored as.
pub const COLUMN_VALUES: usize = SIZE + 2;

/// A signature being computed, one word at a time (the words of tantivy's tokenizer, as
/// [`word_ranges`] gives them): the indexer signs a body in the same pass over its words that
/// prepares it for tantivy (`prepared.rs`).
#[derive(Debug, Clone)]
pub struct Signer {
    window: [u64; 3],
    seen: usize,
    mins: [u32; SIZE],
    /// Bit `i` set once a shingle chose position `i`.
    chosen: u32,
    bag: u64,
}

impl Default for Signer {
    fn default() -> Self {
        Signer { window: [0; 3], seen: 0, mins: [u32::MAX; SIZE], chosen: 0, bag: 0 }
    }
}

impl Signer {
    /// Takes the text's next word.
    #[inline]
    pub fn add(&mut self, word: &str) {
        let hash = word_hash(word);
        // A sum of well-mixed word hashes: the same whatever the words' order, and changed by
        // any word added, dropped or replaced.
        self.bag = self.bag.wrapping_add(mix(hash ^ WORDS_SEED));
        self.window = [self.window[1], self.window[2], hash];
        self.seen += 1;
        if self.seen < 3 {
            return;
        }
        let [a, b, c] = self.window;
        let shingle = a.rotate_left(42) ^ b.rotate_left(21) ^ c;
        let h = mix(shingle ^ SHINGLE_SEED);
        let position = (h >> POSITION_SHIFT) as usize;
        self.mins[position] = self.mins[position].min(h as u32);
        self.chosen |= 1 << position;
    }

    /// The signature of the words taken.
    pub fn finish(mut self) -> Signature {
        if self.seen < 3 {
            return EMPTY;
        }
        densify(&mut self.mins, self.chosen);
        Signature { mins: self.mins, words: self.bag.max(1) }
    }
}

impl Signature {
    /// The signature of a text.
    pub fn of(text: &str) -> Signature {
        let mut signer = Signer::default();
        for word in word_ranges(text) {
            signer.add(&text[word]);
        }
        signer.finish()
    }

    /// Whether the text was too short to have a signature.
    pub fn is_empty(&self) -> bool {
        self.mins.iter().all(|&v| v == 0)
    }

    /// Whether both texts are known to have the same words, each as often (the same text but
    /// for the order of its words and sentences, and its spacing).
    pub fn has_same_words(&self, other: &Signature) -> bool {
        self.words != 0 && self.words == other.words && !self.is_empty()
    }

    /// Estimated Jaccard similarity with another signature.
    pub fn similarity(&self, other: &Signature) -> f32 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        self.mins.iter().zip(other.mins.iter()).filter(|(a, b)| a == b).count() as f32 / SIZE as f32
    }

    /// Whether the two articles are copies of one story: most of their shingles are shared, or
    /// they have the same words in another order.
    pub fn is_copy_of(&self, other: &Signature) -> bool {
        self.has_same_words(other) || self.similarity(other) >= COPY_SIMILARITY
    }

    /// One key for each of [`PIECES`] runs of consecutive values (two or three each), tagged
    /// with the piece's number. Two copies ([`Signature::similarity`] at least
    /// [`COPY_SIMILARITY`]) differ in at most `PIECES - 1` values, so at least one piece is
    /// whole in both and they share its key (the pigeonhole principle): looking a signature's
    /// keys up among others finds every near copy among them, and a few others to compare.
    pub fn piece_keys(&self) -> [u64; PIECES] {
        std::array::from_fn(|piece| {
            self.mins[piece_range(piece)].iter().fold(piece as u64 + 1, |acc, &v| mix(acc ^ u64::from(v)))
        })
    }

    /// The bands: each band's values hashed, tagged with its band number so equal values in
    /// different bands differ. Two copies share at least one band (with high probability).
    pub fn bands(&self) -> [u64; BANDS] {
        std::array::from_fn(|band| band_of(band, &self.mins[band * ROWS..(band + 1) * ROWS]))
    }

    /// The index terms of the bands (see [`band_term`]).
    pub fn band_terms(&self) -> [u64; BANDS] {
        self.bands().map(band_term)
    }

    /// The signature as the values of a multi-valued u64 fast field: row `i` is stored as
    /// `(i << 32) | value`, so the order in which a column gives the values back does not
    /// matter: rows 0 to 31 are the MinHash values, rows 32 and 33 the halves of the words'
    /// fingerprint. (A bytes column would cost a dictionary block decompression per read.)
    pub fn to_column_values(&self) -> [u64; COLUMN_VALUES] {
        std::array::from_fn(|i| {
            let value = match i {
                WORDS_LOW => self.words as u32,
                WORDS_HIGH => (self.words >> 32) as u32,
                _ => self.mins[i],
            };
            ((i as u64) << 32) | u64::from(value)
        })
    }

    /// Reads column values back (all zeros when they are not a whole signature; an index
    /// written before the words' fingerprint has no rows 32 and 33: its fingerprint is unknown).
    pub fn from_column_values(values: impl Iterator<Item = u64>) -> Signature {
        let mut out = EMPTY;
        let mut filled = 0u64;
        for value in values {
            let row = (value >> 32) as usize;
            let half = value as u32;
            match row {
                WORDS_LOW => out.words |= u64::from(half),
                WORDS_HIGH => out.words |= u64::from(half) << 32,
                _ if row < SIZE => out.mins[row] = half,
                _ => return EMPTY,
            }
            filled |= 1 << row;
        }
        if filled & ((1u64 << SIZE) - 1) == (1u64 << SIZE) - 1 { out } else { EMPTY }
    }
}

/// Gives each position no shingle chose (a bit of `chosen` unset) the value of a chosen one:
/// the first chosen of a sequence of positions hashed from its own number, the same in every
/// signature, so two texts whose shingles chose the same positions with the same values get
/// the same signature. `chosen` is never 0 (a text with a shingle chose a position).
fn densify(mins: &mut [u32; SIZE], chosen: u32) {
    const ALL: u32 = u32::MAX >> (32 - SIZE);
    if chosen == ALL || chosen == 0 {
        return;
    }
    let values = *mins;
    for (position, min) in mins.iter_mut().enumerate() {
        if chosen & (1 << position) != 0 {
            continue;
        }
        // Each try picks a position at random: with at least one of 32 chosen, 1,024 tries
        // all miss with probability below 1e-14; the first chosen position ends the search then.
        let donor = (1..=1024u64)
            .map(|attempt| (mix(((position as u64) << 32) | attempt) >> POSITION_SHIFT) as usize)
            .find(|&donor| chosen & (1 << donor) != 0)
            .unwrap_or(chosen.trailing_zeros() as usize);
        *min = values[donor];
    }
}

/// Band number `band` of a signature whose values in that band (rows `band * ROWS` to `(band
/// + 1) * ROWS`) are `values` (see [`Signature::bands`]).
pub fn band_of(band: usize, values: &[u32]) -> u64 {
    let folded = values.iter().fold(band as u64 + 1, |acc, &v| mix(acc ^ u64::from(v)));
    (folded & !0xFF) | band as u64
}

/// The index term of a band (of [`Signature::bands`]): one of `2^BAND_BUCKET_BITS` buckets of
/// its band. Articles sharing a band share its term; the others found under a term are sorted
/// out by their bands.
pub fn band_term(band: u64) -> u64 {
    ((band >> (64 - BAND_BUCKET_BITS)) << 8) | (band & 0xFF)
}

/// The positions of the values of piece `piece` of [`Signature::piece_keys`].
pub fn piece_range(piece: usize) -> std::ops::Range<usize> {
    piece * SIZE / PIECES..(piece + 1) * SIZE / PIECES
}

/// FNV-1a's offset basis and prime (64-bit), the hash of each word.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// A lowercase-insensitive FNV-1a hash of a word (stable across Rust versions, unlike
/// `DefaultHasher`, so stored signatures stay comparable).
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = FNV_OFFSET;
    if word.is_ascii() {
        // The same bytes as below (an ASCII letter lowercases to one ASCII byte), without
        // decoding characters: most words of most archives.
        for b in word.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(FNV_PRIME);
        }
        return h;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// SplitMix64's finaliser: a cheap, well-mixed 64-bit permutation.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Mixed into each word's hash for the words' fingerprint (SplitMix64's increment), so the
/// fingerprint's terms are not the shingles' inputs.
const WORDS_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Mixed into each shingle before it is hashed (SplitMix64's first output from seed 1).
const SHINGLE_SEED: u64 = mix(1u64.wrapping_add(0x9e37_79b9_7f4a_7c15));

/// A shingle's hash shifted right by this is its position: its top bits.
const POSITION_SHIFT: u32 = 64 - SIZE.trailing_zeros();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_equal_values_is_the_least_count_reaching_the_copy_similarity() {
        assert!(MIN_EQUAL_VALUES as f32 / SIZE as f32 >= COPY_SIMILARITY);
        assert!(((MIN_EQUAL_VALUES - 1) as f32 / SIZE as f32) < COPY_SIMILARITY);
    }

    #[test]
    fn copies_share_a_piece_key_whichever_values_differ() {
        let a = Signature::of(STORY);
        // The worst case: the unequal values spread one per piece but the last.
        let mut b = a;
        for piece in 0..PIECES - 1 {
            b.mins[piece_range(piece).start] ^= 1;
        }
        assert!(b.similarity(&a) >= COPY_SIMILARITY);
        let (ka, kb) = (a.piece_keys(), b.piece_keys());
        assert_eq!(ka.iter().zip(&kb).filter(|(x, y)| x == y).count(), 1);
        // One more unequal value and they are no copies (and may share no key).
        b.mins[SIZE - 1] ^= 1;
        assert!(b.similarity(&a) < COPY_SIMILARITY);
        assert!(ka.iter().zip(&b.piece_keys()).all(|(x, y)| x != y));
    }

    const STORY: &str = "TOKYO, Oct. 30 (Reuters) - The Bank of Japan kept interest rates unchanged on Thursday, \
        as policymakers waited for more evidence that wage gains were spreading across the economy. \
        Governor Kazuo Ueda said the board needed more time to judge the impact of U.S. tariffs on exports \
        and on corporate profits, and markets trimmed bets on a December hike. The yen weakened after the decision.";

    #[test]
    fn edited_copies_are_copies_and_other_stories_are_not() {
        let copy =
            STORY.replace("kept", "left").replace("(Reuters) ", "") + " The next meeting is in December.";
        let (a, b) = (Signature::of(STORY), Signature::of(&copy));
        assert!(a.is_copy_of(&b), "similarity {}", a.similarity(&b));
        assert!(a.bands().iter().zip(b.bands()).any(|(x, y)| *x == y), "copies share a band");
        let other = "LONDON - Britain recorded its hottest day on Tuesday as temperatures topped 40 degrees \
            Celsius for the first time, disrupting trains and straining hospitals across the south of England.";
        assert!(a.similarity(&Signature::of(other)) < 0.2);
    }

    #[test]
    fn the_ascii_word_hash_is_the_unicode_one() {
        let unicode = |word: &str| {
            let mut h: u64 = FNV_OFFSET;
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(FNV_PRIME);
                }
            }
            h
        };
        for word in ["Reuters", "U", "1987", "tariffs", "ZZ9", "São", "İstanbul", "ΣΟΦΙΑ"] {
            assert_eq!(word_hash(word), unicode(word), "{word}");
        }
        assert_eq!(word_hash("TOKYO"), word_hash("tokyo"));
    }

    #[test]
    fn case_is_ignored_and_column_values_round_trip() {
        let a = Signature::of(STORY);
        assert_eq!(a, Signature::of(&STORY.to_uppercase()));
        assert_eq!(Signature::from_column_values(a.to_column_values().into_iter().rev()), a);
        assert!(Signature::of("two words").is_empty());
        assert!(Signature::from_column_values([1u64 << 32, 5].into_iter()).is_empty());
        // An index written before the words' fingerprint: the MinHash values alone.
        let old = Signature::from_column_values(a.to_column_values().into_iter().take(SIZE));
        assert_eq!((old.mins, old.words), (a.mins, 0));
        assert!(!old.has_same_words(&a) && old.is_copy_of(&a));
    }

    /// Words `w{from}`..`w{to}` as a text.
    fn words(from: usize, to: usize) -> String {
        (from..to).map(|i| format!("w{i} ")).collect()
    }

    /// The Jaccard similarity of the 3-word shingles of two runs of distinct words.
    fn jaccard(a: (usize, usize), b: (usize, usize)) -> f32 {
        let shared = (a.1.min(b.1)).saturating_sub(a.0.max(b.0)).saturating_sub(2);
        let (na, nb) = (a.1 - a.0 - 2, b.1 - b.0 - 2);
        shared as f32 / (na + nb - shared) as f32
    }

    #[test]
    fn the_one_permutation_signature_estimates_the_similarity() {
        // Texts long and short (fewer shingles than positions, so densified), each compared
        // with a copy shifted by a quarter of its words: the mean estimate is the similarity.
        for len in [8, 20, 60, 400] {
            let shift = len / 4;
            let (mut estimated, mut truth) = (0.0, 0.0);
            for start in (0..200).map(|k| k * 1000) {
                let (a, b) = ((start, start + len), (start + shift, start + shift + len));
                estimated += Signature::of(&words(a.0, a.1)).similarity(&Signature::of(&words(b.0, b.1)));
                truth += jaccard(a, b);
            }
            let (estimated, truth) = (estimated / 200.0, truth / 200.0);
            assert!((estimated - truth).abs() < 0.05, "{len} words: estimated {estimated}, truth {truth}");
        }
    }

    #[test]
    fn every_position_has_a_value_from_a_shingle() {
        let one = Signature::of("just three words");
        assert!(one.mins.iter().all(|&v| v == one.mins[0]), "one shingle fills every position");
        let few = Signature::of(&words(0, 6));
        assert!(few.mins.iter().all(|v| few.mins.contains(v) && *v != u32::MAX));
        assert_eq!(few, Signature::of(&words(0, 6)), "the same text, the same signature");
        assert!(Signature::of(&words(0, 6)).similarity(&Signature::of(&words(50, 56))) < 0.2);
    }

    #[test]
    fn reordered_sentences_have_the_same_words_and_rewrites_do_not() {
        let sentences: Vec<&str> = STORY.split_inclusive(". ").collect();
        let mut moved = sentences.clone();
        moved.rotate_left(2);
        let moved = moved.concat() + "\n\n";
        let (a, b) = (Signature::of(STORY), Signature::of(&moved));
        assert!(a.has_same_words(&b) && a.is_copy_of(&b), "similarity {}", a.similarity(&b));
        let rewrite = Signature::of(&STORY.replace("kept", "left"));
        assert!(!a.has_same_words(&rewrite) && a.is_copy_of(&rewrite));
        let dropped = Signature::of(&STORY.replacen("The ", "", 1));
        assert!(!a.has_same_words(&dropped));
        assert!(!EMPTY.has_same_words(&EMPTY));
    }
}
