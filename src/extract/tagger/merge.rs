//! [`merge`]: the tagger's names and the recogniser's candidates, combined under a
//! [`TaggerPolicy`] into the one candidate list the resolver reads.
//!
//! Whatever the policy, the rules keep the work they are good at: a tagged name that is also a
//! rule candidate keeps the candidate's evidence (title, speech verb, listed organisation,
//! qualified place); a tagged place is looked up in the gazetteer, a tagged organisation in the
//! organisation list; canonical names and aliases are the resolver's.

use std::cell::{Cell, OnceCell};

use super::super::gazetteer::{Gazetteer, NO_PLACE, QUALIFIED, QUALIFIER, WEAK};
use super::super::hash::FastSet;
use super::super::lexicon::Lexicon;
use super::super::recognizer::{HIDDEN, LISTED, NONE, Part, Raw, RawKind, TAGGED, TITLED, credit_label};
use super::super::resolver::is_term_acronym;
use super::super::token::{ABBR, CAP, SENT_START, Tokens, UPPER};
use super::{TagSpan, TaggerPolicy};
use crate::model::{EntityKind, PlaceKind};

/// Combines `raws` (title candidates, the dateline's place, body candidates, in that order)
/// with `spans`, the tagger's names in the body (in text order).
pub(crate) fn merge(
    lex: &Lexicon,
    gaz: &Gazetteer,
    toks: &Tokens,
    mut raws: Vec<Raw>,
    spans: &[TagSpan],
    policy: TaggerPolicy,
) -> Vec<Raw> {
    if policy == TaggerPolicy::Off {
        return raws;
    }
    // A caption run into its credit ("Belle Image: Jane Roe", where a line break was) ends
    // before the credit's label.
    let trimmed: Vec<TagSpan>;
    let spans = if spans.iter().any(|s| s.toks.1 > s.toks.0 + 1 && credit_label(toks, s.toks.1 - 1)) {
        trimmed = spans
            .iter()
            .map(|s| match s.toks {
                (a, b) if b > a + 1 && credit_label(toks, b - 1) => TagSpan { toks: (a, b - 1), ..*s },
                _ => *s,
            })
            .collect();
        &trimmed[..]
    } else {
        spans
    };
    let lowercase = Lowercase::new(toks);
    let is_body = |r: &Raw| r.part == Part::Body && r.toks.0 < r.toks.1;
    let exact = |r: &Raw| -> Option<usize> {
        let i = spans.partition_point(|s| s.toks.0 < r.toks.0);
        (i < spans.len() && spans[i].toks == r.toks).then_some(i)
    };
    let overlaps = |s: &TagSpan, r: &Raw| s.toks.0 < r.toks.1 && r.toks.0 < s.toks.1;
    let decides = policy == TaggerPolicy::Override;
    // Most articles need no new candidate: decide in place first.
    let mut used = vec![false; spans.len()];
    for r in raws.iter_mut().filter(|r| is_body(r)) {
        match exact(r) {
            Some(s)
                if decides
                    || (r.kind == RawKind::Unknown && !ordinary_word(gaz, toks, &lowercase, &spans[s]))
                    || (policy == TaggerPolicy::Combine && town_named_otherwise(gaz, r, spans[s].kind)) =>
            {
                used[s] = true;
                convert(lex, gaz, toks, r, spans[s].kind);
            }
            Some(s) => used[s] = true,
            None if decides => r.flags |= HIDDEN,
            // The rules found no evidence for the run; the tagger names a part of it
            // ("Treasury Secertary | James Baker"): the run is that name.
            None if r.kind == RawKind::Unknown
                && let Some(s) =
                    inside(spans, r).filter(|&s| !ordinary_word(gaz, toks, &lowercase, &spans[s])) =>
            {
                used[s] = true;
                r.toks = spans[s].toks;
                r.span = (toks.toks[r.toks.0].start, toks.toks[r.toks.1 - 1].end);
                r.name_end = r.toks.1;
                convert(lex, gaz, toks, r, spans[s].kind);
            }
            None if policy == TaggerPolicy::Combine
                && r.kind == RawKind::Place
                && r.toks.1 - r.toks.0 == 1
                && r.fixed == NO_PLACE
                && !names_country_or_region(gaz, r)
                && !spans.iter().any(|s| overlaps(s, r)) =>
            {
                r.flags |= HIDDEN;
            }
            None => {}
        }
    }
    // A name the tagger reads across pieces the rules left partly unknown ("Toronto | Star",
    // "Environment | Canada") is that name; the pieces stay, hidden (a place still links).
    if !decides {
        for (s, span) in spans.iter().enumerate() {
            if used[s] || ordinary_word(gaz, toks, &lowercase, span) {
                continue;
            }
            let mut pieces = raws.iter().filter(|r| is_body(r) && r.flags & HIDDEN == 0 && overlaps(span, r));
            // A place read across a place of the rules is that place and a word more ("Toronto
            // Star"): left to the rules.
            let joins = pieces.clone().count() >= 2
                && pieces.clone().any(|r| r.kind == RawKind::Unknown)
                && (span.kind != EntityKind::Place || pieces.clone().all(|r| r.kind == RawKind::Unknown))
                && pieces.all(|r| {
                    span.toks.0 <= r.toks.0
                        && r.toks.1 <= span.toks.1
                        && matches!(r.kind, RawKind::Unknown | RawKind::Place)
                        && r.fixed == NO_PLACE
                });
            if joins {
                for r in raws.iter_mut().filter(|r| is_body(r) && overlaps(span, r)) {
                    r.flags |= HIDDEN;
                }
            }
        }
    }
    let free = |span: &TagSpan, raws: &[Raw]| {
        !raws.iter().any(|r| is_body(r) && r.flags & HIDDEN == 0 && overlaps(span, r))
    };
    let mut added: Vec<TagSpan> = spans
        .iter()
        .enumerate()
        .filter(|&(s, span)| {
            !used[s]
                && (decides || free(span, &raws))
                && !ordinary_word(gaz, toks, &lowercase, span)
                && !only_titles(lex, toks, span)
        })
        .map(|(_, span)| *span)
        .collect();
    // One name, one reading: a person or organisation the tagger found is the same name
    // wherever it recurs in the article and nothing else claims it ("Montenvers voted", after
    // "members of Montenvers"). Places are left to the gazetteer, which knows them everywhere.
    let named: Vec<TagSpan> = spans
        .iter()
        .filter(|s| s.kind != EntityKind::Place && (s.toks.0..s.toks.1).all(|k| toks.toks[k].has(CAP)))
        .filter(|s| added.contains(s) || raws.iter().any(|r| r.toks == s.toks && r.flags & TAGGED != 0))
        .copied()
        .collect();
    for name in &named {
        let len = name.toks.1 - name.toks.0;
        let first = toks.norm(name.toks.0);
        for p in 0..toks.len().saturating_sub(len - 1) {
            let whole =
                (p == 0 || !toks.toks[p - 1].has(CAP)) && !toks.toks.get(p + len).is_some_and(|t| t.has(CAP));
            if p == name.toks.0
                || !toks.toks[p].is_word()
                || toks.norm(p) != first
                || !whole
                || !(0..len)
                    .all(|k| toks.toks[p + k].has(CAP) && toks.norm(p + k) == toks.norm(name.toks.0 + k))
            {
                continue;
            }
            let copy = TagSpan { toks: (p, p + len), kind: name.kind };
            if ordinary_word(gaz, toks, &lowercase, &copy) {
                continue;
            }
            if let Some(r) = raws.iter_mut().find(|r| {
                is_body(r) && r.toks == copy.toks && r.kind == RawKind::Unknown && r.flags & TAGGED == 0
            }) {
                convert(lex, gaz, toks, r, copy.kind);
            } else if free(&copy, &raws)
                && !added.iter().any(|a| a.toks.0 < copy.toks.1 && copy.toks.0 < a.toks.1)
            {
                added.push(copy);
            }
        }
    }
    if added.is_empty() {
        return raws;
    }
    // New candidates go in text order among the body's; acronym links follow their targets.
    let mut entries: Vec<(Raw, usize)> = raws.into_iter().enumerate().map(|(ix, r)| (r, ix)).collect();
    for span in &added {
        let mut r = Raw {
            part: Part::Body,
            toks: span.toks,
            span: (toks.toks[span.toks.0].start, toks.toks[span.toks.1 - 1].end),
            kind: RawKind::Unknown,
            flags: 0,
            names: None,
            fixed: NO_PLACE,
            org: u32::MAX,
            name_end: span.toks.1,
            acronym_of: NONE,
        };
        convert(lex, gaz, toks, &mut r, span.kind);
        entries.push((r, NONE));
    }
    let body_from = entries.iter().position(|(r, _)| is_body(r)).unwrap_or(entries.len());
    entries[body_from..].sort_by_key(|(r, _)| (r.toks.0, r.toks.1));
    let mut new_index = vec![NONE; entries.len()];
    for (at, (_, old)) in entries.iter().enumerate() {
        if *old != NONE {
            new_index[*old] = at;
        }
    }
    let mut out: Vec<Raw> = entries.into_iter().map(|(r, _)| r).collect();
    for r in &mut out {
        if r.acronym_of != NONE {
            r.acronym_of = new_index.get(r.acronym_of).copied().unwrap_or(NONE);
        }
    }
    out
}

