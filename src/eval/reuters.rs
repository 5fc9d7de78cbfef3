//! Reuters-21578: each story with a body, fed as the wire text a user's archive would hold
//! (`TITLE`, a blank line, `DATELINE BODY`, read by the plain-text reader), scored against the
//! story's document-level codes.
//!
//! * **Dateline place**: the gold place is the `<DATELINE>` text before its first comma
//!   (`SALVADOR` of `SALVADOR, Feb 26 -`). Both sides are normalised the same way: a resolved
//!   place by its canonical name, an unresolved one by its lowercased text. The gold text is
//!   resolved with [`Extractor::resolve_place`]; the prediction is the extracted dateline's
//!   place (its `place_text` when unresolved). A story without an extracted dateline is wrong.
//! * **People**: a `<PEOPLE>` code (`reagan`, `james-baker`) is found when an extracted
//!   person's last word (accents folded, `Jr.` dropped) equals the code's last part.
//! * **Organisations**: an `<ORGS>` code (`opec`, `ec`, `ico-coffee`, `worldbank`) is found when
//!   its first part, or the whole code without hyphens, equals for some extracted organisation
//!   (canonical name or any mention of it): the name's letters (`U.N.` -> `un`), the name
//!   without spaces (`World Bank` -> `worldbank`), its acronym (initials of its capitalised
//!   words: `Organization of Petroleum Exporting Countries` -> `opec`), an all-capitals word in
//!   it (`ICCO Council` -> `icco`), or the acronym, of three letters or more, of the name
//!   without its first words (`U.N. Food and Agriculture Organisation` -> `fao`).
//! * **Countries**: a `<PLACES>` code is resolved with [`Extractor::resolve_place`] (hyphens as
//!   spaces, `west-germany` -> West Germany) to a country name (a city or region counts for its
//!   country); the predicted countries are [`Article::countries`] (the dateline's and every
//!   mentioned place's country). Scored on the stories that have at least one `<PLACES>` code
//!   (a story without any is unlabelled, not placeless).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::extract::Extractor;
use crate::model::{Article, EntityKind, PlaceKind};

use super::score::Counts;

/// One story and its gold codes.
#[derive(Debug, Clone, Default)]
pub struct Story {
    /// `NEWID`.
    pub id: String,
    /// `<TITLE>`.
    pub title: String,
    /// `<DATELINE>`, trimmed.
    pub dateline: String,
    /// `<BODY>`.
    pub body: String,
    /// `<PLACES>` codes.
    pub places: Vec<String>,
    /// `<PEOPLE>` codes.
    pub people: Vec<String>,
    /// `<ORGS>` codes.
    pub orgs: Vec<String>,
}

impl Story {
    /// The wire text: title, blank line, dateline and body.
    pub fn wire_text(&self) -> String {
        format!("{}\n\n{} {}", self.title, self.dateline, self.body)
    }

    /// The story as the plain-text reader makes it (`reut2-000.sgm#1.txt`).
    pub fn article(&self, file: &str) -> Article {
        let source = format!("{file}#{}", self.id);
        let text = self.wire_text();
        crate::ingest::parse_bytes(text.as_bytes(), Path::new("story.txt"), &source)
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_else(|| Article {
                source,
                title: self.title.clone(),
                body: format!("{} {}", self.dateline, self.body),
                ..Article::default()
            })
    }
}

/// Decodes latin-1 bytes.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// Replaces SGML entities; control characters (`&#3;`) are dropped.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(10)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        match name {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            _ => match name.strip_prefix('#').and_then(|n| n.parse::<u32>().ok()).and_then(char::from_u32) {
                Some(c) if c == '\n' || c == '\t' || !c.is_control() => out.push(c),
                Some(_) => {}
                None => out.push_str(&rest[..=semi]),
            },
        }
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

fn element<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&close).map_or(text.len(), |e| start + e);
    Some(&text[start..end])
}

