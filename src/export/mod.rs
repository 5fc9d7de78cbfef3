//! Handing the archive to a distributed engine: every indexed article (or a query's results)
//! as NDJSON documents with every extracted field ([`document`]), in the shape Quickwit ingests
//! or as OpenSearch `_bulk` pairs, and the index configurations that match them ([`mapping`]).
//! Documents are written one at a time, so memory stays flat however large the archive.

pub mod document;
pub mod mapping;

use std::io::Write;

use tantivy::TantivyDocument;

use crate::Result;
use crate::search::copies::CopyFinder;
use crate::search::{ArchiveSearch, SearchRequest};
pub use document::ExportDocument;

/// The shape of the exported lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One document per line, every field present (`null` when unknown).
    Ndjson,
    /// One document per line, unknown fields left out (Quickwit's ingest API).
    Quickwit,
    /// OpenSearch `_bulk`: an `index` action line, then the document, per article.
    OpenSearch,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportReport {
    /// Articles written.
    pub articles: usize,
}

/// Streams the articles the request selects (all of them for an empty request), oldest first.
pub fn export(
    search: &ArchiveSearch,
    request: &SearchRequest,
    format: ExportFormat,
    index_name: &str,
    out: &mut dyn Write,
) -> Result<ExportReport> {
    let searcher = search.searcher();
    let archive = search.archive();
    let prepared = search.prepare(&searcher, request)?;
    let finder = CopyFinder::new(archive, &searcher)?;
    let mut report = ExportReport::default();
    search.addresses_each(&searcher, request, &mut |address| {
        let doc: TantivyDocument = searcher.doc(address)?;
        let article = search.article(&searcher, &doc);
        let cluster = finder.copies(&*prepared.full, address)?.cluster;
        let document = ExportDocument::new(article, cluster);
        match format {
            ExportFormat::Ndjson => document::write_line(out, &document.to_json(true))?,
            ExportFormat::Quickwit => document::write_line(out, &document.to_json(false))?,
            ExportFormat::OpenSearch => {
                let action = serde_json::json!({"index": {"_index": index_name, "_id": document.id}});
                document::write_line(out, &action)?;
                document::write_line(out, &document.to_json(false))?;
            }
        }
        report.articles += 1;
        Ok(())
    })?;
    Ok(report)
}
