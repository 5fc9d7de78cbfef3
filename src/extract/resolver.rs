//! [`resolve`]: the article-level pass (OrthoMatcher style) that turns typed candidates into
//! entities with canonical names.
//!
//! * **Places** take the gazetteer's default reading unless the article says otherwise: a
//!   qualifier ("San Jose, Calif."), "state of Georgia", or other places in the article (a
//!   region or country already mentioned, or containing a mentioned city: "Georgia" near
//!   "Atlanta" is the state).
//! * **People**: full names (two words or more) that are word subsequences of a longer full
//!   name merge into it ("Donald Trump" into "Donald J. Trump"). A short mention ("Trump",
//!   "Mr. Trump", "Xi") takes the full name whose words contain it, looking first at the names
//!   mentioned before it, then at those after it (a headline before the story).
//! * **Ambiguous short names**: when two different full names contain it ("Lee" with "Lee
//!   Jae-myung" and "Lee Min-ji" both mentioned before it), the mention keeps its own surface
//!   form as canonical name and is *not counted* as a person of the article: it is neither of
//!   them for sure, and listing a phantom "Lee" would be wrong too. The full names are never
//!   merged with each other.
//! * **Organisations**: listed ones take the list's name; others their own name without a
//!   legal designator. A later unknown word that starts an organisation's name ("Goldman") or an
//!   acronym defined in the article ("the OECD") names that organisation.
//! * A place or listed organisation that is a word of a person's full name becomes that person
//!   when there is evidence ("Jordan said" after "Michael Jordan").

use super::gazetteer::{Gazetteer, NO_PLACE};
use super::hash::{FastMap, FastSet};
use super::lexicon::Lexicon;
use super::recognizer::{
    FIRST_NAME, HIDDEN, LISTED, NESTED, NONE, Part, Raw, RawKind, SPEECH, STATE_CONTEXT, TAGGED, TITLED,
};
use super::token::{ABBR, CAP, PAR_START, POSSESSIVE, SENT_START, Tokens};
use crate::model::{EntityKind, PlaceKind};

/// Towns at least this large keep their reading when named like a first name, used as a
/// person's name or rejected by the tagger, whatever the story ("Charlotte", "Orlando",
/// "Florence"; see `far_small_town` in [`resolve`]).
const FAR_TOWN_MAX: u64 = 250_000;

/// Prepositions before a place that no person takes ("in Paris", "near Jordan").
const IN_A_PLACE: &[&str] = &["in", "near", "outside", "across", "around", "via"];

/// Prepositions of place, for a name the gazetteer does not know.
const PLACE_PREPOSITIONS: &[&str] =
    &["in", "at", "from", "near", "into", "across", "around", "outside", "inside", "through", "via", "on"];

/// One resolved mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// Title or body.
    pub part: Part,
    /// Byte range in its text.
    pub span: (usize, usize),
    /// Token range in its text.
    pub toks: (usize, usize),
    /// What it names.
    pub kind: EntityKind,
    /// The canonical name (for places, the gazetteer name).
    pub canonical: String,
    /// For places: the place number.
    pub place: u32,
    /// Whether it counts towards the article's people and organisations (false for an
    /// ambiguous short name).
    pub counted: bool,
    /// Index of the raw mention it comes from.
    pub raw: usize,
    /// A candidate the tagger rejected: it informs the article's places but is no mention.
    pub hidden: bool,
}

/// The two tokenised texts of an article.
pub(crate) struct Texts<'a> {
    /// Title text and tokens.
    pub title: (&'a str, &'a Tokens),
    /// Body text and tokens.
    pub body: (&'a str, &'a Tokens),
}

impl<'a> Texts<'a> {
    pub(crate) fn of(&self, part: Part) -> (&'a str, &'a Tokens) {
        match part {
            Part::Title => self.title,
            Part::Body => self.body,
        }
    }

    fn surface(&self, r: &Raw, end_tok: usize) -> &'a str {
        let (text, toks) = self.of(r.part);
        if r.toks.0 >= r.toks.1 {
            return &text[r.span.0..r.span.1];
        }
        let end = toks.toks[end_tok.max(r.toks.0 + 1) - 1].end;
        &text[r.span.0..end]
    }

    /// The words of a mention that identify it: keys without particles, connectors and the
    /// possessive, "al-" prefixes dropped ("al-Assad" ~ "Assad").
    fn keys(&self, r: &Raw, end_tok: usize) -> Vec<&'a str> {
        let (_, toks) = self.of(r.part);
        let mut out = Vec::with_capacity(end_tok.saturating_sub(r.toks.0));
        for k in r.toks.0..end_tok.min(toks.len()) {
            if !toks.toks[k].is_word() {
                continue;
            }
            let key = toks.norm(k);
            if matches!(key, "'s" | "&" | "and" | "of" | "for" | "the" | "on") || is_particle(key) {
                continue;
            }
            let key = key.strip_prefix("al-").or_else(|| key.strip_prefix("el-")).unwrap_or(key);
            out.push(key);
        }
        out
    }
}

