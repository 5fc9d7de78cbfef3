//! [`Gazetteer`]: the places dateline knows (GeoNames cities of 15,000+ people, first-level
//! regions, countries, historic countries) and every name that points at them.
//!
//! The table is compiled by `tools/build_gazetteer.py` into `data/gazetteer.tsv.gz` and embedded
//! in the binary; it is decoded once, on first use. The order of a name's candidates is the
//! default reading of an ambiguous name (the script explains the policy); the recogniser and the
//! resolver only move away from it on evidence in the article.

use std::io::Read;

use super::phrase::PhraseMap;
use super::token::phrase_key;
use crate::model::{Place, PlaceKind};

/// The compiled gazetteer, as committed in `data/`.
static GAZETTEER_GZ: &[u8] = include_bytes!("../../data/gazetteer.tsv.gz");

/// "No place" in the `u32` place references.
pub(crate) const NO_PLACE: u32 = u32::MAX;
/// Name flag: an ordinary word ("Nice"), trusted only mid-sentence after a locative preposition.
pub(crate) const WEAK: u8 = 1;
/// Name flag: only a qualifier after a city ("Calif."), never a mention of its own.
pub(crate) const QUALIFIER: u8 = 2;

/// One place of the gazetteer.
#[derive(Debug)]
pub(crate) struct PlaceRec {
    /// Canonical name.
    pub name: Box<str>,
    /// City, region or country.
    pub kind: PlaceKind,
    /// The containing first-level region, or [`NO_PLACE`].
    pub region: u32,
    /// The containing country (itself for a country), or [`NO_PLACE`].
    pub country: u32,
    /// People living there (regions: half the people of their listed cities; historic: 0).
    pub population: u64,
}

/// A name and the places it may mean.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameEntry {
    /// [`WEAK`] and [`QUALIFIER`] bits.
    pub flags: u8,
    start: u32,
    len: u32,
}

/// Places and their names.
#[derive(Debug)]
pub(crate) struct Gazetteer {
    places: Vec<PlaceRec>,
    cands: Vec<u32>,
    /// Every name, keyed like token keys.
    pub names: PhraseMap<NameEntry>,
}

impl Gazetteer {
    /// Decodes the gazetteer embedded in the binary.
    pub fn embedded() -> Self {
        let mut text = String::with_capacity(GAZETTEER_GZ.len() * 4);
        flate2::read::GzDecoder::new(GAZETTEER_GZ).read_to_string(&mut text).expect(
            "data/gazetteer.tsv.gz is valid gzip and UTF-8 (it is built by tools/build_gazetteer.py)",
        );
        Self::parse(&text).expect("data/gazetteer.tsv.gz is well-formed")
    }

