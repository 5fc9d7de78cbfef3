//! HTML pages: metadata from the head and JSON-LD, the story from the page's main text.
//!
//! The page is parsed once. Metadata is read first, because the later steps change the DOM:
//!
//! * title: the `<title>` without its ` | Site` / ` - Site` suffix, unless a declared headline
//!   (`og:title` > JSON-LD `headline` > `twitter:title`) is that title without decorations or
//!   the `<title>` shares no word with it (see [`choose_title`]); then Readability's title >
//!   first `<h1>` > first sentence;
//! * date: JSON-LD `datePublished` > `article:published_time` > `<meta name="date|pubdate|
//!   DC.date.issued|parsely-pub-date|...">` > `<time datetime>` in the article > JSON-LD
//!   `dateCreated`;
//! * author: JSON-LD author names > `<meta name="author">` (and kin) > a byline element;
//! * url: `og:url` > `<link rel=canonical>` > JSON-LD `url`/`mainEntityOfPage`;
//! * lang: `<html lang>` > JSON-LD `inLanguage` > `og:locale`.
//!
//! JSON-LD objects are looked for in arrays, `@graph` and `mainEntity`, with `@type` a string or
//! an array (`NewsArticle`, `ReportageNewsArticle`, `BlogPosting`, any `*Article`).
//!
//! Then boilerplate (navigation, cookie banners, page header and footer, "most read" and
//! "related" boxes, share bars) is removed, and dom_smoothie (a Readability port) picks the main
//! text, paragraphs separated by blank lines. When it finds nothing worth having, the paragraphs
//! of `<article>`, `<main>` or the whole page are used, then JSON-LD `articleBody`; failing
//! those the page is reported as having no article text.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use dom_query::{Document, NodeRef, Selection};
use dom_smoothie::{Config, Readability, TextMode};
use regex::Regex;
use serde_json::{Map, Value};

use super::{NO_TEXT, finish};
use crate::ingest::date::parse_date;
use crate::ingest::fields::{Record, value_names, value_tags, value_text, value_url};
use crate::ingest::text::{clean_line, normalize_lang, plain, tidy_body};
use crate::model::Article;
use crate::{Error, Result};

/// Fewer words than this is not a story (a cookie notice, a copyright line).
const MIN_WORDS: usize = 12;

/// Elements that are never the story.
const BOILERPLATE_ELEMENTS: &str = "nav, aside, form, script, style, noscript, template, iframe, dialog, \
    button, select, svg, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
    [role=dialog], [role=alertdialog], [role=search], [hidden], [aria-hidden=true]";

/// Class or id tokens of boilerplate blocks.
static BOILERPLATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)cookie|consent|gdpr|newsletter|subscri|most-?read|most-?popular|mostpopular|",
        r"trending|related|recommend|recirc|outbrain|taboola|social|sharing|share-|-share|^share$|",
        r"promo|advert|sponsor|breadcrumb|skip-?link|modal|popup|sign-?up|masthead|^header$|",
        r"site-?header|page-?header|global-?header|footer|navbar|^nav$|nav-|-nav$|menu|sidebar|",
        r"^comments?$|comments?[-_]|[-_]comments?$|^ads?$|^ad[-_]|[-_]ads?$|^banner$|-banner|banner-"
    ))
    .expect("static regex")
});

/// Deepest tag nesting the page may have before parsing: the HTML parser's time grows with the
/// square of the depth, and no news page comes near this.
pub(crate) const MAX_PARSE_DEPTH: usize = 3_000;

/// Deepest element nesting given to Readability, which recurses on it.
const MAX_READABILITY_DEPTH: usize = 1_000;

/// Reads an HTML page.
pub fn parse(html: &str, source: &str) -> Result<Article> {
    if estimated_depth(html) > MAX_PARSE_DEPTH {
        let reason = format!("HTML nested more than {MAX_PARSE_DEPTH} levels deep: not read as a page");
        return Err(Error::source(source, reason));
    }
    let doc = Document::from(html);
    let meta = PageMeta::read(&doc);
    strip_boilerplate(&doc);
    let readable = if element_depth(&doc) <= MAX_READABILITY_DEPTH { readable_text(doc) } else { None };
    let body = readable
        .as_ref()
        .map(|r| r.text.clone())
        .or_else(|| fallback_text(html))
        .or_else(|| meta.ld_body.clone().filter(|b| word_count(b) >= MIN_WORDS))
        .ok_or_else(|| Error::source(source, NO_TEXT))?;

    let title = meta
        .title
        .clone()
        .or_else(|| readable.as_ref().and_then(|r| r.title.clone()))
        .or_else(|| meta.h1.clone())
        .unwrap_or_default();
    let author = meta.author.clone().or_else(|| readable.as_ref().and_then(|r| r.byline.clone()));
    let body = drop_leading_furniture(&body, &title);
    let article = Article {
        source: source.to_string(),
        title,
        body,
        date: meta.date,
        url: meta.url,
        author: author.map(|a| strip_by(&a)),
        meta_place: meta.place,
        tags: meta.tags,
        lang: meta.lang,
        ..Article::default()
    };
    finish(article).map_err(|reason| Error::source(source, reason))
}

