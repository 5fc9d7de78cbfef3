//! Wire-copy clustering at query time: near-identical copies of one story (the same wire text in
//! several papers, updated write-throughs) are shown once, with the number of other copies that
//! match the query. Copies are found through the MinHash bands indexed with each article
//! (`index/minhash.rs`) and confirmed by comparing signatures.
//!
//! Folding comes in two strengths ([`Fold`]): the same text (the same words, in any order) is
//! always one story; near copies (most shingles shared: an edited copy, a write-through) are
//! folded too when the distinct texts alone would not fit on the page.

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    BitSet, DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED, Term,
};

use crate::Result;
use crate::index::ArchiveIndex;
use crate::index::minhash::{BANDS, COLUMN_VALUES, ROWS, Signature, band_of, band_term};

/// Reads signatures and paths from the fast fields of every segment.
pub struct CopyFinder<'a> {
    archive: &'a ArchiveIndex,
    searcher: &'a Searcher,
    signatures: Vec<Option<Column<u64>>>,
    /// The `path` column of each segment, opened when a group of copies is first named.
    paths: Vec<OnceCell<Option<StrColumn>>>,
    /// Signatures already read (a hit is read by `collapse`, then again by `copies`).
    read: RefCell<HashMap<DocAddress, Signature>>,
    /// Every match under each of its bands (sorted by band), when
    /// [`CopyFinder::index_matches`] has read them: then copies are looked up here instead of
    /// by searching the band terms.
    bands_of_matches: OnceCell<Vec<(u64, DocAddress)>>,
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
        let mut signatures = Vec::new();
        let mut paths = Vec::new();
        for segment in searcher.segment_readers() {
            signatures.push(segment.fast_fields().u64(minhash).ok());
            paths.push(OnceCell::new());
        }
        Ok(CopyFinder {
            archive,
            searcher,
            signatures,
            paths,
            read: RefCell::new(HashMap::new()),
            bands_of_matches: OnceCell::new(),
        })
    }

    /// Reads the signature of every match once and files each match under its bands, so that
    /// [`CopyFinder::copies_of_each`] looks candidates up in memory. Worth it when the hits
    /// to look up would need more band-term lookups than there are matches: a listing of
    /// every match of a phrase searched the same band terms again for each batch of hits.
    pub fn index_matches(&self, matches: &MatchSet) {
        self.bands_of_matches.get_or_init(|| {
            // One sorted list, not a map of lists: filing the 149,000 matches of a broad query
            // on the x10 bench corpus made a list for each of their 1.2 million bands.
            let mut filed: Vec<(u64, DocAddress)> = Vec::new();
            matches.any(|address| {
                let signature = self.read_signature(address);
                if !signature.is_empty() {
                    filed.extend(signature.bands().map(|band| (band, address)));
                }
                false
            });
            filed.sort_unstable();
            filed
        });
    }

    /// The signature of an article (empty when it has none).
    pub fn signature(&self, address: DocAddress) -> Signature {
        if let Some(signature) = self.read.borrow().get(&address) {
            return *signature;
        }
        let signature = match self.signatures.get(address.segment_ord as usize) {
            Some(Some(column)) => Signature::from_column_values(column.values_for_doc(address.doc_id)),
            _ => Signature::from_column_values(std::iter::empty()),
        };
        self.read.borrow_mut().insert(address, signature);
        signature
    }

    /// Band number `band` of an article's signature: the band's values alone when the column
    /// holds them in row order (as tantivy writes them), else the whole signature. A band's
    /// term holds articles of other bands' values too (see `minhash.rs`), and reading four
    /// values rather than 34 sorts them out.
    fn band(&self, address: DocAddress, band: usize) -> u64 {
        self.band_in_row_order(address, band).unwrap_or_else(|| self.read_signature(address).bands()[band])
    }

    /// Band number `band` read from its four rows, if they are where row order puts them.
    fn band_in_row_order(&self, address: DocAddress, band: usize) -> Option<u64> {
        let column = self.signatures.get(address.segment_ord as usize)?.as_ref()?;
        let rows = column.index.value_row_ids(address.doc_id);
        if rows.len() != COLUMN_VALUES {
            return None;
        }
        let first = band * ROWS;
        let mut values = [0u32; ROWS];
        for (i, slot) in values.iter_mut().enumerate() {
            let value = column.values.get_val(rows.start + (first + i) as u32);
            if (value >> 32) as usize != first + i {
                return None;
            }
            *slot = value as u32;
        }
        Some(band_of(band, &values))
    }

    /// The matches that have one of `bands` (sorted), found through the band terms: a term
    /// holds every article with the band and a few others of its bucket, whose own band is
    /// read to tell them apart.
    fn sharing_a_band(&self, matches: &MatchSet, bands: &[u64]) -> Result<Vec<DocAddress>> {
        let mut found = Vec::new();
        for (ordinal, segment) in self.searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(self.archive.fields.copy_band)?;
            for &band in bands {
                let term = Term::from_field_u64(self.archive.fields.copy_band, band_term(band));
                let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? else {
                    continue;
                };
                let number = (band & 0xFF) as usize;
                while postings.doc() != TERMINATED {
                    let address = DocAddress::new(ordinal as SegmentOrdinal, postings.doc());
                    if matches.contains(address) && self.band(address, number) == band {
                        found.push(address);
                    }
                    postings.advance();
                }
            }
        }
        Ok(found)
    }

    /// The signature of an article, read without being remembered (for scans over matches).
    fn read_signature(&self, address: DocAddress) -> Signature {
        match self.signatures.get(address.segment_ord as usize) {
            Some(Some(column)) => Signature::from_column_values(column.values_for_doc(address.doc_id)),
            _ => Signature::from_column_values(std::iter::empty()),
        }
    }

    /// The `path` column of a segment, opened on first use.
    fn path_column(&self, segment: SegmentOrdinal) -> Option<&StrColumn> {
        let column = self.paths.get(segment as usize)?.get_or_init(|| {
            let reader = self.searcher.segment_reader(segment);
            let name = self.archive.index.schema().get_field_name(self.archive.fields.path).to_string();
            reader.fast_fields().str(&name).ok().flatten()
        });
        column.as_ref()
    }

    /// The smallest path among the members of each group. A segment's dictionary is sorted,
    /// so a group's smallest path there is its smallest term ordinal, and the paths of all the
    /// groups are read in one pass over each segment's dictionary: reading them one by one
    /// decompressed a dictionary block each time (a third of a search listing every match of
    /// a broad phrase on the x10 bench corpus).
    fn smallest_paths(&self, groups: &[&[DocAddress]]) -> Vec<Option<String>> {
        let lowest: Vec<Vec<(SegmentOrdinal, u64)>> = groups
            .iter()
            .map(|members| {
                let mut lowest: Vec<(SegmentOrdinal, u64)> = Vec::new();
                for &address in members.iter() {
                    let Some(column) = self.path_column(address.segment_ord) else { continue };
                    let Some(ord) = column.term_ords(address.doc_id).next() else { continue };
                    match lowest.iter_mut().find(|(segment, _)| *segment == address.segment_ord) {
                        Some((_, low)) => *low = (*low).min(ord),
                        None => lowest.push((address.segment_ord, ord)),
                    }
                }
                lowest
            })
            .collect();
        let mut wanted: Vec<(SegmentOrdinal, u64)> = lowest.iter().flatten().copied().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut names: Vec<((SegmentOrdinal, u64), String)> = Vec::with_capacity(wanted.len());
        for segment_ords in wanted.chunk_by(|a, b| a.0 == b.0) {
            let segment = segment_ords[0].0;
            let Some(column) = self.path_column(segment) else { continue };
            let ords: Vec<u64> = segment_ords.iter().map(|&(_, ord)| ord).collect();
            let mut read = ords.iter();
            let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let (Some(&ord), Ok(name)) = (read.next(), std::str::from_utf8(bytes)) {
                    names.push(((segment, ord), name.to_string()));
                }
            });
        }
        lowest
            .iter()
            .map(|group| {
                group
                    .iter()
                    .filter_map(|key| {
                        names.binary_search_by(|(k, _)| k.cmp(key)).ok().map(|i| names[i].1.clone())
                    })
                    .min()
            })
            .collect()
    }

    /// Keeps the first article of each group of copies, in the order given: articles with the
    /// same text ([`Fold::Same`]) or, with [`Fold::Near`], near copies too.
    pub fn collapse(&self, ranked: &[DocAddress], fold: Fold) -> Vec<usize> {
        first_of_each(ranked.iter().map(|&address| self.signature(address)), fold)
    }

    /// How strongly to fold a page of `limit` hits: near copies only when the matches hold
    /// more than `limit` different texts (articles of unknown text each count as one), so
    /// that near copies are shown apart whenever every story fits on the page, as they are
    /// when every match fits. Reads the matches until that many are seen: the first few
    /// usually suffice.
    pub fn fold_for(&self, matches: &MatchSet, limit: usize) -> Fold {
        let mut texts: HashSet<u64> = HashSet::new();
        let mut unknown = 0usize;
        let more = matches.any(|address| {
            let signature = self.read_signature(address);
            if signature.words == 0 || signature.is_empty() {
                unknown += 1;
            } else {
                texts.insert(signature.words);
            }
            texts.len() + unknown > limit
        });
        if more { Fold::Near } else { Fold::Same }
    }

    /// The copies of `address` among the articles matching `query`.
    pub fn copies(&self, query: &dyn Query, address: DocAddress) -> Result<Copies> {
        let matches = self.searcher.search(query, &Matches)?;
        Ok(self.copies_of_each(&matches, &[address])?.pop().unwrap_or_default())
    }

    /// The copies of each of `addresses` among the articles in `matches`, in one search: the
    /// candidates share a band with one of them, and a candidate is a copy of an article when
    /// it matches, shares one of that article's bands and their signatures agree (the same
    /// answer as [`CopyFinder::copies`] for each article alone).
    pub fn copies_of_each(&self, matches: &MatchSet, addresses: &[DocAddress]) -> Result<Vec<Copies>> {
        let originals: Vec<(Signature, [u64; BANDS])> = addresses
            .iter()
            .map(|&a| {
                let signature = self.signature(a);
                (signature, signature.bands())
            })
            .collect();
        let mut bands: Vec<u64> = originals
            .iter()
            .filter(|(signature, _)| !signature.is_empty())
            .flat_map(|(_, bands)| bands.iter().copied())
            .collect();
        if bands.is_empty() {
            return Ok(vec![Copies::default(); addresses.len()]);
        }
        bands.sort_unstable();
        bands.dedup();
        // Few matches are read directly; many are narrowed down by the bands first: those
        // filed in memory, or the band terms.
        let mut found: Vec<DocAddress> = match (matches.listed(), self.bands_of_matches.get()) {
            (Some(listed), _) => listed.to_vec(),
            (None, Some(filed)) => bands
                .iter()
                .flat_map(|&band| {
                    let start = filed.partition_point(|&(b, _)| b < band);
                    filed[start..].iter().take_while(move |&&(b, _)| b == band).map(|&(_, address)| address)
                })
                .collect(),
            (None, None) => self.sharing_a_band(matches, &bands)?,
        };
        found.sort_unstable();
        found.dedup();
        // Candidates are read once here and not remembered: most of those found by a band's
        // term share only its bucket.
        let found: Vec<(DocAddress, Signature, [u64; BANDS])> = found
            .into_iter()
            .map(|a| {
                let signature = self.read_signature(a);
                (a, signature, signature.bands())
            })
            .filter(|(a, signature, own)| {
                addresses.contains(a)
                    || (!signature.is_empty() && own.iter().any(|b| bands.binary_search(b).is_ok()))
            })
            .collect();
        // The members of each article's group; an article without copies has none.
        let groups: Vec<Vec<DocAddress>> = addresses
            .iter()
            .zip(&originals)
            .map(|(&address, (signature, bands))| {
                if signature.is_empty() {
                    return Vec::new();
                }
                let members: Vec<DocAddress> = found
                    .iter()
                    .filter(|(a, other, other_bands)| {
                        *a == address
                            || (other_bands.iter().any(|b| bands.contains(b)) && other.is_copy_of(signature))
                    })
                    .map(|(a, _, _)| *a)
                    .collect();
                if members.len() <= 1 { Vec::new() } else { members }
            })
            .collect();
        let with_copies: Vec<&[DocAddress]> =
            groups.iter().filter(|members| !members.is_empty()).map(Vec::as_slice).collect();
        let mut clusters = self.smallest_paths(&with_copies).into_iter();
        Ok(groups
            .iter()
            .map(|members| match members.len() {
                0 => Copies::default(),
                n => Copies { similar: n - 1, cluster: clusters.next().flatten() },
            })
            .collect())
    }
}

