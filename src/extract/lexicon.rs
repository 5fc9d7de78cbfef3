//! [`Lexicon`]: the word lists the recogniser's rules read — stop words, first names, East Asian
//! family names, person titles, organisation keywords and well-known organisations.
//!
//! The lists are the files in `data/` (hand-written, except `first_names.txt.gz`, which
//! `tools/build_gazetteer.py` compiles from the US Census lists), embedded in the binary. The
//! short closed classes (months, speech verbs, name particles) are constants here.

use std::borrow::Cow;

use super::hash::{FastMap, FastSet};
use super::packed::KeySet;
use super::phrase::PhraseMap;
use super::token::phrase_key;

static STOP_WORDS: &str = include_str!("../../data/stop_words.txt");
static TITLES: &str = include_str!("../../data/titles.txt");
static ORG_KEYWORDS: &str = include_str!("../../data/org_keywords.txt");
static ORGANIZATIONS: &str = include_str!("../../data/organizations.tsv");
static FAMILY_NAMES: &str = include_str!("../../data/family_names.txt");
static PLACE_FIRST_NAMES: &str = include_str!("../../data/place_first_names.txt");
/// `data/first_names.txt.gz` compiled by `build.rs` into a key set read in place.
static FIRST_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/first_names.bin"));

/// Weekday words (English keys): never part of a name, they split candidates (months too:
/// [`crate::calendar::english_month`]).
const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Verbs of saying: "X said" makes a two-word X a person.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "wrote",
    "writes",
    "announced",
    "explained",
    "noted",
    "argued",
    "warned",
    "asked",
    "replied",
    "claimed",
    "insisted",
    "recalled",
    "acknowledged",
    "conceded",
    "admitted",
    "urged",
    "tweeted",
];

/// Lowercase particles inside personal names ("Ursula von der Leyen", "Mohammed bin Salman").
const NAME_PARTICLES: &[&str] = &[
    "de", "du", "da", "das", "dos", "do", "del", "della", "der", "den", "van", "von", "bin", "ibn", "bint",
    "al", "el", "la", "le", "di", "y", "ter", "zu", "ul",
];

/// Prepositions after which a weak place name ("Nice") is trusted.
const LOCATIVES: &[&str] = &[
    "in", "at", "from", "near", "to", "outside", "into", "across", "around", "toward", "towards", "via",
    "visited", "visit", "of",
];

/// Head words after which "of"/"for" continue a name ("Republic of", "University of").
const OF_HEADS: &[&str] = &[
    "republic", "kingdom", "state", "states", "city", "gulf", "bay", "isle", "isles", "islands", "sea",
    "strait", "straits", "cape", "port", "duke", "duchess", "prince", "princess", "king", "queen", "house",
    "bank", "united",
];

/// Last words that make a name a place or a thing, never a person ("Han River").
const NOT_PERSON_TAILS: &[&str] = &[
    "river",
    "mountain",
    "mountains",
    "mount",
    "lake",
    "bridge",
    "street",
    "road",
    "avenue",
    "square",
    "island",
    "islands",
    "sea",
    "ocean",
    "valley",
    "province",
    "airport",
    "station",
    "stadium",
    "park",
    "palace",
    "hall",
    "tower",
    "building",
    "canal",
    "dam",
    "peninsula",
    "strait",
    "desert",
    "forest",
    "beach",
    "port",
    "harbor",
    "harbour",
    "plaza",
    "center",
    "centre",
    "index",
    "cup",
    "league",
    "championship",
    "games",
    "prize",
    "award",
    "day",
    "war",
    "act",
    "law",
    "treaty",
    "accord",
    "agreement",
    "plan",
    "project",
    "summit",
    "conference",
    "festival",
    "tour",
    "show",
    "series",
    "fc",
    "city",
    "county",
    "district",
    "region",
    "state",
    "east",
    "west",
    "north",
    "south",
    "coast",
    "zone",
    "border",
    "basin",
    "delta",
    "hills",
];

