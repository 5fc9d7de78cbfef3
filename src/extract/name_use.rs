//! What a person's or organisation's canonical name is worth to the article's lists, judged
//! once per name after the resolver: a name, no name at all (a designator, a month, a table's
//! label, a thing named after a word), a firm the rules or the tagger took for a person, a
//! plural noun, or titles alone.

use std::cell::OnceCell;

use super::gazetteer::Gazetteer;
use super::lexicon::Lexicon;
use super::recognizer::{self, Raw};
use super::resolver::{Resolved, Texts};
use super::{tagger, token};
use crate::model::EntityKind;

/// The article its names are judged in.
pub(crate) struct Judged<'a> {
    texts: &'a Texts<'a>,
    resolved: &'a [Resolved],
    raws: &'a [Raw],
    body: &'a str,
    /// Whether the story speaks of credit ratings, found out when first asked.
    about_ratings: OnceCell<bool>,
}

impl<'a> Judged<'a> {
    /// The article of `texts`: its `resolved` mentions, the `raws` they come from, its `body`.
    pub fn new(texts: &'a Texts<'a>, resolved: &'a [Resolved], raws: &'a [Raw], body: &'a str) -> Self {
        Judged { texts, resolved, raws, body, about_ratings: OnceCell::new() }
    }

    /// What the name of mention `m` is worth: [`name_use`], then what the article tells of it.
    pub fn judge(&self, lex: &Lexicon, gaz: &Gazetteer, m: &Resolved) -> NameUse {
        let (texts, resolved, raws) = (self.texts, self.resolved, self.raws);
        let key = token::phrase_key(&m.canonical);
        match name_use(lex, m.kind, &m.canonical, &key) {
            NameUse::Name
                if m.kind == EntityKind::Person && only_after_the(texts, resolved, raws, &m.canonical) =>
            {
                NameUse::NoName
            }
            NameUse::Name if m.kind == EntityKind::Person && country_first(gaz, lex, &m.canonical, &key) => {
                NameUse::NoName
            }
            NameUse::Name
                if m.kind == EntityKind::Person && plural_of_a_name(lex, texts, resolved, raws, m) =>
            {
                NameUse::NoName
            }
            NameUse::Name if only_table_labels(texts, resolved, raws, m.kind, &m.canonical) => {
                NameUse::NoName
            }
            NameUse::Name
                if m.kind == EntityKind::Organization
                    && is_rating(&m.canonical)
                    && *self.about_ratings.get_or_init(|| speaks_of_ratings(self.body)) =>
            {
                NameUse::NoName
            }
            judged => judged,
        }
    }
}

/// What a person's or organisation's canonical name is worth to the article's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameUse {
    /// A name: listed.
    Name,
    /// No name at all, whatever led the engine to it: a legal designator alone ("Co", "Ltd",
    /// from "... and Co Inc"), a contraction ("I've"), a function word in lowercase ("of").
    NoName,
    /// A person's one-word name that is the plural of a common noun ("Commons", "Investors",
    /// "Exports": news writes the word and its singular in lowercase) or of an acronym ("MPs",
    /// "CEOs"). No person unless titled ("Mr Jobs"). Surnames ending in s ("Harris",
    /// "Edwards") have no lowercase singular; a lone untitled "Woods" or "Marks" is lost.
    PluralNoun,
    /// A person named by titles alone ("President", "Secretary"): a mention, not listed.
    TitlesAlone,
    /// A "person" whose name ends as a firm's ("Warner Bros", "Morgan Stanley International",
    /// "Acme Holdings Group") or is one word with a digit ("G8", "3M"): that organisation,
    /// listed among the organisations.
    Firm,
}

/// Last words of firms' names that are no organisation keywords of the recogniser's: a
/// "person" ending with one is a firm.
const FIRM_TAILS: &[&str] = &[
    "bros",
    "brothers",
    "international",
    // Football clubs and parties.
    "albion",
    "athletic",
    "rovers",
    "united",
    "utd",
    "wanderers",
    "democrats",
    "republicans",
];

/// Last words of the names of prizes, contests, events and works, never of a person's: "Brit
/// Awards", "Davis Cup", "Winter Paralympics", "Star Wars". (Not all of the recogniser's: people
/// are named Hall, Tower or North.)
const THING_TAILS: &[&str] = &[
    "award",
    "awards",
    "championship",
    "championships",
    "conference",
    "cup",
    "festival",
    "games",
    "index",
    "marathon",
    "olympiad",
    "olympics",
    "paralympics",
    "prize",
    "project",
    "summit",
    "tournament",
    "wars",
];

