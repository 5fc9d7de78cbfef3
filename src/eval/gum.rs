//! GUM Wikinews: typed entity mentions in CoNLL-U, rebuilt into text and scored span by span.
//!
//! A document's text is its tokens spaced as in the sentence's written text (`# text =`: "women's",
//! "don't"; where a token is not found there, one space unless `SpaceAfter=No`), sentences
//! joined by a space, paragraphs (`# newpar`) by a blank line. Its gold is every `person`,
//! `place` and `organization` mention of the MISC `Entity=` brackets that is a *named*
//! mention: one of its own tokens (tokens not inside a smaller mention it contains) is a proper
//! noun (UPOS `PROPN`). GUM also annotates pronouns and common nouns ("he", "the company"),
//! which a name extractor does not claim to find. The scored span is the name inside the
//! mention: from its first own proper noun, back over proper nouns and capitalised adjectives
//! just before it ("United States", "New York", "Democratic Party"), and on over
//! proper nouns and the connectors between them ("University of Helsinki", "Bank of
//! America"); determiners, titles and modifiers around the name ("the", "biologist") are left
//! out, as a name extractor leaves them out.

use std::path::Path;

use crate::extract::Extractor;
use crate::model::{Article, EntityKind};

use super::score::{Counts, Matching, Span, match_spans};

/// One document ready to score: its text, title and gold spans.
#[derive(Debug, Clone)]
pub struct GumDoc {
    /// The file's stem (`GUM_news_iodine`).
    pub name: String,
    /// `# meta::title`, when present.
    pub title: String,
    /// The rebuilt text.
    pub text: String,
    /// Named person/place/organisation mentions.
    pub gold: Vec<Span>,
}

#[derive(Debug)]
struct Token {
    start: usize,
    end: usize,
    propn: bool,
    /// A capitalised adjective or participle ("United", "New", "Democratic").
    cap_modifier: bool,
    lower: String,
}

#[derive(Debug)]
struct RawMention {
    kind: Option<EntityKind>,
    first: usize,
    last: usize,
}

/// Parses one CoNLL-U document.
pub fn parse(name: &str, conllu: &str) -> GumDoc {
    let mut text = String::new();
    let mut title = String::new();
    let mut toks: Vec<Token> = Vec::new();
    let mut mentions: Vec<RawMention> = Vec::new();
    // Open mentions: (group id, index in `mentions`).
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut new_par = false;
    let mut new_sentence = true;
    let mut space_after = true;
    // The sentence as written (`# text =`) and how far its tokens have been found in it.
    let mut written: Option<&str> = None;
    let mut cursor = 0;
    for line in conllu.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(t) = comment.strip_prefix("meta::title =") {
                title = t.trim().to_string();
            } else if comment == "newpar" || comment.starts_with("newpar ") || comment.starts_with("newdoc") {
                new_par = true;
            } else if let Some(t) = line.strip_prefix("# text = ") {
                written = Some(t);
                cursor = 0;
            }
            continue;
        }
        if line.trim().is_empty() {
            new_sentence = true;
            written = None;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains(['-', '.']) {
            continue;
        }
        // Within a sentence, the spacing of its written text where the token is found there
        // ("women's", "don't", not "women 's", "do n't"); else one space unless `SpaceAfter=No`.
        let gap = written.and_then(|w| {
            let rest = &w[cursor..];
            let skipped = rest.len() - rest.trim_start().len();
            rest[skipped..].starts_with(cols[1]).then(|| {
                cursor += skipped + cols[1].len();
                skipped > 0
            })
        });
        if gap.is_none() {
            written = None;
        }
        if !text.is_empty() {
            if new_par {
                text.push_str("\n\n");
            } else if new_sentence || gap.unwrap_or(space_after) {
                text.push(' ');
            }
        }
        new_par = false;
        new_sentence = false;
        let start = text.len();
        text.push_str(cols[1]);
        let index = toks.len();
        toks.push(Token {
            start,
            end: text.len(),
            propn: cols[3] == "PROPN",
            cap_modifier: matches!(cols[3], "ADJ" | "VERB") && cols[1].starts_with(char::is_uppercase),
            lower: cols[1].to_lowercase(),
        });
        let misc = cols[9];
        space_after = !misc.split('|').any(|f| f == "SpaceAfter=No");
        if let Some(entity) = misc.split('|').find_map(|f| f.strip_prefix("Entity=")) {
            read_brackets(entity, index, &mut open, &mut mentions);
        }
    }
    let gold = named_spans(&toks, &mentions);
    GumDoc { name: name.to_string(), title, text, gold }
}

