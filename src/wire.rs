//! The abbreviations of the English financial wire's tables ("Shr 51 cts vs 48 cts", "Oper
//! net 3.2 mln vs 2.8 mln", "Revs", "Qtly div"): words of the trade, which no other language
//! writes and which never name anyone. The one list that language detection (a table of them
//! is English) and the name merge (none of them is a name) read.
//!
//! A neutral module beside `model`: `ingest/` and `extract/` depend on it, it depends on
//! nothing of theirs.

/// The abbreviations, lowercase.
pub const ABBREVIATIONS: &[&str] = &[
    "avg", "cts", "div", "dlr", "dlrs", "mln", "oper", "pct", "qtly", "qtr", "qtrs", "rev", "revs", "shr",
    "shrs", "vs",
];

/// Whether `word` (lowercase) is one of the [`ABBREVIATIONS`].
pub fn is_abbreviation(word: &[u8]) -> bool {
    ABBREVIATIONS.iter().any(|a| a.as_bytes() == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_abbreviations_are_lowercase_and_found_as_written() {
        assert!(ABBREVIATIONS.iter().all(|a| a.bytes().all(|b| b.is_ascii_lowercase())));
        assert!(is_abbreviation(b"qtly") && is_abbreviation(b"shr"));
        assert!(!is_abbreviation(b"Shr") && !is_abbreviation(b"net"));
    }
}
