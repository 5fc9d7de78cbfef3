//! Tokenising and stemming. Tantivy does not persist custom analyzers, so [`register`] must run
//! on every index opened or created (see [`super::store::ArchiveIndex`]).
//!
//! Each language tantivy ships a stemmer for has its own analysis (its stemmer and, where
//! tantivy has a list, its stop words): an article is ranked in the fields of its language
//! (see [`super::schema`]), so a French article is found by French word forms. English is the
//! analysis of every other article too: English ones, those in languages without a stemmer and
//! those whose language is unknown.

use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxBuildHasher;
use tantivy::Index;

use super::prepared::Prepared;
use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, Language, LowerCaser, RawTokenizer, RemoveLongFilter,
    SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Stemmed English with stop words removed: ranking on `title` and `body`.
pub const ENGLISH: &str = "dl_en";
/// Names of people, organisations and places: lowercased and folded, nothing removed.
pub const NAME: &str = "dl_name";

/// A language other than English with its own analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analysis {
    /// The language's ISO 639-1 code; it names the analyzer (`dl_fr`) and the fields (`body_fr`).
    pub code: &'static str,
    /// The codes of the articles analysed so (Norwegian: `no`, `nb`, `nn`).
    pub codes: &'static [&'static str],
    /// The analyzer's registered name.
    pub analyzer: &'static str,
    /// Its stemmer and stop words.
    pub language: Language,
}

const fn analysis(
    code: &'static str,
    codes: &'static [&'static str],
    analyzer: &'static str,
    language: Language,
) -> Analysis {
    Analysis { code, codes, analyzer, language }
}

/// Every language tantivy stems, English aside (English is [`ENGLISH`], the default).
pub const LANGUAGES: [Analysis; 17] = [
    analysis("ar", &["ar"], "dl_ar", Language::Arabic),
    analysis("da", &["da"], "dl_da", Language::Danish),
    analysis("de", &["de"], "dl_de", Language::German),
    analysis("el", &["el"], "dl_el", Language::Greek),
    analysis("es", &["es"], "dl_es", Language::Spanish),
    analysis("fi", &["fi"], "dl_fi", Language::Finnish),
    analysis("fr", &["fr"], "dl_fr", Language::French),
    analysis("hu", &["hu"], "dl_hu", Language::Hungarian),
    analysis("it", &["it"], "dl_it", Language::Italian),
    analysis("nl", &["nl"], "dl_nl", Language::Dutch),
    analysis("no", &["no", "nb", "nn"], "dl_no", Language::Norwegian),
    analysis("pt", &["pt"], "dl_pt", Language::Portuguese),
    analysis("ro", &["ro"], "dl_ro", Language::Romanian),
    analysis("ru", &["ru"], "dl_ru", Language::Russian),
    analysis("sv", &["sv"], "dl_sv", Language::Swedish),
    analysis("ta", &["ta"], "dl_ta", Language::Tamil),
    analysis("tr", &["tr"], "dl_tr", Language::Turkish),
];

/// The analysis of an article in `lang` (an ISO 639-1 code), or `None` for English: the
/// analysis of English articles and of every language tantivy has no stemmer for.
pub fn analysis_of(lang: Option<&str>) -> Option<&'static Analysis> {
    let lang = lang?.trim();
    LANGUAGES.iter().find(|a| a.codes.iter().any(|c| c.eq_ignore_ascii_case(lang)))
}

/// Registers dateline's analyzers on `index`.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    // The text fields are handed to tantivy prepared (see `prepared.rs`); queries and
    // snippets are analysed here as they come.
    manager.register(ENGLISH, Prepared::new(english()));
    manager.register(NAME, folded());
    for analysis in &LANGUAGES {
        manager
            .register(analysis.analyzer, Prepared::new(TextAnalyzer::from(Deferred::new(analysis.language))));
    }
}

/// A language's analyzer, built the first time it is used: building the stop word lists of
/// every language took a tenth of a one-shot search, which mostly needs English alone. Its
/// clones share the one built.
#[derive(Clone)]
struct Deferred {
    language: Language,
    built: Arc<OnceLock<TextAnalyzer>>,
    /// This clone's own copy of the built analyzer (tokenising needs it mutable).
    own: Option<TextAnalyzer>,
}

impl Deferred {
    fn new(language: Language) -> Deferred {
        Deferred { language, built: Arc::new(OnceLock::new()), own: None }
    }
}

impl Tokenizer for Deferred {
    type TokenStream<'a> = BoxTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BoxTokenStream<'a> {
        let (language, built) = (self.language, &self.built);
        let own = self.own.get_or_insert_with(|| built.get_or_init(|| stemmed(language)).clone());
        own.token_stream(text)
    }
}

