//! One entity, one name across the archive. Within an article the resolver already turns
//! "Reagan" into "Ronald Reagan" when the story names him in full, but across articles two
//! things split one entity into several facet values:
//! - a wire service writes "President Reagan" for years without his first name, and those
//!   articles list a person "Reagan" beside the "Ronald Reagan" of others (bench archive: 284
//!   articles and 24);
//! - spellings: "GenCorp" and "Gencorp", "U.S. District Court" and "US District Court",
//!   "Organization of (the) Petroleum Exporting Countries", "Morgan Stanley (Group)".
//!
//! This table, computed from the whole index after each commit, maps each such name to the
//! one the archive uses most, so facets count the entity once and a filter on any of its names
//! finds all of them. Spellings are one name when they differ only in case, accents,
//! punctuation, "the" or (for organisations) a trailing legal designator or "Group" (see
//! [`spelling_key`]). A surname is mapped only when the archive leaves little doubt (see
//! [`ArchiveAliases::compute`]): the full name is most of those ending with that surname,
//! starts with a first name, the surname is hardly ever a first name itself, and the articles
//! naming the surname alone were published when the full name was in the news ("Brown" in 1987
//! is not Gordon Brown).
//!
//! The table lives beside the index in [`FILE`], keyed by the segments it was computed from: a
//! table that does not match the index a searcher sees (a commit by an older version, a write
//! interrupted between the commit and the table) is ignored, and names are shown as indexed.
//! Stored articles keep their names as extracted; the table applies when they are read.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Datelike};
use tantivy::Searcher;
use tantivy::schema::Field;

use super::minhash::Signature;
use super::store::ArchiveIndex;
use crate::model::EntityKind;
use crate::{Error, Result};

/// The table's file in the index folder.
pub const FILE: &str = "aliases.tsv";

/// A full name needs this many stories before its surname alone is read as it. Stories, not
/// articles: copies of one wire story (the same words, in any order) count once.
const MIN_FULL_STORIES: u32 = 3;
/// The full name's share (in percent) of the stories naming anyone with that surname in full.
const DOMINANT_PERCENT: u32 = 80;
/// The most stories (in percent of the surname's and the full name's) where the surname opens
/// someone's full name: "Charles" alone is not Ray Charles.
const FIRST_NAME_PERCENT: u32 = 10;
/// The share (in percent) of the dated articles naming the surname alone that must be within a
/// year of one naming the full name.
const SAME_TIME_PERCENT: u32 = 80;
/// Words that make a "full name" a title or a phrase ("Helen of Troy", "Bonnie & Clyde").
const NOT_IN_NAMES: [&str; 6] = ["of", "the", "and", "&", "for", "in"];
/// Last words an organisation's name may have or not: "Bear Stearns Cos", "Morgan Stanley
/// Group" are Bear Stearns and Morgan Stanley.
const DESIGNATORS: [&str; 14] = [
    "inc",
    "corp",
    "corporation",
    "co",
    "cos",
    "company",
    "ltd",
    "limited",
    "plc",
    "llc",
    "ag",
    "sa",
    "nv",
    "group",
];

/// What the table needs to know about words: the extractor's lists.
pub trait NameWords {
    /// A known first name (lowercase: "ronald").
    fn is_first_name(&self, word: &str) -> bool;
    /// A word news writes in lowercase ("terms", "wasps"): alone, no surname to spread.
    fn is_common_word(&self, word: &str) -> bool;
}

/// The names that stand for another across the archive, each with the name it stands for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArchiveAliases {
    /// The segments (and their deletions) the table was computed from.
    key: String,
    /// The entries as saved, searched in place (a search looks up a few names: reading the
    /// table into a map, or even finding its lines, cost more than the lookups): a line break,
    /// then for each name `KIND TAB name TAB the name it stands for` and a line break, in byte
    /// order (`KIND` is `P` for a person, `O` for an organisation).
    entries: String,
}

/// One line of the table: its kind's letter, the name and the name it stands for.
struct Entry<'a> {
    tag: u8,
    name: &'a str,
    target: &'a str,
}

