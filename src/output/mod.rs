//! What the user sees: [`human`] for the terminal (colour only on a terminal, never under
//! `NO_COLOR`) and [`jsonl`] for the documented JSON Lines contract.

pub mod human;
pub mod jsonl;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputMode {
    /// Readable text for a terminal.
    #[default]
    Human,
    /// JSON Lines, one object with a `type` per line.
    Json,
}
