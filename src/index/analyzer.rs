//! Tokenising and stemming. Tantivy does not persist custom analyzers, so [`register`] must run
//! on every index opened or created (see [`super::store::ArchiveIndex`]).
//!
//! Each language tantivy ships a stemmer for has its own analysis (its stemmer and, where
//! tantivy has a list, its stop words): an article is ranked in the fields of its language
//! (see [`super::schema`]), so a French article is found by French word forms. English is the
//! analysis of every other article too: English ones, those in languages without a stemmer and
//! those whose language is unknown.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
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

/// Words whose stems a [`CachedStemmer`] remembers, at most, in about 1 MB: on the bodies of
/// the bench base corpus (2.5 million words, 56,000 distinct) read in order, a cache of this
/// many answers 96% of the words, against 87% with 8,192 (stemming the rest was still 3% of a
/// build).
const STEM_CACHE_WORDS: usize = 32_768;

/// Tantivy's [`Stemmer`] with the stems of the words already seen remembered: the Snowball
/// algorithm costs far more than a lookup (stemming was about 6% of the CPU time of an index
/// build). The stems are the stemmer's own, so the tokens are the same as with [`Stemmer`].
#[derive(Clone, Copy)]
struct CachedStemmer(Language);

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer, cache: StemCache::new(self.0) }
    }
}

#[derive(Clone)]
struct CachedStemmerFilter<T> {
    inner: T,
    cache: StemCache,
}

/// One analyzer's stems. Each clone of an analyzer (tantivy makes one per field and segment
/// being written) starts empty, so no lock is taken and no clone copies a full table.
///
/// Compact, because every indexing thread holds two (titles and bodies): each word and its
/// stem are written one after the other in `text`, and the table maps the word's hash to
/// where they are (about 30 bytes a word; a map of boxed strings took 100 and added 7 MB to
/// the peak memory of a build).
/// Stems of the words met last (up to [`STEM_CACHE_WORDS`]): most words of a story are
/// words it or an earlier one had.
pub(super) struct StemCache {
    /// Word hash -> (offset of the word in `text`, its length, its stem's length).
    entries: HashMap<u64, (u32, u8, u8), BuildHasherDefault<Prehashed>>,
    text: String,
    /// Keyed per process, so no input can be written to make its words collide.
    hasher: FxBuildHasher,
    /// Tantivy's stemmer, on one word at a time.
    stemmer: <Stemmer as TokenFilter>::Tokenizer<RawTokenizer>,
}

impl StemCache {
    pub(super) fn new(language: Language) -> StemCache {
        StemCache {
            entries: HashMap::default(),
            text: String::new(),
            hasher: FxBuildHasher,
            stemmer: Stemmer::new(language).transform(RawTokenizer::default()),
        }
    }

    /// Replaces `word` with its stem.
    /// Replaces `word` by its stem.
    pub(super) fn stem(&mut self, word: &mut String) {
        let hash = self.hasher.hash_one(word.as_str());
        if let Some(&(at, len, stem_len)) = self.entries.get(&hash) {
            let (at, len, stem_len) = (at as usize, usize::from(len), usize::from(stem_len));
            if self.text.get(at..at + len) == Some(word.as_str()) {
                word.clear();
                word.push_str(&self.text[at + len..at + len + stem_len]);
                return;
            }
        }
        let start = {
            let mut stream = self.stemmer.token_stream(word);
            if !stream.advance() {
                return;
            }
            let stem = &stream.token().text;
            // Tokens are shorter than LONGEST_TOKEN bytes; anything longer is not remembered.
            let (Ok(len), Ok(stem_len)) = (u8::try_from(word.len()), u8::try_from(stem.len())) else {
                let stem = stem.clone();
                drop(stream);
                *word = stem;
                return;
            };
            if self.entries.len() >= STEM_CACHE_WORDS {
                // Cleared rather than evicted word by word: the words frequent in what comes
                // next are back after a few articles.
                self.entries.clear();
                self.text.clear();
            }
            let at = self.text.len();
            self.text.push_str(word);
            self.text.push_str(stem);
            self.entries.insert(hash, (at as u32, len, stem_len));
            at + word.len()
        };
        word.clear();
        word.push_str(&self.text[start..]);
    }
}

impl Clone for StemCache {
    fn clone(&self) -> StemCache {
        StemCache {
            entries: HashMap::default(),
            text: String::new(),
            hasher: FxBuildHasher,
            stemmer: self.stemmer.clone(),
        }
    }
}

/// The hasher of [`StemCache`]'s table, whose keys are already hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
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
    fn the_stem_cache_is_bounded() {
        let mut cache = StemCache::new(Language::English);
        for i in 0..STEM_CACHE_WORDS + 10 {
            let mut word = format!("word{i}s");
            cache.stem(&mut word);
            assert_eq!(word, format!("word{i}"));
        }
        assert!(cache.entries.len() <= STEM_CACHE_WORDS);
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