/// How often the archive names one person or organisation value, and in which years.
#[derive(Debug, Default, Clone)]
struct Uses {
    /// One key per article: its words' fingerprint (equal for copies of one story), else a
    /// key of its own.
    stories: Vec<u64>,
    /// Dated articles per year of publication.
    years: BTreeMap<i32, u32>,
}

impl Uses {
    fn add(&mut self, other: &Uses) {
        self.stories.extend_from_slice(&other.stories);
        for (year, n) in &other.years {
            *self.years.entry(*year).or_default() += n;
        }
    }

    fn counted(mut self) -> Counted {
        self.stories.sort_unstable();
        self.stories.dedup();
        let stories = u32::try_from(self.stories.len()).unwrap_or(u32::MAX);
        Counted { stories, years: self.years }
    }
}

/// [`Uses`] with its stories counted.
#[derive(Debug, Default)]
struct Counted {
    stories: u32,
    years: BTreeMap<i32, u32>,
}

/// The letter of a kind in the saved table.
fn tag(kind: EntityKind) -> Option<char> {
    match kind {
        EntityKind::Person => Some('P'),
        EntityKind::Organization => Some('O'),
        EntityKind::Place => None,
    }
}

impl ArchiveAliases {
    /// The table of `(kind, name) -> the name it stands for` entries.
    fn new(key: String, entries: &BTreeMap<(char, String), String>) -> ArchiveAliases {
        let mut text = String::from("\n");
        for ((tag, name), target) in entries {
            text.push(*tag);
            text.push('\t');
            text.push_str(name);
            text.push('\t');
            text.push_str(target);
            text.push('\n');
        }
        ArchiveAliases { key, entries: text }
    }

