//! Markdown, with optional YAML (`---`) or TOML (`+++`) front matter.
//!
//! Front matter is read tolerantly: unknown keys are ignored and values may be of any type (see
//! [`crate::ingest::fields`]). Front matter that does not parse, or that is not a table, is
//! treated as no front matter at all: the text is indexed as it stands rather than lost.
//!
//! The body is the Markdown rendered to plain text: blocks separated by blank lines, link text
//! and code kept, images and HTML tags dropped. The title is the front matter's, else the first
//! level-1 heading (removed from the body when it opens it), else the first sentence.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use super::finish;
use crate::ingest::fields::Record;
use crate::ingest::text::{clean_line, html_to_text};
use crate::model::Article;
use crate::{Error, Result};

/// Reads a Markdown story.
pub fn parse(text: &str, source: &str) -> Result<Article> {
    let (front, markdown) = split_front_matter(text);
    let mut article = Article { source: source.to_string(), ..Article::default() };
    if let Some(front) = &front {
        Record::new(front).apply_metadata(&mut article);
    }
    let rendered = render(markdown);
    let mut body = rendered.text;
    if let Some(heading) = rendered.first_h1 {
        let duplicates_title =
            article.title.is_empty() || clean_line(&article.title).eq_ignore_ascii_case(&heading.text);
        if article.title.is_empty() {
            article.title = heading.text.clone();
        }
        if heading.opens_body && duplicates_title {
            body.replace_range(heading.range, "");
        }
    }
    article.body = body;
    finish(article).map_err(|reason| Error::source(source, reason))
}

/// Which syntax a front matter block is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

/// Splits off a front matter block and parses it; returns the fields (when the block is a
/// well-formed table) and the Markdown that follows (all of `text` otherwise).
fn split_front_matter(text: &str) -> (Option<Map<String, Value>>, &str) {
    let Some((block, rest, syntax)) = front_matter_block(text) else {
        return (None, text);
    };
    let parsed = match syntax {
        Syntax::Yaml => parse_yaml(block),
        Syntax::Toml => parse_toml(block),
    };
    match parsed {
        Some(map) => (Some(map), rest),
        None => (None, text),
    }
}

/// The front matter block (between its delimiter lines), the text after it, and its syntax.
fn front_matter_block(text: &str) -> Option<(&str, &str, Syntax)> {
    let first_end = text.find('\n')?;
    let syntax = match text[..first_end].trim_end() {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => return None,
    };
    let block_start = first_end + 1;
    let mut line_start = block_start;
    while line_start <= text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        let closes = match syntax {
            Syntax::Yaml => line == "---" || line == "...",
            Syntax::Toml => line == "+++",
        };
        if closes {
            let rest = text.get(line_end + 1..).unwrap_or("");
            return Some((&text[block_start..line_start], rest, syntax));
        }
        line_start = line_end + 1;
    }
    None
}

fn parse_yaml(block: &str) -> Option<Map<String, Value>> {
    if block.trim().is_empty() {
        return Some(Map::new());
    }
    match serde_saphyr::from_str_with_options::<Value>(block, yaml_options()) {
        Ok(Value::Object(map)) => Some(map),
        Ok(Value::Null) => Some(Map::new()),
        _ => None,
    }
}

/// Tolerant and small: a duplicate key keeps its last value, and a front matter that expands to
/// more than a few thousand nodes (an alias bomb) is refused rather than expanded.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 100_000;
    budget.max_nodes = 50_000;
    budget.max_aliases = 1_000;
    budget.max_recorded_anchor_events = 100_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    options
}

fn parse_toml(block: &str) -> Option<Map<String, Value>> {
    let table = toml::from_str::<toml::Table>(block).ok()?;
    Some(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
}

/// TOML values as JSON values; datetimes become their RFC 3339 text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// The first level-1 heading and where its text sits in the rendered body.
#[derive(Debug)]
struct Heading {
    text: String,
    range: std::ops::Range<usize>,
    /// Whether nothing but whitespace comes before it.
    opens_body: bool,
}

/// Markdown rendered to plain text.
#[derive(Debug)]
struct Rendered {
    text: String,
    first_h1: Option<Heading>,
}

/// Renders Markdown to plain text: one blank line between blocks, one line per list item.
fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut out = String::with_capacity(markdown.len());
    let mut first_h1: Option<Heading> = None;
    let mut h1_start: Option<(usize, bool)> = None;
    let mut image_depth = 0usize;
    let mut html_block = String::new();
    let mut in_html_block = false;

    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                block_break(&mut out);
                if level == HeadingLevel::H1 && first_h1.is_none() {
                    h1_start = Some((out.len(), out.trim().is_empty()));
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, opens_body)) = h1_start.take() {
                    let text = clean_line(&out[start..]);
                    if !text.is_empty() {
                        first_h1 = Some(Heading { text, range: start..out.len(), opens_body });
                    }
                }
                block_break(&mut out);
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                html_block.clear();
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                block_break(&mut out);
                out.push_str(&html_to_text(&html_block));
                block_break(&mut out);
            }
            Event::Html(html) if in_html_block => html_block.push_str(&html),
            Event::Text(text) | Event::Code(text) if image_depth == 0 => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) | Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
                line_break(&mut out)
            }
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::Start(
                Tag::Paragraph | Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Table,
            )
            | Event::Rule => block_break(&mut out),
            _ => {}
        }
    }
    Rendered { text: out, first_h1 }
}

