//! NITF 3.x (News Industry Text Format): one story per `<nitf>` document.
//!
//! | field | from |
//! |---|---|
//! | title | `body.head/hedline/hl1`, else `head/title` |
//! | date | `docdata/date.issue@norm`, else `date.release@norm`, `pubdata@date.publication`, `dateline/story.date@norm` |
//! | author | `body.head/byline` (its `person` when tagged), without `By ` |
//! | place | `dateline/location` (or the dateline's text before the date) |
//! | tags | `docdata/key-list/keyword@key` |
//! | lang | `xml:lang` on the document or the body |
//! | body | the dateline, then the paragraphs and subheads of `body.content` |
//!
//! The dateline is put at the head of the body (`BUSAN, Oct. 30 - ...`) when the first
//! paragraph does not already start with it, so the extractor reads it as in running copy.
//! The `person`, `org` and `location` elements NITF tags in the headline and the text are kept
//! as [`EntityHint`]s, evidence extraction merges with what it reads (the text keeps them as
//! plain words). Those of the byline and the dateline are the author and the place, not hints.

use roxmltree::Node;

use super::{NO_TEXT, finish};
use crate::ingest::Parsed;
use crate::ingest::date::parse_date;
use crate::ingest::fields::clean_place;
use crate::ingest::text::clean_line;
use crate::ingest::xml::{self, attr, child, descendant, line, local, paragraphs};
use crate::model::{Article, EntityHint, EntityKind};
use crate::{Error, Result};

/// Reads an NITF document.
pub fn parse(text: &str, source: &str) -> Result<Parsed> {
    let prepared = xml::prepare(text);
    let doc = xml::parse(&prepared).map_err(|reason| Error::source(source, reason))?;
    let root = doc.root_element();
    let nitf = if local(&root) == "nitf" { Some(root) } else { descendant(root, "nitf") };
    let nitf = nitf.ok_or_else(|| Error::source(source, "not NITF: no <nitf> element"))?;
    let article = read(nitf, source).map_err(|reason| Error::source(source, reason))?;
    Ok(Parsed::one(article))
}

/// The article of one `<nitf>` element (also used for NITF inside NewsML).
pub fn read(nitf: Node<'_, '_>, name: &str) -> std::result::Result<Article, String> {
    let mut article = Article { source: name.to_string(), ..Article::default() };
    let head = child(nitf, "head");
    let body = child(nitf, "body");
    let body_head = body.and_then(|b| child(b, "body.head"));
    article.title = body_head
        .and_then(|h| descendant(h, "hl1"))
        .map(line)
        .filter(|t| !t.is_empty())
        .or_else(|| head.and_then(|h| child(h, "title")).map(line))
        .unwrap_or_default();
    article.date = nitf_date(nitf);
    article.author = body_head.and_then(|h| child(h, "byline")).map(byline).filter(|a| !a.is_empty());
    let dateline = body_head.and_then(|h| child(h, "dateline"));
    if let Some(dateline) = dateline {
        let place = child(dateline, "location").map(line).unwrap_or_else(|| clean_place(&line(dateline)));
        article.meta_place = Some(clean_place(&place)).filter(|p| !p.is_empty());
    }
    if let Some(docdata) = head.and_then(|h| child(h, "docdata")) {
        article.tags = docdata
            .descendants()
            .filter(|n| n.is_element() && local(n) == "keyword")
            .filter_map(|k| attr(k, "key").or_else(|| Some(line(k)).filter(|t| !t.is_empty())))
            .collect();
    }
    article.lang = body.and_then(xml::xml_lang).or_else(|| xml::xml_lang(nitf));
    let content = body.and_then(|b| child(b, "body.content")).ok_or_else(|| NO_TEXT.to_string())?;
    let text = paragraphs(content);
    article.body = with_dateline(dateline.map(line).as_deref(), &text);
    let hedline = body_head.and_then(|h| child(h, "hedline"));
    article.hints = hints(hedline.into_iter().chain([content]));
    finish(article)
}

