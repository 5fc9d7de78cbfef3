//! Snippets: the passage of a hit's body that best matches the query, with the matched words
//! marked. Words are matched stemmed in the article's language (from `body`, `body_fr`...) and,
//! for quoted phrases, exactly (from `body_exact`); the passage with more matched words wins.

use serde::Serialize;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Result, Searcher};

use crate::index::Fields;

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

/// Snippet generators for one query, reused across its hits.
pub struct Snippets {
    /// One generator per body field the query has words in, with its field.
    generators: Vec<(Field, SnippetGenerator)>,
    fields: Fields,
}

impl Snippets {
    /// Prepares the generators for `query`.
    pub fn new(searcher: &Searcher, query: &dyn Query, fields: &Fields) -> Result<Self> {
        let mut generators = Vec::new();
        let mut queried: Vec<Field> = Vec::new();
        query.query_terms(&mut |term, _| {
            if !queried.contains(&term.field()) {
                queried.push(term.field());
            }
        });
        let languages = fields.languages.iter().map(|l| l.body).filter(|f| queried.contains(f));
        for field in [fields.body, fields.body_exact].into_iter().chain(languages) {
            // Without a query word in this field, it could only highlight nothing: skipping it
            // saves tokenising every body once more.
            if !queried.contains(&field) {
                continue;
            }
            let mut generator = SnippetGenerator::create(searcher, query, field)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            generators.push((field, generator));
        }
        Ok(Snippets { generators, fields: fields.clone() })
    }

    /// The snippet of one body in `lang` (its words are matched as they were indexed). Without
    /// any matched word, the opening of the body.
    pub fn make(&self, body: &str, lang: Option<&str>) -> Snippet {
        let (_, stemmed) = self.fields.text_fields(lang);
        let best = self
            .generators
            .iter()
            .filter(|(field, _)| *field == stemmed || *field == self.fields.body_exact)
            .map(|(_, g)| g.snippet(body))
            .max_by_key(|s| s.highlighted().len())
            .filter(|s| !s.highlighted().is_empty());
        match best {
            Some(s) => Snippet {
                text: s.fragment().to_string(),
                highlights: s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
            },
            None => Snippet::opening(body),
        }
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
    use super::opening;

    #[test]
    fn opening_cuts_at_a_word_and_flattens_whitespace() {
        assert_eq!(opening("one two\n\nthree", 100), "one two three");
        assert_eq!(opening("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(opening("ééééé", 3), "ééé…");
    }
}
