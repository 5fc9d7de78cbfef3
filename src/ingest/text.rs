//! Text helpers shared by the format parsers: tidying bodies, deriving a title from the first
//! sentence, recognising a wire dateline, and turning an HTML fragment into plain text.

use std::sync::LazyLock;

use regex::Regex;

use super::formats::html::{MAX_PARSE_DEPTH, estimated_depth};

/// Longest derived title, in characters, before it is cut at a word boundary with `…`.
pub const DERIVED_TITLE_MAX_CHARS: usize = 100;

/// Wire datelines with an agency: `BUSAN, Oct. 30 (Reuters) -`, `BEIJING (AP) —`,
/// `SAN JOSE, Calif., Oct. 2 (Reuters) -`.
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[A-Z][A-Z .'’\-]{1,40}?(?:,[^()\n]{1,40}?)?|[A-Z][A-Za-z .'’\-]{1,40}?,[^()\n]{1,40}?)",
        r"\s*\([^)\n]{1,30}\)\s*[-–—]+\s*"
    ))
    .expect("static regex")
});

/// Wire datelines without an agency: `WASHINGTON, Oct. 30 —`, `BUSAN, South Korea —`.
static CAPS_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[A-Z][A-Z .'’\-]{1,40}",
        r"(?:,\s*[A-Z][A-Za-z. ]{1,20}?(?:,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?",
        r"|,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})",
        r"\s+[-–—]+\s+"
    ))
    .expect("static regex")
});

/// The colon form used by South Asian and Korean outlets: `Busan:`, `New Delhi:`.
static COLON_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+){0,2}:\s+").expect("static regex")
});

/// A tag from the common HTML vocabulary: enough to tell markup from `a < b > c` in prose.
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|blockquote|img|figure|",
        r"figcaption|table|tr|td|th|section|article|html|body|head|hr|pre|code|small|sup|sub)",
        r"(?:\s[^<>]*)?/?>"
    ))
    .expect("static regex")
});

/// An HTML character reference: `&amp;`, `&#8217;`, `&#x2019;`.
static HTML_ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});").expect("static regex")
});

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "cmdr", "adm",
    "st", "jr", "sr", "inc", "corp", "ltd", "co", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "ave", "blvd", "dept", "univ", "est",
    "approx", "fig", "rev", "hon", "pres", "messrs", "mme", "mlle",
];

/// Tidies a body: trailing spaces and control characters removed, runs of blank lines reduced
/// to one blank line (the paragraph separator), no blank lines at either end.
pub fn tidy_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    let kept = |c: char| c == '\t' || (!c.is_control() && c != '\u{feff}');
    let mut cleaned = String::new();
    for line in text.split('\n') {
        // Most lines have nothing to remove: they are used as they are, not copied.
        let line = if line.chars().all(kept) {
            line
        } else {
            cleaned.clear();
            cleaned.extend(
                line.chars()
                    .filter(|c| !c.is_control() || *c == '\t')
                    .map(|c| if c == '\u{feff}' { ' ' } else { c }),
            );
            &cleaned
        };
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = 0;
    }
    out
}

/// One line of display text: whitespace (newlines included) collapsed to single spaces.
pub fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a line opens with a wire dateline in the `PLACE, Date (Agency) -` style.
pub fn starts_with_wire_dateline(line: &str) -> bool {
    WIRE_DATELINE.is_match(line) || CAPS_DATELINE.is_match(line)
}

/// The text after a leading dateline (`BUSAN, Oct. 30 (Reuters) - `, `Busan: `), or all of it.
pub fn strip_dateline(text: &str) -> &str {
    for re in [&*WIRE_DATELINE, &*CAPS_DATELINE, &*COLON_DATELINE] {
        if let Some(m) = re.find(text) {
            let rest = &text[m.end()..];
            if !rest.trim().is_empty() {
                return rest;
            }
        }
    }
    text
}

/// A title for a story that has none: the first sentence of its first paragraph, without the
/// dateline, cut to [`DERIVED_TITLE_MAX_CHARS`] at a word boundary with `…`.
pub fn derive_title(body: &str) -> String {
    let first_paragraph = body.split("\n\n").map(clean_line).find(|p| !p.is_empty()).unwrap_or_default();
    let rest = strip_dateline(&first_paragraph);
    let sentence = first_sentence(rest);
    let sentence = drop_final_period(sentence);
    shorten(sentence, DERIVED_TITLE_MAX_CHARS)
}

