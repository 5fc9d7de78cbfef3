//! [`Recognizer`]: finds candidate names in one text (title or body) and types them by rules,
//! one candidate at a time, without looking at the rest of the article.
//!
//! A candidate is a run of capitalised words, joined across name particles ("von der"), "of"/
//! "for" after a head word ("Bank of", "Minister for") and "and"/"&" inside organisation names,
//! and stretched to cover any gazetteer or organisation name starting inside it ("Bosnia and
//! Herzegovina"). It is split at person titles ("Chinese | President | Xi Jinping"), stop words
//! and calendar words, and each piece is typed by the first rule that fires:
//!
//! 1. a well-known organisation ("Goldman Sachs", "U.N.");
//! 2. right after a title -> person ("President *Donald Trump*"; the title is not kept);
//! 3. a gazetteer name -> place (weak names like "Nice" only after "in", "at"...);
//! 4. ends with an organisation keyword, or "Keyword of ...", or is one word of a name and
//!    "news" ("Wikinews") -> organisation;
//! 5. two to five words starting with a first name or an East Asian family name, or holding a
//!    hyphenated given name, or followed by "said" / ", a spokesman" / ", 45," -> person, unless
//!    a title ends it ("Virginia Governor");
//! 6. otherwise places and organisations inside it are taken, and the rest is left *unknown*:
//!    the resolver keeps an unknown word only if it is a short form of a name found elsewhere
//!    ("Xi" of "Xi Jinping").
//!
//! "Full Name (ACR)" records an acronym. All-capitals runs and Title Case headlines only get
//! gazetteer and organisation lookups, because capitals carry no information there.

use std::sync::OnceLock;

use super::gazetteer::{Gazetteer, NO_PLACE, NameEntry, QUALIFIED, QUALIFIER, WEAK};
use super::hash::FastSet;
use super::lexicon::{Lexicon, Title};
use super::token::{
    ABBR, CAP, DIGIT, HYPHEN_GIVEN, PAR_START, POSSESSIVE, SENT_START, Tokens, UPPER, phrase_key,
};
use crate::model::PlaceKind;

/// The demonyms and country adjectives the gazetteer compiles in as other names of their
/// country (`data/demonyms.tsv`).
static DEMONYMS: &str = include_str!("../../data/demonyms.tsv");

/// Nouns for a person that are no titles, in an apposition after a name: "Zeltia Paris, an
/// Argentine woman", "Orrin Vale, a local resident".
const PERSON_NOUNS: &[&str] = &[
    "boy",
    "citizen",
    "daughter",
    "father",
    "girl",
    "grandfather",
    "grandmother",
    "husband",
    "man",
    "mother",
    "pensioner",
    "resident",
    "son",
    "student",
    "teenager",
    "veteran",
    "widow",
    "wife",
    "woman",
];

/// Words before a noun that no surname follows ("the Treasury", "its Daily").
const DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "its", "their", "our", "his", "her"];

/// Collective nouns whose possessive is part of an organisation's name ("People's Party",
/// "Women's Institute").
const COLLECTIVE_NOUNS: &[&str] =
    &["people", "peoples", "workers", "women", "farmers", "citizens", "children", "veterans"];

/// Whether `key` (a phrase key: "chinese", "south korean") is a demonym or a country adjective.
/// "Chinese" in "Chinese President Xi" links China, but it names no place: a news reader (and
/// the usual news annotation, where demonyms are no location) does not read a place *mention*
/// there, so such a candidate is resolved (its country counts among the article's places) but
/// hidden.
pub(crate) fn is_demonym(key: &str) -> bool {
    static SET: OnceLock<FastSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        DEMONYMS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .flat_map(|(_, names)| names.split('|'))
            .map(phrase_key)
            .filter(|k| !k.is_empty())
            .collect()
    })
    .contains(key)
}

/// Which text of the article a mention is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The headline.
    Title,
    /// The story.
    Body,
}

/// What the recogniser made of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawKind {
    /// A person.
    Person,
    /// An organisation.
    Org,
    /// A place (or a demonym, which names its country).
    Place,
    /// A capitalised word or run with no evidence yet.
    Unknown,
}

/// Raw flag: a title or role stands right before it.
pub(crate) const TITLED: u8 = 1;
/// Raw flag: a verb of saying follows or precedes it.
pub(crate) const SPEECH: u8 = 1 << 1;
/// Raw flag: from the list of well-known organisations.
pub(crate) const LISTED: u8 = 1 << 2;
/// Raw flag: "state of X" or "X state": a region reading is preferred.
pub(crate) const STATE_CONTEXT: u8 = 1 << 3;
/// Raw flag: a person because the name starts with a known first name.
pub(crate) const FIRST_NAME: u8 = 1 << 4;
/// Raw flag: the tagger named it (see `tagger::merge`).
pub(crate) const TAGGED: u8 = 1 << 5;
/// Raw flag: a rule candidate the tagger rejected: resolved (a demonym still links its
/// country) but no mention, and not counted.
pub(crate) const HIDDEN: u8 = 1 << 6;
/// Raw flag: a place named inside an organisation's name (see `nested`): it stays a place.
pub(crate) const NESTED: u8 = 1 << 7;

/// Words that label a credit or a caption before a colon ("Image: Jane Roe", "Source: Eurostat").
const CREDIT_LABELS: &[&str] = &[
    "caption",
    "credit",
    "credits",
    "file",
    "graphic",
    "illustration",
    "image",
    "photo",
    "photograph",
    "picture",
    "source",
    "video",
];

/// Whether token `k` labels a credit or a caption: "Image: Jane Roe", "Photo; Reuters".
pub(crate) fn credit_label(toks: &Tokens, k: usize) -> bool {
    // The colon first: asked of every capitalised word inside a run.
    (toks.is_punct(k + 1, ':') || toks.is_punct(k + 1, ';'))
        && toks.toks.get(k).is_some_and(|t| t.is_word())
        && CREDIT_LABELS.contains(&toks.norm(k))
}

/// "Not an index" for the `usize` references.
pub(crate) const NONE: usize = usize::MAX;

/// One typed candidate.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    /// Title or body.
    pub part: Part,
    /// Token range in its text.
    pub toks: (usize, usize),
    /// Byte range in its text.
    pub span: (usize, usize),
    /// What it is.
    pub kind: RawKind,
    /// `TITLED`, `SPEECH`, ... bits.
    pub flags: u8,
    /// For places: the gazetteer name.
    pub names: Option<NameEntry>,
    /// For places: the place already chosen (by a qualifier or the dateline), or `NO_PLACE`.
    pub fixed: u32,
    /// For listed organisations: the index in the lexicon's list, or `u32::MAX`.
    pub org: u32,
    /// For organisations: the token end of the name without a legal designator ("Sony Corp").
    pub name_end: usize,
    /// For an acronym in parentheses: the index (in the raw list) of the name it abbreviates.
    pub acronym_of: usize,
}

/// How capitals are to be read in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Ordinary prose.
    Normal,
    /// ALL CAPITALS (Reuters-21578 headlines): only gazetteer and organisation lookups.
    Caps,
    /// Title Case Headline: lookups, and single unknown words for the resolver.
    Headline,
}

