//! News search: facets, timeline, entities, entities in the query, wire-copy clustering and the
//! dates people type. Counts are checked against a brute-force count over every matching hit
//! (`--limit 0 --json` lists every match, copies included).

mod common;

use std::collections::{BTreeMap, HashMap};

use common::{Env, hit_paths, json_lines, reagan_alone, sample_index, write_reagan_in_full};
use serde_json::Value;

fn hits(lines: &[Value]) -> Vec<&Value> {
    lines.iter().filter(|l| l["type"] == "hit").collect()
}

fn names(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Articles per name of one list field (`people`, `countries`...) over `hits`.
fn brute_counts(hits: &[&Value], field: &str) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for hit in hits {
        for name in names(&hit[field]) {
            *counts.entry(name).or_default() += 1;
        }
    }
    counts
}

#[test]
fn facets_count_every_match_not_only_the_page() {
    let idx = sample_index();
    let page = json_lines(&idx.search(&["tariffs", "--facets", "5", "--limit", "2", "--json", "--summary"]));
    let all = json_lines(&idx.search(&["tariffs", "--limit", "0", "--json"]));
    let every = hits(&all);
    assert_eq!(hits(&page).len(), 2);
    let facets = page.iter().find(|l| l["type"] == "facets").expect("a facets line");
    assert_eq!(page.last().unwrap()["type"], "summary", "the summary closes the output");
    for key in ["people", "organizations", "places", "countries"] {
        let brute = brute_counts(&every, key);
        let list = facets[key].as_array().unwrap();
        assert!(!list.is_empty() || brute.is_empty(), "{key}");
        assert!(list.len() <= 5);
        for entry in list {
            let name = entry["name"].as_str().unwrap();
            assert_eq!(entry["count"].as_u64(), brute.get(name).copied(), "{key} {name}");
        }
        let top = list.first().and_then(|e| e["count"].as_u64()).unwrap_or(0);
        assert_eq!(
            top,
            brute.values().copied().max().unwrap_or(0),
            "{key}: the first facet is the most frequent"
        );
    }
}

