//! Reading the news out of an article: its dateline, dates, places (resolved in the gazetteer),
//! people and organisations, with in-article aliases resolved to the fullest name.
//!
//! [`Extractor::enrich`] runs the steps in order, each in its own file:
//!
//! * `dateline` — the head of the story (`BUSAN, Oct. 30 (Reuters) -`), its date's year from the
//!   article's date or a date in its path;
//! * `token` — one pass over the title and the body into word tokens with normalised keys;
//! * `recognizer` — candidate names typed by rules (titles, first names, organisation keywords,
//!   gazetteer lookups), one candidate at a time;
//! * `repeats` — a person's full name read once is that person wherever it is written again;
//! * `resolver` — the article-level pass: places disambiguated by the other places, short
//!   names ("Xi", "Goldman", "the OECD") resolved to the fullest name;
//! * `name_use` — what each resolved name is worth to the article's lists (no name, a firm
//!   read as a person, titles alone);
//! * `tagger` — a learned sequence tagger (averaged perceptron) over the body's capitalised
//!   words, trained on GUM by `dateline train-tagger`; its names and the rules' candidates are
//!   combined by a [`TaggerPolicy`] before the resolver runs;
//! * `nested` — the places named inside organisation names ("University of Helsinki");
//! * `teams` — in a match report, a country (or home nation, or city) beside a score is its team;
//! * `historic` — a story naming the Soviet Union or West Germany puts its cities there;
//! * `gazetteer`, `lexicon`, `phrase`, `hash`, `packed` — the embedded data (`data/`, built by
//!   `tools/build_gazetteer.py` from GeoNames and the US Census name lists, compiled into
//!   in-place tables by `build.rs`) and its lookups.
//!
//! Everything is deterministic; the data is compiled by `build.rs` (`packed`) and the extractor
//! is built once per process ([`Extractor::global`]).

mod dateline;
mod gazetteer;
mod hash;
mod hints;
mod historic;
mod lexicon;
mod name_use;
mod nested;
mod packed;
mod phrase;
mod recognizer;
mod repeats;
mod resolver;
mod tagger;
mod teams;
mod token;

pub use tagger::{Tagger, TaggerPolicy, TrainOptions, TrainReport, TrainingDoc};

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Article, Dateline, EntityKind, Mention, Place};
use gazetteer::{Gazetteer, NO_PLACE, QUALIFIED, QUALIFIER, WEAK};
use lexicon::Lexicon;
use name_use::{Judged, NameUse};
use recognizer::{NONE, Part, Raw, RawKind, Recognizer, mode_of};
use resolver::{Texts, resolve};
use token::Tokens;

/// Everything extraction needs, built once: the gazetteer and the name lists.
pub struct Extractor {
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    tagger: Option<Tagger>,
    policy: TaggerPolicy,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    /// Builds the extractor from the data compiled into the binary (about 40,000 places and
    /// 66,000 place names, read in place; the tagger's model and the short lists, decoded: about
    /// 5 ms in a release build), with the tagger combined under the default [`TaggerPolicy`].
    pub fn new() -> Self {
        Self::with_tagger(Tagger::embedded(), TaggerPolicy::default())
    }

    /// The extractor with `tagger` (or none: the rules alone) combined under `policy`.
    pub fn with_tagger(tagger: Option<Tagger>, policy: TaggerPolicy) -> Self {
        Extractor { gazetteer: Gazetteer::embedded(), lexicon: Lexicon::embedded(), tagger, policy }
    }

    /// Replaces the tagger (training and validation swap models in one extractor).
    pub fn set_tagger(&mut self, tagger: Option<Tagger>) {
        self.tagger = tagger;
    }

    /// Sets how the tagger combines with the rules.
    pub fn set_policy(&mut self, policy: TaggerPolicy) {
        self.policy = policy;
    }

    /// The policy in force: [`TaggerPolicy::Off`] when there is no model.
    pub fn policy(&self) -> TaggerPolicy {
        if self.tagger.is_some() { self.policy } else { TaggerPolicy::Off }
    }