/// Reads `(1-person-...`, `1)` and `(5-time-...)` brackets on token `index`.
fn read_brackets(
    entity: &str,
    index: usize,
    open: &mut Vec<(String, usize)>,
    mentions: &mut Vec<RawMention>,
) {
    let b = entity.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'(' {
            let end = entity[i + 1..].find(['(', ')']).map_or(b.len(), |e| i + 1 + e);
            let mut fields = entity[i + 1..end].split('-');
            let id = fields.next().unwrap_or_default().to_string();
            let kind = match fields.next() {
                Some("person") => Some(EntityKind::Person),
                Some("place") => Some(EntityKind::Place),
                Some("organization") => Some(EntityKind::Organization),
                _ => None,
            };
            mentions.push(RawMention { kind, first: index, last: index });
            if end < b.len() && b[end] == b')' {
                i = end + 1;
            } else {
                open.push((id, mentions.len() - 1));
                i = end;
            }
        } else {
            let end = entity[i..].find([')', '(']).map_or(b.len(), |e| i + e);
            let id = &entity[i..end];
            if let Some(pos) = open.iter().rposition(|(g, _)| g == id) {
                let (_, m) = open.remove(pos);
                mentions[m].last = index;
            }
            i = if end < b.len() && b[end] == b')' { end + 1 } else { end };
        }
    }
}

/// Connectors that may stand between the proper nouns of one name.
const CONNECTORS: &[&str] =
    &["of", "and", "for", "the", "de", "&", "-", "on", "du", "la", "von", "van", "del"];

/// The named mentions and the name span inside each.
fn named_spans(toks: &[Token], mentions: &[RawMention]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (mi, m) in mentions.iter().enumerate() {
        let Some(kind) = m.kind else { continue };
        let inside = |i: usize| {
            mentions.iter().enumerate().any(|(oi, o)| {
                oi != mi
                    && o.first >= m.first
                    && o.last <= m.last
                    && (o.first, o.last) != (m.first, m.last)
                    && (o.first..=o.last).contains(&i)
            })
        };
        let Some(head) = (m.first..=m.last).find(|&i| toks[i].propn && !inside(i)) else { continue };
        let mut first = head;
        while first > m.first && (toks[first - 1].propn || toks[first - 1].cap_modifier) {
            first -= 1;
        }
        let mut last = head;
        loop {
            if last < m.last && toks[last + 1].propn {
                last += 1;
                continue;
            }
            // Connectors followed by a proper noun, still inside the mention.
            let mut j = last + 1;
            while j <= m.last && CONNECTORS.contains(&toks[j].lower.as_str()) {
                j += 1;
            }
            if j > last + 1 && j <= m.last && toks[j].propn {
                last = j;
                continue;
            }
            break;
        }
        let span = Span { start: toks[first].start, end: toks[last].end, kind };
        if !out.contains(&span) {
            out.push(span);
        }
    }
    out.sort();
    out
}

/// The spans `enrich` found in a document's text.
pub fn predicted(extractor: &Extractor, doc: &GumDoc) -> Vec<Span> {
    let mut article = Article {
        source: format!("{}.txt", doc.name),
        title: doc.title.clone(),
        body: doc.text.clone(),
        ..Article::default()
    };
    extractor.enrich(&mut article);
    article
        .mentions
        .iter()
        .map(|m| Span { start: m.start, end: m.start + m.text.len(), kind: m.kind })
        .collect()
}

/// Strict and lenient counts over every document, and the documents read.
#[derive(Debug, Clone, Default)]
pub struct GumResult {
    /// Documents scored.
    pub documents: usize,
    /// Named gold mentions.
    pub gold: usize,
    /// Strict counts, all kinds.
    pub strict: Counts,
    /// Lenient counts, all kinds.
    pub lenient: Counts,
    /// Strict counts per kind: person, place, organisation.
    pub strict_by_kind: [Counts; 3],
    /// Error lines (`doc: FN/FP kind "text"`), for `--errors gum`.
    pub errors: Vec<String>,
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organization => 2,
    }
}

/// Reads every `*.conllu` file of `dir`, in name order.
pub fn read_dir(dir: &Path) -> crate::Result<Vec<GumDoc>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| crate::Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    let mut docs = Vec::with_capacity(files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| crate::Error::io(&path, e))?;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        docs.push(parse(&name, &text));
    }
    Ok(docs)
}

/// Scores every `*.conllu` file of `dir`.
pub fn evaluate(extractor: &Extractor, dir: &Path, keep_errors: bool) -> crate::Result<GumResult> {
    Ok(score(extractor, &read_dir(dir)?, keep_errors))
}

