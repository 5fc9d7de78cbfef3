//! Snippets: the passage of a hit's body that best matches the query, with the matched words
//! marked. Words are matched stemmed in the article's language (from `body`, `body_fr`...) and
//! the words of quoted phrases exactly, as written (`phrase.rs`); the passage with more matched
//! words wins.
//!
//! The passage is the one tantivy's `SnippetGenerator` picks: the body's words cut into
//! windows of at most [`SNIPPET_CHARS`] bytes, each scored by the sum of `1 / (1 + doc freq)`
//! of its matched words, the best (earliest on a tie) kept. For English and for phrases the
//! body is scanned here instead of through the analyzer: a word is lowercased in place, stop
//! words are dropped by their list, and only a word that starts like a query term is stemmed
//! (stemming keeps the start of a word). That gives the same passage and highlights
//! while most of a body's words are never stemmed, which was most of the cost of a search.
//! Other languages go through tantivy's generator.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Serialize;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Result, Score, Searcher, Term};

use super::phrase::Phrase;
use crate::index::Fields;
use crate::index::analyzer::{LONGEST_TOKEN, folded, is_english_stop_word, word_ranges};

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// A passage of the body with the byte ranges of the matched words.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges in `text` to highlight, in order, not overlapping.
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// The opening of a body, nothing highlighted.
    pub fn opening(body: &str) -> Snippet {
        Snippet { text: opening(body, SNIPPET_CHARS), highlights: Vec::new() }
    }
}

/// Snippet makers for one query, reused across its hits.
pub struct Snippets {
    /// One maker per body field the query has words in, with its field.
    makers: Vec<(Field, Maker)>,
    /// The words of the query's quoted phrases, matched unstemmed in a body of any language.
    exact: Option<Scanner>,
    fields: Fields,
}

/// How the passages of one field are found.
enum Maker {
    /// `body` (English): scanned here.
    Scan(Box<Scanner>),
    /// The other languages: tantivy's generator.
    Tantivy(SnippetGenerator),
}

impl Snippets {
    /// Prepares the makers for `query`, whose quoted phrases are `phrases`.
    pub fn new(searcher: &Searcher, query: &dyn Query, fields: &Fields, phrases: &[Phrase]) -> Result<Self> {
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if !terms.contains(term) {
                terms.push(term.clone());
            }
        });
        let queried = |field: Field| terms.iter().any(|t| t.field() == field);
        let languages = fields.languages.iter().map(|l| l.body);
        let mut makers = Vec::new();
        for field in std::iter::once(fields.body).chain(languages) {
            // Without a query word in this field, it could only highlight nothing: skipping it
            // saves tokenising every body once more.
            if !queried(field) {
                continue;
            }
            let weights = weights(searcher, &terms, field)?;
            let analyzer = searcher.index().tokenizer_for_field(field)?;
            let maker = if field == fields.body {
                Maker::Scan(Box::new(Scanner::new(weights, analyzer, true)))
            } else {
                Maker::Tantivy(SnippetGenerator::new(weights, analyzer, field, SNIPPET_CHARS))
            };
            makers.push((field, maker));
        }
        let exact = match phrases.is_empty() {
            true => None,
            false => Some(Scanner::new(phrase_weights(searcher, fields, phrases)?, folded(), false)),
        };
        Ok(Snippets { makers, exact, fields: fields.clone() })
    }

    /// The snippet of one body in `lang` (its words are matched as they were indexed). Without
    /// any matched word, the opening of the body.
    pub fn make(&self, body: &str, lang: Option<&str>) -> Snippet {
        let (_, stemmed) = self.fields.text_fields(lang);
        let ranked =
            self.makers.iter().filter(|(field, _)| *field == stemmed).map(|(_, maker)| match maker {
                Maker::Scan(scanner) => scanner.snippet(body),
                Maker::Tantivy(generator) => {
                    let s = generator.snippet(body);
                    let highlights = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
                    Snippet { text: s.fragment().to_string(), highlights }
                }
            });
        let exact = self.exact.iter().map(|scanner| scanner.snippet(body));
        // On a tie the later one wins: the exact words over English stems, another
        // language's stems over the exact words (the order of the fields of schema 4).
        let best = match stemmed == self.fields.body {
            true => ranked.chain(exact).max_by_key(|s| s.highlights.len()),
            false => exact.chain(ranked).max_by_key(|s| s.highlights.len()),
        };
        best.filter(|s| !s.highlights.is_empty()).unwrap_or_else(|| Snippet::opening(body))
    }
}

