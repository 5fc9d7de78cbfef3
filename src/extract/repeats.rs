//! [`full_names_again`]: a person's full name read once is that person wherever the article
//! writes it again.
//!
//! The rules and the tagger read each occurrence of a name on its own, and the tagger's context
//! differs from one sentence to the next: "Romelu Lukaku" a place in a list of players and a
//! person two sentences later; "writer Aner Shalev" a person after its title, then only
//! "Aner" in "Aner Shalev is an Israeli mathematician". A name of two words or more is written
//! the same way for the same person throughout a story (one sense per discourse), so every
//! other capitalised occurrence of it becomes that person, unless a longer name holds it
//! ("Andy Warhol Foundation") or an organisation of the article has that very name.

use super::recognizer::{HIDDEN, LISTED, NONE, Part, Raw, RawKind};
use super::token::{CAP, Tokens, UPPER};

/// Rewrites `raws` (title and body candidates, in text order within each part) so that every
/// capitalised occurrence of a person's full name (two words or more) is a person candidate
/// over exactly that name. Candidates inside such an occurrence give way to it; acronym links
/// are kept pointing at their targets.
pub(crate) fn full_names_again(title: &Tokens, body: &Tokens, raws: Vec<Raw>) -> Vec<Raw> {
    let toks_of = |part: Part| if part == Part::Title { title } else { body };
    // A name as its tokens: words by key, punctuation by character ("Jean-Claude", "J. Smith").
    let key_of = |r: &Raw| -> Vec<&str> {
        let toks = toks_of(r.part);
        let (a, b) = (r.toks.0, r.toks.1.min(toks.len()));
        (a..b)
            .map(|k| if toks.toks[k].is_word() { toks.norm(k) } else { punct_key(toks.toks[k].punct) })
            .collect()
    };
    let org_keys: Vec<Vec<&str>> = raws.iter().filter(|r| r.kind == RawKind::Org).map(key_of).collect();
    // The full names, each once, with the candidate that read it first.
    let mut names: Vec<(Vec<&str>, usize)> = Vec::new();
    for (i, r) in raws.iter().enumerate() {
        if r.kind != RawKind::Person || r.flags & HIDDEN != 0 {
            continue;
        }
        let key = key_of(r);
        let toks = toks_of(r.part);
        let words = (r.toks.0..r.toks.1.min(toks.len())).filter(|&k| toks.toks[k].is_word()).count();
        if words >= 2 && !org_keys.contains(&key) && !names.iter().any(|(k, _)| *k == key) {
            names.push((key, i));
        }
    }
    if names.is_empty() {
        return raws;
    }

    // Occurrences to rewrite: (part, token range, the candidate whose reading it takes).
    let mut found: Vec<(Part, (usize, usize), usize)> = Vec::new();
    for part in [Part::Title, Part::Body] {
        let toks = toks_of(part);
        // Where a name may start: the capitalised words, found once for all names.
        let starts: Vec<usize> =
            (0..toks.len()).filter(|&k| toks.toks[k].is_word() && toks.toks[k].has(CAP)).collect();
        for (key, source) in &names {
            let mut after = 0;
            for &k in &starts {
                if k < after {
                    continue;
                }
                let Some(end) = occurrence_at(toks, k, key) else { continue };
                let overlapping = raws.iter().filter(|r| r.part == part && r.toks.0 < end && k < r.toks.1);
                // Not over a longer name, a listed organisation or a place the gazetteer
                // knows by that whole name.
                let mut fits = true;
                let mut done = false;
                for r in overlapping {
                    fits &= r.toks.0 >= k && r.toks.1 <= end && r.flags & LISTED == 0;
                    fits &= !(r.kind == RawKind::Place && r.names.is_some() && r.toks == (k, end));
                    done |= r.toks == (k, end) && r.kind == RawKind::Person;
                }
                let taken = found.iter().any(|&(p, (a, b), _)| p == part && a < end && k < b);
                if fits && !done && !taken {
                    found.push((part, (k, end), *source));
                }
                after = end;
            }
        }
    }
    if found.is_empty() {
        return raws;
    }

    // Rebuild in text order: each occurrence replaces the candidates inside it.
    let inside = |r: &Raw| found.iter().any(|&(p, (a, b), _)| p == r.part && r.toks.0 >= a && r.toks.1 <= b);
    let mut new_index = vec![NONE; raws.len()];
    let mut out: Vec<Raw> = Vec::with_capacity(raws.len() + found.len());
    // Title candidates come before the body's.
    let order = |part: Part, a: usize| (part != Part::Title, a);
    let mut pending: Vec<&(Part, (usize, usize), usize)> = found.iter().collect();
    pending.sort_by_key(|&&(p, (a, _), _)| order(p, a));
    let mut pending = pending.into_iter().peekable();
    let push_occurrence = |out: &mut Vec<Raw>, &(part, (a, b), source): &(Part, (usize, usize), usize)| {
        let toks = toks_of(part);
        let from = &raws[source];
        out.push(Raw {
            part,
            toks: (a, b),
            span: (toks.toks[a].start, toks.toks[b - 1].end),
            kind: RawKind::Person,
            flags: from.flags & !HIDDEN,
            names: None,
            fixed: super::gazetteer::NO_PLACE,
            org: u32::MAX,
            name_end: b,
            acronym_of: NONE,
        });
    };
    for (i, r) in raws.iter().enumerate() {
        while let Some(occ) = pending.next_if(|&&(p, (a, _), _)| order(p, a) < order(r.part, r.toks.0)) {
            push_occurrence(&mut out, occ);
        }
        if inside(r) {
            continue;
        }
        new_index[i] = out.len();
        out.push(r.clone());
    }
    for occ in pending {
        push_occurrence(&mut out, occ);
    }
    for r in &mut out {
        if r.acronym_of != NONE {
            r.acronym_of = new_index.get(r.acronym_of).copied().unwrap_or(NONE);
        }
    }
    out
}

