//! The news formats end to end: wire XML, feeds, web archives, Reuters SGML and gzip through
//! the real binary, with the hand-written fixtures, the broken ones, and (when
//! `../shared/data` exists) the acceptance checks on real collections.
//!
//! Properties checked:
//! 1. every fixture format is indexed with no file or record skipped, each story of a container
//!    under `file#ID` (its own id where it has one);
//! 2. non-HTML WARC records are passed over, not indexed and not reported as failures, and
//!    counted in the summary; NITF's own entity tags are evidence for the entities;
//! 3. broken files are reported with file and reason while their good stories are indexed;
//! 4. Reuters-21578 gives one article per story with text (17,999), named `reut2-NNN.sgm#NEWID`
//!    and dated by its `<DATE>`;
//! 5. BBC News gives its 2,225 articles;
//! 6. the newspaper4k pages give the title and publication date of their metadata for at
//!    least 90% of the pages that have one;
//! 7. each language is analysed with its own stemmer and stop words: French and German word
//!    forms find their articles, their stop words do not stand in the way, `--lang` searches one
//!    language, titles and snippets follow the article's language, English is unchanged;
//! 8. datelines in French, German, Spanish, Italian, Portuguese and Dutch give the place and day.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{Env, hit_paths, json_lines};
use serde_json::Value;

/// The shared real-data folder, or `None` (with a note) when this checkout has none.
fn shared_data(test: &str) -> Option<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if data.is_dir() {
        Some(data)
    } else {
        eprintln!("note: {test} skipped: {} not found", data.display());
        None
    }
}

/// Every hit of a search for everything, by path.
fn all_hits(env: &Env) -> HashMap<String, Value> {
    let out = env.search(&["--limit", "0", "--json"]);
    json_lines(&out)
        .into_iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| (l["path"].as_str().unwrap_or_default().to_string(), l))
        .collect()
}

#[test]
fn every_new_format_is_indexed_one_article_per_story() {
    let env = Env::with_fixtures();
    let report = env.index_json(&["fixtures/formats"]);
    assert_eq!(report["skipped"].as_array().map(Vec::len), Some(0), "{report}");
    assert_eq!(report["ignored"], 3, "the WARC's non-HTML records are counted: {report}");
    let hits = all_hits(&env);
    let expected = [
        "fixtures/formats/nitf.xml",
        "fixtures/formats/newsml.xml",
        "fixtures/formats/feed.rss#courier-2025-0517",
        "fixtures/formats/feed.rss#courier-2025-0519",
        "fixtures/formats/feed.atom#urn:uuid:6f1b2c1e-entry-1",
        "fixtures/formats/feed.atom#urn:uuid:6f1b2c1e-entry-2",
        "fixtures/formats/feed.json#dr-7781",
        "fixtures/formats/feed.json#dr-7782",
        "fixtures/formats/crawl.warc.gz#https://gazette.example/news/tram",
        "fixtures/formats/wire.sgm#901",
        "fixtures/formats/wire.sgm#902",
        "fixtures/formats/bulletin.txt.gz",
    ];
    for path in expected {
        let hit = hits.get(path).unwrap_or_else(|| panic!("{path} not indexed: {:#?}", hits.keys()));
        assert!(!hit["title"].as_str().unwrap_or("").is_empty(), "{hit}");
    }
    assert!(!hits.keys().any(|p| p.contains("tram.png")), "images in a WARC are not articles");

    let nitf = &hits["fixtures/formats/nitf.xml"];
    assert_eq!(nitf["title"], "Glacier museum opens its doors in Chamonix");
    assert!(nitf["date"].as_str().is_some_and(|d| d.starts_with("2025-06-12")), "{nitf}");
    assert_eq!(nitf["author"], "Odile Marchetti");
    let orgs = nitf["organizations"].as_array().unwrap();
    assert!(orgs.contains(&"Montenvers".into()), "the file's own <org> tag is evidence: {nitf}");
    let warc = &hits["fixtures/formats/crawl.warc.gz#https://gazette.example/news/tram"];
    assert_eq!(warc["url"], "https://gazette.example/news/tram");
    assert!(
        warc["date"].as_str().is_some_and(|d| d.starts_with("2025-11-01")),
        "the page's own date: {warc}"
    );
    let sgm = &hits["fixtures/formats/wire.sgm#901"];
    assert!(sgm["date"].as_str().is_some_and(|d| d.starts_with("1987-03-03")), "{sgm}");
    assert_eq!(sgm["title"], "PRAIRIE ELEVATORS REPORT RECORD INTAKE");

    assert_eq!(hit_paths(&env.search(&["floodgates", "--json"])), ["fixtures/formats/feed.json#dr-7781"]);
    assert_eq!(
        hit_paths(&env.search(&["Seilbahn", "--json"])),
        ["fixtures/formats/feed.atom#urn:uuid:6f1b2c1e-entry-1"]
    );
    let library = hit_paths(&env.search(&["library", "--json"]));
    assert!(library.contains(&"fixtures/formats/bulletin.txt.gz".to_string()), "{library:?}");
}

