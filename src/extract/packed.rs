//! The compiled form of the gazetteer and the name tables: written once at build time, read in
//! place at run time.
//!
//! Decoding `data/gazetteer.tsv.gz` at every start (inflating 2.4 MB of text, splitting 100,000
//! lines, allocating and hashing 130,000 keys) was most of the cost of `Extractor::new`. So
//! `build.rs` compiles it into one flat byte image ([`compile_gazetteer`]), embedded in the
//! binary: places as fixed-size records, names and keys as string blobs, and the name lookups as
//! open-addressing hash tables whose slots are computed at build time ([`write_phrases`]). At run
//! time nothing is parsed or hashed in advance; a lookup hashes the key and probes the slots in
//! the embedded bytes ([`Index::get`]).
//!
//! The same tables hold the small hand-written lists, built at start from their text
//! ([`write_phrases`] on a few hundred keys), so there is one lookup path.
//!
//! This file is compiled twice: into the library and into the build script (`#[path]` in
//! `build.rs`), so it uses `std` alone and knows nothing of the crate's types. Numbers are
//! little-endian `u32` unless said otherwise. A malformed image is an error, never a panic or an
//! endless probe.

use std::borrow::Cow;

/// The first bytes of a compiled gazetteer; the last byte is the format's version.
pub const GAZETTEER_MAGIC: &[u8; 8] = b"DLGAZ\0\0\x01";

/// Size of one place record: name offset and length, kind, region, country, population (u64).
pub const PLACE_RECORD: usize = 4 + 4 + 1 + 4 + 4 + 8;

/// Place kinds as stored in a record.
pub const KIND_COUNTRY: u8 = 0;
/// A first-level region.
pub const KIND_REGION: u8 = 1;
/// A city or town.
pub const KIND_CITY: u8 = 2;

/// "No place" in region and country fields (as `gazetteer::NO_PLACE`).
pub const NONE: u32 = u32::MAX;

/// Name flag bits as the text format spells them: `w` weak, `q` qualifier only, `x` qualified
/// only.
pub const FLAG_WEAK: u8 = 1;
/// See [`FLAG_WEAK`].
pub const FLAG_QUALIFIER: u8 = 2;
/// See [`FLAG_WEAK`].
pub const FLAG_QUALIFIED: u8 = 4;

/// FxHash's multiplier (the hash used inside rustc).
const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// FxHash's step: one rotate, xor and multiply per word. Also the step of the library's
/// `FxHasher` (`extract/hash.rs`), so there is one definition of it.
#[inline]
pub fn fx_step(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(FX_SEED)
}

/// The hash both the build script and the library compute: FxHash's step over eight-byte words,
/// seeded with the length. Deterministic on every platform (explicit little-endian reads).
#[inline]
pub fn hash(key: &[u8]) -> u64 {
    let step = fx_step;
    let mut h = step(0, key.len() as u64);
    let (words, rest) = key.as_chunks::<8>();
    for w in words {
        h = step(h, u64::from_le_bytes(*w));
    }
    if !rest.is_empty() {
        // The last bytes as a zero-padded little-endian word, without a variable-length copy
        // (which compiles to a call to memcpy on every lookup).
        let (lo, tail) = match rest.split_first_chunk::<4>() {
            Some((four, tail)) => (u64::from(u32::from_le_bytes(*four)), tail),
            None => (0, rest),
        };
        let shift = 8 * (rest.len() - tail.len()) as u32;
        let hi = tail.iter().rev().fold(0u64, |w, &b| (w << 8) | u64::from(b));
        h = step(h, lo | (hi << shift));
    }
    // FxHash leaves its entropy in the high bits; fold some down for the tag.
    h ^ (h >> 32)
}

#[inline]
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn push_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn to_u32(n: usize, what: &str) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| format!("{what}: {n} does not fit in 32 bits"))
}

