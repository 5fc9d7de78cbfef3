//! One person, one name across the archive. Within an article the resolver already turns "Reagan"
//! into "Ronald Reagan" when the story names him in full; but a wire service writes "President
//! Reagan" for years without his first name, and those articles list a person "Reagan" beside
//! the "Ronald Reagan" of others (bench archive: 284 articles and 24). This table, computed
//! from the whole index after each commit, maps such a surname to the one full name the
//! archive gives it, so facets count the person once and a filter on either name finds both.
//!
//! A surname is mapped only when the archive leaves little doubt (see [`PersonAliases::compute`]):
//! the full name is most of those ending with that surname, starts with a first name, the
//! surname is hardly ever a first name itself, and the articles naming the surname alone were
//! published when the full name was in the news ("Brown" in 1987 is not Gordon Brown).
//!
//! The table lives beside the index in [`FILE`], keyed by the segments it was computed from: a
//! table that does not match the index a searcher sees (a commit by an older version, a write
//! interrupted between the commit and the table) is ignored, and names are shown as indexed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Datelike};
use tantivy::Searcher;

use super::minhash::Signature;
use super::store::ArchiveIndex;
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
/// Words that make a "full name" a title or a phrase ("Helen of Troy", "Bonnie & Clyde").
const NOT_IN_NAMES: [&str; 6] = ["of", "the", "and", "&", "for", "in"];

/// What the table needs to know about words: the extractor's lists.
pub trait NameWords {
    /// A known first name (lowercase: "ronald").
    fn is_first_name(&self, word: &str) -> bool;
    /// A word news writes in lowercase ("terms", "wasps"): alone, no surname to spread.
    fn is_common_word(&self, word: &str) -> bool;
}
/// The share (in percent) of the dated articles naming the surname alone that must be within a
/// year of one naming the full name.
const SAME_TIME_PERCENT: u32 = 80;

/// Surnames that stand for one full name across the archive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonAliases {
    /// The segments (and their deletions) the table was computed from.
    key: String,
    /// The pairs as saved, read in place (a search looks up a few names; parsing the table
    /// into a map cost more than the lookups): a line break, then `surname TAB full name` and
    /// a line break for each surname, in the order of the surnames.
    pairs: String,
    /// Each line of `pairs`: where its surname starts, its tab, its end.
    lines: Vec<(usize, usize, usize)>,
}

/// How often the archive names one person value, and in which years.
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
}

/// [`Uses`] with its stories counted.
#[derive(Debug)]
struct Counted {
    stories: u32,
    years: BTreeMap<i32, u32>,
}

impl PersonAliases {
    /// The table of the `surname -> full name` pairs of `people`.
    fn new(key: String, people: &BTreeMap<String, String>) -> PersonAliases {
        let mut pairs = String::from("\n");
        for (surname, full) in people {
            pairs.push_str(surname);
            pairs.push('\t');
            pairs.push_str(full);
            pairs.push('\n');
        }
        Self::read(key, pairs)
    }

    /// The table of saved `pairs`, its lines found.
    fn read(key: String, pairs: String) -> PersonAliases {
        let mut lines = Vec::new();
        let mut start = 1;
        for end in memchr::memchr_iter(b'\n', pairs.as_bytes()).skip(1) {
            if let Some(tab) = memchr::memchr(b'\t', &pairs.as_bytes()[start..end]) {
                lines.push((start, start + tab, end));
            }
            start = end + 1;
        }
        PersonAliases { key, pairs, lines }
    }

    /// The table's entry for a surname: the surname and its full name, as the table holds them.
    fn entry(&self, surname: &str) -> Option<(&str, &str)> {
        let i = self.lines.binary_search_by(|&(start, tab, _)| self.pairs[start..tab].cmp(surname)).ok()?;
        let (start, tab, end) = self.lines[i];
        Some((&self.pairs[start..tab], &self.pairs[tab + 1..end]))
    }

    /// The full name a surname stands for.
    fn full_name_of(&self, surname: &str) -> Option<&str> {
        self.entry(surname).map(|(_, full)| full)
    }

