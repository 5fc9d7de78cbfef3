//! Historic countries as context: a story that names the Soviet Union (or West Germany,
//! Yugoslavia, Czechoslovakia...) was written when its cities belonged to it, so Moscow's
//! country there is the Soviet Union, not Russia. The gazetteer gives every city today's
//! country; this pass re-parents the places of such a story.

use crate::model::{Place, PlaceKind};

/// Historic countries and the countries of today that were part of them.
const SUCCESSORS: &[(&str, &[&str])] = &[
    (
        "Soviet Union",
        &[
            "Russia",
            "Ukraine",
            "Belarus",
            "Kazakhstan",
            "Uzbekistan",
            "Georgia",
            "Armenia",
            "Azerbaijan",
            "Lithuania",
            "Latvia",
            "Estonia",
            "Moldova",
            "Kyrgyzstan",
            "Tajikistan",
            "Turkmenistan",
        ],
    ),
    ("West Germany", &["Germany"]),
    ("East Germany", &["Germany"]),
    (
        "Yugoslavia",
        &[
            "Serbia",
            "Croatia",
            "Slovenia",
            "Bosnia and Herzegovina",
            "North Macedonia",
            "Montenegro",
            "Kosovo",
            "Serbia and Montenegro",
        ],
    ),
    ("Czechoslovakia", &["Czechia", "Slovakia"]),
];

/// Re-parents `places` (and the dateline's place) under the historic countries the story
/// names. A modern country named in such a story ("German" next to "West German") becomes
/// the historic one. When two historic countries claim the same modern one (East and West
/// Germany), nothing of it is changed.
pub(crate) fn apply(places: &mut Vec<Place>, dateline: Option<&mut Place>) {
    let named: Vec<&(&str, &[&str])> = SUCCESSORS
        .iter()
        .filter(|(h, _)| places.iter().any(|p| p.kind == PlaceKind::Country && p.name == *h))
        .collect();
    if named.is_empty() {
        return;
    }
    let historic_of = |country: &str| -> Option<&str> {
        let mut owners = named.iter().filter(|(_, modern)| modern.contains(&country));
        let first = owners.next()?;
        if owners.next().is_some() { None } else { Some(first.0) }
    };
    let reparent = |p: &mut Place| {
        let Some(country) = p.country.as_deref() else { return };
        let Some(h) = historic_of(country) else { return };
        if p.kind == PlaceKind::Country {
            *p = Place {
                name: h.to_string(),
                kind: PlaceKind::Country,
                region: None,
                country: Some(h.to_string()),
            };
        } else {
            p.country = Some(h.to_string());
        }
    };
    for p in places.iter_mut() {
        reparent(p);
    }
    let mut seen: Vec<Place> = Vec::new();
    places.retain(|p| {
        if seen.contains(p) {
            false
        } else {
            seen.push(p.clone());
            true
        }
    });
    if let Some(p) = dateline {
        reparent(p);
    }
}
