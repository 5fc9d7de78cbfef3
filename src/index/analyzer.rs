//! Tokenising and stemming. Tantivy does not persist custom analyzers, so [`register`] must run
//! on every index opened or created (see [`super::store::ArchiveIndex`]).
//!
//! Each language tantivy ships a stemmer for has its own analysis (its stemmer and, where
//! tantivy has a list, its stop words): an article is ranked in the fields of its language
//! (see [`super::schema`]), so a French article is found by French word forms. English is the
//! analysis of every other article too: English ones, those in languages without a stemmer and
//! those whose language is unknown.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer,
};

/// Stemmed English with stop words removed: ranking on `title` and `body`.
pub const ENGLISH: &str = "dl_en";
/// Every word kept, unstemmed: exact phrases on `title_exact` and `body_exact`.
pub const EXACT: &str = "dl_exact";
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
    manager.register(ENGLISH, english());
    manager.register(EXACT, folded());
    manager.register(NAME, folded());
    for analysis in &LANGUAGES {
        manager.register(analysis.analyzer, stemmed(analysis.language));
    }
}

fn english() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic();
    let builder = match StopWordFilter::new(Language::English) {
        Some(stop) => builder.filter_dynamic(stop),
        None => builder,
    };
    builder.filter_dynamic(Stemmer::new(Language::English)).build()
}

/// Another language: stop words and stemming see the words as written (the lists and the
/// Snowball stemmers expect accents: `à`, `März`), then accents are folded so that a query
/// typed without them (`marche`) still matches.
fn stemmed(language: Language) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .dynamic();
    let builder = match StopWordFilter::new(language) {
        Some(stop) => builder.filter_dynamic(stop),
        None => builder,
    };
    builder.filter_dynamic(Stemmer::new(language)).filter_dynamic(AsciiFoldingFilter).build()
}

fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
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