fn is_particle(key: &str) -> bool {
    matches!(
        key,
        "de" | "du"
            | "da"
            | "das"
            | "dos"
            | "do"
            | "del"
            | "della"
            | "der"
            | "den"
            | "van"
            | "von"
            | "bin"
            | "ibn"
            | "bint"
            | "al"
            | "el"
            | "la"
            | "le"
            | "di"
            | "y"
            | "ter"
            | "zu"
            | "ul"
    )
}

/// Whether the raw candidate `r` opens a sentence, where a capital says nothing of a name.
fn opens_sentence(texts: &Texts<'_>, r: &Raw) -> bool {
    let toks = texts.of(r.part).1;
    toks.toks.get(r.toks.0).is_some_and(|t| t.has(SENT_START))
}

/// Whether a verb of saying follows the mention ("the Kennedy Space Center said").
fn speaks(lex: &Lexicon, texts: &Texts<'_>, r: &Raw) -> bool {
    let toks = texts.of(r.part).1;
    toks.toks.get(r.toks.1).is_some_and(|t| t.is_word()) && lex.is_speech_verb(toks.norm(r.toks.1))
}

/// Whether a preposition of place stands before the mention, perhaps with "the" between ("at
/// the World Cup", "in Kabul").
fn after_place_preposition(texts: &Texts<'_>, r: &Raw) -> bool {
    let toks = texts.of(r.part).1;
    let mut before = r.toks.0.checked_sub(1);
    if before.is_some_and(|b| toks.is_norm(b, "the")) {
        before = before.and_then(|b| b.checked_sub(1));
    }
    before.is_some_and(|b| PLACE_PREPOSITIONS.iter().any(|w| toks.is_norm(b, w)))
}

/// Whether the mention is a wire's ticker, alone between angle brackets ("<BOR>").
fn is_ticker(texts: &Texts<'_>, r: &Raw) -> bool {
    let toks = texts.of(r.part).1;
    r.toks.0 > 0 && toks.is_punct(r.toks.0 - 1, '<') && toks.is_punct(r.toks.1, '>')
}

/// Whether the mention is written in capitals ("ABA").
fn is_upper(texts: &Texts<'_>, r: &Raw) -> bool {
    let (_, toks) = texts.of(r.part);
    r.toks.0 < r.toks.1 && toks.toks[r.toks.0].has(super::token::UPPER)
}

/// A name as written, with any run of whitespace (a line break inside it) made one space.
fn clean(surface: &str) -> String {
    if surface.bytes().all(|b| b != b'\n' && b != b'\r' && b != b'\t') && !surface.contains("  ") {
        return surface.to_string();
    }
    surface.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reading of a place name that needs no context: the only one, a country that no region
/// shares its name with ("Jordan", not "Georgia"), or a city far larger than its namesakes.
fn confident(gaz: &Gazetteer, cands: &[u32]) -> Option<u32> {
    let (&top, rest) = cands.split_first()?;
    let Some(&second) = rest.first() else { return Some(top) };
    let (t, s) = (gaz.rec(top), gaz.rec(second));
    let sure = match t.kind {
        PlaceKind::Country => s.kind != PlaceKind::Region,
        _ => s.kind != PlaceKind::Country && t.population >= s.population.saturating_mul(20),
    };
    sure.then_some(top)
}

/// Whether `short` is a subsequence of `long`.
fn subsequence(short: &[&str], long: &[&str]) -> bool {
    let mut it = long.iter();
    short.iter().all(|s| it.any(|l| l == s))
}

/// A person known by a full name.
struct Person<'a> {
    keys: Vec<&'a str>,
    canonical: String,
    /// Index (in the raw list) of the first full mention of this person.
    first: usize,
}

/// An organisation named in the article.
struct Org<'a> {
    keys: Vec<&'a str>,
    canonical: String,
}

/// Organisation keywords that name one body on their own, in the country or the paper of the
/// story ("Parliament", "the Navy", "the Times"): neither read as another organisation with
/// that head nor dropped from the lists.
const STANDS_ALONE: &[&str] = &[
    "army",
    "cabinet",
    "congress",
    "gazette",
    "herald",
    "journal",
    "navy",
    "parliament",
    "police",
    "post",
    "senate",
    "times",
];

enum Match {
    None,
    One(usize),
    Many,
}

