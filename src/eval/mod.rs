//! Measuring extraction against real gold (`dateline eval`): the measures of issue 3 on the data
//! in `../shared/data`, one table.
//!
//! * `gum` — GUM Wikinews person/place/organisation mentions, strict and lenient span P/R/F1;
//! * `reuters` — Reuters-21578 dateline place accuracy, people and organisation recall,
//!   country P/R/F1, and the throughput of `enrich` on those stories;
//! * `pages` — newspaper4k pages, publication date accuracy;
//! * `score` — the counting and span matching shared by all of them;
//! * `report` — the table and its JSON form;
//! * `training` — training the extraction tagger on `gum-more/` (`dateline train-tagger`) and
//!   cross-validating how it combines with the rules there.
//!
//! The gold labels are only ever read here, to score: nothing in `extract` or `data` comes
//! from them.

mod gum;
mod pages;
mod report;
mod reuters;
pub mod score;
mod training;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::extract::{Extractor, Tagger, TaggerPolicy};
use crate::{Error, Result};

pub use report::{Report, Row};
pub use training::{TrainRequest, Trained, Validation, train};

/// Which error lines to collect while scoring (`dateline eval --errors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorList {
    /// GUM misses and false alarms.
    Gum,
    /// Reuters dateline places that were wrong.
    Dateline,
    /// Reuters people codes not found.
    People,
    /// Reuters organisation codes not found.
    Orgs,
    /// Reuters countries missed or wrongly added.
    Countries,
    /// Pages whose date was wrong.
    Pages,
}

/// What to measure and where the data is.
#[derive(Debug, Clone)]
pub struct EvalRequest {
    /// The shared data folder (holding `gum-wikinews/`, `reuters21578/`, `newspaper4k-html/`).
    pub data: PathBuf,
    /// Threads for the parallel throughput run.
    pub threads: usize,
    /// Error lines to collect, if any.
    pub errors: Option<ErrorList>,
    /// How the tagger combines with the rules (`None`: the default).
    pub policy: Option<TaggerPolicy>,
    /// A tagger model file to use instead of the embedded one.
    pub model: Option<PathBuf>,
}

