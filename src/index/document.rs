//! Article <-> tantivy document.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::schema::Value;

use super::Fields;
use super::analyzer::analysis_of;
use super::minhash::Signer;
use super::prepared::prepare;
use crate::model::{Article, EntityKind};

/// What incremental indexing records about the file an article came from.
#[derive(Debug, Clone, Copy)]
pub struct FileStamp<'a> {
    /// The file's path as indexed (without any `#ID`).
    pub file: &'a str,
    /// Modification time in seconds.
    pub mtime: u64,
    /// Size in bytes.
    pub size: u64,
}

/// Dates are nanoseconds in an i64 in tantivy: seconds beyond this, either side of 1970 (years
/// 1678 to 2261), cannot be indexed.
pub const DATE_LIMIT_SECS: i64 = i64::MAX / 1_000_000_000;

/// Builds the tantivy document for an extracted article.
pub fn to_document(f: &Fields, article: &Article, stamp: FileStamp<'_>) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.path, &article.source);
    doc.add_text(f.file, stamp.file);
    doc.add_u64(f.mtime, stamp.mtime);
    doc.add_u64(f.size, stamp.size);
    // Ranked in the fields of its language only, so that each language keeps its own word
    // statistics and a query is analysed the way the article was.
    let analysis = analysis_of(article.lang.as_deref());
    let (title, body) = f.text_fields(article.lang.as_deref());
    doc.add_text(f.title_text, &article.title);
    doc.add_text(f.body_text, &article.body);
    // Analysed here, on the thread that parsed the article, rather than on tantivy's indexing
    // thread (see `prepared.rs`); the body is signed for copies in the same pass over its
    // words. Phrases are matched in the stored text (`search/phrase.rs`).
    let mut signer = Signer::default();
    doc.add_text(title, prepare(&article.title, analysis, &mut |_| {}));
    doc.add_text(body, prepare(&article.body, analysis, &mut |word| signer.add(word)));
    let signature = signer.finish();
    // A date tantivy cannot hold (see [`DATE_LIMIT_SECS`]) is left out rather than wrapped.
    if let Some(secs) = article.date.map(|d| d.timestamp()).filter(|s| s.abs() <= DATE_LIMIT_SECS) {
        doc.add_date(f.date, tantivy::DateTime::from_timestamp_secs(secs));
    }
    if let Some(place) = &article.place {
        doc.add_text(f.dateline_place, &place.name);
        if let Some(country) = &place.country {
            doc.add_text(f.dateline_country, country);
        }
        for name in place.hierarchy() {
            doc.add_text(f.located, name);
            doc.add_text(f.place, name);
        }
    }
    if let Some(dateline) = &article.dateline {
        doc.add_text(f.dateline, &dateline.text);
    }
    for place in &article.places {
        doc.add_text(f.places, &place.name);
        for name in place.hierarchy() {
            doc.add_text(f.place, name);
        }
    }
    for country in article.countries() {
        doc.add_text(f.countries, &country);
        doc.add_text(f.country, &country);
    }
    for person in &article.people {
        doc.add_text(f.people, person);
        doc.add_text(f.person, person);
    }
    for org in &article.organizations {
        doc.add_text(f.organizations, org);
        doc.add_text(f.org, org);
    }
    // The other forms this article uses for its entities ("Xi", "the U.N.", "Britain"), so that
    // the archive's own aliases work in filters and in queries.
    let mut aliases: Vec<(EntityKind, &str)> = Vec::new();
    for m in article.mentions.iter().filter(|m| m.text != m.canonical) {
        if !aliases.contains(&(m.kind, m.text.as_str())) {
            aliases.push((m.kind, m.text.as_str()));
        }
    }
    for (kind, text) in aliases {
        let field = match kind {
            EntityKind::Person => f.person,
            EntityKind::Organization => f.org,
            EntityKind::Place => f.place,
        };
        doc.add_text(field, text);
    }
    if !signature.is_empty() {
        for value in signature.to_column_values() {
            doc.add_u64(f.minhash, value);
        }
        for band in signature.band_terms() {
            doc.add_u64(f.copy_band, band);
        }
    }
    let optional = [(f.author, &article.author), (f.url, &article.url), (f.lang, &article.lang)];
    for (field, value) in optional {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    doc
}

/// An article as stored in the index: what a hit shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StoredArticle {
    /// Path as indexed.
    pub path: String,
    /// Headline.
    pub title: String,
    /// Story text.
    pub body: String,
    /// Publication date.
    pub date: Option<DateTime<Utc>>,
    /// The article's own place.
    pub place: Option<String>,
    /// That place's country.
    pub country: Option<String>,
    /// The dateline as written.
    pub dateline: Option<String>,
    /// Places mentioned.
    pub places: Vec<String>,
    /// Countries of all places.
    pub countries: Vec<String>,
    /// People, most mentioned first.
    pub people: Vec<String>,
    /// Organisations, most mentioned first.
    pub organizations: Vec<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Language code.
    pub lang: Option<String>,
}

/// Reads a stored document back.
pub fn from_document(f: &Fields, doc: &TantivyDocument) -> StoredArticle {
    let first = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let all = |field| doc.get_all(field).filter_map(|v| v.as_str()).map(str::to_string).collect();
    let lang = first(f.lang);
    StoredArticle {
        path: first(f.path).unwrap_or_default(),
        title: first(f.title_text).unwrap_or_default(),
        body: first(f.body_text).unwrap_or_default(),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| DateTime::from_timestamp(d.into_timestamp_secs(), 0)),
        place: first(f.dateline_place),
        country: first(f.dateline_country),
        dateline: first(f.dateline),
        places: all(f.places),
        countries: all(f.countries),
        people: all(f.people),
        organizations: all(f.organizations),
        author: first(f.author),
        url: first(f.url),
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::minhash::Signature;

    #[test]
    fn the_body_is_signed_in_the_pass_that_prepares_it() {
        let (_, fields) = Fields::build();
        let stamp = FileStamp { file: "a.txt", mtime: 0, size: 0 };
        let body = format!(
            "The Bank of Japan kept rates unchanged; the yen's fall, {} and São Paulo's café. \
             Les marchés et la Banque de France ont réagi.",
            "x".repeat(50)
        );
        for lang in [None, Some("en"), Some("fr"), Some("ja")] {
            let article = Article {
                source: "a.txt".into(),
                title: "Rates".into(),
                body: body.clone(),
                lang: lang.map(str::to_string),
                ..Article::default()
            };
            let doc = to_document(&fields, &article, stamp);
            let stored: Vec<u64> = doc.get_all(fields.minhash).filter_map(|v| v.as_u64()).collect();
            assert_eq!(stored, Signature::of(&body).to_column_values(), "{lang:?}");
        }
    }
}