/// Resolves `raws` (title mentions first, then body mentions, each in text order).
/// `dateline_place` is the place of the dateline, which informs other places.
pub(crate) fn resolve(
    lex: &Lexicon,
    gaz: &Gazetteer,
    texts: &Texts<'_>,
    raws: &[Raw],
    dateline_place: Option<u32>,
) -> Vec<Resolved> {
    let keys: Vec<Vec<&str>> = raws.iter().map(|r| texts.keys(r, r.toks.1)).collect();
    // A word written lowercase somewhere in the body (or a stop word) is an ordinary word when
    // only the tagger reads a name in it alone. Asked rarely, so the body is scanned on demand.
    let ordinary = |key: &str| {
        let toks = texts.body.1;
        lex.is_stop(key)
            || (0..toks.len())
                .any(|k| toks.toks[k].is_word() && !toks.toks[k].has(CAP) && toks.norm(k) == key)
    };

    // A "person" without a title whose words start an organisation's name named anywhere in the
    // article is that organisation ("National Westminster said" with "National Westminster Bank
    // Plc"); when a first name made it a person, only the organisation's exact name counts
    // ("Nova Cellular" and "Nova Cellular Co", but "Donald Trump" beside "Donald Trump
    // Foundation" stays a person).
    // A firm written with its legal designator ("Morgan Guaranty Trust Co of New York") takes
    // the short forms of its name that start with a first name too ("Morgan Guaranty said").
    let org_keys: Vec<(Vec<&str>, bool)> = raws
        .iter()
        .filter(|r| r.kind == RawKind::Org)
        .map(|r| {
            let toks = texts.of(r.part).1;
            let designated =
                (r.toks.0..r.toks.1.min(toks.len())).any(|k| lex.org_keyword(toks.norm(k)) == Some(true));
            (texts.keys(r, r.name_end), designated)
        })
        .collect();
    let org_short_form = |i: usize| -> Option<usize> {
        let r = &raws[i];
        if r.kind != RawKind::Person || r.flags & TITLED != 0 || keys[i].is_empty() {
            return None;
        }
        let first_name = r.flags & FIRST_NAME != 0;
        org_keys.iter().position(|(o, designated)| {
            if first_name && !designated {
                *o == keys[i]
            } else {
                o.len() >= keys[i].len() && o.starts_with(&keys[i])
            }
        })
    };
    let person_org: Vec<Option<usize>> = (0..raws.len()).map(org_short_form).collect();

    // People known by full names, longest first so shorter full names merge into them.
    let mut full: Vec<usize> = (0..raws.len())
        .filter(|&i| raws[i].kind == RawKind::Person && keys[i].len() >= 2 && person_org[i].is_none())
        .collect();
    full.sort_by_key(|&i| (std::cmp::Reverse(keys[i].len()), i));
    let mut people: Vec<Person<'_>> = Vec::new();
    let mut person_of: FastMap<usize, usize> = FastMap::default();
    for &i in &full {
        let containing: Vec<usize> =
            (0..people.len()).filter(|&p| subsequence(&keys[i], &people[p].keys)).collect();
        let p = match containing.as_slice() {
            [p] => *p,
            _ if containing.iter().any(|&p| people[p].keys == keys[i]) => {
                *containing.iter().find(|&&p| people[p].keys == keys[i]).expect("checked")
            }
            _ => {
                people.push(Person {
                    keys: keys[i].clone(),
                    canonical: clean(texts.surface(&raws[i], raws[i].toks.1)),
                    first: i,
                });
                people.len() - 1
            }
        };
        people[p].first = people[p].first.min(i);
        person_of.insert(i, p);
    }
    let person_match = |ks: &[&str], at: usize| -> Match {
        if ks.is_empty() {
            return Match::None;
        }
        let all: Vec<usize> = (0..people.len()).filter(|&p| subsequence(ks, &people[p].keys)).collect();
        let before: Vec<usize> = all.iter().copied().filter(|&p| people[p].first < at).collect();
        let pick = if before.is_empty() { &all } else { &before };
        match pick.as_slice() {
            [] => Match::None,
            [p] => Match::One(*p),
            _ => Match::Many,
        }
    };

    // The countries of the places named without ambiguity, with the name that says so, for
    // the first-name rule below ("Gloria" is no town of Brazil in a story set in Australia).
    let mut named_countries: Vec<(&str, u32)> = Vec::new();
    // Places mentioned without ambiguity, and the places containing them.
    let mut ctx_ids: FastSet<u32> = FastSet::default();
    let mut ctx_up: FastSet<u32> = FastSet::default();
    let mut add_ctx = |id: u32| {
        ctx_ids.insert(id);
        let p = gaz.rec(id);
        for up in [p.region, p.country] {
            if up != NO_PLACE && up != id {
                ctx_up.insert(up);
            }
        }
    };
    let country_of = |id: u32| match gaz.rec(id) {
        p if p.kind == PlaceKind::Country => id,
        p => p.country,
    };
    if let Some(id) = dateline_place {
        add_ctx(id);
        named_countries.push(("", country_of(id)));
    }
    // A place inside an organisation's name says where the organisation is, not where the
    // story is: it does not choose between the readings of the article's other places.
    for (i, r) in raws.iter().enumerate().filter(|(_, r)| r.kind == RawKind::Place && r.flags & NESTED == 0) {
        let id = if r.fixed != NO_PLACE {
            r.fixed
        } else if let Some(e) = &r.names
            && let Some(id) = confident(gaz, gaz.candidates(e))
        {
            id
        } else {
            continue;
        };
        add_ctx(id);
        named_countries.push((keys[i].first().copied().unwrap_or(""), country_of(id)));
    }
    // Whether a place other than the one named `key` puts the story in `country`.
    let country_named_besides = |key: &str, country: u32| {
        country != NO_PLACE && named_countries.iter().any(|&(k, c)| c == country && k != key)
    };
    // Whether the story uses the one-word place name `key` as a person's somewhere: with a verb
    // of saying, or its possessive before a lowercase word ("Obama's national security adviser").
    let used_as_a_person = |key: &str| {
        raws.iter().zip(&keys).any(|(q, k)| {
            let toks = texts.of(q.part).1;
            q.kind == RawKind::Place
                && k.len() == 1
                && k[0] == key
                && (q.flags & SPEECH != 0
                    || (toks.toks.get(q.toks.1).is_some_and(|t| t.has(POSSESSIVE))
                        && toks.toks.get(q.toks.1 + 1).is_some_and(|t| t.is_word() && !t.has(CAP))))
        })
    };
    // Whether a name the gazetteer does not know is somewhere where only places are: after a
    // preposition of place, perhaps with "the" between ("at the World Cup", "in the Midwest"),
    // and not describing a noun after it ("in Scientology jargon", "in the Apollo program").
    let located_somewhere = |ks: &[&str]| {
        raws.iter().zip(&keys).any(|(q, k)| {
            let toks = texts.of(q.part).1;
            let describes = || {
                toks.toks
                    .get(q.toks.1)
                    .is_some_and(|t| t.is_word() && !t.has(CAP) && !lex.is_stop(toks.norm(q.toks.1)))
            };
            k.as_slice() == ks && after_place_preposition(texts, q) && !describes()
        })
    };
    let choose_place = |r: &Raw| -> u32 {
        if r.fixed != NO_PLACE {
            return r.fixed;
        }
        let Some(e) = &r.names else { return NO_PLACE };
        let cands = gaz.candidates(e);
        let Some(&top) = cands.first() else { return NO_PLACE };
        if cands.len() == 1 {
            return top;
        }
        let top_rec = gaz.rec(top);
        let score = |c: u32| -> u8 {
            let p = gaz.rec(c);
            if r.flags & STATE_CONTEXT != 0 && p.kind == PlaceKind::Region {
                return 3;
            }
            if ctx_up.contains(&c)
                || ctx_ids.contains(&c)
                || (p.region != NO_PLACE && ctx_ids.contains(&p.region))
            {
                return 2;
            }
            if top_rec.kind != PlaceKind::Country
                && p.country != NO_PLACE
                && (ctx_ids.contains(&p.country) || ctx_up.contains(&p.country))
                && p.population.saturating_mul(10) >= top_rec.population
            {
                return 1;
            }
            0
        };
        let mut best = top;
        let mut best_score = score(top);
        for &c in &cands[1..] {
            let s = score(c);
            if s > best_score {
                best = c;
                best_score = s;
            }
        }
        best
    };

    // Organisations named in full, and acronyms defined in the article.
    let mut orgs: Vec<Org<'_>> = Vec::new();
    let mut acronyms: FastMap<&str, (EntityKind, String, u32)> = FastMap::default();

    let mut out: Vec<Resolved> = Vec::with_capacity(raws.len());
    let mut canonical_of: Vec<Option<(EntityKind, String, u32)>> = vec![None; raws.len()];
    for (i, r) in raws.iter().enumerate() {
        let ks = &keys[i];
        let single = ks.len() == 1;
        let evidence = r.flags & (SPEECH | TITLED) != 0;
        let mut counted = true;
        let resolved: Option<(EntityKind, String, u32)> = match r.kind {
            RawKind::Place
                if single && r.acronym_of == NONE && acronyms.contains_key(ks[0]) && is_upper(texts, r) =>
            {
                // "ABA" after "American Bankers Association (ABA)", not Aba in Nigeria.
                acronyms.get(ks[0]).cloned()
            }
            // A ticker no firm's name leads names no place ("Borg-Warner Corp's <BOR>": no Bor
            // in Serbia).
            RawKind::Place if r.acronym_of == NONE && is_ticker(texts, r) => None,
            // A building or site named for what it is ("Johnson Space Center", "Museum of
            // Flight") is a place the gazetteer does not list, whoever runs it; but not one
            // that speaks ("the National Hurricane Center said"; "officials at the World Trade
            // Center said" do), a listed body, or a first name and a surname ("Grace Park").
            RawKind::Org | RawKind::Person | RawKind::Unknown
                if r.flags & (LISTED | TITLED | SPEECH) == 0
                    && r.acronym_of == NONE
                    && ks.len() >= 2
                    && !(r.kind == RawKind::Person && r.flags & FIRST_NAME != 0 && ks.len() == 2)
                    && (lex.has_facility_tail(ks)
                        || (lex.is_facility_head(ks[0])
                            && texts.of(r.part).1.is_norm(r.toks.0 + 1, "of")))
                    && (!speaks(lex, texts, r) || after_place_preposition(texts, r)) =>
            {
                Some((EntityKind::Place, clean(texts.surface(r, r.toks.1)), NO_PLACE))
            }
            RawKind::Place => {
                let id = choose_place(r);
                // A place inside an organisation's name stays a place ("Washington Post"), and
                // so does one its country qualifies ("Paris, France") or a preposition that
                // only places take leads ("lives in Paris"), whoever else the article names so.
                // Not "of", "to", "from": "a letter from Murphy", "the views of Davis"; nor
                // before a possessive ("outside Nagano's home") or another capitalised word
                // but a weekday or month ("in Davis Cup history", "in Munich Re").
                let toks = texts.of(r.part).1;
                let next = toks.toks.get(r.toks.1);
                let name_goes_on = next.is_some_and(|t| t.has(CAP) && !lex.is_calendar(toks.norm(r.toks.1)));
                let followed = name_goes_on || next.is_some_and(|t| t.has(POSSESSIVE));
                let after = |word: &str| r.toks.0.checked_sub(1).is_some_and(|k| toks.is_norm(k, word));
                let located = r.fixed != NO_PLACE || (!followed && IN_A_PLACE.iter().any(|w| after(w)));
                // A town of fewer than `FAR_TOWN_MAX` people in a country nothing else in the
                // story is in, neither located ("in", "at", a qualifier) nor the start of a
                // longer name ("Venice Film Festival"), is no place when it is named like a
                // first name, when the story uses it as a person's name ("Obama's adviser" is
                // not Obama in Japan), or when the tagger rejected it ("the Beaufort scale" is
                // no Beaufort in Malaysia): "their child, Gloria" in a story from Sydney is not
                // Glória in Brazil, nor "Charlotte's Web" a town. Nor is it made a person here:
                // "Farah said", "Sina said" are firms as often.
                let far_small_town = single
                    && r.flags & NESTED == 0
                    && !located
                    && !after("at")
                    && !name_goes_on
                    && id != NO_PLACE
                    && !is_upper(texts, r)
                    && {
                        let p = gaz.rec(id);
                        p.kind == PlaceKind::City
                            && p.population < FAR_TOWN_MAX
                            && !country_named_besides(ks[0], p.country)
                    }
                    && (r.flags & HIDDEN != 0 || lex.is_first_name(ks[0]) || used_as_a_person(ks[0]));
                let as_person = if single && r.flags & NESTED == 0 && !located {
                    match person_match(ks, i) {
                        Match::One(p)
                            if evidence || (id != NO_PLACE && gaz.rec(id).kind != PlaceKind::Country) =>
                        {
                            Some(people[p].canonical.clone())
                        }
                        _ => None,
                    }
                } else {
                    None
                };
                match as_person {
                    Some(name) => Some((EntityKind::Person, name, NO_PLACE)),
                    None if far_small_town => None,
                    None if id != NO_PLACE => Some((EntityKind::Place, gaz.rec(id).name.to_string(), id)),
                    // A place the tagger found that the gazetteer does not know: a mention
                    // under its own name, in no place list.
                    // A single word written lowercase elsewhere in the story ("free",
                    // "security") is an ordinary word, not a place the gazetteer lacks; so is
                    // one news at large writes in lowercase, opening a sentence ("Curators said").
                    // Nor is a name with no word of geography that the story never puts after
                    // a preposition of place: works, craft and products the tagger reads as
                    // places ("Stardust", "Firefox", "the Hajj").
                    None if r.flags & TAGGED != 0
                        && (ks.iter().any(|k| lex.is_place_word(k)) || located_somewhere(ks))
                        && !(single
                            && (ordinary(ks[0])
                                || (super::tagger::common_in_lowercase(ks[0])
                                    && opens_sentence(texts, r)))) =>
                    {
                        Some((EntityKind::Place, clean(texts.surface(r, r.toks.1)), NO_PLACE))
                    }
                    None => None,
                }
            }
            RawKind::Org => {
                let listed = r.flags & LISTED != 0;
                // One word of a listed firm's name or one the tagger calls an organisation is
                // the person the story names so in full ("McDonnell" after "Bob McDonnell").
                let person = if (listed || r.flags & TAGGED != 0) && single {
                    match person_match(ks, i) {
                        Match::One(p) => Some(people[p].canonical.clone()),
                        _ => None,
                    }
                } else {
                    None
                };
                // A name the tagger called an organisation may be a short form of one named in
                // the article ("KEMA", "Goldman"), as an unknown word would be.
                let short_form = if r.flags & (TAGGED | LISTED) == TAGGED && r.acronym_of == NONE {
                    if single { acronyms.get(ks[0]).cloned() } else { None }.or_else(|| {
                        orgs.iter()
                            .find(|o| o.keys.len() > ks.len() && o.keys.starts_with(ks))
                            .map(|o| (EntityKind::Organization, o.canonical.clone(), NO_PLACE))
                    })
                } else {
                    None
                };
                // A keyword alone ("the Commission", "the Fund", "the Bank") is the one
                // organisation named before with that head: "European Commission", "International
                // Monetary Fund", "Bank of England". With none or several, it stays a mention but
                // no name to list. A keyword that names one body on its own (`STANDS_ALONE`) is
                // left as it is: "the Times" after "the Financial Times" is another paper.
                let head = (single
                    && !listed
                    && r.acronym_of == NONE
                    && lex.org_keyword(ks[0]) == Some(false)
                    && !STANDS_ALONE.contains(&ks[0]))
                .then(|| {
                    let mut named = orgs.iter().filter(|o| {
                        o.keys.len() > 1
                            && (o.keys.last() == Some(&ks[0])
                                || (o.keys[0] == ks[0] && o.keys.contains(&"of")))
                    });
                    match (named.next(), named.next()) {
                        (Some(o), None) => Some(o.canonical.clone()),
                        _ => None,
                    }
                });
                if let Some(name) = person {
                    Some((EntityKind::Person, name, NO_PLACE))
                } else if short_form.is_some() {
                    short_form
                } else if let Some(full) = head {
                    counted = full.is_some();
                    Some((
                        EntityKind::Organization,
                        full.unwrap_or_else(|| org_canonical(lex, texts, r)),
                        NO_PLACE,
                    ))
                } else if r.acronym_of != NONE {
                    canonical_of[r.acronym_of].clone()
                } else {
                    let canonical = org_canonical(lex, texts, r);
                    let org_keys = texts.keys(r, r.name_end);
                    if !orgs.iter().any(|o| o.canonical == canonical) {
                        orgs.push(Org { keys: org_keys, canonical: canonical.clone() });
                    }
                    Some((EntityKind::Organization, canonical, NO_PLACE))
                }
            }
            RawKind::Person => {
                if let Some(o) = person_org[i] {
                    let org_raw = raws.iter().filter(|r| r.kind == RawKind::Org).nth(o).expect("org index");
                    Some((EntityKind::Organization, org_canonical(lex, texts, org_raw), NO_PLACE))
                } else if let Some(&p) = person_of.get(&i) {
                    Some((EntityKind::Person, people[p].canonical.clone(), NO_PLACE))
                } else {
                    match person_match(ks, i) {
                        Match::One(p) => Some((EntityKind::Person, people[p].canonical.clone(), NO_PLACE)),
                        Match::Many => {
                            counted = false;
                            Some((EntityKind::Person, clean(texts.surface(r, r.toks.1)), NO_PLACE))
                        }
                        // Likewise a lone word only the tagger calls a person, with no title,
                        // speech verb or first name, and no full name it is short for, when
                        // the story or news at large writes it in lowercase ("Election",
                        // "League"; a title alone, "President", stays a mention of someone).
                        Match::None
                            if single
                                && r.flags & TAGGED != 0
                                && r.flags & (TITLED | SPEECH | FIRST_NAME) == 0
                                && (ordinary(ks[0])
                                    || (super::tagger::common_in_lowercase(ks[0])
                                        && !lex.is_first_name(ks[0])
                                        && lex.titles.get(ks[0]).is_none())) =>
                        {
                            None
                        }
                        Match::None => {
                            Some((EntityKind::Person, clean(texts.surface(r, r.toks.1)), NO_PLACE))
                        }
                    }
                }
            }
            RawKind::Unknown => match person_match(ks, i) {
                Match::One(p) => Some((EntityKind::Person, people[p].canonical.clone(), NO_PLACE)),
                Match::Many => {
                    counted = false;
                    Some((EntityKind::Person, clean(texts.surface(r, r.toks.1)), NO_PLACE))
                }
                Match::None => {
                    let acronym = if single { acronyms.get(ks[0]).cloned() } else { None };
                    acronym
                        .or_else(|| {
                            let first_is_keyword = ks.first().is_some_and(|k| lex.org_keyword(k).is_some());
                            (!first_is_keyword)
                                .then(|| {
                                    orgs.iter().find(|o| o.keys.len() > ks.len() && o.keys.starts_with(ks))
                                })
                                .flatten()
                                .map(|o| (EntityKind::Organization, o.canonical.clone(), NO_PLACE))
                        })
                        .or_else(|| {
                            // A bare acronym in running text ("OAPEC", "UNCTAD"): an organisation,
                            // unless it is a common term ("GDP").
                            // Not a wire's ticker no firm's name leads ("<MER>"): a code,
                            // not a name.
                            let surface = clean(texts.surface(r, r.toks.1));
                            (single
                                && r.part == Part::Body
                                && !is_ticker(texts, r)
                                && is_org_acronym(&surface))
                            .then_some((EntityKind::Organization, surface, NO_PLACE))
                        })
                }
            },
        };
        let Some((kind, canonical, place)) = resolved else { continue };
        let hidden = r.flags & HIDDEN != 0;
        if hidden {
            counted = false;
        }
        canonical_of[i] = Some((kind, canonical.clone(), place));
        if r.acronym_of != NONE && single {
            acronyms.insert(ks[0], (kind, canonical.clone(), place));
        }
        // A name split over adjacent tokens (a headline read word by word) is one mention,
        // but not across a paragraph ("Noam Chomsky" as a heading, then as the first words)
        // nor after a designator's period ("... Kidder, Peabody and Co. Kidder said").
        let part_toks = texts.of(r.part).1;
        if let Some(prev) = out.last_mut()
            && prev.part == r.part
            && prev.toks.1 == r.toks.0
            && !part_toks.toks.get(r.toks.0).is_some_and(|t| t.has(PAR_START))
            && !prev.toks.1.checked_sub(1).is_some_and(|last| {
                part_toks.toks.get(last).is_some_and(|t| t.has(ABBR))
                    && lex.org_keyword(part_toks.norm(last)) == Some(true)
            })
            && prev.kind == kind
            && prev.canonical == canonical
            && prev.hidden == hidden
        {
            prev.toks.1 = r.toks.1;
            prev.span.1 = r.span.1;
            continue;
        }
        out.push(Resolved {
            part: r.part,
            span: r.span,
            toks: r.toks,
            kind,
            canonical,
            place,
            counted,
            raw: i,
            hidden,
        });
    }
    out
}

