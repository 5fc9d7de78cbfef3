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
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::{IndexWriterOptions, LogMergePolicy, MergePolicy, NoMergePolicy, UserOperation};
use tantivy::schema::Document;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use super::aliases::ArchiveAliases;
use super::document::{FileStamp, to_document};
use super::store::ArchiveIndex;
use crate::extract::Extractor;
use crate::ingest::{self, ReadAhead, SourceFile};
use crate::{Error, Result};

/// The file, in the index folder, naming the process that holds the writer lock.
const WRITER_PID_FILE: &str = "dateline-writer.pid";

/// Memory for tantivy's indexing, shared by its threads: each thread writes a segment when its
/// share is full. Fewer, larger segments make every search cheaper (a fresh search opens each
/// segment's files and term dictionaries): in one thread, the bench base corpus (18,222
/// articles) fits one segment and x10 four, where two threads of 64 MiB each wrote two and
/// twelve. It was 128 MiB until the files were written in 2 MiB pieces (`directory.rs`): the
/// few files open at once hold one such piece each, and 8 MiB less here kept the peak RSS of
/// an x10 build where it was (282 MB, against 297 MB with 128 MiB; three segments either way).
const WRITER_MEMORY: usize = 120 * 1024 * 1024;

/// tantivy's indexing threads by default. Two always write at least two segments and wrote
/// three times as many on x10; one costs build time instead (bench base corpus 6.5 -> 7.6-8.0
/// s, x10 58 -> 63 s on two cores, BENCHMARKS.md), a trade for searches, which run far more
/// often than builds. `--threads 2` takes the other side.
const DEFAULT_WRITER_THREADS: usize = 1;

/// Documents a parsing thread hands to tantivy at once. Each hand-over may wake tantivy's
/// indexing thread, which waits whenever it has indexed everything handed to it: one document
/// at a time was a wake-up (a system call, and a switch between threads) for one document in
/// three on the bench base corpus.
const BATCH_DOCS: usize = 16;

/// Documents a parsing thread has not handed to tantivy yet, with the number of each one's file
/// in the files to read, which names the file if tantivy fails. Kept by the thread and reused.
#[derive(Default)]
struct Batch {
    docs: Vec<Queued>,
    files: Vec<usize>,
}

/// tantivy's smallest memory budget per indexing thread (15 MB; not exported by tantivy).
const WRITER_MEMORY_MIN: usize = 15 << 20;

/// Segments of up to this many articles are merged, eight of about the same size at a time,
/// after an update. Larger ones, written by a build, are left as they are: a merge maps every
/// segment it reads into memory, hundreds of megabytes on the x10 bench corpus.
const MERGED_SEGMENT_DOCS: usize = 10_000;

/// Text handed to tantivy and not indexed yet, at most (bytes, about three times the text of
/// the articles queued: each is held as written, and prepared for its ranking and its exact
/// fields). Tantivy's own queue
/// holds up to 10,000 documents, tens of megabytes when parsing runs ahead of indexing.
const BACKLOG_BYTES: usize = 8 * 1024 * 1024;

