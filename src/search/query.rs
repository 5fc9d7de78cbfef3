//! The user's query text -> a tantivy query.
//!
//! Words are required by default and matched stemmed in `title` and `body`; a quoted phrase is
//! matched word for word, unstemmed (`phrase.rs`: found stemmed, then read in the stored text),
//! so `"interest rates"` does not match "interest rate". `OR`, `-word`, `(groups)` and
//! `field:value` follow tantivy's grammar; `date:VALUE` takes any date `--from` takes
//! (`date:2025-10`, `date:"last week"`). Quoted phrases are built here and every other part of
//! a query by tantivy's parser, leaf by leaf, into the tree the parser itself would build.
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
use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, EnableScoring, PhraseQuery, Query,
    QueryParser, QueryParserError, TermQuery,
};
use tantivy::query_grammar::{
    self, Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocSet, Score, Searcher};

use super::phrase::{ExactPhraseQuery, Phrase, VerifiedDocs, exact_tokens};
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
    /// The quoted phrases searched in the body (not excluded), for the snippets.
    pub phrases: Vec<Phrase>,
    /// The documents the quoted phrases read to check them (see [`VerifiedDocs::keep`]).
    pub verified: Arc<VerifiedDocs>,
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
        return ParsedQuery {
            query: Box::new(AllQuery),
            warnings: Vec::new(),
            is_match_all: true,
            phrases: Vec::new(),
            verified: Arc::default(),
        };
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
    let mut phrases = Vec::new();
    body_phrases(&ast, false, &mut phrases);
    let analyses = analyses(archive, present, languages);
    let only = analyses.len() == 1;
    let entities = Entities::default();
    let verified: Arc<VerifiedDocs> = Arc::default();
    let mut branches: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for analysis in &analyses {
        let mut parser = QueryParser::for_index(&archive.index, vec![analysis.title, analysis.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(analysis.title, TITLE_BOOST);
        let rewriter = Rewriter {
            archive,
            searcher,
            schema: archive.index.schema(),
            analysis,
            present,
            entities: &entities,
            verified: &verified,
        };
        // Plain words are all required: one that this language's articles cannot match drops
        // the language before its query is built (the dry run below would drop it after).
        if !only && !analysis.is_english && plain.as_ref().is_some_and(|ast| rewriter.misses_a_word(ast)) {
            continue;
        }
        let (query, errors) = rewriter.build(&parser, rewriter.rewrite(ast.clone(), false));
        for warning in errors.iter().map(describe) {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        if only {
            return ParsedQuery { query, warnings, is_match_all: false, phrases, verified };
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
    let query = Box::new(BooleanQuery::new(branches));
    ParsedQuery { query, warnings, is_match_all: false, phrases, verified }
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
    verified: &'a Arc<VerifiedDocs>,
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
            // Built by `build` (see `phrase`).
            (None | Some("title") | Some("body"), true) => leaf_ast(UserInputLeaf::Literal(literal)),
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

/// A query's tree, as tantivy's parser reads it before it makes queries of it.
enum Node {
    /// A leaf's query. A leaf without any term (a stop word alone, a phrase of punctuation)
    /// is an empty clause, as in the parser.
    Leaf(Box<dyn Query>),
    /// A boosted part.
    Boost(Box<Node>, Score),
    /// Parts with how each must occur.
    Clause(Vec<(Occur, Node)>),
}

impl Node {
    /// Whether nothing in it may match by itself: exclusions and leaves without terms only
    /// (the parser's `all_negative`).
    fn all_negative(&self) -> bool {
        match self {
            Node::Leaf(_) => false,
            Node::Boost(inner, _) => inner.all_negative(),
            Node::Clause(children) => {
                children.iter().all(|(occur, child)| *occur == Occur::MustNot || child.all_negative())
            }
        }
    }

    /// Lets a query of exclusions only match every other article (the parser's
    /// `make_non_negative`).
    fn make_non_negative(&mut self) {
        match self {
            Node::Leaf(_) => {}
            Node::Boost(inner, _) => inner.make_non_negative(),
            Node::Clause(children) => children.push((Occur::Should, Node::Leaf(Box::new(AllQuery)))),
        }
    }

    /// The query, with the parts that have no term left out (the parser's `trim_ast`, then
    /// `convert_to_query`); `None` when nothing is left.
    fn into_query(self) -> Option<Box<dyn Query>> {
        match self {
            Node::Leaf(query) => Some(query),
            // As in the parser, a boost stays even around nothing.
            Node::Boost(inner, boost) => {
                let inner = inner.into_query().unwrap_or_else(|| Box::new(EmptyQuery));
                Some(Box::new(BoostQuery::new(inner, boost)))
            }
            Node::Clause(children) => {
                let clauses: Vec<(Occur, Box<dyn Query>)> = children
                    .into_iter()
                    .filter_map(|(occur, child)| child.into_query().map(|query| (occur, query)))
                    .collect();
                (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
        }
    }
}

impl Rewriter<'_> {
    /// The query of a rewritten `ast`: its quoted phrases on the text fields built here
    /// ([`Rewriter::phrase`]), every other leaf by `parser`, and the tree around them as the
    /// parser builds it (parts required by default, boosts, leaves without terms left out, a
    /// query of exclusions only matching every other article, with a warning).
    fn build(&self, parser: &QueryParser, ast: UserInputAst) -> (Box<dyn Query>, Vec<QueryParserError>) {
        let mut errors = Vec::new();
        let mut node = self.node(parser, ast, &mut errors);
        let empty = matches!(&node, Node::Clause(children) if children.is_empty());
        if !empty && node.all_negative() {
            errors.push(QueryParserError::AllButQueryForbidden);
            node.make_non_negative();
        }
        (node.into_query().unwrap_or_else(|| Box::new(EmptyQuery)), errors)
    }

    fn node(&self, parser: &QueryParser, ast: UserInputAst, errors: &mut Vec<QueryParserError>) -> Node {
        match ast {
            UserInputAst::Clause(children) => Node::Clause(
                children
                    .into_iter()
                    .map(|(occur, child)| (occur.unwrap_or(Occur::Must), self.node(parser, child, errors)))
                    .collect(),
            ),
            UserInputAst::Boost(inner, boost) => {
                let inner = self.node(parser, *inner, errors);
                let boost = boost.into_inner() as Score;
                if (boost - 1.0).abs() < Score::EPSILON { inner } else { Node::Boost(Box::new(inner), boost) }
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) if is_text_phrase(&literal) => {
                    leaf_node(self.phrase(&literal))
                }
                UserInputLeaf::Exists { field } => leaf_node(self.exists(&field, errors)),
                other => {
                    let (query, mut more) = parser.build_query_from_user_input_ast_lenient(leaf_ast(other));
                    errors.append(&mut more);
                    leaf_node((!query.is::<EmptyQuery>()).then_some(query))
                }
            },
        }
    }

    /// `field:*`, the articles with some value in a field: their people, organisations, places,
    /// dateline place, countries, date, language or format, read from the field's column (the
    /// names users search by map to the columns of the canonical names); every article has a
    /// headline and a body. No other field can be tested so (tantivy's exists query needs a
    /// column, and failed the whole search without one): a warning says so and the part is left
    /// out.
    fn exists(&self, field: &str, errors: &mut Vec<QueryParserError>) -> Option<Box<dyn Query>> {
        let f = &self.archive.fields;
        let column = match field {
            "title" | "body" => return Some(Box::new(AllQuery)),
            "person" | "people" => f.people,
            "org" | "organizations" => f.organizations,
            "place" | "places" => f.places,
            "located" | "dateline" => f.dateline_place,
            "country" | "countries" => f.countries,
            "date" => f.date,
            "lang" => f.lang,
            "format" => f.format,
            _ => {
                errors.push(QueryParserError::UnsupportedQuery(format!(
                    "`{field}:*` tests no field dateline keeps a value of (person, org, place, located, \
                     country, date, lang, format); left out"
                )));
                return None;
            }
        };
        let name = self.schema.get_field_name(column).to_string();
        Some(Box::new(tantivy::query::ExistsQuery::new(name, false)))
    }

    /// A quoted phrase: in the headline (weighing double) or the body, or in the one of them
    /// the literal names.
    fn phrase(&self, literal: &UserInputLiteral) -> Option<Box<dyn Query>> {
        let f = &self.archive.fields;
        let title = (self.analysis.title, f.title_text, TITLE_BOOST);
        let body = (self.analysis.body, f.body_text, 1.0);
        let targets = match literal.field_name.as_deref() {
            Some("title") => vec![title],
            Some("body") => vec![body],
            _ => vec![title, body],
        };
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (ranked, stored, boost) in targets {
            let query = self.phrase_in(literal, ranked, stored)?;
            let query: Box<dyn Query> =
                if boost == 1.0 { query } else { Box::new(BoostQuery::new(query, boost)) };
            alternatives.push((Occur::Should, query));
        }
        match alternatives.len() {
            1 => alternatives.pop().map(|(_, query)| query),
            _ => Some(Box::new(BooleanQuery::new(alternatives))),
        }
    }

    /// A quoted phrase in one text: the articles whose ranking field `ranked` has its words
    /// stemmed at the same distances, kept when their stored text `stored` has them exactly.
    /// With a slop (`"a b"~2`) it is a proximity search of the stems alone.
    fn phrase_in(&self, literal: &UserInputLiteral, ranked: Field, stored: Field) -> Option<Box<dyn Query>> {
        let exact = exact_tokens(&literal.phrase);
        let last = exact.last()?.0;
        let Ok(mut analyzer) = self.archive.index.tokenizer_for_field(ranked) else { return None };
        let mut stream = analyzer.token_stream(&literal.phrase);
        let mut terms: Vec<(usize, tantivy::Term)> = Vec::new();
        while stream.advance() {
            let token = stream.token();
            // The start of a word (`"interest ra"*`) is no stem: only the whole words choose.
            if !(literal.prefix && token.position >= last) {
                terms.push((token.position, tantivy::Term::from_field_text(ranked, &token.text)));
            }
        }
        drop(stream);
        let proximity = literal.slop > 0 && !terms.is_empty();
        let candidates: Box<dyn Query> = match terms.len() {
            0 => Box::new(AllQuery),
            1 => Box::new(TermQuery::new(terms.remove(0).1, IndexRecordOption::WithFreqs)),
            _ => Box::new(PhraseQuery::new_with_offset_and_slop(terms, literal.slop)),
        };
        if proximity {
            return Some(candidates);
        }
        let phrase = Phrase::new(exact, literal.prefix)?;
        Some(Box::new(ExactPhraseQuery::new(candidates, stored, phrase).sharing(self.verified.clone())))
    }
}

/// A leaf's node: an empty clause when it has no query.
fn leaf_node(query: Option<Box<dyn Query>>) -> Node {
    query.map_or_else(|| Node::Clause(Vec::new()), Node::Leaf)
}

/// Whether a literal is a quoted phrase on the text (`"..."`, `title:"..."`, `body:"..."`).
fn is_text_phrase(literal: &UserInputLiteral) -> bool {
    literal.delimiter != Delimiter::None
        && matches!(literal.field_name.as_deref(), None | Some("title") | Some("body"))
}

/// The quoted phrases of `ast` searched in the body and not excluded.
fn body_phrases(ast: &UserInputAst, negated: bool, out: &mut Vec<Phrase>) {
    match ast {
        UserInputAst::Clause(children) => {
            for (occur, child) in children {
                body_phrases(child, negated || *occur == Some(Occur::MustNot), out);
            }
        }
        UserInputAst::Boost(inner, _) => body_phrases(inner, negated, out),
        UserInputAst::Leaf(leaf) => {
            if let UserInputLeaf::Literal(literal) = &**leaf
                && !negated
                && is_text_phrase(literal)
                && literal.field_name.as_deref() != Some("title")
                && let Some(phrase) = Phrase::of(&literal.phrase, literal.prefix)
                && !out.contains(&phrase)
            {
                out.push(phrase);
            }
        }
    }
}

fn leaf_ast(leaf: UserInputLeaf) -> UserInputAst {
    UserInputAst::Leaf(Box::new(leaf))
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
        E::UnsupportedQuery(message) => format!("query: {message}"),
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

#[cfg(test)]
mod build_tests {
    use super::*;

    /// Builds each query text both ways, with [`Rewriter::build`] and with tantivy's parser
    /// over the whole tree, on an empty index (no entity is known).
    fn both_ways(texts: &[&str]) -> Vec<(String, String, String)> {
        let dir = tempfile::tempdir().unwrap();
        let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let searcher = archive.reader().unwrap().searcher();
        let present = Present::of(&archive, &searcher);
        let analysis = analyses(&archive, &present, &[]).remove(0);
        let entities = Entities::default();
        let verified = Arc::default();
        let rewriter = Rewriter {
            archive: &archive,
            searcher: &searcher,
            schema: archive.index.schema(),
            analysis: &analysis,
            present: &present,
            entities: &entities,
            verified: &verified,
        };
        let mut parser = QueryParser::for_index(&archive.index, vec![analysis.title, analysis.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(analysis.title, TITLE_BOOST);
        texts
            .iter()
            .map(|text| {
                let (ast, _) = query_grammar::parse_query_lenient(text);
                let ast = rewriter.rewrite(ast, false);
                let (ours, our_errors) = rewriter.build(&parser, ast.clone());
                let (theirs, their_errors) = parser.build_query_from_user_input_ast_lenient(ast);
                let errors = |e: &[QueryParserError]| e.iter().map(|e| e.to_string()).collect::<Vec<_>>();
                assert_eq!(errors(&our_errors), errors(&their_errors), "{text}");
                (text.to_string(), format!("{ours:?}"), format!("{theirs:?}"))
            })
            .collect()
    }

    #[test]
    fn queries_without_phrases_are_built_as_the_parser_builds_them() {
        let texts = [
            "tariffs",
            "Xi tariffs Busan",
            "the rates",
            "the",
            "a OR b",
            "-tariffs",
            "-tariffs -steel",
            "the -rates",
            "(tariffs OR steel) Busan",
            "+tariffs -steel OR lithium",
            "title:summit",
            "body:rates steel",
            "person:xi org:goldman",
            "date:2025-10 tariffs",
            "date:notadate",
            "rates^2 steel",
            "(the)^2 rates",
            "(the -rates)^3",
            "nosuchfield:word",
            "tariffs AND (steel OR -aluminium)",
            "rat*",
            "title:the",
            "((a b) OR (c -d)) -e",
            ")",
            "title:",
        ];
        for (text, ours, theirs) in both_ways(&texts) {
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn a_field_with_any_value_is_tested_in_its_column_or_left_out_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let searcher = archive.reader().unwrap().searcher();
        let present = Present::of(&archive, &searcher);
        let parsed = |text: &str| parse(&archive, &searcher, text, &[], &present);
        let people = parsed("person:* tariffs");
        assert!(
            format!("{:?}", people.query).contains("ExistsQuery { field_name: \"people\""),
            "{:?}",
            people.query
        );
        assert!(people.warnings.is_empty(), "{:?}", people.warnings);
        let title = parsed("title:*");
        assert!(format!("{:?}", title.query).contains("AllQuery"), "{:?}", title.query);
        for unknown in ["nosuchfield:* tariffs", "author:*", "\"\"🙂:*{"] {
            let parsed = parsed(unknown);
            assert!(!format!("{:?}", parsed.query).contains("Exists"), "{unknown}: {:?}", parsed.query);
            assert!(
                parsed.warnings.iter().any(|w| w.contains(":*` tests no field")),
                "{unknown}: {:?}",
                parsed.warnings
            );
            // And it runs: tantivy's exists query on such a field was an error for the whole search.
            assert!(searcher.search(&*parsed.query, &tantivy::collector::Count).is_ok(), "{unknown}");
        }
    }

    #[test]
    fn phrases_are_built_on_the_ranking_fields_and_checked_in_the_stored_text() {
        let built = both_ways(&[
            "\"interest rates\" steel",
            "title:\"rate of interest\"",
            "\"the\"",
            "\"rates rise\"~2",
            "\"!!\" x",
        ]);
        let (_, phrase, _) = &built[0];
        assert!(phrase.contains("ExactPhrase([(0, \"interest\"), (1, \"rates\")]"), "{phrase}");
        assert!(phrase.contains("PhraseQuery"), "candidates stemmed: {phrase}");
        assert!(phrase.contains("\"rate\""), "{phrase}");
        let (_, title, _) = &built[1];
        assert!(title.contains("(0, \"rate\"), (1, \"of\"), (2, \"interest\")"), "{title}");
        assert!(title.contains("Boost"), "a headline weighs double: {title}");
        let (_, stop_words, _) = &built[2];
        assert!(stop_words.contains("AllQuery"), "every article is a candidate: {stop_words}");
        let (_, slop, _) = &built[3];
        assert!(slop.contains("slop: 2") && !slop.contains("ExactPhrase"), "{slop}");
        let (_, nothing, _) = &built[4];
        assert!(!nothing.contains("ExactPhrase") && nothing.contains("\"x\""), "{nothing}");
    }
}