/// The weight of each word of `phrases`: `1 / (1 + doc freq)`, the doc freq of its English
/// stem in `body` (the words are indexed only stemmed; a word of another language is in
/// none, and weighs most), or of every article for a word the analysis drops (a stop word).
fn phrase_weights(
    searcher: &Searcher,
    fields: &Fields,
    phrases: &[Phrase],
) -> Result<BTreeMap<String, Score>> {
    let mut analyzer = searcher.index().tokenizer_for_field(fields.body)?;
    let mut out = BTreeMap::new();
    for word in phrases.iter().flat_map(|p| p.words()) {
        if out.contains_key(word) {
            continue;
        }
        let stem = analyzer.token_stream(word).next().map(|token| token.text.clone());
        let doc_freq = match stem {
            Some(stem) => searcher.doc_freq(&Term::from_field_text(fields.body, &stem))?,
            None => searcher.num_docs(),
        };
        out.insert(word.to_string(), 1.0 / (1.0 + doc_freq as Score));
    }
    Ok(out)
}

/// The weight of each of the query's terms in `field` that some article has, as tantivy's
/// generator weighs them: `1 / (1 + doc freq)`.
fn weights(searcher: &Searcher, terms: &[Term], field: Field) -> Result<BTreeMap<String, Score>> {
    let mut out = BTreeMap::new();
    for term in terms.iter().filter(|t| t.field() == field) {
        let value = term.value();
        let Some(text) = value.as_str() else { continue };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            out.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    Ok(out)
}

/// What one word of a body is to a field's analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    /// Dropped by the analysis (a stop word, or too long): not a token.
    Dropped,
    /// A token that is none of the query's terms.
    Plain,
    /// A token that is a query term, with the term's weight.
    Matched(Score),
}

/// Finds passages in bodies analysed by `dl_en` (stemmed: tokenizer, long-word filter,
/// lowercase, ASCII folding, English stop words, English stemmer) or `dl_exact` (the same
/// without stop words and stemming), reading ASCII words directly and handing the rest to the
/// analyzer, with the same result as tantivy's generator over that analyzer.
struct Scanner {
    weights: BTreeMap<String, Score>,
    /// Whether some term starts with each (lowercase) byte: a word whose first letter starts
    /// no term is no term, stemmed or not.
    starts: [bool; 256],
    stemmed: bool,
    analyzer: RefCell<TextAnalyzer>,
    /// Words already run through the analyzer (lowercased when ASCII, else as written).
    known: RefCell<HashMap<String, Word>>,
}

/// A window of a body being scored (tantivy's `FragmentCandidate`).
struct Window {
    score: Score,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Window {
    fn new(start: usize) -> Window {
        Window { score: 0.0, start, stop: start, highlighted: Vec::new() }
    }
}

impl Scanner {
    fn new(weights: BTreeMap<String, Score>, analyzer: TextAnalyzer, stemmed: bool) -> Scanner {
        let mut starts = [false; 256];
        for term in weights.keys() {
            if let Some(&first) = term.as_bytes().first() {
                starts[usize::from(first)] = true;
            }
        }
        Scanner {
            weights,
            starts,
            stemmed,
            analyzer: RefCell::new(analyzer),
            known: RefCell::new(HashMap::new()),
        }
    }

