//! Reuters-21578 SGML (`reut2-000.sgm` ...): many `<REUTERS>` stories per file, and the same
//! stories rendered as XML (`<LEWIS>` or a single `<REUTERS>` root).
//!
//! Per story: `NEWID` names it (`reut2-000.sgm#5`), `<DATE>` (`26-FEB-1987 15:01:01.79`, at
//! times followed by wire control codes) is its date, `<TITLE>` its title, and the body is
//! `<DATELINE>` followed by `<BODY>` (`SALVADOR, Feb 26 - Showers continued...`), so the
//! extractor reads the dateline as it would in running wire copy. `TYPE="BRIEF"` stories have
//! a title only, which is then their body too; `TYPE="UNPROC"` stories have unmarked text,
//! which is the body. A story whose `<TEXT>` holds no text at all is skipped and reported.
//!
//! The files are SGML, not XML (latin-1 bytes, `&#3;` control references), so they are read
//! as text with a small scanner rather than an XML parser. The `<PLACES>`, `<PEOPLE>`,
//! `<ORGS>`, `<TOPICS>` and `<EXCHANGES>` labels are gold annotations for measuring the
//! extractor and are deliberately not read.

use super::{NO_TEXT, Namer, finish};
use crate::ingest::Parsed;
use crate::ingest::date::parse_date;
use crate::ingest::text::{clean_line, derive_title, tidy_body};
use crate::ingest::xml::decode_entities;
use crate::model::Article;
use crate::{Error, Result};

/// Reads every story of a Reuters-21578 file.
pub fn parse(text: &str, source: &str) -> Result<Parsed> {
    let stories = split_stories(text);
    if stories.is_empty() {
        return Err(Error::source(source, "no <REUTERS> story found"));
    }
    let mut namer = Namer::new(source, stories.len());
    let mut parsed = Parsed::default();
    for (index, story) in stories.iter().enumerate() {
        let id = attribute(story.open_tag, "NEWID");
        let name = namer.name(id.as_deref(), index + 1);
        let result = if story.complete {
            read_story(story.content, &name)
        } else {
            Err("truncated: the story has no closing </REUTERS>".to_string())
        };
        match result {
            Ok(article) => parsed.articles.push(article),
            Err(reason) => parsed.skipped.push(Error::source(name, reason)),
        }
    }
    if parsed.articles.is_empty() {
        let first = parsed.skipped.first().map(ToString::to_string).unwrap_or_default();
        return Err(Error::source(source, format!("none of its stories has text (first: {first})")));
    }
    Ok(parsed)
}

/// One `<REUTERS ...>` element: its opening tag, its content, and whether it was closed.
struct Story<'a> {
    open_tag: &'a str,
    content: &'a str,
    complete: bool,
}

fn split_stories(text: &str) -> Vec<Story<'_>> {
    let mut stories = Vec::new();
    let mut rest = text;
    while let Some(at) = find_tag(rest, "REUTERS") {
        let after = &rest[at..];
        let Some(close) = after.find('>') else { break };
        let open_tag = &after[..close];
        let body = &after[close + 1..];
        match body.find("</REUTERS>") {
            Some(end) => {
                stories.push(Story { open_tag, content: &body[..end], complete: true });
                rest = &body[end + "</REUTERS>".len()..];
            }
            None => {
                stories.push(Story { open_tag, content: body, complete: false });
                break;
            }
        }
    }
    stories
}

