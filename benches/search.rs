//! In-process query latency: the known-item queries of the shared benchmark (`../shared/bench`)
//! through `ArchiveSearch::search` on one opened index, top 10 with snippets and copy folding,
//! as `serve` runs them. Needs an index and the queries: `../shared/bench/run-dateline.sh` makes both
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
    if let Some(rounds) = std::env::var("DATELINE_BENCH_CPU").ok().and_then(|n| n.parse::<u32>().ok()) {
        cpu_per_query(&search, &requests, rounds);
        return;
    }
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

/// `DATELINE_BENCH_CPU=ROUNDS`: instead of criterion's wall-clock samples, the CPU time this
/// thread spent per query over ROUNDS passes of every query (after one untimed pass), read
/// from `/proc/thread-self/schedstat`; other processes on a loaded machine disturb it much
/// less than wall time.
fn cpu_per_query(search: &ArchiveSearch, requests: &[SearchRequest], rounds: u32) {
    let on_cpu = || -> Option<u64> {
        std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
    };
    let pass = || {
        for request in requests {
            black_box(search.search(request).expect("the search runs"));
        }
    };
    pass();
    let (Some(start), wall) = (on_cpu(), std::time::Instant::now()) else {
        eprintln!("search bench: no /proc/thread-self/schedstat here");
        return;
    };
    for _ in 0..rounds {
        pass();
    }
    let queries = f64::from(rounds) * requests.len() as f64;
    let cpu = on_cpu().map_or(0, |end| end - start) as f64 / queries / 1e6;
    let wall = wall.elapsed().as_secs_f64() * 1e3 / queries;
    println!("search/known_item_top10 cpu: {cpu:.3} ms per query (wall {wall:.3} ms), {queries} queries");
}

criterion_group!(benches, search);
criterion_main!(benches);
