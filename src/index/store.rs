//! Opening and creating the index folder, with the analyzers registered and the schema checked.

use std::path::{Path, PathBuf};

use tantivy::store::Compressor;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

use super::directory::ArchiveDirectory;
use super::{analyzer, schema::Fields};
use crate::{Error, Result};

/// An opened dateline index: the tantivy index, its fields and where it lives.
#[derive(Clone)]
pub struct ArchiveIndex {
    /// The tantivy index, analyzers registered.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The index folder.
    pub path: PathBuf,
}

impl ArchiveIndex {
    /// Opens an existing index for reading or writing.
    pub fn open(path: &Path) -> Result<ArchiveIndex> {
        if !path.join("meta.json").is_file() {
            return Err(Error::NoIndex { path: path.to_path_buf() });
        }
        let index = open_in(path).map_err(|e| Error::BadIndex {
            path: path.to_path_buf(),
            reason: format!("cannot be opened as an index ({e}); rebuild it with `dateline index --rebuild`"),
        })?;
        Self::wrap(index, path)
    }

    /// Opens the index at `path`, creating the folder and an empty index if there is none.
    pub fn open_or_create(path: &Path) -> Result<ArchiveIndex> {
        if path.join("meta.json").is_file() {
            return Self::open(path);
        }
        if path.exists() && !is_empty_dir(path) {
            return Err(Error::BadIndex {
                path: path.to_path_buf(),
                reason: "exists and is not a dateline index; choose another folder with --index".into(),
            });
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        Self::create(path)
    }

    /// Creates an index in the folder `path`, which holds no index.
    fn create(path: &Path) -> Result<ArchiveIndex> {
        let (schema, _) = Fields::build();
        let dir = ArchiveDirectory::open(path)
            .map_err(|e| Error::BadIndex { path: path.to_path_buf(), reason: e.to_string() })?;
        let index = Index::create(dir, schema, settings())?;
        Self::wrap(index, path)
    }

    /// Opens the index at `path` for `index --rebuild`: as [`Self::open_or_create`], except that
    /// an index built by another version of dateline (another schema, or other store settings)
    /// is emptied and created again, which is what the error for such an index advises.
    pub fn open_for_rebuild(path: &Path) -> Result<ArchiveIndex> {
        let stale = match open_in(path) {
            Ok(index)
                if Fields::from_schema(&index.schema()).is_none() || *index.settings() != settings() =>
            {
                index
            }
            _ => return Self::open_or_create(path),
        };
        // Taking the writer lock first: no other run is writing to the files removed.
        let writer =
            stale.writer_with_num_threads::<TantivyDocument>(1, 15_000_000).map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => {
                    Error::Locked { path: path.to_path_buf(), pid: None }
                }
                other => Error::Tantivy(other),
            })?;
        let files = stale.directory().list_managed_files();
        drop(writer);
        drop(stale);
        for file in
            files.iter().map(PathBuf::as_path).chain([Path::new("meta.json"), Path::new(".managed.json")])
        {
            match std::fs::remove_file(path.join(file)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(path.join(file), e));
                }
                _ => {}
            }
        }
        Self::create(path)
    }

    fn wrap(index: Index, path: &Path) -> Result<ArchiveIndex> {
        analyzer::register(&index);
        let fields = Fields::from_schema(&index.schema()).ok_or_else(|| Error::BadIndex {
            path: path.to_path_buf(),
            reason:
                "was built by another version of dateline; rebuild it with `dateline index --rebuild PATH...`"
                    .into(),
        })?;
        Ok(ArchiveIndex { index, fields, path: path.to_path_buf() })
    }

    /// A reader that sees the last commit; reload it yourself after committing.
    pub fn reader(&self) -> Result<IndexReader> {
        Ok(self.index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?)
    }
}

/// The index in the folder `path`, through [`ArchiveDirectory`].
fn open_in(path: &Path) -> tantivy::Result<Index> {
    Index::open(ArchiveDirectory::open(path)?)
}

