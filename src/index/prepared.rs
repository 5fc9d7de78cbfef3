//! Text analysed on the threads that parse, before it reaches tantivy's indexing thread.
//!
//! tantivy tokenises a text field on its indexing thread, one thread in a build (see
//! `writer.rs`), and that thread sets the pace of the whole build: tokenising was about a
//! quarter of its time on the bench base corpus. So the indexer analyses the text here, on the
//! parsing threads: English stems are the words of the exact analysis minus the stop words,
//! stemmed (the same chain of filters, see `analyzer.rs`).
//!
//! tantivy then gets each field as a *prepared* value: [`MARK`], then one slot per token
//! position separated by [`SLOT`], an empty slot where the analysis dropped a word (a stop word
//! or a word over 40 bytes). Every analyzer dateline registers ([`Prepared`]) reads such a
//! value back into the same tokens at the same positions, and analyses any other text (queries,
//! snippets, the `title:` of a query) as before. The index is what tantivy would have built
//! from the text itself: the tests below compare the tokens of both ways on every analysis.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{BoxTokenStream, Language, TextAnalyzer, Token, TokenStream, Tokenizer};

use super::analyzer::{
    Analysis, LONGEST_TOKEN, STEM_SLOTS, StemCache, folded, is_english_stop_word, stemmed, word_ranges,
};

/// Opens a prepared value: a Unicode noncharacter, which no tokenizer keeps as part of a word.
pub const MARK: char = '\u{FDD0}';

/// Separates the slots of a prepared value. No token has one: tokens are runs of letters and
/// digits, lowercased and folded to ASCII letters, digits and punctuation other than spaces
/// (checked for each token; a text with such a token is handed to tantivy as it is).
pub const SLOT: char = ' ';
const SLOT_BYTE: u8 = SLOT as u8;

/// Prepares `text` for the ranking field of `analysis` (`None`: English, `title` and `body`),
/// with this thread's analyzers and stem cache, handing each word of the text as written (the
/// words of tantivy's tokenizer, see `word_ranges`) to `each_word` on the way: the indexer
/// signs a body in the same pass (`minhash.rs`).
pub fn prepare(text: &str, analysis: Option<&'static Analysis>, each_word: &mut dyn FnMut(&str)) -> String {
    thread_local! {
        static PREPARER: RefCell<Preparer> = RefCell::new(Preparer::new());
    }
    PREPARER.with(|p| p.borrow_mut().prepare(text, analysis, each_word))
}

/// The analyzers of one thread.
struct Preparer {
    /// The words of the exact analysis, which the English stems are made of.
    words: TextAnalyzer,
    english_stems: StemCache,
    /// Scratch for a word being stemmed.
    word: String,
    /// The ranking analyzer of each other language met, built on first use.
    languages: HashMap<&'static str, TextAnalyzer>,
}

impl Preparer {
    fn new() -> Preparer {
        Preparer {
            words: folded(),
            english_stems: StemCache::new(Language::English, STEM_SLOTS),
            word: String::new(),
            languages: HashMap::new(),
        }
    }

    fn prepare(
        &mut self,
        text: &str,
        analysis: Option<&'static Analysis>,
        each_word: &mut dyn FnMut(&str),
    ) -> String {
        let mut slots = Slots::new(text.len());
        let mut clean = true;
        match analysis {
            None => {
                // The exact analysis word by word: an ASCII word is only lowercased (its
                // filters, run token by token through tantivy's boxed streams, were a fifth
                // of this function), any other goes through the analyzer. Each word is one
                // position, as in tantivy's tokenizer, and one too long is dropped.
                for (position, range) in word_ranges(text).enumerate() {
                    let word = &text[range];
                    each_word(word);
                    if word.len() >= LONGEST_TOKEN {
                        continue;
                    }
                    self.word.clear();
                    if word.is_ascii() {
                        self.word.push_str(word);
                        self.word.make_ascii_lowercase();
                    } else {
                        let mut stream = self.words.token_stream(word);
                        if !stream.advance() {
                            continue;
                        }
                        self.word.push_str(&stream.token().text);
                    }
                    if !is_english_stop_word(self.word.as_bytes()) {
                        self.english_stems.stem(&mut self.word);
                        clean &= slots.put(position, &self.word);
                    }
                }
            }
            Some(analysis) => {
                for range in word_ranges(text) {
                    each_word(&text[range]);
                }
                let analyzer =
                    self.languages.entry(analysis.code).or_insert_with(|| stemmed(analysis.language));
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    let token = stream.token();
                    clean &= slots.put(token.position, &token.text);
                }
            }
        }
        if clean { slots.text } else { as_is(text) }
    }
}