/// A credit rating as agencies write it ("AAA", "BBB-minus", "Baa1"), which an acronym rule or
/// the tagger may take for an organisation ("S and P cut it to AA from AAA").
fn is_rating(name: &str) -> bool {
    if name.len() > 9 || !name.starts_with(['A', 'B', 'C']) {
        return false;
    }
    let grade = name.trim_end_matches(['+', '-']).trim_end_matches("-minus").trim_end_matches("-plus");
    let grade = grade.trim_end_matches(|c: char| matches!(c, '1'..='3'));
    matches!(grade, "AAA" | "AA" | "BBB" | "BB" | "CCC" | "CC" | "Aaa" | "Aa" | "Baa" | "Ba" | "Caa" | "Ca")
}

/// Whether a story speaks of credit ratings, where [`is_rating`] names are grades: "rating",
/// "rated", a downgrade or an upgrade.
fn speaks_of_ratings(body: &str) -> bool {
    let starts = |w: &str, p: &str| w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    body.split(|c: char| !c.is_alphabetic()).any(|w| {
        starts(w, "rating") || w.eq_ignore_ascii_case("rated") || starts(w, "downgrad") || starts(w, "upgrad")
    })
}

/// Whether every mention of the one-word name `canonical` is the label of a row of a wire table
/// or of its note ("Net 12,000 vs 140,000", "NOTE: Share adjusted for split"), a word news
/// writes in lowercase, with no title or speech verb: no name.
pub(crate) fn only_table_labels(
    texts: &Texts,
    resolved: &[Resolved],
    raws: &[Raw],
    kind: EntityKind,
    canonical: &str,
) -> bool {
    // A label is one plain word (its key is itself in lowercase): checked first, as this runs
    // for every name of every article.
    if canonical.len() > 40 || !canonical.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut seen = false;
    for m in resolved.iter().filter(|m| m.kind == kind && m.canonical == canonical) {
        let (text, _) = texts.of(m.part);
        let evidence =
            raws.get(m.raw).is_some_and(|r| r.flags & (recognizer::TITLED | recognizer::SPEECH) != 0);
        let (Some(before), Some(after)) = (text.get(..m.span.0), text.get(m.span.1..)) else { return false };
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let head = before[line_start..].trim();
        let line = after.split('\n').next().unwrap_or("");
        // Wire text is wrapped at every line: a table's row compares figures ("vs").
        let label = (head.is_empty() && line.contains(" vs ")) || head.eq_ignore_ascii_case("note:");
        if evidence || !label {
            return false;
        }
        seen = true;
    }
    seen && tagger::common_in_lowercase(&canonical.to_ascii_lowercase())
}

/// Whether a name of several words starts with a country's name, none of its words a first name
/// ("U.K. Interest rates", "U.K. Base rates"): no person's.
/// `key` is the name's [`token::phrase_key`].
pub(crate) fn country_first(gaz: &Gazetteer, lex: &Lexicon, canonical: &str, key: &str) -> bool {
    let Some((first, _)) = canonical.split_once(' ') else { return false };
    // "Briton Clive Owen", "U.S. Delegate Charles Dallara", "Jordan Bratman" are people ("uk"
    // is a first name too, so the first word counts only as a country's that names people).
    let mut words = key.split(' ');
    let named =
        words.next().is_some_and(|w| lex.is_place_first_name(w)) || words.any(|w| lex.is_first_name(w));
    !named && gaz.entry(first).is_some_and(|e| gaz.means_country(e))
}

/// Whether the one-word person of `m`, never titled, is the plural of a word the article
/// writes with a capital: "Polaroids" after "a Polaroid camera", "Paralympics" after
/// "Paralympic athletes". Not when the singular is a first name: "Williams" after "Prince
/// William", "Edwards", "Roberts" stay surnames.
fn plural_of_a_name(lex: &Lexicon, texts: &Texts, resolved: &[Resolved], raws: &[Raw], m: &Resolved) -> bool {
    let canonical = m.canonical.as_str();
    let Some(one) = canonical.strip_suffix('s') else { return false };
    if one.len() < 4
        || one.contains(' ')
        || one.ends_with('s')
        || lex.is_first_name(&one.to_ascii_lowercase())
    {
        return false;
    }
    let titled = resolved
        .iter()
        .filter(|r| r.kind == EntityKind::Person && r.canonical == canonical)
        .any(|r| raws.get(r.raw).is_some_and(|raw| raw.flags & recognizer::TITLED != 0));
    let one = one.to_ascii_lowercase();
    !titled
        && [texts.title.1, texts.body.1]
            .iter()
            .any(|toks| (0..toks.len()).any(|k| toks.toks[k].has(token::CAP) && toks.norm(k) == one))
}

/// The words after "the NAME" that make the name a person's: "the Bush administration", "the
/// Barclay twins".
const AFTER_A_PERSON: &[&str] = &[
    "administration",
    "brothers",
    "cabinet",
    "camp",
    "doctrine",
    "era",
    "family",
    "government",
    "presidency",
    "regime",
    "sisters",
    "twins",
    "years",
];