/// The first sentence of `text` (all of it when no sentence end is found).
pub fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Closing quotes and brackets stay with their sentence.
        let mut end = i + c.len_utf8();
        while let Some(&(j, q)) = chars.peek() {
            if matches!(q, '"' | '\'' | '”' | '’' | ')' | ']') {
                end = j + q.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let after = &text[end..];
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            continue;
        }
        if c == '.' && is_abbreviation(last_word(&text[..i + 1])) {
            continue;
        }
        let next = after.trim_start().chars().next();
        if next.is_some_and(char::is_lowercase) {
            continue;
        }
        return &text[..end];
    }
    text
}

fn last_word(text: &str) -> &str {
    text.rsplit(char::is_whitespace).next().unwrap_or(text)
}

/// Whether `word` (with its final period) is an abbreviation rather than a sentence end:
/// `U.S.`, `a.m.`, an initial (`J.`), or a listed title or month (`Mr.`, `Oct.`).
pub fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    if stem.contains('.') {
        return true;
    }
    let mut letters = stem.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        return first.is_alphabetic();
    }
    let lower = stem.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn drop_final_period(sentence: &str) -> &str {
    match sentence.strip_suffix('.') {
        Some(stem) if !is_abbreviation(last_word(sentence)) && !stem.ends_with('.') => stem,
        _ => sentence,
    }
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space >= head.len() / 2 => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—(".contains(c));
    format!("{head}…")
}

/// Whether `text` contains HTML markup (common tags, not just angle brackets).
pub fn looks_like_html(text: &str) -> bool {
    HTML_TAG.is_match(text)
}

/// Whether `text` contains an HTML character reference such as `&amp;` or `&#8217;`.
pub fn has_html_entity(text: &str) -> bool {
    text.contains('&') && HTML_ENTITY.is_match(text)
}

/// Plain text of an HTML fragment: tags removed, entities decoded, block elements separated by
/// blank lines, scripts and styles dropped.
pub fn html_to_text(html: &str) -> String {
    // The HTML parser's time grows with the square of the nesting depth (100,000 nested `<div>`s
    // in a feed item take minutes): a fragment nested deeper than any page has its tags stripped.
    if html.len() > MAX_PARSE_DEPTH && estimated_depth(html) > MAX_PARSE_DEPTH {
        return tidy_body(&strip_tags(html));
    }
    let doc = dom_query::Document::fragment(html);
    doc.select("script, style, noscript, template").remove();
    tidy_body(&doc.formatted_text())
}

/// Text with every tag (`<...>`) replaced by a space and entities decoded, in one pass.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
    }
    out.push_str(rest);
    let words = crate::ingest::xml::decode_entities(&out);
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text that may carry markup or entities (JSON fields, feed titles) made plain.
pub fn plain(text: &str) -> String {
    if looks_like_html(text) || has_html_entity(text) { html_to_text(text) } else { text.to_string() }
}

