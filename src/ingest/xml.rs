//! XML for the news vocabularies (NITF, NewsML, RSS/Atom): made safe for roxmltree, parsed,
//! and walked by local element name.
//!
//! Real news XML trips strict parsers in three ways, each handled in [`prepare`] before parsing:
//! a DOCTYPE (roxmltree refuses DTDs, and NewsML 1.2's parameter entities such as `%nitf;`
//! break it even when allowed), HTML entities the DTD would have defined (`&nbsp;`,
//! `&eacute;`), and control characters XML forbids (`&#3;` in Reuters wire copy). Charset
//! decoding (the declaration's `encoding=`) happens before, in `decode`.
//!
//! Elements are matched by local name, so `<dc:creator>`, `<atom:link>` and default-namespaced
//! NewsML-G2 elements are found without caring about prefixes.

use std::collections::HashMap;

use roxmltree::{Document, Node, ParsingOptions};

use super::detect::doctype_end;
use super::text::tidy_body;

/// The most nodes one XML file may have: far above any news file, low enough to bound memory.
const MAX_NODES: u32 = 4_000_000;

/// The deepest element nesting read: news XML is a few levels deep, 1,000 is far beyond it.
const MAX_DEPTH: usize = 1_000;

/// Elements whose text is a block of its own: separated from the next by a blank line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "hl1",
    "hl2",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "block",
    "table",
    "tr",
    "br",
    "section",
    "article",
    "abstract",
    "media-caption",
    "fn",
    "note",
];

/// The text XML references as an entity name in HTML's vocabulary (`nbsp` -> U+00A0), when known.
fn html_entity(name: &str) -> Option<String> {
    let reference = format!("&{name};");
    let text = dom_query::Document::fragment(reference.as_str()).text().to_string();
    (text != reference && !text.is_empty()).then_some(text)
}

/// Text ready for roxmltree: DOCTYPE removed, forbidden characters dropped, and entity
/// references that XML does not predefine replaced by their characters (as HTML reads them) or,
/// when unknown, kept as literal text.
pub fn prepare(text: &str) -> String {
    let mut text = text;
    let mut out = String::with_capacity(text.len());
    // The DOCTYPE sits before the root element; remove the first one only.
    if let Some(at) = text.find("<!DOCTYPE").or_else(|| text.find("<!doctype"))
        && text[..at].match_indices('<').all(|(i, _)| matches!(text.as_bytes().get(i + 1), Some(b'?' | b'!')))
        && let Some(len) = doctype_end(&text.as_bytes()[at..])
    {
        out.push_str(&text[..at]);
        text = &text[at + len..];
    }
    let mut cache: HashMap<String, Option<String>> = HashMap::new();
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c == '&' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
    {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or('&');
        if c != '&' {
            rest = &rest[at + c.len_utf8()..];
            continue;
        }
        let tail = &rest[at + 1..];
        let end = tail.find(';').filter(|&e| e <= 32);
        match end.map(|e| &tail[..e]) {
            Some(name) if matches!(name, "lt" | "gt" | "amp" | "quot" | "apos") => {
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
            Some(num) if num.starts_with('#') => {
                if let Some(c) = numeric_reference(num).filter(|c| is_xml_char(*c)) {
                    push_escaped(&mut out, c);
                }
            }
            Some(name) if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) => {
                let decoded = cache.entry(name.to_string()).or_insert_with(|| html_entity(name));
                match decoded {
                    Some(value) => value.chars().for_each(|c| push_escaped(&mut out, c)),
                    None => {
                        out.push_str("&amp;");
                        out.push_str(name);
                        out.push(';');
                    }
                }
            }
            _ => {
                // A bare ampersand (`AT&T`): tolerated as text.
                out.push_str("&amp;");
                rest = tail;
                continue;
            }
        }
        rest = &tail[end.unwrap_or(0) + 1..];
    }
    out.push_str(rest);
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '<' => out.push_str("&lt;"),
        '&' => out.push_str("&amp;"),
        c => out.push(c),
    }
}

/// `#233` or `#xE9` as a character.
fn numeric_reference(reference: &str) -> Option<char> {
    let digits = reference.strip_prefix('#')?;
    let value = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(value)
}

