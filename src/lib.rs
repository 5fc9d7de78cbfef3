//! dateline: full-text search for news archives.
//!
//! An article travels through the crate in one direction: [`ingest`] finds files and reads each
//! format into [`model::Article`]s, [`extract`] reads the dateline, dates, places, people and
//! organisations out of the text, [`index`] writes the result into a tantivy index, [`search`]
//! answers queries over it, and [`output`] prints what the user sees. [`cli`] is the only module
//! that knows about command-line flags.
#![warn(missing_docs)]

pub mod calendar;
pub mod cli;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod model;
pub mod output;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod wire;

pub use error::{Error, Result};
pub use model::{Article, EntityKind, Format, Mention, Place, PlaceKind};
