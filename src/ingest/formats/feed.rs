//! RSS (0.9x, 1.0, 2.0) and Atom feeds: one article per `item` or `entry`.
//!
//! | field | RSS | Atom |
//! |---|---|---|
//! | title | `title` | `title` |
//! | url | `link` (else a permalink `guid`) | `link[rel=alternate]@href` |
//! | id (`file#ID`) | `guid`, else `link` | `id`, else the link |
//! | date | `pubDate`, else `dc:date` | `published`, else `updated` |
//! | author | `author`, else `dc:creator` | `author/name` |
//! | body | `content:encoded`, else `description` | `content`, else `summary` |
//! | tags | `category` | `category@term` |
//! | lang | channel `language` / `dc:language` | `xml:lang` |
//!
//! Bodies and titles that carry HTML (escaped or as XHTML) are turned into text. An item whose
//! date cannot be read keeps no date (the extractor may still find one in the text) rather
//! than being dropped; an item with no text is skipped and reported.

use roxmltree::Node;

use super::{NO_TEXT, Namer, finish};
use crate::ingest::Parsed;
use crate::ingest::date::parse_date;
use crate::ingest::text::{clean_line, html_to_text, plain};
use crate::ingest::xml::{self, attr, child, children, line, local, paragraphs};
use crate::model::Article;
use crate::{Error, Result};

/// Reads an RSS or Atom feed.
pub fn parse(text: &str, source: &str) -> Result<Parsed> {
    let prepared = xml::prepare(text);
    let doc = xml::parse(&prepared).map_err(|reason| Error::source(source, reason))?;
    let root = doc.root_element();
    let atom = local(&root) == "feed";
    let channel = child(root, "channel");
    let items: Vec<Node> = if atom {
        children(root, "entry").collect()
    } else {
        // RSS 2.0 nests items in the channel; RSS 1.0 (RDF) puts them beside it.
        let mut items: Vec<Node> = channel.map(|c| children(c, "item").collect()).unwrap_or_default();
        items.extend(children(root, "item"));
        items
    };
    let feed_lang = channel
        .and_then(|c| child(c, "language").or_else(|| child(c, "lang")))
        .map(line)
        .or_else(|| xml::xml_lang(root));
    collect_items(
        source,
        items.into_iter(),
        feed_lang,
        |item| if atom { atom_entry(item) } else { rss_item(item) },
    )
}

/// The articles of a feed's `items` (RSS, Atom, JSON Feed): `read` gives an item's own id and
/// its article or why it has none; each article is named `file#ID` by [`Namer`], takes
/// `feed_lang` when it states no language of its own, and is finished. An item that fails is
/// skipped with its reason; a feed with no items, or none with text, fails.
pub(super) fn collect_items<I>(
    source: &str,
    items: impl ExactSizeIterator<Item = I>,
    feed_lang: Option<String>,
    mut read: impl FnMut(I) -> (Option<String>, std::result::Result<Article, String>),
) -> Result<Parsed> {
    let count = items.len();
    if count == 0 {
        return Err(Error::source(source, "no items: the feed is empty"));
    }
    let mut namer = Namer::new(source, count);
    let mut parsed = Parsed::default();
    for (index, item) in items.enumerate() {
        let (id, result) = read(item);
        let name = namer.name(id.as_deref(), index + 1);
        let result = result.and_then(|mut article| {
            article.source = name.clone();
            if article.lang.is_none() {
                article.lang = feed_lang.clone();
            }
            finish(article)
        });
        match result {
            Ok(article) => parsed.articles.push(article),
            Err(reason) => parsed.skipped.push(Error::source(name, reason)),
        }
    }
    if parsed.articles.is_empty() {
        let reason = match parsed.skipped.as_slice() {
            [Error::Source { reason, .. }] => reason.clone(),
            _ => format!("none of its {} items has text", parsed.skipped.len()),
        };
        return Err(Error::source(source, reason));
    }
    Ok(parsed)
}

/// The text of the first child among `names` that has any.
fn first_text(node: Node<'_, '_>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| child(node, n).map(rich_text).filter(|t| !t.is_empty()))
}

/// The text of an element that may hold escaped HTML, CDATA, or XHTML children.
fn rich_text(node: Node<'_, '_>) -> String {
    if node.children().any(|c| c.is_element()) {
        return paragraphs(node);
    }
    let raw = node.text().unwrap_or("").trim();
    let is_html = attr(node, "type").is_some_and(|t| t.contains("html"));
    if is_html { html_to_text(raw) } else { plain(raw) }
}

fn rss_item(item: Node<'_, '_>) -> (Option<String>, std::result::Result<Article, String>) {
    let guid = child(item, "guid").map(line).filter(|g| !g.is_empty());
    let link = child(item, "link").map(line).filter(|l| !l.is_empty()).or_else(|| {
        let permalink = child(item, "guid").and_then(|g| attr(g, "isPermaLink")).is_none_or(|p| p == "true");
        guid.clone().filter(|g| permalink && g.starts_with("http"))
    });
    let id = guid.clone().or_else(|| link.clone());
    let Some(body) = first_text(item, &["encoded", "description", "summary"]) else {
        return (id, Err(NO_TEXT.to_string()));
    };
    let article = Article {
        title: child(item, "title").map(rich_text).map(|t| clean_line(&t)).unwrap_or_default(),
        body,
        url: link,
        date: ["pubDate", "date", "published", "updated"]
            .iter()
            .find_map(|n| child(item, n).map(line))
            .and_then(|d| parse_date(&d)),
        author: ["author", "creator"].iter().find_map(|n| child(item, n).map(line)).filter(|a| !a.is_empty()),
        tags: children(item, "category").map(line).collect(),
        lang: xml::xml_lang(item).or_else(|| child(item, "language").map(line)),
        ..Article::default()
    };
    (id, Ok(article))
}

