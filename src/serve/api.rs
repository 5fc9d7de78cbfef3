//! The endpoints. Every search runs on a blocking thread, behind a semaphore that caps how many
//! run at once, under a deadline; answers are JSON with the field names of `--json`.
//!
//! | endpoint | answer |
//! |---|---|
//! | `GET /api/search?q=&person=&org=&place=&dateline=&country=&from=&to=&sort=&limit=&offset=&facets=&timeline=` | `{"total","hits":[...],"warnings":[...]}`, plus `facets` and `timeline` when asked |
//! | `GET /api/articles/{id}` (the article's path, URL-encoded) | the stored article, its body and its entity mentions |
//! | `GET /api/entities?kind=person\|organization\|place\|country&limit=` | the most frequent entities of a kind, with their first and last dates |
//! | `GET /health` | `{"status":"ok","articles":N}` |

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};
use tokio::sync::Semaphore;

use super::errors::{ApiError, ErrorCode};
use super::live::LiveIndex;
use super::params::{self, SearchParams};
use super::{Limits, page};
use crate::extract::Extractor;
use crate::index::aliases::ArchiveAliases;
use crate::index::document::StoredArticle;
use crate::model::Article;
use crate::output::jsonl;
use crate::search::{ArchiveSearch, Hit, aggregate};

/// What every request shares: the index, the search slots and the limits.
pub struct App {
    live: Arc<LiveIndex>,
    slots: Arc<Semaphore>,
    limits: Limits,
}

impl App {
    /// The shared state of a server on `live`.
    pub fn new(live: LiveIndex, limits: Limits) -> Self {
        App {
            live: Arc::new(live),
            slots: Arc::new(Semaphore::new(limits.concurrent_searches.max(1))),
            limits,
        }
    }

    /// Runs `work` on the last commit, on a blocking thread, once a search slot is free and
    /// within the deadline. A search past its deadline still holds its slot until it ends, so
    /// slow searches cannot pile up beyond the cap.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&ArchiveSearch) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(self.limits.queue_wait, Arc::clone(&self.slots).acquire_owned())
            .await
            .map_err(|_| ApiError::new(ErrorCode::Busy, "every search slot is taken; retry in a moment"))?
            .map_err(|_| ApiError::new(ErrorCode::Internal, "the server is shutting down"))?;
        let live = Arc::clone(&self.live);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(live.current())
        });
        match tokio::time::timeout(self.limits.timeout, task).await {
            Err(_) => Err(ApiError::new(
                ErrorCode::Timeout,
                format!("the search took longer than {} s; narrow it", self.limits.timeout.as_secs()),
            )),
            Ok(Err(join)) => Err(ApiError::new(ErrorCode::Internal, format!("the search failed: {join}"))),
            Ok(Ok(result)) => result,
        }
    }
}

/// The routes, with request logging on stderr when `log_requests`.
pub fn router(app: Arc<App>, log_requests: bool) -> Router {
    let router = Router::new()
        .route("/", get(page::index))
        .route("/assets/{name}", get(page::asset))
        .route("/health", get(health))
        .route("/api/search", get(search))
        .route("/api/articles/{*id}", get(article))
        .route("/api/entities", get(entities))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(no_sniff))
        .with_state(app);
    if log_requests { router.layer(middleware::from_fn(log)) } else { router }
}

async fn not_found() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        "no such endpoint: see /api/search, /api/articles/{id}, /api/entities, /health",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(ErrorCode::MethodNotAllowed, "only GET is served")
}

