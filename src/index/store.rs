//! Opening and creating the index folder, with the analyzers registered and the schema checked.

use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

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
        let index = Index::open_in_dir(path).map_err(|e| Error::BadIndex {
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
        let (schema, _) = Fields::build();
        let dir = MmapDirectory::open(path)
            .map_err(|e| Error::BadIndex { path: path.to_path_buf(), reason: e.to_string() })?;
        let index = Index::create(dir, schema, tantivy::IndexSettings::default())?;
        Self::wrap(index, path)
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

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).map(|mut entries| entries.next().is_none()).unwrap_or(false)
}