/// Writes a hash index over distinct `keys` (key `i` is found as `i`):
/// `n`, `bits`, key offsets (`n + 1`), slots (`2 << bits` words: key number + 1 or 0 for
/// empty, then a tag of the hash), the key bytes.
pub fn write_index(keys: &[&[u8]], out: &mut Vec<u8>) -> Result<(), String> {
    let n = keys.len();
    // At most half full, so probes stay short and every probe sequence meets an empty slot.
    let mut bits = 1u32;
    while (1usize << bits) < n.saturating_mul(2) {
        bits += 1;
    }
    let cap = 1usize << bits;
    let mut slots = vec![(0u32, 0u32); cap];
    for (i, key) in keys.iter().enumerate() {
        let h = hash(key);
        let mut s = (h >> (64 - bits)) as usize;
        while slots[s].0 != 0 {
            s = (s + 1) & (cap - 1);
        }
        slots[s] = (to_u32(i + 1, "keys")?, h as u32);
    }
    push_u32(out, to_u32(n, "keys")?);
    push_u32(out, bits);
    let mut off = 0usize;
    push_u32(out, 0);
    for key in keys {
        off += key.len();
        push_u32(out, to_u32(off, "key bytes")?);
    }
    for (k, t) in slots {
        push_u32(out, k);
        push_u32(out, t);
    }
    for key in keys {
        out.extend_from_slice(key);
    }
    Ok(())
}

/// A hash index written by [`write_index`], read in place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Index {
    n: usize,
    bits: u32,
    offs: usize,
    slots: usize,
    strings: usize,
}

impl Index {
    /// Reads the index at `at` in `b`; returns it and the offset just after it.
    pub fn read(b: &[u8], at: usize) -> Result<(Index, usize), String> {
        let bad = || "hash index truncated".to_string();
        let n = u32_at(b, at).ok_or_else(bad)? as usize;
        let bits = u32_at(b, at + 4).ok_or_else(bad)?;
        if !(1..=31).contains(&bits) || (1usize << bits) < n.saturating_mul(2) {
            return Err(format!("hash index of {n} keys with {bits} bits"));
        }
        let offs = at + 8;
        let slots = offs + 4 * (n + 1);
        let strings = slots + 8 * (1usize << bits);
        let len = u32_at(b, slots - 4).ok_or_else(bad)? as usize;
        let end = strings.checked_add(len).filter(|&e| e <= b.len()).ok_or_else(bad)?;
        Ok((Index { n, bits, offs, slots, strings }, end))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Key number `i` (empty when out of range or malformed).
    #[cfg(test)]
    pub fn key<'b>(&self, b: &'b [u8], i: usize) -> &'b [u8] {
        let (Some(s), Some(e)) = (u32_at(b, self.offs + 4 * i), u32_at(b, self.offs + 4 * i + 4)) else {
            return &[];
        };
        b.get(self.strings + s as usize..self.strings + e as usize).unwrap_or(&[])
    }

    /// The number of `key` in the index over bytes `b`.
    #[inline]
    pub fn get(&self, b: &[u8], key: &[u8]) -> Option<usize> {
        // The sections are sliced once, so each probe costs one bounds check per read.
        let slots = b.get(self.slots..self.strings)?;
        let offs = b.get(self.offs..self.slots)?;
        let strings = b.get(self.strings..)?;
        let h = hash(key);
        let mask = (1usize << self.bits) - 1;
        let mut s = (h >> (64 - self.bits)) as usize;
        for _ in 0..=mask {
            // Fixed-size reads: one bounds check each.
            let slot = slots.get(8 * s..)?.first_chunk::<8>()?;
            let k = u32::from_le_bytes([slot[0], slot[1], slot[2], slot[3]]) as usize;
            if k == 0 {
                return None;
            }
            if u32::from_le_bytes([slot[4], slot[5], slot[6], slot[7]]) == h as u32 {
                let o = offs.get(4 * (k - 1)..)?.first_chunk::<8>()?;
                let start = u32::from_le_bytes([o[0], o[1], o[2], o[3]]) as usize;
                let end = u32::from_le_bytes([o[4], o[5], o[6], o[7]]) as usize;
                if end.wrapping_sub(start) == key.len() && strings.get(start..end) == Some(key) {
                    return Some(k - 1);
                }
            }
            s = (s + 1) & mask;
        }
        None
    }
}