/// How a text's capitals should be read.
pub(crate) fn mode_of(toks: &Tokens, lex: &Lexicon) -> Mode {
    let (mut letters_words, mut upper, mut content, mut capped) = (0, 0, 0, 0);
    for (i, t) in toks.toks.iter().enumerate() {
        if !t.is_word() || t.has(DIGIT) {
            continue;
        }
        let key = toks.norm(i);
        if key.len() >= 2 {
            letters_words += 1;
            if t.has(UPPER) {
                upper += 1;
            }
        }
        if i > 0 && !lex.is_stop(key) && key.len() >= 3 {
            content += 1;
            if t.has(CAP) {
                capped += 1;
            }
        }
    }
    if letters_words >= 2 && upper * 10 >= letters_words * 7 {
        Mode::Caps
    } else if content >= 3 && capped * 5 >= content * 4 {
        Mode::Headline
    } else {
        Mode::Normal
    }
}

/// Per-token lookups, computed once per capitalised token.
#[derive(Clone, Copy, Default)]
pub(crate) struct Matches {
    /// The longest gazetteer name starting here: its length in tokens and entry.
    pub place: Option<(usize, NameEntry)>,
    /// The longest listed organisation starting here: its length and index.
    pub org: Option<(usize, u32)>,
    /// The longest title starting here (ordinary prose only).
    pub title: Option<(usize, Title)>,
}

/// Evidence around a piece of a candidate.
#[derive(Clone, Copy, Default)]
struct Context {
    titled: bool,
    speech: bool,
    person_after: bool,
}

/// What to do with the words a lookup pass leaves over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Leftover {
    Drop,
    Run,
    Words,
}

/// Finds and types the names in one text.
pub(crate) struct Recognizer<'a> {
    lex: &'a Lexicon,
    gaz: &'a Gazetteer,
    toks: &'a Tokens,
    text: &'a str,
    part: Part,
    mode: Mode,
    matches: Vec<Matches>,
    buf: String,
    /// Towns right after a title, as the people they name (see [`surnames_after_titles`]).
    surnames: Vec<Raw>,
}

impl<'a> Recognizer<'a> {
    /// Prepares the lookups for `toks`, the tokens of `text` (a title or a body).
    pub fn new(
        lex: &'a Lexicon,
        gaz: &'a Gazetteer,
        text: &'a str,
        toks: &'a Tokens,
        part: Part,
        mode: Mode,
    ) -> Self {
        let mut r = Recognizer {
            lex,
            gaz,
            toks,
            text,
            part,
            mode,
            matches: Vec::new(),
            buf: String::new(),
            surnames: Vec::new(),
        };
        let n = toks.len();
        let mut matches = vec![Matches::default(); n];
        for (i, m) in matches.iter_mut().enumerate() {
            let t = &toks.toks[i];
            if !t.is_word() || !t.has(CAP) {
                continue;
            }
            m.place = gaz.names.longest(toks, i, n).map(|(l, e)| (l, *e));
            m.org = lex.orgs.longest(toks, i, n).map(|(l, o)| (l, *o));
            if mode == Mode::Normal {
                m.title = lex.titles.longest(toks, i, n).map(|(l, t)| (l, *t));
            }
        }
        // A mid-sized town named like a word is read only before its qualifier ("Mobile, Ala.",
        // "SPLIT, Croatia"; not "Mobile phones", "President Bush").
        for i in 0..n {
            let Some((len, e)) = matches[i].place else { continue };
            if e.flags & QUALIFIED != 0
                && !(toks.is_punct(i + len, ',')
                    && matches
                        .get(i + len + 1)
                        .and_then(|m| m.place)
                        .is_some_and(|(_, q)| gaz.qualified(gaz.candidates(&e), &q).is_some()))
            {
                matches[i].place = None;
            }
        }
        r.matches = matches;
        r
    }

    /// The per-token lookups (for the tagger's features).
    pub fn matches(&self) -> &[Matches] {
        &self.matches
    }

    /// The towns found right after a title, as people (see [`surnames_after_titles`]).
    pub fn surnames(&self) -> &[Raw] {
        &self.surnames
    }

    /// Appends the typed candidates of tokens `from..` to `out`.
    pub fn run(&mut self, from: usize, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        if self.mode != Mode::Normal {
            let leftover = if self.mode == Mode::Headline { Leftover::Words } else { Leftover::Drop };
            self.lookups(from, n, leftover, out);
            return;
        }
        let mut i = from;
        while i < n {
            let t = &self.toks.toks[i];
            if !t.is_word() || !t.has(CAP) {
                i += 1;
                continue;
            }
            let end = self.candidate_end(i);
            i = self.candidate(i, end, out).max(i + 1);
        }
    }

    #[inline]
    fn cap(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks.toks[i].is_word() && self.toks.toks[i].has(CAP)
    }

    #[inline]
    fn norm(&self, i: usize) -> &str {
        self.toks.norm(i)
    }

