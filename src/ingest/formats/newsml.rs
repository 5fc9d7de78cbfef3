//! NewsML: IPTC NewsML-G2 `newsItem` (alone or many in a `newsMessage`) and the Reuters RCV1
//! `newsitem` form.
//!
//! NewsML-G2:
//! * title: `contentMeta/headline`; date: `contentMeta/contentCreated`, else
//!   `itemMeta/firstCreated`, else `itemMeta/versionCreated`;
//! * author: `contentMeta/creator/name` (or `by`); place: `contentMeta/located/name`;
//!   tags: `subject/name` and `keyword`; lang: `contentMeta/language@tag` or `xml:lang`;
//! * body: `contentSet` — NITF in `inlineXML` (read by the NITF reader), XHTML paragraphs, or
//!   `inlineData` text; the `dateline` goes at the head of the body.
//!
//! RCV1: `headline` (else `title`), `@date` (else `dc.date.published`), `dateline`, the `<p>`s
//! of `text`, `xml:lang`, and the metadata `code`s as tags (`USA`, `C15`).
//!
//! A `newsMessage` with several items names each `file#guid`.

use roxmltree::Node;

use super::nitf::{self, with_dateline};
use super::{NO_TEXT, Namer, finish};
use crate::ingest::Parsed;
use crate::ingest::date::parse_date;
use crate::ingest::fields::clean_place;
use crate::ingest::xml::{self, attr, child, descendant, line, local, paragraphs};
use crate::model::Article;
use crate::{Error, Result};

/// Reads a NewsML document.
pub fn parse(text: &str, source: &str) -> Result<Parsed> {
    let prepared = xml::prepare(text);
    let doc = xml::parse(&prepared).map_err(|reason| Error::source(source, reason))?;
    let root = doc.root_element();
    if local(&root) == "newsitem" {
        let article = rcv1(root, source).map_err(|reason| Error::source(source, reason))?;
        return Ok(Parsed::one(article));
    }
    let items: Vec<Node> = if local(&root) == "newsItem" {
        vec![root]
    } else {
        root.descendants().filter(|n| n.is_element() && local(n) == "newsItem").collect()
    };
    if items.is_empty() {
        return Err(Error::source(source, "not NewsML: no <newsItem> or <newsitem> element"));
    }
    let mut namer = Namer::new(source, items.len());
    let mut parsed = Parsed::default();
    for (index, item) in items.into_iter().enumerate() {
        let name = namer.name(attr(item, "guid").as_deref(), index + 1);
        match g2(item, &name) {
            Ok(article) => parsed.articles.push(article),
            Err(reason) => parsed.skipped.push(Error::source(name, reason)),
        }
    }
    if parsed.articles.is_empty() {
        let reason = match parsed.skipped.as_slice() {
            [Error::Source { reason, .. }] => reason.clone(),
            _ => format!("none of its {} items is a readable article", parsed.skipped.len()),
        };
        return Err(Error::source(source, reason));
    }
    Ok(parsed)
}

/// One NewsML-G2 `newsItem`.
fn g2(item: Node<'_, '_>, name: &str) -> std::result::Result<Article, String> {
    let meta = child(item, "contentMeta");
    let item_meta = child(item, "itemMeta");
    let in_meta = |n: &str| meta.and_then(|m| child(m, n));
    let content = child(item, "contentSet").ok_or_else(|| NO_TEXT.to_string())?;
    let dateline = in_meta("dateline").map(line).filter(|d| !d.is_empty());

    let mut article = match descendant(content, "nitf") {
        Some(nitf) => nitf::read(nitf, name).unwrap_or_default(),
        None => Article::default(),
    };
    article.source = name.to_string();
    if article.body.is_empty() {
        let body = descendant(content, "body")
            .or_else(|| descendant(content, "inlineXML"))
            .or_else(|| descendant(content, "inlineData"))
            .map(paragraphs)
            .unwrap_or_default();
        article.body = with_dateline(dateline.as_deref(), &body);
    }
    if let Some(headline) = in_meta("headline").map(line).filter(|h| !h.is_empty()) {
        article.title = headline;
    }
    let date_of =
        |parent: Option<Node>, n: &str| parent.and_then(|p| child(p, n)).and_then(|d| parse_date(&line(d)));
    article.date = date_of(meta, "contentCreated")
        .or_else(|| date_of(item_meta, "firstCreated"))
        .or(article.date)
        .or_else(|| date_of(item_meta, "versionCreated"));
    let creator = meta.and_then(|m| {
        m.children()
            .filter(|n| n.is_element() && matches!(local(n), "creator" | "by"))
            .map(|n| child(n, "name").map_or_else(|| line(n), line))
            .find(|c| !c.is_empty())
    });
    article.author = creator.map(|c| c.trim_start_matches("By ").to_string()).or(article.author);
    if let Some(place) = in_meta("located").map(|l| child(l, "name").map_or_else(|| line(l), line)) {
        article.meta_place = Some(clean_place(&place)).filter(|p| !p.is_empty()).or(article.meta_place);
    } else if article.meta_place.is_none() {
        article.meta_place = dateline.as_deref().map(clean_place).filter(|p| !p.is_empty());
    }
    if let Some(meta) = meta {
        let mut tags: Vec<String> = meta
            .children()
            .filter(|n| n.is_element() && matches!(local(n), "subject" | "keyword"))
            .map(|n| child(n, "name").map_or_else(|| line(n), line))
            .filter(|t| !t.is_empty())
            .collect();
        tags.append(&mut article.tags);
        article.tags = tags;
    }
    article.lang =
        in_meta("language").and_then(|l| attr(l, "tag")).or_else(|| xml::xml_lang(item)).or(article.lang);
    finish(article)
}