/// Whether `r` is a rule place that only a town of the gazetteer gives, and the tagger reads
/// its words as a person or an organisation ("Obama", "Romney", "Gloria": towns too).
/// Countries, regions and demonyms stay places, and so does a place a qualifier or the
/// dateline chose.
fn town_named_otherwise(gaz: &Gazetteer, r: &Raw, kind: EntityKind) -> bool {
    r.kind == RawKind::Place
        && kind != EntityKind::Place
        && r.fixed == NO_PLACE
        && r.names.is_some_and(|e| {
            let ids = gaz.candidates(&e);
            !ids.is_empty() && ids.iter().all(|&id| gaz.rec(id).kind == PlaceKind::City)
        })
}

/// Whether `r` is a place whose name may mean a country or a first-level region ("Australia",
/// "U.S.", "Georgia"): the tagger's silence does not outweigh such a name (demonyms are hidden
/// by the recogniser already).
fn names_country_or_region(gaz: &Gazetteer, r: &Raw) -> bool {
    r.names.is_some_and(|e| gaz.candidates(&e).iter().any(|&id| gaz.rec(id).kind != PlaceKind::City))
}

/// The first of `spans` strictly inside `r`'s tokens.
fn inside(spans: &[TagSpan], r: &Raw) -> Option<usize> {
    let i = spans.partition_point(|s| s.toks.0 < r.toks.0);
    (i < spans.len() && spans[i].toks.1 <= r.toks.1 && spans[i].toks != r.toks).then_some(i)
}