    /// The name to show and count for the person value `name`.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.full_name_of(name).unwrap_or(name)
    }

    /// `names` with each surname replaced by its full name, duplicates dropped, order kept.
    pub fn canonical_list(&self, names: Vec<String>) -> Vec<String> {
        if self.is_empty() {
            return names;
        }
        let mut out: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            let name = match self.full_name_of(&name) {
                Some(full) => full.to_string(),
                None => name,
            };
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// The surname that stands for `name` elsewhere in the archive, if any.
    pub fn short_form(&self, name: &str) -> Option<&str> {
        let (surname, full) = self.entry(name.split_whitespace().last()?)?;
        (full == name.trim()).then_some(surname)
    }

    /// The surname -> full name pairs.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lines.iter().map(|&(start, tab, end)| (&self.pairs[start..tab], &self.pairs[tab + 1..end]))
    }

    /// True when no surname is mapped.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Computes the table from every article `searcher` sees.
    ///
    /// A one-word person `S` is read as the full name `F` when all of these hold:
    /// 1. `F` is the person value ending with the word `S` named by the most stories: at least
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
    ) -> Result<PersonAliases> {
        let uses: HashMap<String, Counted> = person_uses(archive, searcher)?
            .into_iter()
            .map(|(name, mut u)| {
                u.stories.sort_unstable();
                u.stories.dedup();
                let stories = u32::try_from(u.stories.len()).unwrap_or(u32::MAX);
                (name, Counted { stories, years: u.years })
            })
            .collect();
        let mut by_last: HashMap<&str, Vec<(&str, &Counted)>> = HashMap::new();
        let mut opening: HashMap<&str, u32> = HashMap::new();
        for (name, u) in &uses {
            let words: Vec<&str> = name.split_whitespace().collect();
            if let [first, .., last] = words[..] {
                by_last.entry(last).or_default().push((name.as_str(), u));
                *opening.entry(first).or_default() += u.stories;
            }
        }
        let mut people = BTreeMap::new();
        for (surname, alone) in &uses {
            if surname.contains(char::is_whitespace)
                || !surname.starts_with(char::is_uppercase)
                || words.is_common_word(&surname.to_lowercase())
            {
                continue;
            }
            let Some(full_names) = by_last.get(surname.as_str()) else { continue };
            let all: u32 = full_names.iter().map(|(_, u)| u.stories).sum();
            let Some(&(full, f)) =
                full_names.iter().max_by(|a, b| a.1.stories.cmp(&b.1.stories).then(b.0.cmp(a.0)))
            else {
                continue;
            };
            let first =
                full.split_whitespace().next().unwrap_or_default().trim_end_matches('.').to_lowercase();
            let opens = opening.get(surname.as_str()).copied().unwrap_or(0);
            // A tab or a line break would not survive the saved table.
            if f.stories < MIN_FULL_STORIES
                || full.contains(['\t', '\n', '\r'])
                || f.stories * 100 < all * DOMINANT_PERCENT
                || !words.is_first_name(&first)
                || full.split_whitespace().any(|w| NOT_IN_NAMES.contains(&w.to_lowercase().as_str()))
                || opens * 100 > (f.stories + alone.stories) * FIRST_NAME_PERCENT
                || !same_time(alone, f)
            {
                continue;
            }
            people.insert(surname.clone(), full.to_string());
        }
        Ok(PersonAliases::new(key_of(searcher), &people))
    }

    /// Writes the table into the index folder (a temporary file renamed, so a reader sees the
    /// old table or the new one): the key on the first line, then one `surname TAB full name`
    /// per line. A search reads it whole, so it is kept this plain (a JSON object of the same
    /// pairs took 90,000 instructions to read, 1.5% of a one-shot search).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(FILE);
        let temporary = dir.join(format!("{FILE}.tmp"));
        std::fs::write(&temporary, format!("{}{}", self.key, self.pairs))
            .map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| Error::io(&path, e))
    }

    /// The table saved for the index `searcher` sees; empty when there is none, it cannot be
    /// read, or it was computed from other segments.
    pub fn load(dir: &Path, searcher: &Searcher) -> PersonAliases {
        Self::saved_for(dir, searcher).unwrap_or_default()
    }

    /// The table saved for the index `searcher` sees, if there is one.
    pub fn saved_for(dir: &Path, searcher: &Searcher) -> Option<PersonAliases> {
        let mut text = std::fs::read_to_string(dir.join(FILE)).ok()?;
        let end = text.find('\n').unwrap_or(text.len());
        if text[..end] != key_of(searcher) {
            return None;
        }
        let pairs = text.split_off(end);
        Some(Self::read(text, pairs))
    }
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

