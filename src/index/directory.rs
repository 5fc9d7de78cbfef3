//! The index folder as tantivy sees it: tantivy's memory-mapped directory, except that every
//! file tantivy writes reaches the kernel in aligned pieces of [`CHUNK`] bytes.
//!
//! Why: a search maps the index files into memory and touches a few scattered places of each.
//! Linux caches a file in pieces ("folios") whose size follows the writes that filled the cache:
//! tantivy's own writer hands the kernel 8 KiB at a time, so a freshly built index sat in the
//! page cache in small pieces, and every page a search touched cost a page fault that mapped
//! sixteen pages one by one, and as much again to unmap them when the process exited. Written in
//! aligned 2 MiB pieces, the same files are cached in large folios (ext4 since Linux 6.16, XFS,
//! tmpfs), which a fault maps whole. On the bench VM (Linux 6.18, ext4), a fresh known-item
//! search of the x10 bench index took 2.88 ms before and 2.28 ms after (median of 300
//! queries; the same bytes, copied with 2 MiB writes), BENCHMARKS.md has the figures. Where the
//! kernel or the file system caches in small pieces whatever the writes, nothing changes but
//! fewer, larger `write` calls.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// Bytes handed to the kernel at once, at offsets that are multiples of it: the size of the
/// largest folio that x86-64 maps with one page-table entry.
pub const CHUNK: usize = 2 << 20;

/// tantivy's [`MmapDirectory`] writing in aligned chunks (see the module documentation).
#[derive(Clone, Debug)]
pub struct ArchiveDirectory {
    inner: MmapDirectory,
}

impl ArchiveDirectory {
    /// The directory of the existing folder `path`.
    pub fn open(path: &Path) -> Result<ArchiveDirectory, OpenDirectoryError> {
        Ok(ArchiveDirectory { inner: MmapDirectory::open(path)? })
    }
}

impl Directory for ArchiveDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        // tantivy's small buffer stays in front: most of its writes are a few bytes long.
        let (file, _) = self.inner.open_write(path)?.into_parts();
        Ok(BufWriter::new(Box::new(ChunkedWriter::new(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// Holds what is written until a whole [`CHUNK`] is there, then writes it; the rest goes out
/// when tantivy terminates the file. Like tantivy's own file writer, `flush` keeps it: a file
/// is complete only once terminated, and writing a partial chunk would misalign every later one.
struct ChunkedWriter {
    file: Box<dyn TerminatingWrite + Send + Sync>,
    pending: Vec<u8>,
}

impl ChunkedWriter {
    fn new(file: Box<dyn TerminatingWrite + Send + Sync>) -> ChunkedWriter {
        ChunkedWriter { file, pending: Vec::new() }
    }

    /// Writes what is held. It is let go even when the write fails: the file is broken then,
    /// and writing the same bytes again when it is dropped would only add to the damage.
    fn write_pending(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let written = self.file.write_all(&self.pending);
        self.pending.clear();
        written
    }
}

impl Write for ChunkedWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() && data.len() >= CHUNK {
            // Whole chunks straight from the caller's buffer, still at aligned offsets.
            let whole = data.len() - data.len() % CHUNK;
            self.file.write_all(&data[..whole])?;
            return Ok(whole);
        }
        let taken = data.len().min(CHUNK - self.pending.len());
        let needed = self.pending.len() + taken;
        if needed > self.pending.capacity() {
            // Grown by doubling up to one chunk, never past it: a small file holds little.
            let wanted = needed.max(self.pending.capacity() * 2).min(CHUNK);
            self.pending.reserve_exact(wanted - self.pending.len());
        }
        self.pending.extend_from_slice(&data[..taken]);
        if self.pending.len() == CHUNK {
            self.write_pending()?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl TerminatingWrite for ChunkedWriter {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.write_pending()?;
        self.file.terminate_ref(token)
    }
}

impl Drop for ChunkedWriter {
    /// A file dropped unterminated keeps what was written to it, as with a `BufWriter`.
    fn drop(&mut self) {
        let _ = self.write_pending();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// What reached the file: each write call's offset and length, the bytes, the termination.
    #[derive(Default)]
    struct Calls {
        writes: Vec<(usize, usize)>,
        written: Vec<u8>,
        terminated: bool,
    }

    struct Recorder(Arc<Mutex<Calls>>);

    impl Write for Recorder {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            let mut calls = self.0.lock().unwrap();
            let at = calls.written.len();
            calls.writes.push((at, data.len()));
            calls.written.extend_from_slice(data);
            Ok(data.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl TerminatingWrite for Recorder {
        fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
            self.0.lock().unwrap().terminated = true;
            Ok(())
        }
    }

    #[test]
    fn writes_reach_the_file_in_aligned_chunks_and_the_rest_at_termination() {
        let calls = Arc::new(Mutex::new(Calls::default()));
        let chunked = ChunkedWriter::new(Box::new(Recorder(calls.clone())));
        let mut writer: WritePtr = BufWriter::new(Box::new(chunked));
        let mut expected = Vec::new();
        // Small writes, a flush, a write of more than two chunks, then a tail.
        for i in 0..1_000_000u32 {
            writer.write_all(&i.to_le_bytes()).unwrap();
            expected.extend_from_slice(&i.to_le_bytes());
        }
        writer.flush().unwrap();
        let big: Vec<u8> = (0..CHUNK * 2 + 12_345).map(|i| (i % 251) as u8).collect();
        writer.write_all(&big).unwrap();
        expected.extend_from_slice(&big);
        writer.write_all(b"tail").unwrap();
        expected.extend_from_slice(b"tail");
        {
            let calls = calls.lock().unwrap();
            assert!(calls.writes.len() >= 3, "{:?}", calls.writes);
            assert!(
                calls.writes.iter().all(|&(at, len)| at % CHUNK == 0 && len % CHUNK == 0),
                "{:?}",
                calls.writes
            );
            assert!(!calls.terminated);
        }
        writer.terminate().unwrap();
        let calls = calls.lock().unwrap();
        assert!(calls.terminated);
        assert!(calls.written == expected, "the bytes written differ from those given");
        let &(tail_at, tail_len) = calls.writes.last().unwrap();
        assert_eq!((tail_at % CHUNK, tail_len), (0, expected.len() % CHUNK), "{:?}", calls.writes);
    }

    #[test]
    fn an_archive_index_writes_its_files_through_the_chunked_writer() {
        let dir = tempfile::tempdir().unwrap();
        let archive = crate::index::ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let name = Path::new("probe.bin");
        let mut writer = archive.index.directory().open_write(name).unwrap();
        writer.write_all(&[7u8; 100]).unwrap();
        writer.flush().unwrap();
        // tantivy's own writer would have written the bytes on `flush`; the chunked one holds
        // them until the file is terminated.
        let on_disk = || std::fs::metadata(dir.path().join("idx").join(name)).unwrap().len();
        assert_eq!(on_disk(), 0);
        writer.terminate().unwrap();
        // The bytes, then the footer tantivy adds to every file it manages.
        let bytes = std::fs::read(dir.path().join("idx").join(name)).unwrap();
        assert!(bytes.len() > 100 && bytes[..100] == [7u8; 100], "{} bytes", bytes.len());
    }
}