#[test]
fn timeline_counts_per_period() {
    let idx = sample_index();
    for (interval, key_len) in [("month", 7), ("year", 4), ("day", 10)] {
        let out = json_lines(&idx.search(&["--timeline", interval, "--limit", "0", "--json"]));
        let every = hits(&out);
        let mut brute: BTreeMap<String, u64> = BTreeMap::new();
        let mut undated = 0;
        for hit in &every {
            match hit["date"].as_str() {
                Some(date) => *brute.entry(date[..key_len].to_string()).or_default() += 1,
                None => undated += 1,
            }
        }
        let timeline = out.iter().find(|l| l["type"] == "timeline").expect("a timeline line");
        assert_eq!(timeline["interval"], interval);
        let buckets: BTreeMap<String, u64> = timeline["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| (b["key"].as_str().unwrap().to_string(), b["count"].as_u64().unwrap()))
            .collect();
        assert_eq!(buckets, brute, "{interval}");
        assert_eq!(timeline["undated"], undated);
    }
    let week = json_lines(&idx.search(&["Busan", "--timeline", "week", "--json"]));
    let keys = names(&Value::Array(
        week.iter().find(|l| l["type"] == "timeline").unwrap()["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["key"].clone())
            .collect(),
    ));
    assert!(keys.contains(&"2025-W44".to_string()), "ISO week of 2025-10-30: {keys:?}");
}

#[test]
fn timeline_draws_bars_in_the_terminal() {
    let idx = sample_index();
    let out = idx.search(&["--timeline", "year", "--limit", "1"]);
    assert!(out.lines().any(|l| l.starts_with("2025") && l.contains('█')), "{out}");
}

#[test]
fn entities_list_counts_and_first_last_dates() {
    let idx = sample_index();
    let all = json_lines(&idx.search(&["--limit", "0", "--json"]));
    let every = hits(&all);
    let out = json_lines(&idx.cmd_output(&["entities", "--kind", "person", "--limit", "5", "--json"]));
    assert_eq!(out.len(), 5);
    let brute = brute_counts(&every, "people");
    for entity in &out {
        assert_eq!(entity["type"], "entity");
        assert_eq!(entity["kind"], "person");
        let name = entity["name"].as_str().unwrap();
        assert_eq!(entity["count"].as_u64(), brute.get(name).copied(), "{name}");
        let dates: Vec<&str> = every
            .iter()
            .filter(|h| names(&h["people"]).iter().any(|n| n == name))
            .filter_map(|h| h["date"].as_str())
            .collect();
        assert_eq!(entity["first"].as_str(), dates.iter().min().copied(), "{name}");
        assert_eq!(entity["last"].as_str(), dates.iter().max().copied(), "{name}");
    }
    assert_eq!(out[0]["name"], "Donald Trump", "the most frequent person of the sample corpus");
}

#[test]
fn entities_with_lists_what_cooccurs() {
    let idx = sample_index();
    let all = json_lines(&idx.search(&["--person", "Xi Jinping", "--limit", "0", "--json"]));
    let with_xi = hits(&all);
    let brute = brute_counts(&with_xi, "people");
    let out =
        json_lines(&idx.cmd_output(&["entities", "--with", "Xi Jinping", "--kind", "person", "--json"]));
    assert!(!out.is_empty());
    for entity in &out {
        let name = entity["name"].as_str().unwrap();
        assert_ne!(name, "Xi Jinping", "the entity itself is not listed");
        assert_eq!(entity["count"].as_u64(), brute.get(name).copied(), "articles shared with {name}");
    }
    let unknown = idx.cmd(&["entities", "--with", "Nobody Atall"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("dateline entities"));
}

/// Entities in the query. Properties checked:
/// 1. an article where the query word names an actor ranks above one where it is only a word
///    ("Xi" the leader vs the city of Xi'an), with the same other words;
/// 2. the archive's own aliases count: "Xi" matches the actor "Xi Jinping";
/// 3. a query word that names no entity works as before.
#[test]
fn entities_named_in_the_query_rank_actors_first() {
    let env = Env::new();
    env.write(
        "a-leader.txt",
        "Leaders talk trade in Busan\n\nBUSAN, Oct. 30 (Reuters) - Chinese President Xi Jinping arrived in Busan on \
         Thursday. The Chinese leader discussed tariffs with his hosts, and the Chinese leader said tariffs hurt \
         both economies. Officials in Busan said the talks were long.\n",
    );
    env.write(
        "b-city.txt",
        "Travel notes from Korea and China\n\nSEOUL - Travel agencies selling tours to Xi'an and Busan said tariffs \
         on fuel raised prices. Xi'an is famous for its terracotta army; Busan for its beaches. Tariffs on \
         aviation fuel have pushed fares up, agencies said.\n",
    );
    env.index(&["."]).success();
    let ranked = hit_paths(&env.search(&["Xi tariffs Busan", "--json"]));
    assert_eq!(ranked, ["a-leader.txt", "b-city.txt"], "1. the actor ranks first");
    assert_eq!(
        hit_paths(&env.search(&["person:xi", "--json"])),
        ["a-leader.txt"],
        "2. alias in the person field"
    );
    assert_eq!(hit_paths(&env.search(&["terracotta", "--json"])), ["b-city.txt"], "3.");
}

#[test]
fn wire_copies_are_clustered() {
    let env = Env::new();
    let story = "TOKYO, Oct. 30 (Reuters) - The Bank of Japan kept interest rates unchanged on Thursday, as \
        policymakers waited for more evidence that wage gains were spreading across the economy. Governor Kazuo \
        Ueda said the board needed more time to judge the impact of tariffs on exporters and on corporate \
        profits, and markets trimmed bets on a December hike. The yen weakened after the decision.";
    env.write("wire/boj.txt", format!("BOJ holds rates\n\n{story}\n"));
    env.write(
        "paper/boj.txt",
        format!(
            "Bank of Japan holds rates steady\n\n{} The next meeting is in December.\n",
            story.replace("kept", "left")
        ),
    );
    env.write("wire/other.txt", "Fed holds rates\n\nWASHINGTON - The Federal Reserve kept interest rates steady on Wednesday, its chair said, citing tariffs and a cooling job market.\n");
    env.write("wire/third.txt", "Rates in Europe\n\nFRANKFURT - The European Central Bank kept interest rates on hold as inflation eased and growth slowed across the euro zone.\n");
    env.index(&["."]).success();

    // Three stories match; the two BOJ copies would fill a two-hit page on their own.
    let folded = json_lines(&env.search(&["interest rates tariffs", "--limit", "2", "--json", "--summary"]));
    let folded_hits = hits(&folded);
    assert_eq!(folded.last().unwrap()["total"], 3, "the total counts every copy");
    assert_eq!(folded_hits.len(), 2);
    let paths: Vec<&str> = folded_hits.iter().map(|h| h["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"wire/other.txt"), "copies do not crowd out another story: {paths:?}");
    let boj =
        folded_hits.iter().find(|h| h["path"].as_str().unwrap().ends_with("boj.txt")).expect("one BOJ copy");
    assert_eq!(boj["similar"], 1);
    assert_eq!(boj["cluster"], "paper/boj.txt", "the cluster is named by its smallest path");

    // Only the two copies match "Ueda": folded, the second page is empty; --all-copies shows it.
    let first = hits(&json_lines(&env.search(&["Ueda", "--limit", "1", "--json"]))).len();
    let second = hit_paths(&env.search(&["Ueda", "--limit", "1", "--offset", "1", "--json"]));
    assert_eq!((first, second.len()), (1, 0));
    let mut every = hit_paths(&env.search(&["Ueda", "--limit", "1", "--all-copies", "--json"]));
    every.extend(hit_paths(&env.search(&[
        "Ueda",
        "--limit",
        "1",
        "--offset",
        "1",
        "--all-copies",
        "--json",
    ])));
    every.sort();
    assert_eq!(every, ["paper/boj.txt", "wire/boj.txt"], "--all-copies shows each copy");

    let human = env.search(&["interest rates tariffs", "--limit", "2"]);
    assert!(human.contains("+1 similar copy"), "{human}");

    let similar = json_lines(&env.cmd_output(&["similar", "wire/boj.txt", "--json"]));
    let first = &hits(&similar)[0];
    assert_eq!(first["path"], "paper/boj.txt", "the copy is the most similar article");
    assert_eq!(first["similar"], 1, "and is marked as a copy");
    assert!(hits(&similar).iter().all(|h| h["path"] != "wire/boj.txt"), "the article itself is not listed");
}

#[test]
fn dates_people_type() {
    let idx = sample_index();
    let iso = hit_paths(&idx.search(&["--from", "2025-10", "--to", "2025-10", "--limit", "0", "--json"]));
    let written =
        hit_paths(&idx.search(&["--from", "Oct 2025", "--to", "October 2025", "--limit", "0", "--json"]));
    let in_query = hit_paths(&idx.search(&["date:2025-10", "--limit", "0", "--json"]));
    let quoted = hit_paths(&idx.search(&["date:\"Oct 2025\"", "--limit", "0", "--json"]));
    assert!(!iso.is_empty());
    assert_eq!(iso, written);
    let mut a = iso.clone();
    let mut b = in_query.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "date: in the query selects the same articles");
    assert_eq!(in_query, quoted);
    let since = hit_paths(&idx.search(&["--from", "since 2024", "--limit", "0", "--json"]));
    let from = hit_paths(&idx.search(&["--from", "2024", "--limit", "0", "--json"]));
    assert_eq!(since, from);
    for relative in ["last week", "this year", "last 30 days", "yesterday"] {
        idx.search(&["--from", relative, "--json"]);
    }
}

#[test]
fn limit_zero_streams_every_match_and_offsets_are_stable() {
    let idx = sample_index();
    let all = json_lines(&idx.search(&["--limit", "0", "--json", "--summary"]));
    let summary = all.last().unwrap();
    assert_eq!(hits(&all).len() as u64, summary["total"].as_u64().unwrap());
    assert_eq!(summary["returned"], summary["total"]);
    let pages: Vec<String> = (0..5)
        .flat_map(|page| {
            let offset = (page * 10).to_string();
            hit_paths(&idx.search(&[
                "--sort",
                "date",
                "--limit",
                "10",
                "--offset",
                &offset,
                "--all-copies",
                "--json",
            ]))
        })
        .collect();
    let whole = hit_paths(&idx.search(&["--sort", "date", "--limit", "50", "--all-copies", "--json"]));
    assert_eq!(pages, whole);
}

#[test]
fn facets_and_timeline_json_contract() {
    let env = Env::new();
    env.write("a.json", r#"{"title": "Trade talks", "date": "2025-10-30", "text": "SEOUL - President Lee Jae-myung met Chinese President Xi Jinping in Seoul to discuss trade."}"#);
    env.write("b.json", r#"{"title": "More trade talks", "date": "2025-11-02", "text": "BEIJING - Chinese President Xi Jinping discussed trade with officials of the World Trade Organization."}"#);
    env.index(&["."]).success();
    let out =
        env.search(&["trade", "--facets", "3", "--timeline", "month", "--limit", "0", "--json", "--summary"]);
    let tail: Vec<&str> = out.lines().filter(|l| !l.contains("\"type\":\"hit\"")).collect();
    insta::assert_snapshot!("facets_timeline_json", tail.join("\n"));
}

#[test]
fn a_surname_alone_counts_as_the_full_name_across_the_archive() {
    // 1. Articles naming only "Reagan" list him as "Ronald Reagan" when the archive names him
    //    so elsewhere (three articles, the same year): in hits, facets and `entities`.
    // 2. A filter on either name finds the articles of both.
    // 3. The table follows the archive: an article added later is counted too.
    let env = Env::new();
    write_reagan_in_full(&env);
    for n in 4..=5 {
        env.write(&format!("alone{n}.json"), reagan_alone(n));
    }
    env.index(&["."]).success();
    let count_of = |lines: &[Value], name: &str| {
        lines.iter().find(|l| l["name"] == name).and_then(|l| l["count"].as_u64())
    };
    let entities = json_lines(&env.cmd_output(&["entities", "--kind", "person", "--json"]));
    assert_eq!(count_of(&entities, "Ronald Reagan"), Some(5), "{entities:?}");
    assert_eq!(count_of(&entities, "Reagan"), None, "{entities:?}");
    for name in ["Ronald Reagan", "Reagan"] {
        let out = json_lines(&env.search(&["--person", name, "--facets", "--limit", "0", "--json"]));
        let found = hits(&out);
        assert_eq!(found.len(), 5, "--person {name}");
        for hit in &found {
            assert_eq!(names(&hit["people"]), ["Ronald Reagan"], "{}", hit["path"]);
        }
        let facets = out.iter().find(|l| l["type"] == "facets").expect("a facets line");
        let people: Vec<Value> = facets["people"].as_array().unwrap().clone();
        assert_eq!(count_of(&people, "Ronald Reagan"), Some(5), "{people:?}");
    }
    env.write("alone6.json", reagan_alone(6));
    // 4. "The Reagan administration" names him too, not an organisation called Reagan.
    env.write(
        "administration7.json",
        r#"{"title": "Chip talks", "date": "1987-04-07", "text": "WASHINGTON - The Reagan administration said on Tuesday it would press Japan on chip prices."}"#,
    );
    env.index(&["."]).success();
    let entities = json_lines(&env.cmd_output(&["entities", "--kind", "person", "--json"]));
    assert_eq!(count_of(&entities, "Ronald Reagan"), Some(7), "{entities:?}");
    let orgs = json_lines(&env.cmd_output(&["entities", "--kind", "organization", "--json"]));
    assert_eq!(count_of(&orgs, "Reagan"), None, "{orgs:?}");
}

#[test]
fn spellings_of_one_organisation_count_as_one() {
    // The name most articles use stands for the others: "Morgan Stanley Group" is listed,
    // counted and found as Morgan Stanley.
    let env = Env::new();
    env.write("a.json", r#"{"title": "Broker results", "date": "1987-03-02", "text": "NEW YORK - Morgan Stanley Group Inc said its first quarter profit rose. The broker said trading was strong."}"#);
    for n in 1..=2 {
        env.write(
            &format!("b{n}.json"),
            format!(
                r#"{{"title": "Broker hires {n}", "date": "1987-03-0{n}", "text": "NEW YORK - Morgan Stanley said it hired {n}0 traders in London. Morgan Stanley shares rose."}}"#
            ),
        );
    }
    env.index(&["."]).success();
    let entities = json_lines(&env.cmd_output(&["entities", "--kind", "organization", "--json"]));
    let count = |name: &str| entities.iter().find(|l| l["name"] == name).and_then(|l| l["count"].as_u64());
    assert_eq!((count("Morgan Stanley"), count("Morgan Stanley Group")), (Some(3), None), "{entities:?}");
    let found = json_lines(&env.search(&["--org", "Morgan Stanley Group", "--limit", "0", "--json"]));
    let found = hits(&found);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|hit| names(&hit["organizations"]) == ["Morgan Stanley"]), "{found:?}");
}
