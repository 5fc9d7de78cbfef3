//! `formats::newsml::parse` on any text: it returns articles or a reason, never panics.
#![no_main]

use dateline::ingest::formats::newsml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = newsml::parse(&text, "fuzz");
});
