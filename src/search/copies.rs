//! Wire-copy clustering at query time: near-identical copies of one story (the same wire text in
//! several papers, updated write-throughs) are shown once, with the number of other copies that
//! match the query. Copies are found through the MinHash bands indexed with each article
//! (`index/minhash.rs`) and confirmed by comparing signatures.

use tantivy::collector::DocSetCollector;
use tantivy::columnar::BytesColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use crate::Result;
use crate::index::ArchiveIndex;
use crate::index::minhash::Signature;

/// Reads signatures and paths from the fast fields of every segment.
pub struct CopyFinder<'a> {
    archive: &'a ArchiveIndex,
    searcher: &'a Searcher,
    signatures: Vec<Option<BytesColumn>>,
    paths: Vec<Option<tantivy::columnar::StrColumn>>,
}

/// The copies of one article among the matching ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copies {
    /// How many other matching articles are copies of it.
    pub similar: usize,
    /// The cluster's id (the smallest path among its members), when it has copies.
    pub cluster: Option<String>,
}

impl<'a> CopyFinder<'a> {
    /// Opens the columns of every segment.
    pub fn new(archive: &'a ArchiveIndex, searcher: &'a Searcher) -> Result<Self> {
        let schema = archive.index.schema();
        let minhash = schema.get_field_name(archive.fields.minhash);
        let path = schema.get_field_name(archive.fields.path);
        let mut signatures = Vec::new();
        let mut paths = Vec::new();
        for segment in searcher.segment_readers() {
            signatures.push(segment.fast_fields().bytes(minhash)?);
            paths.push(segment.fast_fields().str(path)?);
        }
        Ok(CopyFinder { archive, searcher, signatures, paths })
    }

    /// The signature of an article (empty when it has none).
    pub fn signature(&self, address: DocAddress) -> Signature {
        let Some(Some(column)) = self.signatures.get(address.segment_ord as usize) else {
            return Signature::from_bytes(&[]);
        };
        let mut bytes = Vec::new();
        match column.term_ords(address.doc_id).next() {
            Some(ord) if column.ord_to_bytes(ord, &mut bytes).unwrap_or(false) => {
                Signature::from_bytes(&bytes)
            }
            _ => Signature::from_bytes(&[]),
        }
    }

    fn path(&self, address: DocAddress) -> Option<String> {
        let column = self.paths.get(address.segment_ord as usize)?.as_ref()?;
        let ord = column.term_ords(address.doc_id).next()?;
        let mut out = String::new();
        column.ord_to_str(ord, &mut out).ok()?.then_some(out)
    }

    /// Keeps the first article of each group of copies, in the order given.
    pub fn collapse(&self, ranked: &[DocAddress]) -> Vec<usize> {
        let mut kept: Vec<(usize, Signature)> = Vec::new();
        for (i, &address) in ranked.iter().enumerate() {
            let signature = self.signature(address);
            if signature.is_empty() || !kept.iter().any(|(_, s)| s.is_copy_of(&signature)) {
                kept.push((i, signature));
            }
        }
        kept.into_iter().map(|(i, _)| i).collect()
    }

    /// The copies of `address` among the articles matching `query`.
    pub fn copies(&self, query: &dyn Query, address: DocAddress) -> Result<Copies> {
        let signature = self.signature(address);
        if signature.is_empty() {
            return Ok(Copies::default());
        }
        let bands: Vec<Box<dyn Query>> = signature
            .bands()
            .iter()
            .map(|&band| {
                let term = Term::from_field_u64(self.archive.fields.copy_band, band);
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
            })
            .collect();
        let candidates = BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (Occur::Must, Box::new(BooleanQuery::union(bands))),
        ]);
        let found = self.searcher.search(&candidates, &DocSetCollector)?;
        let members: Vec<DocAddress> =
            found.into_iter().filter(|&a| a == address || self.signature(a).is_copy_of(&signature)).collect();
        if members.len() <= 1 {
            return Ok(Copies::default());
        }
        let cluster = members.iter().filter_map(|&a| self.path(a)).min();
        Ok(Copies { similar: members.len() - 1, cluster })
    }
}
