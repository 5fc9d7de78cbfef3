//! `dateline serve`: the archive over HTTP, for browsers and for tools.
//!
//! One process serves a JSON API that mirrors `dateline search` (same field names as `--json`)
//! and a web page whose assets are compiled into the binary. The index is read while
//! `dateline index` updates it; each request sees the last commit.
//!
//! * [`api`] — the endpoints: `/api/search`, `/api/articles/{id}`, `/api/entities`, `/health`;
//! * [`params`] — query strings -> plain requests, with the limits checked;
//! * [`errors`] — the one table of error codes and HTTP statuses;
//! * [`live`] — the index as of its last commit, reloaded when `meta.json` changes;
//! * [`page`] — the web page and its embedded assets.
//!
//! Work per request is bounded: searches run on blocking threads behind a semaphore, `limit`,
//! `offset`, the query's length and the number of filters are capped, and every search has a
//! deadline ([`Limits`]).

pub mod api;
pub mod errors;
pub mod live;
pub mod page;
pub mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::{Error, Result};

/// Bounds on the work one request may cause.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest `limit` (hits per page); larger values are capped, with a warning.
    pub max_limit: usize,
    /// Largest `offset`; deeper pages are refused (collecting them costs memory).
    pub max_offset: usize,
    /// Longest query text, in characters.
    pub max_query_chars: usize,
    /// Most filter values (person, org, place, dateline, country together) in one request.
    pub max_filters: usize,
    /// Searches running at once; more wait up to `queue_wait`, then get `busy`.
    pub concurrent_searches: usize,
    /// How long a request waits for a free search slot.
    pub queue_wait: Duration,
    /// Deadline of one search; past it the client gets `timeout`.
    pub timeout: Duration,
    /// Entries per facet list.
    pub facet_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_limit: 100,
            max_offset: 10_000,
            max_query_chars: 1_000,
            max_filters: 20,
            concurrent_searches: 2 * cores,
            queue_wait: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
            facet_size: 10,
        }
    }
}

/// What `dateline serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder.
    pub index: PathBuf,
    /// Where to listen (port 0: any free port).
    pub addr: SocketAddr,
    /// Bounds on the work per request.
    pub limits: Limits,
    /// Print one line per request on stderr.
    pub log_requests: bool,
}

/// Opens the index, binds `options.addr`, tells `on_listening` the bound address, then serves
/// until Ctrl-C or SIGTERM.
pub fn run(options: ServeOptions, on_listening: impl FnOnce(SocketAddr)) -> Result<()> {
    let live = live::LiveIndex::open(&options.index)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server's runtime: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", options.addr)))?;
        let bound = listener.local_addr().map_err(|e| Error::Usage(format!("{}: {e}", options.addr)))?;
        let state = Arc::new(api::App::new(live, options.limits));
        let router = api::router(state, options.log_requests);
        on_listening(bound);
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| Error::Usage(format!("the server stopped: {e}")))
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
