//! What an index holds (`dateline stats`): articles, files, counts per file type and language,
//! the last commit's time and the size on disk. Read from the last commit only, so it works
//! while an index run is writing.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use tantivy::columnar::StrColumn;

use super::store::ArchiveIndex;
use crate::{Error, Result};

/// The numbers `dateline stats` prints.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Articles searchable.
    pub articles: u64,
    /// Files they came from.
    pub files: u64,
    /// Files per extension (`txt`, `md`, `warc.gz`...).
    pub formats: BTreeMap<String, u64>,
    /// Articles per language code (`unknown` when not known).
    pub languages: BTreeMap<String, u64>,
    /// When the last commit was made (RFC 3339), if dateline made it.
    pub last_commit: Option<String>,
    /// Bytes on disk, all index files included.
    pub index_bytes: u64,
    /// Index segments.
    pub segments: usize,
    /// The index folder.
    pub path: String,
}

/// Reads the statistics of an index.
pub fn stats(archive: &ArchiveIndex) -> Result<IndexStats> {
    let searcher = archive.reader()?.searcher();
    let schema = archive.index.schema();
    let mut files: HashSet<String> = HashSet::new();
    let mut languages: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let file_column = fast.str(schema.get_field_name(archive.fields.file))?;
        let lang_column = fast.str(schema.get_field_name(archive.fields.lang))?;
        for doc in segment.doc_ids_alive() {
            if let Some(name) = first_str(file_column.as_ref(), doc) {
                files.insert(name);
            }
            let lang = first_str(lang_column.as_ref(), doc).unwrap_or_else(|| "unknown".into());
            *languages.entry(lang).or_default() += 1;
        }
    }
    let mut formats: BTreeMap<String, u64> = BTreeMap::new();
    for file in &files {
        *formats.entry(extension(file)).or_default() += 1;
    }
    let metas = archive.index.load_metas()?;
    let last_commit = metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|v| v["committed"].as_str().map(str::to_string));
    Ok(IndexStats {
        articles: searcher.num_docs(),
        files: files.len() as u64,
        formats,
        languages,
        last_commit,
        index_bytes: folder_size(&archive.path)?,
        segments: searcher.segment_readers().len(),
        path: archive.path.display().to_string(),
    })
}

fn first_str(column: Option<&StrColumn>, doc: tantivy::DocId) -> Option<String> {
    let column = column?;
    let ord = column.term_ords(doc).next()?;
    let mut out = String::new();
    column.ord_to_str(ord, &mut out).ok()?.then_some(out)
}

/// `a/b.warc.gz` -> `warc.gz`, `a/b.txt` -> `txt`, `a/b` -> `(none)`.
fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts: Vec<&str> = name.split('.').skip(1).collect();
    match parts.as_slice() {
        [] => "(none)".into(),
        [.., last] if *last == "gz" && parts.len() >= 2 => {
            parts.split_off(parts.len() - 2).join(".").to_lowercase()
        }
        [.., last] => last.to_lowercase(),
    }
}

fn folder_size(path: &std::path::Path) -> Result<u64> {
    let mut total = 0;
    let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
    for entry in entries.flatten() {
        if let Ok(meta) = entry.metadata()
            && meta.is_file()
        {
            total += meta.len();
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::extension;

    #[test]
    fn extensions_keep_the_compression_suffix() {
        assert_eq!(extension("a/b.txt"), "txt");
        assert_eq!(extension("a/b.WARC.gz"), "warc.gz");
        assert_eq!(extension("a.d/b"), "(none)");
        assert_eq!(extension("x.gz"), "gz");
    }
}