/// Whether XML 1.0 allows the character in a document.
fn is_xml_char(c: char) -> bool {
    !c.is_control() || matches!(c, '\n' | '\r' | '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Decodes SGML/HTML character references in text that is not parsed as XML (Reuters SGML):
/// the predefined five, numeric ones (control characters are dropped), and HTML's named ones.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let name = tail.find(';').filter(|&e| e > 0 && e <= 32).map(|e| &tail[..e]);
        let decoded = name.and_then(|name| match name {
            "lt" => Some("<".to_string()),
            "gt" => Some(">".to_string()),
            "amp" => Some("&".to_string()),
            "quot" => Some("\"".to_string()),
            "apos" => Some("'".to_string()),
            n if n.starts_with('#') => numeric_reference(n)
                .map(|c| if c.is_control() && c != '\n' { String::new() } else { c.to_string() }),
            n if n.chars().all(|c| c.is_ascii_alphanumeric()) => html_entity(n),
            _ => None,
        });
        match (name, decoded) {
            (Some(name), Some(value)) => {
                out.push_str(&value);
                rest = &tail[name.len() + 1..];
            }
            _ => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses prepared text (see [`prepare`]); the error is the reason to report.
///
/// A document nested deeper than [`MAX_DEPTH`] is refused: no news vocabulary comes near it,
/// and the HTML found inside such elements is parsed again by readers that recurse.
pub fn parse(prepared: &str) -> Result<Document<'_>, String> {
    let options = ParsingOptions { allow_dtd: true, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(prepared, options).map_err(|e| error_reason(&e))?;
    if depth_exceeds(&doc, MAX_DEPTH) {
        return Err(format!("XML nested more than {MAX_DEPTH} levels deep: not read"));
    }
    Ok(doc)
}

/// Whether any element of `doc` lies more than `max` elements deep (counted without recursion:
/// nodes come in document order, so a node's parent is always measured before it).
fn depth_exceeds(doc: &Document<'_>, max: usize) -> bool {
    let mut depths: Vec<usize> = Vec::new();
    for node in doc.root().descendants() {
        let index = node.id().get_usize();
        if depths.len() <= index {
            depths.resize(index + 1, 0);
        }
        let parent = node.parent().map_or(0, |p| depths.get(p.id().get_usize()).copied().unwrap_or(0));
        let depth = parent + usize::from(node.is_element());
        if depth > max {
            return true;
        }
        depths[index] = depth;
    }
    false
}

/// A roxmltree error in words a user can act on.
fn error_reason(error: &roxmltree::Error) -> String {
    use roxmltree::Error as E;
    match error {
        E::UnexpectedEndOfStream | E::UnclosedRootNode => {
            "truncated: the XML ends before its elements are closed".to_string()
        }
        E::NoRootNode => "not XML: no root element".to_string(),
        E::NodesLimitReached => format!("XML with more than {MAX_NODES} nodes: not read"),
        other => format!("not well-formed XML: {other}"),
    }
}

/// The local name of an element (`dc:creator` -> `creator`).
pub fn local<'a>(node: &Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

/// The first child element with local name `name`.
pub fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| n.is_element() && local(n) == name)
}

/// Every child element with local name `name`.
pub fn children<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children().filter(move |n| n.is_element() && local(n) == name)
}

/// The first element below `node` (at any depth) with local name `name`.
pub fn descendant<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.descendants().skip(1).find(|n| n.is_element() && local(n) == name)
}

/// An attribute by local name, whatever its namespace, trimmed, when not empty.
pub fn attr(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value().trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The `xml:lang` of the node or its nearest ancestor that has one.
pub fn xml_lang(node: Node<'_, '_>) -> Option<String> {
    node.ancestors().find_map(|n| n.attribute((roxmltree::NS_XML_URI, "lang"))).map(str::to_string)
}

/// All the text below `node` on one line, as XML concatenates it, whitespace collapsed.
pub fn line(node: Node<'_, '_>) -> String {
    let mut out = String::new();
    for text in node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()) {
        out.push_str(text);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text below `node` as paragraphs: block elements separated by blank lines, the lines
/// inside a block joined.
pub fn paragraphs(node: Node<'_, '_>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        if n.is_element() && BLOCKS.contains(&local(&n)) {
            out.push_str("\n\n");
            continue;
        }
        let Some(text) = n.text().filter(|_| n.is_text()) else { continue };
        if text.starts_with(char::is_whitespace) && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&words);
        if !words.is_empty() && text.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }
    let paragraphs: Vec<&str> = out.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    tidy_body(&paragraphs.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctype_entities_and_controls_are_made_safe() {
        let raw = "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf SYSTEM \"nitf.dtd\" [ %nitf; ]>\n<a>caf&eacute;&nbsp;&#3;x &bogus; AT&T &lt;b&gt; &#60;\u{1}</a>";
        let prepared = prepare(raw);
        let doc = parse(&prepared).unwrap();
        assert_eq!(doc.root_element().text(), Some("café\u{a0}x &bogus; AT&T <b> <"));
    }

    #[test]
    fn truncated_and_broken_xml_are_explained() {
        assert!(parse(&prepare("<a><b>text")).unwrap_err().starts_with("truncated"));
        assert!(parse(&prepare("<a></b>")).unwrap_err().starts_with("not well-formed XML"));
        assert!(parse(&prepare("just words")).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("<rss>{}x{}</rss>", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert_eq!(
            parse(&deep).unwrap_err(),
            format!("XML nested more than {MAX_DEPTH} levels deep: not read")
        );
        let ok = format!("{}x{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        // Entities declared in a DTD are never expanded (the DOCTYPE is dropped): no billion laughs.
        let laughs =
            "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>";
        assert_eq!(parse(&prepare(laughs)).unwrap().root_element().text(), Some("&b;"));
    }

    #[test]
    fn walking_by_local_name() {
        let prepared = prepare(
            "<r xmlns:dc='http://purl.org/dc/elements/1.1/' xml:lang='fr'><dc:creator>Ana</dc:creator>\
             <body><p>One\n  line.</p><p>Two <b>bold</b> words.</p></body></r>",
        );
        let doc = parse(&prepared).unwrap();
        let root = doc.root_element();
        assert_eq!(child(root, "creator").map(line).as_deref(), Some("Ana"));
        let body = descendant(root, "body").unwrap();
        assert_eq!(paragraphs(body), "One line.\n\nTwo bold words.");
        assert_eq!(xml_lang(body).as_deref(), Some("fr"));
    }

    #[test]
    fn sgml_entities() {
        assert_eq!(decode_entities("a &lt;b&gt; &amp; c&#3;&#5; &eacute; &x AT&T;"), "a <b> & c é &x AT&T;");
    }
}