fn codes(text: &str, tag: &str) -> Vec<String> {
    let Some(inner) = element(text, tag) else { return Vec::new() };
    inner
        .split("<D>")
        .filter_map(|d| d.split("</D>").next())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

/// The stories with a body in one `reut2-*.sgm` file.
pub fn parse(bytes: &[u8]) -> Vec<Story> {
    let text = latin1(bytes);
    let mut out = Vec::new();
    for doc in text.split("<REUTERS").skip(1) {
        let Some(text_start) = doc.find("<TEXT") else { continue };
        let text_tag = &doc[text_start..doc[text_start..].find('>').map_or(doc.len(), |e| text_start + e)];
        if text_tag.contains("TYPE=\"BRIEF\"") || text_tag.contains("TYPE=\"UNPROC\"") {
            continue;
        }
        let Some(body) = element(doc, "BODY") else { continue };
        let id =
            doc.split("NEWID=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string();
        out.push(Story {
            id,
            title: unescape(element(doc, "TITLE").unwrap_or_default()).trim().to_string(),
            dateline: unescape(element(doc, "DATELINE").unwrap_or_default()).trim().to_string(),
            body: unescape(body).trim_end().to_string(),
            places: codes(doc, "PLACES"),
            people: codes(doc, "PEOPLE"),
            orgs: codes(doc, "ORGS"),
        });
    }
    out
}

/// Lowercase ASCII letters and digits only.
fn letters(text: &str) -> String {
    deunicode::deunicode(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The gold dateline's place, before its first comma (and any trailing dash).
pub fn gold_place_text(dateline: &str) -> &str {
    let head = dateline.split(',').next().unwrap_or_default();
    head.trim().trim_end_matches('-').trim()
}

/// Normalised key of a place for the dateline comparison.
fn place_key(extractor: &Extractor, text: &str) -> String {
    match extractor.resolve_place(text) {
        Some(p) => p.name.to_lowercase(),
        None => text.to_lowercase(),
    }
}

/// Whether an extracted person matches a `<PEOPLE>` code.
pub fn person_matches(code: &str, name: &str) -> bool {
    let surname = code.rsplit('-').next().unwrap_or(code);
    let last = name
        .split([' ', '-'])
        .map(letters)
        .rfind(|w| !w.is_empty() && !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii"));
    last.is_some_and(|w| w == surname)
}

/// The acronym of a name: initials of its capitalised words (`Organization of Petroleum
/// Exporting Countries` -> `opec`), hyphenated words giving one initial.
pub fn acronym(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether an extracted organisation name (canonical or as written) matches an `<ORGS>` code.
pub fn org_matches(code: &str, name: &str) -> bool {
    let base = code.split('-').next().unwrap_or(code);
    let whole: String = code.chars().filter(|&c| c != '-').collect();
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut forms = vec![letters(name), acronym(name)];
    // An acronym written inside the name ("ICCO Council").
    forms.extend(
        words
            .iter()
            .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.'))
            .map(|w| letters(w)),
    );
    // The acronym of the name after a qualifier ("U.N. Food and Agriculture Organisation"),
    // three letters or more.
    forms.extend((1..words.len()).map(|k| acronym(&words[k..].join(" "))).filter(|a| a.len() >= 3));
    forms.iter().any(|f| !f.is_empty() && (f == base || *f == whole))
}

/// Every count of the Reuters measures.
#[derive(Debug, Clone, Default)]
pub struct ReutersResult {
    /// Stories with a body.
    pub stories: usize,
    /// Stories with a gold dateline.
    pub datelines: usize,
    /// Of those, stories whose place was right.
    pub dateline_correct: usize,
    /// Gold dateline places the gazetteer cannot resolve (compared as text).
    pub dateline_unresolved_gold: usize,
    /// Gold people codes.
    pub people: usize,
    /// Of those, found.
    pub people_found: usize,
    /// Gold organisation codes.
    pub orgs: usize,
    /// Of those, found.
    pub orgs_found: usize,
    /// Stories with at least one gold place code.
    pub country_stories: usize,
    /// Country counts.
    pub countries: Counts,
    /// Time spent in `enrich`, one thread.
    pub enrich_time: Duration,
    /// Error lines for `--errors`, by measure.
    pub errors: Vec<(&'static str, String)>,
}

/// The stories of every `reut2-*.sgm` file of `dir`, with their file names.
pub fn load(dir: &Path) -> crate::Result<Vec<(String, Story)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| crate::Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| crate::Error::io(&path, e))?;
        let file = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        out.extend(parse(&bytes).into_iter().map(|s| (file.clone(), s)));
    }
    Ok(out)
}

/// Scores every story.
pub fn evaluate(extractor: &Extractor, stories: &[(String, Story)], keep_errors: bool) -> ReutersResult {
    let mut r = ReutersResult::default();
    for (file, story) in stories {
        let mut article = story.article(file);
        let started = Instant::now();
        extractor.enrich(&mut article);
        r.enrich_time += started.elapsed();
        r.stories += 1;
        let tag = format!("{file}#{}", story.id);

        // Dateline place.
        let gold_text = gold_place_text(&story.dateline);
        if !gold_text.is_empty() {
            r.datelines += 1;
            let gold_key = place_key(extractor, gold_text);
            if extractor.resolve_place(gold_text).is_none() {
                r.dateline_unresolved_gold += 1;
            }
            let got = article.dateline.as_ref().map(|d| match &d.place {
                Some(p) => p.name.to_lowercase(),
                None => d.place_text.to_lowercase(),
            });
            if got.as_deref() == Some(gold_key.as_str()) {
                r.dateline_correct += 1;
            } else if keep_errors {
                r.errors.push(("dateline", format!("{tag}: gold {gold_text:?} ({gold_key}) got {got:?}")));
            }
        }

        // People.
        for code in &story.people {
            r.people += 1;
            if article.people.iter().any(|p| person_matches(code, p)) {
                r.people_found += 1;
            } else if keep_errors {
                r.errors.push(("people", format!("{tag}: {code} not in {:?}", article.people)));
            }
        }

        // Organisations.
        for code in &story.orgs {
            r.orgs += 1;
            let names = article.organizations.iter().map(String::as_str).chain(
                article
                    .mentions
                    .iter()
                    .filter(|m| m.kind == EntityKind::Organization)
                    .map(|m| m.text.as_str()),
            );
            let mut names = names;
            if names.any(|n| org_matches(code, n)) {
                r.orgs_found += 1;
            } else if keep_errors {
                r.errors.push(("orgs", format!("{tag}: {code} not in {:?}", article.organizations)));
            }
        }

        // Countries.
        if !story.places.is_empty() {
            r.country_stories += 1;
            let mut gold: Vec<String> = Vec::new();
            for code in &story.places {
                let country = extractor
                    .resolve_place(&code.replace('-', " "))
                    .and_then(|p| if p.kind == PlaceKind::Country { Some(p.name) } else { p.country })
                    .unwrap_or_else(|| format!("?{code}"));
                if !gold.contains(&country) {
                    gold.push(country);
                }
            }
            let predicted = article.countries();
            let tp = predicted.iter().filter(|c| gold.contains(c)).count();
            r.countries.add(Counts { tp, fp: predicted.len() - tp, fn_: gold.len() - tp });
            if keep_errors {
                for g in gold.iter().filter(|g| !predicted.contains(g)) {
                    r.errors.push(("countries", format!("{tag}: FN {g} (got {predicted:?})")));
                }
                for p in predicted.iter().filter(|p| !gold.contains(p)) {
                    r.errors.push(("countries", format!("{tag}: FP {p} (gold {gold:?})")));
                }
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const SGM: &[u8] = b"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">
<REUTERS TOPICS=\"YES\" NEWID=\"7\">
<PLACES><D>usa</D><D>west-germany</D></PLACES>
<PEOPLE><D>james-baker</D></PEOPLE>
<ORGS><D>imf</D></ORGS>
<TEXT>&#2;
<TITLE>A &lt;TEST&gt; TITLE</TITLE>
<DATELINE>    BONN, March 2 - </DATELINE><BODY>Text &amp; more \xe9.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID=\"8\"><TEXT TYPE=\"BRIEF\"><TITLE>ONLY A TITLE</TITLE></TEXT></REUTERS>
";

    #[test]
    fn parses_stories_with_a_body() {
        let stories = parse(SGM);
        assert_eq!(stories.len(), 1);
        let s = &stories[0];
        assert_eq!(s.id, "7");
        assert_eq!(s.title, "A <TEST> TITLE");
        assert_eq!(s.dateline, "BONN, March 2 -");
        assert_eq!(s.body, "Text & more \u{e9}.\n Reuter");
        assert_eq!(s.places, ["usa", "west-germany"]);
        assert_eq!(s.people, ["james-baker"]);
        assert_eq!(s.orgs, ["imf"]);
        assert_eq!(gold_place_text(&s.dateline), "BONN");
        assert_eq!(gold_place_text("NEW YORK -"), "NEW YORK");
    }

    #[test]
    fn code_matching() {
        assert!(person_matches("james-baker", "James Baker"));
        assert!(person_matches("reagan", "Ronald Reagan"));
        assert!(person_matches("de-larosiere", "Jacques de Larosière"));
        assert!(!person_matches("james-baker", "James Miller"));
        assert!(org_matches("opec", "Organization of Petroleum Exporting Countries"));
        assert!(org_matches("opec", "OPEC"));
        assert!(org_matches("un", "U.N."));
        assert!(org_matches("worldbank", "World Bank"));
        assert!(org_matches("ico-coffee", "International Coffee Organization"));
        assert!(org_matches("ec", "European Community"));
        assert!(!org_matches("imf", "World Bank"));
        assert!(org_matches("icco", "ICCO Council"));
        assert!(org_matches("fao", "U.N. Food and Agriculture Organisation"));
        assert!(!org_matches("un", "Big United Nations"), "a suffix acronym has three letters or more");
    }
}
