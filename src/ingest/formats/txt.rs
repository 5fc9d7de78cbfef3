//! Plain text: an optional headline line, a blank line, then the story.
//!
//! A first line counts as the headline when it is short (at most 150 characters), is followed by
//! a blank line (or a `===`/`---` underline) and more text, reads as one sentence without a final
//! period (`U.S.`-style abbreviations excepted), and does not open with a wire dateline. Anything
//! else is wire copy that starts straight into the story: the whole text is the body and the
//! title is derived from its first sentence. The body keeps its dateline, for extraction.

use super::{NO_TEXT, finish};
use crate::ingest::text::{first_sentence, is_abbreviation, starts_with_wire_dateline};
use crate::model::Article;
use crate::{Error, Result};

/// Longest line that may be a headline, in characters.
const MAX_HEADLINE_CHARS: usize = 150;

/// Reads a plain-text story.
pub fn parse(text: &str, source: &str) -> Result<Article> {
    let lines: Vec<&str> = text.split('\n').collect();
    let first =
        lines.iter().position(|l| !l.trim().is_empty()).ok_or_else(|| Error::source(source, NO_TEXT))?;
    let candidate = lines[first].trim();
    let next = lines.get(first + 1).copied();
    let underlined = next.is_some_and(is_underline);
    let blank_after = next.is_some_and(|l| l.trim().is_empty());
    let body_start = first + if underlined { 2 } else { 1 };
    let has_more = lines.get(body_start..).is_some_and(|rest| rest.iter().any(|l| !l.trim().is_empty()));

    let (title, body) = if (underlined || (blank_after && looks_like_headline(candidate))) && has_more {
        (candidate.to_string(), lines[body_start..].join("\n"))
    } else {
        (String::new(), text.to_string())
    };
    let article = Article { source: source.to_string(), title, body, ..Article::default() };
    finish(article).map_err(|reason| Error::source(source, reason))
}

/// A setext-style underline: `=====` or `-----`.
fn is_underline(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

/// Whether a line reads like a headline rather than the story's first sentence.
fn looks_like_headline(line: &str) -> bool {
    if line.chars().count() > MAX_HEADLINE_CHARS || !line.chars().any(char::is_alphabetic) {
        return false;
    }
    if starts_with_wire_dateline(line) || line.ends_with([',', ';', ':']) {
        return false;
    }
    if line.ends_with('.') && !is_abbreviation(line.rsplit(' ').next().unwrap_or(line)) {
        return false;
    }
    // Two sentences are a paragraph, not a headline.
    first_sentence(line).len() == line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Article {
        parse(text, "a.txt").unwrap()
    }

    #[test]
    fn headline_then_blank_line() {
        let a = read(
            "Trump and Xi agree to ease trade tensions\n\nBUSAN, Oct. 30 (Reuters) - The two leaders met.\n\nSecond paragraph.\n",
        );
        assert_eq!(a.title, "Trump and Xi agree to ease trade tensions");
        assert_eq!(a.body, "BUSAN, Oct. 30 (Reuters) - The two leaders met.\n\nSecond paragraph.");
        assert_eq!(a.source, "a.txt");
    }

    #[test]
    fn headline_ending_in_an_abbreviation() {
        let a = read(
            "Chip maker moves its headquarters to the U.S.\n\nThe company said on Monday it would move.",
        );
        assert_eq!(a.title, "Chip maker moves its headquarters to the U.S.");
    }

    #[test]
    fn underlined_headline() {
        let a = read("Harbour reopens\n===============\nShips returned on Monday.");
        assert_eq!(a.title, "Harbour reopens");
        assert_eq!(a.body, "Ships returned on Monday.");
    }

    #[test]
    fn wire_copy_without_a_headline_gets_a_derived_title() {
        let text = "Busan: U.S. President Donald Trump and Chinese leader Xi Jinping met on Thursday. They talked trade.\n\nMore.";
        let a = read(text);
        assert_eq!(a.title, "U.S. President Donald Trump and Chinese leader Xi Jinping met on Thursday");
        assert!(a.body.starts_with("Busan: U.S. President"), "dateline kept: {}", a.body);
    }

    #[test]
    fn a_short_line_without_a_blank_line_is_not_a_headline() {
        let a = read("Markets rallied on Friday\nas investors cheered the deal.\n\nAnalysts were cautious.");
        assert_eq!(a.title, "Markets rallied on Friday as investors cheered the deal");
        assert!(a.body.starts_with("Markets rallied"));
    }

    #[test]
    fn a_first_sentence_paragraph_is_not_a_headline() {
        let a = read("The council voted to close the harbour.\n\nFishermen protested.");
        assert_eq!(a.title, "The council voted to close the harbour");
        assert!(a.body.starts_with("The council voted"));
        let a = read("BEIJING (Reuters) - China's exports rose\n\nThe data showed.");
        assert_eq!(a.title, "China's exports rose");
        assert!(a.body.starts_with("BEIJING (Reuters)"));
    }

    #[test]
    fn a_single_line_is_a_body() {
        let a = read("Floods closed the main road into town on Sunday");
        assert_eq!(a.title, "Floods closed the main road into town on Sunday");
        assert_eq!(a.body, "Floods closed the main road into town on Sunday");
    }

    #[test]
    fn whitespace_only_is_no_text() {
        let err = parse(" \n\n\t\n", "b.txt").unwrap_err().to_string();
        assert_eq!(err, "b.txt: no article text found");
    }

    /// BBC News texts (title line, blank line, story) in the shared data folder, when present.
    #[test]
    fn bbc_titles_are_the_first_line() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bbc-news");
        if !root.is_dir() {
            eprintln!("skipped: {} is absent", root.display());
            return;
        }
        let discovery = crate::ingest::discover(&[root.join("business"), root.join("politics")], &[]);
        assert!(discovery.files.len() > 100);
        for file in &discovery.files {
            let bytes = std::fs::read(&file.path).unwrap();
            let first_line = String::from_utf8_lossy(&bytes).lines().next().unwrap_or_default().to_string();
            let articles = crate::ingest::read_file(file).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(articles[0].title, crate::ingest::text::clean_line(&first_line), "{}", file.display);
            assert!(!articles[0].body.starts_with(&articles[0].title), "{}", file.display);
        }
    }
}
