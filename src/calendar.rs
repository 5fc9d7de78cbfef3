//! Month names: the one table the ingest date parser, the dateline reader, the tagger's word
//! lists and the `--from`/`--to` dates all read.
//!
//! A neutral module beside `model`: `ingest/`, `extract/` and `search/` depend on it, it
//! depends on nothing of theirs.

/// The English month names, January first (lowercase).
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number of an English month word as a list of exact words knows it: the full name, its
/// first three letters, or `sept` (lowercase, no period).
pub fn english_month(key: &str) -> Option<u32> {
    if key == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == key || (key.len() == 3 && m.starts_with(key))).map(|i| i as u32 + 1)
}

/// The number of a month name or abbreviation, any case, accents optional, a trailing `.` or
/// `,` ignored: English (any abbreviation of three letters or more: `Sep`, `Sept`, `Septem`),
/// French, German, Spanish, Italian, Portuguese or Dutch (their usual abbreviations, except
/// those that are English words, like Portuguese `out`).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']);
    if w.len() < 3 || w.len() > 12 {
        return None;
    }
    let key = deunicode::deunicode(w).to_ascii_lowercase();
    // Three letters tell the English months apart, so any longer prefix names one (`sept` too).
    if key.len() >= 3
        && let Some(i) = MONTHS.iter().position(|m| m.starts_with(key.as_str()))
    {
        return Some(i as u32 + 1);
    }
    let m = match key.as_str() {
        "janvier" | "janv" | "januar" | "janner" | "enero" | "ene" | "gennaio" | "gen" | "janeiro"
        | "januari" => 1,
        "fevrier" | "fevr" | "fev" | "februar" | "febrero" | "febbraio" | "fevereiro" | "februari" => 2,
        "mars" | "marz" | "maerz" | "marzo" | "marco" | "maart" => 3,
        "avril" | "avr" | "abril" | "abr" | "aprile" => 4,
        "mai" | "mayo" | "maggio" | "mag" | "maio" | "mei" => 5,
        "juin" | "juni" | "junio" | "giugno" | "giu" | "junho" => 6,
        "juillet" | "juil" | "juli" | "julio" | "luglio" | "lug" | "julho" => 7,
        "aout" | "agosto" | "ago" | "augustus" => 8,
        "septembre" | "septiembre" | "setiembre" | "settembre" | "setembro" => 9,
        "octobre" | "oktober" | "okt" | "octubre" | "ottobre" | "ott" | "outubro" => 10,
        "novembre" | "noviembre" | "novembro" => 11,
        "decembre" | "dezember" | "dez" | "diciembre" | "dic" | "dicembre" | "dezembro" => 12,
        _ => return None,
    };
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_as_lists_know_them() {
        assert_eq!(english_month("october"), Some(10));
        assert_eq!(english_month("oct"), Some(10));
        assert_eq!(english_month("sept"), Some(9));
        assert_eq!(english_month("may"), Some(5));
        assert_eq!(english_month("octo"), None, "only the three-letter abbreviation");
        assert_eq!(english_month("Oct"), None, "keys are lowercase");
        assert_eq!(english_month("ma"), None);
    }

    #[test]
    fn english_names_and_abbreviations() {
        for (i, name) in MONTHS.iter().enumerate() {
            let n = Some(i as u32 + 1);
            assert_eq!(month_number(name), n, "{name}");
            assert_eq!(month_number(&name[..3]), n, "{name}");
            assert_eq!(month_number(&name.to_uppercase()), n, "{name}");
        }
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Septem"), Some(9));
        assert_eq!(month_number("Oct,"), Some(10));
        assert_eq!(month_number("ma"), None);
        assert_eq!(month_number("mayday"), None);
        assert_eq!(month_number("octopus"), None);
    }

    #[test]
    fn european_names() {
        let cases = [
            ("janvier", 1),
            ("févr.", 2),
            ("Février", 2),
            ("März", 3),
            ("maerz", 3),
            ("mär", 3),
            ("Jänner", 1),
            ("août", 8),
            ("décembre", 12),
            ("octubre", 10),
            ("setiembre", 9),
            ("maggio", 5),
            ("março", 3),
            ("outubro", 10),
            ("maart", 3),
            ("mei", 5),
            ("augustus", 8),
        ];
        for (word, n) in cases {
            assert_eq!(month_number(word), Some(n), "{word}");
        }
        assert_eq!(month_number("out"), None, "Portuguese `out` is an English word");
        assert_eq!(month_number("lundi"), None);
    }
}