    /// Parses the text format written by `tools/build_gazetteer.py`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let lines = text.lines().filter(|l| !l.is_empty() && !l.starts_with('#'));
        let mut places = Vec::with_capacity(40_000);
        let mut cands = Vec::with_capacity(100_000);
        let mut names = PhraseMap::with_capacity(70_000);
        let reference = |s: &str| -> Result<u32, String> {
            if s == "-" { Ok(NO_PLACE) } else { s.parse().map_err(|_| format!("bad place number {s:?}")) }
        };
        for line in lines {
            let mut f = line.split('\t');
            match f.next() {
                Some("P") => {
                    let kind = match f.next() {
                        Some("C") => PlaceKind::Country,
                        Some("R") => PlaceKind::Region,
                        Some("T") => PlaceKind::City,
                        other => return Err(format!("bad place kind {other:?}")),
                    };
                    let name = f.next().ok_or("place without name")?;
                    let region = reference(f.next().ok_or("place without region")?)?;
                    let country = reference(f.next().ok_or("place without country")?)?;
                    let population = f.next().and_then(|p| p.parse().ok()).unwrap_or(0);
                    places.push(PlaceRec { name: name.into(), kind, region, country, population });
                }
                Some("A") => {
                    let key = f.next().ok_or("name without key")?;
                    let flag_text = f.next().ok_or("name without flags")?;
                    let ids = f.next().ok_or("name without places")?;
                    let mut flags = 0;
                    if flag_text.contains('w') {
                        flags |= WEAK;
                    }
                    if flag_text.contains('q') {
                        flags |= QUALIFIER;
                    }
                    let start = cands.len() as u32;
                    for id in ids.split(',') {
                        cands.push(reference(id)?);
                    }
                    let len = cands.len() as u32 - start;
                    names.insert(key, NameEntry { flags, start, len });
                }
                other => return Err(format!("bad line type {other:?}")),
            }
        }
        let n = places.len() as u32;
        if cands.iter().any(|&c| c >= n)
            || places
                .iter()
                .any(|p| (p.region != NO_PLACE && p.region >= n) || (p.country != NO_PLACE && p.country >= n))
        {
            return Err("place number out of range".into());
        }
        Ok(Self { places, cands, names })
    }

    /// The places a name may mean, best first.
    #[inline]
    pub fn candidates(&self, e: &NameEntry) -> &[u32] {
        &self.cands[e.start as usize..(e.start + e.len) as usize]
    }

    /// The place with number `id`.
    #[inline]
    pub fn rec(&self, id: u32) -> &PlaceRec {
        &self.places[id as usize]
    }

    /// Number of places.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// The model's view of place `id`: names of the place, its region and its country.
    pub fn place(&self, id: u32) -> Place {
        let p = self.rec(id);
        let name_of = |r: u32| (r != NO_PLACE).then(|| self.rec(r).name.to_string());
        Place {
            name: p.name.to_string(),
            kind: p.kind,
            region: name_of(p.region),
            country: name_of(p.country),
        }
    }

    /// Whether `outer` is `inner`, its region or its country.
    #[inline]
    pub fn contains(&self, outer: u32, inner: u32) -> bool {
        let p = self.rec(inner);
        outer == inner || outer == p.region || outer == p.country
    }

    /// The entry of a whole name written in any case ("NEW YORK", "Calif.").
    pub fn entry(&self, name: &str) -> Option<&NameEntry> {
        self.names.get(&phrase_key(name))
    }

    /// The candidate of `cands` that lies in (or is) one of the places `qualifier` may mean.
    pub fn qualified(&self, cands: &[u32], qualifier: &NameEntry) -> Option<u32> {
        let outer = self.candidates(qualifier);
        cands.iter().copied().find(|&c| outer.iter().any(|&o| o != c && self.contains(o, c)))
    }

    /// Resolves a place written as text, optionally followed by comma-separated qualifiers:
    /// "Busan", "NEW YORK", "San Jose, Calif.", "Seoul, South Korea".
    pub fn resolve(&self, text: &str) -> Option<u32> {
        let mut parts = text.split(',').map(str::trim).filter(|p| !p.is_empty());
        let head = self.entry(parts.next()?)?;
        let cands = self.candidates(head);
        for qualifier in parts {
            if let Some(q) = self.entry(qualifier)
                && let Some(c) = self.qualified(cands, q)
            {
                return Some(c);
            }
        }
        cands.first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::embedded)
    }

    fn resolve(text: &str) -> Place {
        let g = gaz();
        g.place(g.resolve(text).unwrap_or_else(|| panic!("{text} not found")))
    }

    #[test]
    fn cities_resolve_to_their_region_and_country() {
        let busan = resolve("Busan");
        assert_eq!(busan.name, "Busan");
        assert_eq!(busan.kind, PlaceKind::City);
        assert_eq!(busan.country.as_deref(), Some("South Korea"));
        assert_eq!(busan.hierarchy(), ["Busan", "South Korea"]);
        assert_eq!(resolve("Pusan").name, "Busan");
        let ny = resolve("NEW YORK");
        assert_eq!((ny.name.as_str(), ny.country.as_deref()), ("New York City", Some("United States")));
        assert_eq!(ny.region.as_deref(), Some("New York"));
        assert_eq!(resolve("WASHINGTON").region.as_deref(), Some("District of Columbia"));
    }

    #[test]
    fn countries_and_their_other_names() {
        for (name, want) in [
            ("South Korea", "South Korea"),
            ("U.S.", "United States"),
            ("Britain", "United Kingdom"),
            ("Chinese", "China"),
            ("South Korean", "South Korea"),
            ("Soviet Union", "Soviet Union"),
            ("USSR", "Soviet Union"),
            ("West Germany", "West Germany"),
            ("Yugoslavia", "Yugoslavia"),
            ("Czechoslovakia", "Czechoslovakia"),
        ] {
            let p = resolve(name);
            assert_eq!(p.name, want, "{name}");
            assert_eq!(p.kind, PlaceKind::Country, "{name}");
            assert_eq!(p.country.as_deref(), Some(want), "{name}");
        }
    }

    #[test]
    fn a_country_beats_a_city_or_region_of_the_same_name() {
        assert_eq!(resolve("Georgia").kind, PlaceKind::Country);
        assert_eq!(resolve("Mexico").kind, PlaceKind::Country);
        assert_eq!(resolve("Jordan").kind, PlaceKind::Country);
    }

    #[test]
    fn qualifiers_pick_the_right_namesake() {
        let sj = resolve("San Jose, Calif.");
        assert_eq!(sj.region.as_deref(), Some("California"));
        assert_eq!(resolve("San Jose, Costa Rica").country.as_deref(), Some("Costa Rica"));
        let ga = resolve("Georgia, U.S.");
        assert_eq!((ga.name.as_str(), ga.kind), ("Georgia", PlaceKind::Region));
        assert_eq!(resolve("Nairobi, Kenya").name, "Nairobi");
    }

    #[test]
    fn every_place_name_is_a_key() {
        let g = gaz();
        let mut missing = Vec::new();
        for id in 0..g.len() as u32 {
            let p = g.rec(id);
            if p.name.chars().next().is_some_and(char::is_uppercase) && g.entry(&p.name).is_none() {
                missing.push(p.name.to_string());
            }
        }
        // Names that are ordinary words are dropped on purpose; a few odd spellings may be too.
        assert!(
            missing.len() < g.len() / 50,
            "{} of {} missing, e.g. {:?}",
            missing.len(),
            g.len(),
            &missing[..missing.len().min(20)]
        );
    }
}