/// A set of keys: an index written by [`write_index`] alone, owned or embedded.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    bytes: Cow<'static, [u8]>,
    index: Index,
}

impl KeySet {
    /// Reads a set written by [`write_index`] at the start of `bytes`.
    pub fn read(bytes: Cow<'static, [u8]>) -> Result<KeySet, String> {
        let (index, _) = Index::read(&bytes, 0)?;
        Ok(KeySet { bytes, index })
    }

    /// Number of keys.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether `key` is in the set.
    #[inline]
    pub fn contains(&self, key: &str) -> bool {
        self.index.get(&self.bytes, key.as_bytes()).is_some()
    }
}

/// Compiles a list of plain ASCII words (`data/first_names.txt`: one a line, `#` comments) into
/// a [`KeySet`] of their keys, which for such words are their lowercase forms (the unit tests
/// check that this is what the tokeniser's `phrase_key` makes of every line). Any other line is
/// an error naming it, so a list that needs the tokeniser is noticed at build time.
#[allow(dead_code)] // Run by build.rs (and the tests); the library only reads images.
pub fn compile_word_list(text: &str) -> Result<Vec<u8>, String> {
    let mut seen = std::collections::HashSet::new();
    let mut keys: Vec<String> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(format!("line {}: {line:?} is not a plain ASCII word", n + 1));
        }
        let key = line.to_ascii_lowercase();
        if seen.insert(key.clone()) {
            keys.push(key);
        }
    }
    let refs: Vec<&[u8]> = keys.iter().map(String::as_bytes).collect();
    let mut out = Vec::new();
    write_index(&refs, &mut out)?;
    Ok(out)
}

/// Writes the tables of a phrase map over distinct, non-empty `keys` (words joined by single
/// spaces): the key index, the index of first words, each first word's longest phrase in words
/// (one byte each) and the longest phrase overall (`u32`).
pub fn write_phrases(keys: &[&str], out: &mut Vec<u8>) -> Result<(), String> {
    let mut heads: Vec<&str> = Vec::new();
    let mut head_max: Vec<u8> = Vec::new();
    let mut head_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut max_words = 0usize;
    for key in keys {
        let words = key.split(' ').count().min(u8::MAX as usize);
        let head = key.split(' ').next().unwrap_or(key);
        let h = *head_of.entry(head).or_insert_with(|| {
            heads.push(head);
            head_max.push(0);
            heads.len() - 1
        });
        head_max[h] = head_max[h].max(words as u8);
        max_words = max_words.max(words);
    }
    let key_bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
    write_index(&key_bytes, out)?;
    let head_bytes: Vec<&[u8]> = heads.iter().map(|k| k.as_bytes()).collect();
    write_index(&head_bytes, out)?;
    out.extend_from_slice(&head_max);
    push_u32(out, to_u32(max_words, "words")?);
    Ok(())
}

/// The tables of a phrase map, in bytes owned or embedded.
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    bytes: Cow<'static, [u8]>,
    keys: Index,
    heads: Index,
    head_max: usize,
    max_words: usize,
}

impl Phrases {
    /// Reads tables written by [`write_phrases`] at `at` in `bytes`; returns them and the offset
    /// just after them.
    pub fn read(bytes: Cow<'static, [u8]>, at: usize) -> Result<(Phrases, usize), String> {
        let (keys, after) = Index::read(&bytes, at)?;
        let (heads, after) = Index::read(&bytes, after)?;
        let head_max = after;
        let max_words = u32_at(&bytes, head_max + heads.len()).ok_or("phrase tables truncated")? as usize;
        let end = head_max + heads.len() + 4;
        Ok((Phrases { bytes, keys, heads, head_max, max_words }, end))
    }