/// Runs every measure. A missing data folder is a usage error naming it.
pub fn evaluate(request: &EvalRequest) -> Result<Report> {
    let data = &request.data;
    for sub in ["gum-wikinews/dep", "reuters21578", "newspaper4k-html/metadata"] {
        if !data.join(sub).is_dir() {
            return Err(Error::Usage(format!(
                "{}: no evaluation data here (expected {sub}/); pass --data DIR pointing at the shared data folder",
                data.display()
            )));
        }
    }
    let started = Instant::now();
    let load = Instant::now();
    let fresh = Extractor::new();
    let load_seconds = load.elapsed().as_secs_f64();
    let custom = request.policy.is_some() || request.model.is_some();
    let mut fresh = custom.then_some(fresh);
    if let Some(ex) = fresh.as_mut() {
        if let Some(path) = &request.model {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let tagger =
                Tagger::from_bytes(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            ex.set_tagger(Some(tagger));
        }
        if let Some(policy) = request.policy {
            ex.set_policy(policy);
        }
    }
    let extractor = match &fresh {
        Some(ex) => ex,
        None => Extractor::global(),
    };
    let wants = |e: ErrorList| request.errors == Some(e);

    let gum = gum::evaluate(extractor, &data.join("gum-wikinews/dep"), wants(ErrorList::Gum))?;
    let stories = reuters::load(&data.join("reuters21578"))?;
    let keep = [ErrorList::Dateline, ErrorList::People, ErrorList::Orgs, ErrorList::Countries]
        .iter()
        .any(|&e| wants(e));
    let reuters = reuters::evaluate(extractor, &stories, keep);
    let pages = pages::evaluate(extractor, &data.join("newspaper4k-html"), wants(ErrorList::Pages))?;

    // Throughput on `threads` cores: reading the wire text and extracting, as `index` does.
    let parallel_seconds = parallel_run(extractor, &stories, request.threads);

    let mut errors: Vec<String> = Vec::new();
    match request.errors {
        Some(ErrorList::Gum) => errors = gum.errors.clone(),
        Some(ErrorList::Pages) => errors = pages.errors.clone(),
        Some(which) => {
            let name = match which {
                ErrorList::Dateline => "dateline",
                ErrorList::People => "people",
                ErrorList::Orgs => "orgs",
                _ => "countries",
            };
            errors = reuters.errors.iter().filter(|(k, _)| *k == name).map(|(_, e)| e.clone()).collect();
        }
        None => {}
    }
    Ok(Report::new(report::Inputs {
        gum: &gum,
        reuters: &reuters,
        pages: &pages,
        load_seconds,
        parallel_seconds,
        threads: request.threads,
        total_seconds: started.elapsed().as_secs_f64(),
        errors,
    }))
}

/// Wall time to read and enrich every story on a pool of `threads` threads.
fn parallel_run(extractor: &Extractor, stories: &[(String, reuters::Story)], threads: usize) -> f64 {
    let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build() else { return 0.0 };
    let started = Instant::now();
    pool.install(|| {
        stories.par_iter().for_each(|(file, story)| {
            let mut article = story.article(file);
            extractor.enrich(&mut article);
        });
    });
    started.elapsed().as_secs_f64()
}

/// The first `limit` Reuters-21578 stories with a body in `dir` (the `reut2-*.sgm` files), read
/// as the wire text a user's archive holds and not yet enriched: the input of the throughput
/// benchmark.
pub fn reuters_articles(dir: &Path, limit: usize) -> Result<Vec<crate::model::Article>> {
    let stories = reuters::load(dir)?;
    Ok(stories.iter().take(limit).map(|(file, story)| story.article(file)).collect())
}

/// The default data folder, relative to the project root.
pub fn default_data_dir() -> &'static Path {
    Path::new("../shared/data")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared data folder, or `None` (and a note on stderr) when this machine lacks it.
    fn data_dir() -> Option<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(default_data_dir());
        if dir.join("gum-wikinews/dep").is_dir() {
            Some(dir)
        } else {
            eprintln!("skipped: no shared data at {}", dir.display());
            None
        }
    }

    #[test]
    fn missing_data_is_a_clear_error() {
        let request = EvalRequest {
            data: PathBuf::from("/nonexistent/data"),
            threads: 1,
            errors: None,
            policy: None,
            model: None,
        };
        let error = evaluate(&request).unwrap_err().to_string();
        assert!(error.contains("/nonexistent/data") && error.contains("--data"), "{error}");
    }

    #[test]
    fn real_gold_parses() {
        let Some(dir) = data_dir() else { return };
        let path = dir.join("gum-wikinews/dep/GUM_interview_ants.conllu");
        let Ok(text) = std::fs::read_to_string(&path) else { return };
        let doc = gum::parse("GUM_interview_ants", &text);
        assert!(doc.text.starts_with("Biologist Nick Bos tells Wikinews"));
        assert!(doc.gold.iter().any(|s| &doc.text[s.start..s.end] == "Nick Bos"));
        let bytes = std::fs::read(dir.join("reuters21578/reut2-000.sgm")).expect("reuters");
        let stories = reuters::parse(&bytes);
        assert!(stories.len() > 900, "{}", stories.len());
    }

    /// The whole evaluation, printed: `cargo test --release --lib eval::tests::full -- --ignored
    /// --nocapture` (set `DATELINE_EVAL_ERRORS=people` for one measure's errors).
    #[test]
    #[ignore = "takes a while; run by hand"]
    fn full() {
        let Some(data) = data_dir() else { return };
        let errors = match std::env::var("DATELINE_EVAL_ERRORS").as_deref() {
            Ok("gum") => Some(ErrorList::Gum),
            Ok("dateline") => Some(ErrorList::Dateline),
            Ok("people") => Some(ErrorList::People),
            Ok("orgs") => Some(ErrorList::Orgs),
            Ok("countries") => Some(ErrorList::Countries),
            Ok("pages") => Some(ErrorList::Pages),
            _ => None,
        };
        let report =
            evaluate(&EvalRequest { data, threads: 2, errors, policy: None, model: None }).expect("eval");
        for line in &report.errors {
            println!("{line}");
        }
        report.write_table(&mut std::io::stdout()).expect("stdout");
    }
}
