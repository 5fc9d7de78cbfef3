//! `dateline index PATH...`

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, IndexLocation, Verbosity, warn};
use crate::index::writer::Progress;
use crate::index::{ArchiveIndex, IndexOptions, Indexer};
use crate::output::{human, jsonl};

/// Flags of `dateline index`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  dateline index ~/news\n  dateline index wire/ web/ --index /data/news-index\n  dateline index ~/news --rebuild"
)]
pub struct IndexArgs {
    /// Files or folders of articles (.txt .md .json .jsonl .html ...).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    location: IndexLocation,
    /// Forget what is indexed and read every file again.
    #[arg(long)]
    rebuild: bool,
    /// tantivy's indexing threads (0: one; parsing uses every core either way). More build
    /// faster but write more segments, which slows every search a little.
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Print the run's summary as one JSON line.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(args: IndexArgs, verbosity: Verbosity) -> anyhow::Result<u8> {
    let path = args.location.path();
    for root in &args.paths {
        if !root.exists() {
            anyhow::bail!("{}: no such file or folder; check the path", root.display());
        }
    }
    let archive = if args.rebuild {
        ArchiveIndex::open_for_rebuild(&path)?
    } else {
        ArchiveIndex::open_or_create(&path)?
    };
    // Ctrl-C (or SIGTERM) stops reading new files; what was read is committed and reported.
    // A second Ctrl-C ends the process at once: tantivy's commits are atomic, so the index
    // then stays at its last commit.
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupt);
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    let options = IndexOptions {
        roots: args.paths.clone(),
        rebuild: args.rebuild,
        threads: args.threads,
        interrupt: Some(interrupt),
        // A test hook, documented in tests/reliability.rs: pause after N files until Ctrl-C.
        pause_after: std::env::var("DATELINE_TEST_PAUSE_AFTER").ok().and_then(|n| n.parse().ok()),
    };
    let bar = Bar::new(verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal());
    let report = Indexer::new(&archive)
        .run(&options, &bar)
        .context("indexing failed; the index keeps its last commit")?;

    for skipped in &report.skipped {
        warn(verbosity, &format!("skipped {skipped}"));
    }
    let mut out = anstream::stdout();
    if args.json {
        jsonl::write_index_report(&mut out, &report)?;
    } else if verbosity != Verbosity::Quiet {
        human::write_index_report(&mut out, &report, &path.display().to_string())?;
    }
    out.flush()?;
    if report.interrupted {
        warn(
            verbosity,
            &format!(
                "interrupted: committed the {} files read; {} files were not read: run the same command again to finish",
                (report.added + report.changed).saturating_sub(report.not_read),
                report.not_read
            ),
        );
        return Ok(EXIT_INTERRUPTED);
    }
    Ok(if report.skipped.is_empty() { EXIT_OK } else { EXIT_SKIPPED })
}

/// A progress bar on stderr, hidden when stderr is not a terminal or under `--quiet`.
struct Bar(ProgressBar);

impl Bar {
    fn new(hidden: bool) -> Self {
        let bar = ProgressBar::with_draw_target(
            Some(0),
            if hidden { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() },
        );
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} reading {pos}/{len} files [{bar:30}] {per_sec} eta {eta}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar(bar)
    }
}

impl Progress for Bar {
    fn begin(&self, files: u64) {
        self.0.set_length(files);
    }
    fn advance(&self) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