    /// Tables over `keys`, built now (the short hand-written lists).
    pub fn build(keys: &[&str]) -> Result<Phrases, String> {
        let mut out = Vec::new();
        write_phrases(keys, &mut out)?;
        Ok(Phrases::read(Cow::Owned(out), 0)?.0)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Key number `i`.
    #[cfg(test)]
    pub fn key(&self, i: usize) -> &[u8] {
        self.keys.key(&self.bytes, i)
    }

    /// The number of an exact key.
    #[inline]
    pub fn get(&self, key: &str) -> Option<usize> {
        self.keys.get(&self.bytes, key.as_bytes())
    }

    /// The longest phrase (in words) starting with word `head`, or `None` when no key does.
    #[inline]
    pub fn head_words(&self, head: &str) -> Option<usize> {
        let h = self.heads.get(&self.bytes, head.as_bytes())?;
        self.bytes.get(self.head_max + h).map(|&w| w as usize)
    }

    /// The longest phrase overall, in words.
    #[inline]
    pub fn max_words(&self) -> usize {
        self.max_words
    }
}

/// The first bytes of compiled word clusters; the last byte is the format's version.
pub const CLUSTERS_MAGIC: &[u8; 8] = b"DLCLU\0\0\x01";

/// The longest cluster path a code holds, in bits.
pub const CLUSTER_BITS: usize = 15;

/// The code of a cluster path ("0110"): the path's bits under a leading 1, so that a path and
/// its prefixes are distinct numbers and 0 means "no cluster". The root path ("-" in the text
/// format: a word never split off) is 1.
pub fn cluster_code(path: &str) -> Result<u16, String> {
    if path == "-" {
        return Ok(1);
    }
    if path.is_empty() || path.len() > CLUSTER_BITS || !path.bytes().all(|b| b == b'0' || b == b'1') {
        return Err(format!("bad cluster path {path:?}"));
    }
    Ok(path.bytes().fold(1u16, |code, b| code << 1 | u16::from(b - b'0')))
}

/// Compiles the text format of `data/word_clusters.tsv` (`key TAB path` lines, `#` comments;
/// see `tools/build_clusters.py`) into the image [`Clusters::read`] reads: magic, the index
/// over the keys, then each key's [`cluster_code`] as a little-endian `u16`. A key given twice
/// is an error (the tool writes each once).
#[allow(dead_code)] // Run by build.rs (and the tests); the library only reads images.
pub fn compile_clusters(text: &str) -> Result<Vec<u8>, String> {
    let mut keys: Vec<&[u8]> = Vec::new();
    let mut codes: Vec<u16> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, path) = line.split_once('\t').ok_or_else(|| format!("line {}: no tab", n + 1))?;
        if key.is_empty() || !seen.insert(key) {
            return Err(format!("line {}: empty or repeated key {key:?}", n + 1));
        }
        keys.push(key.as_bytes());
        codes.push(cluster_code(path).map_err(|e| format!("line {}: {e}", n + 1))?);
    }
    let mut out = Vec::with_capacity(16 * keys.len());
    out.extend_from_slice(CLUSTERS_MAGIC);
    write_index(&keys, &mut out)?;
    for c in codes {
        out.extend_from_slice(&c.to_le_bytes());
    }
    Ok(out)
}

/// Word clusters compiled by [`compile_clusters`], read in place.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    bytes: Cow<'static, [u8]>,
    index: Index,
    codes: usize,
}

impl Clusters {
    /// Reads an image written by [`compile_clusters`].
    pub fn read(bytes: Cow<'static, [u8]>) -> Result<Clusters, String> {
        if bytes.get(..8) != Some(&CLUSTERS_MAGIC[..]) {
            return Err("not compiled word clusters of this version".into());
        }
        let (index, codes) = Index::read(&bytes, 8)?;
        if codes + 2 * index.len() != bytes.len() {
            return Err("compiled word clusters truncated".into());
        }
        Ok(Clusters { bytes, index, codes })
    }

    /// Number of words.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// The [`cluster_code`] of `key`, or 0 when the word has none.
    #[inline]
    pub fn get(&self, key: &[u8]) -> u16 {
        self.index
            .get(&self.bytes, key)
            .and_then(|i| self.bytes.get(self.codes + 2 * i..)?.first_chunk::<2>().copied())
            .map_or(0, u16::from_le_bytes)
    }
}