/// Elements that close themselves when a sibling opens, or hold no content: not counted as
/// nesting by [`estimated_depth`].
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody",
    "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body", "a", "nobr", "!doctype",
];

/// Elements whose content is raw text, skipped by [`estimated_depth`].
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// How deep tags nest, estimated from the source without parsing it.
pub(crate) fn estimated_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = memchr_lt(&bytes[i..]) {
        let start = i + offset + 1;
        if bytes[start..].starts_with(b"!--") {
            i = find_from(bytes, start, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'!'))
            .count();
        let Ok(name) = std::str::from_utf8(&bytes[name_start..name_start + name_len]) else { break };
        let Some(end) = find_from(bytes, name_start, b">") else { break };
        i = end + 1;
        if name.is_empty() || NOT_NESTING.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if RAW_TEXT.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            let close = format!("</{}", name.to_ascii_lowercase());
            let lower_find = |from: usize| {
                bytes[from..]
                    .windows(close.len())
                    .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                    .map(|p| from + p)
            };
            i = lower_find(i).unwrap_or(bytes.len());
        } else if bytes[end - 1] != b'/' {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// The deepest element nesting in the parsed page (walked without recursion).
fn element_depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(node.children_it(false).filter(NodeRef::is_element).map(|c| (c, depth + 1)));
    }
    deepest
}

/// What Readability made of the page.
struct Readable {
    text: String,
    title: Option<String>,
    byline: Option<String>,
}

/// The main text according to dom_smoothie, when it finds enough of it.
fn readable_text(doc: Document) -> Option<Readable> {
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let mut readability = Readability::with_document(doc, None, Some(config)).ok()?;
    // A bug in a third-party extractor must cost one page, not the whole ingest.
    // Caught without panic text on stderr; the page then falls back to its <article>/<main>.
    let article = crate::ingest::guard::quietly(|| readability.parse())?.ok()?;
    let text = tidy_body(&article.text_content);
    (word_count(&text) >= MIN_WORDS).then(|| Readable {
        text,
        title: Some(clean_line(&article.title)).filter(|t| !t.is_empty()),
        byline: article.byline.map(|b| clean_line(&b)).filter(|b| !b.is_empty()),
    })
}

/// The paragraphs of `<article>`, else `<main>`, else the whole page, from a fresh parse.
fn fallback_text(html: &str) -> Option<String> {
    let doc = Document::from(html);
    strip_boilerplate(&doc);
    for scope in ["article p", "main p", "[role=main] p", "p"] {
        let paragraphs: Vec<String> =
            doc.select(scope).iter().map(|p| clean_line(&p.text())).filter(|p| !p.is_empty()).collect();
        let text = paragraphs.join("\n\n");
        if word_count(&text) >= MIN_WORDS {
            return Some(text);
        }
    }
    let text = tidy_body(&doc.select("body").formatted_text());
    (word_count(&text) >= MIN_WORDS).then_some(text)
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Removes the page's navigation, banners, footers and promotional boxes, keeping any block
/// that holds the story itself.
fn strip_boilerplate(doc: &Document) {
    let total_paragraph_chars: usize = doc.select("p").iter().map(|p| p.text().len()).sum();
    let mut doomed: Vec<NodeRef> = Vec::new();
    doomed.extend(doc.select(BOILERPLATE_ELEMENTS).nodes().iter().copied());
    for node in doc.select("header, footer").nodes() {
        if !node.ancestors_it(None).any(|a| a.has_name("article")) {
            doomed.push(*node);
        }
    }
    // A date set apart from the prose ("Oct 28", "Updated 2 hours ago") is page furniture;
    // the publication date has been read from it already.
    for node in doc.select("time").nodes() {
        if !node.ancestors_it(None).any(|a| ["p", "li", "td", "blockquote"].iter().any(|n| a.has_name(n))) {
            doomed.push(*node);
        }
    }
    for node in doc.select("[class], [id]").nodes() {
        if is_boilerplate_name(node) {
            doomed.push(*node);
        }
    }
    for node in doomed {
        if !holds_the_story(&node, total_paragraph_chars) {
            node.remove_from_parent();
        }
    }
}

fn is_boilerplate_name(node: &NodeRef) -> bool {
    // Paragraphs and headings carry the story even when styled oddly (`<p class="paywall">`).
    const NEVER: [&str; 11] = ["html", "body", "main", "article", "p", "h1", "h2", "h3", "h4", "h5", "h6"];
    if NEVER.iter().any(|name| node.has_name(name)) {
        return false;
    }
    let class = node.class().map(|c| c.to_string()).unwrap_or_default();
    let id = node.id_attr().map(|i| i.to_string()).unwrap_or_default();
    class
        .split_whitespace()
        .chain(std::iter::once(id.as_str()))
        .any(|token| !token.is_empty() && BOILERPLATE_NAME.is_match(token))
}

/// Whether a block that looks like boilerplate in fact wraps the story (a page-wide `<form>`,
/// a `<div class="has-sidebar">` around everything).
fn holds_the_story(node: &NodeRef, total_paragraph_chars: usize) -> bool {
    if ["html", "body", "main", "article"].iter().any(|name| node.has_name(name)) {
        return true;
    }
    let wraps_main = node.descendants_it().any(|d| {
        d.has_name("article")
            || d.has_name("main")
            || d.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("main"))
            || d.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
    });
    if wraps_main {
        return true;
    }
    let paragraphs = Selection::from(*node).select("p");
    let chars: usize = paragraphs.iter().map(|p| p.text().len()).sum();
    paragraphs.length() >= 3 && chars * 2 > total_paragraph_chars
}