    /// The best window of `body` and its matched words (tantivy's `search_fragments` then
    /// `select_best_fragment_combination`).
    fn snippet(&self, body: &str) -> Snippet {
        let mut windows: Vec<Window> = Vec::new();
        let mut window = Window::new(0);
        for_each_word(body, |from, to| {
            let score = match self.word(&body[from..to]) {
                Word::Dropped => return,
                Word::Plain => None,
                Word::Matched(score) => Some(score),
            };
            if to - window.start > SNIPPET_CHARS {
                let done = std::mem::replace(&mut window, Window::new(from));
                if done.score > 0.0 {
                    windows.push(done);
                }
            }
            window.stop = to;
            if let Some(score) = score {
                window.score += score;
                window.highlighted.push(from..to);
            }
        });
        if window.score > 0.0 {
            windows.push(window);
        }
        let best = windows.iter().max_by(|left, right| {
            match left.score.partial_cmp(&right.score).unwrap_or(std::cmp::Ordering::Equal) {
                std::cmp::Ordering::Equal => (right.start, right.stop).cmp(&(left.start, left.stop)),
                other => other,
            }
        });
        match best {
            Some(w) => Snippet {
                text: body[w.start..w.stop].to_string(),
                highlights: w.highlighted.iter().map(|r| (r.start - w.start, r.end - w.start)).collect(),
            },
            None => Snippet::default(),
        }
    }

    /// What one word (a run of alphanumeric characters) is to this field's analysis.
    fn word(&self, word: &str) -> Word {
        if !word.is_ascii() {
            return self.analysed(word, word);
        }
        if word.len() >= LONGEST_TOKEN {
            return Word::Dropped;
        }
        let mut buffer = [0u8; LONGEST_TOKEN];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let lower: &[u8] = lower;
        let starts_a_term = self.starts[usize::from(lower[0])];
        if !self.stemmed {
            if !starts_a_term {
                return Word::Plain;
            }
            return match std::str::from_utf8(lower).ok().and_then(|w| self.weights.get(w)) {
                Some(&score) => Word::Matched(score),
                None => Word::Plain,
            };
        }
        if is_english_stop_word(lower) {
            return Word::Dropped;
        }
        if !starts_a_term || !self.weights.keys().any(|term| may_stem_to(lower, term.as_bytes())) {
            return Word::Plain;
        }
        match std::str::from_utf8(lower) {
            Ok(lower) => self.analysed(lower, word),
            Err(_) => Word::Plain,
        }
    }

    /// A word as the analyzer sees it, remembered under `key`.
    fn analysed(&self, key: &str, word: &str) -> Word {
        if let Some(&known) = self.known.borrow().get(key) {
            return known;
        }
        let mut analyzer = self.analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(word);
        let found = match stream.next() {
            None => Word::Dropped,
            Some(token) => match self.weights.get(&token.text.to_lowercase()) {
                Some(&score) => Word::Matched(score),
                None => Word::Plain,
            },
        };
        drop(stream);
        self.known.borrow_mut().insert(key.to_string(), found);
        found
    }
}

/// Whether the English stemmer could make `stem` of `word` (lowercase ASCII). Stemming only
/// rewrites the end of a word: a stem keeps the word's first letter, its second unless that is
/// a `y` (dying -> die), and all but its own last two letters (generously, three: across the
/// 100,000 words of /usr/share/dict/words, never more than two, see the tests). Most words of
/// a body fail this against every query term and are never stemmed.
fn may_stem_to(word: &[u8], stem: &[u8]) -> bool {
    let start = match (word, stem) {
        ([first], [s, ..]) => first == s,
        ([first, b'y', ..], [s, ..]) => first == s,
        ([first, second, ..], [s, t, ..]) => first == s && second == t,
        _ => false,
    };
    start && word.starts_with(&stem[..stem.len().saturating_sub(STEM_REWRITES)])
}

/// The most letters at the end of a stem that differ from its word, plus one for safety.
const STEM_REWRITES: usize = 3;

/// Calls `each` with the byte range of every run of alphanumeric characters of `text` (the
/// words of tantivy's `SimpleTokenizer`).
fn for_each_word(text: &str, mut each: impl FnMut(usize, usize)) {
    for word in word_ranges(text) {
        each(word.start, word.end);
    }
}

/// The first `max` characters of `text`, cut at a word boundary.
fn opening(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::analyzer::{ENGLISH, register};
    use tantivy::schema::Schema;

    #[test]
    fn opening_cuts_at_a_word_and_flattens_whitespace() {
        assert_eq!(opening("one two\n\nthree", 100), "one two three");
        assert_eq!(opening("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(opening("ééééé", 3), "ééé…");
    }

    fn analyzer(name: &str) -> TextAnalyzer {
        let index = tantivy::Index::create_in_ram(Schema::builder().build());
        register(&index);
        index.tokenizers().get(name).expect("registered")
    }

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// Texts to compare on: the sample corpus, plus words the stemmer treats specially, accents,
    /// long words and punctuation.
    fn texts() -> Vec<String> {
        let mut texts = vec![
            "Skies, dying and lying; tying idly, gently. Ugly early only singly: news, howe, atlas, \
             cosmos, bias, andes. Generously generous generate general ies ied sses."
                .to_string(),
            format!(
                "São Paulo's café crème — Zürich ÉTÉ über. {} end. Ünïcödé 42nd 1987 x1 Ⅻ ½",
                "a".repeat(45)
            ),
            "The THE the. In it is a an. Interest rates interest RATE rated. 日本 東京 Straße".to_string(),
        ];
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_corpus")];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    stack.push(entry.unwrap().path());
                }
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push(text);
            }
        }
        assert!(texts.len() > 10, "the sample corpus is read");
        texts
    }