fn atom_entry(entry: Node<'_, '_>) -> (Option<String>, std::result::Result<Article, String>) {
    let links: Vec<Node> = children(entry, "link").collect();
    let link = links
        .iter()
        .find(|l| attr(**l, "rel").is_none_or(|r| r == "alternate"))
        .or(links.first())
        .and_then(|l| attr(*l, "href"));
    let id = child(entry, "id").map(line).filter(|i| !i.is_empty()).or_else(|| link.clone());
    let Some(body) = first_text(entry, &["content", "summary"]) else {
        return (id, Err(NO_TEXT.to_string()));
    };
    let authors: Vec<String> = children(entry, "author")
        .map(|a| child(a, "name").map_or_else(|| line(a), line))
        .filter(|a| !a.is_empty())
        .collect();
    let article = Article {
        title: child(entry, "title").map(rich_text).map(|t| clean_line(&t)).unwrap_or_default(),
        body,
        url: link,
        date: ["published", "updated", "issued", "modified"]
            .iter()
            .find_map(|n| child(entry, n).map(line))
            .and_then(|d| parse_date(&d)),
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        tags: children(entry, "category").filter_map(|c| attr(c, "term").or_else(|| Some(line(c)))).collect(),
        lang: xml::xml_lang(entry),
        ..Article::default()
    };
    (id, Ok(article))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items() {
        let rss = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour News</title><language>en-gb</language>
<item><title>Tides &amp; times</title><link>https://example.org/tides</link><guid isPermaLink="false">tides-1</guid>
<pubDate>Thu, 30 Oct 2025 08:15:00 GMT</pubDate><dc:creator>Ana Lima</dc:creator><category>sea</category>
<description>Short.</description>
<content:encoded><![CDATA[<p>The spring tide reached the quay on Thursday.</p><p>No damage.</p>]]></content:encoded></item>
<item><title>Second</title><link>https://example.org/second</link><pubDate>yesterday-ish</pubDate>
<description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt; body text.&lt;/p&gt;</description></item>
<item><title>No text</title></item>
</channel></rss>"#;
        let parsed = parse(rss, "f.rss").unwrap();
        let names: Vec<&str> = parsed.articles.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(names, ["f.rss#tides-1", "f.rss#https://example.org/second"]);
        let a = &parsed.articles[0];
        assert_eq!(a.title, "Tides & times");
        assert_eq!(a.body, "The spring tide reached the quay on Thursday.\n\nNo damage.");
        assert_eq!(a.url.as_deref(), Some("https://example.org/tides"));
        assert_eq!(a.author.as_deref(), Some("Ana Lima"));
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(a.tags, ["sea"]);
        assert_eq!(a.lang.as_deref(), Some("en"));
        let b = &parsed.articles[1];
        assert_eq!(b.body, "Escaped HTML body text.");
        assert_eq!(b.date, None, "an unreadable date is no date");
        assert_eq!(parsed.skipped[0].to_string(), "f.rss#3: no article text found");
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<title>Le Port</title>
<entry><id>urn:uuid:1</id><title type="html">Marée &amp;lt;haute&amp;gt;</title>
<link rel="alternate" href="https://example.org/fr/maree"/><published>2025-03-03T09:00:00+01:00</published>
<author><name>Jeanne Roux</name></author><category term="mer"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>La marée a atteint le quai.</p><p>Aucun dégât.</p></div></content></entry>
<entry><id>urn:uuid:2</id><title>Deux</title><updated>2025-03-04T09:00:00Z</updated><summary>Résumé du second article.</summary></entry>
</feed>"#;
        let parsed = parse(atom, "f.atom").unwrap();
        let a = &parsed.articles[0];
        assert_eq!(a.source, "f.atom#urn:uuid:1");
        assert_eq!(a.title, "Marée <haute>");
        assert_eq!(a.body, "La marée a atteint le quai.\n\nAucun dégât.");
        assert_eq!(a.url.as_deref(), Some("https://example.org/fr/maree"));
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-03-03T08:00:00+00:00"));
        assert_eq!(a.author.as_deref(), Some("Jeanne Roux"));
        assert_eq!(a.lang.as_deref(), Some("fr"));
        assert_eq!(parsed.articles[1].body, "Résumé du second article.");
    }

    #[test]
    fn empty_and_broken_feeds() {
        assert_eq!(
            parse("<rss><channel/></rss>", "e.rss").unwrap_err().to_string(),
            "e.rss: no items: the feed is empty"
        );
        assert!(
            parse("<rss><channel><item><title>x", "t.rss")
                .unwrap_err()
                .to_string()
                .starts_with("t.rss: truncated")
        );
    }
}
