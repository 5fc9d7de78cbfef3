//! Reading ahead: while the parsers work through a list of files in order, a few threads ask
//! the kernel to start reading the next ones, so a folder that is not in the page cache is read
//! with many requests in flight instead of one per parser.
//!
//! A folder already in the page cache needs no hints, and hinting it cost time for nothing
//! (opening, hinting and closing every file: 1.3 s of system time in one pair of x10 bench
//! builds with and without hints, BENCHMARKS.md, session 19). So one file in [`PROBE_EVERY`] is asked whether its
//! first page is cached (a read that may not wait), and the files after it are hinted only if
//! it was not.
//!
//! On a cold cache the parsers otherwise wait on the disk one small file at a time: reading the
//! 182,220 files of the x10 bench corpus with `cat` took 15.7 s one after another and 4.7 s
//! with eight at once (BENCHMARKS.md, session 10). The hint is `posix_fadvise(WILLNEED)`, which
//! starts the reads and returns: nothing is copied and no memory is held by the hinting
//! threads. Where the system has no such call the list is simply handed out in order.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Files hinted ahead of the next one a parser takes, at most. Enough to keep the disk busy
/// while the parsers are behind; small enough that the page cache does not evict what is
/// hinted before it is read.
const WINDOW_FILES: usize = 256;

/// Bytes of one file hinted at most: the parser of a long file reads it front to back, and
/// the kernel's own read-ahead follows it.
const HINT_BYTES: u64 = 4 * 1024 * 1024;

/// Threads that hint. Opening a file reads its inode, and that read blocks the opener, so
/// several open at once.
const HINTING_THREADS: usize = 4;

/// One file in this many is probed for being in the page cache; the answer holds for the files
/// after it until the next probe (files of one folder are usually read, and evicted, together).
const PROBE_EVERY: usize = 16;

/// Parsers wake the hinting threads each time they have taken this many files.
const WAKE_EVERY: usize = 32;

/// A list of files handed out in order, [`ReadAhead::next`] by [`ReadAhead::next`], with the
/// next ones hinted to the kernel while [`ReadAhead::hint`] runs.
pub struct ReadAhead<'a> {
    files: Vec<(&'a Path, u64)>,
    /// The next file a parser takes.
    taken: AtomicUsize,
    /// The next file a hinting thread hints.
    hinted: AtomicUsize,
    done: AtomicBool,
    /// What the last probe found: the files around it are in the page cache already.
    cached: AtomicBool,
    lock: Mutex<()>,
    moved: Condvar,
}

