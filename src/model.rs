//! The data passed between stages: an [`Article`] as read from a source, and what extraction
//! understood of it ([`Place`], [`Mention`], [`Dateline`]).
//!
//! Ingest fills the fields a file states (title, body, metadata); extraction fills the fields
//! read from the text itself (dateline, places, people, organisations). The index and the
//! `extract` command both consume the finished article.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// The kind of file an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: an optional title line, a blank line, then the story.
    Text,
    /// Markdown, with optional YAML (`---`) or TOML (`+++`) front matter.
    Markdown,
    /// One JSON object or an array of objects.
    Json,
    /// JSON Lines: one article object per line.
    JsonLines,
    /// An HTML page.
    Html,
}

impl Format {
    /// The short lowercase name used in the index and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Html => "html",
        }
    }
}

/// One news story, from whichever format it came in, plus what extraction found in it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Article {
    /// Where the article came from: the file path as given to `index`/`extract`, with `#ID`
    /// appended when one file holds several articles.
    pub source: String,
    /// Headline. Never empty after ingest: derived from the first sentence when the source has none.
    pub title: String,
    /// The story text, paragraphs separated by blank lines (markup removed).
    pub body: String,
    /// Publication date: from metadata, else from the dateline or the path (set by extraction).
    pub date: Option<DateTime<Utc>>,
    /// Canonical URL when the source states one.
    pub url: Option<String>,
    /// Byline or author field when the source states one.
    pub author: Option<String>,
    /// Place named by the source's own metadata (front matter `place`, JSON `location`...).
    pub meta_place: Option<String>,
    /// Tags or keywords from metadata.
    pub tags: Vec<String>,
    /// Language code (ISO 639-1) when known.
    pub lang: Option<String>,
    /// Names the source itself tags as entities (NITF `<person>`, `<org>`, `<location>`):
    /// evidence extraction merges with what it reads in the text. Not output.
    #[serde(skip)]
    pub hints: Vec<EntityHint>,

    /// The dateline found at the head of the body, if any (extraction).
    pub dateline: Option<Dateline>,
    /// The article's place: the dateline's place, else the metadata place (extraction).
    pub place: Option<Place>,
    /// Every distinct place mentioned, canonical, in order of first mention (extraction).
    pub places: Vec<Place>,
    /// Canonical names of the people mentioned, most mentioned first (extraction).
    pub people: Vec<String>,
    /// Canonical names of the organisations mentioned, most mentioned first (extraction).
    pub organizations: Vec<String>,
    /// Every person, organisation and place occurrence, in text order (extraction).
    pub mentions: Vec<Mention>,
}

impl Article {
    /// Distinct country names of the article's place and of every place mentioned, in order.
    pub fn countries(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let all = self.place.iter().chain(self.places.iter());
        for country in all.filter_map(|p| p.country.as_deref()) {
            if !out.iter().any(|c| c == country) {
                out.push(country.to_string());
            }
        }
        out
    }
}

/// How specific a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A city or town.
    City,
    /// A first-level region: a state, province or prefecture.
    Region,
    /// A country (including historic ones such as the Soviet Union).
    Country,
}

/// A place resolved against the gazetteer, with the places that contain it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Place {
    /// Canonical name ("Busan", "South Korea").
    pub name: String,
    /// City, region or country.
    pub kind: PlaceKind,
    /// Canonical name of the first-level region containing it, when known.
    pub region: Option<String>,
    /// Canonical name of its country (the place itself for a country).
    pub country: Option<String>,
}

impl Place {
    /// The place and every place containing it, most specific first: `[Busan, Busan, South Korea]`
    /// collapses repeats, so a region named like its city appears once.
    pub fn hierarchy(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![self.name.as_str()];
        for up in [self.region.as_deref(), self.country.as_deref()].into_iter().flatten() {
            if !out.contains(&up) {
                out.push(up);
            }
        }
        out
    }
}

/// The dateline at the head of a wire story: `BUSAN, Oct. 30 (Reuters) -`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dateline {
    /// The dateline as written, without the trailing dash or colon.
    pub text: String,
    /// The place it names, resolved when the gazetteer knows it.
    pub place: Option<Place>,
    /// The place as written ("BUSAN").
    pub place_text: String,
    /// The day it gives, with the year inferred from the article's other dates.
    pub date: Option<NaiveDate>,
    /// The agency in parentheses ("Reuters"), if any.
    pub agency: Option<String>,
}

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, agency, party, ministry or other organisation.
    Organization,
    /// A city, region or country.
    Place,
}

impl EntityKind {
    /// The lowercase name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// A name the source tags as an entity of a kind, as written there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityHint {
    /// What the source says it names.
    pub kind: EntityKind,
    /// The name as tagged ("Harbour Lines").
    pub name: String,
}

/// One occurrence of a named entity in the title or body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The text as it stands in the article ("Xi").
    pub text: String,
    /// What it names.
    pub kind: EntityKind,
    /// The fullest name of the same entity ("Xi Jinping").
    pub canonical: String,
    /// Byte offset of the mention in the body (title mentions are not listed).
    #[serde(skip)]
    pub start: usize,
}