/// One Reuters RCV1 `newsitem`.
fn rcv1(item: Node<'_, '_>, name: &str) -> std::result::Result<Article, String> {
    let dateline = child(item, "dateline").map(line).filter(|d| !d.is_empty());
    let body = child(item, "text").map(paragraphs).unwrap_or_default();
    let published = item
        .descendants()
        .filter(|n| n.is_element() && local(n) == "dc")
        .find(|n| attr(*n, "element").as_deref() == Some("dc.date.published"))
        .and_then(|n| attr(n, "value"));
    let tags = item
        .descendants()
        .filter(|n| n.is_element() && local(n) == "code")
        .filter_map(|n| attr(n, "code"))
        .collect();
    let article = Article {
        source: name.to_string(),
        title: child(item, "headline").or_else(|| child(item, "title")).map(line).unwrap_or_default(),
        body: with_dateline(dateline.as_deref(), &body),
        date: attr(item, "date").or(published).and_then(|d| parse_date(&d)),
        meta_place: dateline.as_deref().map(clean_place).filter(|p| !p.is_empty()),
        tags,
        lang: xml::xml_lang(item),
        ..Article::default()
    };
    finish(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    const G2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.org:20251030:lk1" version="1" xml:lang="en">
  <itemMeta><versionCreated>2025-10-30T10:00:00Z</versionCreated><firstCreated>2025-10-30T08:15:00Z</firstCreated></itemMeta>
  <contentMeta>
    <located><name>Tromsø</name></located>
    <creator><name>Ola Berg</name></creator>
    <headline>Northern lights draw record crowds</headline>
    <dateline>TROMSØ, Oct 30</dateline>
    <subject qcode="medtop:13000000"><name>science</name></subject>
    <keyword>tourism</keyword>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><body>
        <p>Hotels in the Arctic city were fully booked as the aurora season began.</p>
        <p>Guides said clear skies helped.</p>
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>"#;

    #[test]
    fn newsml_g2_item() {
        let parsed = parse(G2, "g2.xml").unwrap();
        let a = &parsed.articles[0];
        assert_eq!(a.source, "g2.xml");
        assert_eq!(a.title, "Northern lights draw record crowds");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(a.author.as_deref(), Some("Ola Berg"));
        assert_eq!(a.meta_place.as_deref(), Some("Tromsø"));
        assert_eq!(a.tags, ["science", "tourism"]);
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(
            a.body,
            "TROMSØ, Oct 30 - Hotels in the Arctic city were fully booked as the aurora season began.\n\n\
             Guides said clear skies helped."
        );
    }

    #[test]
    fn news_message_with_nitf_items() {
        let message = r#"<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
          <newsItem guid="a1"><contentMeta><headline>First</headline></contentMeta><contentSet><inlineXML>
            <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head><docdata><date.issue norm="20250303T120000Z"/></docdata></head>
            <body><body.content><p>First story text.</p></body.content></body></nitf></inlineXML></contentSet></newsItem>
          <newsItem guid="a2"><contentSet><inlineData>Second story in plain text.</inlineData></contentSet></newsItem>
          <newsItem guid="a3"><contentSet/></newsItem>
        </itemSet></newsMessage>"#;
        let parsed = parse(message, "m.xml").unwrap();
        let names: Vec<&str> = parsed.articles.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(names, ["m.xml#a1", "m.xml#a2"]);
        assert_eq!(parsed.articles[0].title, "First");
        assert!(parsed.articles[0].date.is_some());
        assert_eq!(parsed.articles[1].body, "Second story in plain text.");
        assert_eq!(parsed.skipped.len(), 1);
    }

    #[test]
    fn rcv1_item() {
        let item = r#"<?xml version="1.0" encoding="iso-8859-1" ?>
<newsitem itemid="1" id="root" date="1996-08-20" xml:lang="en">
<title>USA: Plant opens.</title><headline>Plant opens.</headline><dateline>DENVER</dateline>
<text><p>A new plant opened on Tuesday.</p><p>It employs 40 people.</p></text>
<metadata><codes class="bip:countries:1.0"><code code="USA"> </code></codes>
<dc element="dc.date.published" value="1996-08-21"/></metadata></newsitem>"#;
        let a = &parse(item, "r.xml").unwrap().articles[0];
        assert_eq!(a.title, "Plant opens.");
        assert_eq!(a.body, "DENVER - A new plant opened on Tuesday.\n\nIt employs 40 people.");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("1996-08-20T00:00:00+00:00"));
        assert_eq!(a.meta_place.as_deref(), Some("DENVER"));
        assert_eq!(a.tags, ["USA"]);
    }

    #[test]
    fn real_rcv1_sample_when_present() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/reuters-xml-samples/rcv1_2330.xml");
        let Ok(bytes) = std::fs::read(&path) else { return };
        let articles = crate::ingest::parse_bytes(&bytes, &path, "rcv1_2330.xml").unwrap();
        assert_eq!(articles[0].title, "Tylan stock jumps; weighs sale of company.");
        assert!(articles[0].body.starts_with("SAN DIEGO - The stock of Tylan"), "{}", articles[0].body);
    }
}