/// The canonical name of an organisation mention: the list's name for a well-known one, else
/// the name as written without a legal designator, and without the comma between partners'
/// names ("Kidder, Peabody and Co" is Kidder Peabody, as news also writes it).
fn org_canonical(lex: &Lexicon, texts: &Texts<'_>, r: &Raw) -> String {
    if r.flags & LISTED != 0 {
        return lex.org_name(r.org).to_string();
    }
    let name = clean(texts.surface(r, r.name_end));
    if name.contains(", ") { name.replace(", ", " ") } else { name }
}

/// Acronyms that are terms, units or programmes rather than organisations, and the sign-off of
/// Reuters' wire copy ("REUTER", run into the last line), which names no one.
const TERM_ACRONYMS: &[&str] = &[
    "AI", "AIDS", "AM", "ATM", "BC", "CCTV", "CD", "CEO", "CFO", "CIF", "COO", "CPU", "DNA", "DVD", "ECU",
    "EDT", "EEP", "EPS", "EST", "FAQ", "FOB", "GDP", "GMT", "GNP", "GPS", "HD", "HIV", "ICU", "ID", "IPO",
    "IQ", "IT", "LCD", "LED", "LIBOR", "MP", "MRI", "NOTE", "OK", "OTC", "PC", "PDF", "PM", "PSBR", "PST",
    "REUTER", "SDR", "SMS", "SUV", "TV", "UFO", "URL", "USB", "USD", "VAT", "VIP", "VR", "WWII", "II", "III",
    "IV", "VI",
];