/// One name line of the text format, as compiled.
#[allow(dead_code)] // Compiled by build.rs (and the tests); the library only reads images.
struct NameLine<'a> {
    key: &'a str,
    flags: u8,
    cands: Vec<u32>,
}

/// Compiles the text format of `data/gazetteer.tsv` (see `tools/build_gazetteer.py`) into the
/// image [`GazetteerImage::read`] reads:
/// magic; places (count, then fixed records); the place-name blob (length, bytes); candidates
/// (count, numbers); names (count, one flag byte each, then `count + 1` candidate offsets); the
/// phrase tables of the name keys (key `i` is name `i`).
/// A key given twice keeps its first line, an empty key is dropped (as a map insert would).
#[allow(dead_code)] // Run by build.rs (and the tests); the library only reads images.
pub fn compile_gazetteer(text: &str) -> Result<Vec<u8>, String> {
    let reference = |s: &str| -> Result<u32, String> {
        if s == "-" { Ok(NONE) } else { s.parse().map_err(|_| format!("bad place number {s:?}")) }
    };
    let mut records: Vec<(u32, u32, u8, u32, u32, u64)> = Vec::new();
    let mut blob = String::new();
    let mut names: Vec<NameLine<'_>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut f = line.split('\t');
        match f.next() {
            Some("P") => {
                let kind = match f.next() {
                    Some("C") => KIND_COUNTRY,
                    Some("R") => KIND_REGION,
                    Some("T") => KIND_CITY,
                    other => return Err(format!("bad place kind {other:?}")),
                };
                let name = f.next().ok_or("place without name")?;
                let region = reference(f.next().ok_or("place without region")?)?;
                let country = reference(f.next().ok_or("place without country")?)?;
                let population = f.next().and_then(|p| p.parse().ok()).unwrap_or(0);
                let off = to_u32(blob.len(), "place names")?;
                blob.push_str(name);
                records.push((off, to_u32(name.len(), "place name")?, kind, region, country, population));
            }
            Some("A") => {
                let key = f.next().ok_or("name without key")?;
                let flag_text = f.next().ok_or("name without flags")?;
                let ids = f.next().ok_or("name without places")?;
                let mut flags = 0;
                if flag_text.contains('w') {
                    flags |= FLAG_WEAK;
                }
                if flag_text.contains('q') {
                    flags |= FLAG_QUALIFIER;
                }
                if flag_text.contains('x') {
                    flags |= FLAG_QUALIFIED;
                }
                let cands = ids.split(',').map(reference).collect::<Result<Vec<u32>, String>>()?;
                if !key.is_empty() && seen.insert(key) {
                    names.push(NameLine { key, flags, cands });
                }
            }
            other => return Err(format!("bad line type {other:?}")),
        }
    }
    let n = to_u32(records.len(), "places")?;
    let out_of_range = |r: u32| r != NONE && r >= n;
    if names.iter().any(|l| l.cands.iter().any(|&c| c >= n))
        || records.iter().any(|r| out_of_range(r.3) || out_of_range(r.4))
    {
        return Err("place number out of range".into());
    }

    let mut out = Vec::with_capacity(4 << 20);
    out.extend_from_slice(GAZETTEER_MAGIC);
    push_u32(&mut out, n);
    for &(off, len, kind, region, country, population) in &records {
        push_u32(&mut out, off);
        push_u32(&mut out, len);
        out.push(kind);
        push_u32(&mut out, region);
        push_u32(&mut out, country);
        out.extend_from_slice(&population.to_le_bytes());
    }
    push_u32(&mut out, to_u32(blob.len(), "place names")?);
    out.extend_from_slice(blob.as_bytes());
    let total: usize = names.iter().map(|l| l.cands.len()).sum();
    push_u32(&mut out, to_u32(total, "candidates")?);
    for l in &names {
        for &c in &l.cands {
            push_u32(&mut out, c);
        }
    }
    push_u32(&mut out, to_u32(names.len(), "names")?);
    out.extend(names.iter().map(|l| l.flags));
    let mut start = 0usize;
    push_u32(&mut out, 0);
    for l in &names {
        start += l.cands.len();
        push_u32(&mut out, to_u32(start, "candidates")?);
    }
    let keys: Vec<&str> = names.iter().map(|l| l.key).collect();
    write_phrases(&keys, &mut out)?;
    Ok(out)
}