    fn lowercase_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks.toks[i].is_word() && !self.toks.toks[i].has(CAP)
    }

    /// A gazetteer name at `i` that may stand here as a mention.
    fn place_at(&self, i: usize, limit: usize) -> Option<(usize, NameEntry)> {
        let (len, e) = self.matches[i].place?;
        if i + len > limit || e.flags & QUALIFIER != 0 {
            return None;
        }
        if e.flags & WEAK != 0 {
            let after_locative = !self.toks.toks[i].has(SENT_START)
                && i > 0
                && self.toks.toks[i - 1].is_word()
                && self.lex.is_locative(self.norm(i - 1));
            if self.mode != Mode::Normal || !(after_locative || self.qualifier_after(i + len, &e).is_some()) {
                return None;
            }
        }
        if self.mode == Mode::Caps && len == 1 && !self.text_has_period(i) && self.lex.is_stop(self.norm(i)) {
            return None;
        }
        Some((len, e))
    }

    /// The place `entry` means when a qualifier follows at `comma` (", Calif.", ", Kenya").
    fn qualifier_after(&self, comma: usize, entry: &NameEntry) -> Option<u32> {
        if !self.toks.is_punct(comma, ',') {
            return None;
        }
        let (_, q) = self.matches.get(comma + 1)?.place?;
        self.gaz.qualified(self.gaz.candidates(entry), &q)
    }

    fn org_at(&self, i: usize, limit: usize) -> Option<(usize, u32)> {
        let (len, o) = self.matches[i].org?;
        if i + len > limit {
            return None;
        }
        if self.mode == Mode::Caps && len == 1 && !self.text_has_period(i) && self.lex.is_stop(self.norm(i)) {
            return None;
        }
        Some((len, o))
    }

    fn text_has_period(&self, i: usize) -> bool {
        self.toks.toks[i].has(ABBR)
    }

    /// Whether token `i` is a legal designator ("Inc", "Corp", "Ltd").
    fn designator(&self, i: usize) -> bool {
        i < self.toks.len() && self.lex.org_keyword(self.norm(i)) == Some(true)
    }

    /// Whether token `i` is a legal designator written as a word with a period ("Inc.",
    /// "Co."), not as initials ("A.G.", "S.A.", "K.K.": "A.G. Edwards", "William K.K. Wong").
    fn designator_with_period(&self, i: usize) -> bool {
        self.designator(i)
            && self.text_has_period(i)
            && self.surface(i).strip_suffix('.').is_some_and(|word| !word.contains('.'))
    }

    /// The end of the candidate starting at capitalised token `s`.
    fn candidate_end(&self, s: usize) -> usize {
        let n = self.toks.len();
        let mut j = s;
        let mut forced = s;
        while j < n {
            if j < forced {
                j += 1;
                continue;
            }
            if j > s && self.toks.toks[j].has(PAR_START) {
                break;
            }
            if self.cap(j) {
                // A credit's label ends a caption run into it: "Belle Image: Jane Roe".
                if j > s && credit_label(self.toks, j) {
                    break;
                }
                // A legal designator written with a period ends the name, and mostly the
                // sentence: "... bought Acme Inc. Standard and Poor's said". Another designator
                // may follow ("Sony Co. Ltd.").
                if j > s && j >= forced && self.designator_with_period(j - 1) && !self.designator(j) {
                    break;
                }
                let m = &self.matches[j];
                let reach =
                    [m.place.map(|p| p.0), m.org.map(|o| o.0)].into_iter().flatten().max().unwrap_or(0);
                forced = forced.max(j + reach);
                j += 1;
                continue;
            }
            if j > s && self.lowercase_word(j) {
                let key = self.norm(j);
                if self.lex.is_particle(key) {
                    let mut k = j;
                    while k < n && k - j < 2 && self.lowercase_word(k) && self.lex.is_particle(self.norm(k)) {
                        k += 1;
                    }
                    if self.cap(k) && !self.toks.toks[k].has(UPPER) {
                        j = k;
                        continue;
                    }
                }
                if matches!(key, "of" | "for" | "on") && self.lex.is_of_head(self.norm(j - 1)) {
                    let mut k = j + 1;
                    if self.toks.is_norm(k, "the") {
                        k += 1;
                    }
                    if self.cap(k) {
                        j = k;
                        continue;
                    }
                }
                // "People's Party", "Women's Institute": a collective noun's possessive inside an
                // organisation's name.
                if self.toks.toks[j].has(POSSESSIVE)
                    && COLLECTIVE_NOUNS.contains(&self.norm(j - 1))
                    && self.org_run_after(j + 1)
                {
                    j += 1;
                    continue;
                }
                if matches!(key, "and" | "&") && self.cap(j + 1) && self.and_joins(s, j) {
                    j += 1;
                    continue;
                }
            }
            // "Workers' Party", "Farmers' Union": the possessive of a plural collective noun,
            // a bare apostrophe, inside an organisation's name.
            if j > s && self.plural_possessive(j) && self.org_run_after(j + 1) {
                j += 1;
                continue;
            }
            if j > s
                && let Some(end) = self.partners_end(s, j)
            {
                forced = forced.max(end);
                j += 1;
                continue;
            }
            break;
        }
        j
    }

    /// Where the firm ends whose partners' names the comma at `j` joins ("Goldman, Sachs and
    /// Co", "Smith Barney, Harris Upham and Co", "Johnson, Lane, Space, Smith and Co"): up to
    /// three capitalised words from `s` before it, not a person's first and last names ("said
    /// Timothy Pettee, Bear Stearns and Co analyst"), then up to four groups of up to three such
    /// words between commas, then "and" or "&" and "Co" or "Company". Names of their own on the list
    /// ("Citicorp, J.P. Morgan and Co") are partners only if the list knows them together
    /// ("Goldman, Sachs": Goldman Sachs).
    fn partners_end(&self, s: usize, j: usize) -> Option<usize> {
        let n = self.toks.len();
        let words = |from: usize| {
            let mut k = from;
            while k < n && k - from < 3 && self.cap(k) && !self.designator(k) {
                k += 1;
            }
            k
        };
        if self.toks.toks[j].punct != ',' || j - s > 3 || words(s) < j {
            return None;
        }
        if j - s >= 2 && self.lex.is_first_name(self.norm(s)) {
            return None;
        }
        let listed = |k: usize| self.matches[k].org.is_some();
        let (mut groups, mut any_listed) = (1, listed(s));
        let mut comma = j;
        let end = loop {
            let start = comma + 1;
            let end = words(start);
            if end == start {
                return None;
            }
            groups += 1;
            any_listed |= listed(start);
            match self.toks.toks.get(end) {
                Some(t) if t.punct == ',' && groups < 5 => comma = end,
                _ => break end,
            }
        };
        let firm = end + 1 < n
            && matches!(self.norm(end), "and" | "&")
            && self.cap(end + 1)
            && matches!(self.norm(end + 1), "co" | "company");
        if !firm {
            return None;
        }
        if any_listed {
            self.listed_as_written(s, end)?;
        }
        Some(end + 2)
    }

    /// The listed organisation that tokens `a..b` name as written, punctuation aside
    /// ("Goldman, Sachs": Goldman Sachs).
    fn listed_as_written(&self, a: usize, b: usize) -> Option<u32> {
        let written = &self.text[self.toks.toks[a].start..self.toks.toks[b - 1].end];
        self.lex.orgs.get(&phrase_key(written)).copied()
    }

    /// Whether the "and" (or "&") at `j` joins one organisation name that started at `s`:
    /// "Ministry of Trade and Industry", "Federal Savings and Loan Insurance Corp", "Procter &
    /// Gamble"; not "Samsung Electronics and Sony Corp" nor "Britain and France".
    fn and_joins(&self, s: usize, j: usize) -> bool {
        let keyword_of = (s..j).any(|k| {
            self.lex.org_keyword(self.norm(k)) == Some(false)
                && (self.toks.is_norm(k + 1, "of") || self.toks.is_norm(k + 1, "for"))
        });
        if keyword_of {
            return true;
        }
        if self.titled_name_before(s, j) {
            return false;
        }
        // A name before the "and" that is complete by itself does not continue.
        let m = &self.matches[s];
        let known_before =
            [m.place.map(|p| p.0), m.org.map(|o| o.0)].into_iter().flatten().any(|l| s + l >= j);
        if known_before || self.lex.org_keyword(self.norm(j - 1)).is_some() {
            return false;
        }
        if self.norm(j) == "&" {
            return true;
        }
        let mut k = j + 1;
        while self.cap(k) {
            if self.lex.org_keyword(self.norm(k)).is_some() {
                return true;
            }
            k += 1;
        }
        false
    }

    /// Whether the words just before the "and" at `j` are a person's name after a title:
    /// "Treasury Secretary *James Baker* and Federal Reserve Board chairman Paul Volcker",
    /// "chief *Paul Volcker* and International Monetary Fund head ...". Such an "and" joins two
    /// people, never one organisation's name.
    fn titled_name_before(&self, s: usize, j: usize) -> bool {
        let person_at = |p: usize| {
            (2..=3).contains(&(j - p))
                && self.lex.is_first_name(self.norm(p))
                && (p..j).all(|k| self.cap(k) && !self.toks.toks[k].has(UPPER))
        };
        let inside = (s..j).any(|k| {
            self.matches[k].title.is_some_and(|(len, t)| !t.surname_like && k + len < j && person_at(k + len))
        });
        inside
            || (s > 0
                && self.lowercase_word(s - 1)
                && person_at(s)
                && self.lex.titles.longest_ending(self.toks, s, s.saturating_sub(4)).is_some())
    }

    /// Whether token `j` is an apostrophe written right after a plural collective noun
    /// ("Workers'", "Citizens'"): that noun's possessive.
    fn plural_possessive(&self, j: usize) -> bool {
        let toks = &self.toks.toks;
        j > 0
            && matches!(toks[j].punct, '\'' | '’')
            && toks[j - 1].is_word()
            && toks[j - 1].end == toks[j].start
            && self.norm(j - 1).ends_with('s')
            && COLLECTIVE_NOUNS.contains(&self.norm(j - 1))
    }

    /// Whether capitalised words from `k` run to an organisation keyword ("Party", "Army").
    fn org_run_after(&self, k: usize) -> bool {
        let mut end = k;
        while self.cap(end) {
            end += 1;
        }
        end > k && self.lex.org_keyword(self.norm(end - 1)).is_some()
    }

    /// Whether the capitalised stop word at `p` opens an organisation's name that runs to the
    /// candidate's end `e` on a keyword: "New People Party", "People Power Party" (a stop word
    /// otherwise starts no name: "New rules...", "People said").
    fn opens_org_name(&self, p: usize, e: usize) -> bool {
        matches!(self.norm(p), "new" | "people")
            && e > p + 1
            && self.lex.org_keyword(self.norm(e - 1)).is_some()
            && (p + 1..e).all(|k| self.cap(k) || self.toks.toks[k].has(POSSESSIVE))
    }

    /// Splits candidate `s..e` at titles, stop words and calendar words and types each piece.
    /// Returns where scanning goes on (after an "(ACR)" the candidate defines).
    fn candidate(&mut self, s: usize, e: usize, out: &mut Vec<Raw>) -> usize {
        let toks = self.toks;
        if e - s >= 2
            && (s..e).all(|k| !toks.toks[k].is_word() || toks.toks[k].has(UPPER) || !toks.toks[k].has(CAP))
        {
            self.lookups(s, e, Leftover::Drop, out);
            return e;
        }
        let mut ctx = Context {
            titled: s > 0
                && self.lowercase_word(s - 1)
                && self.lex.titles.longest_ending(toks, s, s.saturating_sub(4)).is_some(),
            speech: s > 0 && toks.toks[s - 1].is_word() && self.lex.is_speech_verb(self.norm(s - 1)),
            person_after: false,
        };
        let mut seg = s;
        let mut p = s;
        let mut after_place = false;
        let mut last_emitted = NONE;
        while p < e {
            let m = self.matches[p];
            let place_len = self.place_at(p, e).map_or(0, |x| x.0);
            let org_len = self.org_at(p, e).map_or(0, |x| x.0);
            let phrase_len = place_len.max(org_len);
            let title_len = match m.title {
                Some((len, t))
                    if p + len < e
                        && self.cap(p + len)
                        && (!t.surname_like || p == s || after_place)
                        && !self.adjective_before_a_noun(p, len, e) =>
                {
                    len
                }
                _ => 0,
            };
            // "Chancellor of the Exchequer Nigel Lawson": a title with its complement, then a
            // name starting with a first name.
            if let Some((len, _)) = m.title
                && phrase_len == 0
                && p + len < e
                && matches!(self.norm(p + len), "of" | "for")
                && let Some(k) = self.name_after_complement(p + len + 1, e)
            {
                self.piece(seg, p, ctx, out);
                self.lookups(p + len + 1, k, Leftover::Drop, out);
                last_emitted = self.push(k, e, RawKind::Person, TITLED | FIRST_NAME, out);
                ctx = Context::default();
                p = e;
                seg = e;
                continue;
            }
            // A place's name as long as a title there wins, unless the title is abbreviated
            // ("Sens. Ana Pell": senators, not Sens in France).
            if phrase_len > 0
                && (phrase_len > title_len || (phrase_len == title_len && !toks.toks[p].has(ABBR)))
            {
                after_place = place_len == phrase_len;
                p += phrase_len;
                continue;
            }
            after_place = false;
            if title_len > 0 {
                if let Some(ix) = self.piece(seg, p, ctx, out) {
                    last_emitted = ix;
                }
                ctx = Context { titled: true, ..Context::default() };
                p += title_len;
                seg = p;
                continue;
            }
            let key = self.norm(p);
            if self.cap(p)
                && (self.lex.is_stop(key) || self.lex.is_calendar(key))
                && !self.opens_org_name(p, e)
            {
                if let Some(ix) = self.piece(seg, p, ctx, out) {
                    last_emitted = ix;
                }
                ctx = Context::default();
                p += 1;
                seg = p;
                continue;
            }
            p += 1;
        }
        // Evidence after the candidate belongs to its last piece.
        let n = toks.len();
        if e < n && toks.toks[e].is_word() && self.lex.is_speech_verb(self.norm(e)) {
            ctx.speech = true;
        }
        if toks.is_punct(e, ',') {
            let mut k = e + 1;
            if k < n && toks.toks[k].is_word() && matches!(self.norm(k), "a" | "an" | "the" | "who") {
                k += 1;
            }
            let is_role = |k: usize| {
                k < n
                    && self.lowercase_word(k)
                    && (self.lex.titles.longest(toks, k, n).is_some() || PERSON_NOUNS.contains(&self.norm(k)))
            };
            // After "a", "an": up to two describing words first (", an Australian woman", ", a
            // retired teacher").
            let mut role = is_role(k);
            if !role && k > e + 1 && matches!(self.norm(k - 1), "a" | "an") {
                let describing = |k: usize| {
                    k < n
                        && toks.toks[k].is_word()
                        && ((self.lowercase_word(k) && !self.lex.is_stop(self.norm(k)))
                            || is_demonym(self.norm(k)))
                };
                for skip in 1..=2 {
                    if !describing(k + skip - 1) {
                        break;
                    }
                    if is_role(k + skip) {
                        role = true;
                        break;
                    }
                }
            }
            let age = k == e + 1
                && k < n
                && toks.toks[k].has(DIGIT)
                && self.norm(k).len() <= 2
                && toks.is_punct(k + 1, ',');
            ctx.person_after = role || age;
        }
        if let Some(ix) = self.piece(seg, e, ctx, out) {
            last_emitted = ix;
        }
        // "Full Name (ACR)".
        if last_emitted != NONE
            && let Some(next) = self.acronym(e, last_emitted, out)
        {
            return next;
        }
        e
    }

    /// Whether the title `p..p + len` of the candidate ending at `e` is an adjective there: a
    /// title that is one ("General", "Premier") before a last word news writes in lowercase
    /// ("the General Election", "the Premier League"; not "General Powell"), or "General"
    /// before a collective noun in an organisation's name ("General Workers' Union").
    fn adjective_before_a_noun(&self, p: usize, len: usize, e: usize) -> bool {
        if len != 1 || p + 2 > e {
            return false;
        }
        let (word, next) = (self.norm(p), self.norm(p + 1));
        let before_last_noun = p + 2 == e
            && matches!(word, "general" | "premier")
            && super::tagger::common_in_lowercase(next)
            && !self.lex.is_first_name(next);
        let in_collective_name = word == "general"
            && p + 2 < e
            && COLLECTIVE_NOUNS.contains(&next)
            && self.lex.org_keyword(self.norm(e - 1)).is_some();
        before_last_noun || in_collective_name
    }

    /// Whether token `i` is a person's initials: one to three capital letters, each with its
    /// period ("J.", "O.J.", "H.W."), that name no place.
    fn initials(&self, i: usize) -> bool {
        let t = &self.toks.toks[i];
        let word = self.surface(i).as_bytes();
        t.has(ABBR)
            && self.matches[i].place.is_none()
            && (2..=6).contains(&word.len())
            && word.chunks(2).all(|c| c.len() == 2 && c[0].is_ascii_uppercase() && c[1] == b'.')
    }

    /// Types piece `a..b` of a candidate and pushes it (or its parts). Returns the index of the
    /// last raw pushed that ends at `b`.
    fn piece(&mut self, mut a: usize, mut b: usize, ctx: Context, out: &mut Vec<Raw>) -> Option<usize> {
        while a < b && !self.cap(a) {
            a += 1;
        }
        // Lowercase words at the end go, unless a name spans them ("Washington state").
        let m = if a < b { self.matches[a] } else { Matches::default() };
        let phrase_end =
            a + [m.place.map(|p| p.0), m.org.map(|o| o.0)].into_iter().flatten().max().unwrap_or(0);
        while b > a && b > phrase_end && !self.cap(b - 1) {
            b -= 1;
        }
        if a >= b {
            return None;
        }
        let len = b - a;
        if let Some((l, o)) = self.org_at(a, b)
            && l == len
        {
            return Some(self.push_org(a, b, Some(o), out));
        }
        let last = self.norm(b - 1).to_string();
        let whole_place = self.place_at(a, b).filter(|p| p.0 == len);
        if len >= 2 && whole_place.is_none() {
            let keyword_end = self.lex.org_keyword(&last).is_some();
            // Where the first keyword's complement starts ("Bank of | Japan").
            // A designator has its complement too ("Morgan Guaranty Trust Co of New York").
            let complement = (a..b - 1)
                .find(|&k| {
                    self.lex.org_keyword(self.norm(k)).is_some()
                        && (self.toks.is_norm(k + 1, "of") || self.toks.is_norm(k + 1, "for"))
                })
                .map(|k| k + 2);
            let keyword_of = complement.is_some();
            // "Office of Management and Budget James Miller": a keyword's complement of at least
            // one word, then a name starting with a first name, as after a title's complement
            // ("Bank of Nova Scotia" is no bank with a person after it).
            if !keyword_end
                && let Some(c) = complement
                && let Some(k) = self.name_after_complement(c, b)
            {
                self.push_org(a, k, None, out);
                return Some(self.push(k, b, RawKind::Person, FIRST_NAME, out));
            }
            // A designator's "of" and a place, to the end: where the firm is ("Gunze Sangyo Inc
            // of Tokyo", "Exxon Corp of the U.S."), except in American legal names, "Co" or
            // "Corp" of a place without "the" ("Public Service Co of New Mexico").
            if let Some(c) = complement
                && self.lex.org_keyword(self.norm(c - 2)) == Some(true)
            {
                let the = self.toks.is_norm(c, "the");
                let place = if the { c + 1 } else { c };
                let legal = !the && matches!(self.norm(c - 2), "co" | "company" | "corp" | "corporation");
                if !legal && place < b && self.place_at(place, b).is_some_and(|(len, _)| place + len == b) {
                    let ix = self.push_org(a, c - 1, None, out);
                    self.lookups(place, b, Leftover::Drop, out);
                    return Some(ix);
                }
            }
            if keyword_end || keyword_of {
                return Some(self.push_org(a, b, None, out));
            }
        }
        // "Wikinews", "Euronews": one word made of a name and "news" is a news outlet (the
        // words "Times", "Post", "News" after a name are organisation keywords already).
        if len == 1 && is_news_outlet_word(self.surface(a)) {
            return Some(self.push_org(a, b, None, out));
        }
        // "Chief U.S. arms negotiator": a title before a place is no person's title.
        if ctx.titled && (self.matches[a].place.is_none() || self.town_led_name(a, b)) {
            return Some(self.push(a, b, RawKind::Person, TITLED, out));
        }
        if ctx.titled && self.town_as_surname(a, b) {
            self.surnames.push(self.raw(a, b, RawKind::Person, TITLED));
        }
        if let Some((_, entry)) = whole_place {
            let ix = self.push_place(a, b, entry, out);
            if ctx.speech {
                out[ix].flags |= SPEECH;
            }
            return Some(ix);
        }
        // "previous Virginia Governor(s)": a title ending the run names an office; the run is
        // no person even when it starts with a first name (a surname-like title may end a name).
        let title_tail = self.matches[b - 1].title.is_some_and(|(l, t)| l == 1 && !t.surname_like);
        if (2..=5).contains(&len) && !self.lex.is_not_person_tail(&last) && !title_tail {
            let first = self.norm(a);
            // Speech and apposition are weaker evidence: short names not starting with a place.
            // Nor one ending with a country's name ("Statistics Canada said", "Air France").
            let country_tail =
                self.place_at(b - 1, b).is_some_and(|(_, entry)| self.gaz.means_country(&entry));
            let plain = len <= 3 && self.matches[a].place.is_none() && !country_tail;
            let first_name = self.lex.is_first_name(first);
            // Initials stand for first names ("O.J. Simpson", "T.S. Eliot"), when they are no
            // place's or organisation's ("U.S. Steel", "N.J. Bell") and a name follows, not a
            // unit ("H.K. Dlrs", "H.K. Cents"). Not the evidence of a first name, though: many
            // firms bear their founder's initials ("E.F. Hutton Group"), and the resolver reads
            // such a short form as the firm.
            let initials = self.initials(a)
                && self.matches[a].org.is_none()
                && !crate::wire::is_abbreviation(last.as_bytes())
                && !super::tagger::common_in_lowercase(&last);
            let person = first_name
                || initials
                || (self.lex.is_family_name(first) && len <= 3 && !self.toks.toks[a + 1].has(UPPER))
                || (len == 2
                    && self.lex.is_place_first_name(first)
                    && self.surname_alone_elsewhere(a, b - 1))
                || (a..b).any(|k| self.toks.toks[k].has(HYPHEN_GIVEN))
                || (plain && (ctx.speech || ctx.person_after));
            let acronym_inside = (a..b).any(|k| self.toks.toks[k].has(UPPER) && !self.toks.toks[k].has(ABBR));
            if person && !acronym_inside {
                let flags = if first_name { FIRST_NAME } else { 0 } | if ctx.speech { SPEECH } else { 0 };
                return Some(self.push(a, b, RawKind::Person, flags, out));
            }
        }
        let before = out.len();
        self.lookups(a, b, Leftover::Run, out);
        let last_ix = out.len().checked_sub(1).filter(|&ix| ix >= before && out[ix].toks.1 == b);
        if let Some(ix) = last_ix
            && ctx.speech
        {
            out[ix].flags |= SPEECH;
        }
        last_ix
    }

    /// Where the name starts in the rest of a title's complement `c..e` ("the Exchequer Nigel
    /// Lawson"): the first first name leaving a name of two or three capitalised words, after
    /// at least one word of the complement.
    fn name_after_complement(&self, c: usize, e: usize) -> Option<usize> {
        let last = self.norm(e.checked_sub(1)?);
        if self.lex.is_not_person_tail(last) {
            return None;
        }
        // A place or listed organisation of the complement is not cut ("Federation of Hong |
        // Kong Industry").
        let cut = |k: usize| {
            (c..k).any(|j| {
                let m = &self.matches[j];
                [m.place.map(|p| p.0), m.org.map(|o| o.0)].into_iter().flatten().any(|len| j + len > k)
            })
        };
        (c + 1..e).find(|&k| {
            (2..=3).contains(&(e - k))
                && (k..e).all(|j| self.cap(j) && !self.toks.toks[j].has(UPPER))
                && self.lex.is_first_name(self.norm(k))
                && !cut(k)
        })
    }

    /// Whether `a..b`, after a title, is a name whose first word only happens to be a town
    /// ("Chancellor of the Exchequer *Nigel* Lawson"): the town covers part of it and no
    /// reading of it is a country or region ("Chief *U.S.* arms negotiator" stays a place).
    fn town_led_name(&self, a: usize, b: usize) -> bool {
        let Some((len, entry)) = self.matches[a].place else { return false };
        a + len < b && b - a <= 4 && self.only_towns(&entry)
    }

    /// Whether `a..b`, after a title, is one word that is only ever a town: a surname ("President
    /// *Obama*", "Senator *Jackson*", "President *Lincoln*"), as a town is not what a title
    /// names. A word that may be a country or a region stays a place ("Queen *Victoria*"), and
    /// a word the rest of a name follows is left to the other rules ("Judge *Eugene* A. Gordon").
    /// A lowercase "miss" is the verb ("forced him to miss *Wimbledon*").
    fn town_as_surname(&self, a: usize, b: usize) -> bool {
        b == a + 1
            && !self.cap(b)
            && !(a > 0 && self.lowercase_word(a - 1) && self.norm(a - 1) == "miss")
            && self.matches[a].place.is_some_and(|(len, entry)| len == 1 && self.only_towns(&entry))
    }

    /// Whether the word at `k`, after a first name that is also a place at `a` ("*Vladimir*
    /// Putin", "*Jordan* Henderson", "*Sydney* Crosby"), stands alone as a name elsewhere in
    /// the article ("Putin said", "Mr Putin"): then the pair is a person and not a place and a
    /// word. It must be no place and no organisation, never written in lowercase ("Georgia
    /// Power ... power prices") nor after a determiner or a possessive ("Paris Bourse ... the
    /// Bourse", "the China Daily ... People's Daily"), and not part of a longer name where it
    /// recurs ("Sydney Opera House ... the Opera House"). A pair after a determiner is no person.
    fn surname_alone_elsewhere(&self, a: usize, k: usize) -> bool {
        let word = self.norm(k);
        if !self.cap(k)
            || self.cap(k + 1)
            || self.toks.toks[k].has(UPPER)
            || self.matches[k].place.is_some()
            || self.matches[k].org.is_some()
            || self.lex.org_keyword(word).is_some()
            || self.lex.is_stop(word)
            || (a > 0 && DETERMINERS.contains(&self.norm(a - 1)))
        {
            return false;
        }
        let mut alone = false;
        for j in 0..self.toks.len() {
            if j == k || self.norm(j) != word {
                continue;
            }
            // "power prices"; "the Bourse", "People's Daily": an ordinary word, an institution.
            if self.lowercase_word(j)
                || (j > 0
                    && (DETERMINERS.contains(&self.norm(j - 1)) || self.toks.toks[j - 1].has(POSSESSIVE)))
            {
                return false;
            }
            // After a title ("Mr Putin") or a sentence's first word ("But Putin said").
            let led = j > 0 && (self.matches[j - 1].title.is_some() || self.lex.is_stop(self.norm(j - 1)));
            alone |= j != a + 1 && self.cap(j) && !self.cap(j + 1) && (j == 0 || !self.cap(j - 1) || led);
        }
        alone
    }

    /// Whether every reading of a gazetteer name is a town.
    fn only_towns(&self, entry: &NameEntry) -> bool {
        self.gaz.candidates(entry).iter().all(|&id| self.gaz.rec(id).kind == PlaceKind::City)
    }

    /// Takes gazetteer and organisation names out of `a..b`, left to right, longest first; the
    /// words between them are dropped, kept as one unknown run, or kept word by word.
    fn lookups(&mut self, a: usize, b: usize, leftover: Leftover, out: &mut Vec<Raw>) {
        let mut p = a;
        let mut u = a;
        while p < b {
            if !self.cap(p) {
                p += 1;
                continue;
            }
            let place = self.place_at(p, b);
            let org = self.org_at(p, b);
            let place_len = place.map_or(0, |x| x.0);
            let org_len = org.map_or(0, |x| x.0);
            if place_len > 0 || org_len > 0 {
                self.leftover(u, p, leftover, out);
                if org_len >= place_len {
                    self.push_org(p, p + org_len, org.map(|x| x.1), out);
                    p += org_len;
                } else if let Some((_, entry)) = place {
                    self.push_place(p, p + place_len, entry, out);
                    p += place_len;
                }
                u = p;
                continue;
            }
            let key = self.norm(p);
            if self.lex.is_stop(key) || self.lex.is_calendar(key) {
                self.leftover(u, p, leftover, out);
                p += 1;
                u = p;
                continue;
            }
            p += 1;
        }
        self.leftover(u, b, leftover, out);
    }

    fn leftover(&mut self, mut a: usize, mut b: usize, leftover: Leftover, out: &mut Vec<Raw>) {
        while a < b && !self.cap(a) {
            a += 1;
        }
        while b > a && !self.cap(b - 1) {
            b -= 1;
        }
        if a >= b {
            return;
        }
        match leftover {
            Leftover::Drop => {}
            Leftover::Run => {
                self.push(a, b, RawKind::Unknown, 0, out);
            }
            Leftover::Words => {
                for k in a..b {
                    if self.cap(k) {
                        self.push(k, k + 1, RawKind::Unknown, 0, out);
                    }
                }
            }
        }
    }

    fn push(&self, a: usize, b: usize, kind: RawKind, flags: u8, out: &mut Vec<Raw>) -> usize {
        out.push(self.raw(a, b, kind, flags));
        out.len() - 1
    }

    /// A candidate of tokens `a..b`, with no place or organisation attached.
    fn raw(&self, a: usize, b: usize, kind: RawKind, flags: u8) -> Raw {
        let toks = &self.toks.toks;
        Raw {
            part: self.part,
            toks: (a, b),
            span: (toks[a].start, toks[b - 1].end),
            kind,
            flags,
            names: None,
            fixed: NO_PLACE,
            org: u32::MAX,
            name_end: b,
            acronym_of: NONE,
        }
    }

    fn push_org(&self, a: usize, b: usize, listed: Option<u32>, out: &mut Vec<Raw>) -> usize {
        let ix = self.push(a, b, RawKind::Org, 0, out);
        if let Some(o) = listed {
            out[ix].org = o;
            out[ix].flags |= LISTED;
        } else {
            // "Sony Corp" is Sony: drop legal designators (and a joining "&"/"and") at the end.
            let mut end = b;
            while end > a + 1 {
                let key = self.norm(end - 1);
                if self.lex.org_keyword(key) == Some(true) || matches!(key, "&" | "and") {
                    end -= 1;
                } else {
                    break;
                }
            }
            out[ix].name_end = end;
            // A listed organisation written with its designator ("Standard and Poor's Corp") or
            // with its partners' comma ("Goldman, Sachs and Co") is the listed one.
            let listed = match self.org_at(a, end) {
                Some((len, o)) if end < b && a + len == end => Some(o),
                _ if (a..end).any(|k| self.toks.toks[k].punct == ',') => self.listed_as_written(a, end),
                _ => None,
            };
            if let Some(o) = listed {
                out[ix].org = o;
                out[ix].flags |= LISTED;
            }
        }
        ix
    }

    fn push_place(&mut self, a: usize, b: usize, entry: NameEntry, out: &mut Vec<Raw>) -> usize {
        let ix = self.push(a, b, RawKind::Place, 0, out);
        out[ix].names = Some(entry);
        let toks = self.toks;
        self.buf.clear();
        for k in (a..b).filter(|&k| toks.toks[k].is_word()) {
            if !self.buf.is_empty() {
                self.buf.push(' ');
            }
            self.buf.push_str(toks.norm(k));
        }
        if is_demonym(&self.buf) {
            out[ix].flags |= HIDDEN;
        }
        // "San Jose, Calif.": a qualifier after a comma picks the namesake.
        out[ix].fixed = self.qualifier_after(b, &entry).unwrap_or(NO_PLACE);
        let state_before = a >= 2 && toks.is_norm(a - 1, "of") && toks.is_norm(a - 2, "state");
        let state_after = self.lowercase_word(b) && self.toks.is_norm(b, "state");
        if state_before || state_after {
            out[ix].flags |= STATE_CONTEXT;
        }
        ix
    }

    /// After a name ending at token `e`: "(ACR)" whose letters are the name's initials (or a
    /// firm's ticker, "<XON>") makes the acronym a second mention of it. Returns the token after ")".
    fn acronym(&self, e: usize, named: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let toks = self.toks;
        // A wire's ticker after a firm's name ("Exxon Corp <XON>") is that firm too, whatever
        // its letters.
        let ticker = toks.is_punct(e, '<') && toks.is_punct(e + 2, '>') && out[named].kind == RawKind::Org;
        if !(ticker || (toks.is_punct(e, '(') && toks.is_punct(e + 2, ')'))) || out[named].toks.1 != e {
            return None;
        }
        let acr_tok = &toks.toks[e + 1];
        if !acr_tok.is_word() || !acr_tok.has(CAP) {
            return None;
        }
        if !matches!(out[named].kind, RawKind::Org | RawKind::Unknown | RawKind::Place) {
            return None;
        }
        // The text of the acronym: its capitals ("BoJ" -> "BJ").
        let surface = self.surface(e + 1);
        let letters: Vec<char> =
            surface.chars().filter(|c| c.is_uppercase()).flat_map(char::to_lowercase).collect();
        if letters.len() < 2 || letters.len() > 10 {
            return None;
        }
        let (a, b) = out[named].toks;
        let words: Vec<&str> = (a..b).filter(|&k| toks.toks[k].is_word()).map(|k| self.norm(k)).collect();
        let lowercase: Vec<bool> = (a..b).filter(|&k| toks.toks[k].is_word()).map(|k| !self.cap(k)).collect();
        if !ticker && !initials_match(&letters, &words, &lowercase) {
            return None;
        }
        if out[named].kind == RawKind::Unknown {
            out[named].kind = RawKind::Org;
        }
        let kind = out[named].kind;
        let ix = self.push(e + 1, e + 2, kind, 0, out);
        out[ix].acronym_of = named;
        out[ix].names = out[named].names;
        Some(e + 3)
    }

    fn surface(&self, i: usize) -> &'a str {
        let t = &self.toks.toks[i];
        &self.text[t.start..t.end]
    }
}