/// The stop words of [`ENGLISH`] (tantivy's English list, Lucene's): the snippet scanner
/// (`search/snippet.rs`) drops the same words without running the analyzer.
pub const ENGLISH_STOP_WORDS: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
    "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
    "was", "will", "with",
];

/// Whether `word` (lowercased, accents folded) is one of [`ENGLISH_STOP_WORDS`].
pub fn is_english_stop_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"a" | b"an"
            | b"and"
            | b"are"
            | b"as"
            | b"at"
            | b"be"
            | b"but"
            | b"by"
            | b"for"
            | b"if"
            | b"in"
            | b"into"
            | b"is"
            | b"it"
            | b"no"
            | b"not"
            | b"of"
            | b"on"
            | b"or"
            | b"such"
            | b"that"
            | b"the"
            | b"their"
            | b"then"
            | b"there"
            | b"these"
            | b"they"
            | b"this"
            | b"to"
            | b"was"
            | b"will"
            | b"with"
    )
}

/// Tokens this many bytes long or longer are dropped by every analyzer.
pub const LONGEST_TOKEN: usize = 40;

pub(super) fn english() -> TextAnalyzer {
    let stop = StopWordFilter::remove(ENGLISH_STOP_WORDS.iter().map(|w| w.to_string()));
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop)
        .filter(CachedStemmer(Language::English))
        .build()
}

/// Another language: stop words and stemming see the words as written (the lists and the
/// Snowball stemmers expect accents: `à`, `März`), then accents are folded so that a query
/// typed without them (`marche`) still matches.
pub(super) fn stemmed(language: Language) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .dynamic();
    let builder = match StopWordFilter::new(language) {
        Some(stop) => builder.filter_dynamic(stop),
        None => builder,
    };
    builder.filter_dynamic(CachedStemmer(language)).filter_dynamic(AsciiFoldingFilter).build()
}

/// Slots of the [`StemCache`] that prepares English text for the index (`prepared.rs`): on the
/// bodies of the bench base corpus (2.5 million words, 56,000 distinct) read in order, a table
/// of this many slots, each word in the slot its hash picks, answers 95% of the words (87% for
/// the cache of 8,192 words before it). 2 MB, of which only the pages written are resident.
pub(super) const STEM_SLOTS: usize = 1 << 16;

/// Slots of the stem caches of the registered analyzers (other languages, whose articles are
/// rarer, and queries): 256 KB each, as an archive in many languages has one per language and
/// indexing thread.
const ANALYZER_STEM_SLOTS: usize = 1 << 13;

/// Slots of a [`StemCache`] when it first stores a word (8 KB): it grows, up to its capacity,
/// as it misses.
const FIRST_STEM_SLOTS: usize = 256;

/// Bytes of a slot: a 4-byte tag (the hash's high half, never 0 in a used slot), the word's and
/// the stem's lengths, then the word and its stem. 98% of the corpus's words are 11 bytes or
/// shorter, so nearly every word and its stem fit in the 26 bytes left.
const SLOT_BYTES: usize = 32;
const SLOT_TEXT: usize = SLOT_BYTES - 6;

/// Tantivy's [`Stemmer`] with the stems of the words already seen remembered: the Snowball
/// algorithm costs far more than a lookup (stemming was about 6% of the CPU time of an index
/// build). The stems are the stemmer's own, so the tokens are the same as with [`Stemmer`].
#[derive(Clone, Copy)]
struct CachedStemmer(Language);

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer, cache: StemCache::new(self.0, ANALYZER_STEM_SLOTS) }
    }
}

#[derive(Clone)]
struct CachedStemmerFilter<T> {
    inner: T,
    cache: StemCache,
}

/// The stems of the words met last, in a direct-mapped table: a word's hash picks one of its
/// slots (a power of two of them), which holds the word and its stem inline, so a lookup reads one cache line
/// (a hash map of offsets into a text buffer read two far-apart places per word, and the
/// lookups were 4% of a build); a new word takes its slot over. The table is allocated zeroed
/// on the first word stemmed, so the pages a search never stems into are never touched. Each
/// clone of an analyzer (tantivy makes one per field and segment being written) starts empty:
/// no lock is taken and no clone copies a table.
pub(super) struct StemCache {
    /// A power of two of slots, from [`FIRST_STEM_SLOTS`] up to `capacity`.
    slots: Vec<[u8; SLOT_BYTES]>,
    /// The most slots the table grows to.
    capacity: usize,
    /// Words stemmed since the table last grew.
    misses: usize,
    /// Tantivy's stemmer, on one word at a time.
    stemmer: <Stemmer as TokenFilter>::Tokenizer<RawTokenizer>,
}

