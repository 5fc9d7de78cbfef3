//! gzip: files compressed as `.gz` (one member or many, as Common Crawl writes them) are read
//! transparently, their format detected under the name without `.gz`.
//!
//! The decompressed size is held to [`MAX_FILE_SIZE`](super::MAX_FILE_SIZE) like any file, so a
//! small file that inflates to gigabytes (a gzip bomb) is refused after reading at most the
//! limit, never held in memory whole. [`read_capped`] is the one way ingest reads a stream into
//! memory: its buffer never grows past the limit (a plain `read_to_end` doubles its buffer, so
//! reading 64 MiB and one byte would reserve 128 MiB).

use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

/// The two bytes every gzip member starts with.
const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The reason given when the decompressed data is over the limit.
pub const TOO_LARGE_DECOMPRESSED: &str = "decompresses to more than 64 MiB, the most dateline reads from one \
     file (a gzip bomb, or an archive to split into smaller files)";

/// Whether the bytes start like gzip data.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// The path without its `.gz` extension (`a.txt.gz` -> `a.txt`), when it has one.
pub fn strip_gz(path: &Path) -> Option<PathBuf> {
    let ext = path.extension()?.to_str()?;
    ext.eq_ignore_ascii_case("gz").then(|| path.with_extension(""))
}

/// Decompresses every member of `bytes`, refusing more than `limit` bytes of output.
/// The error is the reason to report.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let out = read_capped(MultiGzDecoder::new(bytes), limit, 0).map_err(|e| gzip_reason(&e))?;
    if out.len() as u64 > limit {
        return Err(TOO_LARGE_DECOMPRESSED.to_string());
    }
    Ok(out)
}

/// Reads `reader` to its end or to `limit + 1` bytes, whichever comes first, reserving `hint`
/// bytes up front; the caller tells "over the limit" by the length. The buffer's capacity never
/// exceeds `limit + 1`, so memory is bounded by the limit, not by the input.
pub fn read_capped(reader: impl Read, limit: u64, hint: u64) -> std::io::Result<Vec<u8>> {
    let cap = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let mut out = Vec::with_capacity(usize::try_from(hint).unwrap_or(cap).min(cap));
    let mut reader = reader.take(cap as u64);
    // The bytes announced (a file's size) go straight into `out`: a zeroed chunk buffer per
    // file cost more than the read itself for short articles.
    let reserved = out.capacity() as u64;
    if reserved > 0 {
        (&mut reader).take(reserved).read_to_end(&mut out)?;
        let mut probe = [0u8; 64];
        let n = loop {
            match reader.read(&mut probe) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            return Ok(out);
        }
        // More than announced (the file grew): go on in chunks, as for a stream.
        let grow = out.capacity().max(n).min(cap - out.len());
        out.reserve_exact(grow);
        out.extend_from_slice(&probe[..n]);
    }
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if out.len() + n > out.capacity() {
            let grow = out.capacity().max(n).min(cap - out.len());
            out.reserve_exact(grow);
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

/// A gzip read error in words.
pub fn gzip_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => "truncated: the gzip data ends early".to_string(),
        _ => format!("corrupt gzip data: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    pub(crate) fn gz(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn members_are_concatenated() {
        let mut bytes = gz(b"one ");
        bytes.extend(gz(b"two"));
        assert!(is_gzip(&bytes));
        assert_eq!(gunzip(&bytes, 100).unwrap(), b"one two");
    }

    #[test]
    fn bombs_and_truncation_are_refused() {
        let zeros = gz(&vec![0u8; 10_000]);
        assert_eq!(gunzip(&zeros, 9_999).unwrap_err(), TOO_LARGE_DECOMPRESSED);
        assert_eq!(gunzip(&zeros, 10_000).unwrap().len(), 10_000);
        let cut = &zeros[..zeros.len() / 2];
        assert!(gunzip(cut, 100_000).unwrap_err().starts_with("truncated"));
        assert!(gunzip(b"\x1f\x8bnot really", 100).unwrap_err().starts_with("corrupt gzip data"));
    }

    #[test]
    fn capped_reads_never_reserve_past_the_limit() {
        let data = vec![7u8; 300_000];
        let out = read_capped(data.as_slice(), 200_000, 0).unwrap();
        assert_eq!(out.len(), 200_001, "one byte over tells the caller it is too large");
        assert!(out.capacity() <= 200_001, "capacity {}", out.capacity());
        let out = read_capped(data.as_slice(), 1_000_000, 300_000).unwrap();
        assert_eq!((out.len(), out.capacity()), (300_000, 300_000));
        // More than announced (a file that grew while it was read): all of it, still capped.
        let out = read_capped(data.as_slice(), 1_000_000, 100_000).unwrap();
        assert_eq!(out, data);
        assert!(out.capacity() <= 1_000_001, "capacity {}", out.capacity());
        let out = read_capped(data.as_slice(), 150_000, 100_000).unwrap();
        assert_eq!(out.len(), 150_001);
        assert!(out.capacity() <= 150_001, "capacity {}", out.capacity());
        assert!(read_capped(&b""[..], 10, 0).unwrap().is_empty());
        // A bomb: 64 MiB of zeros from 64 KiB of gzip is refused with at most the limit held.
        let bomb = gz(&vec![0u8; 8 * 1024 * 1024]);
        let out = read_capped(MultiGzDecoder::new(bomb.as_slice()), 1_000_000, 0).unwrap();
        assert_eq!(out.len(), 1_000_001);
        assert!(out.capacity() <= 1_000_001);
    }

    #[test]
    fn names() {
        assert_eq!(strip_gz(Path::new("a/b.txt.GZ")), Some(PathBuf::from("a/b.txt")));
        assert_eq!(strip_gz(Path::new("b.gz")), Some(PathBuf::from("b")));
        assert_eq!(strip_gz(Path::new("b.txt")), None);
    }
}
