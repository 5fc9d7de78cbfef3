//! `formats::html::parse` on any text: it returns articles or a reason, never panics.
#![no_main]

use dateline::ingest::formats::html;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = html::parse(&text, "fuzz");
});