/// Bytes of documents compressed together in the store: a quarter of tantivy's default block.
/// A phrase search reads one block per candidate, mostly a different block each time, and a
/// hit is shown from its block: with 4 KiB blocks instead of 16 KiB the median of the 30 bench
/// phrases listed in full on x10 went 5.7 -> 5.0 ms and a fresh known-item search 1.91 -> 1.83
/// ms, for an index 5% larger (x10 260 -> 274 MB; SQLite FTS5's is 371) and the same build time.
///
/// The store is LZ4 (pure Rust, lz4_flex). It was zstd level 1 in 4 KiB blocks for a while,
/// 22% smaller, until a profile showed what callgrind's instruction counts had hidden: every
/// zstd context asks the processor for its features (`cpuid`, three times), and in a virtual
/// machine each of those traps to the hypervisor. tantivy makes a context for every block it
/// compresses or reads, so on the 2-core bench VM a context cost about 25 microseconds: 27% of a
/// search listing 4,430 hits of the x10 bench corpus, and a fresh x10 search with LZ4 took
/// 3.25 ms instead of 3.55 (median of 150 known-item queries), for an index 10% larger (361
/// MB against 329; SQLite FTS5's is 371).
const STORE_BLOCK_BYTES: usize = 4_096;

/// zstd level of the stores of the indexes created while the store was zstd (they still read).
#[cfg(test)]
const OLD_STORE_ZSTD_LEVEL: i32 = 1;

/// The settings of a new index: its document store in LZ4 blocks (see above). tantivy records
/// the compressor in each segment's store and the settings in `meta.json`, so an index built
/// with the zstd store by an earlier version still reads and keeps it when updated; `index
/// --rebuild` gives it these settings.
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    }
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).map(|mut entries| entries.next().is_none()).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, Schema, TEXT};

    #[test]
    fn rebuild_replaces_an_index_of_another_version() {
        let dir = tempfile::tempdir().unwrap();
        let mut sb = Schema::builder();
        let title = sb.add_text_field("title", TEXT | STORED);
        let old = Index::create_in_dir(dir.path(), sb.build()).unwrap();
        let mut writer = old.writer_with_num_threads::<TantivyDocument>(1, 15_000_000).unwrap();
        writer.add_document(tantivy::doc!(title => "an article of an older version")).unwrap();
        writer.commit().unwrap();
        drop(writer);
        drop(old);

        let Err(Error::BadIndex { reason, .. }) = ArchiveIndex::open(dir.path()) else { panic!("opened") };
        assert!(reason.contains("--rebuild"), "{reason}");
        let archive = ArchiveIndex::open_for_rebuild(dir.path()).expect("rebuilt");
        assert_eq!(archive.reader().unwrap().searcher().num_docs(), 0);
        let segments = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".store"))
            .count();
        assert_eq!(segments, 0, "the old segments are removed");
        drop(archive);
        ArchiveIndex::open(dir.path()).expect("opens as this version");
    }

    #[test]
    fn new_indexes_store_lz4_and_zstd_indexes_still_read_until_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let created = ArchiveIndex::open_or_create(&dir.path().join("new")).unwrap();
        assert_eq!(*created.index.settings(), settings());
        assert_eq!(created.index.settings().docstore_compression, Compressor::Lz4);

        // An index of the same schema written by a version that stored documents in zstd.
        let old = dir.path().join("old");
        std::fs::create_dir(&old).unwrap();
        let (schema, fields) = Fields::build();
        let zstd = tantivy::IndexSettings {
            docstore_compression: Compressor::Zstd(tantivy::store::ZstdCompressor {
                compression_level: Some(OLD_STORE_ZSTD_LEVEL),
            }),
            docstore_blocksize: 4096,
            ..tantivy::IndexSettings::default()
        };
        let index =
            Index::create(tantivy::directory::MmapDirectory::open(&old).unwrap(), schema, zstd).unwrap();
        analyzer::register(&index);
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000).unwrap();
        writer
            .add_document(tantivy::doc!(fields.path => "a.txt", fields.body_text => "stored in zstd"))
            .unwrap();
        writer.commit().unwrap();
        drop(writer);
        drop(index);

        let archive = ArchiveIndex::open(&old).expect("a zstd index opens");
        assert!(matches!(archive.index.settings().docstore_compression, Compressor::Zstd(_)));
        let searcher = archive.reader().unwrap().searcher();
        let doc: TantivyDocument = searcher.doc(tantivy::DocAddress::new(0, 0)).unwrap();
        assert_eq!(crate::index::document::from_document(&archive.fields, &doc).body, "stored in zstd");
        drop(searcher);
        drop(archive);
        let rebuilt = ArchiveIndex::open_for_rebuild(&old).unwrap();
        assert_eq!(*rebuilt.index.settings(), settings(), "--rebuild gives it the LZ4 store");
    }
}