/// Drops what often precedes the story in extracted text: the headline again, a byline, a date.
/// The story must start with its dateline for extraction to find it.
fn drop_leading_furniture(body: &str, title: &str) -> String {
    let title = clean_line(title);
    let mut paragraphs: Vec<&str> = body.split("\n\n").collect();
    let mut dropped = 0;
    while paragraphs.len() > 1 && dropped < 3 {
        let first = clean_line(paragraphs[0]);
        let is_title = !title.is_empty() && first.eq_ignore_ascii_case(&title);
        let is_byline = first.len() < 80 && first.starts_with("By ") && !first.ends_with('.');
        let is_date = parse_date(&first).is_some();
        if !(is_title || is_byline || is_date) {
            break;
        }
        paragraphs.remove(0);
        dropped += 1;
    }
    paragraphs.join("\n\n")
}

fn strip_by(author: &str) -> String {
    let author = clean_line(author);
    let lower = author.to_lowercase();
    if lower.starts_with("by ") { author[3..].trim().to_string() } else { author }
}

/// What the page states about itself.
#[derive(Debug, Default)]
struct PageMeta {
    title: Option<String>,
    h1: Option<String>,
    date: Option<DateTime<Utc>>,
    author: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    tags: Vec<String>,
    place: Option<String>,
    ld_body: Option<String>,
}

