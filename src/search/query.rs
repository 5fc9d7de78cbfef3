//! The user's query text -> a tantivy query.
//!
//! Words are required by default and matched stemmed in `title` and `body`; a quoted phrase is
//! matched word for word, unstemmed, in `title_exact` and `body_exact`, so `"interest rates"`
//! does not match "interest rate". `OR`, `-word`, `(groups)` and `field:value` follow tantivy's
//! grammar; `date:VALUE` takes any date `--from` takes (`date:2025-10`, `date:"last week"`).
//!
//! A word that names a known entity (any word of a person's, organisation's or dateline place's
//! name, or a form the archive's articles use for it, like "Xi" or "Britain") also matches that
//! entity's field, with a boost: an article where the word is an actor or the dateline ranks
//! above one that merely mentions the word.
//!
//! A query with a syntax error is searched on a best-effort reading and the errors are
//! returned as warnings.
//!
//! Each language is searched with its own analysis: the query is built once per language whose
//! articles are in the index (or once per language asked for with `--lang`), on that
//! language's ranking fields (`title_fr`, `body_fr`; `title`, `body` for English), and each
//! build only matches the articles of its language. An article is thus matched and ranked by
//! the stemming and stop words it was indexed with, and in an English-only archive the query
//! is the English one alone, as it always was.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Query, QueryParser, TermQuery};
use tantivy::query_grammar::{
    self, Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocSet, Searcher};

use super::{dates, exclusion};
use crate::index::ArchiveIndex;
use crate::index::analyzer::analysis_of;

/// Weight of a headline match relative to a body match.
const TITLE_BOOST: f32 = 2.0;
/// Weight of a query word matching an actor's or the dateline's name.
const ENTITY_BOOST: f64 = 0.5;

/// A parsed query with what the user should be told about it.
pub struct ParsedQuery {
    /// The query to run.
    pub query: Box<dyn Query>,
    /// Parts of the query that could not be understood and were dropped or reinterpreted.
    pub warnings: Vec<String>,
    /// True when the query text was empty: every article matches and none ranks higher.
    pub is_match_all: bool,
}

/// The language codes that have articles in one view of the index (see [`Present::of`]),
/// segment by segment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Present {
    /// The codes with articles in each segment, by segment ordinal.
    by_segment: Vec<Vec<&'static str>>,
}

impl Present {
    /// The codes of [`crate::index::analyzer::LANGUAGES`] that some article of `searcher`
    /// is in. It changes only with the index, so a long-lived searcher reads it once per
    /// commit (see `ArchiveSearch`).
    pub fn of(archive: &ArchiveIndex, searcher: &Searcher) -> Present {
        let all: Vec<&'static str> = archive
            .fields
            .languages
            .iter()
            .flat_map(|language| language.analysis.codes.iter().copied())
            .collect();
        let by_segment: Vec<Vec<&'static str>> = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let Ok(lang) = segment.inverted_index(archive.fields.lang) else { return all.clone() };
                all.iter()
                    .copied()
                    .filter(|code| {
                        let term = tantivy::Term::from_field_text(archive.fields.lang, code);
                        lang.doc_freq(&term).map_or(true, |n| n > 0)
                    })
                    .collect()
            })
            .collect();
        Present { by_segment }
    }

    /// Whether some segment has articles in `code`.
    fn has(&self, code: &str) -> bool {
        self.by_segment.iter().any(|here| here.contains(&code))
    }

    /// Whether segment `ordinal` may hold articles in one of `codes` (empty: any article).
    /// A language's own fields are missing from a segment without its articles, and asking
    /// tantivy for a missing field's terms builds an empty dictionary (a megabyte, the first
    /// time in a process): the checks below skip such segments.
    fn in_segment(&self, ordinal: usize, codes: &[&str]) -> bool {
        codes.is_empty()
            || self.by_segment.get(ordinal).is_none_or(|here| codes.iter().any(|c| here.contains(c)))
    }
}

