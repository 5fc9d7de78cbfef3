//! Quoted phrases, matched word for word.
//!
//! The index holds an article's text once for searching: in the ranking fields of its
//! language, stemmed, stop words left out, every word at its position. A quoted phrase is
//! looked for there first, its words analysed the same way and kept at the same distances, so
//! that `"interest rates"` finds the articles that say "interest rate" as well and `"rate of
//! interest"` those with any word between "rate" and "interest". Each article found is then
//! read back from the document store and kept only if its stored text has the phrase's own
//! words in order ([`Phrase`]): the words the exact analysis gives (`analyzer::folded`:
//! lowercased, accents folded, every word kept).
//!
//! Until schema 5 every text was indexed a second time, unstemmed, for phrases alone: that copy
//! was about a fifth of the work of a build and of the index, paid by every article for the
//! few searches that quote a phrase. A phrase search now pays a store read per candidate
//! instead.
//!
//! A phrase of stop words only ("to be or not to be") has no word in the ranking fields, so
//! every article of the language is a candidate and the store is read through; a phrase with a
//! slop (`"rates rise"~2`) is a proximity search and stays in the ranking fields (see
//! `query.rs`).
//!
//! A listing of many hits shows each of them from the same store: [`VerifiedDocs`] keeps the
//! documents the check read and found holding the phrase, so that they are not read and
//! decompressed a second time.

use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;
use tantivy::index::SegmentId;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, Value};
use tantivy::store::StoreReader;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, TantivyDocument, TantivyError,
};

use crate::index::analyzer::{LONGEST_TOKEN, folded, word_ranges};

/// Store blocks a phrase scorer keeps decompressed: candidates come in increasing order, so
/// the block of the last one read is the one the next one most likely needs.
const STORE_BLOCKS: usize = 2;

/// A quoted phrase's words as the exact analysis gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Each word with its position counted from the first word's (a word the analysis drops,
    /// one of 40 bytes or more, leaves a gap that any word fills).
    words: Vec<(usize, String)>,
    /// The last word need only start a word of the text (`"interest ra"*`).
    prefix: bool,
}

impl Phrase {
    /// The phrase of `text`; `None` when it has no word.
    pub fn of(text: &str, prefix: bool) -> Option<Phrase> {
        Phrase::new(exact_tokens(text), prefix)
    }

    /// The phrase of the exact analysis's `tokens` of a text (see [`exact_tokens`]); `None`
    /// when there are none.
    pub fn new(tokens: Vec<(usize, String)>, prefix: bool) -> Option<Phrase> {
        let first = tokens.first()?.0;
        let words = tokens.into_iter().map(|(position, word)| (position - first, word)).collect();
        Some(Phrase { words, prefix })
    }

    /// The phrase's words, in order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|(_, word)| word.as_str())
    }

    /// Whether `text` has the phrase: its words, as the exact analysis reads them, at the
    /// phrase's distances.
    pub fn occurs_in(&self, text: &str) -> bool {
        if let Some(found) = self.occurs_in_ascii_words(text) {
            return found;
        }
        let Some((last_at, last)) = self.words.last() else { return false };
        let earlier = &self.words[..self.words.len() - 1];
        // The text's last `span` words, each at its position modulo `span`.
        let span = last_at + 1;
        let mut recent: Vec<Token> = vec![Token::Dropped; span];
        let mut folder: Option<TextAnalyzer> = None;
        for (position, range) in word_ranges(text).enumerate() {
            let token = Token::of(text, range, &mut folder);
            let ends_here = position >= *last_at && token.is(text, last, self.prefix);
            recent[position % span] = token;
            if ends_here {
                let start = position - last_at;
                if earlier.iter().all(|(at, word)| recent[(start + at) % span].is(text, word, false)) {
                    return true;
                }
            }
        }
        false
    }
}