/// What to index and how.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Files and folders to walk.
    pub roots: Vec<PathBuf>,
    /// Drop everything in the index first and read every file again.
    pub rebuild: bool,
    /// tantivy's indexing threads (0: the default, one). Parsing and extraction use every core
    /// either way.
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

        // Each root is named as the index named it before, however it is spelt now.
        let spelled_before = if options.rebuild { Vec::new() } else { read_spellings(archive) };
        let (named, spellings) = ingest::name_roots(&options.roots, &spelled_before);
        let discovery = ingest::discover_named(&named, std::slice::from_ref(&archive.path));
        report.skipped = discovery.skipped;

        let known = if options.rebuild {
            writer.delete_all_documents()?;
            Known::nothing(discovery.files.len())
        } else {
            Known::read(&archive.reader()?.searcher(), &discovery.files, &archive.path)?
        };
        writer.set_merge_policy(merge_policy(!known.any));

        // Each file to read, with whether the index holds articles of it to replace.
        let mut to_read: Vec<(&SourceFile, bool)> = Vec::new();
        for (file, stamp) in discovery.files.iter().zip(&known.stamps) {
            match stamp {
                None => {
                    report.added += 1;
                    to_read.push((file, false));
                }
                Some((mtime, size)) if *mtime == file.modified && *size == file.size => report.unchanged += 1,
                Some(_) => {
                    report.changed += 1;
                    to_read.push((file, true));
                }
            }
        }

        // The names the walk's files have: each root's, and those of folders named before.
        let roots: Vec<&str> = named
            .iter()
            .flat_map(|r| {
                std::iter::once(r.name.as_str()).chain(r.below.iter().map(|(_, name)| name.as_str()))
            })
            .collect();
        for file in &known.gone {
            if roots.iter().any(|root| is_under(file, root)) {
                writer.delete_term(Term::from_field_text(fields.file, file));
                report.deleted += 1;
            }
        }

        progress.begin(to_read.len() as u64);
        // Built on first use: a run with nothing to read never decompresses the gazetteer.
        let extractor = std::sync::OnceLock::new();
        let backlog = Backlog::new(BACKLOG_BYTES);
        let failures = Mutex::new(Vec::new());
        let not_read = AtomicUsize::new(0);
        let started = AtomicUsize::new(0);
        let ignored = AtomicUsize::new(0);
        // Each parsing thread hands its documents to tantivy [`BATCH_DOCS`] at a time.
        let hand_over = |batch: &mut Batch| -> usize {
            let count = batch.docs.len();
            if count == 0 {
                return 0;
            }
            let handed = writer.run(batch.docs.drain(..).map(UserOperation::Add));
            let files = batch.files.drain(..);
            match handed {
                Ok(_) => count,
                Err(e) => {
                    let mut failed = lock(&failures);
                    for i in files {
                        failed.push(Error::source(&to_read[i].0.display, e.to_string()));
                    }
                    0
                }
            }
        };
        let read_one = |i: usize, batch: &mut Batch| {
            let (file, indexed) = to_read[i];
            if let (Some(n), Some(flag)) = (options.pause_after, &options.interrupt)
                && started.fetch_add(1, Ordering::SeqCst) >= n
            {
                while !flag.load(Ordering::SeqCst) {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
            }
            if options.interrupt.as_ref().is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                not_read.fetch_add(1, Ordering::Relaxed);
                return;
            }
            let extractor = extractor.get_or_init(Extractor::global);
            let outcome = read_and_extract(extractor, file, &failures, &ignored);
            progress.advance();
            match outcome {
                Ok(articles) => {
                    // A new file has nothing to replace: a delete costs a term lookup per
                    // segment flushed, for every file.
                    if indexed {
                        writer.delete_term(Term::from_field_text(fields.file, &file.display));
                    }
                    let stamp = FileStamp { file: &file.display, mtime: file.modified, size: file.size };
                    for article in &articles {
                        let ticket = backlog.admit(3 * (article.title.len() + article.body.len()) + 1024);
                        let doc = Queued { doc: to_document(fields, article, stamp), _ticket: ticket };
                        batch.docs.push(doc);
                        batch.files.push(i);
                    }
                }
                Err(e) => lock(&failures).push(e),
            }
        };
        // Files are taken in walk order, one at a time, so the read-ahead knows which come next.
        let ahead =
            ReadAhead::new(to_read.iter().map(|(file, _)| (file.path.as_path(), file.size)).collect());
        let written = ahead.run(|| {
            (0..rayon::current_num_threads())
                .into_par_iter()
                .map(|_| {
                    let mut batch = Batch::default();
                    let mut written = 0;
                    while let Some(i) = ahead.next() {
                        read_one(i, &mut batch);
                        if batch.docs.len() >= BATCH_DOCS {
                            written += hand_over(&mut batch);
                        }
                    }
                    written + hand_over(&mut batch)
                })
                .sum::<usize>()
        });
        progress.finish();
        report.articles = written;
        report.not_read = not_read.into_inner();
        report.ignored = ignored.into_inner();
        report.interrupted = report.not_read > 0;
        let failed = failures.into_inner().unwrap_or_else(|p| p.into_inner());
        report.skipped.extend(failed);

        let commit = options.rebuild || report.added + report.changed + report.deleted > 0;
        if commit {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&commit_payload(&spellings));
            prepared.commit()?;
        }
        writer.wait_merging_threads()?;
        let searcher = archive.reader()?.searcher();
        // After the merges, so the table is keyed by the segments searches will see. A run
        // with nothing to commit writes it too when it is missing or stale (an index built
        // before the table existed, a run killed between its commit and its table).
        if commit || ArchiveAliases::saved_for(&archive.path, &searcher).is_none() {
            let extractor = extractor.get_or_init(Extractor::global);
            ArchiveAliases::compute(archive, &searcher, *extractor)?.save(&archive.path)?;
        }
        let _ = std::fs::remove_file(archive.path.join(WRITER_PID_FILE));
        report.total_articles = searcher.num_docs();
        Ok(report)
    }

    /// Takes the index's writer lock (tantivy's, held by the OS for this process) and records
    /// our process id beside it, so another run can say who holds it. A killed process leaves
    /// the id file behind but not the lock, so a stale file never blocks anyone.
    fn writer(&self, threads: usize) -> Result<IndexWriter<Queued>> {
        let threads = match threads {
            0 => DEFAULT_WRITER_THREADS,
            n => n,
        };
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread((WRITER_MEMORY / threads).max(WRITER_MEMORY_MIN))
            .num_merge_threads(1)
            .build();
        let pid_file = self.archive.path.join(WRITER_PID_FILE);
        let writer = self.archive.index.writer_with_options(options).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Locked {
                path: self.archive.path.clone(),
                pid: std::fs::read_to_string(&pid_file).ok().and_then(|s| s.trim().parse().ok()),
            },
            other => Error::Tantivy(other),
        })?;
        // Best effort: the id only improves the message another run prints.
        let _ = std::fs::write(&pid_file, std::process::id().to_string());
        Ok(writer)
    }
}

