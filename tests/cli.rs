//! End-to-end tests: the real `dateline` binary on temporary folders of articles.
//!
//! Relevance and filter tests run on the bundled `sample_corpus/`, indexed once per test run.
//! They check, in order:
//! 1. `Xi tariffs Busan` ranks the Busan summit report first;
//! 2. stemming: `tariff` finds articles that only say "tariffs";
//! 3. a quoted phrase matches word for word ("interest rates" never matches "interest rate");
//! 4. every filter keeps only what it names and leaves the order of what it keeps unchanged;
//! 5. short aliases work in filters (`--person Xi`), and a country matches its cities;
//! 6. the JSON Lines contracts of `search` and `extract` (snapshots).

mod common;

use common::{Env, hit_paths, json_lines, sample_index};
use predicates::prelude::*;

const BUSAN: &str = "sample_corpus/wire/2025/10/30/trump-xi-meet-in-busan.txt";

#[test]
fn xi_tariffs_busan_ranks_the_summit_report_first() {
    let idx = sample_index();
    let paths = hit_paths(&idx.search(&["Xi tariffs Busan", "--json"]));
    assert_eq!(paths.first().map(String::as_str), Some(BUSAN), "ranking: {paths:#?}");
}

#[test]
fn all_words_are_required_by_default() {
    let idx = sample_index();
    // The markets brief names Busan and Xi but never says "tariffs".
    let paths = hit_paths(&idx.search(&["Xi tariffs Busan", "--json"]));
    assert!(!paths.iter().any(|p| p.ends_with("busan-meeting-markets-brief.txt")), "{paths:#?}");
    assert!(paths.iter().all(|p| !p.contains("steel-tariffs")), "steel story has no Busan: {paths:#?}");
}

#[test]
fn stemming_matches_other_forms_of_a_word() {
    let idx = sample_index();
    let singular = hit_paths(&idx.search(&["tariff", "--limit", "0", "--json"]));
    assert!(singular.iter().any(|p| p.ends_with("higher-us-steel-tariffs-take-effect.txt")), "{singular:#?}");
}

#[test]
fn quoted_phrases_match_exactly() {
    let idx = sample_index();
    let mut phrase = hit_paths(&idx.search(&["\"interest rates\"", "--limit", "0", "--json"]));
    phrase.sort();
    let expected = [
        "sample_corpus/blog/2025/10/29/five-things-to-watch-at-the-ecb.md",
        "sample_corpus/web/2023/11/29/oecd-lowers-outlook-as-rates-bite.md",
        "sample_corpus/web/html/2025/09/17/fed-cuts-interest-rates-as-job-market-cools.html",
        "sample_corpus/web/japan-markets-today/bank-of-japan-keeps-rates-on-hold.txt",
        "sample_corpus/wire/2019/07/31/fed-cuts-interest-rates-first-time-since-2008.txt",
        "sample_corpus/wire/2022/07/21/ecb-raises-interest-rates-first-time-in-11-years.txt",
        "sample_corpus/wire/2025/10/30/boj-keeps-interest-rates-on-hold.txt",
    ];
    assert_eq!(phrase, expected);
    // Unquoted, the words are stemmed and need not be adjacent: the singular-only stories match too.
    let words = hit_paths(&idx.search(&["interest rates", "--limit", "0", "--json"]));
    assert!(words.iter().any(|p| p.ends_with("brazil-central-bank-raises-selic.md")), "{words:#?}");
    assert!(words.len() > phrase.len());
}

#[test]
fn or_and_exclusion() {
    let idx = sample_index();
    let either = hit_paths(&idx.search(&["Selic OR Dangote", "--json"]));
    assert_eq!(either.len(), 2, "{either:#?}");
    let without = hit_paths(&idx.search(&["\"interest rates\" -Lagarde", "--limit", "0", "--json"]));
    assert!(!without.iter().any(|p| p.contains("ecb")), "{without:#?}");
    assert!(without.iter().any(|p| p.contains("boj-keeps")), "{without:#?}");
}

/// The number of articles `text` matches in `idx` (the summary line's `total`).
fn total_matches(idx: &Env, text: &str) -> u64 {
    let lines = json_lines(&idx.search(&["--limit", "1", "--json", "--summary", "--", text]));
    lines.last().and_then(|l| l["total"].as_u64()).expect("a summary line")
}

