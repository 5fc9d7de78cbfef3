//! Interruptions, concurrent runs and hostile files: Ctrl-C commits what was read and says so, a
//! killed run leaves an index that opens at its last commit and a re-run converges, `stats` reads
//! the index, and bad files are reported one by one next to good articles that are indexed.

mod common;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{Env, json_lines};

const FILES: usize = 1500;

fn many_files(env: &Env) {
    for i in 0..FILES {
        env.write(
            &format!("news/{:02}/{i:05}.txt", i % 50),
            format!("Story number {i}\n\nLONDON - Story {i} is about harbours, ferries and the tides of the Thames.\n"),
        );
    }
}

/// Starts `dateline index news` and waits until it holds the writer lock.
fn start_index(env: &Env) -> Child {
    start(env, env.cmd_std(&["index", "news"]))
}

/// Starts an index command and waits until it holds the writer lock (its Ctrl-C handler is set
/// by then).
fn start(env: &Env, mut cmd: std::process::Command) -> Child {
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let pid_file = env.path().join("idx/dateline-writer.pid");
    let start = Instant::now();
    while !pid_file.exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

fn signal(child: &Child, name: &str) {
    let status = std::process::Command::new("kill").args([name, &child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

fn total(env: &Env) -> u64 {
    let out = env.search(&["--limit", "1", "--json", "--summary"]);
    json_lines(&out).last().unwrap()["total"].as_u64().unwrap()
}

/// Ctrl-C in the middle of a run, every time: the test-only hook `DATELINE_TEST_PAUSE_AFTER=N`
/// makes `dateline index` wait, after starting N files, until it is interrupted, so the signal
/// can never arrive after the run has finished.
#[test]
fn ctrl_c_commits_what_was_read_and_a_rerun_finishes() {
    const PAUSE_AFTER: usize = 300;
    let env = Env::new();
    many_files(&env);
    let mut cmd = env.cmd_std(&["index", "news"]);
    cmd.env("DATELINE_TEST_PAUSE_AFTER", PAUSE_AFTER.to_string());
    let child = start(&env, cmd);
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    // "interrupted: committed the K files read; M files were not read: run the same command..."
    let numbers: Vec<usize> = stderr
        .split("interrupted: committed the ")
        .nth(1)
        .unwrap_or_else(|| panic!("no interruption message: {stderr}"))
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .take(2)
        .map(|n| n.parse().unwrap())
        .collect();
    let (read, not_read) = (numbers[0], numbers[1]);
    assert!(stderr.contains(&format!("{not_read} files were not read")), "{stderr}");
    assert_eq!(read + not_read, FILES, "{stderr}");
    assert!(read <= PAUSE_AFTER && not_read >= FILES - PAUSE_AFTER, "{stderr}");
    // The index holds exactly the files read (one article each), in one consistent commit.
    assert_eq!(total(&env), read as u64, "the committed articles are the files read");
    let rerun = env.index_json(&["news"]);
    assert_eq!(rerun["added"], not_read, "the re-run reads exactly what was left");
    assert_eq!(rerun["unchanged"], read);
    assert_eq!(total(&env), FILES as u64, "a re-run converges");
}

#[test]
fn a_killed_run_leaves_a_usable_index_and_no_blocking_lock() {
    let env = Env::new();
    env.write("first/a.txt", "First story\n\nPARIS - The first story, committed before the crash.\n");
    env.index(&["first"]).success();
    many_files(&env);
    let mut child = start_index(&env);
    signal(&child, "-KILL");
    let _ = child.wait();
    // The index opens at its last commit: the first story is there.
    let committed = total(&env);
    assert!(committed == 1 || committed == 1 + FILES as u64, "{committed}");
    // The stale lock id file does not block the next run, which converges.
    assert!(env.path().join("idx/dateline-writer.pid").exists());
    env.index(&["news"]).success();
    assert_eq!(total(&env), 1 + FILES as u64);
}

#[test]
fn stats_reports_what_the_index_holds() {
    let env = Env::new();
    env.write(
        "a.txt",
        "Alpha\n\nLONDON - The alpha story about the tides of the Thames river and its ferries.\n",
    );
    env.write(
        "b.md",
        "---\ntitle: Beta\n---\nPARIS - The beta story about the Seine river and its bridges and boats.\n",
    );
    env.write("c.jsonl", "{\"title\":\"C1\",\"text\":\"One story about rivers.\"}\n{\"title\":\"C2\",\"text\":\"Two stories about rivers.\"}\n");
    env.index(&["."]).success();
    let out = json_lines(&env.cmd_output(&["stats", "--json"]));
    let s = &out[0];
    assert_eq!(s["type"], "stats");
    assert_eq!(s["articles"], 4);
    assert_eq!(s["files"], 3);
    assert_eq!(s["formats"]["jsonl"], 1);
    assert_eq!(s["formats"]["md"], 1);
    assert!(s["index_bytes"].as_u64().unwrap() > 0);
    assert!(s["last_commit"].as_str().is_some_and(|t| t.starts_with("20")));
    let human = env.cmd_output(&["stats"]);
    assert!(human.contains("4 from 3 files"), "{human}");
}

/// A scaled-down `scripts/hostile_corpus.py`: each hostile file is reported with its reason
/// next to good articles that are all indexed, and nothing panics. The properties:
/// 1. the run finishes with exit 3 (some files skipped) and no panic text;
/// 2. every good article is found, including those under names that are not UTF-8;
/// 3. every bad file is reported as `path: reason`, with the reason expected for it;
/// 4. symbolic links (loops included) and FIFOs are passed over without hanging.
#[test]
fn hostile_files_are_reported_and_good_articles_indexed() {
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    let env = Env::new();
    let story = |word: &str| format!("Harbour news\n\nLONDON - The {word} ferries ran again on Monday.\n");
    env.write("c/good.txt", story("goodword"));
    env.write("c/binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06");
    env.write("c/empty.txt", "");
    env.write("c/spaces.md", " \n\t\r\n ");
    let sparse = std::fs::File::create(env.path().join("c/sparse.txt")).unwrap();
    sparse.set_len(65 * 1024 * 1024).unwrap();
    env.write("c/long.txt", format!("Long\n\n{}", "word ".repeat(1_000_000)));
    env.write("c/deep.html", format!("<html><body>{}x", "<div>".repeat(5_000)));
    env.write(
        "c/deep.nitf",
        format!("<nitf><body>{}x{}</body></nitf>", "<p>".repeat(2_000), "</p>".repeat(2_000)),
    );
    env.write("c/deep.json", "[".repeat(100_000));
    env.write(
        "c/laughs.rss",
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\
         <rss><channel><item><title>Laughs</title><description>The laughword item &b;</description></item></channel></rss>",
    );
    // A gzip bomb: 65 MiB of zeros as 65 gzip members of 1 MiB each (about 65 KB on disk).
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&vec![0u8; 1024 * 1024]).unwrap();
    env.write("c/bomb.txt.gz", encoder.finish().unwrap().repeat(65));
    let cut =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/cut.warc")).unwrap();
    env.write("c/cut.warc", &cut[..cut.len() / 3]);
    #[cfg(unix)]
    {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let dir = env.path().join("c");
        std::fs::write(dir.join(OsStr::from_bytes(b"caf\xe9.txt")), story("latinnameword")).unwrap();
        std::fs::write(dir.join(OsStr::from_bytes(b"caf\xe8.txt")), story("othernameword")).unwrap();
        std::os::unix::fs::symlink(".", dir.join("loop")).unwrap();
        std::os::unix::fs::symlink("self.txt", dir.join("self.txt")).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(dir.join("pipe.txt")).status();
        assert!(fifo.is_ok_and(|s| s.success()));
    }

    let out = env.cmd(&["index", "--json", "c"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked") && !stdout.contains("panicked"), "{stderr}");
    let summary = &json_lines(&stdout)[0];
    let skipped: Vec<&str> =
        summary["skipped"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let reason = |name: &str| {
        skipped
            .iter()
            .filter(|s| s.starts_with(&format!("c/{name}: ")) || s.starts_with(&format!("c/{name}#")))
            .map(|s| s.split_once(": ").unwrap().1)
            .collect::<Vec<_>>()
            .join("; ")
    };
    let expected = [
        ("binary.txt", "binary file (not text)"),
        ("empty.txt", "empty file"),
        ("spaces.md", "empty file"),
        ("sparse.txt", "too large: 65 MB (the limit is 64 MB per file)"),
        ("long.txt", "article text too long: 5 MB (the limit is 4 MB per article)"),
        ("deep.html", "HTML nested more than 3000 levels deep"),
        ("deep.nitf", "XML nested more than 1000 levels deep"),
        ("deep.json", "JSON nested more than 128 levels deep"),
        ("bomb.txt.gz", "decompresses to more than 64 MiB"),
        ("cut.warc", "truncated"),
    ];
    for (name, want) in expected {
        let got = reason(name);
        assert!(got.contains(want), "{name}: expected {want:?}, got {got:?}; all: {skipped:#?}");
    }
    for word in ["goodword", "laughword", "latinnameword", "othernameword"] {
        let hits = common::hit_paths(&env.search(&[word, "--json"]));
        assert_eq!(hits.len(), 1, "{word}: {hits:?}");
    }
    for name in ["loop", "self.txt", "pipe.txt"] {
        assert_eq!(reason(name), "", "{name} is passed over");
    }
}

/// Dates outside tantivy's range (years 1678 to 2261) are bounds, not an overflow: found by the
/// `query` fuzz target (`--from 0025-10` panicked with "attempt to multiply with overflow").
#[test]
fn far_dates_in_filters_do_not_overflow() {
    let env = Env::new();
    env.write("a.md", "---\ntitle: Dated\ndate: 2025-10-30\n---\nPARIS - The dated story about the river.\n");
    env.index(&["."]).success();
    let hits = common::hit_paths(&env.search(&["--from", "0025-10", "--to", "9999-12", "--json"]));
    assert_eq!(hits, ["a.md"]);
    assert!(common::hit_paths(&env.search(&["--from", "0025", "--to", "0026", "--json"])).is_empty());
}

/// An article dated outside tantivy's range is indexed without a date, not with a wrapped one
/// (and a debug build does not panic on the overflow).
#[test]
fn far_dates_in_articles_are_left_out() {
    let env = Env::new();
    env.write(
        "old.md",
        "---\ntitle: Ancient\ndate: 0025-10-30\n---\nROME - The ancient story about the aqueduct.\n",
    );
    env.write(
        "new.md",
        "---\ntitle: Dated\ndate: 2025-10-30\n---\nPARIS - The dated story about the aqueduct.\n",
    );
    env.index(&["."]).success();
    let lines = json_lines(&env.search(&["aqueduct", "--sort", "date", "--json"]));
    let dates: Vec<(String, serde_json::Value)> = lines
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| (l["path"].as_str().unwrap_or_default().to_string(), l["date"].clone()))
        .collect();
    assert_eq!(dates.len(), 2, "{lines:?}");
    let old = dates.iter().find(|(p, _)| p == "old.md").expect("the ancient article is indexed");
    assert!(old.1.is_null(), "no wrapped date: {:?}", old.1);
    assert!(common::hit_paths(&env.search(&["aqueduct", "--from", "1900", "--json"])) == ["new.md"]);
}
