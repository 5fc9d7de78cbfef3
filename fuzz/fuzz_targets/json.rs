//! `formats::json::parse` and `parse_lines` on any text: articles or a reason, never a panic.
#![no_main]

use dateline::ingest::formats::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = json::parse(&text, "fuzz.json");
    let _ = json::parse_lines(&text, "fuzz.jsonl");
});