/// One place record of a compiled gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceRecord<'a> {
    /// Canonical name.
    pub name: &'a str,
    /// [`KIND_COUNTRY`], [`KIND_REGION`] or [`KIND_CITY`].
    pub kind: u8,
    /// Containing region or [`NONE`].
    pub region: u32,
    /// Containing country or [`NONE`].
    pub country: u32,
    /// People living there.
    pub population: u64,
}

/// A compiled gazetteer's sections, located (not copied) in its bytes.
#[derive(Debug)]
pub struct GazetteerImage<'a> {
    bytes: &'a [u8],
    places_at: usize,
    n_places: usize,
    names_blob: &'a str,
    cands: usize,
    n_cands: usize,
    flags: usize,
    starts: usize,
    n_names: usize,
    /// Where the phrase tables of the name keys start.
    pub phrases_at: usize,
}

impl<'a> GazetteerImage<'a> {
    /// Locates the sections of an image written by [`compile_gazetteer`].
    pub fn read(bytes: &'a [u8]) -> Result<GazetteerImage<'a>, String> {
        let bad = || "compiled gazetteer truncated".to_string();
        if bytes.get(..8) != Some(&GAZETTEER_MAGIC[..]) {
            return Err("not a compiled gazetteer of this version".into());
        }
        let n_places = u32_at(bytes, 8).ok_or_else(bad)? as usize;
        let places_at = 12;
        let blob_at = places_at + n_places * PLACE_RECORD;
        let blob_len = u32_at(bytes, blob_at).ok_or_else(bad)? as usize;
        let blob = bytes.get(blob_at + 4..blob_at + 4 + blob_len).ok_or_else(bad)?;
        let names_blob = std::str::from_utf8(blob).map_err(|e| format!("place names: {e}"))?;
        let cands_at = blob_at + 4 + blob_len;
        let n_cands = u32_at(bytes, cands_at).ok_or_else(bad)? as usize;
        let names_at = cands_at + 4 + 4 * n_cands;
        let n_names = u32_at(bytes, names_at).ok_or_else(bad)? as usize;
        let flags = names_at + 4;
        let starts = flags + n_names;
        let phrases_at = starts + 4 * (n_names + 1);
        if phrases_at > bytes.len() {
            return Err(bad());
        }
        Ok(GazetteerImage {
            bytes,
            places_at,
            n_places,
            names_blob,
            cands: cands_at + 4,
            n_cands,
            flags,
            starts,
            n_names,
            phrases_at,
        })
    }

    /// Number of places.
    pub fn places(&self) -> usize {
        self.n_places
    }

    /// Place `i`.
    pub fn place(&self, i: usize) -> Result<PlaceRecord<'a>, String> {
        let at = self.places_at + i * PLACE_RECORD;
        let b = self.bytes;
        let bad = || format!("place record {i} truncated");
        let off = u32_at(b, at).ok_or_else(bad)? as usize;
        let len = u32_at(b, at + 4).ok_or_else(bad)? as usize;
        let name = self.names_blob.get(off..off + len).ok_or_else(|| format!("place {i}: bad name range"))?;
        let kind = *b.get(at + 8).ok_or_else(bad)?;
        let region = u32_at(b, at + 9).ok_or_else(bad)?;
        let country = u32_at(b, at + 13).ok_or_else(bad)?;
        let pop = b.get(at + 17..at + 25).ok_or_else(bad)?;
        let mut w = [0u8; 8];
        w.copy_from_slice(pop);
        Ok(PlaceRecord { name, kind, region, country, population: u64::from_le_bytes(w) })
    }