/// Whether `word` (in any case) is one of the [`TERM_ACRONYMS`].
pub(crate) fn is_term_acronym(word: &str) -> bool {
    TERM_ACRONYMS.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// A bare all-capitals word of two to seven letters that is not a common term.
fn is_org_acronym(word: &str) -> bool {
    (2..=7).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase()) && !is_term_acronym(word)
}

#[cfg(test)]
mod tests {
    use super::super::Extractor;
    use super::super::recognizer::body_candidates;
    use super::*;

    /// `text` resolved after marking the one-word raws at the words `tagged` (counted from 0)
    /// as the tagger's names of `kind`, without other evidence: (surface, kind) of each mention.
    fn resolved_with(text: &str, tagged: &[usize], kind: RawKind) -> Vec<(String, EntityKind)> {
        let ex = Extractor::global();
        let (lex, gaz) = (&ex.lexicon, &ex.gazetteer);
        let (toks, words, mut raws) = body_candidates(text);
        raws.retain(|r| !tagged.iter().any(|&w| r.toks.0 <= words[w] && words[w] < r.toks.1));
        for &w in tagged {
            let t = &toks.toks[words[w]];
            raws.push(Raw {
                part: Part::Body,
                toks: (words[w], words[w] + 1),
                span: (t.start, t.end),
                kind,
                flags: TAGGED,
                names: None,
                fixed: NO_PLACE,
                org: u32::MAX,
                name_end: words[w] + 1,
                acronym_of: NONE,
            });
        }
        raws.sort_by_key(|r| r.toks);
        let empty = Tokens::new();
        let texts = Texts { title: ("", &empty), body: (text, &toks) };
        resolve(lex, gaz, &texts, &raws, None)
            .iter()
            .filter(|m| !m.hidden)
            .map(|m| (text[m.span.0..m.span.1].to_string(), m.kind))
            .collect()
    }