/// Excluding a phrase whose words occur but never in that order excludes nothing and does not
/// trip tantivy's debug assertion on backward seeks (found by the query fuzz target).
#[test]
fn excluding_a_phrase_that_never_occurs_keeps_every_match() {
    let idx = sample_index();
    let total = |text: &str| total_matches(idx, text);
    let xi = total("Xi");
    assert!(xi > 0);
    assert_eq!(total("Xi -\"Korea South\""), xi);
    assert_eq!(total("-\"Korea South\""), total(""));
    assert!(total("Xi -\"South Korea\"") < xi, "a phrase that occurs still excludes");
}

/// A query of exclusions alone is every article without those words, and the warning says so.
#[test]
fn a_query_of_exclusions_alone_keeps_every_other_article() {
    let idx = sample_index();
    let total = |text: &str| total_matches(idx, text);
    let (all, tariffs, without) = (total(""), total("tariffs"), total("-tariffs"));
    assert!(tariffs > 0 && tariffs < all, "{tariffs} of {all}");
    assert_eq!(without, all - tariffs);
    let out = idx.cmd(&["search", "--json", "--", "-tariffs"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("every article without those words"), "{stderr}");
}

#[test]
fn person_filter_accepts_a_short_alias_and_keeps_ranking() {
    let idx = sample_index();
    let all = hit_paths(&idx.search(&["tariffs", "--limit", "0", "--json"]));
    let xi = hit_paths(&idx.search(&["tariffs", "--person", "Xi", "--limit", "0", "--json"]));
    let full = hit_paths(&idx.search(&["tariffs", "--person", "Xi Jinping", "--limit", "0", "--json"]));
    assert!(xi.contains(&BUSAN.to_string()), "{xi:#?}");
    assert_eq!(xi, full, "alias and full name filter the same articles");
    assert!(xi.len() < all.len(), "the filter removes articles without Xi");
    let kept_in_order: Vec<&String> = all.iter().filter(|p| xi.contains(p)).collect();
    assert_eq!(kept_in_order, xi.iter().collect::<Vec<_>>(), "filters must not change the order");
}

#[test]
fn place_filter_country_matches_its_cities() {
    let idx = sample_index();
    let korea = idx.search(&["--dateline", "South Korea", "--limit", "0", "--json"]);
    let paths = hit_paths(&korea);
    assert!(paths.contains(&BUSAN.to_string()), "Busan is in South Korea: {paths:#?}");
    for hit in json_lines(&korea).iter().filter(|l| l["type"] == "hit") {
        assert_eq!(hit["country"], "South Korea", "{hit}");
    }
    let busan = hit_paths(&idx.search(&["--place", "Busan", "--limit", "0", "--json"]));
    assert!(busan.contains(&BUSAN.to_string()));
    assert!(busan.len() < paths.len() + 10);
}

#[test]
fn date_filters_take_whole_periods() {
    let idx = sample_index();
    let october =
        json_lines(&idx.search(&["--from", "2025-10", "--to", "2025-10", "--limit", "0", "--json"]));
    let hits: Vec<_> = october.iter().filter(|l| l["type"] == "hit").collect();
    assert!(hits.len() >= 8, "{} October 2025 hits", hits.len());
    for hit in hits {
        let date = hit["date"].as_str().expect("filtered hits have dates");
        assert!(date.starts_with("2025-10"), "{date}");
    }
    let year = hit_paths(&idx.search(&["--from", "2019", "--to", "2019", "--limit", "0", "--json"]));
    assert!(year.iter().any(|p| p.contains("fed-cuts-interest-rates-first-time-since-2008")), "{year:#?}");
    assert!(year.iter().all(|p| p.contains("2019")), "{year:#?}");
}

#[test]
fn the_brief_example_person_place_and_month() {
    let idx = sample_index();
    let args =
        ["--person", "Xi Jinping", "--dateline", "South Korea", "--from", "2025-10", "--to", "2025-10"];
    let mut all = args.to_vec();
    all.extend(["--limit", "0", "--json"]);
    let paths = hit_paths(&idx.search(&all));
    assert!(paths.contains(&BUSAN.to_string()), "{paths:#?}");
    assert!(paths.iter().all(|p| p.contains("2025/10")), "{paths:#?}");
}

#[test]
fn org_and_country_filters() {
    let idx = sample_index();
    let goldman = hit_paths(&idx.search(&["--org", "Goldman Sachs", "--limit", "0", "--json"]));
    assert!(goldman.iter().any(|p| p.contains("goldman-sachs-fourth-quarter-profit")), "{goldman:#?}");
    let japan = hit_paths(&idx.search(&["--country", "Japan", "--limit", "0", "--json"]));
    assert!(japan.iter().any(|p| p.contains("boj-keeps")), "{japan:#?}");
    assert!(!japan.iter().any(|p| p.contains("selic")), "{japan:#?}");
}

#[test]
fn sort_by_date_and_pagination() {
    let idx = sample_index();
    let dated = json_lines(&idx.search(&["--sort", "date", "--limit", "0", "--json"]));
    let dates: Vec<String> = dated.iter().filter_map(|l| l["date"].as_str().map(str::to_string)).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let first = hit_paths(&idx.search(&["tariffs", "--limit", "2", "--json"]));
    let second = hit_paths(&idx.search(&["tariffs", "--limit", "2", "--offset", "2", "--json"]));
    let both = hit_paths(&idx.search(&["tariffs", "--limit", "4", "--json"]));
    assert_eq!([first, second].concat(), both);
}

#[test]
fn a_syntax_error_warns_and_still_searches() {
    let idx = sample_index();
    let out = idx.cmd(&["search", "Xi AND (tariffs", "--json"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning"), "{stderr}");
    assert!(!hit_paths(&String::from_utf8_lossy(&out.stdout)).is_empty());
}

#[test]
fn hostile_queries_never_crash() {
    let idx = sample_index();
    for q in [
        "\"",
        "((((",
        "title:",
        ":::",
        "-",
        "*",
        "AND OR NOT",
        "\u{7}\u{1b}[31m",
        "x^",
        "date:[2025 TO",
        "\"a\"~",
        "🙂",
    ] {
        let out = idx.cmd(&["search", q, "--json"]).output().unwrap();
        assert!(out.status.success(), "query {q:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn search_json_contract() {
    let env = Env::new();
    env.write("wire/busan.txt", "Leaders meet in Busan\n\nBUSAN, Oct. 30 (Reuters) - U.S. President Donald Trump met Chinese President Xi Jinping in Busan on Thursday to discuss tariffs. Trump said the talks went well. Xi said tariffs hurt both sides.\n");
    env.write("wire/steel.txt", "Steel tariffs rise\n\nWASHINGTON, June 4 (Reuters) - Tariffs on steel rose again on Wednesday, officials said.\n");
    env.index(&["wire"]).success();
    let out = env.search(&["tariffs", "--json", "--summary"]);
    insta::assert_snapshot!("search_json", out);
    // Without --summary every line is a hit with its path: the shared bench harness
    // (`../shared/bench`) reads each line of `search --json` as one.
    let hits_only = env.search(&["tariffs", "--json"]);
    let lines = json_lines(&hits_only);
    assert_eq!(lines.len(), 2, "{hits_only}");
    assert!(lines.iter().all(|l| l["type"] == "hit" && l["path"].is_string()), "{hits_only}");
    assert_eq!(hits_only, out.lines().take(2).map(|l| format!("{l}\n")).collect::<String>());
}

#[test]
fn extract_json_contract() {
    let env = Env::new();
    env.write("busan.txt", "Leaders meet in Busan\n\nBUSAN, Oct. 30 (Reuters) - U.S. President Donald Trump met Chinese President Xi Jinping in Busan on Thursday. Trump said the talks with Xi went well, according to the White House.\n");
    let out = env.cmd(&["extract", "busan.txt", "--json"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let line = &json_lines(&text)[0];
    assert_eq!(line["dateline"], "BUSAN, Oct. 30 (Reuters)");
    assert_eq!(line["place"], "Busan");
    assert_eq!(line["country"], "South Korea");
    let people: Vec<&str> = line["people"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(people.contains(&"Donald Trump") && people.contains(&"Xi Jinping"), "{people:?}");
    let xi =
        line["mentions"].as_array().unwrap().iter().find(|m| m["text"] == "Xi").expect("a bare Xi mention");
    assert_eq!(xi["canonical"], "Xi Jinping");
    assert_eq!(xi["kind"], "person");
    insta::assert_snapshot!("extract_json", text);
}

#[test]
fn incremental_runs_add_change_delete_and_skip_untouched() {
    let env = Env::new();
    env.write("news/a.txt", "Alpha story\n\nLONDON - The alpha story begins here.\n");
    env.write("news/b.txt", "Beta story\n\nPARIS - The beta story begins here.\n");
    env.write("news/c.txt", "Gamma story\n\nBERLIN - The gamma story begins here.\n");
    let first = env.index_json(&["news"]);
    assert_eq!((first["added"].as_u64(), first["articles"].as_u64()), (Some(3), Some(3)));

    env.write(
        "news/b.txt",
        "Beta story, updated\n\nPARIS - The beta story was rewritten with zeppelin news.\n",
    );
    env.remove("news/c.txt");
    env.write("news/d.txt", "Delta story\n\nROME - The delta story begins here.\n");
    let second = env.index_json(&["news"]);
    let counts = ["added", "changed", "deleted", "unchanged"].map(|k| second[k].as_u64().unwrap());
    assert_eq!(counts, [1, 1, 1, 1], "{second}");
    assert_eq!(second["total_articles"], 3);
    assert_eq!(hit_paths(&env.search(&["zeppelin", "--json"])), ["news/b.txt"]);
    assert!(hit_paths(&env.search(&["gamma", "--json"])).is_empty(), "deleted file is gone");
    assert_eq!(
        hit_paths(&env.search(&["beta", "--json"])).len(),
        1,
        "a changed file is replaced, not duplicated"
    );

    let third = env.index_json(&["news"]);
    assert_eq!(third["unchanged"], 3);
    assert_eq!(third["articles"], 0, "nothing re-parsed");
}

#[test]
fn indexing_another_folder_keeps_the_first() {
    let env = Env::new();
    env.write("one/a.txt", "Alpha story\n\nThe alpha story about walruses.\n");
    env.write("two/b.txt", "Beta story\n\nThe beta story about narwhals.\n");
    env.index(&["one"]).success();
    env.index(&["two"]).success();
    assert_eq!(hit_paths(&env.search(&["walruses", "--json"])), ["one/a.txt"]);
    assert_eq!(hit_paths(&env.search(&["narwhals", "--json"])), ["two/b.txt"]);
}

#[test]
fn a_folder_spelt_another_way_is_not_indexed_twice() {
    let env = Env::new();
    env.write("news/wire/a.txt", "Alpha story\n\nThe alpha story about walruses.\n");
    env.write("news/bbc/b.txt", "Beta story\n\nThe beta story about narwhals.\n");
    let first = env.index_json(&["news/wire"]);
    assert_eq!(first["added"], 1);

    // The same folder by its absolute path, and with `./` and a trailing slash: nothing new.
    let absolute = env.path().join("news/wire");
    for spelling in [absolute.to_str().unwrap(), "./news/wire/", "news/../news/wire"] {
        let again = env.index_json(&[spelling]);
        assert_eq!(
            (again["added"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(1)),
            "{spelling}: {again}"
        );
    }
    // The folder holding it: only the other file is new, and the first keeps its name.
    let outer = env.index_json(&[env.path().join("news").to_str().unwrap()]);
    assert_eq!((outer["added"].as_u64(), outer["unchanged"].as_u64()), (Some(1), Some(1)), "{outer}");
    assert_eq!(outer["total_articles"], 2);
    assert_eq!(hit_paths(&env.search(&["walruses", "--json"])), ["news/wire/a.txt"]);

    // A file deleted is found gone whichever spelling the run uses.
    env.remove("news/wire/a.txt");
    let after = env.index_json(&["./news"]);
    assert_eq!((after["deleted"].as_u64(), after["total_articles"].as_u64()), (Some(1), Some(1)), "{after}");
    assert!(hit_paths(&env.search(&["walruses", "--json"])).is_empty());

    // `--rebuild` starts again from the spelling it is given.
    env.index(&["--rebuild", "./news/"]).success();
    assert_eq!(hit_paths(&env.search(&["narwhals", "--json"])), ["news/bbc/b.txt"]);
}

#[test]
fn every_format_is_read() {
    let env = Env::with_fixtures();
    let report = env.index_json(&["fixtures/formats"]);
    assert_eq!(report["skipped"].as_array().map(Vec::len), Some(0), "{report}");
    let out = env.search(&["--limit", "0", "--json"]);
    let paths = hit_paths(&out);
    for ext in [".txt", ".md", ".json", ".jsonl", ".html"] {
        assert!(paths.iter().any(|p| p.contains(ext)), "no article from a {ext} file: {paths:#?}");
    }
    for hit in json_lines(&out).iter().filter(|l| l["type"] == "hit") {
        assert!(!hit["title"].as_str().unwrap_or("").is_empty(), "every article has a title: {hit}");
    }
}

#[test]
fn broken_files_are_reported_and_skipped_not_fatal() {
    let env = Env::with_fixtures();
    env.write("fixtures/broken/good.txt", "A good story\n\nThe good story mentions a platypus.\n");
    let out = env.index(&["fixtures/broken"]).code(3).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["binary.txt", "empty.md", "truncated.json"] {
        assert!(stderr.contains(name), "{name} not reported: {stderr}");
    }
    assert_eq!(hit_paths(&env.search(&["platypus", "--json"])), ["fixtures/broken/good.txt"]);
    let latin1 = hit_paths(&env.search(&["--limit", "0", "--json"]));
    assert!(
        latin1.iter().any(|p| p.contains("latin1")),
        "invalid UTF-8 is decoded, not rejected: {latin1:#?}"
    );
}

#[test]
fn a_bad_file_does_not_lose_its_indexed_version() {
    let env = Env::new();
    env.write("news/a.json", "{\"title\": \"Old title\", \"body\": \"The original okapi story.\"}");
    env.index(&["news"]).success();
    env.write("news/a.json", "{\"title\": \"New title\", \"body\": \"cut off");
    env.index(&["news"]).code(3);
    assert_eq!(hit_paths(&env.search(&["okapi", "--json"])), ["news/a.json"]);
}

#[test]
fn output_is_plain_when_piped_or_no_color() {
    let idx = sample_index();
    let out = idx.cmd(&["search", "Busan"]).env("NO_COLOR", "1").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Busan") && !text.contains('\u{1b}'), "{text}");
    let forced = idx.cmd(&["--color", "always", "search", "Busan"]).output().unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'), "--color always colours");
}

#[test]
fn help_version_and_completions() {
    let env = Env::new();
    env.cmd(&["--help"]).assert().success().stdout(predicate::str::contains("Examples:"));
    env.cmd(&["--version"]).assert().success().stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
    env.cmd(&["search", "--help"]).assert().success().stdout(predicate::str::contains("--person"));
    env.cmd(&["completions", "bash"]).assert().success().stdout(predicate::str::contains("dateline"));
}

#[test]
fn missing_index_and_bad_flags_say_what_to_do() {
    let env = Env::new();
    env.cmd(&["search", "anything", "--index", "nowhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("dateline index"));
    env.cmd(&["search", "x", "--from", "2025-13"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("YYYY-MM"));
    env.cmd(&["index", "does-not-exist"]).assert().code(1).stderr(predicate::str::contains("does-not-exist"));
    env.cmd(&["search", "--limit", "many"]).assert().code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    // Enough hits that the output overflows the pipe's buffer after the reader has gone.
    let env = Env::new();
    for i in 0..300 {
        env.write(
            &format!("news/{i:03}.txt"),
            format!("Story {i}\n\nThe story number {i} is about pipes and plumbing.\n"),
        );
    }
    env.index(&["news"]).success();
    // Each output: the terminal's and JSON Lines (a JSON write error once hid the closed pipe).
    let commands: [&[&str]; 5] = [
        &["search", "plumbing", "--limit", "0"],
        &["search", "plumbing", "--limit", "0", "--json"],
        &["extract", "news"],
        &["extract", "--json", "news"],
        &["export"],
    ];
    for args in commands {
        let mut child = env.cmd_std(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 16];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: status {:?}", out.status);
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

mod query_properties {
    //! The query front end never fails on any string: random text made of the grammar's
    //! characters, unicode and very long queries all give a result (exit 0) or a usage error.
    use super::common::sample_index;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn any_query_string_is_answered(q in "[a-zA-Z0-9 \"'()\\[\\]{}:^~*+\\-!&|/\\\\<>=,.éü中🙂]{0,60}") {
            let out = sample_index().cmd(&["search", "--json", "--", &q]).output().unwrap();
            prop_assert!(out.status.success(), "query {:?}: {}", q, String::from_utf8_lossy(&out.stderr));
        }
    }

    #[test]
    fn a_ten_thousand_character_query_is_answered() {
        let q = "tariffs (\"rare earth\" OR -Busan) ".repeat(300);
        let out = sample_index().cmd(&["search", &q, "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn lang_filter_keeps_one_language() {
    let idx = sample_index();
    let french = json_lines(&idx.search(&["--lang", "fr", "--limit", "0", "--json"]));
    let hits: Vec<_> = french.iter().filter(|l| l["type"] == "hit").collect();
    assert!(
        hits.iter()
            .any(|h| h["path"].as_str().unwrap().ends_with("sommet-intelligence-artificielle-paris.txt"))
    );
    assert!(hits.iter().all(|h| h["lang"] == "fr"), "{hits:#?}");
    let either = hit_paths(&idx.search(&["--lang", "fr", "--lang", "de", "--limit", "0", "--json"]));
    assert!(either.len() > hits.len(), "several --lang values match any of them");
    assert!(hit_paths(&idx.search(&["--lang", "xx", "--json"])).is_empty());
}

#[test]
fn lang_takes_three_letter_codes_and_english_names() {
    let idx = sample_index();
    let french = hit_paths(&idx.search(&["--lang", "fr", "--limit", "0", "--json"]));
    assert!(!french.is_empty());
    for value in ["fra", "fre", "French", "FRENCH", "fr-FR"] {
        assert_eq!(
            hit_paths(&idx.search(&["--lang", value, "--limit", "0", "--json"])),
            french,
            "--lang {value}"
        );
    }
    let german = hit_paths(&idx.search(&["--lang", "German", "--limit", "0", "--json"]));
    assert!(!german.is_empty());
    assert_eq!(hit_paths(&idx.search(&["--lang", "deu", "--limit", "0", "--json"])), german);
    assert_eq!(hit_paths(&idx.search(&["--lang", "ger", "--limit", "0", "--json"])), german);
    idx.cmd(&["search", "x", "--lang", "Klingon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Klingon").and(predicate::str::contains("not a language")));
}

#[test]
fn lang_no_matches_bokmal_and_nynorsk() {
    let env = Env::new();
    // Quoted: YAML reads a bare `no` as false.
    for (code, word) in [("no", "Bergen"), ("nb", "Oslo"), ("nn", "Voss")] {
        env.write(
            &format!("{code}.md"),
            format!(
                "---\ntitle: Fjorden i {word}\nlang: \"{code}\"\n---\nFergene over fjorden ved {word} \
                 gikk som vanlig i dag, og mange reisende kom fram i god tid før helga.\n"
            ),
        );
    }
    env.write("en.md", "---\ntitle: The fjord\nlang: en\n---\nThe ferries crossed the fjorden as usual.\n");
    env.index(&["."]).success();
    let all = ["nb.md", "nn.md", "no.md"];
    for value in ["no", "nb", "nn", "nor", "Norwegian"] {
        let mut hits = hit_paths(&env.search(&["--lang", value, "--limit", "0", "--json"]));
        hits.sort();
        assert_eq!(hits, all, "--lang {value}");
        // A query is analysed as Norwegian for every one of the three codes.
        let mut hits = hit_paths(&env.search(&["fergene", "--lang", value, "--json"]));
        hits.sort();
        assert_eq!(hits, all, "fergene --lang {value}");
    }
}