impl StemCache {
    /// A cache of `capacity` slots (a power of two).
    pub(super) fn new(language: Language, capacity: usize) -> StemCache {
        debug_assert!(capacity.is_power_of_two());
        StemCache {
            slots: Vec::new(),
            capacity,
            misses: 0,
            stemmer: Stemmer::new(language).transform(RawTokenizer::default()),
        }
    }

    /// Replaces `word` by its stem.
    pub(super) fn stem(&mut self, word: &mut String) {
        let hash = FxBuildHasher.hash_one(word.as_str());
        let index = (hash as usize) & self.slots.len().wrapping_sub(1);
        let tag = ((hash >> 32) as u32 | 1).to_le_bytes();
        if let Some(slot) = self.slots.get(index)
            && slot[..4] == tag
            && usize::from(slot[4]) == word.len()
            && &slot[6..6 + word.len()] == word.as_bytes()
        {
            let (len, stem_len) = (usize::from(slot[4]), usize::from(slot[5]));
            // The slot holds what a word (valid UTF-8) and its stem were.
            if let Ok(stem) = std::str::from_utf8(&slot[6 + len..6 + len + stem_len]) {
                word.clear();
                word.push_str(stem);
                return;
            }
        }
        let mut stream = self.stemmer.token_stream(word);
        if !stream.advance() {
            return;
        }
        let stem = &stream.token().text;
        self.misses += 1;
        if self.slots.len() < self.capacity && self.misses > self.slots.len() * 2 {
            // Grown by steps, so that stemming a query's few words touches a few kilobytes:
            // a table allocated whole for every analyzer that stems was 1,500 page faults in
            // a one-shot search. Growing forgets the words met so far.
            let slots = (self.slots.len() * 16).clamp(FIRST_STEM_SLOTS, self.capacity);
            self.slots = vec![[0u8; SLOT_BYTES]; slots];
            self.misses = 0;
        }
        if word.len() + stem.len() <= SLOT_TEXT && !self.slots.is_empty() {
            let index = (hash as usize) & (self.slots.len() - 1);
            let slot = &mut self.slots[index];
            slot[..4].copy_from_slice(&tag);
            slot[4] = word.len() as u8;
            slot[5] = stem.len() as u8;
            slot[6..6 + word.len()].copy_from_slice(word.as_bytes());
            slot[6 + word.len()..6 + word.len() + stem.len()].copy_from_slice(stem.as_bytes());
        }
        let stem = stem.clone();
        drop(stream);
        *word = stem;
    }
}

impl Clone for StemCache {
    fn clone(&self) -> StemCache {
        StemCache { slots: Vec::new(), capacity: self.capacity, misses: 0, stemmer: self.stemmer.clone() }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream { tail: self.inner.token_stream(text), cache: &mut self.cache }
    }
}

struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The byte ranges of the runs of alphanumeric characters of `text`: the words of tantivy's
/// `SimpleTokenizer`, one position each.
pub fn word_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    // The length of the alphanumeric character starting at byte `i`, if it is one.
    let alphanumeric_at = move |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b.is_ascii() {
            return b.is_ascii_alphanumeric().then_some(1);
        }
        let c = text[i..].chars().next()?;
        c.is_alphanumeric().then(|| c.len_utf8())
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            match alphanumeric_at(i) {
                None => i += if bytes[i].is_ascii() { 1 } else { utf8_len(bytes[i]) },
                Some(len) => {
                    let start = i;
                    i += len;
                    while i < bytes.len() {
                        match alphanumeric_at(i) {
                            Some(len) => i += len,
                            None => break,
                        }
                    }
                    return Some(start..i);
                }
            }
        }
        None
    })
}

