//! Word clusters from unlabelled news text, read by the tagger's features.
//!
//! `tools/build_clusters.py` groups the words of the BBC, Reuters and ABC texts of the shared
//! data by the words around them into a binary tree (`data/word_clusters.tsv.gz`: a word and its
//! path, "0100110..."), and `build.rs` compiles the file into an image read in place
//! ([`Clusters`]). A word the labelled training text never shows still shares a path prefix with
//! words it does show ("Yushchenko" with "Blair" and "Arafat"), so the tagger learns about
//! clusters rather than single words. Prefixes of a path are coarser clusters.
//!
//! Keys keep the word's case class: "Bush" (capitalised), "IMF" (all capitals) and "bush" are
//! different words, since news uses them differently; the key is the tokeniser's normalised form
//! written back in that class, built on the stack, so a lookup allocates nothing.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::super::packed::{CLUSTER_BITS, Clusters};

/// The image `build.rs` compiled from `data/word_clusters.tsv.gz`.
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/word_clusters.bin"));

/// Keys longer than this have no cluster (the tool's vocabulary holds no such words in
/// practice; a fixed buffer keeps lookups off the heap).
const MAX_KEY: usize = 40;

/// The embedded clusters (reading the image's header is all the work; nothing is decoded).
pub(crate) fn embedded() -> &'static Clusters {
    static CLUSTERS: OnceLock<Clusters> = OnceLock::new();
    CLUSTERS.get_or_init(|| {
        Clusters::read(Cow::Borrowed(IMAGE)).unwrap_or_else(|e| {
            panic!("the word clusters compiled by build.rs from data/word_clusters.tsv.gz are malformed: {e}")
        })
    })
}

/// The cluster code of a word whose normalised key is `norm` (lowercase ASCII), written `raw`
/// in the text, all in capitals when `upper`: 0 when it has none.
#[inline]
pub(crate) fn code(clusters: &Clusters, norm: &str, raw: &str, upper: bool) -> u16 {
    let n = norm.len();
    if n == 0 || n > MAX_KEY {
        return 0;
    }
    let mut buf = [0u8; MAX_KEY];
    let key = &mut buf[..n];
    key.copy_from_slice(norm.as_bytes());
    if upper {
        key.make_ascii_uppercase();
    } else if raw.chars().next().is_some_and(char::is_uppercase) {
        key[0].make_ascii_uppercase();
    }
    clusters.get(key)
}

/// The cluster `code` cut to its first `bits` bits (itself when its path is no longer). Cut
/// codes of different lengths stay distinct, as the leading 1 marks the length.
#[inline]
pub(crate) fn prefix(code: u16, bits: u32) -> u16 {
    debug_assert!(code != 0 && bits as usize <= CLUSTER_BITS);
    let len = 15 - code.leading_zeros();
    if len <= bits { code } else { code >> (len - bits) }
}

/// Whether news text at large writes `word` (a token key) in lowercase: the clusters hold every
/// word their texts show five times or more, in its case class ("analysts", "net"; not "reagan").
pub(crate) fn common_in_lowercase(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase()) && code(embedded(), word, word, false) != 0
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::extract::packed::cluster_code;
    use crate::extract::token::{Tokens, UPPER};

    #[test]
    fn prefixes_cut_paths_from_the_root() {
        let c = cluster_code("011010").unwrap();
        assert_eq!(prefix(c, 4), cluster_code("0110").unwrap());
        assert_eq!(prefix(c, 6), c);
        assert_eq!(prefix(c, 10), c);
        assert_ne!(prefix(cluster_code("0").unwrap(), 4), prefix(cluster_code("00").unwrap(), 4));
        assert_eq!(prefix(1, 4), 1);
    }

    /// Every line the tool wrote reads back through the compiled image, under the key the
    /// tagger builds from a token written that way.
    #[test]
    fn every_word_of_the_file_reads_back() {
        let gz = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/word_clusters.tsv.gz")).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).unwrap();
        let clusters = embedded();
        let mut words = 0;
        let mut toks = Tokens::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (key, path) = line.split_once('\t').unwrap();
            assert_eq!(clusters.get(key.as_bytes()), cluster_code(path).unwrap(), "{key}");
            // A key is a token's normalised form in its case class; as text it tokenises back.
            toks.tokenize(key);
            if toks.len() == 1 && toks.toks[0].is_word() {
                let t = &toks.toks[0];
                let upper = t.has(UPPER);
                assert_eq!(code(clusters, toks.norm(0), key, upper), cluster_code(path).unwrap(), "{key}");
            }
            words += 1;
        }
        assert_eq!(clusters.len(), words);
        assert!(words > 10_000, "{words} words");
    }

    #[test]
    fn unknown_and_overlong_words_have_no_cluster() {
        let clusters = embedded();
        assert_eq!(code(clusters, "zzqxjv", "Zzqxjv", false), 0);
        let long = "a".repeat(MAX_KEY + 1);
        assert_eq!(code(clusters, &long, &long, false), 0);
        assert_eq!(code(clusters, "", "", false), 0);
    }
}