/// The entities tagged under `roots`, each once: `person` and `org` by their text, `location`
/// by its `city`, `state`, `region` and `country` parts when it has them, else its text.
fn hints<'a, 'i: 'a>(roots: impl Iterator<Item = Node<'a, 'i>>) -> Vec<EntityHint> {
    const PARTS: [&str; 4] = ["city", "state", "region", "country"];
    let mut out: Vec<EntityHint> = Vec::new();
    let mut add = |kind, name: String| {
        let name = clean_line(&name);
        if !name.is_empty()
            && name.chars().count() <= 100
            && !out.iter().any(|h| h.kind == kind && h.name == name)
        {
            out.push(EntityHint { kind, name });
        }
    };
    for root in roots {
        for node in root.descendants().filter(Node::is_element) {
            match local(&node) {
                "person" => add(EntityKind::Person, line(node)),
                "org" => add(EntityKind::Organization, line(node)),
                "location" => {
                    let parts: Vec<Node> =
                        node.children().filter(|c| c.is_element() && PARTS.contains(&local(c))).collect();
                    if parts.is_empty() {
                        add(EntityKind::Place, line(node));
                    }
                    for part in parts {
                        add(EntityKind::Place, line(part));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The story's date: issue, release, publication, then the dateline's own date.
fn nitf_date(nitf: Node<'_, '_>) -> Option<chrono::DateTime<chrono::Utc>> {
    let found = |name: &str, attribute: &str| {
        nitf.descendants()
            .filter(|n| n.is_element() && local(n) == name)
            .find_map(|n| attr(n, attribute).and_then(|v| parse_date(&v)))
    };
    found("date.issue", "norm")
        .or_else(|| found("date.release", "norm"))
        .or_else(|| found("pubdata", "date.publication"))
        .or_else(|| found("story.date", "norm"))
}

/// The byline's name: its tagged `person`, else its text, without `By ` and a trailing title.
fn byline(node: Node<'_, '_>) -> String {
    let persons: Vec<String> = node
        .descendants()
        .filter(|n| n.is_element() && local(n) == "person")
        .map(line)
        .filter(|p| !p.is_empty())
        .collect();
    if !persons.is_empty() {
        return persons.join(", ");
    }
    let text = line(node);
    let text = text.strip_prefix("By ").or_else(|| text.strip_prefix("BY ")).unwrap_or(&text);
    clean_line(text)
}

/// The body with the dateline at its head, unless the first paragraph already starts with it.
pub fn with_dateline(dateline: Option<&str>, body: &str) -> String {
    let Some(dateline) = dateline.map(clean_line).filter(|d| !d.is_empty()) else {
        return body.to_string();
    };
    if body.is_empty() || body.starts_with(&dateline) {
        return body.to_string();
    }
    let dateline = dateline.trim_end_matches(['-', '–', '—', ':', ',']).trim_end();
    format!("{dateline} - {body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-5.dtd">
<nitf version="-//IPTC//DTD NITF 3.5//EN">
  <head>
    <title>Ferry service resumes</title>
    <docdata>
      <doc-id id-string="ex-001"/>
      <date.issue norm="20251030T081500Z"/>
      <key-list><keyword key="ferries"/><keyword key="weather"/></key-list>
    </docdata>
  </head>
  <body xml:lang="en">
    <body.head>
      <hedline><hl1>Ferries sail again after&nbsp;storm</hl1></hedline>
      <byline>By <person>Mara Lind</person>, <byttl>Staff Writer</byttl></byline>
      <dateline><location><city>HALIFAX</city></location>, <story.date norm="20251030">Oct. 30</story.date></dateline>
    </body.head>
    <body.content>
      <p>Ferry crossings to the islands resumed on Thursday after the storm passed.</p>
      <hl2>Delays</hl2>
      <p>The operator said <org>Harbour Lines</org> expects delays until the weekend.</p>
    </body.content>
  </body>
</nitf>"#;

    #[test]
    fn fields() {
        let parsed = parse(STORY, "s.xml").unwrap();
        let a = &parsed.articles[0];
        assert_eq!(a.source, "s.xml");
        assert_eq!(a.title, "Ferries sail again after storm");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(a.author.as_deref(), Some("Mara Lind"));
        assert_eq!(a.meta_place.as_deref(), Some("HALIFAX"));
        assert_eq!(a.tags, ["ferries", "weather"]);
        assert_eq!(a.lang.as_deref(), Some("en"));
        let hint = |kind, name: &str| EntityHint { kind, name: name.to_string() };
        assert_eq!(a.hints, [hint(EntityKind::Organization, "Harbour Lines")], "not the byline's person");
        assert_eq!(
            a.body,
            "HALIFAX, Oct. 30 - Ferry crossings to the islands resumed on Thursday after the storm passed.\n\n\
             Delays\n\nThe operator said Harbour Lines expects delays until the weekend."
        );
    }

    #[test]
    fn broken_documents() {
        let cut = &STORY[..STORY.find("<hl2>").unwrap()];
        assert!(parse(cut, "c.nitf").unwrap_err().to_string().starts_with("c.nitf: truncated"));
        let empty = "<nitf><head><title>T</title></head><body><body.content/></body></nitf>";
        assert_eq!(parse(empty, "e.nitf").unwrap_err().to_string(), "e.nitf: no article text found");
        assert!(parse("<other/>", "o.nitf").is_err());
    }

    #[test]
    fn datelines_are_not_doubled() {
        assert_eq!(with_dateline(Some("PARIS"), "PARIS - Text."), "PARIS - Text.");
        assert_eq!(with_dateline(Some("PARIS, March 3 -"), "Text."), "PARIS, March 3 - Text.");
        assert_eq!(with_dateline(None, "Text."), "Text.");
    }
}