/// A lone word that is an ordinary word where it stands: an abbreviation of wire tables
/// ([`crate::wire`]) anywhere, or, opening a sentence, a weak place name ("Nice work"),
/// the label of a row of figures ("Sales 12.2 mln", "Net 5,524,000"), a word the article also
/// writes in lowercase ("Analysts said", "analysts expect"), or a word news writes in lowercase
/// that this article capitalises only where a sentence opens ("Analysts said" alone, "Net loss
/// 871,000 vs loss 990,000"). The tagger gets no say there without the rules.
fn ordinary_word(gaz: &Gazetteer, toks: &Tokens, lowercase: &Lowercase<'_>, span: &TagSpan) -> bool {
    let (a, b) = span.toks;
    if b != a + 1 {
        return false;
    }
    let word = toks.norm(a);
    if crate::wire::is_abbreviation(word.as_bytes()) {
        return true;
    }
    if !toks.toks[a].has(SENT_START) {
        return false;
    }
    let number_next = toks
        .toks
        .get(b)
        .is_some_and(|t| t.is_word() && toks.norm(b).starts_with(|c: char| c.is_ascii_digit()));
    gaz.names.get(word).is_some_and(|e| e.flags & (WEAK | QUALIFIED) == WEAK)
        || number_next
        || lowercase.contains(word)
        || (super::common_in_lowercase(word) && !capitalised_inside_a_sentence(toks, word))
}

/// Whether the article writes `word` (a token key) capitalised where no sentence opens, as a
/// name is ("said Shell", "at Shell").
fn capitalised_inside_a_sentence(toks: &Tokens, word: &str) -> bool {
    (0..toks.len()).any(|k| {
        let t = &toks.toks[k];
        t.is_word() && t.has(CAP) && !t.has(SENT_START) && toks.norm(k) == word
    })
}

/// Whether an article writes a word in lowercase. The first few questions scan the tokens
/// (most articles ask one or two); later ones read a set built once, so that no article costs
/// more than a few passes.
struct Lowercase<'t> {
    toks: &'t Tokens,
    scans: Cell<u8>,
    words: OnceCell<FastSet<&'t str>>,
}

