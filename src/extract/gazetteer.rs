//! [`Gazetteer`]: the places dateline knows (GeoNames cities of 15,000+ people, first-level
//! regions, countries, historic countries) and every name that points at them.
//!
//! The table is written by `tools/build_gazetteer.py` into `data/gazetteer.tsv.gz`, compiled by
//! `build.rs` into the flat image of `packed.rs` and embedded in the binary: building the
//! gazetteer only copies fixed-size records (no text parsed, no key hashed or allocated), and
//! name lookups probe the hash tables inside the embedded bytes. The order of a name's candidates
//! is the default reading of an ambiguous name (the script explains the policy); the recogniser
//! and the resolver only move away from it on evidence in the article.

use std::borrow::Cow;

use super::packed::{self, GazetteerImage, Phrases};
use super::phrase::PhraseMap;
use super::token::phrase_key;
use crate::model::{Place, PlaceKind};

/// The gazetteer compiled by `build.rs` from `data/gazetteer.tsv.gz`.
static GAZETTEER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// "No place" in the `u32` place references.
pub(crate) const NO_PLACE: u32 = packed::NONE;
/// Name flag: an ordinary word ("Nice"), trusted only mid-sentence after a locative preposition.
pub(crate) const WEAK: u8 = packed::FLAG_WEAK;
/// Name flag: only a qualifier after a city ("Calif."), never a mention of its own.
pub(crate) const QUALIFIER: u8 = packed::FLAG_QUALIFIER;
/// Name flag: an ordinary word naming a mid-sized town ("Mobile", "Split"), a place only
/// before a qualifier ("Mobile, Ala.").
pub(crate) const QUALIFIED: u8 = packed::FLAG_QUALIFIED;

/// One place of the gazetteer.
#[derive(Debug)]
pub(crate) struct PlaceRec {
    /// Canonical name (in the embedded image).
    pub name: &'static str,
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
    /// [`WEAK`], [`QUALIFIER`] and [`QUALIFIED`] bits.
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
    /// The gazetteer embedded in the binary.
    pub fn embedded() -> Self {
        Self::from_image(GAZETTEER).unwrap_or_else(|e| {
            panic!("the gazetteer compiled by build.rs from data/gazetteer.tsv.gz is malformed: {e}")
        })
    }

    /// Reads an image written by [`packed::compile_gazetteer`]: its places and candidate lists
    /// are copied out, its name tables are read in place.
    pub fn from_image(image: &'static [u8]) -> Result<Self, String> {
        let g = GazetteerImage::read(image)?;
        let mut places = Vec::with_capacity(g.places());
        for i in 0..g.places() {
            let r = g.place(i)?;
            let kind = match r.kind {
                packed::KIND_COUNTRY => PlaceKind::Country,
                packed::KIND_REGION => PlaceKind::Region,
                packed::KIND_CITY => PlaceKind::City,
                k => return Err(format!("place {i}: bad kind {k}")),
            };
            places.push(PlaceRec {
                name: r.name,
                kind,
                region: r.region,
                country: r.country,
                population: r.population,
            });
        }
        let cands = g.candidates()?;
        let n = places.len() as u32;
        if cands.iter().any(|&c| c >= n)
            || places
                .iter()
                .any(|p| (p.region != NO_PLACE && p.region >= n) || (p.country != NO_PLACE && p.country >= n))
        {
            return Err("place number out of range".into());
        }
        let mut entries = Vec::with_capacity(g.names());
        for i in 0..g.names() {
            let (flags, start, len) = g.name(i)?;
            entries.push(NameEntry { flags, start, len });
        }
        let (phrases, _) = Phrases::read(Cow::Borrowed(image), g.phrases_at)?;
        let names =
            PhraseMap::from_parts(phrases, entries).ok_or("name tables and entries differ in number")?;
        Ok(Self { places, cands, names })
    }

    /// The places a name may mean, best first.
    #[inline]
    pub fn candidates(&self, e: &NameEntry) -> &[u32] {
        &self.cands[e.start as usize..(e.start + e.len) as usize]
    }