    /// The line of `entries` from `start` to `end`, or `None` if it is not an entry.
    fn entry(&self, start: usize, end: usize) -> Option<Entry<'_>> {
        let line = &self.entries[start..end];
        let (tag, rest) = line.split_once('\t')?;
        let (name, target) = rest.split_once('\t')?;
        Some(Entry { tag: *tag.as_bytes().first()?, name, target })
    }

    /// Every entry, in order.
    fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        let mut start = 1;
        // `str`'s own search, not the `memchr` crate's (see `target`).
        self.entries.match_indices('\n').map(|(end, _)| end).skip(1).filter_map(move |end| {
            let entry = self.entry(start.min(end), end);
            start = end + 1;
            entry
        })
    }

    /// The name `name` of `kind` stands for, if the table has it: a binary search of the
    /// sorted lines, each step reading the line around the middle of the bytes left.
    fn target(&self, kind: EntityKind, name: &str) -> Option<&str> {
        let tag = tag(kind)? as u8;
        let bytes = self.entries.as_bytes();
        // `lo` and `hi` are the starts of lines (or the end).
        let (mut lo, mut hi) = (1, bytes.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            // Plain scans: lines are a few dozen bytes, and the `memchr` crate's first call
            // asks the processor for its features (`cpuid`, a trap to the hypervisor in a
            // virtual machine), a cost every fresh search that shows a hit paid for this.
            let start = bytes[lo..mid].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
            let end = bytes[start..hi].iter().position(|&b| b == b'\n').map_or(hi, |i| start + i);
            match order(&bytes[start..end], tag, name.as_bytes()) {
                Ordering::Less => lo = end + 1,
                Ordering::Greater => hi = start,
                // The line is `tag TAB name TAB target`.
                Ordering::Equal => return self.entries.get(start + name.len() + 3..end),
            }
        }
        None
    }

    /// The name to show and count for the value `name` of `kind`.
    pub fn canonical<'a>(&'a self, kind: EntityKind, name: &'a str) -> &'a str {
        self.target(kind, name).unwrap_or(name)
    }

    /// `names` of `kind`, each as [`Self::canonical`], duplicates dropped, order kept.
    pub fn canonical_list(&self, kind: EntityKind, names: Vec<String>) -> Vec<String> {
        if self.is_empty() {
            return names;
        }
        let mut out: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            let name = match self.target(kind, &name) {
                Some(target) => target.to_string(),
                None => name,
            };
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// Every value of `kind` counted as `canonical`: itself first, then the names that stand
    /// for it.
    pub fn names_of<'a>(&'a self, kind: EntityKind, canonical: &'a str) -> Vec<&'a str> {
        let mut out = vec![canonical];
        let Some(tag) = tag(kind) else { return out };
        out.extend(self.entries().filter(|e| e.tag == tag as u8 && e.target == canonical).map(|e| e.name));
        out
    }

    /// The names of `kind` that stand for one of `canonicals`, each with the one it stands for
    /// (one pass over the table).
    pub fn standing_for<'a>(&'a self, kind: EntityKind, canonicals: &[&str]) -> Vec<(&'a str, &'a str)> {
        let Some(tag) = tag(kind) else { return Vec::new() };
        self.entries()
            .filter(|e| e.tag == tag as u8 && canonicals.contains(&e.target))
            .map(|e| (e.name, e.target))
            .collect()
    }

    /// Whether some name of `kind` stands for another.
    pub fn has(&self, kind: EntityKind) -> bool {
        tag(kind).is_some_and(|tag| self.entries().any(|e| e.tag == tag as u8))
    }

    /// True when no name stands for another.
    pub fn is_empty(&self) -> bool {
        self.entries.len() <= 1
    }

    /// Computes the table from every article `searcher` sees.
    ///
    /// Spellings of one name ([`spelling_key`]) stand for the one most stories use. Then a
    /// one-word person `S` stands for the full name `F` when all of these hold:
    /// 1. `F` is the person ending with the word `S` named by the most stories: at least
    ///    [`MIN_FULL_STORIES`], and [`DOMINANT_PERCENT`] of those naming anyone `... S`;
    /// 2. `F` opens with a first name and reads as a name ("Mines Subroto", "Injured Chelsea",
    ///    "Helen of Troy" are the extractor's slips or titles, not names to spread);
    /// 3. `S` is no word news writes in lowercase, and opens a full name in few stories
    ///    ([`FIRST_NAME_PERCENT`]);
    /// 4. if the articles naming `S` alone are dated, [`SAME_TIME_PERCENT`] of them are within a
    ///    year of an article naming `F` (undated ones are not counted either way).
    pub fn compute(
        archive: &ArchiveIndex,
        searcher: &Searcher,
        words: &dyn NameWords,
    ) -> Result<ArchiveAliases> {
        let mut entries: BTreeMap<(char, String), String> = BTreeMap::new();
        let kinds = [EntityKind::Person, EntityKind::Organization];
        let all_uses = uses_of(archive, searcher, [archive.fields.people, archive.fields.organizations])?;
        for (kind, uses) in kinds.into_iter().zip(all_uses) {
            let spelled = spellings(kind, &uses);
            let mut merged: HashMap<&str, Uses> = HashMap::new();
            for (name, u) in &uses {
                let canonical = spelled.get(name.as_str()).copied().unwrap_or(name);
                merged.entry(canonical).or_default().add(u);
            }
            let merged: HashMap<&str, Counted> = merged.into_iter().map(|(n, u)| (n, u.counted())).collect();
            let surnames = if kind == EntityKind::Person { surnames(&merged, words) } else { HashMap::new() };
            let tag = if kind == EntityKind::Person { 'P' } else { 'O' };
            for name in uses.keys() {
                let canonical = spelled.get(name.as_str()).copied().unwrap_or(name);
                let target = surnames.get(canonical).copied().unwrap_or(canonical);
                // A tab or a line break would not survive the saved table.
                if target != name && ![name.as_str(), target].iter().any(|n| n.contains(['\t', '\n', '\r'])) {
                    entries.insert((tag, name.clone()), target.to_string());
                }
            }
        }
        Ok(ArchiveAliases::new(key_of(searcher), &entries))
    }

    /// Writes the table into the index folder (a temporary file renamed, so a reader sees the
    /// old table or the new one): the key on the first line, then one entry per line. A search
    /// reads it whole, so it is kept this plain (a JSON object of the bench archive's surnames
    /// took 90,000 instructions to read, 1.5% of a one-shot search).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(FILE);
        let temporary = dir.join(format!("{FILE}.tmp"));
        std::fs::write(&temporary, format!("{}{}", self.key, self.entries))
            .map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| Error::io(&path, e))
    }

    /// The table saved for the index `searcher` sees; empty when there is none, it cannot be
    /// read, or it was computed from other segments.
    pub fn load(dir: &Path, searcher: &Searcher) -> ArchiveAliases {
        Self::saved_for(dir, searcher).unwrap_or_default()
    }

    /// The table saved for the index `searcher` sees, if there is one.
    pub fn saved_for(dir: &Path, searcher: &Searcher) -> Option<ArchiveAliases> {
        let mut text = std::fs::read_to_string(dir.join(FILE)).ok()?;
        let end = text.find('\n').unwrap_or(text.len());
        if text[..end] != key_of(searcher) {
            return None;
        }
        let entries = text.split_off(end);
        Some(ArchiveAliases { key: text, entries })
    }
}