/// The position of `<NAME` followed by whitespace, `>` or `/`.
fn find_tag(text: &str, name: &str) -> Option<usize> {
    let needle = format!("<{name}");
    let mut from = 0;
    while let Some(offset) = text[from..].find(&needle) {
        let at = from + offset;
        let next = text[at + needle.len()..].chars().next();
        if matches!(next, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// An attribute value in an opening tag (`NEWID="5"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!("{name}=\"");
    let at = tag.find(&needle)? + needle.len();
    let len = tag[at..].find('"')?;
    Some(tag[at..at + len].trim().to_string()).filter(|v| !v.is_empty())
}

/// The content of the first `<NAME ...>...</NAME>` in `text`, with the opening tag.
fn element<'a>(text: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
    let at = find_tag(text, name)?;
    let after = &text[at..];
    let close = after.find('>')?;
    let open = &after[..close];
    if open.ends_with('/') {
        return Some((open, ""));
    }
    let body = &after[close + 1..];
    let end = body.find(&format!("</{name}>")).unwrap_or(body.len());
    Some((open, &body[..end]))
}

fn read_story(content: &str, name: &str) -> std::result::Result<Article, String> {
    let date = element(content, "DATE").and_then(|(_, d)| story_date(d));
    let (text_tag, text) = element(content, "TEXT").ok_or_else(|| NO_TEXT.to_string())?;
    let unprocessed = attribute(text_tag, "TYPE").is_some_and(|t| t.eq_ignore_ascii_case("UNPROC"));
    let title = element(text, "TITLE").map(|(_, t)| clean_line(&decode_entities(t))).unwrap_or_default();
    let dateline =
        element(text, "DATELINE").map(|(_, d)| clean_line(&decode_entities(d))).unwrap_or_default();
    let story = match element(text, "BODY") {
        Some((_, body)) => reflow(&decode_entities(body)),
        // Unprocessed copy is often tables and lists: its lines are kept as they are.
        None if unprocessed || !text.contains('<') => tidy_body(&decode_entities(&strip_tags(text))),
        None => String::new(),
    };
    let body = match (dateline.is_empty(), story.is_empty()) {
        (_, true) if title.is_empty() => return Err(NO_TEXT.to_string()),
        (true, true) => title.clone(),
        (false, true) => format!("{dateline} {title}"),
        (true, false) => story,
        (false, false) => format!("{dateline} {story}"),
    };
    // Lists of headlines open with punctuation (`.   HEADLINES AT 0800`): title them by their
    // first words.
    let title = if title.is_empty() {
        derive_title(body.trim_start_matches(|c: char| !c.is_alphanumeric()))
    } else {
        title
    };
    let article = Article { source: name.to_string(), title, body, date, ..Article::default() };
    finish(article)
}

/// `26-FEB-1987 15:01:01.79` followed by anything (wire codes), as a date.
fn story_date(raw: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let decoded = decode_entities(raw);
    let mut tokens = decoded.split_whitespace();
    let day = tokens.next()?;
    let time: String = tokens
        .next()
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ':' | '.'))
        .collect();
    parse_date(&format!("{day} {time}")).or_else(|| parse_date(day))
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Wire copy as paragraphs: hard-wrapped lines joined, an indented line starting a new
/// paragraph, the closing `Reuter` signature dropped.
fn reflow(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    while lines.last().is_some_and(|l| {
        let l = l.trim();
        l.is_empty() || l.eq_ignore_ascii_case("reuter") || l.eq_ignore_ascii_case("reuters")
    }) {
        lines.pop();
    }
    let mut out = String::with_capacity(text.len());
    for line in lines {
        let indented = line.starts_with("  ") || line.starts_with('\t');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.push_str("\n\n");
            continue;
        }
        if indented && !out.is_empty() {
            out.push_str("\n\n");
        } else if !out.is_empty() && !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(trimmed);
    }
    tidy_body(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" NEWID="7">
<DATE> 5-MAR-1987 09:12:30.41&#5;&#5;&#5;F</DATE>
<TOPICS><D>grain</D></TOPICS>
<PLACES><D>canada</D></PLACES>
<PEOPLE></PEOPLE>
<UNKNOWN>&#5;&#5;&#5;F f0001&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>LAKE FREIGHTERS &lt;LKF&gt; RESUME SAILINGS</TITLE>
<DATELINE>    THUNDER BAY, Ontario, March 5 - </DATELINE><BODY>Lake freighters resumed
sailings from the port on Thursday after the ice broke early.
    The harbour master said twelve ships left &amp; more
would follow.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="8">
<DATE>5-MAR-1987 09:13:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>GRAIN TALKS TO OPEN IN OTTAWA
</TITLE>
&#3;
</TEXT>
</REUTERS>
<REUTERS NEWID="9">
<DATE>5-MAR-1987 09:14:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
.       HEADLINES
Harbour tonnage figures follow
    wheat 12,000 tonnes
&#3;</TEXT>
</REUTERS>
<REUTERS NEWID="10">
<DATE>5-MAR-1987 09:15:00.00</DATE>
<TEXT>&#2;
&#3;
</TEXT>
</REUTERS>
"#;

    #[test]
    fn stories_briefs_and_unprocessed_text() {
        let parsed = parse(SAMPLE, "r.sgm").unwrap();
        let names: Vec<&str> = parsed.articles.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(names, ["r.sgm#7", "r.sgm#8", "r.sgm#9"]);
        let a = &parsed.articles[0];
        assert_eq!(a.title, "LAKE FREIGHTERS <LKF> RESUME SAILINGS");
        assert_eq!(
            a.body,
            "THUNDER BAY, Ontario, March 5 - Lake freighters resumed sailings from the port on Thursday \
             after the ice broke early.\n\nThe harbour master said twelve ships left & more would follow."
        );
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("1987-03-05T09:12:30+00:00"));
        assert!(a.meta_place.is_none() && a.tags.is_empty(), "labels are not read");
        assert_eq!(parsed.articles[1].title, "GRAIN TALKS TO OPEN IN OTTAWA");
        assert_eq!(parsed.articles[1].body, "GRAIN TALKS TO OPEN IN OTTAWA");
        assert_eq!(parsed.articles[2].title, "HEADLINES Harbour tonnage figures follow wheat 12,000 tonnes");
        assert_eq!(
            parsed.articles[2].body,
            ".       HEADLINES\nHarbour tonnage figures follow\n    wheat 12,000 tonnes"
        );
        let skipped: Vec<String> = parsed.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped, ["r.sgm#10: no article text found"]);
    }

    #[test]
    fn truncated_files_keep_their_complete_stories() {
        let cut = &SAMPLE[..SAMPLE.find("wheat").unwrap()];
        let parsed = parse(cut, "r.sgm").unwrap();
        assert_eq!(parsed.articles.len(), 2);
        assert!(parsed.skipped[0].to_string().starts_with("r.sgm#9: truncated"));
        assert!(parse("<LEWIS></LEWIS>", "e.sgm").is_err());
        assert!(parse(&SAMPLE[SAMPLE.find("<REUTERS NEWID=\"10\"").unwrap()..], "x.sgm").is_err());
    }

    #[test]
    fn the_xml_rendering_reads_the_same() {
        let xml = "<?xml version=\"1.0\"?>\n<REUTERS NEWID=\"10\">\n <DATE>26-FEB-1987 15:18:06.67</DATE>\n <PEOPLE/>\n <TEXT>\n  <TITLE>SALE COMPLETED</TITLE>\n  <DATELINE>COMMACK, N.Y., Feb 26 -</DATELINE>\n  <BODY>The company&apos;s sale closed.\n</BODY>\n </TEXT>\n</REUTERS>";
        let parsed = parse(xml, "one.xml").unwrap();
        assert_eq!(parsed.articles[0].source, "one.xml");
        assert_eq!(parsed.articles[0].body, "COMMACK, N.Y., Feb 26 - The company's sale closed.");
    }
}