impl Phrase {
    /// [`Phrase::occurs_in`] for a text whose every letter and digit is ASCII (other
    /// characters, curly quotes, dashes or currency signs, only separate words), where a word is
    /// its own bytes in some case: the first word of the phrase is looked for with `memchr`, and
    /// the words are read only from where it stands. `None` for any other text.
    fn occurs_in_ascii_words(&self, text: &str) -> Option<bool> {
        if !ascii_words_only(text) {
            return None;
        }
        // Such a text has no word that folds to a word with other characters.
        if !self.words.iter().all(|(_, word)| word.is_ascii()) {
            return Some(false);
        }
        let bytes = text.as_bytes();
        let (_, first) = self.words.first()?;
        let &lead = first.as_bytes().first()?;
        let last = self.words.len() - 1;
        let mut from = 0;
        while let Some(found) = find_either(lead, lead.to_ascii_uppercase(), &bytes[from..]) {
            let start = from + found;
            let end = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(bytes.len(), |n| start + n);
            from = end.max(start + 1);
            if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
                continue;
            }
            let is = |word: &str, range: Range<usize>, prefix: bool| {
                let token = &bytes[range];
                token.len() < LONGEST_TOKEN
                    && match prefix {
                        true => {
                            token.len() >= word.len()
                                && token[..word.len()].eq_ignore_ascii_case(word.as_bytes())
                        }
                        false => token.eq_ignore_ascii_case(word.as_bytes()),
                    }
            };
            if !is(first, start..end, self.prefix && last == 0) {
                continue;
            }
            // The words after the first one, at their distances from it.
            let mut wanted = self.words[1..].iter().enumerate().peekable();
            for (position, range) in word_ranges(&text[start..]).enumerate().skip(1) {
                let Some(&(i, (at, word))) = wanted.peek() else { break };
                if position < *at {
                    continue;
                }
                if !is(word, start + range.start..start + range.end, self.prefix && i + 1 == last) {
                    break;
                }
                wanted.next();
            }
            if wanted.peek().is_none() {
                return Some(true);
            }
        }
        Some(false)
    }
}

/// Whether every letter and digit of `text` is ASCII.
fn ascii_words_only(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(n) = bytes[i..].iter().position(|b| !b.is_ascii()) {
        i += n;
        match text[i..].chars().next() {
            Some(c) if !c.is_alphanumeric() => i += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// The exact analysis's tokens of `text`, with their positions.
pub fn exact_tokens(text: &str) -> Vec<(usize, String)> {
    let mut analyzer = folded();
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        let token = stream.token();
        tokens.push((token.position, token.text.clone()));
    }
    tokens
}

/// One word of a text as the exact analysis reads it.
#[derive(Debug, Clone)]
enum Token {
    /// Not a token: too long.
    Dropped,
    /// An ASCII word, lowercased by comparing without case.
    Ascii(Range<usize>),
    /// Any other word, lowercased and folded.
    Folded(String),
}

impl Token {
    fn of(text: &str, range: Range<usize>, folder: &mut Option<TextAnalyzer>) -> Token {
        let word = &text[range.clone()];
        if word.len() >= LONGEST_TOKEN {
            return Token::Dropped;
        }
        if word.is_ascii() {
            return Token::Ascii(range);
        }
        let analyzer = folder.get_or_insert_with(folded);
        let mut stream = analyzer.token_stream(word);
        match stream.next() {
            Some(token) => Token::Folded(token.text.clone()),
            None => Token::Dropped,
        }
    }

    /// Whether this token is `word` (or, with `prefix`, starts with it).
    fn is(&self, text: &str, word: &str, prefix: bool) -> bool {
        let token = match self {
            Token::Dropped => return false,
            Token::Ascii(range) => text[range.clone()].as_bytes(),
            Token::Folded(folded) => folded.as_bytes(),
        };
        let word = word.as_bytes();
        match prefix {
            true => token.len() >= word.len() && token[..word.len()].eq_ignore_ascii_case(word),
            false => token.eq_ignore_ascii_case(word),
        }
    }
}

/// The stored documents that the phrases of one search read and found holding their phrase,
/// kept for showing them, up to a number of bytes of text allowed by [`VerifiedDocs::keep`]
/// (none until then: a page of ten hits would keep every match to save ten reads).
#[derive(Default)]
pub struct VerifiedDocs {
    /// Bytes of stored text that may still be kept.
    room: AtomicUsize,
    docs: Mutex<FxHashMap<(SegmentId, DocId), TantivyDocument>>,
}

impl VerifiedDocs {
    /// Allows keeping documents of up to `bytes` of stored text in all.
    pub fn keep(&self, bytes: usize) {
        self.room.store(bytes, Ordering::Relaxed);
    }

    /// The document at `address`, if a phrase kept it; it is not kept any longer.
    pub fn take(&self, searcher: &Searcher, address: DocAddress) -> Option<TantivyDocument> {
        let segment = searcher.segment_readers().get(address.segment_ord as usize)?.segment_id();
        self.docs.lock().unwrap_or_else(PoisonError::into_inner).remove(&(segment, address.doc_id))
    }

    /// Whether document `doc` of `segment` has `phrase` in its stored `text`: checked in the
    /// kept document when there is one (another phrase of the search read it), else in the
    /// store, keeping the document when it has the phrase and there is room.
    fn check(
        &self,
        store: &StoreReader,
        segment: SegmentId,
        doc: DocId,
        text: Field,
        phrase: &Phrase,
    ) -> bool {
        let key = (segment, doc);
        let docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = docs.get(&key) {
            return text_of(kept, text).is_some_and(|t| phrase.occurs_in(t));
        }
        drop(docs);
        // A document the store cannot give back has not the phrase: a scorer cannot report an
        // error, and the same read fails loudly when the hit is shown.
        let Ok(stored) = store.get::<TantivyDocument>(doc) else { return false };
        let Some(size) = text_of(&stored, text).filter(|t| phrase.occurs_in(t)).map(str::len) else {
            return false;
        };
        if self.room.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |room| room.checked_sub(size)).is_ok()
        {
            self.docs.lock().unwrap_or_else(PoisonError::into_inner).insert(key, stored);
        }
        true
    }
}

impl fmt::Debug for VerifiedDocs {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let kept = self.docs.lock().unwrap_or_else(PoisonError::into_inner).len();
        write!(f, "VerifiedDocs({kept} kept, room for {} bytes)", self.room.load(Ordering::Relaxed))
    }
}

