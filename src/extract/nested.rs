//! [`nested_places`]: the places named inside organisation names ("University of *Helsinki*",
//! "The *New York* Times", "Bank of *Japan*").
//!
//! An organisation's name often says where it is or whose it is, and a reader of "a study by
//! the University of Helsinki" sees Helsinki named. So a gazetteer name inside an
//! organisation's name is also a place mention of its own, nested in the organisation's
//! (annotation schemes that nest names, such as GUM and ACE, mark it so too), resolved in the
//! gazetteer like any place.
//!
//! It is not one of the article's *places*, though: the places are where the story is or what
//! it is about, and an organisation's home ("Bank of Japan" in a story about the dollar, "The
//! New York Times" quoted in a story from Kabul) mostly is neither. Reuters' place labels
//! agree: with nested places counted among the places, country precision fell from 0.712 to
//! 0.700 for 52 more countries found. Nor does it choose between the readings of the
//! article's other places.
//!
//! Only strong names are read there: ordinary words the gazetteer flags weak ("Nice" in
//! "University of Nice": the gazetteer cannot tell the town from the word there), qualifiers and demonyms ("Australian Centre") are not, nor a name that is
//! the whole organisation's name without its legal designator ("Mobil Corp": the recogniser or
//! the tagger already decided what that is), nor a one-word town in the middle of the name
//! ("McDonnell Douglas": a family's name there more often than a town's).

use super::gazetteer::{Gazetteer, NO_PLACE, NameEntry, QUALIFIED, QUALIFIER, WEAK};
use super::recognizer::{HIDDEN, Matches, NESTED, NONE, Part, Raw, RawKind, is_demonym};
use super::token::{CAP, Tokens};
use crate::model::PlaceKind;

/// Adds, right after each visible body organisation of `raws`, the places named inside it
/// (`matches` are the body's per-token lookups). Acronym links are kept pointing at their
/// targets.
pub(crate) fn nested_places(gaz: &Gazetteer, toks: &Tokens, matches: &[Matches], raws: Vec<Raw>) -> Vec<Raw> {
    let n = toks.len().min(matches.len());
    // Most articles have none: find them first, and only then rebuild the list.
    let mut extra: Vec<(usize, Raw)> = Vec::new();
    let mut key = String::new();
    for (ix, r) in raws.iter().enumerate() {
        let (a, b) = r.toks;
        if r.part == Part::Body && r.kind == RawKind::Org && r.flags & HIDDEN == 0 && b <= n && a + 1 < b {
            places_in(gaz, toks, matches, r, &mut key, |place| extra.push((ix, place)));
        }
    }
    if extra.is_empty() {
        return raws;
    }
    let mut out: Vec<Raw> = Vec::with_capacity(raws.len() + extra.len());
    let mut new_index: Vec<usize> = Vec::with_capacity(raws.len());
    let mut extra = extra.into_iter().peekable();
    for (ix, r) in raws.into_iter().enumerate() {
        new_index.push(out.len());
        out.push(r);
        while let Some((_, place)) = extra.next_if(|(after, _)| *after == ix) {
            out.push(place);
        }
    }
    for r in &mut out {
        if r.acronym_of != NONE {
            r.acronym_of = new_index.get(r.acronym_of).copied().unwrap_or(NONE);
        }
    }
    out
}

/// The places named inside the organisation `r` (tokens `a..b`, all within `matches`), in
/// text order.
fn places_in(
    gaz: &Gazetteer,
    toks: &Tokens,
    matches: &[Matches],
    r: &Raw,
    key: &mut String,
    mut emit: impl FnMut(Raw),
) {
    let (a, b) = r.toks;
    let name_end = r.name_end.clamp(a, b);
    let mut k = a;
    while k < b {
        let t = &toks.toks[k];
        let found = if t.is_word() && t.has(CAP) { matches[k].place } else { None };
        // The name without its legal designator ("Mobil | Corp") is the organisation's.
        let whole = |len: usize| k == a && k + len >= name_end;
        // A town flagged weak only as a common surname is strong after "of" ("University of
        // Sheffield"); an ordinary word is not ("University of Nice").
        let after_of = k > 0 && toks.is_norm(k - 1, "of");
        let strong = |e: &NameEntry| {
            e.flags & (QUALIFIER | QUALIFIED) == 0
                && (e.flags & WEAK == 0 || (after_of && !super::tagger::common_in_lowercase(toks.norm(k))))
        };
        let Some((len, entry)) = found.filter(|&(len, e)| k + len <= b && !whole(len) && strong(&e)) else {
            k += 1;
            continue;
        };
        key.clear();
        for j in (k..k + len).filter(|&j| toks.toks[j].is_word()) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(toks.norm(j));
        }
        // One word that only a town gives, in the middle of a name after another capitalised
        // word, is mostly a founder's or a family's name ("McDonnell Douglas", "Samuel
        // Montagu"): a town counts where names put places, opening the name ("Toronto Star")
        // or after "of" ("University of Helsinki").
        let cands = gaz.candidates(&entry);
        let town_word = len == 1 && cands.iter().all(|&id| gaz.rec(id).kind == PlaceKind::City);
        let placed = k == a || (k > 0 && toks.is_norm(k - 1, "of"));
        if !is_demonym(key) && !cands.is_empty() && (!town_word || placed) {
            emit(Raw {
                part: Part::Body,
                toks: (k, k + len),
                span: (toks.toks[k].start, toks.toks[k + len - 1].end),
                kind: RawKind::Place,
                flags: NESTED,
                names: Some(entry),
                fixed: NO_PLACE,
                org: u32::MAX,
                name_end: k + len,
                acronym_of: NONE,
            });
        }
        k += len;
    }
}