/// Parses `text`, searched in the articles of `languages` (ISO 639-1 codes; empty: every
/// language) among the languages `present` in the index; never fails: problems become warnings.
pub fn parse(
    archive: &ArchiveIndex,
    searcher: &Searcher,
    text: &str,
    languages: &[String],
    present: &Present,
) -> ParsedQuery {
    if text.trim().is_empty() {
        return ParsedQuery { query: Box::new(AllQuery), warnings: Vec::new(), is_match_all: true };
    }
    let plain = plain_words(text);
    let (ast, grammar_errors) = match &plain {
        Some(ast) => (ast.clone(), Vec::new()),
        None => query_grammar::parse_query_lenient(text),
    };
    let mut warnings: Vec<String> = grammar_errors
        .iter()
        .map(|e| format!("query syntax: {} (at character {})", e.message, e.pos))
        .collect();
    let analyses = analyses(archive, present, languages);
    let only = analyses.len() == 1;
    let entities = Entities::default();
    let mut branches: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for analysis in &analyses {
        let mut parser = QueryParser::for_index(&archive.index, vec![analysis.title, analysis.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(analysis.title, TITLE_BOOST);
        parser.set_field_boost(archive.fields.title_exact, TITLE_BOOST);
        let rewriter = Rewriter {
            archive,
            searcher,
            schema: archive.index.schema(),
            analysis,
            present,
            entities: &entities,
        };
        // Plain words are all required: one that this language's articles cannot match drops
        // the language before its query is built (the dry run below would drop it after).
        if !only && !analysis.is_english && plain.as_ref().is_some_and(|ast| rewriter.misses_a_word(ast)) {
            continue;
        }
        let (query, errors) =
            parser.build_query_from_user_input_ast_lenient(rewriter.rewrite(ast.clone(), false));
        for warning in errors.iter().map(describe) {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        if only {
            return ParsedQuery { query, warnings, is_match_all: false };
        }
        // Zero-score: the branch keeps its language's articles without changing their scores.
        let mine: (Occur, Box<dyn Query>) = match &analysis.articles {
            Articles::Only(articles) => {
                (Occur::Must, Box::new(ConstScoreQuery::new(articles.box_clone(), 0.0)))
            }
            Articles::AllBut(others) => (Occur::MustNot, others.box_clone()),
        };
        let branch: Box<dyn Query> = Box::new(BooleanQuery::new(vec![(Occur::Must, query), mine]));
        // A branch that matches no article adds nothing to the matches or to any score, but
        // would cost term statistics and scorers on every search: the words of one language
        // are mostly absent from the others' fields. The English branch, where most articles
        // are, is kept without the check.
        if analysis.is_english || matches_any(&*branch, searcher, |s| present.in_segment(s, &analysis.codes))
        {
            branches.push((Occur::Should, branch));
        }
    }
    ParsedQuery { query: Box::new(BooleanQuery::new(branches)), warnings, is_match_all: false }
}

/// Whether some article may match `query`: the query without its exclusions (which match
/// every article it matches, and more) has a non-empty scorer, scoring off, in some segment
/// that `may_hold` its articles.
/// Leaving exclusions out also keeps clear of tantivy's debug assertion on excluded phrases
/// (tantivy issue #2811, see `exclusion.rs`).
fn matches_any(query: &dyn Query, searcher: &Searcher, may_hold: impl Fn(usize) -> bool) -> bool {
    let query =
        exclusion::map_clauses(query, &|occur, sub| (occur != Occur::MustNot).then_some((occur, sub)));
    let Ok(weight) = query.weight(EnableScoring::disabled_from_searcher(searcher)) else { return true };
    searcher.segment_readers().iter().enumerate().filter(|(ordinal, _)| may_hold(*ordinal)).any(
        |(_, segment)| weight.scorer(segment, 1.0).map_or(true, |scorer| scorer.doc() != tantivy::TERMINATED),
    )
}

/// One language's analysis as searched: its ranking fields and which articles it ranks.
struct Searched {
    title: Field,
    body: Field,
    /// The articles indexed with this analysis.
    articles: Articles,
    /// English: the analysis of most articles.
    is_english: bool,
    /// The language codes of its articles (empty for English: articles of any segment).
    codes: Vec<&'static str>,
}

/// Which articles an analysis ranks.
enum Articles {
    /// Those the query matches.
    Only(Box<dyn Query>),
    /// All but those the query matches.
    AllBut(Box<dyn Query>),
}

/// The analyses to search: English (every article without a language of its own) and each
/// other language that has articles in the index, narrowed to `languages` when given.
fn analyses(archive: &ArchiveIndex, present: &Present, languages: &[String]) -> Vec<Searched> {
    let f = &archive.fields;
    let wanted =
        |code: &str| languages.is_empty() || languages.iter().any(|l| l.trim().eq_ignore_ascii_case(code));
    let term = |code: &str| tantivy::Term::from_field_text(f.lang, code);
    let any_of = |codes: &[&str]| -> Box<dyn Query> {
        Box::new(BooleanQuery::union(
            codes
                .iter()
                .map(|c| Box::new(TermQuery::new(term(c), IndexRecordOption::Basic)) as Box<dyn Query>)
                .collect(),
        ))
    };
    let mut own: Vec<Searched> = Vec::new();
    let mut own_codes: Vec<&str> = Vec::new();
    for language in &f.languages {
        let here: Vec<&str> = language.analysis.codes.iter().copied().filter(|c| present.has(c)).collect();
        if here.is_empty() {
            continue;
        }
        own_codes.extend(&here);
        if here.iter().any(|c| wanted(c)) {
            own.push(Searched {
                title: language.title,
                body: language.body,
                articles: Articles::Only(any_of(&here)),
                is_english: false,
                codes: here,
            });
        }
    }
    let english_wanted = languages.is_empty() || languages.iter().any(|l| analysis_of(Some(l)).is_none());
    let mut out = Vec::new();
    if english_wanted || own.is_empty() {
        let english = Articles::AllBut(any_of(&own_codes));
        out.push(Searched {
            title: f.title,
            body: f.body,
            articles: english,
            is_english: true,
            codes: Vec::new(),
        });
    }
    out.extend(own);
    out
}

struct Rewriter<'a> {
    archive: &'a ArchiveIndex,
    searcher: &'a Searcher,
    schema: tantivy::schema::Schema,
    analysis: &'a Searched,
    present: &'a Present,
    entities: &'a Entities,
}

/// The entity fields each word of a query names something in, looked up once for all the
/// languages' builds.
#[derive(Default)]
struct Entities {
    named: RefCell<HashMap<String, Vec<Field>>>,
}

impl Rewriter<'_> {
    fn rewrite(&self, ast: UserInputAst, negated: bool) -> UserInputAst {
        match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| {
                        let negated = negated || occur == Some(Occur::MustNot);
                        (occur, self.rewrite(sub, negated))
                    })
                    .collect(),
            ),
            UserInputAst::Boost(inner, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*inner, negated)), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) => self.literal(literal, negated),
                other => leaf_ast(other),
            },
        }
    }

    fn literal(&self, literal: UserInputLiteral, negated: bool) -> UserInputAst {
        let quoted = literal.delimiter != Delimiter::None;
        match (literal.field_name.as_deref(), quoted) {
            (Some("date"), _) => date_range(literal),
            (None, true) => alternatives(&literal, &["title_exact", "body_exact"]),
            (Some("title"), true) => alternatives(&literal, &["title_exact"]),
            (Some("body"), true) => alternatives(&literal, &["body_exact"]),
            (None, false) if !negated => self.with_entities(literal),
            (Some("title"), false) => self.in_field(literal, self.analysis.title),
            (Some("body"), false) => self.in_field(literal, self.analysis.body),
            _ => leaf_ast(UserInputLeaf::Literal(literal)),
        }
    }

    /// `title:word` and `body:word` in the ranking field of the language searched.
    fn in_field(&self, mut literal: UserInputLiteral, field: Field) -> UserInputAst {
        literal.field_name = Some(self.schema.get_field_name(field).to_string());
        leaf_ast(UserInputLeaf::Literal(literal))
    }

    /// A plain word, plus the entity fields where it names something, boosted.
    fn with_entities(&self, literal: UserInputLiteral) -> UserInputAst {
        let named = self.named(&literal.phrase);
        if named.is_empty() {
            return leaf_ast(UserInputLeaf::Literal(literal));
        }
        let mut options = vec![(Some(Occur::Should), leaf_ast(UserInputLeaf::Literal(literal.clone())))];
        for field in named {
            let mut entity = literal.clone();
            entity.field_name = Some(self.schema.get_field_name(field).to_string());
            let boosted =
                UserInputAst::Boost(Box::new(leaf_ast(UserInputLeaf::Literal(entity))), ENTITY_BOOST.into());
            options.push((Some(Occur::Should), boosted));
        }
        UserInputAst::Clause(options)
    }

    /// The entity fields (`person`, `org`, `located`) where `word` is one word of a name
    /// somewhere in the archive.
    fn named(&self, word: &str) -> Vec<Field> {
        if let Some(named) = self.entities.named.borrow().get(word) {
            return named.clone();
        }
        let f = &self.archive.fields;
        let named: Vec<Field> = [f.person, f.org, f.located]
            .into_iter()
            .filter(|&field| self.names_something(field, word))
            .collect();
        self.entities.named.borrow_mut().insert(word.to_string(), named.clone());
        named
    }

    /// Whether one of the words of a [`plain_words`] query can match no article of this
    /// analysis: the language's analyzer makes it one term that neither its headlines nor its
    /// bodies have, and it names no entity. (A word it drops, or splits, is not decided here.)
    fn misses_a_word(&self, ast: &UserInputAst) -> bool {
        let leaf_word = |ast: &UserInputAst| match ast {
            UserInputAst::Leaf(leaf) => match &**leaf {
                UserInputLeaf::Literal(literal) => Some(literal.phrase.clone()),
                _ => None,
            },
            _ => None,
        };
        let words: Vec<String> = match ast {
            UserInputAst::Clause(clauses) => clauses.iter().filter_map(|(_, sub)| leaf_word(sub)).collect(),
            leaf => leaf_word(leaf).into_iter().collect(),
        };
        let Ok(mut analyzer) = self.archive.index.tokenizer_for_field(self.analysis.body) else {
            return false;
        };
        words.iter().any(|word| {
            let mut stream = analyzer.token_stream(word);
            let mut tokens = Vec::new();
            while stream.advance() {
                tokens.push(stream.token().text.clone());
            }
            let [token] = tokens.as_slice() else { return false };
            // Only segments holding the language's articles have its fields.
            let absent = |field: Field| {
                let term = tantivy::Term::from_field_text(field, token);
                self.searcher.segment_readers().iter().enumerate().all(|(ordinal, segment)| {
                    !self.present.in_segment(ordinal, &self.analysis.codes)
                        || segment
                            .inverted_index(field)
                            .and_then(|index| Ok(index.doc_freq(&term)?))
                            .is_ok_and(|n| n == 0)
                })
            };
            absent(self.analysis.title) && absent(self.analysis.body) && self.named(word).is_empty()
        })
    }

    /// Whether `word` is one word of a name in `field` somewhere in the archive.
    fn names_something(&self, field: Field, word: &str) -> bool {
        let Ok(mut analyzer) = self.archive.index.tokenizer_for_field(field) else { return false };
        let mut stream = analyzer.token_stream(word);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().text.clone());
        }
        match tokens.as_slice() {
            [token] => {
                let term = tantivy::Term::from_field_text(field, token);
                self.searcher.doc_freq(&term).is_ok_and(|n| n > 0)
            }
            _ => false,
        }
    }
}