/// No merges while an empty index is built: each merge reads segments back while the next
/// ones are written (x10 bench corpus: peak RSS 436 MB with tantivy's merges, 219 MB without).
/// An update merges small segments, so that daily runs do not pile them up.
fn merge_policy(build: bool) -> Box<dyn MergePolicy> {
    if build {
        return Box::new(NoMergePolicy);
    }
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MERGED_SEGMENT_DOCS);
    Box::new(policy)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Bounds the text parsed and handed to tantivy but not indexed yet: tantivy queues up to
/// 10,000 documents between the threads that add them and its indexing threads, and when
/// parsing runs ahead that queue alone held tens of megabytes. Each document holds a
/// [`Ticket`] for its size until tantivy has indexed and dropped it.
struct Backlog {
    held: Mutex<Held>,
    drained: Condvar,
    limit: usize,
}

/// What the [`Backlog`] holds, and who waits for it to drain.
#[derive(Default)]
struct Held {
    bytes: usize,
    /// Parsing threads waiting in [`Backlog::admit`]: a document dropped wakes them only if
    /// there are any (a wake-up is a system call, and tantivy drops every document).
    waiting: usize,
}

/// Waiting longer than this without any document being indexed means tantivy's threads are
/// gone (an error ends them): go on rather than wait forever; handing the documents over then
/// reports it.
const BACKLOG_PATIENCE: Duration = Duration::from_secs(30);

impl Backlog {
    fn new(limit: usize) -> Arc<Backlog> {
        Arc::new(Backlog { held: Mutex::new(Held::default()), drained: Condvar::new(), limit })
    }

    /// Waits until `bytes` more fit (a document larger than the limit waits for an empty
    /// backlog), then holds them until the ticket is dropped.
    fn admit(self: &Arc<Self>, bytes: usize) -> Ticket {
        let mut held = lock(&self.held);
        while held.bytes > 0 && held.bytes + bytes > self.limit {
            held.waiting += 1;
            let (guard, wait) =
                self.drained.wait_timeout(held, BACKLOG_PATIENCE).unwrap_or_else(|p| p.into_inner());
            held = guard;
            held.waiting -= 1;
            if wait.timed_out() {
                break;
            }
        }
        held.bytes += bytes;
        Ticket { backlog: Arc::clone(self), bytes }
    }
}

/// A document's place in the [`Backlog`], given back when tantivy drops the document.
struct Ticket {
    backlog: Arc<Backlog>,
    bytes: usize,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut held = lock(&self.backlog.held);
        held.bytes = held.bytes.saturating_sub(self.bytes);
        let waiting = held.waiting > 0;
        drop(held);
        if waiting {
            self.backlog.drained.notify_all();
        }
    }
}

/// A document on its way through tantivy's queue, holding its [`Ticket`].
struct Queued {
    doc: TantivyDocument,
    _ticket: Ticket,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
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
        // A bug in extraction costs its file, not the run.
        if ingest::quietly(|| extractor.enrich(article)).is_none() {
            return Err(Error::source(&file.display, EXTRACTION_FAILED));
        }
    }
    Ok(articles)
}

/// Why a file is not indexed when extraction panicked on one of its articles.
const EXTRACTION_FAILED: &str = "reading its dates, places and names failed (a bug in dateline: please report it); the file is not indexed";

/// What the index holds of the files a walk found.
struct Known {
    /// For each walked file, in order, the mtime and size it had when indexed, if it was.
    stamps: Vec<Option<(u64, u64)>>,
    /// Indexed files the walk did not find.
    gone: Vec<String>,
    /// Whether the index holds any article.
    any: bool,
}

impl Known {
    fn nothing(walked: usize) -> Known {
        Known { stamps: vec![None; walked], gone: Vec::new(), any: false }
    }