/// The positions of the signatures that are no copy of an earlier one kept (see
/// [`CopyFinder::collapse`]). Comparing each signature with every one kept made a page of 5,000
/// hits of a broad query on the x10 bench corpus take 4 s; the kept texts are looked up by
/// their words' fingerprint, and the near copies among those kept by the pieces of their
/// signatures ([`Signature::piece_keys`], which miss no copy), so the answer is the same.
fn first_of_each(signatures: impl Iterator<Item = Signature>, fold: Fold) -> Vec<usize> {
    let mut kept = Vec::new();
    let mut texts: HashSet<u64> = HashSet::new();
    let mut near: Vec<Signature> = Vec::new();
    let mut pieces: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, signature) in signatures.enumerate() {
        if signature.is_empty() {
            kept.push(i);
            continue;
        }
        let same = signature.words != 0 && texts.contains(&signature.words);
        // Pieces only for near copies: the same text needs none (every page folds at least so).
        let keys = (!same && fold == Fold::Near).then(|| signature.piece_keys());
        let folded = same
            || keys.is_some_and(|keys| {
                keys.iter()
                    .filter_map(|key| pieces.get(key))
                    .flatten()
                    .any(|&j| near[j].is_copy_of(&signature))
            });
        if folded {
            continue;
        }
        kept.push(i);
        if signature.words != 0 {
            texts.insert(signature.words);
        }
        if let Some(keys) = keys {
            for key in keys {
                pieces.entry(key).or_default().push(near.len());
            }
            near.push(signature);
        }
    }
    kept
}