/// Last words of a building or site's name ("Johnson Space Center", "Fenway Park", "Jamarat
/// Bridge"): a place, though the gazetteer lists no buildings and some are run by a body.
const FACILITY_TAILS: &[&str] = &[
    "airport",
    "arena",
    "base",
    "bridge",
    "building",
    "castle",
    "cathedral",
    "center",
    "centre",
    "hall",
    "memorial",
    "monument",
    "mosque",
    "museum",
    "observatory",
    "palace",
    "park",
    "planetarium",
    "plaza",
    "shelf",
    "square",
    "stadium",
    "station",
    "temple",
    "terminal",
    "theater",
    "theatre",
    "tower",
    "towers",
];

/// Words that make a "Center" or "Centre" a body that studies, advises or warns rather than a
/// building ("Pew Research Center", "Foreign Policy Centre", "National Hurricane Center").
const CENTRE_BODY_WORDS: &[&str] = &[
    "aerospace",
    "analysis",
    "complaint",
    "control",
    "coordination",
    "hurricane",
    "information",
    "intelligence",
    "monitoring",
    "policy",
    "prevention",
    "research",
    "rights",
    "security",
    "strategic",
    "studies",
    "study",
    "warning",
];

/// First words of a building or site's name followed by "of" ("Museum of Flight", "Palace of
/// Westminster").
const FACILITY_HEADS: &[&str] = &["castle", "cathedral", "museum", "palace", "temple", "tower"];

/// Words of geography that make a name the tagger calls a place one ("Bay of Bengal", "Eastern
/// Europe", "the Midwest"), where the gazetteer does not know it.
const GEO_WORDS: &[&str] = &[
    "africa",
    "americas",
    "antarctic",
    "antarctica",
    "arctic",
    "asia",
    "balkans",
    "basin",
    "bay",
    "beach",
    "canal",
    "cape",
    "caribbean",
    "cave",
    "coast",
    "county",
    "delta",
    "desert",
    "district",
    "east",
    "eastern",
    "europe",
    "forest",
    "fort",
    "gulf",
    "hills",
    "island",
    "islands",
    "isle",
    "kibbutz",
    "lake",
    "midwest",
    "mount",
    "mountains",
    "mt",
    "north",
    "northeast",
    "northern",
    "northwest",
    "ocean",
    "oceania",
    "peninsula",
    "plains",
    "port",
    "province",
    "region",
    "river",
    "road",
    "scandinavia",
    "sea",
    "south",
    "southeast",
    "southern",
    "southwest",
    "springs",
    "state",
    "strait",
    "street",
    "valley",
    "village",
    "west",
    "western",
];

/// A title or role word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Title {
    /// Also a common surname ("King", "Bishop"): a title only at the start of a name.
    pub surname_like: bool,
}