/// The length of the UTF-8 sequence a leading byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The exact analysis: every word kept, lowercased and accents folded, unstemmed. Quoted
/// phrases are matched in these words (`search/phrase.rs`); names are indexed so ([`NAME`]);
/// the English stems are made from them (`prepared.rs`).
pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    fn analyzer(code: &str) -> TextAnalyzer {
        stemmed(analysis_of(Some(code)).expect("a stemmed language").language)
    }

    /// The analyzers as they were built with tantivy's own stemmer.
    fn uncached(language: Language) -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
            .filter(LowerCaser)
            .filter(Stemmer::new(language))
            .build()
    }

    #[test]
    fn the_cached_stemmer_gives_the_stemmer_s_stems() {
        let text = "Rates rate rating rated ratings: the generously generous generation's \
                    connections connected CONNECTING marchés Häfen Verhandlungen x1 1987";
        for language in [Language::English, Language::French, Language::German] {
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
                .filter(LowerCaser)
                .filter(CachedStemmer(language))
                .build();
            let expected = tokens(uncached(language), text);
            // Twice: the second pass answers from the cache.
            assert_eq!(tokens(cached.clone(), text), expected, "{language:?}");
            let mut stream = cached.token_stream(text);
            while stream.advance() {}
            drop(stream);
            assert_eq!(tokens(cached, text), expected, "{language:?}, cached");
        }
    }

    #[test]
    fn the_stem_cache_is_bounded_and_answers_as_the_stemmer() {
        let mut cache = StemCache::new(Language::English, STEM_SLOTS);
        assert!(cache.slots.is_empty(), "nothing allocated before a word is stemmed");
        // More words than slots, twice (the second pass partly from the table), and a word
        // too long for a slot.
        for _ in 0..2 {
            for i in 0..STEM_SLOTS + 10 {
                let mut word = format!("word{i}s");
                cache.stem(&mut word);
                assert_eq!(word, format!("word{i}"));
            }
            let mut long = "internationalisations".to_string();
            cache.stem(&mut long);
            assert_eq!(long, "internationalis");
        }
        assert_eq!(cache.slots.len(), STEM_SLOTS);
        // A few words hold a few slots.
        let mut few = StemCache::new(Language::English, STEM_SLOTS);
        for word in ["rates", "rising", "rates"] {
            few.stem(&mut word.to_string());
        }
        assert_eq!(few.slots.len(), FIRST_STEM_SLOTS);
    }

    #[test]
    fn english_stems_and_drops_stop_words() {
        assert_eq!(tokens(english(), "The tariffs on Busan"), ["tariff", "busan"]);
    }

    #[test]
    fn exact_keeps_every_word_unstemmed_and_folds_accents() {
        assert_eq!(tokens(folded(), "The Tariffs in São Paulo"), ["the", "tariffs", "in", "sao", "paulo"]);
    }

    #[test]
    fn french_forms_meet_and_french_stop_words_go() {
        assert_eq!(tokens(analyzer("fr"), "Les marchés"), tokens(analyzer("fr"), "le marché"));
        assert_eq!(tokens(analyzer("fr"), "le marché"), tokens(analyzer("fr"), "marche"));
        assert_eq!(tokens(analyzer("fr"), "le la les du à"), Vec::<String>::new());
    }

    #[test]
    fn german_forms_meet_and_german_stop_words_go() {
        assert_eq!(tokens(analyzer("de"), "die Häfen"), tokens(analyzer("de"), "der Hafen"));
        assert_eq!(tokens(analyzer("de"), "Verhandlungen"), tokens(analyzer("de"), "Verhandlung"));
        assert_eq!(tokens(analyzer("de"), "und oder nicht"), Vec::<String>::new());
    }

    #[test]
    fn the_stop_word_test_is_the_list() {
        for word in ENGLISH_STOP_WORDS {
            assert!(is_english_stop_word(word.as_bytes()), "{word}");
            assert_eq!(tokens(english(), word), Vec::<String>::new(), "{word}");
        }
        for word in ["", "x", "tho", "thee", "ands", "an d", "The"] {
            assert!(!is_english_stop_word(word.as_bytes()), "{word}");
        }
        assert_eq!(ENGLISH_STOP_WORDS.len(), 33);
    }

    #[test]
    fn registered_analyzers_are_built_on_first_use_and_analyse_alike() {
        let index = Index::create_in_ram(tantivy::schema::Schema::builder().build());
        register(&index);
        let text = "Les marchés der Häfen x1 Verhandlungen";
        for a in &LANGUAGES {
            let registered = index.tokenizers().get(a.analyzer).expect("registered");
            let first = tokens(registered.clone(), text);
            assert_eq!(first, tokens(stemmed(a.language), text), "{}", a.code);
            assert_eq!(tokens(registered, text), first, "{}: a clone after the first use", a.code);
        }
    }

    #[test]
    fn every_language_has_its_analysis_and_english_is_the_default() {
        assert_eq!(analysis_of(Some("fr")).map(|a| a.analyzer), Some("dl_fr"));
        assert_eq!(analysis_of(Some("nb")).map(|a| a.code), Some("no"));
        assert_eq!(analysis_of(Some("en")), None);
        assert_eq!(analysis_of(Some("pl")), None);
        assert_eq!(analysis_of(None), None);
        for a in &LANGUAGES {
            assert!(!tokens(stemmed(a.language), "x1 y2").is_empty(), "{}", a.code);
        }
    }
}