/// The stored value of `text` in `doc`.
fn text_of(doc: &TantivyDocument, text: Field) -> Option<&str> {
    doc.get_first(text).and_then(|v| v.as_str())
}

/// The articles of `candidates` whose stored `text` field has `phrase`, scored as the
/// candidates are.
pub struct ExactPhraseQuery {
    candidates: Box<dyn Query>,
    text: Field,
    phrase: Arc<Phrase>,
    verified: Arc<VerifiedDocs>,
}

impl ExactPhraseQuery {
    /// Keeps the articles of `candidates` whose stored `text` has `phrase`.
    pub fn new(candidates: Box<dyn Query>, text: Field, phrase: Phrase) -> ExactPhraseQuery {
        ExactPhraseQuery { candidates, text, phrase: Arc::new(phrase), verified: Arc::default() }
    }

    /// Shares with `verified` the documents read to check the phrase.
    pub fn sharing(self, verified: Arc<VerifiedDocs>) -> ExactPhraseQuery {
        ExactPhraseQuery { verified, ..self }
    }
}

impl Clone for ExactPhraseQuery {
    fn clone(&self) -> Self {
        ExactPhraseQuery {
            candidates: self.candidates.box_clone(),
            text: self.text,
            phrase: self.phrase.clone(),
            verified: self.verified.clone(),
        }
    }
}

impl fmt::Debug for ExactPhraseQuery {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "ExactPhrase({:?} in {:?} of {:?})", self.phrase.words, self.text, self.candidates)
    }
}

impl Query for ExactPhraseQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExactPhraseWeight {
            candidates: self.candidates.weight(enable_scoring)?,
            text: self.text,
            phrase: self.phrase.clone(),
            verified: self.verified.clone(),
        }))
    }

    // No terms: the candidates' stemmed terms would highlight "rate" for "rates" in snippets,
    // which are given the phrase's own words instead (`snippet.rs`).
    fn query_terms<'a>(&'a self, _visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {}
}

struct ExactPhraseWeight {
    candidates: Box<dyn Weight>,
    text: Field,
    phrase: Arc<Phrase>,
    verified: Arc<VerifiedDocs>,
}

impl Weight for ExactPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let candidates = self.candidates.scorer(reader, boost)?;
        let store = reader.get_store_reader(STORE_BLOCKS)?;
        let mut scorer = Verified {
            candidates,
            store,
            segment: reader.segment_id(),
            text: self.text,
            phrase: self.phrase.clone(),
            verified: self.verified.clone(),
        };
        let first = scorer.candidates.doc();
        if first != TERMINATED && !scorer.holds(first) {
            scorer.advance();
        }
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let store = reader.get_store_reader(1)?;
        if !self.verified.check(&store, reader.segment_id(), doc, self.text, &self.phrase) {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not have the phrase")));
        }
        self.candidates.explain(reader, doc)
    }
}

/// The candidates' scorer, passing over every candidate without the phrase.
struct Verified {
    candidates: Box<dyn Scorer>,
    store: StoreReader,
    segment: SegmentId,
    text: Field,
    phrase: Arc<Phrase>,
    verified: Arc<VerifiedDocs>,
}