/// Every person value of the index with its articles' stories and years. Each segment's names
/// are read once, in one pass over its dictionary.
fn person_uses(archive: &ArchiveIndex, searcher: &Searcher) -> Result<HashMap<String, Uses>> {
    let schema = archive.index.schema();
    let people = schema.get_field_name(archive.fields.people);
    let date = schema.get_field_name(archive.fields.date);
    let minhash = schema.get_field_name(archive.fields.minhash);
    let mut out: HashMap<String, Uses> = HashMap::new();
    // Keys for articles without a fingerprint, counted down from the top of the range.
    let mut own_key = u64::MAX;
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(names) = fast.str(people)? else { continue };
        let dates = fast.date(date)?;
        let signatures = fast.u64(minhash)?;
        let mut per_ord: Vec<Uses> = vec![Uses::default(); names.num_terms()];
        for doc in segment.doc_ids_alive() {
            let mut ords = names.term_ords(doc).peekable();
            if ords.peek().is_none() {
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
            for ord in ords {
                let Some(u) = per_ord.get_mut(ord as usize) else { continue };
                u.stories.push(story);
                if let Some(year) = year {
                    *u.years.entry(year).or_default() += 1;
                }
            }
        }
        let mut stream = names.dictionary().stream().map_err(|e| Error::io(&archive.path, e))?;
        while stream.advance() {
            let Some(u) = per_ord.get(stream.term_ord() as usize) else { continue };
            if !u.stories.is_empty() {
                out.entry(String::from_utf8_lossy(stream.key()).into_owned()).or_default().add(u);
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
                people: people.iter().map(|p| p.to_string()).collect(),
                ..Article::default()
            };
            let stamp = FileStamp { file: &article.source, mtime: 0, size: 0 };
            writer.add_document(to_document(&archive.fields, &article, stamp)).unwrap();
        }
        writer.commit().unwrap();
        (dir, archive)
    }

    /// A table of the given surname -> full name pairs, for the tests of other modules.
    pub(crate) fn table_of(pairs: &[(&str, &str)]) -> PersonAliases {
        let people = pairs.iter().map(|(s, f)| (s.to_string(), f.to_string())).collect();
        PersonAliases::new(String::new(), &people)
    }

    struct Words;

    impl NameWords for Words {
        fn is_first_name(&self, word: &str) -> bool {
            ["ronald", "nancy", "ray", "charles", "gordon", "george", "helen"].contains(&word)
        }
        fn is_common_word(&self, word: &str) -> bool {
            word == "terms"
        }
    }

    fn table(articles: &[(&[&str], Option<i32>)]) -> PersonAliases {
        let (_dir, archive) = archive_of(articles);
        let searcher = archive.reader().unwrap().searcher();
        PersonAliases::compute(&archive, &searcher, &Words).unwrap()
    }

    #[test]
    fn a_surname_alone_is_the_full_name_the_archive_gives_it() {
        let mut articles: Vec<(&[&str], Option<i32>)> = vec![(&["Reagan"], None); 5];
        articles.extend([(&["Ronald Reagan"][..], None); 4]);
        articles.push((&["Nancy Reagan"], None));
        let t = table(&articles);
        assert_eq!(t.canonical("Reagan"), "Ronald Reagan");
        assert_eq!(t.short_form("Ronald Reagan"), Some("Reagan"));
        assert_eq!(t.short_form("Nancy Reagan"), None);
        assert_eq!(
            t.canonical_list(vec!["Reagan".into(), "Ronald Reagan".into(), "Nancy Reagan".into()]),
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
        assert_eq!(table(&charles).canonical("Charles"), "Charles");
    }

    #[test]
    fn copies_of_one_story_count_once() {
        let mut articles: Vec<(&[&str], Option<i32>)> = vec![(&["Reagan"], None); 2];
        articles.extend([(&["Ronald Reagan"][..], None); 3]);
        let words = |story: usize| format!("The president spoke about the budget in story number {story}.");
        // Three articles, three stories: the surname is read as the full name.
        let (_dir, archive) = archive_with(&articles, words);
        let searcher = archive.reader().unwrap().searcher();
        assert!(!PersonAliases::compute(&archive, &searcher, &Words).unwrap().is_empty());
        // The three articles naming him in full are copies of one story.
        let (_dir, archive) = archive_with(&articles, |n| words(n.min(2)));
        let searcher = archive.reader().unwrap().searcher();
        assert!(PersonAliases::compute(&archive, &searcher, &Words).unwrap().is_empty());
    }

    #[test]
    fn a_surname_alone_in_another_era_is_someone_else() {
        let mut then: Vec<(&[&str], Option<i32>)> = vec![(&["Brown"], Some(1987)); 4];
        then.extend([(&["Gordon Brown"][..], Some(2005)); 4]);
        assert!(table(&then).is_empty());
        let mut now: Vec<(&[&str], Option<i32>)> = vec![(&["Brown"], Some(2004)); 4];
        now.extend([(&["Gordon Brown"][..], Some(2005)); 4]);
        assert_eq!(table(&now).canonical("Brown"), "Gordon Brown");
    }

    #[test]
    fn a_table_of_other_segments_is_ignored() {
        let mut articles: Vec<(&[&str], Option<i32>)> = vec![(&["Reagan"], None); 2];
        articles.extend([(&["Ronald Reagan"][..], None); 3]);
        let (_dir, archive) = archive_of(&articles);
        let searcher = archive.reader().unwrap().searcher();
        let t = PersonAliases::compute(&archive, &searcher, &Words).unwrap();
        t.save(&archive.path).unwrap();
        assert_eq!(PersonAliases::load(&archive.path, &searcher), t);
        let mut writer: tantivy::IndexWriter = archive.index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.delete_term(tantivy::Term::from_field_text(archive.fields.file, "a0.txt"));
        writer.commit().unwrap();
        let later = archive.reader().unwrap().searcher();
        assert!(PersonAliases::load(&archive.path, &later).is_empty());
        // An empty table is a table: a run with nothing to commit need not compute it again.
        let (_other, archive) = archive_of(&[(&["Ana Ruiz"], None)]);
        let searcher = archive.reader().unwrap().searcher();
        let empty = PersonAliases::compute(&archive, &searcher, &Words).unwrap();
        assert!(empty.is_empty());
        empty.save(&archive.path).unwrap();
        assert_eq!(PersonAliases::saved_for(&archive.path, &searcher), Some(empty));
    }
}
