//! Interruptions and concurrent runs: Ctrl-C commits what was read and says so, a killed run
//! leaves an index that opens at its last commit and a re-run converges, and `stats` reads the
//! index.

mod common;

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
    let child =
        env.cmd_std(&["index", "news"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
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
    let out = env.search(&["--limit", "1", "--json"]);
    json_lines(&out).last().unwrap()["total"].as_u64().unwrap()
}

#[test]
fn ctrl_c_commits_what_was_read_and_a_rerun_finishes() {
    let env = Env::new();
    many_files(&env);
    let child = start_index(&env);
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(130) => {
            assert!(stderr.contains("interrupted"), "{stderr}");
            assert!(total(&env) < FILES as u64, "an interrupted run did not read everything");
        }
        // The run may have finished before the signal arrived.
        Some(0) => assert_eq!(total(&env), FILES as u64),
        other => panic!("unexpected exit {other:?}: {stderr}"),
    }
    env.index(&["news"]).success();
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