/// Scores `docs`.
pub fn score(extractor: &Extractor, docs: &[GumDoc], keep_errors: bool) -> GumResult {
    let mut result = GumResult::default();
    for doc in docs {
        let name = &doc.name;
        let pred = predicted(extractor, doc);
        result.documents += 1;
        result.gold += doc.gold.len();
        result.strict.add(match_spans(&doc.gold, &pred, Matching::Strict));
        result.lenient.add(match_spans(&doc.gold, &pred, Matching::Lenient));
        for kind in [EntityKind::Person, EntityKind::Place, EntityKind::Organization] {
            let g: Vec<Span> = doc.gold.iter().copied().filter(|s| s.kind == kind).collect();
            let p: Vec<Span> = pred.iter().copied().filter(|s| s.kind == kind).collect();
            result.strict_by_kind[kind_index(kind)].add(match_spans(&g, &p, Matching::Strict));
        }
        if keep_errors {
            for g in &doc.gold {
                if !pred.contains(g) {
                    // A miss the lenient measure forgives (an overlapping name of the same kind)
                    // is marked, so the lenient misses can be read apart.
                    let lenient_hit =
                        pred.iter().any(|p| p.kind == g.kind && p.start < g.end && g.start < p.end);
                    let label = if lenient_hit { "FN (strict only)" } else { "FN" };
                    let near = pred
                        .iter()
                        .find(|p| p.start < g.end && g.start < p.end)
                        .map(|p| format!(" (found {} \"{}\")", p.kind.name(), &doc.text[p.start..p.end]))
                        .unwrap_or_default();
                    result.errors.push(format!(
                        "{name}: {label} {} \"{}\"{near}",
                        g.kind.name(),
                        &doc.text[g.start..g.end]
                    ));
                }
            }
            for p in &pred {
                if !doc.gold.contains(p) && !doc.gold.iter().any(|g| g.start < p.end && p.start < g.end) {
                    result.errors.push(format!(
                        "{name}: FP {} \"{}\"",
                        p.kind.name(),
                        &doc.text[p.start..p.end]
                    ));
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# newdoc id = GUM_test
# meta::title = A test
# newpar
# sent_id = t-1
1\tBiologist\tbiologist\tNOUN\tNN\t_\t0\troot\t_\tEntity=(1-person-new-x-cf1-1-coref
2\tNick\tNick\tPROPN\tNNP\t_\t1\tflat\t_\t_
3\tBos\tBos\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)
4\tof\tof\tADP\tIN\t_\t6\tcase\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tEntity=(2-organization-new-x-cf1-1-coref
6\tUniversity\tuniversity\tPROPN\tNNP\t_\t1\tnmod\t_\t_
7\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_
8\tHelsinki\tHelsinki\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=(3-place-new-x-cf1-1-coref)2)|SpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_

# newpar
# sent_id = t-2
1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-x-cf1-1-coref)
2\tlaughed\tlaugh\tVERB\tVBD\t_\t0\troot\t_\tEntity=(4-event-new-x-cf1-1-sgl)|SpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

    #[test]
    fn capitalised_modifiers_belong_to_the_name() {
        let doc = parse(
            "t",
            "1\tthe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(1-place-new-x-cf1-1-coref
2\tUnited\tunite\tVERB\tVBN\t_\t3\tamod\t_\t_
3\tStates\tState\tPROPN\tNNP\t_\t0\troot\t_\tEntity=1)
",
        );
        let texts: Vec<&str> = doc.gold.iter().map(|s| &doc.text[s.start..s.end]).collect();
        assert_eq!(texts, ["United States"]);
    }

    #[test]
    fn tokens_are_spaced_as_the_sentence_is_written() {
        let doc = parse(
            "t",
            "# text = Gloria's skin  didn't heal.
1\tGloria\tGloria\tPROPN\tNNP\t_\t3\tnmod\t_\tEntity=(1-person-new-x-cf1-1-coref)
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tskin\tskin\tNOUN\tNN\t_\t0\troot\t_\t_
4\tdid\tdo\tAUX\tVBD\t_\t6\taux\t_\t_
5\tn't\tnot\tPART\tRB\t_\t6\tadvmod\t_\t_
6\theal\theal\tVERB\tVB\t_\t3\tacl\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = Then it  changed
1\tThen\tthen\tADV\tRB\t_\t2\tadvmod\t_\t_
2\tit\tit\tPRON\tPRP\t_\t3\tnsubj\t_\t_
3\tmoved\tmove\tVERB\tVBD\t_\t0\troot\t_\t_
",
        );
        // The second sentence's written text does not hold "moved": its tokens' spacing is
        // kept from there on. Runs of spaces count once.
        assert_eq!(doc.text, "Gloria's skin didn't heal. Then it moved");
        let texts: Vec<&str> = doc.gold.iter().map(|s| &doc.text[s.start..s.end]).collect();
        assert_eq!(texts, ["Gloria"]);
    }

    #[test]
    fn text_and_named_gold() {
        let doc = parse("GUM_test", DOC);
        assert_eq!(doc.title, "A test");
        assert_eq!(doc.text, "Biologist Nick Bos of the University of Helsinki.\n\nHe laughed.");
        let texts: Vec<(&str, EntityKind)> =
            doc.gold.iter().map(|s| (&doc.text[s.start..s.end], s.kind)).collect();
        assert_eq!(
            texts,
            vec![
                ("Nick Bos", EntityKind::Person),
                ("University of Helsinki", EntityKind::Organization),
                ("Helsinki", EntityKind::Place),
            ]
        );
    }
}
