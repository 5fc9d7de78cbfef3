//! The user's query text -> a tantivy query.
//!
//! Words are required by default and matched stemmed in `title` and `body`; a quoted phrase is
//! matched word for word, unstemmed, in `title_exact` and `body_exact`, so `"interest rates"`
//! does not match "interest rate". `OR`, `-word`, `(groups)` and `field:value` follow tantivy's
//! grammar. A query with a syntax error is searched on a best-effort reading and the errors are
//! returned as warnings.

use tantivy::query::{AllQuery, Query, QueryParser};
use tantivy::query_grammar::{self, Delimiter, Occur, UserInputAst, UserInputLeaf};

use crate::index::ArchiveIndex;

/// Weight of a headline match relative to a body match.
const TITLE_BOOST: f32 = 2.0;

/// A parsed query with what the user should be told about it.
pub struct ParsedQuery {
    /// The query to run.
    pub query: Box<dyn Query>,
    /// Parts of the query that could not be understood and were dropped or reinterpreted.
    pub warnings: Vec<String>,
    /// True when the query text was empty: every article matches and none ranks higher.
    pub is_match_all: bool,
}

/// Parses `text`; never fails: problems become warnings.
pub fn parse(archive: &ArchiveIndex, text: &str) -> ParsedQuery {
    if text.trim().is_empty() {
        return ParsedQuery { query: Box::new(AllQuery), warnings: Vec::new(), is_match_all: true };
    }
    let f = &archive.fields;
    let mut parser = QueryParser::for_index(&archive.index, vec![f.title, f.body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, TITLE_BOOST);
    parser.set_field_boost(f.title_exact, TITLE_BOOST);

    let (ast, grammar_errors) = query_grammar::parse_query_lenient(text);
    let mut warnings: Vec<String> = grammar_errors
        .iter()
        .map(|e| format!("query syntax: {} (at character {})", e.message, e.pos))
        .collect();
    let (query, errors) = parser.build_query_from_user_input_ast_lenient(exact_phrases(ast));
    warnings.extend(errors.iter().map(describe));
    ParsedQuery { query, warnings, is_match_all: false }
}

/// Routes quoted text to the unstemmed fields.
fn exact_phrases(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses.into_iter().map(|(occur, sub)| (occur, exact_phrases(sub))).collect(),
        ),
        UserInputAst::Boost(inner, boost) => UserInputAst::Boost(Box::new(exact_phrases(*inner)), boost),
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) if literal.delimiter != Delimiter::None => {
                let targets: &[&str] = match literal.field_name.as_deref() {
                    None => &["title_exact", "body_exact"],
                    Some("title") => &["title_exact"],
                    Some("body") => &["body_exact"],
                    Some(_) => return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
                };
                let alternatives = targets
                    .iter()
                    .map(|field| {
                        let mut exact = literal.clone();
                        exact.field_name = Some((*field).to_string());
                        (Some(Occur::Should), UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(exact))))
                    })
                    .collect();
                UserInputAst::Clause(alternatives)
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

fn describe(error: &tantivy::query::QueryParserError) -> String {
    use tantivy::query::QueryParserError as E;
    match error {
        E::FieldDoesNotExist(field) => format!(
            "unknown field `{field}:` (fields: title, body, person, org, place, located, country, author); searched as words instead"
        ),
        E::AllButQueryForbidden => {
            "a query made only of exclusions matches nothing: add a word to search for".into()
        }
        E::DateFormatError(_) => {
            "dates in queries are written like date:>=2025-10-01T00:00:00Z; use --from/--to for simple dates"
                .into()
        }
        other => format!("query: {other}"),
    }
}
