//! Incremental indexing: walk the folders, parse and extract what is new or changed on every
//! core, replace those files' articles, remove the articles of deleted files, commit once.
//!
//! The unit of change is the file: each document records the file it came from with the file's
//! mtime and size, so a re-run compares the walk with the index and re-reads only what differs.
//! A file that now fails to parse keeps its previously indexed articles. Everything is applied
//! in one tantivy commit, which is atomic: an interrupted run leaves the last commit intact.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::{IndexWriter, Searcher, Term};

use super::document::{FileStamp, to_document};
use super::store::ArchiveIndex;
use crate::extract::Extractor;
use crate::ingest::{self, SourceFile};
use crate::{Error, Result};

/// The file, in the index folder, naming the process that holds the writer lock.
const WRITER_PID_FILE: &str = "dateline-writer.pid";

/// Memory given to each tantivy indexing thread.
const WRITER_MEMORY_PER_THREAD: usize = 48 * 1024 * 1024;

/// What to index and how.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Files and folders to walk.
    pub roots: Vec<PathBuf>,
    /// Drop everything in the index first and read every file again.
    pub rebuild: bool,
    /// Indexing threads (0: one per core, at most 2 for tantivy's own writer).
    pub threads: usize,
    /// Set (by a Ctrl-C handler) to stop reading files: what was read so far is committed.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Test-only (`DATELINE_TEST_PAUSE_AFTER`): after this many files, wait for `interrupt`
    /// before reading another, so a test interrupts a run mid-way every time.
    #[doc(hidden)]
    pub pause_after: Option<usize>,
}

/// Receives progress while files are read.
pub trait Progress: Sync {
    /// Called once the number of files to read is known.
    fn begin(&self, files: u64);
    /// Called after each file is read.
    fn advance(&self);
    /// Called before the commit.
    fn finish(&self);
}

/// A progress sink that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn begin(&self, _: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// What an index run did.
#[derive(Debug, Default, Serialize)]
pub struct IndexReport {
    /// Files seen for the first time.
    pub added: usize,
    /// Files whose content changed since the last run, re-read and replaced.
    pub changed: usize,
    /// Files gone from disk whose articles were removed.
    pub deleted: usize,
    /// Files already indexed and untouched, not read again.
    pub unchanged: usize,
    /// Articles written in this run.
    pub articles: usize,
    /// Articles in the index after the run.
    pub total_articles: u64,
    /// True when the run was interrupted: files not read yet are left for the next run.
    pub interrupted: bool,
    /// Files left unread because the run was interrupted.
    pub not_read: usize,
    /// Records of the files read that are not articles and were passed over: a WARC's
    /// non-HTML captures (images, scripts, PDFs), redirects, requests and metadata records.
    pub ignored: usize,
    /// Files that could not be used, each with its reason.
    #[serde(serialize_with = "errors_as_strings")]
    pub skipped: Vec<Error>,
}

fn errors_as_strings<S: serde::Serializer>(errors: &[Error], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(errors.iter().map(|e| e.to_string()))
}

/// Applies an [`IndexOptions`] run to an index.
pub struct Indexer<'a> {
    archive: &'a ArchiveIndex,
}

impl<'a> Indexer<'a> {
    /// An indexer over an opened index.
    pub fn new(archive: &'a ArchiveIndex) -> Self {
        Indexer { archive }
    }

    /// Walks, reads, extracts and commits. Bad files are reported in the result, not raised.
    pub fn run(&self, options: &IndexOptions, progress: &dyn Progress) -> Result<IndexReport> {
        let archive = self.archive;
        let fields = &archive.fields;
        let mut writer = self.writer(options.threads)?;
        let mut report = IndexReport::default();

        let discovery = ingest::discover(&options.roots, std::slice::from_ref(&archive.path));
        report.skipped = discovery.skipped;

        let known = if options.rebuild {
            writer.delete_all_documents()?;
            HashMap::new()
        } else {
            known_files(&archive.reader()?.searcher(), &archive.path)?
        };

        let mut to_read: Vec<&SourceFile> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for file in &discovery.files {
            seen.insert(file.display.as_str());
            match known.get(file.display.as_str()) {
                None => {
                    report.added += 1;
                    to_read.push(file);
                }
                Some(&(mtime, size)) if mtime == file.modified && size == file.size => report.unchanged += 1,
                Some(_) => {
                    report.changed += 1;
                    to_read.push(file);
                }
            }
        }

        let roots: Vec<String> = options.roots.iter().map(|r| root_display(r)).collect();
        for file in known.keys() {
            if !seen.contains(file.as_str()) && roots.iter().any(|root| is_under(file, root)) {
                writer.delete_term(Term::from_field_text(fields.file, file));
                report.deleted += 1;
            }
        }

        progress.begin(to_read.len() as u64);
        let extractor = Extractor::global();
        let failures = Mutex::new(Vec::new());
        let not_read = AtomicUsize::new(0);
        let started = AtomicUsize::new(0);
        let ignored = AtomicUsize::new(0);
        let written = to_read
            .par_iter()
            .map(|file| {
                if let (Some(n), Some(flag)) = (options.pause_after, &options.interrupt)
                    && started.fetch_add(1, Ordering::SeqCst) >= n
                {
                    while !flag.load(Ordering::SeqCst) {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                }
                if options.interrupt.as_ref().is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                    not_read.fetch_add(1, Ordering::Relaxed);
                    return 0;
                }
                let outcome = read_and_extract(extractor, file, &failures, &ignored);
                progress.advance();
                match outcome {
                    Ok(articles) => {
                        writer.delete_term(Term::from_field_text(fields.file, &file.display));
                        let stamp = FileStamp { file: &file.display, mtime: file.modified, size: file.size };
                        let mut count = 0;
                        for article in &articles {
                            match writer.add_document(to_document(fields, article, stamp)) {
                                Ok(_) => count += 1,
                                Err(e) => lock(&failures).push(Error::source(&article.source, e.to_string())),
                            }
                        }
                        count
                    }
                    Err(e) => {
                        lock(&failures).push(e);
                        0
                    }
                }
            })
            .sum::<usize>();
        progress.finish();
        report.articles = written;
        report.not_read = not_read.into_inner();
        report.ignored = ignored.into_inner();
        report.interrupted = report.not_read > 0;
        let failed = failures.into_inner().unwrap_or_else(|p| p.into_inner());
        report.skipped.extend(failed);

        if options.rebuild || report.added + report.changed + report.deleted > 0 {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&format!("{{\"committed\":\"{}\"}}", chrono::Utc::now().to_rfc3339()));
            prepared.commit()?;
        }
        writer.wait_merging_threads()?;
        let _ = std::fs::remove_file(archive.path.join(WRITER_PID_FILE));

