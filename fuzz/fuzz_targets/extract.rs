//! Extraction on any article text: the dateline parser (place, day, "Month D" dates), the date in
//! the path, places, people, organisations and aliases. The first line is the path.
#![no_main]

use dateline::Article;
use dateline::extract::Extractor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (source, body) = text.split_once('\n').unwrap_or(("fuzz.txt", &text));
    let mut article = Article {
        source: source.to_string(),
        title: "Fuzz".into(),
        body: body.to_string(),
        ..Article::default()
    };
    Extractor::global().enrich(&mut article);
});
