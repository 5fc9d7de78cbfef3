//! Any bytes under every extension through `parse_bytes`: format detection, charset decoding and
//! dispatch to each parser. Articles that come out have a title and a body.
#![no_main]

use std::path::Path;

use dateline::ingest::parse_bytes;
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "f", "f.txt", "f.md", "f.json", "f.jsonl", "f.html", "f.xml", "f.nitf", "f.newsml", "f.rss", "f.feed",
    "f.warc", "f.sgm",
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks the name, so one input explores one dispatch path at a time.
    let Some((&pick, rest)) = data.split_first() else { return };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Ok(articles) = parse_bytes(rest, Path::new(name), name) {
        for article in articles {
            assert!(!article.title.is_empty() && !article.body.is_empty(), "{name}: empty title or body");
        }
    }
});