/// The end of the occurrence of `key` (see `key_of`) starting at token `k`: the same words,
/// each capitalised and none in capitals throughout (a Reuters headline, where the rules read
/// no people), with the same punctuation between them.
fn occurrence_at(toks: &Tokens, k: usize, key: &[&str]) -> Option<usize> {
    for (n, want) in key.iter().enumerate() {
        let t = toks.toks.get(k + n)?;
        let same = if t.is_word() {
            t.has(CAP) && !(t.has(UPPER) && t.end - t.start > 1) && toks.norm(k + n) == *want
        } else {
            punct_key(t.punct) == *want
        };
        if !same {
            return None;
        }
    }
    Some(k + key.len())
}

/// A punctuation token as a key of its own: the character, or "" for one not listed.
fn punct_key(c: char) -> &'static str {
    match c {
        '.' => ".",
        '-' => "-",
        '\'' => "'",
        '’' => "’",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::super::recognizer::{Part, Raw, RawKind, body_candidates};
    use super::super::token::Tokens;
    use super::full_names_again;

    /// The candidates as (words, kind), for `toks`.
    fn read(toks: &Tokens, text: &str, raws: &[Raw]) -> Vec<(String, RawKind)> {
        raws.iter()
            .map(|r| (text[toks.toks[r.toks.0].start..toks.toks[r.toks.1 - 1].end].to_string(), r.kind))
            .collect()
    }

    /// The rules' candidates for `text`, with the one covering `word` first made what a tagger
    /// misreading it would leave: `kind`, over that word and the next `len - 1` tokens.
    fn misread(text: &str, word: usize, len: usize, kind: RawKind) -> (Tokens, Vec<Raw>) {
        let (toks, words, mut raws) = body_candidates(text);
        let k = words[word];
        let r = raws.iter_mut().find(|r| r.toks.0 <= k && k < r.toks.1).expect("a candidate there");
        r.toks = (k, k + len);
        r.span = (toks.toks[k].start, toks.toks[k + len - 1].end);
        r.name_end = k + len;
        r.kind = kind;
        r.names = None;
        (toks, raws)
    }

    #[test]
    fn a_full_name_is_the_person_wherever_it_is_written_again() {
        let text = "The jury heard painter Oskar Velund first. Later Oskar Velund spoke of Bergen.";
        // Word 8 is the second "Oskar": read as a place, then cut short to a first name.
        for (len, kind) in [(2, RawKind::Place), (1, RawKind::Person)] {
            let (toks, raws) = misread(text, 8, len, kind);
            let empty = Tokens::new();
            let out = full_names_again(&empty, &toks, raws);
            let people: Vec<_> =
                read(&toks, text, &out).into_iter().filter(|(_, k)| *k == RawKind::Person).collect();
            assert_eq!(
                people,
                vec![
                    ("Oskar Velund".to_string(), RawKind::Person),
                    ("Oskar Velund".to_string(), RawKind::Person)
                ],
                "{len} {kind:?}"
            );
            assert!(read(&toks, text, &out).contains(&("Bergen".to_string(), RawKind::Place)));
            assert!(out.iter().all(|r| r.part == Part::Body));
        }
    }

    #[test]
    fn not_inside_a_longer_name_in_capitals_or_with_other_punctuation() {
        for text in [
            "Painter Oskar Velund spoke. The Oskar Velund Foundation paid for it.",
            "Painter Oskar Velund spoke. OSKAR VELUND was on the poster.",
            "Painter Oskar Velund spoke. It was Oskar. Velund was not there.",
        ] {
            let (toks, _, raws) = body_candidates(text);
            let before = read(&toks, text, &raws);
            let out = full_names_again(&Tokens::new(), &toks, raws);
            assert_eq!(read(&toks, text, &out), before, "{text}");
        }
    }
}