/// Whether `word` is one capitalised word ending in "news" after at least two letters of a name
/// ("Wikinews", "Euronews", "EuroNews"): news outlets, never people or places. The English words
/// so spelt ("sinews", "renews") are not.
fn is_news_outlet_word(word: &str) -> bool {
    // Bytes, no allocation: this is asked of every one-word piece.
    let b = word.as_bytes();
    b.len() >= 6
        && b[0].is_ascii_uppercase()
        && b[b.len() - 4..].eq_ignore_ascii_case(b"news")
        && b.iter().all(u8::is_ascii_alphabetic)
        && !word.eq_ignore_ascii_case("sinews")
        && !word.eq_ignore_ascii_case("renews")
}

/// Whether `letters` are the initials of `words` in order. Every capitalised word may give its
/// initial (a hyphenated one, the initials of its parts: "Co-operation" -> c, o); lowercase
/// connectors may be skipped, and so may one capitalised word.
fn initials_match(letters: &[char], words: &[&str], lowercase: &[bool]) -> bool {
    fn go(letters: &[char], words: &[&str], lowercase: &[bool], skipped: bool, first: bool) -> bool {
        if letters.is_empty() {
            return !first && lowercase.iter().all(|&l| l);
        }
        let Some((&w, rest)) = words.split_first() else { return false };
        let lower = lowercase[0];
        let parts: Vec<char> = w.split('-').filter_map(|p| p.chars().next()).collect();
        // Take this word's initial, or the initials of all its hyphenated parts.
        if parts.first() == Some(&letters[0]) && go(&letters[1..], rest, &lowercase[1..], skipped, false) {
            return true;
        }
        if parts.len() > 1
            && letters.len() >= parts.len()
            && letters[..parts.len()] == parts[..]
            && go(&letters[parts.len()..], rest, &lowercase[1..], skipped, false)
        {
            return true;
        }
        // A short capitalised word gives all its letters ("U.N." -> u, n in "UNCTAD").
        let whole: Vec<char> = w.chars().filter(char::is_ascii_alphabetic).collect();
        if !lower
            && (2..=3).contains(&whole.len())
            && letters.len() > whole.len()
            && letters[..whole.len()] == whole[..]
            && go(&letters[whole.len()..], rest, &lowercase[1..], skipped, false)
        {
            return true;
        }
        if lower {
            return go(letters, rest, &lowercase[1..], skipped, first);
        }
        !first && !skipped && go(letters, rest, &lowercase[1..], true, false)
    }
    words.len() <= 16 && go(letters, words, lowercase, false, true)
}