/// The recogniser's word lists.
#[derive(Debug)]
pub(crate) struct Lexicon {
    stop: FastSet<Box<str>>,
    first_names: KeySet,
    family_names: FastSet<Box<str>>,
    /// First names that are also countries or large places ("jordan", "vladimir").
    place_first_names: FastSet<Box<str>>,
    org_keywords: FastMap<Box<str>, bool>,
    /// Person titles and roles ("president", "prime minister", "mr").
    pub titles: PhraseMap<Title>,
    /// Well-known organisations and their short forms, to an index of [`Lexicon::org_name`].
    pub orgs: PhraseMap<u32>,
    org_names: Vec<Box<str>>,
    /// Keys of one-word short forms the list writes only in capitals that are also function
    /// words or sentence starters ("WHO"; not "Nato", also listed so, nor "NASA").
    org_capitals: FastSet<Box<str>>,
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    /// Builds the lexicon from the lists embedded in the binary.
    pub fn embedded() -> Self {
        let first_names = KeySet::read(Cow::Borrowed(FIRST_NAMES)).unwrap_or_else(|e| {
            panic!("the first names compiled by build.rs from data/first_names.txt.gz are malformed: {e}")
        });
        let keyset = |text: &str| -> FastSet<Box<str>> {
            lines(text).map(|l| phrase_key(l.trim()).into_boxed_str()).collect()
        };
        let titles = PhraseMap::from_pairs(lines(TITLES).map(|l| {
            let l = l.trim();
            match l.strip_prefix('*') {
                Some(rest) => (phrase_key(rest), Title { surname_like: true }),
                None => (phrase_key(l), Title { surname_like: false }),
            }
        }));
        let mut org_keywords = FastMap::default();
        for l in lines(ORG_KEYWORDS) {
            let l = l.trim();
            let (word, legal) = match l.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (l, false),
            };
            org_keywords.insert(phrase_key(word).into_boxed_str(), legal);
        }
        let mut org_pairs = Vec::new();
        let mut org_names: Vec<Box<str>> = Vec::new();
        let (mut capitals, mut any_case) = (FastSet::default(), FastSet::default());
        for l in lines(ORGANIZATIONS) {
            let mut cols = l.split('\t');
            let Some(canonical) = cols.next().map(str::trim).filter(|c| !c.is_empty()) else {
                continue;
            };
            let idx = org_names.len() as u32;
            org_names.push(canonical.into());
            let aliases = cols.next().unwrap_or("").split('|').map(str::trim).filter(|a| !a.is_empty());
            for name in std::iter::once(canonical).chain(aliases) {
                let key = phrase_key(name);
                if !key.contains(' ') {
                    let written_in_capitals = name.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && !name.chars().any(char::is_lowercase);
                    let set = if written_in_capitals { &mut capitals } else { &mut any_case };
                    set.insert(key.clone().into_boxed_str());
                }
                org_pairs.push((key, idx));
            }
        }
        // Only where the word is an ordinary one too: British papers write "Nasa" and "Gatt".
        let stop = keyset(STOP_WORDS);
        let org_capitals =
            capitals.into_iter().filter(|k| !any_case.contains(k) && stop.contains(k)).collect();
        let orgs = PhraseMap::from_pairs(org_pairs);
        Self {
            stop,
            first_names,
            family_names: keyset(FAMILY_NAMES),
            place_first_names: keyset(PLACE_FIRST_NAMES),
            org_keywords,
            titles,
            orgs,
            org_names,
            org_capitals,
        }
    }

    /// Whether `key` is a one-word short form of a listed organisation that only counts when
    /// written in capitals: "WHO" is the World Health Organization, "Who" a question.
    #[inline]
    pub fn org_needs_capitals(&self, key: &str) -> bool {
        self.org_capitals.contains(key)
    }

    /// A function word or frequent sentence starter ("the", "but", "says").
    #[inline]
    pub fn is_stop(&self, key: &str) -> bool {
        self.stop.contains(key)
    }

    /// A month or weekday ("oct", "tuesday").
    #[inline]
    pub fn is_calendar(&self, key: &str) -> bool {
        WEEKDAYS.contains(&key) || crate::calendar::english_month(key).is_some()
    }

    /// A known first name ("donald", "lee").
    #[inline]
    pub fn is_first_name(&self, key: &str) -> bool {
        self.first_names.contains(key)
    }

    /// A first name that is also a country or a large place ("jordan", "sydney", "vladimir"),
    /// which [`Lexicon::is_first_name`] leaves out.
    #[inline]
    pub fn is_place_first_name(&self, key: &str) -> bool {
        self.place_first_names.contains(key)
    }

    /// A family name written first ("xi", "kim").
    #[inline]
    pub fn is_family_name(&self, key: &str) -> bool {
        self.family_names.contains(key)
    }

    /// `Some(true)` for a legal designator ("inc", "corp"), `Some(false)` for another
    /// organisation keyword ("bank", "ministry"), `None` otherwise.
    #[inline]
    pub fn org_keyword(&self, key: &str) -> Option<bool> {
        self.org_keywords.get(key).copied()
    }

    /// A verb of saying ("said", "told").
    #[inline]
    pub fn is_speech_verb(&self, key: &str) -> bool {
        SPEECH_VERBS.contains(&key)
    }

    /// A lowercase particle inside personal names ("von", "bin").
    #[inline]
    pub fn is_particle(&self, key: &str) -> bool {
        NAME_PARTICLES.contains(&key)
    }

    /// A preposition that makes a weak place name trustworthy ("in Nice").
    #[inline]
    pub fn is_locative(&self, key: &str) -> bool {
        LOCATIVES.contains(&key)
    }

    /// A word after which "of"/"for" continue a name.
    #[inline]
    pub fn is_of_head(&self, key: &str) -> bool {
        OF_HEADS.contains(&key) || self.org_keywords.contains_key(key) || self.titles.get(key).is_some()
    }

    /// A last word that makes a name a place or a thing rather than a person.
    #[inline]
    pub fn is_not_person_tail(&self, key: &str) -> bool {
        NOT_PERSON_TAILS.contains(&key) || self.org_keywords.contains_key(key)
    }

    /// A name whose last word makes it a building's or a site's ("Kennedy Space *Center*"),
    /// by its words' keys; a centre that studies or advises is no building ("Pew Research
    /// Center").
    pub fn has_facility_tail(&self, keys: &[&str]) -> bool {
        match keys.last() {
            Some(&("center" | "centre")) => !keys.iter().any(|k| CENTRE_BODY_WORDS.contains(k)),
            Some(last) => FACILITY_TAILS.contains(last),
            None => false,
        }
    }

    /// A first word that makes a name a building's or a site's before "of" ("*Museum* of
    /// Flight").
    pub fn is_facility_head(&self, key: &str) -> bool {
        FACILITY_HEADS.contains(&key)
    }

    /// A word of geography or of a site's name ("bay", "southern", "stadium").
    pub fn is_place_word(&self, key: &str) -> bool {
        GEO_WORDS.contains(&key) || FACILITY_TAILS.contains(&key)
    }

    /// The canonical name of well-known organisation `idx`.
    #[inline]
    pub fn org_name(&self, idx: u32) -> &str {
        &self.org_names[idx as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled first names are exactly the keys the tokeniser makes of the list's lines.
    #[test]
    fn compiled_first_names_are_the_phrase_keys_of_the_list() {
        use std::io::Read;
        let gz = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/first_names.txt.gz")).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).unwrap();
        let lex = Lexicon::embedded();
        let keys: FastSet<String> = lines(&text).map(|l| phrase_key(l.trim())).collect();
        for key in &keys {
            assert_eq!(key.to_ascii_lowercase(), *key);
            assert!(lex.is_first_name(key), "{key}");
        }
        assert_eq!(lex.first_names.len(), keys.len());
        assert!(!lex.is_first_name("") && !lex.is_first_name("james jones"));
    }

    #[test]
    fn lists_load() {
        let lex = Lexicon::embedded();
        assert!(lex.is_stop("the"));
        assert!(lex.is_first_name("donald"));
        assert!(lex.is_first_name("lee"));
        assert!(!lex.is_first_name("will"), "ordinary words are not first names");
        assert!(!lex.is_first_name("china"), "country names are not first names");
        assert!(lex.is_family_name("xi"));
        assert_eq!(lex.org_keyword("inc"), Some(true));
        assert_eq!(lex.org_keyword("bank"), Some(false));
        assert!(lex.titles.get("prime minister").is_some());
        assert!(lex.titles.get("king").unwrap().surname_like);
        let un = *lex.orgs.get("un").unwrap();
        assert_eq!(lex.org_name(un), "United Nations");
        let fed = *lex.orgs.get("fed").unwrap();
        assert_eq!(lex.org_name(fed), "Federal Reserve");
    }
}