impl PageMeta {
    fn read(doc: &Document) -> PageMeta {
        let metas = MetaTags::read(doc);
        let ld = json_ld_article(doc);
        let ld = ld.as_ref().map(Record::new);
        let ld_text =
            |names: &[&str]| ld.as_ref().and_then(|r| r.text(names)).map(|t| clean_line(&plain(&t)));
        let site = metas.first(&["og:site_name", "application-name"]).or_else(|| {
            ld.as_ref().and_then(|r| r.get(&["publisher"])).and_then(value_text).map(|s| clean_line(&s))
        });

        let html_title = {
            let head_title = doc.select("head title").text();
            let text = if head_title.trim().is_empty() { doc.select("title").text() } else { head_title };
            Some(strip_site_suffix(&clean_line(&text), site.as_deref())).filter(|t| !t.is_empty())
        };
        let declared: Vec<String> = [
            metas.first(&["og:title"]).map(|t| strip_site_suffix(&t, site.as_deref())),
            ld_text(&["headline", "name"]),
            metas.first(&["twitter:title"]).map(|t| strip_site_suffix(&t, site.as_deref())),
        ]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect();
        let title = choose_title(html_title, &declared);
        let h1 = Some(clean_line(&doc.select("h1").text())).filter(|t| !t.is_empty());

        let date = ld_date(ld.as_ref(), "datepublished")
            .or_else(|| metas.date(&["article:published_time", "og:published_time", "published_time"]))
            .or_else(|| {
                metas.date(&[
                    "date",
                    "pubdate",
                    "dc.date.issued",
                    "parsely-pub-date",
                    "sailthru.date",
                    "publishdate",
                    "publish-date",
                    "publish_date",
                    "dcterms.issued",
                    "dcterms.created",
                    "dc.date",
                    "datepublished",
                    "article.published",
                    "cxenseparse:recs:publishtime",
                    "article_date_original",
                    "publication_date",
                    "original-publish-date",
                ])
            })
            .or_else(|| metas.parsely_page_date())
            .or_else(|| time_element_date(doc))
            .or_else(|| ld_date(ld.as_ref(), "datecreated"))
            .or_else(|| headline_block_date(doc));

        let author = ld
            .as_ref()
            .and_then(|r| r.get(&["author", "creator"]))
            .map(value_names)
            .filter(|names| !names.is_empty())
            .map(|names| names.join(", "))
            .or_else(|| {
                metas
                    .first(&[
                        "author",
                        "article:author",
                        "parsely-author",
                        "sailthru.author",
                        "dc.creator",
                        "byl",
                    ])
                    .filter(|a| !a.starts_with("http"))
            })
            .or_else(|| byline_element(doc));

        let url = metas
            .first(&["og:url"])
            .or_else(|| doc.select("link[rel=canonical]").attr("href").map(|h| h.trim().to_string()))
            .filter(|u| !u.is_empty())
            .or_else(|| ld.as_ref().and_then(|r| r.get(&["url", "mainentityofpage"])).and_then(value_url));

        let lang = doc
            .select("html")
            .attr("lang")
            .and_then(|l| normalize_lang(&l))
            .or_else(|| ld_text(&["inlanguage"]).and_then(|l| normalize_lang(&l)))
            .or_else(|| {
                metas
                    .first(&["og:locale", "content-language", "dc.language"])
                    .and_then(|l| normalize_lang(&l))
            });

        let mut tags: Vec<String> = Vec::new();
        for value in metas.all(&["keywords", "news_keywords", "article:tag"]) {
            tags.extend(value_tags(&Value::String(value)));
        }
        if let Some(keywords) = ld.as_ref().and_then(|r| r.get(&["keywords"])) {
            tags.extend(value_tags(keywords));
        }

        let place = ld
            .as_ref()
            .and_then(|r| r.get(&["contentlocation", "locationcreated", "spatialcoverage"]))
            .and_then(value_text)
            .map(|p| clean_line(&p))
            .or_else(|| metas.first(&["geo.placename"]));

        let ld_body = ld.as_ref().and_then(|r| r.text(&["articlebody"])).map(|b| tidy_body(&plain(&b)));

        PageMeta { title, h1, date, author, url, lang, tags, place, ld_body }
    }
}

fn ld_date(ld: Option<&Record>, name: &str) -> Option<DateTime<Utc>> {
    ld?.text(&[name]).and_then(|d| parse_date(&d))
}

/// The headline of a page among what it states about itself.
///
/// The document's `<title>` (site name removed) is the page's own title, the one browsers and
/// search engines show and archives cite. Social and SEO headlines (`og:title`, JSON-LD
/// `headline`, `twitter:title`, in that order) are often rewritten variants of it (an outlet
/// tries several headlines on social media), so one of them replaces the `<title>` only when
/// it is that title without its decorations (contained in it: section and site names the
/// suffix stripping left), or when the `<title>` shares no word with any of them (a site or
/// section name, not the story's).
fn choose_title(html_title: Option<String>, declared: &[String]) -> Option<String> {
    let squash = |s: &str| -> String {
        s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
    };
    let Some(title) = html_title else { return declared.first().cloned() };
    let whole = squash(&title);
    let plain = declared.iter().find(|d| {
        let d = squash(d);
        !d.is_empty() && d.chars().count() * 2 >= whole.chars().count() && whole.contains(&d)
    });
    if let Some(plain) = plain {
        return Some(plain.clone());
    }
    let words = title_words(&title);
    if declared.is_empty() || declared.iter().any(|d| title_words(d).iter().any(|w| words.contains(w))) {
        Some(title)
    } else {
        declared.first().cloned()
    }
}

/// The words of a headline that can tell two headlines apart: lowercase words of four letters
/// or more, and for scripts written without spaces (CJK) every pair of adjacent characters.
fn title_words(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        if chars.iter().any(|&c| c >= '\u{2E80}') {
            out.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
        } else if chars.len() >= 4 {
            out.push(chars.into_iter().collect());
        }
    }
    out
}