/// Which articles fold into one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Articles with the same words (the same text in any order).
    Same,
    /// Those, and near copies (see [`Signature::is_copy_of`]).
    Near,
}

/// The articles matching a query, one bit per document of each segment.
#[derive(Debug, Default)]
pub struct MatchSet {
    segments: Vec<Option<BitSet>>,
    /// Every match, when there are at most [`LISTED_MATCHES`] of them.
    listed: Option<Vec<DocAddress>>,
}

/// Up to this many matches, copies are confirmed by reading each match's signature rather
/// than by searching the band terms (which costs a term lookup per band and segment). A page of
/// ten hits looks up at most 80 bands per segment, cheaper than reading up to 1,024 signatures
/// (the limit before): a fresh search of the x10 bench corpus, median of 150 known-item
/// queries, 3.03 -> 2.95 and 3.19 -> 3.00 ms in two rounds; base 1.78 -> 1.74 ms.
const LISTED_MATCHES: usize = 128;

impl MatchSet {
    /// Whether the article at `address` matches.
    pub fn contains(&self, address: DocAddress) -> bool {
        self.segments
            .get(address.segment_ord as usize)
            .and_then(Option::as_ref)
            .is_some_and(|set| address.doc_id < set.max_value() && set.contains(address.doc_id))
    }