#[test]
fn broken_files_keep_their_good_stories() {
    let env = Env::with_fixtures();
    let out = env.index(&["fixtures/broken"]).code(3).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("truncated.xml") && stderr.contains("truncated"), "{stderr}");
    assert!(
        stderr.contains("cut.warc#https://gazette.example/news/depot"),
        "the cut record is named: {stderr}"
    );
    let hits = all_hits(&env);
    assert!(
        hits.contains_key("fixtures/broken/cut.warc#https://gazette.example/news/tram"),
        "{:#?}",
        hits.keys()
    );
    let feed = hits.get("fixtures/broken/bad-date.rss").expect("an item with a bad date is still indexed");
    assert!(feed["title"].as_str().unwrap_or("").contains("Cheese"), "{feed}");
    let mixed = hits.get("fixtures/broken/mixed-encoding.txt").expect("mixed encodings are decoded");
    assert_eq!(mixed["title"], "Café owners meet the mayor");
}

/// `<REUTERS ... NEWID="N">` -> the `<DATE>` day (`1987-02-26`) of every story with text.
fn reuters_expected(folder: &Path) -> (Vec<PathBuf>, HashMap<String, String>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
        .collect();
    files.sort();
    let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    let mut days = HashMap::new();
    for file in &files {
        let text: String = std::fs::read(file).unwrap().iter().map(|&b| char::from(b)).collect();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for story in text.split("<REUTERS ").skip(1) {
            let id = story.split("NEWID=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
            let date = story.split("<DATE>").nth(1).unwrap().trim_start();
            let mut parts = date.split(['-', ' ']);
            let (day, month, year) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
            let month = months.iter().position(|m| *m == month).unwrap() + 1;
            days.insert(
                format!("{name}#{id}"),
                format!("{year}-{month:02}-{:02}", day.parse::<u32>().unwrap()),
            );
        }
    }
    (files, days)
}

#[test]
fn reuters_21578_gives_one_article_per_story() {
    let Some(data) = shared_data("reuters_21578_gives_one_article_per_story") else { return };
    let folder = data.join("reuters21578");
    let (files, days) = reuters_expected(&folder);
    assert_eq!(files.len(), 18);
    let env = Env::new();
    // The .sgm files themselves: the folder's README and code lists are not stories.
    let roots: Vec<String> = files.iter().map(|f| f.to_string_lossy().into_owned()).collect();
    let mut args = vec!["--json"];
    args.extend(roots.iter().map(String::as_str));
    let out = env.cmd(&[&["index"][..], &args].concat()).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", String::from_utf8_lossy(&out.stderr));
    let report = &json_lines(&String::from_utf8_lossy(&out.stdout))[0];
    println!("reuters21578: {report}");
    assert_eq!(report["articles"], 17_999, "{report}");
    assert_eq!(report["total_articles"], 17_999, "{report}");

    let hits = all_hits(&env);
    assert_eq!(hits.len(), 17_999);
    let mut dated = 0;
    for (path, hit) in &hits {
        let key = path.rsplit('/').next().unwrap();
        let expected = days.get(key).unwrap_or_else(|| panic!("{path} is not a reut2-NNN.sgm#NEWID path"));
        if hit["date"].as_str().is_some_and(|d| d.starts_with(expected.as_str())) {
            dated += 1;
        }
    }
    assert_eq!(dated, 17_999, "every story is dated by its <DATE>");
    assert!(hits.keys().any(|p| p.ends_with("/reut2-000.sgm#5")));
    assert!(!hits.keys().any(|p| p.ends_with("/reut2-012.sgm#12793")), "the story without text");
}

#[test]
fn bbc_news_gives_its_2225_articles() {
    let Some(data) = shared_data("bbc_news_gives_its_2225_articles") else { return };
    let env = Env::new();
    // The five category folders: the collection's README.TXT is not an article.
    let folders: Vec<String> = ["business", "entertainment", "politics", "sport", "tech"]
        .iter()
        .map(|c| data.join("bbc-news").join(c).to_string_lossy().into_owned())
        .collect();
    let args: Vec<&str> = folders.iter().map(String::as_str).collect();
    let report = env.index_json(&args);
    println!("bbc-news: {report}");
    assert_eq!(report["articles"], 2_225, "{report}");
    assert_eq!(report["total_articles"], 2_225, "{report}");
}

/// Whether a hit's date (a day, `2023-11-02`) is the metadata's publication date, give or take
/// the day a time zone can shift it by.
fn same_date(ours: &str, theirs: &str) -> bool {
    use chrono::NaiveDate;
    let day = |s: &str| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok();
    match (day(ours), day(theirs)) {
        (Some(ours), Some(theirs)) => (ours - theirs).num_days().abs() <= 1,
        _ => false,
    }
}

/// Lowercase words, quotes unified, for comparing titles.
fn words(title: &str) -> Vec<String> {
    title
        .replace(['’', '‘'], "'")
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '|' | '-' | '—' | '–'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The same headline: equal or contained once spaces are ignored (site suffixes, CJK spacing),
/// or sharing at least 60% of its words (an outlet's headline variants).
fn same_title(ours: &str, theirs: &str) -> bool {
    let squash = |s: &str| s.replace(['’', '‘'], "'").split_whitespace().collect::<String>().to_lowercase();
    let (a, b) = (squash(ours), squash(theirs));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let (wa, wb) = (words(ours), words(theirs));
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    shared * 10 >= wa.len().max(wb.len()) * 6
}

#[test]
fn newspaper4k_pages_give_title_and_date() {
    let Some(data) = shared_data("newspaper4k_pages_give_title_and_date") else { return };
    let folder = data.join("newspaper4k-html");
    let env = Env::new();
    env.index_json(&[folder.join("html").to_str().unwrap()]);
    let hits: HashMap<String, Value> = all_hits(&env)
        .into_iter()
        .map(|(path, hit)| (Path::new(&path).file_stem().unwrap().to_string_lossy().into_owned(), hit))
        .collect();
    let (mut with_date, mut good) = (0, 0);
    let mut misses = Vec::new();
    for entry in std::fs::read_dir(folder.join("metadata")).unwrap() {
        let path = entry.unwrap().path();
        let meta: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let Some(date) = meta["publish_date"].as_str().filter(|d| !d.is_empty()) else { continue };
        with_date += 1;
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let title = meta["title"].as_str().unwrap_or_default();
        let hit = hits.get(&stem);
        let title_ok = hit.is_some_and(|h| same_title(h["title"].as_str().unwrap_or_default(), title));
        let date_ok = hit.is_some_and(|h| h["date"].as_str().is_some_and(|d| same_date(d, date)));
        if title_ok && date_ok {
            good += 1;
        } else {
            misses.push(format!(
                "{stem}: title {title_ok} date {date_ok} (ours {:?} / {:?}, theirs {title:?} / {date:?})",
                hit.map(|h| h["title"].clone()),
                hit.map(|h| h["date"].clone())
            ));
        }
    }
    println!("newspaper4k: {good} of {with_date} pages with a date give its title and date");
    assert!(with_date > 0);
    assert!(good * 10 >= with_date * 9, "{good}/{with_date}: {misses:#?}");
}

/// Three stories about one port city, in French, German and English (written for this test):
/// each file's path and text.
fn three_stories() -> [(&'static str, &'static str); 3] {
    [
        (
            "news/fr.txt",
            "Le marché aux poissons de Marseille rouvre ses portes\n\n\
             MARSEILLE - Après six mois de travaux, le marché aux poissons du Vieux-Port a rouvert \
             samedi matin. Les pêcheurs ont vendu leurs prises dès l'aube, et la mairie promet que les \
             étals resteront ouverts tous les jours de la semaine. Les commerçants espèrent que la \
             rénovation attirera de nouveaux clients venus de Rotterdam et d'ailleurs.\n",
        ),
        (
            "news/de.txt",
            "Neue Kräne für die Häfen an der Elbe\n\n\
             HAMBURG - Die Betreiber der Häfen an der Elbe haben am Montag zwölf neue Kräne in Betrieb \
             genommen. Nach langen Verhandlungen mit der Stadt sollen die Anlagen die Wartezeiten für \
             Containerschiffe aus Rotterdam deutlich verkürzen. Die Gewerkschaft begrüßte die \
             Investition und forderte mehr Personal für die Nachtschichten.\n",
        ),
        (
            "news/en.txt",
            "Cranes arrive at the Leeds depot\n\n\
             LEEDS - Twelve new cranes arrived at the depot on Monday after long negotiations with the \
             council. The cranes were shipped from Rotterdam and will shorten waiting times for lorries, \
             the operator said. Unions welcomed the investment and asked for more staff on night shifts.\n",
        ),
    ]
}

/// The three stories indexed in one run.
fn three_languages() -> Env {
    let env = Env::new();
    for (path, text) in three_stories() {
        env.write(path, text);
    }
    env.index_json(&["news"]);
    env
}

/// An index run adds a segment: a language whose articles came in a later run is in that
/// segment only, and each segment is searched for the languages it holds (a language's
/// fields are missing from the others).
#[test]
fn a_language_held_by_one_segment_is_searched_there() {
    let env = Env::new();
    let mut stories = three_stories();
    stories.reverse(); // English first, then German and French, one run each
    for (i, (path, text)) in stories.into_iter().enumerate() {
        env.write(path, text);
        let summary = env.index_json(&["news"]);
        assert_eq!(summary["added"], 1, "run {i}: {summary}");
    }
    let stats = env.cmd_output(&["stats"]);
    assert!(stats.contains("in 3 segments"), "{stats}");
    assert_eq!(paths(&env, &["marchés"]), ["news/fr.txt"]);
    assert_eq!(paths(&env, &["Verhandlung"]), ["news/de.txt"]);
    assert_eq!(paths(&env, &["negotiation"]), ["news/en.txt"]);
    assert_eq!(paths(&env, &["Rotterdam"]).len(), 3);
    assert_eq!(paths(&env, &["Rotterdam", "--lang", "fr"]), ["news/fr.txt"]);
}

fn paths(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.push("--json");
    hit_paths(&env.search(&all))
}

#[test]
fn each_language_is_searched_with_its_own_stemmer_and_stop_words() {
    let env = three_languages();
    let hits = all_hits(&env);
    assert_eq!(hits["news/fr.txt"]["lang"], "fr", "{hits:#?}");
    assert_eq!(hits["news/de.txt"]["lang"], "de");
    assert_eq!(hits["news/en.txt"]["lang"], "en");
    assert_eq!(hits["news/de.txt"]["title"], "Neue Kräne für die Häfen an der Elbe", "stored as written");

    // French and German word forms: plural for singular, without accents, inflections.
    for query in ["marchés", "marche", "poisson", "pêcheur"] {
        assert_eq!(paths(&env, &[query]), ["news/fr.txt"], "{query}");
    }
    for query in ["Hafen", "Verhandlung", "Kran", "Betreiber"] {
        assert_eq!(paths(&env, &[query]), ["news/de.txt"], "{query}");
    }
    // Stop words of the article's language are dropped from the query, not required.
    assert_eq!(paths(&env, &["le marché"]), ["news/fr.txt"]);
    assert_eq!(paths(&env, &["die Verhandlungen mit der Stadt"]), ["news/de.txt"]);
    assert_eq!(paths(&env, &["the cranes"]), ["news/en.txt"]);
    // English stemming is unchanged; a word all three share finds all three.
    assert_eq!(paths(&env, &["negotiation"]), ["news/en.txt"]);
    assert_eq!(paths(&env, &["Rotterdam"]).len(), 3);
    // `--lang` searches one language (or several).
    assert_eq!(paths(&env, &["Rotterdam", "--lang", "de"]), ["news/de.txt"]);
    assert_eq!(paths(&env, &["Rotterdam", "--lang", "fr"]), ["news/fr.txt"]);
    assert_eq!(paths(&env, &["Rotterdam", "--lang", "en"]), ["news/en.txt"]);
    let mut two = paths(&env, &["Rotterdam", "--lang", "fr", "--lang", "en"]);
    two.sort();
    assert_eq!(two, ["news/en.txt", "news/fr.txt"]);
    // Field queries and exact phrases work in every language.
    assert_eq!(paths(&env, &["title:marchés"]), ["news/fr.txt"]);
    assert_eq!(paths(&env, &["title:Häfen", "--lang", "de"]), ["news/de.txt"]);
    assert_eq!(paths(&env, &["\"marché aux poissons\""]), ["news/fr.txt"]);
    assert!(paths(&env, &["\"marchés aux poissons\""]).is_empty(), "phrases stay exact");

    // The snippet highlights the French form found by the query.
    let out = env.search(&["marchés", "--json"]);
    let hit = json_lines(&out).into_iter().find(|l| l["type"] == "hit").unwrap();
    let text = hit["snippet"].as_str().unwrap_or_default();
    let marked: Vec<&str> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert!(marked.contains(&"marché"), "{hit}");

    // `similar` finds the article in its own language's terms.
    let similar = env.cmd_output(&["similar", "news/fr.txt", "--json"]);
    assert!(json_lines(&similar).iter().all(|l| l["path"] != "news/fr.txt"), "{similar}");
}

#[test]
fn european_datelines_give_place_and_date() {
    let env = Env::new();
    let stories = [
        ("fr", "PARIS, 3 mars (AFP) - Le gouvernement a présenté mardi un plan pour les ports.", "Paris"),
        (
            "de",
            "BERLIN, 3. März - Die Regierung hat am Montag einen Plan für die Häfen vorgestellt.",
            "Berlin",
        ),
        (
            "es",
            "MADRID, 3 de marzo (EFE) - El Gobierno presentó el lunes un plan para los puertos.",
            "Madrid",
        ),
        ("it", "ROMA, 3 marzo (ANSA) - Il governo ha presentato un piano per i porti.", "Rome"),
        ("pt", "LISBOA, 3 de março (Lusa) - O Governo apresentou um plano para os portos.", "Lisbon"),
        (
            "nl",
            "AMSTERDAM, 3 maart (ANP) - Het kabinet heeft een plan voor de havens gepresenteerd.",
            "Amsterdam",
        ),
    ];
    for (lang, text, place) in stories {
        let rel = format!("2025/03/04/{lang}.txt");
        env.write(&rel, format!("Plan\n\n{text}\n"));
        let out = env.cmd_output(&["extract", "--json", &rel]);
        let article = &json_lines(&out)[0];
        assert_eq!(article["place"], place, "{article}");
        assert_eq!(article["date"], "2025-03-03", "the dateline's day, its year from the path: {article}");
    }
}
