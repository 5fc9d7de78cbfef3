//! The index schema: the only place where field names are spelled.
//!
//! Text is indexed once, stemmed in the article's language, with positions: quoted phrases are
//! found there and checked word for word in the stored text (`search/phrase.rs`). The ranking
//! fields are `title` and `body` for English (and every language without a stemmer, and
//! unknown languages) and `title_fr`, `body_de`... for each other language of [`LANGUAGES`]: an
//! article fills only the pair of its language. They are handed to tantivy analysed already
//! (`prepared.rs`), so the text as written is stored apart, in `title_text` and `body_text`,
//! which are not indexed. Entities
//! are indexed twice too: exact canonical names (`people`, `organizations`, `places`,
//! `countries`: raw, fast, stored) for facets and output, and tokenised names (`person`, `org`,
//! `place`, `country`) so `--person Xi` or `person:xi` finds "Xi Jinping".

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use super::analyzer::{Analysis, ENGLISH, LANGUAGES, NAME, analysis_of};

/// Bumped whenever the schema changes; an index of another version must be rebuilt. 5: no
/// unstemmed copy of the text (`title_exact`, `body_exact`) any more.
pub const SCHEMA_VERSION: u64 = 5;

/// Every field of the index, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The article's key: its path as indexed (`FILE` or `FILE#ID`). Raw, stored, fast.
    pub path: Field,
    /// The file the article came from; the unit of incremental updates and deletes.
    pub file: Field,
    /// The file's modification time when indexed (seconds).
    pub mtime: Field,
    /// The file's size when indexed (bytes).
    pub size: Field,
    /// Headline, stemmed English (English articles and the languages without a stemmer).
    pub title: Field,
    /// Story text, stemmed English (the same articles).
    pub body: Field,
    /// The headline and story text of the articles in each other language, stemmed in it.
    pub languages: Vec<LanguageFields>,
    /// The headline as written, stored, not indexed (shown, and read for phrases).
    pub title_text: Field,
    /// The story text as written, stored, not indexed (shown, and read for phrases).
    pub body_text: Field,
    /// Publication date.
    pub date: Field,
    /// The article's own place (dateline, else metadata), canonical.
    pub dateline_place: Field,
    /// Country of the article's own place.
    pub dateline_country: Field,
    /// The dateline as written.
    pub dateline: Field,
    /// Canonical names of the places mentioned.
    pub places: Field,
    /// Canonical names of the countries of the article's place and of every place mentioned.
    pub countries: Field,
    /// Canonical names of the people.
    pub people: Field,
    /// Canonical names of the organisations.
    pub organizations: Field,
    /// Tokenised people names and the other forms the articles use for them (aliases in filters
    /// and queries).
    pub person: Field,
    /// Tokenised organisation names.
    pub org: Field,
    /// Tokenised names of the article's place, mentioned places and every place containing them.
    pub place: Field,
    /// Tokenised names of the article's own place and the places containing it.
    pub located: Field,
    /// Tokenised country names.
    pub country: Field,
    /// Author or byline, tokenised and stored.
    pub author: Field,
    /// URL, stored.
    pub url: Field,
    /// Source format name (`text`, `html`...).
    pub format: Field,
    /// Language code.
    pub lang: Field,
    /// MinHash signature of the body (see `minhash.rs`): one value per row, `(row << 32) | min`.
    pub minhash: Field,
    /// The signature's bands, indexed to find candidate copies.
    pub copy_band: Field,
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut sb = Schema::builder();
        let raw_fast = STRING | FAST | STORED;
        let stemmed = text_options(ENGLISH, false);
        let names = text_options(NAME, false);
        let stored_names = text_options(NAME, true);
        let fields = Fields {
            path: sb.add_text_field("path", raw_fast.clone()),
            file: sb.add_text_field("file", STRING | FAST),
            mtime: sb.add_u64_field("mtime", FAST),
            size: sb.add_u64_field("size", FAST),
            title: sb.add_text_field("title", stemmed.clone()),
            body: sb.add_text_field("body", stemmed),
            languages: LANGUAGES
                .iter()
                .map(|analysis| LanguageFields {
                    analysis,
                    title: sb.add_text_field(
                        &format!("title_{}", analysis.code),
                        text_options(analysis.analyzer, false),
                    ),
                    body: sb.add_text_field(
                        &format!("body_{}", analysis.code),
                        text_options(analysis.analyzer, false),
                    ),
                })
                .collect(),
            title_text: sb.add_text_field("title_text", STORED),
            body_text: sb.add_text_field("body_text", STORED),
            date: sb.add_date_field(
                "date",
                DateOptions::from(INDEXED).set_stored().set_fast().set_precision(DateTimePrecision::Seconds),
            ),
            dateline_place: sb.add_text_field("dateline_place", raw_fast.clone()),
            dateline_country: sb.add_text_field("dateline_country", raw_fast.clone()),
            dateline: sb.add_text_field("dateline", STORED),
            places: sb.add_text_field("places", raw_fast.clone()),
            countries: sb.add_text_field("countries", raw_fast.clone()),
            people: sb.add_text_field("people", raw_fast.clone()),
            organizations: sb.add_text_field("organizations", raw_fast.clone()),
            person: sb.add_text_field("person", names.clone()),
            org: sb.add_text_field("org", names.clone()),
            place: sb.add_text_field("place", names.clone()),
            located: sb.add_text_field("located", names.clone()),
            country: sb.add_text_field("country", names),
            author: sb.add_text_field("author", stored_names),
            url: sb.add_text_field("url", STORED),
            format: sb.add_text_field("format", raw_fast.clone()),
            lang: sb.add_text_field("lang", raw_fast),
            minhash: sb.add_u64_field("minhash", FAST),
            copy_band: sb.add_u64_field("copy_band", INDEXED),
        };
        (sb.build(), fields)
    }

    /// The ranking fields `(title, body)` of an article in `lang` (ISO 639-1).
    pub fn text_fields(&self, lang: Option<&str>) -> (Field, Field) {
        match analysis_of(lang).and_then(|a| self.languages.iter().find(|l| l.analysis == a)) {
            Some(l) => (l.title, l.body),
            None => (self.title, self.body),
        }
    }

    /// Resolves the handles of an index opened from disk, checking every field is there.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let (expected, fields) = Fields::build();
        (expected == *schema).then_some(fields)
    }
}

/// The ranking fields of one language other than English.
#[derive(Debug, Clone)]
pub struct LanguageFields {
    /// The language and its analyzer.
    pub analysis: &'static Analysis,
    /// Headline (`title_fr`), stemmed in the language.
    pub title: Field,
    /// Story text (`body_fr`), stemmed in the language.
    pub body: Field,
}

fn text_options(tokenizer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored { options.set_stored() } else { options }
}