/// How the table's line `line` (`tag TAB name TAB target`) sorts against the entry `tag`,
/// `name`: as the line's bytes against `tag TAB name TAB`, which is the order of (tag, name)
/// for names without control characters.
fn order(line: &[u8], tag: u8, name: &[u8]) -> Ordering {
    let Some((&line_tag, rest)) = line.split_first() else { return Ordering::Less };
    line_tag.cmp(&tag).then_with(|| {
        let rest = rest.get(1..).unwrap_or_default();
        match rest.get(..name.len()) {
            Some(same) if same == name => rest.get(name.len()).map_or(Ordering::Less, |b| b.cmp(&b'\t')),
            Some(prefix) => prefix.cmp(name),
            None => rest.cmp(name),
        }
    })
}

/// What spellings of one name have in common: the name's words without case, accents or
/// punctuation, without "the", and for an organisation without a last designator or "Group"
/// ("Bear Stearns Cos", "Morgan Stanley Group") while another word remains. Empty for a name
/// with no letter or digit.
pub fn spelling_key(kind: EntityKind, name: &str) -> String {
    let folded = deunicode::deunicode(name).to_lowercase();
    let cleaned: String = folded.chars().filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace()).collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().filter(|w| *w != "the").collect();
    if kind == EntityKind::Organization {
        while words.len() > 1 && words.last().is_some_and(|w| DESIGNATORS.contains(w)) {
            words.pop();
        }
    }
    words.join(" ")
}

/// Each name that is another spelling of a name more stories use, with that name.
fn spellings(kind: EntityKind, uses: &HashMap<String, Uses>) -> HashMap<&str, &str> {
    let mut groups: HashMap<String, Vec<(&str, u32, u32)>> = HashMap::new();
    for (name, u) in uses {
        let key = spelling_key(kind, name);
        if key.is_empty() {
            continue;
        }
        let mut stories = u.stories.clone();
        stories.sort_unstable();
        stories.dedup();
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        groups.entry(key).or_default().push((name.as_str(), n(stories.len()), n(u.stories.len())));
    }
    let mut out = HashMap::new();
    for names in groups.values().filter(|names| names.len() > 1) {
        // A typist's slip last ("WIlliam D. Dickey"), then most stories, then most articles,
        // then the first in byte order.
        let rank = |&(name, stories, articles): &(&str, u32, u32)| (!slipped_shift(name), stories, articles);
        let Some(&(best, ..)) = names.iter().max_by(|a, b| rank(a).cmp(&rank(b)).then(b.0.cmp(a.0))) else {
            continue;
        };
        for &(name, ..) in names {
            if name != best {
                out.insert(name, best);
            }
        }
    }
    out
}

/// Whether a word of `name` has its second letter capitalised by a slip of the shift key:
/// two capitals, then lowercase ("WIlliam", "MArk"; "USAir" and "McMoRan" are written so).
fn slipped_shift(name: &str) -> bool {
    name.split_whitespace().any(|word| {
        let mut chars = word.chars();
        matches!((chars.next(), chars.next(), chars.next()),
            (Some(a), Some(b), Some(c)) if a.is_uppercase() && b.is_uppercase() && c.is_lowercase())
    })
}