    /// Whether the best reading of a name is a country ("Canada", "U.K.", "Briton").
    pub fn means_country(&self, e: &NameEntry) -> bool {
        self.candidates(e).first().is_some_and(|&id| self.rec(id).kind == PlaceKind::Country)
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

    /// Whether a short word written in capitals, with key `key` ("usi" for "USI"), may mean one
    /// of the places of `e`: a country or a region ("UK", "UAE", "DPRK"), a place of that very
    /// name ("ROME"), or a place it abbreviates ("NYC"). GeoNames gives large cities
    /// other names that in capitals are acronyms or tickers: "Usi" is Wuxi (and "USI" a
    /// university), "Irna" Salerno, "Ipo" Ipoh. Longer words are names in capitals ("PEKING",
    /// "BOMBAY", "FRANKFURT") and may mean any place.
    pub fn capitals_may_mean(&self, e: &NameEntry, key: &str) -> bool {
        key.chars().filter(|c| c.is_alphabetic()).count() > MAX_ACRONYM_LETTERS
            || self.candidates(e).iter().any(|&id| {
                let p = self.rec(id);
                p.kind != PlaceKind::City || phrase_key(p.name) == key || initials(p.name) == key
            })
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

/// Words in capitals of up to this many letters may be acronyms: [`Gazetteer::capitals_may_mean`].
const MAX_ACRONYM_LETTERS: usize = 4;

/// The lowercase initials of a name's capitalised words: "New York City" -> "nyc".
fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_lowercase)
        .collect()
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

    /// The text format read the way `Gazetteer::parse` read it before the compiled image:
    /// places as (name, kind letter, region, country, population), names as (key, flags,
    /// candidates) in file order.
    #[allow(clippy::type_complexity)]
    fn read_text_format() -> (Vec<(String, String, u32, u32, u64)>, Vec<(String, u8, Vec<u32>)>) {
        use std::io::Read;
        let gz = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer.tsv.gz")).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).unwrap();
        let reference = |s: &str| if s == "-" { NO_PLACE } else { s.parse().unwrap() };
        let (mut places, mut names) = (Vec::new(), Vec::new());
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            match f[0] {
                "P" => places.push((
                    f[2].to_string(),
                    f[1].to_string(),
                    reference(f[3]),
                    reference(f[4]),
                    f.get(5).and_then(|p| p.parse().ok()).unwrap_or(0),
                )),
                "A" => {
                    let flags = (u8::from(f[2].contains('w')) * WEAK)
                        | (u8::from(f[2].contains('q')) * QUALIFIER)
                        | (u8::from(f[2].contains('x')) * QUALIFIED);
                    names.push((f[1].to_string(), flags, f[3].split(',').map(reference).collect()));
                }
                other => panic!("line type {other}"),
            }
        }
        (places, names)
    }

    #[test]
    fn the_compiled_image_holds_the_text_format_entries() {
        let g = gaz();
        let (places, names) = read_text_format();
        assert_eq!(g.len(), places.len());
        for (id, (name, kind, region, country, population)) in places.iter().enumerate() {
            let p = g.rec(id as u32);
            let want_kind = match kind.as_str() {
                "C" => PlaceKind::Country,
                "R" => PlaceKind::Region,
                _ => PlaceKind::City,
            };
            assert_eq!(
                (p.name, p.kind, p.region, p.country, p.population),
                (name.as_str(), want_kind, *region, *country, *population),
                "place {id}"
            );
        }
        assert_eq!(g.names.len(), names.len(), "the text format has no duplicate or empty key");
        let mut longest: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, (key, flags, cands)) in names.iter().enumerate() {
            let e = g.names.get(key).unwrap_or_else(|| panic!("{key} missing"));
            assert_eq!((e.flags, g.candidates(e)), (*flags, &cands[..]), "{key}");
            assert_eq!(g.names.entry(i).0, key.as_bytes(), "key order");
            let words = key.split(' ').count();
            let head = key.split(' ').next().unwrap();
            let slot = longest.entry(head).or_default();
            *slot = (*slot).max(words);
        }
        for (head, words) in &longest {
            assert_eq!(g.names.head_words(head), Some(*words), "{head}");
        }
        for absent in ["", "zzzz", "busan busan", "south kore", "new york city of"] {
            assert!(g.names.get(absent).is_none(), "{absent}");
        }
    }

    #[test]
    fn every_place_name_is_a_key() {
        let g = gaz();
        let mut missing = Vec::new();
        for id in 0..g.len() as u32 {
            let p = g.rec(id);
            if p.name.chars().next().is_some_and(char::is_uppercase) && g.entry(p.name).is_none() {
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
