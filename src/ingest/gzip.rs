//! gzip: files compressed as `.gz` (one member or many, as Common Crawl writes them) are read
//! transparently, their format detected under the name without `.gz`.
//!
//! The decompressed size is held to [`MAX_FILE_SIZE`](super::MAX_FILE_SIZE) like any file, so a
//! small file that inflates to gigabytes (a gzip bomb) is refused after reading at most the
//! limit, never held in memory whole.

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
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes).take(limit + 1).read_to_end(&mut out).map_err(|e| gzip_reason(&e))?;
    if out.len() as u64 > limit {
        return Err(TOO_LARGE_DECOMPRESSED.to_string());
    }
    Ok(out)
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
    fn names() {
        assert_eq!(strip_gz(Path::new("a/b.txt.GZ")), Some(PathBuf::from("a/b.txt")));
        assert_eq!(strip_gz(Path::new("b.gz")), Some(PathBuf::from("b")));
        assert_eq!(strip_gz(Path::new("b.txt")), None);
    }
}