impl<'a> ReadAhead<'a> {
    /// The files, each with its size, in the order they will be taken.
    pub fn new(files: Vec<(&'a Path, u64)>) -> Self {
        ReadAhead {
            files,
            taken: AtomicUsize::new(0),
            hinted: AtomicUsize::new(0),
            done: AtomicBool::new(false),
            cached: AtomicBool::new(false),
            lock: Mutex::new(()),
            moved: Condvar::new(),
        }
    }

    /// The index of the next file to read, or `None` when every file has been taken.
    pub fn next(&self) -> Option<usize> {
        let i = self.taken.fetch_add(1, Ordering::Relaxed);
        if i.is_multiple_of(WAKE_EVERY) {
            self.moved.notify_all();
        }
        (i < self.files.len()).then_some(i)
    }

    /// Runs `read` (the parsers' work) while hinting threads read ahead of it, and returns
    /// what `read` returns once it and the hinting threads are done.
    pub fn run<T>(&self, read: impl FnOnce() -> T) -> T {
        if !HINTS_SUPPORTED || self.files.len() < 2 {
            return read();
        }
        std::thread::scope(|scope| {
            for _ in 0..HINTING_THREADS {
                scope.spawn(|| self.hint());
            }
            // Stops the hinting threads however `read` ends: a panic unwinding out of it would
            // otherwise wait for threads that wait for the parsers.
            let _stop = Stop(self);
            read()
        })
    }

    /// One hinting thread: hints the files after the ones taken, up to [`WINDOW_FILES`] ahead,
    /// until every file is taken.
    fn hint(&self) {
        lower_priority();
        loop {
            let j = self.hinted.fetch_add(1, Ordering::Relaxed);
            let Some(&(path, size)) = self.files.get(j) else { return };
            // Wait while the parsers are far behind; skip what they have taken already.
            loop {
                if self.done.load(Ordering::Relaxed) {
                    return;
                }
                if j < self.taken.load(Ordering::Relaxed) + WINDOW_FILES {
                    break;
                }
                let guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
                // Timed, so a wake-up lost between the check and the wait costs milliseconds.
                let _ = self.moved.wait_timeout(guard, Duration::from_millis(5));
            }
            if j < self.taken.load(Ordering::Relaxed) {
                continue;
            }
            let len = size.min(HINT_BYTES);
            if j.is_multiple_of(PROBE_EVERY) {
                self.cached.store(hint_unless_cached(path, len), Ordering::Relaxed);
            } else if !self.cached.load(Ordering::Relaxed) {
                will_need(path, len);
            }
        }
    }
}

/// Tells the hinting threads to stop when dropped.
struct Stop<'r, 'a>(&'r ReadAhead<'a>);

impl Drop for Stop<'_, '_> {
    fn drop(&mut self) {
        self.0.done.store(true, Ordering::Relaxed);
        self.0.moved.notify_all();
    }
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
const HINTS_SUPPORTED: bool = true;

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
const HINTS_SUPPORTED: bool = false;

/// Asks the kernel to start reading the first `len` bytes of `path`. Best effort: a file that
/// cannot be opened now is reported by its parser, not here.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
fn will_need(path: &Path, len: u64) {
    if let Ok(file) = std::fs::File::open(path) {
        advise(&file, len);
    }
}

/// `posix_fadvise(WILLNEED)` on the first `len` bytes of an open file.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
fn advise(file: &std::fs::File, len: u64) {
    use rustix::fs::{Advice, fadvise};
    if let Some(len) = std::num::NonZeroU64::new(len) {
        let _ = fadvise(file, 0, Some(len), Advice::WillNeed);
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
fn will_need(_: &Path, _: u64) {}

/// Hints `path` as [`will_need`] does unless its first page is in the page cache already;
/// says whether it was. A file that cannot be opened counts as cached (there is nothing to
/// hint); where the kernel cannot answer, the file is hinted.
#[cfg(target_os = "linux")]
fn hint_unless_cached(path: &Path, len: u64) -> bool {
    use rustix::io::{ReadWriteFlags, preadv2};
    let Ok(file) = std::fs::File::open(path) else { return true };
    let mut byte = [0u8; 1];
    // `RWF_NOWAIT`: the read fails with EAGAIN rather than wait for the disk.
    match preadv2(&file, &mut [std::io::IoSliceMut::new(&mut byte)], 0, ReadWriteFlags::NOWAIT) {
        Ok(_) => true,
        // Not cached (EAGAIN), or a kernel or file system that cannot say: hinted, and so are
        // the files after it.
        Err(_) => {
            advise(&file, len);
            false
        }
    }
}

/// Elsewhere no probe: every file is hinted.
#[cfg(not(target_os = "linux"))]
fn hint_unless_cached(path: &Path, len: u64) -> bool {
    will_need(path, len);
    false
}

/// Gives the calling thread the lowest priority, so it runs only on a core the parsers leave
/// idle: when they wait on the disk, which is when hints help. With the files in the page
/// cache already, hinting is pure overhead and should not take a core from parsing.
/// Best effort; on Linux a nice value belongs to one thread, elsewhere to the whole process,
/// so it is set only on Linux.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn lower_priority() {
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn lower_priority() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Every file is handed out once, whatever the number of parsers, and the run ends (the
    /// hinting threads stop) even when the parsers stop early.
    #[test]
    fn hands_out_every_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<_> = (0..600)
            .map(|i| {
                let p = dir.path().join(format!("{i}.txt"));
                std::fs::write(&p, "text").unwrap();
                p
            })
            .collect();
        let ahead = ReadAhead::new(paths.iter().map(|p| (p.as_path(), 4)).collect());
        let seen = Mutex::new(Vec::new());
        ahead.run(|| {
            std::thread::scope(|s| {
                for _ in 0..3 {
                    s.spawn(|| {
                        while let Some(i) = ahead.next() {
                            seen.lock().unwrap().push(i);
                        }
                    });
                }
            })
        });
        let mut seen = seen.into_inner().unwrap();
        seen.sort_unstable();
        assert_eq!(seen, (0..600).collect::<Vec<_>>());

        let early = ReadAhead::new(paths.iter().map(|p| (p.as_path(), 4)).collect());
        let first = early.run(|| early.next());
        assert_eq!(first, Some(0));
    }

    /// A panic in the parsers' work reaches the caller instead of leaving the run waiting for
    /// the hinting threads.
    #[test]
    fn a_panic_in_the_parsers_ends_the_run() {
        let paths: Vec<std::path::PathBuf> =
            (0..600).map(|i| std::path::PathBuf::from(format!("/nonexistent/{i}"))).collect();
        let ahead = ReadAhead::new(paths.iter().map(|p| (p.as_path(), 1)).collect());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ahead.run(|| {
                ahead.next();
                panic!("a parser bug");
            })
        }));
        assert!(outcome.is_err());
    }

    /// A missing file is no error here: its parser reports it.
    #[test]
    fn a_missing_file_is_passed_over() {
        will_need(Path::new("/nonexistent/dateline/file.txt"), 10);
        assert!(hint_unless_cached(Path::new("/nonexistent/dateline/file.txt"), 10), "nothing to hint");
        let ahead = ReadAhead::new(vec![(Path::new("/nonexistent/a"), 1), (Path::new("/nonexistent/b"), 1)]);
        assert_eq!(ahead.run(|| (ahead.next(), ahead.next(), ahead.next())), (Some(0), Some(1), None));
    }
}