/// Undoes two readings of short words that hold only in one case, once the tagger has read
/// the candidates (it was trained on them as the recogniser writes them):
/// * a place read in a short word in capitals that only another name of a town gives ("USI",
///   "IRNA": GeoNames lists "Usi" for Wuxi, "Irna" for Salerno);
/// * a listed organisation read in a word that the list writes only in capitals ("Who", for
///   the "WHO" of the World Health Organization).
///
/// Both become unknown words, for the resolver (which reads a bare acronym as an
/// organisation). A dateline's place and the words of an all-capitals headline are left alone.
pub(crate) fn acronyms_as_written(
    lex: &Lexicon,
    gaz: &Gazetteer,
    title: (&Tokens, Mode),
    body: &Tokens,
    raws: &mut [Raw],
) {
    for r in raws.iter_mut() {
        let toks = match r.part {
            Part::Title if title.1 != Mode::Caps => title.0,
            Part::Body => body,
            _ => continue,
        };
        let (a, b) = r.toks;
        if b != a + 1 {
            continue;
        }
        let capitals = toks.toks[a].has(UPPER);
        let misread = match r.kind {
            RawKind::Place => {
                capitals
                    && r.fixed == NO_PLACE
                    && r.names.is_some_and(|e| !gaz.capitals_may_mean(&e, toks.norm(a)))
            }
            RawKind::Org => !capitals && r.flags & LISTED != 0 && lex.org_needs_capitals(toks.norm(a)),
            _ => false,
        };
        if misread {
            r.kind = RawKind::Unknown;
            r.names = None;
            r.org = u32::MAX;
            r.flags &= !(HIDDEN | STATE_CONTEXT | LISTED);
        }
    }
}