    /// Every candidate list, back to back.
    pub fn candidates(&self) -> Result<Vec<u32>, String> {
        let bytes =
            self.bytes.get(self.cands..self.cands + 4 * self.n_cands).ok_or("candidates truncated")?;
        Ok(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    /// Number of names.
    pub fn names(&self) -> usize {
        self.n_names
    }

    /// Name `i`: its flags and the range of its candidates.
    pub fn name(&self, i: usize) -> Result<(u8, u32, u32), String> {
        let bad = || format!("name {i} truncated");
        let flags = *self.bytes.get(self.flags + i).ok_or_else(bad)?;
        let start = u32_at(self.bytes, self.starts + 4 * i).ok_or_else(bad)?;
        let end = u32_at(self.bytes, self.starts + 4 * i + 4).ok_or_else(bad)?;
        if start > end || end as usize > self.n_cands {
            return Err(format!("name {i}: bad candidate range"));
        }
        Ok((flags, start, end - start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_finds_every_key_and_nothing_else() {
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        let keys: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        let mut out = vec![7u8; 3];
        write_index(&keys, &mut out).unwrap();
        let (idx, end) = Index::read(&out, 3).unwrap();
        assert_eq!(end, out.len());
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(idx.get(&out, k), Some(i));
        }
        assert_eq!(idx.get(&out, b"w1000"), None);
        assert_eq!(idx.get(&out, b""), None);
    }

    #[test]
    fn hash_reads_every_byte_and_the_length() {
        let keys: [&[u8]; 6] = [b"", b"a", b"a\0", b"abcdefgh", b"abcdefgi", b"abcdefghi"];
        let hashes: std::collections::HashSet<u64> = keys.iter().map(|k| hash(k)).collect();
        assert_eq!(hashes.len(), keys.len());
    }

    #[test]
    fn phrases_know_their_heads() {
        let p = Phrases::build(&["south", "south korea", "bank of japan"]).unwrap();
        assert_eq!(p.get("south korea"), Some(1));
        assert_eq!(p.head_words("south"), Some(2));
        assert_eq!(p.head_words("bank"), Some(3));
        assert_eq!(p.head_words("korea"), None);
        assert_eq!(p.max_words(), 3);
        let empty = Phrases::build(&[]).unwrap();
        assert_eq!((empty.get("x"), empty.head_words("x"), empty.max_words()), (None, None, 0));
    }

    #[test]
    fn clusters_read_back_their_codes() {
        let text = "# comment\nBush\t0100\nMonday\t-\nbank\t111000111000111\n";
        let image = compile_clusters(text).unwrap();
        let c = Clusters::read(Cow::Owned(image.clone())).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.get(b"Bush"), 0b1_0100);
        assert_eq!(c.get(b"Monday"), 1);
        assert_eq!(c.get(b"bank"), 0b1111_0001_1100_0111);
        assert_eq!(c.get(b"bush"), 0, "keys keep their case");
        assert!(Clusters::read(Cow::Owned(image[..image.len() - 1].to_vec())).is_err());
        assert!(compile_clusters("a\t0\na\t1\n").is_err(), "repeated key");
        assert!(compile_clusters("a\t0120\n").is_err(), "not a path");
        assert!(compile_clusters("a\t0000000000000000\n").is_err(), "path too long");
    }

    #[test]
    fn truncated_images_are_errors() {
        let text = "P\tC\tKorea\t-\t0\t10\nP\tT\tBusan\t-\t0\t5\nA\tbusan\t-\t1\nA\tkorea\tw\t0,1\n";
        let image = compile_gazetteer(text).unwrap();
        let g = GazetteerImage::read(&image).unwrap();
        assert_eq!(g.place(1).unwrap().name, "Busan");
        assert_eq!(g.name(1).unwrap(), (FLAG_WEAK, 1, 2));
        for cut in [0, 5, 20, image.len() / 2, image.len() - 1] {
            let part = &image[..cut];
            let ok = GazetteerImage::read(part)
                .and_then(|g| Phrases::read(Cow::Owned(part.to_vec()), g.phrases_at).map(|_| ()));
            assert!(ok.is_err(), "cut at {cut}");
        }
        assert!(compile_gazetteer("P\tT\tX\t-\t5\t1\n").is_err(), "country out of range");
        assert!(compile_gazetteer("Q\tx\n").is_err());
    }
}