#[cfg(test)]
mod tests {
    use super::super::Extractor;
    use crate::model::{Article, EntityKind, PlaceKind};

    fn mentions(body: &str) -> Vec<(String, EntityKind)> {
        let mut a = Article { body: body.to_string(), ..Article::default() };
        Extractor::global().enrich(&mut a);
        a.mentions.iter().map(|m| (m.text.clone(), m.kind)).collect()
    }

    #[test]
    fn a_place_inside_an_organisation_is_a_place_too() {
        let body = "A study by researchers at the University of Helsinki was published on Monday.";
        let m = mentions(body);
        assert!(m.contains(&("University of Helsinki".into(), EntityKind::Organization)), "{m:?}");
        assert!(m.contains(&("Helsinki".into(), EntityKind::Place)), "{m:?}");
        let mut a = Article { body: body.to_string(), ..Article::default() };
        Extractor::global().enrich(&mut a);
        assert!(a.places.is_empty(), "an organisation's home is no place of the story: {:?}", a.places);
        let canonical = a.mentions.iter().find(|m| m.text == "Helsinki").map(|m| m.canonical.as_str());
        assert_eq!(canonical, Some("Helsinki"), "resolved in the gazetteer");
        // A town the gazetteer flags weak as a common surname counts after "of"; an ordinary
        // word does not.
        let m = mentions("Scientists at the University of Sheffield and the University of Nice agreed.");
        assert!(m.contains(&("Sheffield".into(), EntityKind::Place)), "{m:?}");
        assert!(!m.contains(&("Nice".into(), EntityKind::Place)), "{m:?}");
    }

    #[test]
    fn a_town_in_the_middle_of_a_name_is_no_place() {
        let ex = Extractor::global();
        let town = |name: &str| {
            ex.gazetteer.names.get(name).is_some_and(|e| {
                e.flags & (super::WEAK | super::QUALIFIER) == 0
                    && ex
                        .gazetteer
                        .candidates(e)
                        .iter()
                        .all(|&id| ex.gazetteer.rec(id).kind == PlaceKind::City)
            })
        };
        assert!(town("toronto"), "the test needs Toronto as a town");
        let word = ["douglas", "whampoa", "montagu", "warburg", "laval", "cabot"]
            .into_iter()
            .find(|w| town(w))
            .expect("a town named like a family in the gazetteer");
        let name = format!("{}{}", word[..1].to_uppercase(), &word[1..]);
        let m = mentions(&format!(
            "McDonnell {name} Corp said on Monday it would sell the Toronto Star Inc unit."
        ));
        assert!(m.contains(&(format!("McDonnell {name} Corp"), EntityKind::Organization)), "{m:?}");
        assert!(!m.iter().any(|(t, k)| *k == EntityKind::Place && *t == name), "{m:?}");
        assert!(m.contains(&("Toronto".into(), EntityKind::Place)), "{m:?}");
    }

    #[test]
    fn weak_names_and_demonyms_inside_organisations_are_no_places() {
        let m = mentions(
            "He left the University of Nice for the Bank of Reading, the Australian Medical Association said.",
        );
        assert!(m.contains(&("University of Nice".into(), EntityKind::Organization)), "{m:?}");
        assert!(
            !m.iter().any(|(t, k)| *k == EntityKind::Place && (t == "Nice" || t == "Reading" || t == "Australian")),
            "{m:?}"
        );
    }
}