    /// Every match in address order, when there are few.
    pub fn listed(&self) -> Option<&[DocAddress]> {
        self.listed.as_deref()
    }

    /// Calls `each` on the matches in address order until it returns true; whether it did.
    pub fn any(&self, mut each: impl FnMut(DocAddress) -> bool) -> bool {
        if let Some(listed) = &self.listed {
            return listed.iter().any(|&address| each(address));
        }
        for (segment, set) in self.segments.iter().enumerate() {
            let Some(set) = set else { continue };
            let mut bucket = 0;
            while let Some(next) = set.first_non_empty_bucket(bucket) {
                let mut bits = set.tinyset(next);
                while let Some(low) = bits.pop_lowest() {
                    if each(DocAddress::new(segment as SegmentOrdinal, next * 64 + low)) {
                        return true;
                    }
                }
                bucket = next + 1;
            }
        }
        false
    }

    /// How many articles match.
    pub fn len(&self) -> usize {
        self.segments.iter().flatten().map(BitSet::len).sum()
    }

    /// True when nothing matches.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Collects a [`MatchSet`]: cheap enough to ride along with counting and ranking, so copies
/// are confirmed without running the query again.
pub struct Matches;

/// [`Matches`] over one segment.
pub struct SegmentMatches {
    segment: SegmentOrdinal,
    set: BitSet,
    /// The segment's matches in order while there are few of them.
    docs: Vec<DocId>,
}

/// One segment's matches: the set, and the list when it is short.
type SegmentFruit = (SegmentOrdinal, BitSet, Option<Vec<DocId>>);

impl Collector for Matches {
    type Fruit = MatchSet;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches { segment, set: BitSet::with_max_value(reader.max_doc()), docs: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<MatchSet> {
        let mut segments: Vec<Option<BitSet>> = Vec::new();
        let mut listed = Some(Vec::new());
        for (segment, set, docs) in fruits {
            let i = segment as usize;
            if segments.len() <= i {
                segments.resize_with(i + 1, || None);
            }
            match (&mut listed, docs) {
                (Some(all), Some(docs)) if all.len() + docs.len() <= LISTED_MATCHES => {
                    all.extend(docs.into_iter().map(|doc| DocAddress::new(segment, doc)))
                }
                _ => listed = None,
            }
            segments[i] = Some(set);
        }
        if let Some(all) = &mut listed {
            all.sort_unstable();
        }
        Ok(MatchSet { segments, listed })
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.set.insert(doc);
        if self.docs.len() <= LISTED_MATCHES {
            self.docs.push(doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let listed = (self.docs.len() <= LISTED_MATCHES).then_some(self.docs);
        (self.segment, self.set, listed)
    }
}

#[cfg(test)]
mod tests {
    use super::{CopyFinder, Fold, Matches, first_of_each};
    use crate::index::ArchiveIndex;
    use crate::index::document::{FileStamp, to_document};
    use crate::index::minhash::{PIECES, SIZE, Signature, piece_range};
    use crate::model::Article;
    use crate::search::{ArchiveSearch, SearchRequest};
    use tantivy::{DocAddress, IndexWriter};

    const SENTENCES: [&str; 4] = [
        "TOKYO, Oct. 30 - The Bank of Japan kept interest rates unchanged on Thursday.",
        "Policymakers waited for more evidence that wage gains were spreading across the economy.",
        "Governor Kazuo Ueda said the board needed more time to judge the impact of tariffs.",
        "The yen weakened after the decision, and markets trimmed bets on a December hike.",
    ];

    /// What [`first_of_each`] answers, by comparing each signature with every one kept.
    fn first_of_each_by_hand(signatures: &[Signature], fold: Fold) -> Vec<usize> {
        let mut kept: Vec<usize> = Vec::new();
        for (i, signature) in signatures.iter().enumerate() {
            let folded = !signature.is_empty()
                && kept.iter().any(|&k| match fold {
                    Fold::Same => signatures[k].has_same_words(signature),
                    Fold::Near => signatures[k].is_copy_of(signature),
                });
            if !folded {
                kept.push(i);
            }
        }
        kept
    }

    #[test]
    fn folding_by_keys_keeps_what_comparing_every_pair_keeps() {
        // Stories, each followed by variants with 0 to 16 of 32 values changed (copies up to
        // 12), some with the same words, some empty.
        let mut state = 7u64;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u32
        };
        let mut signatures = Vec::new();
        for story in 0..60u64 {
            let original = Signature { mins: std::array::from_fn(|_| next()), words: story % 7 + 1 };
            signatures.push(original);
            for changed in [0usize, 3, 8, 11, 12, 13, 16] {
                let mut variant = original;
                for _ in 0..changed {
                    variant.mins[next() as usize % SIZE] = next();
                }
                variant.words = if changed % 2 == 0 { original.words } else { u64::from(next()) | 1 };
                signatures.push(variant);
            }
            // Copies with one whole piece only, each piece in turn: the most values a copy
            // may differ in, one in every other piece.
            if story % 5 == 0 {
                for whole in 0..PIECES {
                    let mut variant = original;
                    for piece in (0..PIECES).filter(|&p| p != whole) {
                        variant.mins[piece_range(piece).start] = next();
                    }
                    variant.words = u64::from(next()) | 1;
                    signatures.push(variant);
                }
            }
            if story % 10 == 0 {
                signatures.push(Signature { mins: [0; SIZE], words: 0 });
            }
        }
        for fold in [Fold::Same, Fold::Near] {
            let kept = first_of_each(signatures.iter().copied(), fold);
            assert_eq!(kept, first_of_each_by_hand(&signatures, fold), "{fold:?}");
            assert!(kept.len() < signatures.len());
        }
    }

    /// A new index in a temporary folder, with a writer of one thread.
    fn empty_archive() -> (tempfile::TempDir, ArchiveIndex, IndexWriter) {
        let dir = tempfile::tempdir().unwrap();
        let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let writer = archive.index.writer_with_num_threads(1, 15_000_000).unwrap();
        (dir, archive, writer)
    }

    /// Story A three times (its sentences rotated), its rewrite B three times (one word
    /// changed, rotated too), and an unrelated story.
    fn archive() -> (tempfile::TempDir, ArchiveIndex) {
        let (dir, archive, mut writer) = empty_archive();
        let fields = archive.fields.clone();
        let add = |source: String, body: String| {
            let article = Article { source, title: "BOJ holds".into(), body, ..Article::default() };
            let stamp = FileStamp { file: &article.source, mtime: 0, size: 0 };
            writer.add_document(to_document(&fields, &article, stamp)).unwrap();
        };
        for k in 0..3 {
            let mut sentences = SENTENCES.to_vec();
            sentences.rotate_left(k);
            add(format!("a{k}.txt"), sentences.join(" ") + &"\n".repeat(k));
            add(format!("b{k}.txt"), sentences.join(" ").replace("kept", "left"));
        }
        add(
            "other.txt".into(),
            "FRANKFURT - The ECB kept rates on hold as Ueda watched inflation ease.".into(),
        );
        writer.commit().unwrap();
        (dir, archive)
    }

    fn paths(search: &ArchiveSearch, limit: usize) -> Vec<(String, usize)> {
        let request = SearchRequest { query: "Ueda".into(), limit, ..SearchRequest::default() };
        let results = search.search(&request).unwrap();
        results.hits.iter().map(|hit| (hit.article.path.clone(), hit.similar)).collect()
    }

    /// Two stories, each with a copy in another segment: every group is named by its smallest
    /// path over all its segments, the names of several groups read in one pass.
    #[test]
    fn a_group_across_segments_is_named_by_its_smallest_path() {
        let (_dir, archive, mut writer) = empty_archive();
        let fields = archive.fields.clone();
        let story = SENTENCES.join(" ");
        let other = "SEOUL - Exporters said the new tariffs would hurt shipments of cars and chips to \
                     the United States next year, and officials said talks would resume in December.";
        for batch in [
            [("seg1/z.txt", story.as_str()), ("seg1/b.txt", other)],
            [("seg0/a.txt", story.as_str()), ("seg2/c.txt", other)],
        ] {
            for (source, body) in batch {
                let article = Article {
                    source: source.into(),
                    title: "Tariffs".into(),
                    body: body.into(),
                    ..Article::default()
                };
                let stamp = FileStamp { file: &article.source, mtime: 0, size: 0 };
                writer.add_document(to_document(&fields, &article, stamp)).unwrap();
            }
            writer.commit().unwrap();
        }
        let search = ArchiveSearch::new(archive).unwrap();
        let request = SearchRequest { query: "tariffs".into(), limit: 10, ..SearchRequest::default() };
        let results = search.search(&request).unwrap();
        let mut named: Vec<(usize, Option<String>)> =
            results.hits.iter().map(|hit| (hit.similar, hit.cluster.clone())).collect();
        named.sort();
        // A page with room for every match shows the copies too, each naming its group.
        let a = (1, Some("seg0/a.txt".to_string()));
        let b = (1, Some("seg1/b.txt".to_string()));
        assert_eq!(named, [a.clone(), a, b.clone(), b]);
    }

    #[test]
    fn reordered_copies_fold_and_a_rewrite_folds_only_when_stories_do_not_fit() {
        let (_dir, archive) = archive();
        let search = ArchiveSearch::new(archive).unwrap();
        // Three texts (A, B, other) among seven matches: on a page of three each has its hit,
        // A and B each with their five copies (rotations and the near copy's).
        let three = paths(&search, 3);
        assert_eq!(three.len(), 3, "{three:?}");
        let a = three.iter().find(|(p, _)| p.starts_with('a')).expect("A is shown");
        let b = three.iter().find(|(p, _)| p.starts_with('b')).expect("B is shown apart");
        assert_eq!((a.1, b.1), (5, 5), "{three:?}");
        assert!(three.iter().any(|(p, _)| p == "other.txt"));
        // A page of two cannot hold the three texts: A and B fold into one hit.
        let two = paths(&search, 2);
        assert_eq!(two.len(), 2, "{two:?}");
        assert_eq!(two.iter().filter(|(p, _)| p != "other.txt").count(), 1, "{two:?}");
        assert!(two.iter().any(|(p, _)| p == "other.txt"), "{two:?}");
    }

    /// More matches than are listed (1,200: 240 stories, each with four copies that change one
    /// word): the copies found by filing every match under its bands are the ones the band
    /// terms find, for hits taken from across the matches (the terms hold buckets of bands,
    /// told apart by reading each candidate's band).
    #[test]
    fn copies_filed_in_memory_are_the_ones_the_band_terms_find() {
        let (_dir, archive, mut writer) = empty_archive();
        let fields = archive.fields.clone();
        for story in 0..240 {
            for copy in 0..5 {
                let words: Vec<String> = (0..30)
                    .map(|w| {
                        if copy > 0 && w == copy * 5 {
                            format!("changed{copy}")
                        } else {
                            format!("s{story}w{w}")
                        }
                    })
                    .collect();
                let article = Article {
                    source: format!("{copy}/{story}.txt"),
                    body: words.join(" "),
                    ..Article::default()
                };
                let stamp = FileStamp { file: &article.source, mtime: 0, size: 0 };
                writer.add_document(to_document(&fields, &article, stamp)).unwrap();
            }
        }
        writer.commit().unwrap();
        let reader = archive.reader().unwrap();
        let searcher = reader.searcher();
        let matches = searcher.search(&tantivy::query::AllQuery, &Matches).unwrap();
        assert!(matches.listed().is_none() && matches.len() == 1200);
        let hits: Vec<DocAddress> = (0..1200).step_by(7).map(|doc| DocAddress::new(0, doc)).collect();

        let finder = CopyFinder::new(&archive, &searcher).unwrap();
        // A band read alone is the signature's band.
        for doc in (0..1200).step_by(11) {
            let address = DocAddress::new(0, doc);
            let bands = finder.read_signature(address).bands();
            for (number, band) in bands.iter().enumerate() {
                assert_eq!(finder.band_in_row_order(address, number), Some(*band), "doc {doc} band {number}");
            }
        }
        let by_terms = finder.copies_of_each(&matches, &hits).unwrap();
        let filed = CopyFinder::new(&archive, &searcher).unwrap();
        filed.index_matches(&matches);
        assert!(filed.bands_of_matches.get().is_some());
        assert_eq!(filed.copies_of_each(&matches, &hits).unwrap(), by_terms);
        assert!(by_terms.iter().filter(|c| c.similar >= 3).count() > hits.len() / 2, "{by_terms:?}");
    }
}