/// Whether every mention of the one-word person `canonical` comes right after "the" ("the Gulf
/// war", "the Premiership", "the Harris poll", "Top of the Pops"): the name of a thing, not of a
/// person, whatever made it look like one. A titled mention, or one followed by a word of
/// [`AFTER_A_PERSON`], keeps the person.
fn only_after_the(texts: &Texts, resolved: &[Resolved], raws: &[Raw], canonical: &str) -> bool {
    if canonical.contains(' ') {
        return false;
    }
    let mut seen = false;
    for m in resolved.iter().filter(|m| m.kind == EntityKind::Person && m.canonical == canonical) {
        let (_, toks) = texts.of(m.part);
        let (a, b) = m.toks;
        let word = |k: usize| (k < toks.len() && toks.toks[k].is_word()).then(|| toks.norm(k));
        let titled = raws.get(m.raw).is_some_and(|r| r.flags & recognizer::TITLED != 0);
        let the = a > 0 && a < b && word(a - 1) == Some("the");
        if titled || !the || word(b).is_some_and(|w| AFTER_A_PERSON.contains(&w)) {
            return false;
        }
        seen = true;
    }
    seen
}

/// The legal designators of `org_keywords.txt` that name nothing alone ("Company", from "NOTE:
/// Company's full name is ..."); not those that are also acronyms of organisations ("SAS", the
/// airline; "ASA", a soybean association).
const DESIGNATORS_ALONE: &[&str] = &[
    "co",
    "cos",
    "na",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "plc",
    "llc",
    "llp",
    "lp",
    "gmbh",
    "spa",
    "pty",
    "bhd",
    "ltda",
    "oyj",
    "bv",
];

/// What `canonical`, whose [`token::phrase_key`] is `key`, is worth as a name of `kind`, by
/// itself.
pub(crate) fn name_use(lex: &Lexicon, kind: EntityKind, canonical: &str, key: &str) -> NameUse {
    let contraction = || {
        canonical.split_once(['\'', '’']).is_some_and(|(head, tail)| {
            !head.is_empty() && matches!(tail, "ve" | "ll" | "re" | "d" | "m" | "t")
        })
    };
    // A month's abbreviation or a weekday ("Aug", from "Aug 3"; not "May", nor "DEC", Digital
    // Equipment) or a lone letter ("P", from a line of initials) names no one.
    let upper = canonical.chars().all(|c| !c.is_lowercase());
    let month = crate::calendar::english_month(key).is_some();
    let abbreviation = (key.len() == 3 && key != "may" && !upper && month) || key == "sept";
    let weekday = lex.is_calendar(key) && !month;
    let letter = canonical.chars().filter(|c| c.is_alphanumeric()).count() == 1;
    if DESIGNATORS_ALONE.contains(&key)
        || abbreviation
        || weekday
        || letter
        || contraction()
        || (canonical.starts_with(char::is_lowercase) && lex.is_stop(key))
    {
        return NameUse::NoName;
    }
    if kind != EntityKind::Person {
        return NameUse::Name;
    }
    if lex.titles.get(key).is_some() {
        return NameUse::TitlesAlone;
    }
    // No one's name holds a digit: one such word is a group, a firm or a band ("G8", "3M",
    // "U2"); a longer name, a product or a term ("Volvo S40", "Sterling M3", "Bill C-40").
    if canonical.bytes().any(|b| b.is_ascii_digit()) {
        return if key.contains(' ') { NameUse::NoName } else { NameUse::Firm };
    }
    if let Some((_, last)) = key.rsplit_once(' ') {
        // A firm's last word, an organisation keyword, or a keyword's plural after no first name
        // ("Agriculture and Commerce Departments", "SunTrust Banks"; not "Tony Banks").
        let keyword = |w: &str| lex.org_keyword(w).is_some();
        let plural = last.strip_suffix('s').is_some_and(keyword)
            && key.split_once(' ').is_some_and(|(first, _)| !lex.is_first_name(first));
        if FIRM_TAILS.contains(&last) || keyword(last) || plural {
            return NameUse::Firm;
        }
        if THING_TAILS.contains(&last) {
            return NameUse::NoName;
        }
        // A saint's name opens places and things, not people's names ("San Andreas", "Santa
        // Fe", "São Tomé") when the gazetteer does not know them.
        if key
            .split_once(' ')
            .is_some_and(|(first, _)| matches!(first, "san" | "santa" | "santo" | "sao" | "são"))
        {
            return NameUse::NoName;
        }
    } else if THING_TAILS.contains(&key) {
        // "Olympics", "Paralympics" alone.
        return NameUse::NoName;
    }
    let plural = !key.contains(' ')
        && key.len() > 3
        && key
            .strip_suffix('s')
            .is_some_and(|one| tagger::common_in_lowercase(one) && tagger::common_in_lowercase(key));
    // "MPs", "CEOs", "NGOs": the plural of an acronym.
    let acronyms = canonical
        .strip_suffix('s')
        .is_some_and(|one| one.len() >= 2 && one.bytes().all(|b| b.is_ascii_uppercase()));
    if plural || acronyms { NameUse::PluralNoun } else { NameUse::Name }
}
