//! Tokenising and stemming. Tantivy does not persist custom analyzers, so [`register`] must run
//! on every index opened or created (see [`super::store::ArchiveIndex`]).

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

/// Registers dateline's analyzers on `index`.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(ENGLISH, english());
    manager.register(EXACT, folded());
    manager.register(NAME, folded());
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

    #[test]
    fn english_stems_and_drops_stop_words() {
        assert_eq!(tokens(english(), "The tariffs on Busan"), ["tariff", "busan"]);
    }

    #[test]
    fn exact_keeps_every_word_unstemmed_and_folds_accents() {
        assert_eq!(tokens(folded(), "The Tariffs in São Paulo"), ["the", "tariffs", "in", "sao", "paulo"]);
    }
}
