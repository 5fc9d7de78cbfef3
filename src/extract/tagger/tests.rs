//! The tagger on hand-made text: it learns a tiny training set, its output is always valid
//! BILOU, its model survives a round trip, and no text makes it panic.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::super::Extractor;
use super::*;
use crate::model::Article;

/// Builds a training document from text with names marked `[P Ann Lee]`, `[G Plimsk]`,
/// `[O Frobnic Corp]`.
fn marked(src: &str) -> TrainingDoc {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut rest = src;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find(']').expect("closed") + open;
        let inner = &rest[open + 1..close];
        let (kind, name) = inner.split_at(2);
        let kind = match kind.trim() {
            "P" => EntityKind::Person,
            "G" => EntityKind::Place,
            _ => EntityKind::Organization,
        };
        spans.push((text.len(), text.len() + name.len(), kind));
        text.push_str(name);
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    TrainingDoc { text, spans }
}

fn training_set() -> Vec<TrainingDoc> {
    [
        "Yesterday [P Zorblat Quux] met officials of [O Frobnic Holdings] in [G Plimsk].",
        "The talks in [G Plimsk] ended when [P Zorblat Quux] left. [O Frobnic Holdings] said nothing.",
        "[P Mirela Vantosh] flew to [G Kordavia] on Monday with [P Zorblat Quux].",
        "Shares of [O Frobnic Holdings] fell after [P Mirela Vantosh] spoke in [G Kordavia].",
        "In [G Plimsk], [P Mirela Vantosh] praised [O Tarquel Systems] and [O Frobnic Holdings].",
        "Later [O Tarquel Systems] opened an office in [G Kordavia], [P Zorblat Quux] said.",
    ]
    .iter()
    .map(|s| marked(s))
    .collect()
}

/// An extractor whose tagger was trained once on the hand-made set.
fn trained() -> (&'static Extractor, &'static Tagger) {
    static T: OnceLock<Extractor> = OnceLock::new();
    let ex = T.get_or_init(|| {
        let mut ex = Extractor::with_tagger(None, TaggerPolicy::Override);
        let (tagger, report) =
            ex.train_tagger(&training_set(), &TrainOptions { epochs: 10, bits: 14, seed: 3 });
        assert_eq!(report.documents, 6);
        assert_eq!(report.unaligned, 0);
        ex.tagger = Some(tagger);
        ex
    });
    (ex, ex.tagger.as_ref().expect("trained"))
}

/// The names `tagger` finds in `text`, as (surface, kind).
fn names(ex: &Extractor, tagger: &Tagger, text: &str) -> Vec<(String, EntityKind)> {
    let (toks, spans) = features::with_doc(ex, text, |_, doc| {
        let mut spans = Vec::new();
        tagger.tag(doc, text, 0, |_, _| false, &mut spans);
        spans
    });
    for w in spans.windows(2) {
        assert!(w[0].toks.1 <= w[1].toks.0, "spans are ordered and disjoint: {spans:?}");
    }
    spans
        .iter()
        .map(|s| (text[toks.toks[s.toks.0].start..toks.toks[s.toks.1 - 1].end].to_string(), s.kind))
        .collect()
}

#[test]
fn learns_a_tiny_training_set() {
    let (ex, tagger) = trained();
    for doc in training_set() {
        let found = names(ex, tagger, &doc.text);
        let gold: Vec<(String, EntityKind)> =
            doc.spans.iter().map(|&(s, e, k)| (doc.text[s..e].to_string(), k)).collect();
        assert_eq!(found, gold, "{}", doc.text);
    }
    // The same names in a new sentence.
    let found = names(ex, tagger, "The talks in Kordavia ended when Zorblat Quux left.");
    assert!(found.contains(&("Zorblat Quux".to_string(), EntityKind::Person)), "{found:?}");
    assert!(found.contains(&("Kordavia".to_string(), EntityKind::Place)), "{found:?}");
}

#[test]
fn the_committed_model_loads() {
    // A model made for other features is refused (and extraction falls back to the rules):
    // retrain with `dateline train-tagger` after changing `features.rs`.
    let tagger = Tagger::embedded().expect("data/tagger.bin.gz loads with this build's features");
    assert!(tagger.nonzero() > 1000);
    assert_eq!(Extractor::global().policy(), TaggerPolicy::Combine);
}

#[test]
fn model_round_trip() {
    let (ex, tagger) = trained();
    let bytes = tagger.to_bytes();
    let back = Tagger::from_bytes(&bytes).expect("reads back");
    let text = "Mirela Vantosh met Zorblat Quux of Frobnic Holdings in Plimsk.";
    assert_eq!(names(ex, tagger, text), names(ex, &back, text));
    assert!(Tagger::from_bytes(b"not gzip").is_err());
    assert!(Tagger::from_bytes(&[]).is_err());
}

#[test]
fn transitions_are_bilou() {
    let b = |k| tag(k, 0);
    let i = |k| tag(k, 1);
    let l = |k| tag(k, 2);
    let u = |k| tag(k, 3);
    let p = EntityKind::Person;
    let g = EntityKind::Place;
    assert!(allowed(O, b(p), true) && allowed(O, u(g), false) && allowed(O, O, false));
    assert!(!allowed(O, i(p), true) && !allowed(O, l(p), true));
    assert!(allowed(b(p), i(p), true) && allowed(b(p), l(p), false));
    assert!(!allowed(b(p), l(g), true) && !allowed(b(p), O, true) && !allowed(i(p), b(p), true));
    assert!(!allowed(O, b(p), false), "a name cannot run into an untagged token");
    assert!(!allowed(b(p), i(p), false));
}

/// Greedy decoding under `allowed` yields well-formed BILOU for any scores.
fn decode(scores: &[[i32; NT]], open: &[bool]) -> Vec<u8> {
    let mut prev = O;
    scores
        .iter()
        .zip(open)
        .map(|(s, &o)| {
            prev = best_allowed(s, prev, o);
            prev
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn decoding_is_valid_bilou(rows in prop::collection::vec(prop::array::uniform13(-50i32..50), 0..30)) {
        let n = rows.len();
        let open: Vec<bool> = (0..n).map(|i| i + 1 < n).collect();
        let tags = decode(&rows, &open);
        let mut inside: Option<u8> = None;
        for &t in &tags {
            if t == O {
                prop_assert!(inside.is_none());
                continue;
            }
            let (kind, pos) = ((t - 1) / 4, (t - 1) % 4);
            match pos {
                0 | 3 => prop_assert!(inside.is_none()),
                _ => prop_assert_eq!(inside, Some(kind)),
            }
            inside = if matches!(pos, 0 | 1) { Some(kind) } else { None };
        }
        prop_assert!(inside.is_none(), "the last name is closed");
    }

    #[test]
    fn tagging_never_panics(body in "\\PC{0,300}", caps in "([A-Z][a-z]{0,6} (of |the |& )?){0,8}") {
        let (ex, tagger) = trained();
        let text = format!("{caps}{body}");
        names(ex, tagger, &text);
        let mut a = Article { body: text, ..Default::default() };
        ex.enrich(&mut a);
        for m in &a.mentions {
            prop_assert_eq!(&a.body[m.start..m.start + m.text.len()], m.text.as_str());
        }
    }
}
