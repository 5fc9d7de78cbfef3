//! The library's error type. A [`Error::Source`] is a problem with one input file and never stops
//! an ingest; the other variants are about the index, the query or the command itself.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One input file (or one article inside it) could not be read; the run goes on without it.
    #[error("{path}: {reason}")]
    Source {
        /// The file as the user named it.
        path: String,
        /// Why it was skipped, in words a user can act on.
        reason: String,
    },
    /// A file or folder the command needs could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// There is no index where one was expected.
    #[error("no index at {}: run `dateline index PATH --index {}` first", path.display(), path.display())]
    NoIndex {
        /// The index folder that was looked in.
        path: PathBuf,
    },
    /// The folder holds something that is not a dateline index, or one of another schema version.
    #[error("{}: {reason}", path.display())]
    BadIndex {
        /// The index folder.
        path: PathBuf,
        /// What is wrong and what to do.
        reason: String,
    },
    /// Another process is writing to the index.
    #[error("the index at {} is being updated by {}: wait for it to finish, then run again", path.display(),
        pid.map_or_else(|| "another process".to_string(), |p| format!("process {p}")))]
    Locked {
        /// The index folder.
        path: PathBuf,
        /// The process holding the lock, when known.
        pid: Option<u32>,
    },
    /// A request that cannot be carried out as given (bad date, bad flag value).
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed (a closed pipe is reported as this too).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// The search engine failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    /// A problem with one source file.
    pub fn source(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Source { path: path.into(), reason: reason.into() }
    }

    /// An I/O failure on a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