    /// Matches the `file` column of every segment with the walked files. Each name is read
    /// once, in one pass over the column's dictionary (a lookup per article decompresses a
    /// dictionary block each time), and only the names of files gone from disk are copied.
    fn read(searcher: &Searcher, walked: &[SourceFile], index_path: &Path) -> Result<Known> {
        let position: HashMap<&str, usize> =
            walked.iter().enumerate().map(|(i, f)| (f.display.as_str(), i)).collect();
        let mut known = Known::nothing(walked.len());
        let mut gone: HashSet<String> = HashSet::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let Some(files) = fast.str("file")? else { continue };
            let mtimes = fast.u64("mtime")?;
            let sizes = fast.u64("size")?;
            // For each term ordinal: the walked file, or the name of one not walked.
            let mut names: Vec<std::result::Result<usize, String>> = Vec::with_capacity(files.num_terms());
            let mut stream = files.dictionary().stream().map_err(|e| Error::io(index_path, e))?;
            while stream.advance() {
                debug_assert_eq!(stream.term_ord() as usize, names.len());
                let name = String::from_utf8_lossy(stream.key());
                names.push(position.get(name.as_ref()).copied().ok_or_else(|| name.into_owned()));
            }
            for doc in segment.doc_ids_alive() {
                known.any = true;
                match files.term_ords(doc).next().and_then(|ord| names.get(ord as usize)) {
                    Some(Ok(i)) => {
                        known.stamps[*i] =
                            Some((mtimes.first(doc).unwrap_or(0), sizes.first(doc).unwrap_or(0)));
                    }
                    Some(Err(name)) if !gone.contains(name) => {
                        gone.insert(name.clone());
                    }
                    _ => {}
                }
            }
        }
        known.gone = gone.into_iter().collect();
        known.gone.sort();
        Ok(known)
    }
}

/// A commit's payload: its time, and the roots the index has been given with the names of
/// their files (see [`ingest::name_roots`]); roots that are not UTF-8 are left out.
#[derive(Serialize, serde::Deserialize)]
struct Payload {
    committed: String,
    #[serde(default)]
    roots: Vec<RootName>,
}

#[derive(Serialize, serde::Deserialize)]
struct RootName {
    resolved: String,
    name: String,
}

fn commit_payload(spellings: &[ingest::Spelling]) -> String {
    let roots = spellings
        .iter()
        .filter_map(|s| Some(RootName { resolved: s.resolved.to_str()?.to_string(), name: s.name.clone() }))
        .collect();
    let payload = Payload { committed: chrono::Utc::now().to_rfc3339(), roots };
    serde_json::to_string(&payload).unwrap_or_default()
}

/// The roots the last commit remembers; none for an index written before they were kept, or
/// whose payload cannot be read (its roots are then named as spelt, as they were before).
fn read_spellings(archive: &ArchiveIndex) -> Vec<ingest::Spelling> {
    let Ok(metas) = archive.index.load_metas() else { return Vec::new() };
    let Some(payload) = metas.payload.and_then(|p| serde_json::from_str::<Payload>(&p).ok()) else {
        return Vec::new();
    };
    payload
        .roots
        .into_iter()
        .map(|r| ingest::Spelling { resolved: PathBuf::from(r.resolved), name: r.name })
        .collect()
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
    fn the_backlog_holds_a_document_back_until_others_are_indexed() {
        let backlog = Backlog::new(10);
        let first = backlog.admit(6);
        let large = {
            let backlog = Arc::clone(&backlog);
            std::thread::spawn(move || backlog.admit(6))
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!large.is_finished(), "6 + 6 bytes do not fit in 10");
        assert_eq!(lock(&backlog.held).bytes, 6);
        assert_eq!(lock(&backlog.held).waiting, 1, "the waiting thread is counted, so a drop wakes it");
        drop(first);
        let second = large.join().unwrap();
        assert_eq!(lock(&backlog.held).bytes, 6);
        assert_eq!(lock(&backlog.held).waiting, 0);
        drop(second);
        let oversized = backlog.admit(100);
        assert_eq!(lock(&backlog.held).bytes, 100, "a document over the limit passes alone");
        drop(oversized);
        assert_eq!(lock(&backlog.held).bytes, 0);
    }

    #[test]
    fn roots_match_paths_component_wise() {
        assert!(is_under("corpus/a.txt", "corpus"));
        assert!(!is_under("corpus2/a.txt", "corpus"));
        assert!(is_under("a/b.txt", ""));
        assert!(!is_under("/abs/b.txt", "."));
        assert!(is_under("/abs/b.txt", "/abs"));
        assert!(is_under("one.txt", "one.txt"));
    }
}
