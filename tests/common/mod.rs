//! Test helpers: a temporary working folder with its own index, and the real binary run in it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

/// A temporary folder that is the working directory of every command, with its index inside.
pub struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// An empty folder.
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A folder holding a copy of `tests/fixtures` as `fixtures/`.
    pub fn with_fixtures() -> Env {
        let env = Env::new();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
            &env.path().join("fixtures"),
        );
        env
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders), with a fresh modification time.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
    }

    /// Removes a file.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).unwrap();
    }

    /// The binary, run in the folder, with its index in `idx/`, colour and env overrides cleared.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::from_std(self.cmd_std(args));
        cmd.timeout(std::time::Duration::from_secs(120));
        cmd
    }

    /// The same as a `std::process::Command`, for tests that drive pipes themselves.
    pub fn cmd_std(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"));
        cmd.current_dir(self.path())
            .env("DATELINE_INDEX", self.path().join("idx"))
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .args(args);
        cmd
    }

    /// Runs `dateline index ARGS` and returns the assertion handle.
    pub fn index(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        let mut all = vec!["index"];
        all.extend_from_slice(args);
        self.cmd(&all).assert()
    }

    /// Runs `dateline index ARGS --json` (expecting success or skipped files) and parses the summary.
    pub fn index_json(&self, args: &[&str]) -> Value {
        let mut all = vec!["index", "--json"];
        all.extend_from_slice(args);
        let out = self.cmd(&all).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "index failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = json_lines(&String::from_utf8_lossy(&out.stdout));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["type"], "index");
        lines[0].clone()
    }

    /// Runs `dateline search ARGS`, expects success, returns stdout.
    pub fn search(&self, args: &[&str]) -> String {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let out = self.cmd(&all).output().unwrap();
        assert!(out.status.success(), "dateline {all:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }
}

impl Env {
    /// Runs any `dateline ARGS`, expects success, returns stdout.
    pub fn cmd_output(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(out.status.success(), "dateline {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }
}

/// An index of `sample_corpus/`, built once and shared by the tests that only read it.
pub fn sample_index() -> &'static Env {
    static INDEX: OnceLock<Env> = OnceLock::new();
    INDEX.get_or_init(|| {
        let env = Env::new();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus"),
            &env.path().join("sample_corpus"),
        );
        env.index(&["sample_corpus"]).success();
        env
    })
}

/// Every line of JSON Lines output, parsed.
pub fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The `path` of every hit, in rank order; checks a summary line (`--summary`) counts them.
pub fn hit_paths(text: &str) -> Vec<String> {
    let lines = json_lines(text);
    if let Some(last) = lines.last().filter(|l| l["type"] == "summary") {
        let hits = lines.iter().filter(|l| l["type"] == "hit").count();
        assert_eq!(last["returned"].as_u64(), Some(hits as u64));
    }
    lines.iter().filter(|l| l["type"] == "hit").map(|l| l["path"].as_str().unwrap().to_string()).collect()
}

/// Writes `full1.json` to `full3.json`: three 1987 wire stories naming "President Ronald
/// Reagan", then "Reagan". The archive's table maps "Reagan" alone to him.
pub fn write_reagan_in_full(env: &Env) {
    for n in 1..=3 {
        env.write(
            &format!("full{n}.json"),
            format!(
                r#"{{"title": "Budget talks {n}", "date": "1987-03-0{n}", "text": "WASHINGTON - President Ronald Reagan said on Tuesday that budget talks with Congress made progress on item {n}. Reagan told reporters he expected a deal."}}"#
            ),
        );
    }
}

/// A 1987 wire story that writes "President Reagan" throughout, about veto number `n`.
pub fn reagan_alone(n: u32) -> String {
    format!(
        r#"{{"title": "Trade bill {n}", "date": "1987-04-0{n}", "text": "WASHINGTON - President Reagan said he would veto trade bill number {n} if Congress passed it. Reagan spoke at the White House."}}"#
    )
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel: PathBuf = entry.path().strip_prefix(from).unwrap().to_path_buf();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