/// Each one-word person that stands for a full name (rules in [`ArchiveAliases::compute`]).
fn surnames<'a>(people: &HashMap<&'a str, Counted>, words: &dyn NameWords) -> HashMap<&'a str, &'a str> {
    let mut by_last: HashMap<&str, Vec<(&str, &Counted)>> = HashMap::new();
    let mut opening: HashMap<&str, u32> = HashMap::new();
    for (&name, u) in people {
        let words: Vec<&str> = name.split_whitespace().collect();
        if let [first, .., last] = words[..] {
            by_last.entry(last).or_default().push((name, u));
            *opening.entry(first).or_default() += u.stories;
        }
    }
    let mut out = HashMap::new();
    for (&surname, alone) in people {
        if surname.contains(char::is_whitespace)
            || !surname.starts_with(char::is_uppercase)
            || words.is_common_word(&surname.to_lowercase())
        {
            continue;
        }
        let Some(full_names) = by_last.get(surname) else { continue };
        let all: u32 = full_names.iter().map(|(_, u)| u.stories).sum();
        let Some(&(full, f)) =
            full_names.iter().max_by(|a, b| a.1.stories.cmp(&b.1.stories).then(b.0.cmp(a.0)))
        else {
            continue;
        };
        let first = full.split_whitespace().next().unwrap_or_default().trim_end_matches('.').to_lowercase();
        let opens = opening.get(surname).copied().unwrap_or(0);
        if f.stories < MIN_FULL_STORIES
            || f.stories * 100 < all * DOMINANT_PERCENT
            || !words.is_first_name(&first)
            || full.split_whitespace().any(|w| NOT_IN_NAMES.contains(&w.to_lowercase().as_str()))
            || opens * 100 > (f.stories + alone.stories) * FIRST_NAME_PERCENT
            || !same_time(alone, f)
        {
            continue;
        }
        out.insert(surname, full);
    }
    out
}

/// The segments a searcher sees and the deletions in each, in one string.
fn key_of(searcher: &Searcher) -> String {
    let mut parts: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|s| format!("{}:{}", s.segment_id().uuid_string(), s.num_deleted_docs()))
        .collect();
    parts.sort();
    parts.join(",")
}

/// Whether the dated articles naming a surname alone were published near those naming the full
/// name.
fn same_time(alone: &Counted, full: &Counted) -> bool {
    let dated: u32 = alone.years.values().sum();
    if dated == 0 {
        return true;
    }
    let near: u32 = alone
        .years
        .iter()
        .filter(|(year, _)| full.years.range(*year - 1..=*year + 1).next().is_some())
        .map(|(_, n)| n)
        .sum();
    near * 100 >= dated * SAME_TIME_PERCENT
}