/// A date printed beside the headline, for pages that state it nowhere else: the first full
/// date (`2023-11-17 20:52`, `2023/11/17`, `2023年11月17日`, `November 17, 2023`, `17 March
/// 2023`...) in the few elements that follow an `<h1>` (the first three: pages often have one
/// header for desktops and one for phones).
fn headline_block_date(doc: &Document) -> Option<DateTime<Utc>> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)
            (?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})
              (?:日)?(?:[\sT]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?
            | (?P<words>(?:\d{1,2}\.?\s+)?\p{L}{3,}\.?\s+(?:\d{1,2},?\s+)?\d{4})",
        )
        .expect("valid date pattern")
    });
    let headlines = doc.select("h1");
    let blocks = headlines.nodes().iter().take(3).map(|h1| {
        let mut text = String::new();
        let mut next = h1.next_element_sibling();
        for _ in 0..3 {
            let Some(node) = next else { break };
            text.push_str(&node.text());
            text.push('\n');
            next = node.next_element_sibling();
        }
        text.chars().take(300).collect::<String>()
    });
    blocks
        .flat_map(|text| DATE.captures_iter(&text).map(|c| date_of(&c)).collect::<Vec<_>>())
        .flatten()
        .next()
}

/// The date a match of [`headline_block_date`]'s pattern names, if it is a real one.
fn date_of(found: &regex::Captures) -> Option<DateTime<Utc>> {
    if let Some(words) = found.name("words") {
        return parse_date(words.as_str());
    }
    let (y, m, d) = (&found["y"], &found["m"], &found["d"]);
    let time = found.name("time").map_or("00:00", |t| t.as_str());
    parse_date(&format!("{y}-{m:0>2}-{d:0>2} {time}"))
}

/// The `<time datetime>` of the article (or marked as its publication date).
fn time_element_date(doc: &Document) -> Option<DateTime<Utc>> {
    for selector in ["article time[datetime]", "[itemprop=datePublished]", "time[pubdate]"] {
        for node in doc.select(selector).nodes() {
            let value = node.attr("datetime").or_else(|| node.attr("content"));
            if let Some(date) = value.and_then(|v| parse_date(&v)) {
                return Some(date);
            }
        }
    }
    None
}

/// A byline element's text: `rel=author`, `itemprop=author`, `.byline`.
fn byline_element(doc: &Document) -> Option<String> {
    for selector in
        ["[itemprop=author] [itemprop=name]", "[rel=author]", "[itemprop=author]", ".byline", ".author"]
    {
        let text = clean_line(&doc.select(selector).first().text());
        if !text.is_empty() && text.len() < 100 {
            return Some(strip_by(&text));
        }
    }
    None
}

/// `<title>` text without a trailing ` | Site` / ` - Site` (or a leading `Site | `).
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: [&str; 8] = [" | ", " - ", " -- ", " — ", " – ", " :: ", " · ", " • "];
    let mut title = clean_line(title);
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        for sep in SEPARATORS {
            if let Some(rest) = title.strip_prefix(&format!("{site}{sep}")) {
                title = rest.to_string();
            }
        }
    }
    // Strip at most two suffixes ("Story | Section | Site").
    for _ in 0..2 {
        let cut = SEPARATORS
            .iter()
            .filter_map(|sep| title.rfind(sep).map(|i| (i, sep.len())))
            .max_by_key(|(i, _)| *i);
        let Some((at, sep_len)) = cut else { break };
        let (head, tail) = (&title[..at], title[at + sep_len..].trim());
        let is_site = site.is_some_and(|s| s.eq_ignore_ascii_case(tail));
        let short_tail = tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3;
        if !(is_site || short_tail) {
            break;
        }
        title = head.trim().to_string();
    }
    title
}

/// The page's `<meta>` tags as (lowercased name/property/itemprop, content) pairs.
struct MetaTags {
    pairs: Vec<(String, String)>,
}

impl MetaTags {
    fn read(doc: &Document) -> MetaTags {
        let mut pairs = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else { continue };
            let content = clean_line(&content);
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(key) = node.attr(attr) {
                    pairs.push((key.trim().to_lowercase(), content.clone()));
                }
            }
        }
        MetaTags { pairs }
    }

    /// The first value for any of `keys`, in the order of `keys`.
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    /// Every value for any of `keys`.
    fn all(&self, keys: &[&str]) -> Vec<String> {
        self.pairs.iter().filter(|(k, _)| keys.contains(&k.as_str())).map(|(_, v)| v.clone()).collect()
    }

    /// The `pub_date` inside Parse.ly's JSON `<meta name="parsely-page">`.
    fn parsely_page_date(&self) -> Option<DateTime<Utc>> {
        let json = self.first(&["parsely-page"])?;
        let value: Value = serde_json::from_str(&json).ok()?;
        parse_date(value.get("pub_date")?.as_str()?)
    }

    /// The first value among `keys` that parses as a date.
    fn date(&self, keys: &[&str]) -> Option<DateTime<Utc>> {
        keys.iter()
            .find_map(|key| self.pairs.iter().filter(|(k, _)| k == key).find_map(|(_, v)| parse_date(v)))
    }
}