impl Verified {
    fn holds(&self, doc: DocId) -> bool {
        self.verified.check(&self.store, self.segment, doc, self.text, &self.phrase)
    }
}

impl DocSet for Verified {
    fn advance(&mut self) -> DocId {
        loop {
            let doc = self.candidates.advance();
            if doc == TERMINATED || self.holds(doc) {
                return doc;
            }
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        // The current candidate holds the phrase already: no second read.
        let current = self.candidates.doc();
        if target <= current {
            return current;
        }
        let doc = self.candidates.seek(target);
        if doc == TERMINATED || self.holds(doc) { doc } else { self.advance() }
    }

    fn doc(&self) -> DocId {
        self.candidates.doc()
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }
}

impl Scorer for Verified {
    fn score(&mut self) -> Score {
        self.candidates.score()
    }
}

/// Where either of two bytes first stands in `hay`: `memchr2` on SSE2, which every x86-64
/// processor has. The `memchr` crate's own functions ask the processor for its features on
/// their first call (`cpuid`, a trap to the hypervisor in a virtual machine: 0.15 to 0.5 ms of a
/// 2-3 ms fresh search on the bench VM, BENCHMARKS.md).
#[cfg(target_arch = "x86_64")]
fn find_either(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    match memchr::arch::x86_64::sse2::memchr::Two::new(a, b) {
        Some(searcher) => searcher.find(hay),
        None => memchr::memchr2(a, b, hay),
    }
}

/// Where either of two bytes first stands in `hay`.
#[cfg(not(target_arch = "x86_64"))]
fn find_either(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr2(a, b, hay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{AllQuery, BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STORED, Schema, TEXT};
    use tantivy::{Index, Term};

    fn has(text: &str, phrase: &str) -> bool {
        Phrase::of(phrase, false).expect("words").occurs_in(text)
    }

    /// The plain reading of [`Phrase::occurs_in`]: some position where every word of the phrase
    /// is the token of the exact analysis at its distance.
    fn brute_force(text: &str, phrase: &Phrase) -> bool {
        let tokens: std::collections::HashMap<usize, String> = exact_tokens(text).into_iter().collect();
        let last = phrase.words.len() - 1;
        (0..=text.len()).any(|start| {
            phrase.words.iter().enumerate().all(|(i, (at, word))| {
                tokens.get(&(start + at)).is_some_and(|token| match phrase.prefix && i == last {
                    true => token.starts_with(word.as_str()),
                    false => token == word,
                })
            })
        })
    }

    #[test]
    fn a_phrase_matches_its_words_in_order_and_no_other_form() {
        assert!(has("The Fed raised interest rates on Wednesday.", "interest rates"));
        assert!(has("INTEREST\n  RATES rose", "interest rates"), "case and spacing do not count");
        assert!(has("interest-rates", "interest rates"), "punctuation separates words, as indexed");
        assert!(!has("the interest rate rose", "interest rates"), "no other form of a word");
        assert!(!has("rates of interest", "interest rates"), "the order counts");
        assert!(!has("interest, then rates", "interest rates"), "a word between them");
        assert!(has("a rate of interest", "rate of interest"), "stop words are words of the phrase");
        assert!(!has("a rate on interest", "rate of interest"));
        assert!(has("rates", "rates") && !has("rate", "rates"));
        assert!(has("São Paulo's stocks", "sao paulo"), "accents are folded as indexed");
        assert!(has("Sao Paulo", "São Paulo"));
        assert!(!has("", "rates") && !has("rates rates", "rates rates rates"));
        assert_eq!(Phrase::of(" -- !! ", false), None, "no word, no phrase");
    }

    #[test]
    fn a_word_too_long_to_index_is_a_gap_any_word_fills() {
        let long = "x".repeat(LONGEST_TOKEN);
        let phrase = Phrase::of(&format!("before {long} after"), false).unwrap();
        assert_eq!(phrase.words, [(0, "before".to_string()), (2, "after".to_string())]);
        assert!(phrase.occurs_in("before anything after"));
        assert!(phrase.occurs_in(&format!("before {} after", "y".repeat(50))));
        assert!(!phrase.occurs_in("before after"));
    }

    #[test]
    fn the_last_word_of_a_prefix_phrase_only_starts_a_word() {
        let phrase = Phrase::of("interest ra", true).unwrap();
        assert!(phrase.occurs_in("interest rates"));
        assert!(phrase.occurs_in("Interest RA"));
        assert!(!phrase.occurs_in("interest ar"));
        assert!(!phrase.occurs_in("rates interest"));
        assert!(Phrase::of("zür", true).unwrap().occurs_in("in Zürich"));
    }

    /// The words joined by their separators, and the `len` words from `from` as a phrase (the
    /// last one cut `shorten` characters short when it is a `prefix`: a prefix phrase ends with
    /// the start of a word).
    fn text_and_cut(
        words: &[String],
        separators: &[String],
        from: usize,
        len: usize,
        prefix: bool,
        shorten: usize,
    ) -> (String, String) {
        let text: String = words.iter().zip(separators).map(|(w, s)| format!("{w}{s}")).collect();
        let mut cut: Vec<String> = words.iter().skip(from).take(len).cloned().collect();
        if let Some(last) = cut.last_mut().filter(|_| prefix) {
            let keep = last.chars().count().saturating_sub(shorten).max(1);
            *last = last.chars().take(keep).collect();
        }
        (text, cut.join(" "))
    }

    proptest::proptest! {
        /// Over texts of a few words (with accents, case, long words and punctuation) and
        /// phrases cut from them, the scan says what the exact analysis's tokens say.
        #[test]
        fn the_scan_agrees_with_the_analyzer(
            words in proptest::collection::vec(
                "(rates|Rates|RATES|rate|of|the|São|sao|Zürich|x1|1987|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|ﬁnance|İstanbul|日本)",
                0..30,
            ),
            separators in proptest::collection::vec("[ ,.\n'-]{1,3}", 30),
            from in 0usize..30,
            len in 1usize..5,
            prefix in proptest::bool::ANY,
            shorten in 0usize..4,
        ) {
            let (text, cut) = text_and_cut(&words, &separators, from, len, prefix, shorten);
            for phrase_text in [cut, "rates of the".to_string(), "sao ra".to_string()] {
                if let Some(phrase) = Phrase::of(&phrase_text, prefix) {
                    proptest::prop_assert_eq!(phrase.occurs_in(&text), brute_force(&text, &phrase), "{:?} in {:?}", phrase_text, text);
                }
            }
        }
    }

    proptest::proptest! {
        /// Over texts whose words are ASCII (the case the scan shortens, with non-ASCII
        /// punctuation between words), the scan still says what the exact analysis says.
        #[test]
        fn the_scan_of_ascii_words_agrees_with_the_analyzer(
            words in proptest::collection::vec(
                "(rates|Rates|RATES|rate|ra|of|the|sao|x1|1987|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|interest)",
                0..30,
            ),
            separators in proptest::collection::vec("[ ,.\n'’—£-]{1,3}", 30),
            from in 0usize..30,
            len in 1usize..5,
            prefix in proptest::bool::ANY,
            shorten in 0usize..4,
        ) {
            let (text, cut) = text_and_cut(&words, &separators, from, len, prefix, shorten);
            for phrase_text in [cut, "rates of the".to_string(), "sao ra".to_string(), "São".to_string()] {
                if let Some(phrase) = Phrase::of(&phrase_text, prefix) {
                    proptest::prop_assert_eq!(phrase.occurs_in_ascii_words(&text), Some(brute_force(&text, &phrase)), "{:?} in {:?}", phrase_text, text);
                }
            }
        }
    }

    #[test]
    fn only_texts_whose_letters_are_ascii_take_the_short_scan() {
        let phrase = Phrase::of("interest rates", false).unwrap();
        assert_eq!(phrase.occurs_in_ascii_words("“Interest rates” — £5"), Some(true));
        assert_eq!(phrase.occurs_in_ascii_words("interest—rates"), Some(true));
        assert_eq!(phrase.occurs_in_ascii_words("xinterest rates"), Some(false));
        assert_eq!(phrase.occurs_in_ascii_words("interest ratesx"), Some(false));
        assert_eq!(phrase.occurs_in_ascii_words("interest rates in São Paulo"), None);
        assert!(Phrase::of("sao paulo", false).unwrap().occurs_in("São Paulo"));
    }

    /// An index of `texts` with a stemless text field (indexed) and the stored text.
    fn index_of(texts: &[&str]) -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let words = schema.add_text_field("words", TEXT);
        let stored = schema.add_text_field("stored", STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in texts {
            let mut doc = TantivyDocument::default();
            doc.add_text(words, text);
            doc.add_text(stored, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, words, stored)
    }

    #[test]
    fn only_the_candidates_with_the_phrase_match_alone_and_in_a_conjunction() {
        let texts = [
            "the interest rate rose",
            "interest rates rose in Japan",
            "rates of interest",
            "interest rates fell in Japan",
            "nothing here",
            "Japan held interest rates",
        ];
        let (index, words, stored) = index_of(&texts);
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| Term::from_field_text(words, w);
        // Candidates: every article with "interest" (what a stemmed phrase would find, and more).
        let candidates =
            || -> Box<dyn Query> { Box::new(TermQuery::new(term("interest"), IndexRecordOption::WithFreqs)) };
        let exact = ExactPhraseQuery::new(candidates(), stored, Phrase::of("interest rates", false).unwrap());
        assert_eq!(searcher.search(&exact, &Count).unwrap(), 3);
        let top = searcher.search(&exact, &TopDocs::with_limit(10).order_by_score()).unwrap();
        let mut docs: Vec<u32> = top.iter().map(|(_, address)| address.doc_id).collect();
        docs.sort();
        assert_eq!(docs, [1, 3, 5]);
        // Intersected with a word, and excluded: the scorer seeks forward correctly.
        let japan: Box<dyn Query> = Box::new(TermQuery::new(term("japan"), IndexRecordOption::Basic));
        let both =
            BooleanQuery::new(vec![(Occur::Must, japan.box_clone()), (Occur::Must, Box::new(exact.clone()))]);
        assert_eq!(searcher.search(&both, &Count).unwrap(), 3);
        let without = BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, Box::new(exact.clone())),
        ]);
        assert_eq!(searcher.search(&without, &Count).unwrap(), 3);
        // Explained only where it matches.
        let weight = exact.weight(EnableScoring::enabled_from_searcher(&searcher)).unwrap();
        let segment = searcher.segment_reader(0);
        assert!(weight.explain(segment, 1).is_ok());
        assert!(weight.explain(segment, 0).is_err());
        // Every candidate read: a phrase of stop words alone.
        let all = ExactPhraseQuery::new(Box::new(AllQuery), stored, Phrase::of("rates of", false).unwrap());
        assert_eq!(searcher.search(&all, &Count).unwrap(), 1);
    }

