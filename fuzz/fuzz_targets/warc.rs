//! `formats::warc::read` on any bytes (a WARC stream already decompressed): never a panic, and
//! never more memory than the 64 MiB record limit whatever the lengths claim.
#![no_main]

use dateline::ingest::formats::warc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = warc::read(data, "fuzz.warc");
});
