//! The index as of its last commit. `dateline index` commits by rewriting `meta.json`; when its
//! modification time or size changes, the next request reloads the reader, and requests already
//! running finish on the commit they started with.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::Result;
use crate::index::ArchiveIndex;
use crate::search::ArchiveSearch;

/// What identifies a commit from outside: `meta.json`'s modification time and size.
type Stamp = (SystemTime, u64);

/// The searcher of the index folder, reloaded when the index changes.
pub struct LiveIndex {
    path: PathBuf,
    search: ArchiveSearch,
    /// The stamp of the commit last loaded (a failed reload is remembered too, so a broken
    /// commit is not retried on every request).
    seen: Mutex<Option<Stamp>>,
}

impl LiveIndex {
    /// Opens the index at `path` (it must exist).
    pub fn open(path: &Path) -> Result<LiveIndex> {
        // The stamp is read first: a commit landing while we open is then seen as new next time.
        let seen = stamp(path);
        let search = ArchiveSearch::new(ArchiveIndex::open(path)?)?;
        Ok(LiveIndex { path: path.to_path_buf(), search, seen: Mutex::new(seen) })
    }

    /// The searcher, first reloaded if the index was committed to since the last call.
    pub fn current(&self) -> &ArchiveSearch {
        let now = stamp(&self.path);
        let mut seen = self.seen.lock().unwrap_or_else(|poison| poison.into_inner());
        if now.is_some() && now != *seen {
            *seen = now;
            if let Err(error) = self.search.reload() {
                eprintln!("warning: still serving the previous commit of the index: {error}");
            }
        }
        &self.search
    }
}

fn stamp(index: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(index.join("meta.json")).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