    /// The process-wide extractor, built on first use.
    pub fn global() -> &'static Extractor {
        static GLOBAL: OnceLock<Extractor> = OnceLock::new();
        GLOBAL.get_or_init(Extractor::new)
    }

    /// Resolves a place name as a user or a metadata field writes it ("Busan", "NEW YORK",
    /// "San Jose, Calif.", "Seoul, South Korea"), or `None` when the gazetteer does not know it.
    pub fn resolve_place(&self, name: &str) -> Option<Place> {
        self.gazetteer.resolve(name).map(|id| self.gazetteer.place(id))
    }

    /// Fills `dateline`, `date` (when metadata gave none), `place`, `places`, `people`,
    /// `organizations` and `mentions` of `article`. Earlier values of these fields (except a
    /// metadata `date`) are replaced.
    pub fn enrich(&self, article: &mut Article) {
        let gaz = &self.gazetteer;
        let lex = &self.lexicon;

        // Dateline and dates.
        let path_date = dateline::path_date(&article.source);
        let reference = article.date.map(|d| d.date_naive()).or(path_date);
        let mut dateline_place = None;
        let mut body_from = 0;
        let mut dateline_raw = None;
        article.dateline = None;
        if let Some(d) = dateline::find(&article.body)
            && let Some((found, place)) = self.accept_dateline(&d, reference)
        {
            body_from = d.end;
            dateline_place = place;
            if let Some(id) = place {
                dateline_raw = Some(Raw {
                    part: Part::Body,
                    toks: (0, 0),
                    span: (d.place_start, d.place_start + d.place_text.len()),
                    kind: RawKind::Place,
                    flags: 0,
                    names: None,
                    fixed: id,
                    org: u32::MAX,
                    name_end: 0,
                    acronym_of: NONE,
                });
            }
            article.dateline = Some(found);
        }
        if article.date.is_none() {
            let from_dateline = article.dateline.as_ref().and_then(|d| d.date);
            article.date = from_dateline.or(path_date).map(midnight_utc);
        }

        // Names.
        let mut title_toks = Tokens::new();
        title_toks.tokenize(&article.title);
        let mut body_toks = Tokens::new();
        body_toks.tokenize(&article.body);
        let mut raws: Vec<Raw> = Vec::new();
        let title_mode = mode_of(&title_toks, lex);
        let mut title_rec = Recognizer::new(lex, gaz, &article.title, &title_toks, Part::Title, title_mode);
        title_rec.run(0, &mut raws);
        raws.extend(dateline_raw);
        let first_body_tok = body_toks.toks.partition_point(|t| t.start < body_from);
        let mut body_rec =
            Recognizer::new(lex, gaz, &article.body, &body_toks, Part::Body, recognizer::Mode::Normal);
        body_rec.run(first_body_tok, &mut raws);
        let tagger = self.tagger.as_ref().filter(|_| self.policy != TaggerPolicy::Off);
        let mut spans = Vec::new();
        if let Some(tagger) = tagger {
            let doc = tagger::Doc::new(lex, gaz, &body_toks, body_rec.matches(), &raws, Part::Body);
            // Under `Fill` and `Combine`, a run of capitalised words the rules typed whole
            // (people, organisations; places too under `Fill`) keeps the rules' reading.
            let policy = self.policy;
            let typed = |r: &Raw| match r.kind {
                RawKind::Person | RawKind::Org => true,
                RawKind::Place => policy == TaggerPolicy::Fill,
                RawKind::Unknown => false,
            };
            // Which body tokens lie in such a candidate, marked once (asking every candidate for
            // every token of every run the tagger reads was quadratic in the candidates).
            let mut typed_tok = vec![false; body_toks.len()];
            for r in raws.iter().filter(|r| r.part == Part::Body && typed(r)) {
                let end = r.toks.1.min(typed_tok.len());
                for t in typed_tok.iter_mut().take(end).skip(r.toks.0) {
                    *t = true;
                }
            }
            let skip = |a: usize, b: usize| {
                policy != TaggerPolicy::Override && (a..b).all(|k| typed_tok.get(k).copied().unwrap_or(false))
            };
            tagger.tag(&doc, &article.body, first_body_tok, skip, &mut spans);
        }
        // After the tagger has read the candidates as it was trained on them.
        recognizer::acronyms_as_written(lex, gaz, (&title_toks, title_mode), &body_toks, &mut raws);
        if tagger.is_some() {
            raws = tagger::merge(lex, gaz, &body_toks, raws, &spans, self.policy);
        }
        recognizer::surnames_after_titles(title_rec.surnames(), &mut raws);
        recognizer::surnames_after_titles(body_rec.surnames(), &mut raws);
        recognizer::heads_of_administrations(gaz, [&title_toks, &body_toks], &mut raws);
        let raws = repeats::full_names_again(&title_toks, &body_toks, raws);
        let raws = nested::nested_places(gaz, &body_toks, body_rec.matches(), raws);
        let texts = Texts { title: (&article.title, &title_toks), body: (&article.body, &body_toks) };
        let mut resolved = resolve(lex, gaz, &texts, &raws, dateline_place);
        teams::national_teams(&article.body, &body_toks, &mut resolved);

        // Output.
        let mut places: Vec<u32> = Vec::new();
        let mut counts: Vec<(EntityKind, &str, usize, usize)> = Vec::new();
        let mut mentions = Vec::new();
        let mut uses: Vec<(EntityKind, &str, NameUse)> = Vec::new();
        let judging = Judged::new(&texts, &resolved, &raws, &article.body);
        for (order, m) in resolved.iter().enumerate() {
            // Any mention resolved to a place links it (a national team links its country), except
            // a place inside an organisation's name, which is no place of the story (see `nested`).
            if m.place != NO_PLACE
                && !places.contains(&m.place)
                && raws.get(m.raw).is_none_or(|r| r.flags & recognizer::NESTED == 0)
            {
                places.push(m.place);
            }
            // What the name is worth, judged once per name.
            let named = matches!(m.kind, EntityKind::Person | EntityKind::Organization);
            let judged = if named {
                match uses.iter().find(|u| u.0 == m.kind && u.1 == m.canonical) {
                    Some(u) => u.2,
                    None => {
                        let judged = judging.judge(lex, gaz, m);
                        uses.push((m.kind, &m.canonical, judged));
                        judged
                    }
                }
            } else {
                NameUse::Name
            };
            match judged {
                NameUse::NoName => continue,
                NameUse::PluralNoun if raws.get(m.raw).is_none_or(|r| r.flags & recognizer::TITLED == 0) => {
                    continue;
                }
                _ => {}
            }
            let kind = if judged == NameUse::Firm { EntityKind::Organization } else { m.kind };
            // A person named by titles alone ("the President said") is a mention of someone, but
            // no name to list or filter by.
            if named && m.counted && judged != NameUse::TitlesAlone {
                match counts.iter_mut().find(|c| c.0 == kind && c.1 == m.canonical) {
                    Some(c) => c.2 += 1,
                    None => counts.push((kind, &m.canonical, 1, order)),
                }
            }
            if m.part == Part::Body && !m.hidden {
                mentions.push(Mention {
                    text: article.body[m.span.0..m.span.1].to_string(),
                    kind,
                    canonical: m.canonical.clone(),
                    start: m.span.0,
                });
            }
        }
        counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3)));
        let names_of = |kind: EntityKind| -> Vec<String> {
            counts.iter().filter(|c| c.0 == kind).map(|c| c.1.to_string()).collect()
        };
        article.people = names_of(EntityKind::Person);
        article.organizations = names_of(EntityKind::Organization);
        article.places = places.iter().map(|&id| gaz.place(id)).collect();
        article.mentions = mentions;
        article.place = match dateline_place {
            Some(id) => Some(gaz.place(id)),
            None => article.meta_place.as_deref().and_then(|p| self.resolve_place(p)),
        };
        historic::apply(&mut article.places, article.place.as_mut());
        if let (Some(d), Some(p)) = (article.dateline.as_mut(), article.place.as_ref())
            && dateline_place.is_some()
        {
            d.place = Some(p.clone());
        }
        self.merge_hints(article);
    }

    /// Decides whether a dateline shape is a dateline: a colon head must be a known place; a
    /// dash head needs a date, an agency or a known place, and capitals or a known place.
    /// Returns the dateline and its resolved place.
    fn accept_dateline(
        &self,
        d: &dateline::RawDateline<'_>,
        reference: Option<NaiveDate>,
    ) -> Option<(Dateline, Option<u32>)> {
        let gaz = &self.gazetteer;
        let entry = gaz.entry(d.place_text).filter(|e| e.flags & QUALIFIER == 0);
        // A mid-sized town named like a word ("MOBILE") only with its qualifier ("Ala.").
        let place = entry.and_then(|e| {
            let cands = gaz.candidates(e);
            d.qualifiers
                .iter()
                .filter_map(|q| gaz.entry(q))
                .find_map(|q| gaz.qualified(cands, q))
                .or_else(|| if e.flags & QUALIFIED == 0 { cands.first().copied() } else { None })
        });
        let known = place.is_some();
        let strong = known && entry.is_some_and(|e| e.flags & WEAK == 0);
        let accepted = if d.colon {
            strong
        } else {
            (d.month_day.is_some() || d.agency.is_some() || strong) && (d.all_caps || known)
        };
        if !accepted {
            return None;
        }
        let date = d.month_day.and_then(|(m, day)| match d.year {
            Some(y) => NaiveDate::from_ymd_opt(y, m, day),
            None => reference.and_then(|r| dateline::nearest_date(m, day, r)),
        });
        Some((
            Dateline {
                text: d.text.to_string(),
                place: place.map(|id| gaz.place(id)),
                place_text: d.place_text.to_string(),
                date,
                agency: d.agency.map(str::to_string),
            },
            place,
        ))
    }
}

fn midnight_utc(date: NaiveDate) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(date.and_hms_opt(0, 0, 0).unwrap_or_default(), Utc)
}

/// The archive's table of names (`index/aliases.rs`) reads the extractor's lists.
impl crate::index::aliases::NameWords for Extractor {
    fn is_first_name(&self, word: &str) -> bool {
        self.lexicon.is_first_name(word) || self.lexicon.is_place_first_name(word)
    }

    fn is_common_word(&self, word: &str) -> bool {
        tagger::common_in_lowercase(word)
    }
}

#[cfg(test)]
mod tests;