/// A town the rules found right after a title ([`Recognizer::surnames`]) is a person's
/// surname ("President Obama", "Senator Jackson"), unless the tagger's merge made it a person
/// or an organisation or part of a longer name; a place or a word left unknown there becomes
/// the person. The recogniser hands the tagger such a word as it was trained on (a place, or an
/// unknown word for a town named like a common surname); this runs after the merge, so the
/// committed model still matches its features.
pub(crate) fn surnames_after_titles(surnames: &[Raw], raws: &mut Vec<Raw>) {
    for surname in surnames {
        let (a, b) = surname.toks;
        if let Some(r) = raws.iter_mut().find(|r| r.part == surname.part && r.toks == (a, b)) {
            if matches!(r.kind, RawKind::Place | RawKind::Unknown) {
                *r = surname.clone();
            }
            continue;
        }
        if raws.iter().any(|r| r.part == surname.part && r.toks.0 < b && a < r.toks.1) {
            continue;
        }
        // In token order among the raws of its part (an acronym refers to its name by index).
        let at = raws
            .iter()
            .position(|r| r.part == surname.part && r.toks.0 >= b)
            .or_else(|| raws.iter().rposition(|r| r.part == surname.part).map(|i| i + 1))
            .unwrap_or(if surname.part == Part::Title { 0 } else { raws.len() });
        for r in raws.iter_mut() {
            if r.acronym_of != NONE && r.acronym_of >= at {
                r.acronym_of += 1;
            }
        }
        raws.insert(at, surname.clone());
    }
}