/// A text left for tantivy to analyse, which must not read as prepared.
fn as_is(text: &str) -> String {
    if text.starts_with(MARK) { format!("{SLOT}{text}") } else { text.to_string() }
}

/// A prepared value being written.
struct Slots {
    text: String,
    /// Slots written so far.
    count: usize,
}

impl Slots {
    fn new(capacity: usize) -> Slots {
        let mut text = String::with_capacity(capacity + 8);
        text.push(MARK);
        Slots { text, count: 0 }
    }

    /// Writes `token` at `position` (after the last one written); false when it cannot be.
    fn put(&mut self, position: usize, token: &str) -> bool {
        if position < self.count || token.is_empty() || token.contains(SLOT) {
            return false;
        }
        for slot in self.count..=position {
            if slot > 0 {
                self.text.push(SLOT);
            }
        }
        self.text.push_str(token);
        self.count = position + 1;
        true
    }
}

/// A registered analyzer: reads a prepared value back, analyses any other text with `inner`.
#[derive(Clone)]
pub struct Prepared {
    inner: TextAnalyzer,
}

impl Prepared {
    /// Wraps the analysis of a field.
    pub fn new(inner: TextAnalyzer) -> Prepared {
        Prepared { inner }
    }
}

impl Tokenizer for Prepared {
    type TokenStream<'a> = PreparedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreparedStream<'a> {
        match text.strip_prefix(MARK) {
            Some(slots) => PreparedStream::Slots(SlotStream {
                rest: slots,
                offset: MARK.len_utf8(),
                position: 0,
                token: Token::default(),
            }),
            None => PreparedStream::Text(self.inner.token_stream(text)),
        }
    }
}

/// The tokens of a prepared value, or of a text analysed as usual.
pub enum PreparedStream<'a> {
    /// A prepared value.
    Slots(SlotStream<'a>),
    /// Any other text.
    Text(BoxTokenStream<'a>),
}

impl TokenStream for PreparedStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            PreparedStream::Slots(s) => s.advance(),
            PreparedStream::Text(s) => s.advance(),
        }
    }

    fn token(&self) -> &Token {
        match self {
            PreparedStream::Slots(s) => &s.token,
            PreparedStream::Text(s) => s.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            PreparedStream::Slots(s) => &mut s.token,
            PreparedStream::Text(s) => s.token_mut(),
        }
    }
}

/// Reads the slots of a prepared value.
pub struct SlotStream<'a> {
    /// The slots not read yet.
    rest: &'a str,
    /// Where `rest` starts in the value.
    offset: usize,
    /// The position of the next slot.
    position: usize,
    token: Token,
}