/// The page's JSON-LD article object, if it has one.
fn json_ld_article(doc: &Document) -> Option<Map<String, Value>> {
    let mut objects: Vec<Map<String, Value>> = Vec::new();
    for node in doc.select("script").nodes() {
        let is_ld = node.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let text = node.text();
        let text = text.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            collect_objects(value, 0, &mut objects);
        }
    }
    objects.into_iter().find(is_article_type)
}

/// Every object in a JSON-LD value: arrays, `@graph`, `mainEntity`.
fn collect_objects(value: Value, depth: usize, out: &mut Vec<Map<String, Value>>) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| collect_objects(v, depth + 1, out)),
        Value::Object(mut map) => {
            let nested: Vec<Value> = ["@graph", "mainEntity"].iter().filter_map(|k| map.remove(*k)).collect();
            out.push(map);
            for v in nested {
                collect_objects(v, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn is_article_type(object: &Map<String, Value>) -> bool {
    let types: Vec<&str> = match object.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    types.iter().any(|t| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.ends_with("Article") || t == "BlogPosting" || t == "LiveBlogPosting" || t == "Report"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "<p>BUSAN, Oct 30 (Wire) - The two leaders met for almost two hours at an air base \
        and agreed to pause the latest round of tariffs, officials from both sides said.</p>\
        <p>The meeting was the first in six years. Neither side gave details of the deal, \
        but markets in Tokyo and Seoul rose after the news broke in the afternoon.</p>\
        <p>Officials said a written text would follow within weeks, once lawyers on both sides \
        had gone through the wording of every clause.</p>";

    fn page(head: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>"
        )
    }

    fn read(html: &str) -> Article {
        parse(html, "p.html").unwrap()
    }

    #[test]
    fn metadata_precedence() {
        let head = r#"<title>Leaders agree tariff pause - The Daily Example</title>
            <meta property="og:title" content="Leaders agree to pause tariffs">
            <meta property="og:site_name" content="The Daily Example">
            <meta property="og:url" content="https://example.org/tariffs">
            <link rel="canonical" href="https://example.org/canonical">
            <meta property="article:published_time" content="2025-10-30T01:00:00Z">
            <meta name="date" content="2025-10-29">
            <meta name="author" content="Meta Author">
            <meta name="keywords" content="trade, tariffs">
            <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
                {"@type": "WebPage", "name": "page"},
                {"@type": ["NewsArticle", "ReportageNewsArticle"], "headline": "LD headline",
                 "datePublished": "2025-10-30T08:15:00+09:00", "author": [{"@type": "Person", "name": "Kim Soo"}, {"name": "Lee Dan"}],
                 "keywords": ["Asia"], "contentLocation": {"@type": "Place", "name": "Busan"}}]}</script>"#;
        let a = read(&page(head, &format!("<article>{STORY}</article>")));
        assert_eq!(a.title, "Leaders agree tariff pause", "the page's <title> over a social variant");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-29T23:15:00+00:00"));
        assert_eq!(a.author.as_deref(), Some("Kim Soo, Lee Dan"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/tariffs"));
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(a.tags, vec!["trade", "tariffs", "Asia"]);
        assert_eq!(a.meta_place.as_deref(), Some("Busan"));
        assert!(a.body.starts_with("BUSAN, Oct 30 (Wire) - The two leaders"), "{}", a.body);
        assert!(a.body.contains("\n\nThe meeting was the first"), "{}", a.body);
    }

    #[test]
    fn fallbacks_when_og_and_json_ld_are_missing() {
        let head = r#"<title>Leaders agree tariff pause | Example News</title>
            <link rel="canonical" href="https://example.org/canonical">
            <meta name="DC.date.issued" content="2025-10-30">"#;
        let body = format!(
            "<article><h1>Leaders agree tariff pause</h1><p class=\"byline\">By Jo Park</p>\
            <time datetime=\"2025-10-28\">Oct 28</time>{STORY}</article>"
        );
        let a = read(&page(head, &body));
        assert_eq!(a.title, "Leaders agree tariff pause");
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/canonical"));
        assert_eq!(a.author.as_deref(), Some("Jo Park"));
        assert!(a.body.starts_with("BUSAN, Oct 30"), "{}", a.body);
    }

    #[test]
    fn title_choice() {
        let declared = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let title = Some("Hansen calls for geoengineering".to_string());
        // A social variant: the page's own title.
        let og = declared(&["We need geoengineering, says Hansen"]);
        assert_eq!(choose_title(title.clone(), &og).as_deref(), Some("Hansen calls for geoengineering"));
        // The <title> with decorations the stripping kept: the clean declared form.
        let decorated =
            Some("動画：ナイジェリアで少女らによる自爆攻撃　国際ニュース：AFPBB News".to_string());
        let clean = declared(&["動画：ナイジェリアで少女らによる自爆攻撃"]);
        assert_eq!(
            choose_title(decorated, &clean).as_deref(),
            Some("動画：ナイジェリアで少女らによる自爆攻撃")
        );
        // A <title> that is only the site's name.
        let site = Some("The Example Courier".to_string());
        let og = declared(&["Tram depot becomes a market"]);
        assert_eq!(choose_title(site, &og).as_deref(), Some("Tram depot becomes a market"));
        assert_eq!(choose_title(None, &og).as_deref(), Some("Tram depot becomes a market"));
        assert_eq!(choose_title(title.clone(), &[]), title);
    }

    #[test]
    fn date_beside_the_headline() {
        let body = format!(
            "<div><h1>短缺药品保供稳价</h1><div class=\"info\">2023-11-17 20:52:15 <span>来源：新华网</span></div></div>{STORY}"
        );
        let a = read(&page("<title>短缺药品保供稳价-新华网</title>", &body));
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2023-11-17T20:52:15+00:00"));
        let body = format!("<h1>Rain due</h1><p class=\"meta\">By Jo Park, March 3, 2025</p>{STORY}");
        let a = read(&page("<title>Rain due</title>", &body));
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-03-03T00:00:00+00:00"));
        let body = format!("<h1>Rain due</h1><p>Call 2023 4567 for tickets</p>{STORY}");
        assert_eq!(read(&page("<title>Rain due</title>", &body)).date, None, "no date, none invented");
    }

    #[test]
    fn time_element_in_the_article() {
        let body =
            format!("<article><time datetime=\"2025-10-28T10:00:00Z\">Tuesday</time>{STORY}</article>");
        let a = read(&page("<title>A headline for the page</title>", &body));
        assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-28T10:00:00+00:00"));
        assert_eq!(a.title, "A headline for the page");
    }

    #[test]
    fn boilerplate_stays_out_of_the_body() {
        let body = format!(
            "<header class=\"site-header\"><a href=\"/\">Example News</a><nav><a href=\"/world\">World</a>\
             <a href=\"/sport\">Sport</a></nav></header>\
             <div class=\"cookie-banner\"><p>We use cookies to improve your experience on our website. \
             By continuing to browse you agree to our use of cookies.</p><button>Accept</button></div>\
             <main><article><h1>Leaders agree tariff pause</h1>{STORY}\
             <div class=\"share-tools\"><a>Share on social media now</a></div></article>\
             <aside class=\"most-read\"><h2>Most read</h2><ol><li><a href=\"/1\">Celebrity chef opens new \
             restaurant in the old town square</a></li><li><a href=\"/2\">Ten things to do this weekend</a></li></ol></aside>\
             </main><footer><p>Copyright 2025 Example News. All rights reserved. Terms of use and privacy \
             policy apply to everything on this website.</p></footer>"
        );
        let a = read(&page("<title>Leaders agree tariff pause</title>", &body));
        for junk in ["cookies", "Most read", "Celebrity chef", "Copyright", "Sport", "Share on"] {
            assert!(!a.body.contains(junk), "{junk:?} in body:\n{}", a.body);
        }
        assert!(a.body.starts_with("BUSAN, Oct 30 (Wire)"), "{}", a.body);
        assert!(a.body.contains("written text would follow"));
    }

    #[test]
    fn a_page_of_boilerplate_has_no_article() {
        let body = "<header><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav></header>\
            <div id=\"cookie-consent\"><p>We use cookies to give you the best experience. Accept all cookies \
            or manage your preferences in the settings.</p></div>\
            <div class=\"newsletter-signup\"><p>Sign up for our daily newsletter and never miss a story \
            from our award-winning newsroom.</p></div>\
            <footer><p>© 2025 Example News Ltd. All rights reserved. Registered in England and Wales.</p></footer>";
        let err = parse(&page("<title>Example News</title>", body), "b.html").unwrap_err().to_string();
        assert_eq!(err, "b.html: no article text found");
    }

    #[test]
    fn a_page_wide_form_is_not_boilerplate() {
        let body = format!("<form id=\"aspnetForm\"><div class=\"has-sidebar\">{STORY}</div></form>");
        let a = read(&page("<title>Headline of the form page</title>", &body));
        assert!(a.body.contains("The two leaders met"), "{}", a.body);
    }

    #[test]
    fn short_pages_fall_back_to_paragraphs() {
        let body = "<div><p>Rain is expected across the north of the country on Sunday, forecasters said, \
            with heavy showers in the hills.</p></div>";
        let a = read(&page("<title>Rain due on Sunday</title>", body));
        assert_eq!(a.title, "Rain due on Sunday");
        assert!(a.body.starts_with("Rain is expected"), "{}", a.body);
    }

    #[test]
    fn json_ld_article_body_as_last_resort() {
        let head = r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Only in JSON-LD",
            "articleBody": "The whole story lives in the structured data block and nowhere else on this page at all."}</script>"#;
        let a = read(&page(head, "<div id=\"app\"></div>"));
        assert_eq!(a.title, "Only in JSON-LD");
        assert!(a.body.starts_with("The whole story lives"));
    }

    #[test]
    fn site_suffixes() {
        assert_eq!(strip_site_suffix("Leaders meet in Busan - Reuters", None), "Leaders meet in Busan");
        assert_eq!(
            strip_site_suffix("Leaders meet in Busan | World | The Paper", None),
            "Leaders meet in Busan"
        );
        assert_eq!(
            strip_site_suffix("The Paper | Leaders meet in Busan", Some("The Paper")),
            "Leaders meet in Busan"
        );
        assert_eq!(
            strip_site_suffix("Leaders meet - a long subtitle that keeps going on", None),
            "Leaders meet - a long subtitle that keeps going on"
        );
        assert_eq!(strip_site_suffix("Busan - Seoul", None), "Busan - Seoul");
        assert_eq!(
            strip_site_suffix("Story | Long Site Name Of Many Words", Some("Long Site Name Of Many Words")),
            "Story"
        );
    }

    #[test]
    fn deep_nesting_is_refused_or_read_without_readability() {
        let deep = format!("<html><body>{}<p>x</p></body></html>", "<div>".repeat(MAX_PARSE_DEPTH + 1));
        let err = parse(&deep, "d.html").unwrap_err().to_string();
        assert!(err.contains("nested more than"), "{err}");
        let story = "<p>word word word word word word word word word word word word word word</p>";
        let deep =
            format!("<html><body>{}{story}</body></html>", "<span>".repeat(MAX_READABILITY_DEPTH + 10));
        assert!(parse(&deep, "d.html").unwrap().body.starts_with("word word"));
        assert_eq!(estimated_depth("<div><p>a<p>b</div><br><img src=x><script>if (a<b) {}</script>"), 1);
        assert_eq!(estimated_depth("<!-- <div><div> --><div/><x-a><y:b></y:b></x-a>"), 2);
        assert_eq!(estimated_depth("<"), 0);
        assert_eq!(estimated_depth("<div"), 0);
        assert_eq!(estimated_depth("</div></div>"), 0);
    }

    #[test]
    fn empty_and_odd_pages() {
        assert!(parse("<html></html>", "e.html").is_err());
        assert!(parse("<<<>>>", "e.html").is_err());
        assert!(parse("<script type=\"application/ld+json\">{broken</script>", "e.html").is_err());
    }

    /// Saved real pages with expected text, in the shared data folder (not in the repository).
    #[test]
    fn real_pages_keep_their_story() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/newspaper4k-html");
        let Ok(entries) = std::fs::read_dir(root.join("html")) else {
            eprintln!("skipped: {} is absent", root.display());
            return;
        };
        let words = |s: &str| -> std::collections::HashMap<String, usize> {
            let mut bag = std::collections::HashMap::new();
            for w in s.split_whitespace() {
                *bag.entry(w.to_lowercase()).or_insert(0) += 1;
            }
            bag
        };
        let mut checked = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
            let expected =
                std::fs::read_to_string(root.join("txt").join(format!("{stem}.txt"))).unwrap_or_default();
            if expected.len() < 200 {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let articles = crate::ingest::parse_bytes(&bytes, &path, &stem).unwrap_or_else(|e| panic!("{e}"));
            let (want, got) = (words(&expected), words(&articles[0].body));
            let found: usize = want.iter().map(|(w, n)| (*n).min(*got.get(w).unwrap_or(&0))).sum();
            let recall = found as f64 / want.values().sum::<usize>() as f64;
            assert!(recall >= 0.7, "{stem}: only {recall:.2} of the expected words in the body");
            checked += 1;
        }
        assert!(checked >= 15, "only {checked} pages checked");
    }
}