/// An ISO 639-1 code from a language tag (`en-US`, `en_GB`, `EN`), when it looks like one.
/// Three-letter codes (`fra`, `ger`, as library and NITF metadata write them) become the two
/// letters of the main news languages, so that `--lang fr` and French stemming apply to them.
pub fn normalize_lang(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if !(matches!(primary.len(), 2 | 3) && primary.bytes().all(|b| b.is_ascii_lowercase())) {
        return None;
    }
    let two = match primary.as_str() {
        "ara" => "ar",
        "dan" => "da",
        "deu" | "ger" => "de",
        "ell" | "gre" => "el",
        "eng" => "en",
        "spa" => "es",
        "fin" => "fi",
        "fra" | "fre" => "fr",
        "hun" => "hu",
        "ita" => "it",
        "nld" | "dut" => "nl",
        "nor" => "no",
        "nob" => "nb",
        "nno" => "nn",
        "por" => "pt",
        "ron" | "rum" => "ro",
        "rus" => "ru",
        "swe" => "sv",
        "tam" => "ta",
        "tur" => "tr",
        "zho" | "chi" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "pol" => "pl",
        _ => return Some(primary),
    };
    Some(two.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_fragments_are_stripped_not_parsed() {
        let deep =
            format!("{}Deep &amp; <b>bold</b> text{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        // Parsed, this would take minutes; stripped, it takes milliseconds.
        assert_eq!(html_to_text(&deep), "Deep & bold text");
        assert_eq!(html_to_text("<p>One</p><p>Two</p>"), "One\n\nTwo");
    }

    #[test]
    fn tidy_body_keeps_one_blank_line_between_paragraphs() {
        let raw = "\n\n  First line  \nsecond line\t\n\n\n\nNext\u{7} paragraph\n \n";
        assert_eq!(tidy_body(raw), "  First line\nsecond line\n\nNext paragraph");
        // Lines with and without characters to remove, side by side (a line is copied only
        // when something in it goes).
        let mixed = "Clean line\r\n\u{feff}Byte order\u{85} mark\r\nTabs\tkept\u{0}\n\u{1b}\nLast é";
        assert_eq!(tidy_body(mixed), "Clean line\n Byte order mark\nTabs\tkept\n\nLast é");
    }

    #[test]
    fn derived_title_strips_the_dateline_and_keeps_one_sentence() {
        let body = "Busan: U.S. President Donald Trump and Chinese leader Xi Jinping agreed on Thursday to \
                    ease trade tensions. Markets rose.\n\nMore text.";
        assert_eq!(
            derive_title(body),
            "U.S. President Donald Trump and Chinese leader Xi Jinping agreed on Thursday to ease trade tensions"
        );
        let wire = "BUSAN, Oct. 30 (Reuters) - Mr. Trump met Mr. Xi. Talks lasted two hours.";
        assert_eq!(derive_title(wire), "Mr. Trump met Mr. Xi");
        let caps =
            "WASHINGTON, Oct. 30 — The Senate passed the bill late on Wednesday. It now goes to the House.";
        assert_eq!(derive_title(caps), "The Senate passed the bill late on Wednesday");
    }

    #[test]
    fn derived_title_is_cut_at_a_word_boundary() {
        let body = "The quick brown fox jumps over the lazy dog while the farmer watches from the porch and \
                    the cows keep on chewing the grass without looking up at all";
        let title = derive_title(body);
        assert!(title.ends_with('…'), "{title}");
        assert!(title.chars().count() <= DERIVED_TITLE_MAX_CHARS + 1);
        assert!(title.starts_with("The quick brown fox"));
        assert!(!title.contains("  "));
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("ééééé ééééé", 7), "ééééé…");
    }

    #[test]
    fn a_dateline_alone_is_still_a_title() {
        assert_eq!(derive_title("Busan:"), "Busan:");
        assert_eq!(derive_title(""), "");
    }

    #[test]
    fn sentences_and_abbreviations() {
        assert_eq!(first_sentence("He said \"never.\" Then he left."), "He said \"never.\"");
        assert_eq!(first_sentence("Prices fell 2.5 percent. Then rose."), "Prices fell 2.5 percent.");
        assert_eq!(first_sentence("It ended at 9 a.m. on Friday. Later."), "It ended at 9 a.m. on Friday.");
        assert_eq!(first_sentence("No end here"), "No end here");
        assert!(is_abbreviation("U.S."));
        assert!(is_abbreviation("J."));
        assert!(is_abbreviation("(Oct."));
        assert!(!is_abbreviation("percent."));
        assert!(!is_abbreviation("U.S"));
    }

    #[test]
    fn wire_datelines_are_recognised() {
        assert!(starts_with_wire_dateline("BUSAN, Oct. 30 (Reuters) - Talks"));
        assert!(starts_with_wire_dateline("SAN JOSE, Calif., Oct. 2 (Reuters) - Apple"));
        assert!(starts_with_wire_dateline("BEIJING (AP) — China"));
        assert!(starts_with_wire_dateline("WASHINGTON, Oct. 30 — The"));
        assert!(starts_with_wire_dateline("BUSAN, South Korea — Trade"));
        assert!(!starts_with_wire_dateline("Trump and Xi meet in Busan"));
        assert!(!starts_with_wire_dateline("US — China trade war heats up"));
        assert!(!starts_with_wire_dateline("Apple (AAPL) - shares fall"));
        assert_eq!(strip_dateline("New Delhi: The monsoon"), "The monsoon");
        assert_eq!(strip_dateline("The president said: hello"), "The president said: hello");
    }

    #[test]
    fn html_fragments_become_text() {
        assert!(looks_like_html("<p>Hello</p>"));
        assert!(looks_like_html("one<br/>two"));
        assert!(!looks_like_html("if a < b and c > d"));
        let text = html_to_text(
            "<p>Caf&eacute; owners &amp; staff</p><p>Second <b>para</b>.</p><script>x()</script>",
        );
        assert_eq!(text, "Café owners & staff\n\nSecond para.");
        assert_eq!(plain("Rock &amp; roll"), "Rock & roll");
        assert_eq!(plain("AT&T rises"), "AT&T rises");
    }

    #[test]
    fn language_tags() {
        assert_eq!(normalize_lang("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_lang("FR_fr").as_deref(), Some("fr"));
        assert_eq!(normalize_lang("english"), None);
        assert_eq!(normalize_lang("fra").as_deref(), Some("fr"));
        assert_eq!(normalize_lang("ger").as_deref(), Some("de"));
        assert_eq!(normalize_lang("haw").as_deref(), Some("haw"), "no two-letter code");
        assert_eq!(normalize_lang(""), None);
    }
}
