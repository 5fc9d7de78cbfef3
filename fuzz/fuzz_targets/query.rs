//! The query front end: any query text and filter values, searched over a small index (built
//! once) with facets, timeline and snippets. Lines of the input: query, person, place, from, to.
#![no_main]

use std::sync::OnceLock;

use dateline::index::{ArchiveIndex, IndexOptions, Indexer, writer::NoProgress};
use dateline::search::ArchiveSearch;
use dateline::search::aggregate::Interval;
use dateline::search::dates::DateRange;
use dateline::search::request::SearchRequest;
use libfuzzer_sys::fuzz_target;

fn search() -> &'static ArchiveSearch {
    static SEARCH: OnceLock<(tempfile::TempDir, ArchiveSearch)> = OnceLock::new();
    &SEARCH
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let news = dir.path().join("news");
            std::fs::create_dir_all(&news).unwrap();
            let stories = [
                ("busan.txt", "Xi and Trump meet\n\nBUSAN, South Korea - Xi Jinping met Donald Trump on Thursday to discuss tariffs and rare earths.\n"),
                ("boj.txt", "Rates on hold\n\nTOKYO (Reuters) - The Bank of Japan kept interest rates unchanged on October 30, 2025.\n"),
                ("paris.md", "---\ntitle: Budget vote\ndate: 2024-03-01\n---\nPARIS - The council voted the budget after a long debate.\n"),
            ];
            for (name, text) in stories {
                std::fs::write(news.join(name), text).unwrap();
            }
            let archive = ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
            let options = IndexOptions { roots: vec![news], ..IndexOptions::default() };
            Indexer::new(&archive).run(&options, &NoProgress).unwrap();
            (dir, ArchiveSearch::new(archive).unwrap())
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let query = lines.next().unwrap_or_default().to_string();
    let mut request = SearchRequest { query, limit: 5, ..SearchRequest::default() };
    if let Some(person) = lines.next().filter(|p| !p.is_empty()) {
        request.filters.people.push(person.to_string());
    }
    if let Some(place) = lines.next().filter(|p| !p.is_empty()) {
        request.filters.places.push(place.to_string());
    }
    let (from, to) = (lines.next(), lines.next());
    if let Ok(dates) = DateRange::parse(from.filter(|s| !s.is_empty()), to.filter(|s| !s.is_empty())) {
        request.dates = dates;
    }
    request.counting.facets = 3;
    request.counting.timeline = Some(Interval::Month);
    let _ = search().search(&request);
});