fn leaf_ast(leaf: UserInputLeaf) -> UserInputAst {
    UserInputAst::Leaf(Box::new(leaf))
}

/// The same literal searched in each of `fields`, any of them matching.
fn alternatives(literal: &UserInputLiteral, fields: &[&str]) -> UserInputAst {
    UserInputAst::Clause(
        fields
            .iter()
            .map(|field| {
                let mut exact = literal.clone();
                exact.field_name = Some((*field).to_string());
                (Some(Occur::Should), leaf_ast(UserInputLeaf::Literal(exact)))
            })
            .collect(),
    )
}

/// `date:2025-10` -> `date:[2025-10-01T00:00:00Z TO 2025-11-01T00:00:00Z}`; anything else
/// is left for tantivy (which reports what it cannot read).
fn date_range(literal: UserInputLiteral) -> UserInputAst {
    match dates::period(&literal.phrase) {
        Ok((from, until)) => leaf_ast(UserInputLeaf::Range {
            field: Some("date".into()),
            lower: UserInputBound::Inclusive(from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            upper: UserInputBound::Exclusive(until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        }),
        Err(_) => leaf_ast(UserInputLeaf::Literal(literal)),
    }
}

fn describe(error: &tantivy::query::QueryParserError) -> String {
    use tantivy::query::QueryParserError as E;
    match error {
        E::FieldDoesNotExist(field) => format!(
            "unknown field `{field}:` (fields: title, body, person, org, place, located, country, author, date); searched as words instead"
        ),
        E::AllButQueryForbidden => {
            "a query made only of exclusions: searched as every article without those words".into()
        }
        E::DateFormatError(_) => {
            "dates in queries are written like date:2025-10, date:\"Oct 2025\" or date:\"last week\"".into()
        }
        other => format!("query: {other}"),
    }
}

/// The grammar's reading of a query made only of plain words (ASCII letters and digits,
/// separated by whitespace, none an operator), built directly: tantivy's parser costs more
/// than the rest of preparing such a query. `None` for anything else.
fn plain_words(text: &str) -> Option<UserInputAst> {
    let mut words: Vec<&str> = Vec::new();
    let mut count = 0;
    for word in text.split_ascii_whitespace() {
        count += 1;
        let plain = word.bytes().all(|b| b.is_ascii_alphanumeric())
            && !["AND", "OR", "NOT", "IN"].iter().any(|op| word.eq_ignore_ascii_case(op));
        if !plain {
            return None;
        }
        // The grammar keeps the first of repeated words.
        if !words.contains(&word) {
            words.push(word);
        }
    }
    if words.is_empty() || !text.is_ascii() {
        return None;
    }
    let literal = |word: &str| UserInputLiteral {
        field_name: None,
        phrase: word.to_string(),
        delimiter: Delimiter::None,
        slop: 0,
        prefix: false,
    };
    // One word is a leaf; several (even one repeated) a clause.
    if count == 1 {
        return Some(leaf_ast(UserInputLeaf::Literal(literal(words[0]))));
    }
    Some(UserInputAst::Clause(
        words.into_iter().map(|word| (None, leaf_ast(UserInputLeaf::Literal(literal(word))))).collect(),
    ))
}

#[cfg(test)]
mod plain_tests {
    use super::*;

    #[test]
    fn plain_words_read_as_the_grammar_reads_them() {
        let plain = [
            "tariffs",
            "kinder care kndr sees",
            "brazil  industrial\tslowed ",
            "rates rates yen Rates",
            "1987 oil 42nd",
            "a b c d e f g h i j",
            "Xi Jinping",
            "oil oil",
            " yen ",
        ];
        for text in plain {
            let (expected, errors) = query_grammar::parse_query_lenient(text);
            assert!(errors.is_empty(), "{text}");
            assert_eq!(plain_words(text), Some(expected), "{text}");
        }
        let other = [
            "", "  ", "a OR b", "a and b", "not b", "-a b", "+a", "\"a b\"", "title:a", "a*", "a^2", "(a b)",
            "café", "a-b", "a.b", "a,b", "IN [a b]", "a~2",
        ];
        for text in other {
            assert_eq!(plain_words(text), None, "{text}");
        }
    }
}