async fn no_sniff(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn log(request: Request, next: Next) -> Response {
    let (method, uri, start) = (request.method().clone(), request.uri().clone(), Instant::now());
    let response = next.run(request).await;
    eprintln!(
        "{method} {uri} {} {:.1} ms",
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    response
}

async fn health(State(app): State<Arc<App>>) -> Result<Json<Value>, ApiError> {
    let articles = app.run(|search| Ok(search.searcher().num_docs())).await?;
    Ok(Json(json!({ "status": "ok", "articles": articles })))
}

async fn search(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = params::search(raw.as_deref().unwrap_or(""), &app.limits)?;
    let answer = app.run(move |search| run_search(search, params)).await?;
    Ok(Json(answer))
}

fn run_search(search: &ArchiveSearch, params: SearchParams) -> Result<Value, ApiError> {
    let results = search.search(&params.request)?;
    let summary = results.summary;
    let hits: Vec<Value> =
        if params.count_only { Vec::new() } else { results.hits.iter().map(hit_json).collect() };
    let mut warnings = summary.warnings;
    warnings.extend(params.warnings);
    let mut answer = json!({ "total": summary.total, "hits": hits, "warnings": warnings });
    if let Some(facets) = summary.facets {
        // All four lists are counted in one pass; only those asked for are sent.
        let lists: serde_json::Map<String, Value> =
            params.facets.iter().map(|kind| (kind.plural().to_string(), json!(facets.of(*kind)))).collect();
        answer["facets"] = Value::Object(lists);
    }
    if let Some(timeline) = summary.timeline {
        answer["timeline"] = json!(timeline);
    }
    Ok(answer)
}

/// One hit: the `dateline search --json` hit line without its `type`, so the API and the CLI
/// share one definition of a hit.
pub fn hit_json(hit: &Hit) -> Value {
    Value::Object(jsonl::hit_value(hit))
}

async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    if id.len() > 4096 {
        return Err(ApiError::new(ErrorCode::TooLong, "an article id is at most 4096 bytes"));
    }
    let answer = app.run(move |search| find_article(search, &id)).await?;
    Ok(Json(answer))
}

/// Looks the article up by its exact `path` term: an id never reaches the file system.
fn find_article(search: &ArchiveSearch, id: &str) -> Result<Value, ApiError> {
    let searcher = search.searcher();
    let fields = &search.archive().fields;
    let query = TermQuery::new(Term::from_field_text(fields.path, id), IndexRecordOption::Basic);
    let top =
        searcher.search(&query, &TopDocs::with_limit(1).order_by_score()).map_err(crate::Error::from)?;
    let Some((_, address)) = top.first() else {
        return Err(ApiError::new(ErrorCode::NotFound, format!("no article `{id}` in the index")));
    };
    let doc: TantivyDocument = searcher.doc(*address).map_err(crate::Error::from)?;
    Ok(article_json(&search.article(&searcher, &doc), &search.aliases(&searcher)))
}

/// The stored article, with its body and every entity mention in it: byte ranges of the body
/// (read again by the extractor, so aliases such as "Xi" are marked too). A mention's canonical
/// name is the archive's (`aliases`), the one the article's people and organisations show.
pub fn article_json(a: &StoredArticle, aliases: &ArchiveAliases) -> Value {
    let mut article = Article {
        source: a.path.clone(),
        title: a.title.clone(),
        body: a.body.clone(),
        date: a.date,
        ..Article::default()
    };
    Extractor::global().enrich(&mut article);
    let mentions: Vec<Value> = article
        .mentions
        .iter()
        .filter(|m| a.body.get(m.start..m.start + m.text.len()) == Some(m.text.as_str()))
        .map(|m| {
            json!({
                "start": m.start,
                "end": m.start + m.text.len(),
                "text": m.text,
                "kind": m.kind.name(),
                "canonical": aliases.canonical(m.kind, &m.canonical),
            })
        })
        .collect();
    let mut fields = jsonl::article_fields(a);
    fields.insert("body".into(), json!(a.body));
    fields.insert("mentions".into(), json!(mentions));
    Value::Object(fields)
}

async fn entities(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = params::entities(raw.as_deref().unwrap_or(""), &app.limits)?;
    let answer = app
        .run(move |search| {
            let searcher = search.searcher();
            let all = tantivy::query::AllQuery;
            let aliases = search.aliases(&searcher);
            let list = aggregate::entity_stats(
                search.archive(),
                &searcher,
                &aliases,
                &all,
                params.kind,
                params.limit,
            )?;
            Ok(json!({ "kind": params.kind.name(), "entities": list }))
        })
        .await?;
    Ok(Json(answer))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::index::ArchiveIndex;

    fn app(limits: Limits) -> (tempfile::TempDir, Arc<App>) {
        let dir = tempfile::tempdir().unwrap();
        ArchiveIndex::open_or_create(&dir.path().join("idx")).unwrap();
        let live = LiveIndex::open(&dir.path().join("idx")).unwrap();
        (dir, Arc::new(App::new(live, limits)))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_server_says_busy_and_a_slow_search_times_out() {
        let limits = Limits {
            concurrent_searches: 1,
            queue_wait: Duration::from_millis(20),
            timeout: Duration::from_millis(100),
            ..Limits::default()
        };
        let (_dir, app) = app(limits);
        let slow = |_: &ArchiveSearch| {
            std::thread::sleep(Duration::from_millis(400));
            Ok(())
        };
        let first = tokio::spawn({
            let app = Arc::clone(&app);
            async move { app.run(slow).await }
        });
        while app.slots.available_permits() > 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let second = app.run(|_| Ok(())).await;
        assert_eq!(second.unwrap_err().code, ErrorCode::Busy, "the only slot is taken");
        assert_eq!(first.await.unwrap().unwrap_err().code, ErrorCode::Timeout);
        // The timed-out search keeps its slot until it really ends, then the next one runs.
        assert_eq!(app.slots.available_permits(), 0);
        while app.slots.available_permits() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(app.run(|search| Ok(search.searcher().num_docs())).await.is_ok());
    }
}