/// Every value of each raw entity field of `fields` with its articles' stories and years, in
/// one pass over the articles (an article's year and fingerprint are read once). Each
/// segment's names are read once, in one pass over its dictionary.
fn uses_of<const N: usize>(
    archive: &ArchiveIndex,
    searcher: &Searcher,
    fields: [Field; N],
) -> Result<[HashMap<String, Uses>; N]> {
    let schema = archive.index.schema();
    let date = schema.get_field_name(archive.fields.date);
    let minhash = schema.get_field_name(archive.fields.minhash);
    let mut out: [HashMap<String, Uses>; N] = std::array::from_fn(|_| HashMap::new());
    // Keys for articles without a fingerprint, counted down from the top of the range.
    let mut own_key = u64::MAX;
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let mut columns = Vec::with_capacity(N);
        for field in fields {
            columns.push(fast.str(schema.get_field_name(field))?);
        }
        let dates = fast.date(date)?;
        let signatures = fast.u64(minhash)?;
        let mut per_ord: Vec<Vec<Uses>> = columns
            .iter()
            .map(|c| c.as_ref().map_or_else(Vec::new, |c| vec![Uses::default(); c.num_terms()]))
            .collect();
        for doc in segment.doc_ids_alive() {
            if !columns.iter().flatten().any(|c| c.term_ords(doc).next().is_some()) {
                continue;
            }
            let year = dates
                .first(doc)
                .and_then(|d| DateTime::from_timestamp(d.into_timestamp_secs(), 0))
                .map(|d| d.year());
            let story = match Signature::from_column_values(signatures.values_for_doc(doc)).words {
                0 => {
                    own_key -= 1;
                    own_key
                }
                words => words,
            };
            for (column, uses) in columns.iter().zip(per_ord.iter_mut()) {
                let Some(column) = column else { continue };
                for ord in column.term_ords(doc) {
                    let Some(u) = uses.get_mut(ord as usize) else { continue };
                    u.stories.push(story);
                    if let Some(year) = year {
                        *u.years.entry(year).or_default() += 1;
                    }
                }
            }
        }
        for ((column, uses), out) in columns.iter().zip(&per_ord).zip(out.iter_mut()) {
            let Some(column) = column else { continue };
            let mut stream = column.dictionary().stream().map_err(|e| Error::io(&archive.path, e))?;
            while stream.advance() {
                let Some(u) = uses.get(stream.term_ord() as usize) else { continue };
                if !u.stories.is_empty() {
                    out.entry(String::from_utf8_lossy(stream.key()).into_owned()).or_default().add(u);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::index::document::{FileStamp, to_document};
    use crate::model::Article;
    use chrono::{TimeZone, Utc};

    fn archive_of(articles: &[(&[&str], Option<i32>)]) -> (tempfile::TempDir, ArchiveIndex) {
        archive_with(articles, |_| "Text.".into())
    }

    /// An index of one article per entry, the `n`th with the body `body(n)`.
    fn archive_with(
        articles: &[(&[&str], Option<i32>)],
        body: impl Fn(usize) -> String,
    ) -> (tempfile::TempDir, ArchiveIndex) {
        let dir = tempfile::tempdir().unwrap();
        let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let mut writer = archive.index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (n, (people, year)) in articles.iter().enumerate() {
            let article = Article {
                source: format!("a{n}.txt"),
                title: format!("Story {n}"),
                body: body(n),
                date: year.map(|y| Utc.with_ymd_and_hms(y, 6, 1, 0, 0, 0).unwrap()),
                // Names starting with "@" are organisations.
                people: people.iter().filter(|p| !p.starts_with('@')).map(|p| p.to_string()).collect(),
                organizations: people
                    .iter()
                    .filter_map(|p| p.strip_prefix('@'))
                    .map(str::to_string)
                    .collect(),
                ..Article::default()
            };
            let stamp = FileStamp { file: &article.source, mtime: 0, size: 0 };
            writer.add_document(to_document(&archive.fields, &article, stamp)).unwrap();
        }
        writer.commit().unwrap();
        (dir, archive)
    }

    /// A table of the given person name -> full name pairs, for the tests of other modules.
    pub(crate) fn table_of(pairs: &[(&str, &str)]) -> ArchiveAliases {
        let entries = pairs.iter().map(|(s, f)| (('P', s.to_string()), f.to_string())).collect();
        ArchiveAliases::new(String::new(), &entries)
    }

    const P: EntityKind = EntityKind::Person;

    struct Words;

    impl NameWords for Words {
        fn is_first_name(&self, word: &str) -> bool {
            ["ronald", "nancy", "ray", "charles", "gordon", "george", "helen"].contains(&word)
        }
        fn is_common_word(&self, word: &str) -> bool {
            word == "terms"
        }
    }

    fn table(articles: &[(&[&str], Option<i32>)]) -> ArchiveAliases {
        let (_dir, archive) = archive_of(articles);
        let searcher = archive.reader().unwrap().searcher();
        ArchiveAliases::compute(&archive, &searcher, &Words).unwrap()
    }

    #[test]
    fn a_surname_alone_is_the_full_name_the_archive_gives_it() {
        let mut articles: Vec<(&[&str], Option<i32>)> = vec![(&["Reagan"], None); 5];
        articles.extend([(&["Ronald Reagan"][..], None); 4]);
        articles.push((&["Nancy Reagan"], None));
        let t = table(&articles);
        assert_eq!(t.canonical(P, "Reagan"), "Ronald Reagan");
        assert_eq!(t.canonical(EntityKind::Organization, "Reagan"), "Reagan");
        assert_eq!(t.names_of(P, "Ronald Reagan"), ["Ronald Reagan", "Reagan"]);
        assert_eq!(t.names_of(P, "Nancy Reagan"), ["Nancy Reagan"]);
        assert_eq!(
            t.canonical_list(P, vec!["Reagan".into(), "Ronald Reagan".into(), "Nancy Reagan".into()]),
            ["Ronald Reagan", "Nancy Reagan"]
        );
    }

    #[test]
    fn doubt_leaves_a_surname_alone() {
        // Two full names share the surname evenly.
        let mut even: Vec<(&[&str], Option<i32>)> = vec![(&["Bush"], None); 3];
        even.extend([(&["George Bush"][..], None); 3]);
        even.extend([(&["George W Bush"][..], None); 3]);
        assert!(table(&even).is_empty());
        // Too few articles name him in full.
        assert!(
            table(&[(&["Phelps"], None), (&["Ronald Phelps"], None), (&["Ronald Phelps"], None)]).is_empty()
        );
        // A title, not a name.
        let mut title: Vec<(&[&str], Option<i32>)> = vec![(&["Troy"], None)];
        title.extend([(&["Helen of Troy"][..], None); 4]);
        assert!(table(&title).is_empty());
        // A word news writes in lowercase.
        let mut word: Vec<(&[&str], Option<i32>)> = vec![(&["Terms"], None)];
        word.extend([(&["Ray Terms"][..], None); 4]);
        assert!(table(&word).is_empty());
        // The full name does not open with a first name.
        let mut slip: Vec<(&[&str], Option<i32>)> = vec![(&["Subroto"], None)];
        slip.extend([(&["Mines Subroto"][..], None); 4]);
        assert!(table(&slip).is_empty());
        // The surname is a first name in this archive: "Charles Kennedy".
        let mut charles: Vec<(&[&str], Option<i32>)> = vec![(&["Charles"], None); 2];
        charles.extend([(&["Ray Charles"][..], None); 4]);
        charles.extend([(&["Charles Kennedy"][..], None); 4]);
        assert_eq!(table(&charles).canonical(P, "Charles"), "Charles");
    }

    #[test]
    fn spellings_of_one_name_are_one_name() {
        let mut articles: Vec<(&[&str], Option<i32>)> = vec![(&["@GenCorp", "George W. Bush"], None); 3];
        articles.extend([
            (&["@Gencorp", "George W Bush"][..], None),
            (&["@Morgan Stanley Group", "@U.S. District Court"][..], None),
            (&["@Morgan Stanley", "@US District Court"][..], None),
            (&["@Morgan Stanley", "@U.S. District Court"][..], None),
            (&["@Organization of the Petroleum Exporting Countries"][..], None),
            (&["@Organization of Petroleum Exporting Countries"][..], None),
            (&["@Organization of Petroleum Exporting Countries"][..], None),
            (&["@Group", "@SA", "William Dickey"][..], None),
            (&["WIlliam Dickey"][..], None),
            (&["WIlliam Dickey"][..], None),
        ]);
        let t = table(&articles);
        let o = EntityKind::Organization;
        assert_eq!(t.canonical(o, "Gencorp"), "GenCorp");
        assert_eq!(t.canonical(P, "George W Bush"), "George W. Bush");
        assert_eq!(t.canonical(o, "Morgan Stanley Group"), "Morgan Stanley");
        assert_eq!(t.canonical(o, "US District Court"), "U.S. District Court");
        assert_eq!(
            t.canonical(o, "Organization of the Petroleum Exporting Countries"),
            "Organization of Petroleum Exporting Countries"
        );
        // A slip of the shift key is never the name kept, however many copies carry it.
        assert_eq!(t.canonical(P, "WIlliam Dickey"), "William Dickey");
        assert!(slipped_shift("MArk IV Industries") && !slipped_shift("USAir") && !slipped_shift("McMoRan"));
        // Designators alone are no spelling of each other.
        assert_eq!(t.canonical(o, "SA"), "SA");
        assert_eq!(t.names_of(o, "GenCorp"), ["GenCorp", "Gencorp"]);
        // A person's spelling is no organisation's.
        assert_eq!(t.canonical(o, "George W Bush"), "George W Bush");
        assert_eq!(spelling_key(o, "Bear Stearns Cos."), "bear stearns");
        assert_eq!(spelling_key(P, "José  Sócrates"), "jose socrates");
    }

    #[test]
    fn every_entry_is_found_and_nothing_else() {
        let mut entries = BTreeMap::new();
        for n in 0..300 {
            let tag = if n % 3 == 0 { 'O' } else { 'P' };
            entries.insert((tag, format!("Name {n} é")), format!("Target {n}"));
        }
        let t = ArchiveAliases::new("k".into(), &entries);
        for ((tag, name), target) in &entries {
            let kind = if *tag == 'O' { EntityKind::Organization } else { P };
            assert_eq!(t.target(kind, name), Some(target.as_str()), "{name}");
            let other = if *tag == 'O' { P } else { EntityKind::Organization };
            assert_eq!(t.target(other, name), None, "{name}");
        }
        for absent in ["", "Name", "Name 1", "Name 300 é", "Zed", "\t", "Name 3 é\tTarget 3"] {
            assert_eq!(t.target(P, absent), None, "{absent:?}");
        }
        assert_eq!(t.names_of(EntityKind::Organization, "Target 3"), ["Target 3", "Name 3 é"]);
        assert!(t.has(P) && t.has(EntityKind::Organization) && !t.has(EntityKind::Place));
        // A damaged table finds what it can and never panics.
        let damaged = ArchiveAliases { key: String::new(), entries: "\nP\tA\nno tabs\n\t\t\nP\tB\tC".into() };
        assert_eq!(damaged.target(P, "A"), None, "a line without its target");
        for name in ["B", "no tabs", "", "\t", "Z"] {
            let _ = damaged.target(P, name);
        }
        let unbroken = ArchiveAliases { key: String::new(), entries: "\nP\tA\tB\nP\tC\tD".into() };
        assert_eq!(unbroken.target(P, "C"), Some("D"), "a last line without its line break");
        assert_eq!(unbroken.target(P, "A"), Some("B"));
    }

    #[test]
    fn copies_of_one_story_count_once() {
        let mut articles: Vec<(&[&str], Option<i32>)> = vec![(&["Reagan"], None); 2];
        articles.extend([(&["Ronald Reagan"][..], None); 3]);
        let words = |story: usize| format!("The president spoke about the budget in story number {story}.");
        // Three articles, three stories: the surname is read as the full name.
        let (_dir, archive) = archive_with(&articles, words);
        let searcher = archive.reader().unwrap().searcher();
        assert!(!ArchiveAliases::compute(&archive, &searcher, &Words).unwrap().is_empty());
        // The three articles naming him in full are copies of one story.
        let (_dir, archive) = archive_with(&articles, |n| words(n.min(2)));
        let searcher = archive.reader().unwrap().searcher();
        assert!(ArchiveAliases::compute(&archive, &searcher, &Words).unwrap().is_empty());
    }

    #[test]
    fn a_surname_alone_in_another_era_is_someone_else() {
        let mut then: Vec<(&[&str], Option<i32>)> = vec![(&["Brown"], Some(1987)); 4];
        then.extend([(&["Gordon Brown"][..], Some(2005)); 4]);
        assert!(table(&then).is_empty());
        let mut now: Vec<(&[&str], Option<i32>)> = vec![(&["Brown"], Some(2004)); 4];
        now.extend([(&["Gordon Brown"][..], Some(2005)); 4]);
        assert_eq!(table(&now).canonical(P, "Brown"), "Gordon Brown");
    }

    #[test]
    fn a_table_of_other_segments_is_ignored() {
        let mut articles: Vec<(&[&str], Option<i32>)> = vec![(&["Reagan"], None); 2];
        articles.extend([(&["Ronald Reagan"][..], None); 3]);
        let (_dir, archive) = archive_of(&articles);
        let searcher = archive.reader().unwrap().searcher();
        let t = ArchiveAliases::compute(&archive, &searcher, &Words).unwrap();
        t.save(&archive.path).unwrap();
        assert_eq!(ArchiveAliases::load(&archive.path, &searcher), t);
        let mut writer: tantivy::IndexWriter = archive.index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.delete_term(tantivy::Term::from_field_text(archive.fields.file, "a0.txt"));
        writer.commit().unwrap();
        let later = archive.reader().unwrap().searcher();
        assert!(ArchiveAliases::load(&archive.path, &later).is_empty());
        // An empty table is a table: a run with nothing to commit need not compute it again.
        let (_other, archive) = archive_of(&[(&["Ana Ruiz"], None)]);
        let searcher = archive.reader().unwrap().searcher();
        let empty = ArchiveAliases::compute(&archive, &searcher, &Words).unwrap();
        assert!(empty.is_empty());
        empty.save(&archive.path).unwrap();
        assert_eq!(ArchiveAliases::saved_for(&archive.path, &searcher), Some(empty));
    }
}
