//! gzip input (`.gz`, or gzip magic) through `parse_bytes`: decompression errors and bombs are
//! reasons, never panics. The input is used as is and also behind a valid gzip header.
#![no_main]

use std::path::Path;

use dateline::ingest::parse_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes(data, Path::new("fuzz.txt.gz"), "fuzz.txt.gz");
    let mut framed = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];
    framed.extend_from_slice(data);
    let _ = parse_bytes(&framed, Path::new("fuzz.warc.gz"), "fuzz.warc.gz");
});
