//! In-process query latency: the known-item queries of the shared benchmark (`../shared/bench`)
//! through `ArchiveSearch::search` on one opened index, top 10 with snippets and copy folding,
//! as `serve` runs them. Needs an index and the queries: `scripts/bench_dateline.sh` makes both
//! (`.bench/idx/dateline-base`, `.bench/queries/known_item.tsv`); `DATELINE_BENCH_INDEX` and
//! `DATELINE_BENCH_QUERIES` point elsewhere. Without them the bench says so and measures
//! nothing. Results go in BENCHMARKS.md with the date and machine.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::index::ArchiveIndex;
use dateline::search::{ArchiveSearch, SearchRequest};

fn setting(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// The query column of the known-item file (`qid<TAB>query<TAB>target`).
fn queries(path: &PathBuf) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(text.lines().filter_map(|line| line.split('\t').nth(1)).map(str::to_string).collect())
}

fn search(c: &mut Criterion) {
    let index = setting("DATELINE_BENCH_INDEX", ".bench/idx/dateline-base");
    let query_file = setting("DATELINE_BENCH_QUERIES", ".bench/queries/known_item.tsv");
    let (Ok(archive), Some(queries)) = (ArchiveIndex::open(&index), queries(&query_file)) else {
        eprintln!(
            "search bench skipped: no index at {} or no queries at {}",
            index.display(),
            query_file.display()
        );
        return;
    };
    let search = ArchiveSearch::new(archive).expect("the index opens");
    let requests: Vec<SearchRequest> = queries
        .iter()
        .map(|q| SearchRequest { query: q.clone(), limit: 10, ..SearchRequest::default() })
        .collect();
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.sample_size(10);
    group.bench_function("known_item_top10", |b| {
        b.iter(|| {
            for request in &requests {
                black_box(search.search(request).expect("the search runs"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