/// The words after a one-word name that make it the head of a government, whatever else read
/// it: "the Reagan administration", "senior Reagan administration officials", "the Obama
/// presidency". Wire copy writes "Reagan administration" for years; read as an organisation
/// (or a town) it hid the president from every filter and facet. "Government" and "regime" are
/// left out: "the Labour government", "the Bonn regime" name no one.
const HEADED_BY_A_PERSON: &[&str] = &["administration", "presidency"];

/// Capitalised words before "administration" that name no one: parties and kinds of
/// government ("the Democratic administration", "Interim administration officials").
const NO_ONES_ADMINISTRATION: &[&str] = &[
    "civil",
    "colonial",
    "communist",
    "conservative",
    "current",
    "democratic",
    "federal",
    "former",
    "interim",
    "labor",
    "labour",
    "liberal",
    "local",
    "military",
    "national",
    "new",
    "next",
    "previous",
    "provincial",
    "provisional",
    "regional",
    "republican",
    "socialist",
    "state",
    "tory",
    "transitional",
];

/// Makes a person, with the evidence of a title, of a one-word name right before a word of
/// [`HEADED_BY_A_PERSON`] in lowercase, and of the name in "Reagan Administration" (in
/// capitals, when news does not write the name in lowercase: not "Veterans Administration").
/// Not a listed organisation, a country, region or demonym ("the French presidency", "the
/// Georgia administration"), nor a word of [`NO_ONES_ADMINISTRATION`]. Runs after the tagger's
/// merge, like [`surnames_after_titles`].
pub(crate) fn heads_of_administrations(gaz: &Gazetteer, texts: [&Tokens; 2], raws: &mut [Raw]) {
    for r in raws.iter_mut() {
        let toks = if r.part == Part::Title { texts[0] } else { texts[1] };
        let (a, b) = r.toks;
        if r.flags & (LISTED | HIDDEN | NESTED) != 0 || b <= a || b >= toks.len() {
            continue;
        }
        let word = &toks.toks[a];
        let key = toks.norm(a);
        let headed = match b - a {
            // After no other capitalised word but one opening a sentence ("The Reagan
            // administration"): "Ronald Reagan administration" is the rules' own.
            1 => {
                let next = &toks.toks[b];
                let before = a.checked_sub(1).map(|k| &toks.toks[k]);
                let led =
                    before.is_none_or(|t| !t.has(CAP) || t.has(SENT_START)) || toks.norm(a - 1) == "the";
                led && next.is_word() && !next.has(CAP) && HEADED_BY_A_PERSON.contains(&toks.norm(b))
            }
            2 => {
                let next = &toks.toks[a + 1];
                next.has(CAP)
                    && !next.has(UPPER)
                    && toks.norm(a + 1) == "administration"
                    && !super::tagger::common_in_lowercase(key)
            }
            _ => false,
        };
        // Not "the G8 presidency".
        let plain =
            word.is_word() && word.has(CAP) && !word.has(UPPER) && !word.has(ABBR) && !word.has(DIGIT);
        if !headed || !plain {
            continue;
        }
        let land = gaz.names.get(key).is_some_and(|e| {
            gaz.candidates(e).first().is_some_and(|&id| gaz.rec(id).kind != PlaceKind::City)
        });
        if land || is_demonym(key) || NO_ONES_ADMINISTRATION.contains(&key) {
            continue;
        }
        // Heading an administration is evidence, as a title is: "Bush" stays a person though
        // news writes "bush" in lowercase.
        r.flags |= TITLED;
        if r.kind == RawKind::Person && b == a + 1 {
            continue;
        }
        r.kind = RawKind::Person;
        r.toks.1 = a + 1;
        r.span.1 = word.end;
        r.name_end = a + 1;
        r.names = None;
        r.fixed = NO_PLACE;
        r.org = u32::MAX;
    }
}