/// Ends the current line, unless at the start of one.
fn line_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Ends the current block with a blank line. Extra blank lines are removed later by `finish`.
fn block_break(out: &mut String) {
    if !out.is_empty() {
        out.push_str("\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Article {
        parse(text, "a.md").unwrap()
    }

    #[test]
    fn yaml_front_matter() {
        let a = read(
            "---\ntitle: \"Ferry service resumes\"\ndate: 2025-10-30\nauthors:\n  - Mina Park\n  - name: Leo Grant\n\
             place: Busan\ntags: [ports, transport]\nlang: en\nurl: https://example.org/ferry\n\
             extra: {nested: [1, 2]}\n---\n\nBUSAN: The ferry to Jeju sailed again on **Thursday**.\n",
        );
        assert_eq!(a.title, "Ferry service resumes");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(a.author.as_deref(), Some("Mina Park, Leo Grant"));
        assert_eq!(a.meta_place.as_deref(), Some("Busan"));
        assert_eq!(a.tags, vec!["ports", "transport"]);
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/ferry"));
        assert_eq!(a.body, "BUSAN: The ferry to Jeju sailed again on Thursday.");
    }

    #[test]
    fn toml_front_matter() {
        let a = read(
            "+++\ntitle = \"Snow closes passes\"\ndate = 2025-01-15T06:30:00Z\nkeywords = \"weather, alps\"\n\
             author = \"Jo Weber\"\nlocation = \"Innsbruck\"\n[params]\nx = 1\n+++\nRoads were shut overnight.\n",
        );
        assert_eq!(a.title, "Snow closes passes");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-01-15T06:30:00+00:00"));
        assert_eq!(a.tags, vec!["weather", "alps"]);
        assert_eq!(a.author.as_deref(), Some("Jo Weber"));
        assert_eq!(a.meta_place.as_deref(), Some("Innsbruck"));
        assert_eq!(a.body, "Roads were shut overnight.");
    }

    #[test]
    fn toml_local_date() {
        let a = read("+++\ndate = 2025-01-15\n+++\n# Heading here\n\nText.");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-01-15T00:00:00+00:00"));
        assert_eq!(a.title, "Heading here");
        assert_eq!(a.body, "Text.");
    }

    #[test]
    fn malformed_front_matter_keeps_the_text() {
        let a = read("---\ntitle: [unclosed\n---\nThe story survives anyway.\n");
        assert!(a.body.contains("The story survives anyway."), "{}", a.body);
        let a = read("+++\ntitle = \n+++\nStill here.\n");
        assert!(a.body.contains("Still here."));
        let a = read("---\ntitle: never closed\n\nBody text.\n");
        assert!(a.body.contains("Body text."));
    }

    #[test]
    fn first_heading_is_the_title_and_leaves_the_body() {
        let a = read(
            "# Dam \\& bridge open\n\nThe [new bridge](https://x.org) opened.\n\n## Reaction\n\n- One `code`\n- Two\n\n![alt](i.png)\n",
        );
        assert_eq!(a.title, "Dam & bridge open");
        assert_eq!(a.body, "The new bridge opened.\n\nReaction\n\nOne code\nTwo");
    }

    #[test]
    fn front_matter_title_removes_a_duplicate_heading_only() {
        let a = read("---\ntitle: Same title\n---\n# Same Title\n\nText.");
        assert_eq!(a.body, "Text.");
        let a = read("---\ntitle: Other title\n---\n# A heading\n\nText.");
        assert_eq!(a.title, "Other title");
        assert_eq!(a.body, "A heading\n\nText.");
    }

    #[test]
    fn html_blocks_and_code_blocks() {
        let a = read(
            "Intro line.\n\n<div class=\"note\">\n<p>Boxed &amp; noted</p>\n</div>\n\n```\nlet x = 1;\n```\n",
        );
        assert_eq!(a.title, "Intro line");
        assert_eq!(a.body, "Intro line.\n\nBoxed & noted\n\nlet x = 1;");
    }

    #[test]
    fn duplicate_keys_and_alias_bombs() {
        let a = read("---\ntitle: First\ntitle: Second\n---\nText.");
        assert_eq!(a.title, "Second");
        let mut bomb = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        bomb.push_str("title: Bomb\n---\nStill read.\n");
        let a = read(&bomb);
        assert!(a.body.contains("Still read."));
    }

    #[test]
    fn front_matter_only_is_no_text() {
        let err = parse("---\ntitle: Nothing else\n---\n", "e.md").unwrap_err().to_string();
        assert_eq!(err, "e.md: no article text found");
    }

    #[test]
    fn a_leading_rule_is_not_front_matter() {
        let a = read("---\nJust prose here.\n---\nMore prose.\n");
        assert!(a.body.contains("More prose."));
    }
}