        let reader = archive.reader()?;
        report.total_articles = reader.searcher().num_docs();
        Ok(report)
    }

    /// Takes the index's writer lock (tantivy's, held by the OS for this process) and records
    /// our process id beside it, so another run can say who holds it. A killed process leaves
    /// the id file behind but not the lock, so a stale file never blocks anyone.
    fn writer(&self, threads: usize) -> Result<IndexWriter> {
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()).min(2),
            n => n,
        };
        let pid_file = self.archive.path.join(WRITER_PID_FILE);
        let writer =
            self.archive.index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD).map_err(
                |e| match e {
                    tantivy::TantivyError::LockFailure(..) => Error::Locked {
                        path: self.archive.path.clone(),
                        pid: std::fs::read_to_string(&pid_file).ok().and_then(|s| s.trim().parse().ok()),
                    },
                    other => Error::Tantivy(other),
                },
            )?;
        // Best effort: the id only improves the message another run prints.
        let _ = std::fs::write(&pid_file, std::process::id().to_string());
        Ok(writer)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Reads a file and extracts its articles; records of it that could not be read go to
/// `failures`, those that are not articles are counted in `ignored`.
fn read_and_extract(
    extractor: &Extractor,
    file: &SourceFile,
    failures: &Mutex<Vec<Error>>,
    ignored: &AtomicUsize,
) -> Result<Vec<crate::Article>> {
    let parsed = ingest::read_articles(file)?;
    lock(failures).extend(parsed.skipped);
    ignored.fetch_add(parsed.ignored, Ordering::Relaxed);
    let mut articles = parsed.articles;
    if articles.is_empty() {
        return Err(Error::source(&file.display, "no article found in the file"));
    }
    for article in &mut articles {
        extractor.enrich(article);
    }
    Ok(articles)
}

/// The files in the index with the mtime and size they had when indexed.
fn known_files(searcher: &Searcher, index_path: &Path) -> Result<HashMap<String, (u64, u64)>> {
    let mut out = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(files) = fast.str("file")? else { continue };
        let mtimes = fast.u64("mtime")?;
        let sizes = fast.u64("size")?;
        // The names are read in one pass over the column's dictionary: looking each one up by
        // its ordinal decompresses a dictionary block per article (seconds on a large index).
        let mut names: Vec<String> = Vec::with_capacity(files.num_terms());
        let mut stream = files.dictionary().stream().map_err(|e| Error::io(index_path, e))?;
        while stream.advance() {
            debug_assert_eq!(stream.term_ord() as usize, names.len());
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            if let Some(name) = files.term_ords(doc).next().and_then(|ord| names.get(ord as usize)) {
                let stamp = (mtimes.first(doc).unwrap_or(0), sizes.first(doc).unwrap_or(0));
                out.insert(name.clone(), stamp);
            }
        }
    }
    Ok(out)
}

/// A root as it prefixes indexed paths: no leading `./`, no trailing `/`.
fn root_display(root: &Path) -> String {
    let text = root.to_string_lossy();
    let mut text: &str = &text;
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    let trimmed = text.trim_end_matches('/');
    if trimmed.is_empty() && text.starts_with('/') { "/".into() } else { trimmed.to_string() }
}

/// Whether an indexed file path lies under a walked root.
fn is_under(file: &str, root: &str) -> bool {
    match root {
        "." | "" => !file.starts_with('/') && !file.starts_with("../"),
        "/" => file.starts_with('/'),
        _ => file == root || file.strip_prefix(root).is_some_and(|rest| rest.starts_with('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let first = Indexer::new(&archive).writer(1).unwrap();
        let error = Indexer::new(&archive).writer(1).err().expect("the lock is held");
        let message = error.to_string();
        assert!(message.contains(&format!("process {}", std::process::id())), "{message}");
        drop(first);
        assert!(Indexer::new(&archive).writer(1).is_ok(), "released with the writer");
    }

    #[test]
    fn roots_match_paths_component_wise() {
        assert!(is_under("corpus/a.txt", &root_display(Path::new("./corpus/"))));
        assert!(!is_under("corpus2/a.txt", "corpus"));
        assert!(is_under("a/b.txt", &root_display(Path::new("."))));
        assert!(!is_under("/abs/b.txt", "."));
        assert!(is_under("/abs/b.txt", &root_display(Path::new("/abs"))));
        assert!(is_under("one.txt", "one.txt"));
    }
}