/// Questions answered by scanning before the set is built.
const LOWERCASE_SCANS: u8 = 4;

impl<'t> Lowercase<'t> {
    fn new(toks: &'t Tokens) -> Self {
        Lowercase { toks, scans: Cell::new(0), words: OnceCell::new() }
    }

    fn contains(&self, word: &str) -> bool {
        let toks = self.toks;
        let lowercase = move |k: usize| toks.toks[k].is_word() && !toks.toks[k].has(CAP);
        if self.words.get().is_none() && self.scans.get() < LOWERCASE_SCANS {
            self.scans.set(self.scans.get() + 1);
            return (0..toks.len()).any(|k| lowercase(k) && toks.norm(k) == word);
        }
        self.words
            .get_or_init(|| (0..toks.len()).filter(|&k| lowercase(k)).map(|k| toks.norm(k)).collect())
            .contains(word)
    }
}

/// Whether `span` is a person the tagger reads in titles alone ("Mr" of "Mr Greenspan", whose
/// name the rules have read after it; "President").
fn only_titles(lex: &Lexicon, toks: &Tokens, span: &TagSpan) -> bool {
    let (a, b) = span.toks;
    span.kind == EntityKind::Person && lex.titles.longest(toks, a, b).is_some_and(|(len, _)| a + len == b)
}

/// Where a person's name starts in `a..b` after its leading titles ("Finance Minister | Kiichi
/// Miyazawa"); `a` when there are none, and never `b`.
pub(crate) fn after_titles(lex: &Lexicon, toks: &Tokens, a: usize, b: usize) -> usize {
    let mut start = a;
    let mut k = a;
    while k < b {
        match lex.titles.longest(toks, k, b) {
            Some((len, _)) if k + len < b => {
                k += len;
                start = k;
            }
            // A capitalised word before a title ("Finance | Minister").
            _ if k + 1 < b && lex.titles.longest(toks, k + 1, b).is_some_and(|(l, _)| k + 1 + l < b) => {
                k += 1;
            }
            _ => break,
        }
    }
    start
}