    #[test]
    fn a_far_small_town_the_tagger_rejected_informs_no_place() {
        let ex = Extractor::global();
        let (lex, gaz) = (&ex.lexicon, &ex.gazetteer);
        // "Beaufort" (a town of Malaysia) is the admiral's scale; the story is in the UK.
        let text = "The Beaufort scale measures wind, forecasters in the UK say.";
        let (toks, _, mut raws) = body_candidates(text);
        let beaufort = |r: &Raw| r.kind == RawKind::Place && &text[r.span.0..r.span.1] == "Beaufort";
        assert!(raws.iter().any(beaufort), "the rules read a place there");
        let empty = Tokens::new();
        let texts = Texts { title: ("", &empty), body: (text, &toks) };
        let places = |raws: &[Raw]| -> Vec<String> {
            resolve(lex, gaz, &texts, raws, None)
                .iter()
                .filter(|m| m.place != NO_PLACE)
                .map(|m| gaz.rec(m.place).name.to_string())
                .collect()
        };
        assert!(places(&raws).contains(&"Beaufort".to_string()), "read as the rules have it");
        for r in raws.iter_mut().filter(|r| beaufort(r)) {
            r.flags |= HIDDEN;
        }
        assert_eq!(places(&raws), ["United Kingdom"], "rejected by the tagger");
    }

