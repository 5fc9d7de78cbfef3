//! Extraction throughput: Reuters-sized articles per second through `Extractor::enrich` on one
//! core, with the tagger (the default) and with the rules alone, and the one-time cost of building
//! the extractor (`Extractor::new`). Reads the first 1,000 Reuters-21578 stories from the shared
//! data folder (`$DATELINE_DATA`, else `../shared/data`) when it is there, else 1,000 wire
//! stories of the same size written here. Results go in EVALUATION.md with the date and machine.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::extract::{Extractor, TaggerPolicy};
use dateline::model::Article;

const STORIES: usize = 1000;

/// A wire story of about Reuters size (800 bytes), varied by `i`.
fn written_story(i: usize) -> Article {
    let cities = ["TOKYO", "LONDON", "WASHINGTON", "BONN", "PARIS", "NEW YORK", "SYDNEY", "BRUSSELS"];
    let city = cities[i % cities.len()];
    let body = format!(
        "{city}, March {day} - Finance Minister Maria Keller said on Tuesday the central bank \
         would keep interest rates unchanged, after talks with the International Monetary Fund \
         in Washington and officials of the European Community. \"We see no need to act now,\" \
         Keller told reporters. Analysts at Goldman Sachs and Deutsche Bank said exports to \
         Japan and the United States rose {pct} pct in the quarter, led by Toyota Motor Corp \
         and General Motors Corp shipments.\n\n    The Organization of Petroleum Exporting \
         Countries (OPEC) meets in Vienna next month. Keller said the government expected \
         growth of about three pct this year, while Prime Minister John Barrett would visit \
         Beijing and Seoul in April.\n REUTER",
        day = 1 + i % 28,
        pct = 1 + i % 9,
    );
    Article {
        source: format!("bench/{i}.txt"),
        title: format!("{city} SEES STEADY RATES"),
        body,
        ..Article::default()
    }
}

fn stories() -> Vec<Article> {
    let root = std::env::var_os("DATELINE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let data = root.join("reuters21578");
    match dateline::eval::reuters_articles(&data, STORIES) {
        Ok(articles) if articles.len() == STORIES => articles,
        _ => {
            eprintln!("no Reuters data at {}: benchmarking written stories", data.display());
            (0..STORIES).map(written_story).collect()
        }
    }
}

fn enrich(c: &mut Criterion) {
    let extractor = Extractor::global();
    let articles = stories();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.sample_size(20);
    let mut run = |name: &str, extractor: &Extractor| {
        group.bench_function(name, |b| {
            b.iter(|| {
                for article in &articles {
                    let mut a = article.clone();
                    extractor.enrich(&mut a);
                    black_box(&a);
                }
            });
        });
    };
    run("enrich 1000 Reuters-sized stories", extractor);
    // The same stories through the rules alone: what the tagger costs, measured side by side
    // (the machine's load moves both alike).
    run("enrich 1000 Reuters-sized stories, rules only", &Extractor::with_tagger(None, TaggerPolicy::Off));
    group.finish();
}

/// Building the extractor: what every indexing or extracting process pays once.
fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    group.sample_size(20);
    group.bench_function("Extractor::new", |b| b.iter(|| black_box(Extractor::new())));
    group.finish();
}

criterion_group!(benches, enrich, load);
criterion_main!(benches);