    #[test]
    fn documents_read_for_a_phrase_are_kept_only_when_allowed_and_checked_for_every_phrase() {
        let texts = ["interest rates rose in Japan", "rates of interest", "interest rates fell"];
        let (index, words, stored) = index_of(&texts);
        let searcher = index.reader().unwrap().searcher();
        let interest = Term::from_field_text(words, "interest");
        let candidates =
            || -> Box<dyn Query> { Box::new(TermQuery::new(interest.clone(), IndexRecordOption::Basic)) };
        let address = |doc| DocAddress::new(0, doc);
        let phrase = |text| Phrase::of(text, false).unwrap();

        // Not allowed to keep: nothing kept.
        let verified: Arc<VerifiedDocs> = Arc::default();
        let rates =
            ExactPhraseQuery::new(candidates(), stored, phrase("interest rates")).sharing(verified.clone());
        assert_eq!(searcher.search(&rates, &Count).unwrap(), 2);
        assert!(verified.take(&searcher, address(0)).is_none());

        // Allowed: the two documents with the phrase are kept, the third is not, and each is
        // given once.
        verified.keep(1 << 20);
        assert_eq!(searcher.search(&rates, &Count).unwrap(), 2);
        // Another phrase sharing the kept documents checks its own words in them
        // (the first is kept and has not these).
        let fell =
            ExactPhraseQuery::new(candidates(), stored, phrase("rates fell")).sharing(verified.clone());
        let top = searcher.search(&fell, &TopDocs::with_limit(10).order_by_score()).unwrap();
        assert_eq!(top.iter().map(|(_, a)| a.doc_id).collect::<Vec<_>>(), [2]);

        let kept = verified.take(&searcher, address(0)).expect("kept");
        assert_eq!(text_of(&kept, stored), Some(texts[0]));
        assert!(verified.take(&searcher, address(0)).is_none());
        assert!(verified.take(&searcher, address(1)).is_none());

        // No more than the room allows: the first document's text alone.
        let small: Arc<VerifiedDocs> = Arc::default();
        small.keep(texts[0].len());
        let rates =
            ExactPhraseQuery::new(candidates(), stored, phrase("interest rates")).sharing(small.clone());
        assert_eq!(searcher.search(&rates, &Count).unwrap(), 2);
        assert!(small.take(&searcher, address(0)).is_some());
        assert!(small.take(&searcher, address(2)).is_none());
    }
}
