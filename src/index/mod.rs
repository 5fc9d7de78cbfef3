//! Where tantivy lives (with `search/`): the schema, the analyzers, the mapping between an
//! [`crate::Article`] and a tantivy document, and the writer that applies incremental updates.

pub mod aliases;
pub mod analyzer;
pub mod directory;
pub mod document;
pub mod minhash;
pub mod prepared;
pub mod schema;
pub mod stats;
pub mod store;
pub mod writer;

pub use schema::Fields;
pub use store::ArchiveIndex;
pub use writer::{IndexOptions, IndexReport, Indexer};