/// Makes `r` a candidate of `kind`, keeping the rules' evidence when they agree.
fn convert(lex: &Lexicon, gaz: &Gazetteer, toks: &Tokens, r: &mut Raw, kind: EntityKind) {
    let (a, b) = r.toks;
    let key = || {
        let mut k = String::new();
        for i in a..b {
            if toks.toks[i].is_word() {
                if !k.is_empty() {
                    k.push(' ');
                }
                k.push_str(toks.norm(i));
            }
        }
        k
    };
    // A tagged acronym that only a town's other name matches ("USI", Wuxi's "Usi") is not that
    // town: it is the organisation a bare acronym is to the rules.
    let kind = match kind {
        EntityKind::Place if b == a + 1 && toks.toks[a].has(UPPER) && !toks.toks[a].has(ABBR) => {
            let key = key();
            let town_alias = gaz
                .names
                .get(&key)
                .is_some_and(|e| e.flags & (QUALIFIER | QUALIFIED) == 0 && !gaz.capitals_may_mean(e, &key));
            if town_alias { EntityKind::Organization } else { kind }
        }
        _ => kind,
    };
    // "IPO", "GDP": terms, whatever the tagger reads in them.
    if kind == EntityKind::Organization
        && b == a + 1
        && toks.toks[a].has(UPPER)
        && is_term_acronym(toks.norm(a))
    {
        return;
    }
    r.flags |= TAGGED;
    match kind {
        EntityKind::Person => {
            r.kind = RawKind::Person;
            r.flags &= !LISTED;
            r.org = u32::MAX;
            // "Secretary James Baker" names James Baker, as the rules read it.
            let start = after_titles(lex, toks, a, b);
            if start > a {
                r.toks.0 = start;
                r.span.0 = toks.toks[start].start;
                r.flags |= TITLED;
            }
        }
        EntityKind::Place if r.kind != RawKind::Place => {
            r.kind = RawKind::Place;
            r.flags &= !LISTED;
            r.org = u32::MAX;
            r.fixed = NO_PLACE;
            r.names = gaz.names.get(&key()).filter(|e| e.flags & (QUALIFIER | QUALIFIED) == 0).copied();
        }
        EntityKind::Organization if r.kind != RawKind::Org => {
            r.kind = RawKind::Org;
            // "Who" is not the listed "WHO".
            let as_written = b > a + 1 || toks.toks[a].has(UPPER) || !lex.org_needs_capitals(toks.norm(a));
            match lex.orgs.get(&key()).filter(|_| as_written) {
                Some(&o) => {
                    r.org = o;
                    r.flags |= LISTED;
                }
                None => {
                    r.org = u32::MAX;
                    r.flags &= !LISTED;
                    // "Sony Corp" is Sony: drop legal designators at the end.
                    let mut end = b;
                    while end > a + 1 {
                        let k = toks.norm(end - 1);
                        if lex.org_keyword(k) == Some(true) || matches!(k, "&" | "and") {
                            end -= 1;
                        } else {
                            break;
                        }
                    }
                    r.name_end = end;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::Extractor;
    use super::super::super::recognizer::body_candidates;
    use super::*;

    /// The rules' candidates of `text` merged with hand-made tagger spans (words `a..b` of the
    /// text, counted from 0), under `Combine`: (surface, kind, hidden) of each body raw.
    fn merged(text: &str, spans: &[(usize, usize, EntityKind)]) -> Vec<(String, RawKind, bool)> {
        let ex = Extractor::global();
        let (lex, gaz) = (&ex.lexicon, &ex.gazetteer);
        let (toks, words, raws) = body_candidates(text);
        let spans: Vec<TagSpan> =
            spans.iter().map(|&(a, b, kind)| TagSpan { toks: (words[a], words[b - 1] + 1), kind }).collect();
        merge(lex, gaz, &toks, raws, &spans, TaggerPolicy::Combine)
            .iter()
            .map(|r| (text[r.span.0..r.span.1].to_string(), r.kind, r.flags & HIDDEN != 0))
            .collect()
    }

    #[test]
    fn a_name_inside_an_unknown_run_is_that_name() {
        let out = merged("Treasury Secertary James Baker said so.", &[(2, 4, EntityKind::Person)]);
        assert!(out.contains(&("James Baker".into(), RawKind::Person, false)), "{out:?}");
        assert!(!out.iter().any(|r| r.0.contains("Secertary")), "{out:?}");
    }

    #[test]
    fn a_name_across_a_place_and_an_unknown_word_joins_them() {
        let text = "He read the Toronto Star on Monday.";
        let out = merged(text, &[(3, 5, EntityKind::Organization)]);
        assert!(out.contains(&("Toronto Star".into(), RawKind::Org, false)), "{out:?}");
        assert!(out.contains(&("Toronto".into(), RawKind::Place, true)), "the place still links: {out:?}");
        // A place read across the rules' place is left to the rules.
        let out = merged(text, &[(3, 5, EntityKind::Place)]);
        assert!(out.contains(&("Toronto".into(), RawKind::Place, false)), "{out:?}");
        assert!(!out.iter().any(|r| r.0 == "Toronto Star"), "{out:?}");
    }

    #[test]
    fn a_country_the_tagger_is_silent_about_stays_a_place() {
        let out = merged("Children in Australia need more salt.", &[]);
        assert!(out.contains(&("Australia".into(), RawKind::Place, false)), "{out:?}");
    }

    #[test]
    fn a_town_the_tagger_reads_as_a_person_is_the_person() {
        let ex = Extractor::global();
        let town_only = |name: &str| {
            ex.gazetteer.names.get(name).is_some_and(|e| {
                e.flags & (WEAK | QUALIFIER) == 0
                    && ex
                        .gazetteer
                        .candidates(e)
                        .iter()
                        .all(|&id| ex.gazetteer.rec(id).kind == PlaceKind::City)
            })
        };
        assert!(!town_only("france"));
        let town = ["obama", "engels", "hannibal", "romney", "gloria"]
            .into_iter()
            .find(|n| town_only(n))
            .expect("a town named like a person in the gazetteer");
        let name = format!("{}{}", town[..1].to_uppercase(), &town[1..]);
        let out = merged(
            &format!("Yesterday {name} spoke in France."),
            &[(1, 2, EntityKind::Person), (4, 5, EntityKind::Person)],
        );
        assert!(out.contains(&(name, RawKind::Person, false)), "{out:?}");
        assert!(out.contains(&("France".into(), RawKind::Place, false)), "a country stays a place: {out:?}");
    }
}