    #[test]
    fn english_stemming_keeps_the_first_letters() {
        let mut english = analyzer(ENGLISH);
        let mut words: Vec<String> = texts().iter().flat_map(|t| tokens(&mut folded(), t)).collect();
        if let Ok(dict) = std::fs::read_to_string("/usr/share/dict/words") {
            words.extend(dict.lines().map(str::to_string));
        }
        for word in words.iter().filter(|w| w.bytes().all(|b| b.is_ascii_alphanumeric())) {
            let lower = word.to_ascii_lowercase();
            for stem in tokens(&mut english, word) {
                assert!(may_stem_to(lower.as_bytes(), stem.as_bytes()), "{word} -> {stem}");
                // The margin of one letter in STEM_REWRITES is kept.
                let kept = lower.bytes().zip(stem.bytes()).take_while(|(a, b)| a == b).count();
                assert!(stem.len() - kept < STEM_REWRITES, "{word} -> {stem}");
            }
        }
    }

    #[test]
    fn the_scanner_picks_what_tantivy_picks() {
        let texts = texts();
        for (name, stemmed) in [(ENGLISH, true), ("exact", false)] {
            let mut analysis = if stemmed { analyzer(name) } else { folded() };
            let field = Field::from_field_id(0);
            // Query terms: every 13th word of each text (and its neighbour), as the analysis
            // makes them, weighed by position so that windows differ in score.
            for (n, text) in texts.iter().enumerate() {
                let words = tokens(&mut analysis, text);
                let mut weights = BTreeMap::new();
                for (i, word) in words.iter().enumerate().filter(|(i, _)| (i + n) % 13 == 0) {
                    weights.insert(word.clone(), 1.0 / (2.0 + (i % 5) as Score));
                    if let Some(next) = words.get(i + 1) {
                        weights.insert(next.clone(), 0.25);
                    }
                }
                for weights in [weights.clone(), BTreeMap::new(), weights.into_iter().take(2).collect()] {
                    let generator =
                        SnippetGenerator::new(weights.clone(), analysis.clone(), field, SNIPPET_CHARS);
                    let expected = generator.snippet(text);
                    let scanner = Scanner::new(weights, analysis.clone(), stemmed);
                    let got = scanner.snippet(text);
                    assert_eq!(got.text, expected.fragment(), "{name}, text {n}");
                    let ranges: Vec<(usize, usize)> =
                        expected.highlighted().iter().map(|r| (r.start, r.end)).collect();
                    assert_eq!(got.highlights, ranges, "{name}, text {n}");
                    // The scanner remembers words between bodies: a second pass agrees.
                    assert_eq!(scanner.snippet(text).highlights, ranges);
                }
            }
        }
    }
}