    #[test]
    fn a_lone_tagged_word_written_lowercase_elsewhere_is_no_name() {
        // "Security" (word 0) is written lowercase later; "Karlstad" (word 9) is not.
        let text = "Security at Karlstad was tight; security staff met at Karlstad.";
        let places = resolved_with(text, &[0, 9], RawKind::Place);
        assert!(!places.iter().any(|m| m.0 == "Security"), "{places:?}");
        assert_eq!(places.iter().filter(|m| m.0 == "Karlstad").count(), 2, "{places:?}");
        let people = resolved_with(text, &[0], RawKind::Person);
        assert!(!people.iter().any(|m| m.0 == "Security"), "{people:?}");
        // Not written lowercase: the tagger's name stands.
        let text = "Stardust reached the comet, and Stardust sent pictures.";
        let people = resolved_with(text, &[0], RawKind::Person);
        assert!(people.contains(&("Stardust".into(), EntityKind::Person)), "{people:?}");
        // Written lowercase by news at large, though not in this story: no person either,
        // unless a first name or a title alone.
        let people = resolved_with("Election fever gripped the country on Monday.", &[0], RawKind::Person);
        assert!(people.is_empty(), "{people:?}");
        for word in ["Frank", "President"] {
            let text = format!("{word} arrived in the country on Monday.");
            let people = resolved_with(&text, &[0], RawKind::Person);
            assert!(people.contains(&(word.to_string(), EntityKind::Person)), "{people:?}");
        }
        // A place the gazetteer lacks, written so by news at large, opening a sentence: no
        // place; the same word inside a sentence stays the tagger's.
        let places =
            resolved_with("The probe flew on. Discovery landed in the desert.", &[4], RawKind::Place);
        assert!(places.is_empty(), "{places:?}");
        let places = resolved_with("The probe landed at Discovery in the desert.", &[4], RawKind::Place);
        assert_eq!(places, [("Discovery".to_string(), EntityKind::Place)]);
    }