impl SlotStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.rest.is_empty() && self.position > 0 {
                return false;
            }
            // Slots are short: a plain scan beats a memchr call.
            let (slot, rest, ended) = match self.rest.bytes().position(|b| b == SLOT_BYTE) {
                Some(at) => (&self.rest[..at], &self.rest[at + 1..], false),
                None => (self.rest, "", true),
            };
            let (start, position) = (self.offset, self.position);
            self.offset += slot.len() + 1;
            self.position += 1;
            self.rest = rest;
            if !slot.is_empty() {
                self.token.text.clear();
                self.token.text.push_str(slot);
                self.token.offset_from = start;
                self.token.offset_to = start + slot.len();
                self.token.position = position;
                self.token.position_length = 1;
                return true;
            }
            if ended {
                // The last slot was empty: nothing follows it.
                self.rest = "";
                return false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::analyzer::{LANGUAGES, english};

    /// (position, text) of each token.
    fn tokens(stream: &mut dyn TokenStream) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().position, stream.token().text.clone()));
        }
        out
    }

    fn through(inner: TextAnalyzer, value: &str) -> Vec<(usize, String)> {
        let mut prepared = Prepared::new(inner);
        tokens(&mut prepared.token_stream(value))
    }

    const TEXTS: [&str; 8] = [
        "The Bank of Japan kept interest rates unchanged; the yen's fall worried officials.",
        "  Les marchés, der Häfen — São Paulo's 1987 rally: x1 & y2 ... ",
        "",
        "the of and to",
        "ends with a stop word the",
        "a supercalifragilisticexpialidociouswordthatistoolongtobeindexed word, and more",
        "\u{FDD0}starts with the mark \u{FDD0} and holds it",
        "Ⅻ ⑴ ﬁnance ǆ Œuvre straße İstanbul",
    ];

    #[test]
    fn prepared_values_give_the_tokens_of_the_analyzers_english() {
        for text in TEXTS {
            let prepared = prepare(text, None, &mut |_| {});
            assert_eq!(through(english(), &prepared), tokens(&mut english().token_stream(text)), "{text:?}");
        }
    }

    #[test]
    fn prepared_values_give_the_tokens_of_the_analyzers_every_language() {
        for analysis in &LANGUAGES {
            for text in TEXTS {
                let prepared = prepare(text, Some(analysis), &mut |_| {});
                let mut analyzer = stemmed(analysis.language);
                let expected = tokens(&mut analyzer.token_stream(text));
                assert_eq!(
                    through(stemmed(analysis.language), &prepared),
                    expected,
                    "{}: {text:?}",
                    analysis.code
                );
            }
        }
    }

    #[test]
    fn stop_words_and_long_words_leave_empty_slots() {
        let prepared = prepare("The rates of the Bank", None, &mut |_| {});
        assert_eq!(prepared, "\u{FDD0} rate   bank");
        assert_eq!(through(english(), &prepared), [(1, "rate".to_string()), (4, "bank".to_string())]);
    }

    #[test]
    fn other_text_is_analysed_as_before() {
        assert_eq!(
            through(english(), "Interest Rates"),
            [(0, "interest".to_string()), (1, "rate".to_string())]
        );
        let text = "\u{FDD0}marked text";
        let as_is = as_is(text);
        assert_eq!(through(folded(), &as_is), tokens(&mut folded().token_stream(text)));
    }

    proptest::proptest! {
        /// Any text: prepared, it gives the tokens the analyzers give it (English and French),
        /// and any value at all, marked or not, reads without a panic.
        #[test]
        fn any_text_prepares_to_the_analyzers_tokens(text in proptest::prop_oneof![
            "(?s).{0,300}",
            "((The|the|rates|of|Bank|and|marchés|running|x1|1987|ÆØÅ|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|İstanbul|ﬁnance|Häfen|les)[ ,.;\n'-]{1,3}){0,60}",
        ]) {
            let prepared = prepare(&text, None, &mut |_| {});
            proptest::prop_assert_eq!(through(english(), &prepared), tokens(&mut english().token_stream(&text)));
            let french = LANGUAGES.iter().find(|a| a.code == "fr").unwrap();
            let prepared = prepare(&text, Some(french), &mut |_| {});
            proptest::prop_assert_eq!(
                through(stemmed(french.language), &prepared),
                tokens(&mut stemmed(french.language).token_stream(&text))
            );
            let marked = format!("{MARK}{text}");
            through(english(), &marked);
        }
    }

    #[test]
    fn a_token_holding_the_separator_leaves_the_text_to_tantivy() {
        let mut slots = Slots::new(8);
        assert!(slots.put(0, "ok"));
        assert!(!slots.put(1, "two words"));
        assert!(!slots.put(0, "backwards"));
    }
}
