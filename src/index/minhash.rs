//! Near-duplicate signatures for wire-copy clustering.
//!
//! A MinHash signature of the body's 3-word shingles: the share of equal positions in two
//! signatures estimates the Jaccard similarity of their shingle sets, so a copy of a wire story
//! with a few words changed or a sentence added scores high and a different story on the same
//! subject scores near zero. For lookups the signature is cut into bands of [`ROWS`] values, each
//! indexed as one term (locality-sensitive hashing): two copies share at least one band with high
//! probability (for Jaccard 0.7, 1 - (1 - 0.7^4)^8 = 0.89; for 0.8, 0.99), and candidates are then
//! confirmed by comparing whole signatures.

/// Values in a signature.
pub const SIZE: usize = 32;
/// Values per band.
pub const ROWS: usize = 4;
/// Bands per signature.
pub const BANDS: usize = SIZE / ROWS;
/// Estimated Jaccard similarity from which two articles are copies of one story.
pub const COPY_SIMILARITY: f32 = 0.6;

/// A MinHash signature; all zeros for a text of fewer than three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u32; SIZE]);

impl Signature {
    /// The signature of a text.
    pub fn of(text: &str) -> Signature {
        let mut words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
        let mut window: [u64; 3] = [0; 3];
        let mut seen = 0usize;
        let mut mins = [u32::MAX; SIZE];
        for word in words.by_ref() {
            window = [window[1], window[2], word_hash(word)];
            seen += 1;
            if seen < 3 {
                continue;
            }
            let shingle = window[0].rotate_left(42) ^ window[1].rotate_left(21) ^ window[2];
            for (i, min) in mins.iter_mut().enumerate() {
                let h = mix(shingle ^ SEEDS[i]) as u32;
                if h < *min {
                    *min = h;
                }
            }
        }
        if seen < 3 { Signature([0; SIZE]) } else { Signature(mins) }
    }

    /// Whether the text was too short to have a signature.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&v| v == 0)
    }

    /// Estimated Jaccard similarity with another signature.
    pub fn similarity(&self, other: &Signature) -> f32 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count() as f32 / SIZE as f32
    }

    /// Whether the two articles are copies of one story.
    pub fn is_copy_of(&self, other: &Signature) -> bool {
        self.similarity(other) >= COPY_SIMILARITY
    }

    /// The band terms, each tagged with its band number so equal values in different bands differ.
    pub fn bands(&self) -> [u64; BANDS] {
        std::array::from_fn(|band| {
            let rows = &self.0[band * ROWS..(band + 1) * ROWS];
            let folded = rows.iter().fold(band as u64 + 1, |acc, &v| mix(acc ^ u64::from(v)));
            (folded & !0xFF) | band as u64
        })
    }

    /// The signature as the values of a multi-valued u64 fast field: row `i` is stored as
    /// `(i << 32) | min`, so the order in which a column gives the values back does not matter.
    /// (A bytes column would cost a dictionary block decompression per read.)
    pub fn to_column_values(&self) -> [u64; SIZE] {
        std::array::from_fn(|i| ((i as u64) << 32) | u64::from(self.0[i]))
    }

    /// Reads column values back (all zeros when they are not a whole signature).
    pub fn from_column_values(values: impl Iterator<Item = u64>) -> Signature {
        let mut rows = [0u32; SIZE];
        let mut filled = 0u64;
        for value in values {
            let row = (value >> 32) as usize;
            if row >= SIZE {
                return Signature([0; SIZE]);
            }
            rows[row] = value as u32;
            filled |= 1 << row;
        }
        if filled == (1u64 << SIZE) - 1 { Signature(rows) } else { Signature([0; SIZE]) }
    }
}

/// A lowercase-insensitive FNV-1a hash of a word (stable across Rust versions, unlike
/// `DefaultHasher`, so stored signatures stay comparable).
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    if word.is_ascii() {
        // The same bytes as below (an ASCII letter lowercases to one ASCII byte), without
        // decoding characters: most words of most archives.
        for b in word.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        return h;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// SplitMix64's finaliser: a cheap, well-mixed 64-bit permutation.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One seed per signature position (the first 32 outputs of SplitMix64 from seed 1).
const SEEDS: [u64; SIZE] = {
    let mut seeds = [0u64; SIZE];
    let mut state: u64 = 1;
    let mut i = 0;
    while i < SIZE {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

#[cfg(test)]
mod tests {
    use super::*;

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
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0100_0000_01b3);
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
    }
}