    #[test]
    fn a_place_only_the_tagger_reads_needs_a_preposition_of_place_or_a_word_of_geography() {
        // Never after "in", "at"...: a craft, a work, a product.
        let places =
            resolved_with("Stardust returned samples, and Stardust made history.", &[0, 4], RawKind::Place);
        assert!(places.is_empty(), "{places:?}");
        // After one preposition of place, with "the" between, every mention of it stands.
        let text = "Crowds gathered at the Kaaba. Kaaba pilgrims prayed.";
        let places = resolved_with(text, &[4, 5], RawKind::Place);
        assert_eq!(places.iter().filter(|m| m.0 == "Kaaba").count(), 2, "{places:?}");
        // Not when the name describes the noun after it.
        let places =
            resolved_with("Critics wrote in Zorbology jargon of Zorbology.", &[3, 6], RawKind::Place);
        assert!(places.is_empty(), "{places:?}");
        // A word of geography is enough ("Midwest" holds one alone).
        let places = resolved_with("Storms hit the Midwest on Monday.", &[3], RawKind::Place);
        assert_eq!(places, [("Midwest".to_string(), EntityKind::Place)]);
    }

    #[test]
    fn a_word_the_tagger_calls_an_organisation_is_the_person_named_so_in_full() {
        // Word 5 is the second "Vandermeer".
        let text = "Outgoing Governor Piet Vandermeer left. Vandermeer did well.";
        let found = resolved_with(text, &[5], RawKind::Org);
        assert_eq!(
            found,
            [
                ("Piet Vandermeer".to_string(), EntityKind::Person),
                ("Vandermeer".to_string(), EntityKind::Person)
            ]
        );
        // With no such person it stays the tagger's organisation.
        let found =
            resolved_with("Outgoing Governor Piet Hals left. Vandermeer did well.", &[5], RawKind::Org);
        assert!(found.contains(&("Vandermeer".to_string(), EntityKind::Organization)), "{found:?}");
    }

    #[test]
    fn a_building_or_site_is_a_place_whoever_runs_it() {
        let ex = Extractor::global();
        let mut article = crate::model::Article {
            body: "Shuttle trainers went to the Johnson Space Center in Houston. The Museum of Flight \
                   bid too. The Kennedy Space Center said it was disappointed."
                .into(),
            ..Default::default()
        };
        ex.enrich(&mut article);
        let kinds: Vec<(&str, EntityKind)> =
            article.mentions.iter().map(|m| (m.text.as_str(), m.kind)).collect();
        assert!(kinds.contains(&("Johnson Space Center", EntityKind::Place)), "{kinds:?}");
        assert!(kinds.contains(&("Museum of Flight", EntityKind::Place)), "{kinds:?}");
        // One that speaks is the body that runs it; not when others speak at it.
        assert!(kinds.contains(&("Kennedy Space Center", EntityKind::Organization)), "{kinds:?}");
        let mut at = crate::model::Article {
            body: "Officials at the World Trade Center said so.".into(),
            ..Default::default()
        };
        ex.enrich(&mut at);
        assert_eq!(at.mentions.iter().map(|m| m.kind).collect::<Vec<_>>(), [EntityKind::Place]);
        assert!(
            !article.organizations.iter().any(|o| o == "Johnson Space Center"),
            "{:?}",
            article.organizations
        );
    }

    #[test]
    fn subsequences() {
        assert!(subsequence(&["trump"], &["donald", "trump"]));
        assert!(subsequence(&["donald", "trump"], &["donald", "j", "trump"]));
        assert!(!subsequence(&["trump", "donald"], &["donald", "trump"]));
        assert!(!subsequence(&["lee"], &["kim", "min-ji"]));
    }
}