/// What the later stages' tests start from: the tokens of `text`, the token index of each of
/// its words, and the rules' candidates for it as a body.
#[cfg(test)]
pub(crate) fn body_candidates(text: &str) -> (Tokens, Vec<usize>, Vec<Raw>) {
    let ex = super::Extractor::global();
    let mut toks = Tokens::new();
    toks.tokenize(text);
    let words: Vec<usize> = (0..toks.len()).filter(|&i| toks.toks[i].is_word()).collect();
    let mut raws = Vec::new();
    Recognizer::new(&ex.lexicon, &ex.gazetteer, text, &toks, Part::Body, Mode::Normal).run(0, &mut raws);
    (toks, words, raws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials() {
        let f = |acr: &str, name: &[&str]| {
            let letters: Vec<char> = acr.chars().collect();
            let lower: Vec<bool> = name.iter().map(|w| matches!(*w, "of" | "for" | "and" | "the")).collect();
            initials_match(&letters, name, &lower)
        };
        assert!(f("oecd", &["organisation", "for", "economic", "co-operation", "and", "development"]));
        assert!(f("kiet", &["korea", "institute", "for", "industrial", "economics", "and", "trade"]));
        assert!(f("bj", &["bank", "of", "japan"]));
        assert!(f("un", &["united", "nations"]));
        assert!(f("unctad", &["un", "conference", "on", "trade", "and", "development"]));
        assert!(!f("xyz", &["united", "nations"]));
        assert!(!f("un", &["big", "united", "nations"]), "the first word must give the first letter");
        assert!(!f("un", &["united", "nations", "security", "council"]), "every word is accounted for");
    }

    #[test]
    fn news_outlet_words() {
        for w in ["Wikinews", "Euronews", "EuroNews", "WIKINEWS"] {
            assert!(is_news_outlet_word(w), "{w}");
        }
        for w in ["News", "Anews", "Sinews", "Renews", "wikinews", "Fake-news", "Newsweek"] {
            assert!(!is_news_outlet_word(w), "{w}");
        }
    }
}
