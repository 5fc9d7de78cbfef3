//! Datelines at the head of a story (`BUSAN, Oct. 30 (Reuters) -`, `WASHINGTON (AP) —`,
//! `New Delhi:`) and the dates around them: month names in English, French, German and
//! Spanish, the year inferred from the article's date, and dates in a file path.
//!
//! [`find`] only reads the shape of the head line; whether its place is a real place (required
//! for the colon style and for heads with neither date nor agency) is decided by the caller,
//! which owns the gazetteer.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::calendar::month_number;

/// The pieces of a dateline as written, with byte offsets into the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawDateline<'a> {
    /// The whole head without the separator ("SAN JOSE, Calif., Oct. 2 (Reuters)").
    pub text: &'a str,
    /// Byte offset after the separator and the spaces after it: where the story starts.
    pub end: usize,
    /// The place as written ("SAN JOSE").
    pub place_text: &'a str,
    /// Byte offset of `place_text` in the body.
    pub place_start: usize,
    /// Segments after the place that qualify it ("Calif.", "Kenya").
    pub qualifiers: Vec<&'a str>,
    /// Month and day, when the head has a date.
    pub month_day: Option<(u32, u32)>,
    /// The year, in the rare heads that state one.
    pub year: Option<i32>,
    /// The agency in parentheses ("Reuters").
    pub agency: Option<&'a str>,
    /// The head ends with a colon ("Busan:") rather than a dash.
    pub colon: bool,
    /// The place is written in capitals ("BUSAN").
    pub all_caps: bool,
}

/// Longest head line looked at, in bytes.
const MAX_HEAD: usize = 120;

/// Reads the dateline at the head of `body`, if its first line (after an optional "By ..."
/// byline) has one.
pub(crate) fn find(body: &str) -> Option<RawDateline<'_>> {
    let mut offset = body.len() - body.trim_start().len();
    for attempt in 0..2 {
        let rest = &body[offset..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..line_len];
        if attempt == 0 && line.starts_with("By ") && line.len() < 80 {
            let after = offset + line_len;
            offset = after + (body.len() - after - body[after..].trim_start().len());
            continue;
        }
        return parse_line(body, offset, line);
    }
    None
}

fn parse_line<'a>(body: &'a str, offset: usize, line: &'a str) -> Option<RawDateline<'a>> {
    let (head_end, sep_end, colon) = separator(line)?;
    let head_full = &line[..head_end];
    let head = head_full.trim_end();
    if head.is_empty() {
        return None;
    }
    let mut end = offset + sep_end;
    end += body[end..].len() - body[end..].trim_start().len();

    // "(Reuters)" at the end of the head.
    let (rest, agency) = match head.strip_suffix(')') {
        Some(inner) => {
            let open = inner.rfind('(')?;
            let agency = inner[open + 1..].trim();
            if agency.is_empty()
                || agency.len() > 40
                || !agency.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '&' | '-' | '.' | '\''))
            {
                return None;
            }
            (inner[..open].trim_end(), Some(agency))
        }
        None => (head, None),
    };
    let mut segments = rest.split(',');
    let place_raw = segments.next()?;
    let place_text = place_raw.trim();
    if !looks_like_place(place_text, 5) {
        return None;
    }
    let place_start = offset + (place_raw.len() - place_raw.trim_start().len());
    let mut qualifiers = Vec::new();
    let mut month_day = None;
    let mut year = None;
    for seg in segments.map(str::trim) {
        if seg.is_empty() {
            return None;
        }
        if let Some((m, d, y)) = parse_day(seg) {
            month_day = Some((m, d));
            year = year.or(y);
        } else if seg.len() == 4 && seg.bytes().all(|b| b.is_ascii_digit()) {
            year = seg.parse().ok();
        } else if month_day.is_none() && looks_like_place(seg, 4) && !is_weekday(seg) {
            qualifiers.push(seg);
        } else if !is_weekday(seg) {
            return None;
        }
    }
    if colon && (agency.is_some() || month_day.is_some() || place_text.split(' ').count() > 3) {
        return None;
    }
    Some(RawDateline {
        text: head,
        end,
        place_text,
        place_start,
        qualifiers,
        month_day,
        year,
        agency,
        colon,
        all_caps: !place_text.chars().any(char::is_lowercase),
    })
}

/// Finds the separator that ends the head: a dash (`-`, `--` followed by a space, or `—`/`–`)
/// or a colon followed by a space. Returns (head end, separator end, is colon).
fn separator(line: &str) -> Option<(usize, usize, bool)> {
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        if i > MAX_HEAD {
            return None;
        }
        let next = |at: usize| line[at..].chars().next();
        match c {
            '—' | '–' => return Some((i, i + c.len_utf8(), false)),
            '-' => {
                let mut j = i + 1;
                if bytes.get(j) == Some(&b'-') {
                    j += 1;
                }
                let before_ok = i > 0 && bytes[i - 1] == b' ';
                if before_ok && next(j).is_none_or(char::is_whitespace) {
                    return Some((i, j, false));
                }
            }
            ':' => {
                if next(i + 1).is_none_or(char::is_whitespace) {
                    return Some((i, i + 1, true));
                }
                return None;
            }
            '.' | '!' | '?' | '"' | '“' | ';' if i > 0 => {
                // A sentence, not a dateline, unless the period belongs to an abbreviation.
                if c == '.' && next(i + 1).is_some_and(|n| n == ',' || n == ' ' || n.is_alphabetic()) {
                    continue;
                }
                return None;
            }
            _ => {}
        }
    }
    None
}

/// A place-like segment: up to `max_words` words of letters (and `.`, `-`, `'`), each
/// capitalised or a lowercase particle ("de", "al").
fn looks_like_place(text: &str, max_words: usize) -> bool {
    if text.is_empty() || text.len() > 40 {
        return false;
    }
    let mut words = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        words += 1;
        if !word.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')) {
            return false;
        }
        let first = word.chars().next().unwrap_or(' ');
        if !first.is_uppercase()
            && !matches!(
                word,
                "de" | "del" | "da" | "do" | "la" | "le" | "al" | "el" | "es" | "am" | "upon" | "on" | "of"
            )
        {
            return false;
        }
    }
    words >= 1 && words <= max_words
}

/// "Oct. 30", "October 30th", "30 Oct", "3 mars", "3. März", "30 de octubre", "1er mars",
/// optionally followed by a year. Returns (month, day, year).
pub(crate) fn parse_day(text: &str) -> Option<(u32, u32, Option<i32>)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (month, day, rest) = match words.as_slice() {
        [m, d, rest @ ..] if month_number(m).is_some() && day_number(d).is_some() => {
            (month_number(m)?, day_number(d)?, rest)
        }
        [d, "de", m, rest @ ..] if day_number(d).is_some() && month_number(m).is_some() => {
            (month_number(m)?, day_number(d)?, rest)
        }
        [d, m, rest @ ..] if day_number(d).is_some() && month_number(m).is_some() => {
            (month_number(m)?, day_number(d)?, rest)
        }
        _ => return None,
    };
    let year = match rest {
        [] => None,
        [y] | ["de", y] => {
            let y = y.trim_end_matches(['.', ',']);
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                Some(y.parse().ok()?)
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some((month, day, year))
}

fn day_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']);
    let w = ["st", "nd", "rd", "th", "er", "o", "º"].iter().find_map(|s| w.strip_suffix(s)).unwrap_or(w);
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn is_weekday(text: &str) -> bool {
    let t = text.trim_end_matches('.').to_ascii_lowercase();
    matches!(
        t.as_str(),
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thur"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
    )
}

/// The date `month`/`day` nearest to `reference` (the year before, of, or after it; on a tie
/// the earlier one), so a "Dec. 31" dateline on a story dated Jan. 2 falls in the old year.
pub(crate) fn nearest_date(month: u32, day: u32, reference: NaiveDate) -> Option<NaiveDate> {
    let y = reference.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .min_by_key(|d| ((*d - reference).num_days().abs(), *d > reference))
}

/// A date written in a path or URL: `2025/10/30/`, `2025-10-30`, `2025_10_30`.
pub(crate) fn path_date(source: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})[/_-]([0-9]{1,2})[/_-]([0-9]{1,2})(?:[^0-9]|$)")
            .expect("valid path date regex")
    });
    re.captures_iter(source)
        .find_map(|c| NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(body: &str) -> RawDateline<'_> {
        find(body).unwrap_or_else(|| panic!("no dateline in {body:?}"))
    }

    #[test]
    fn reuters_style() {
        let body = "BUSAN, Oct. 30 (Reuters) - South Korea's president said";
        let x = d(body);
        assert_eq!(x.text, "BUSAN, Oct. 30 (Reuters)");
        assert_eq!(x.place_text, "BUSAN");
        assert_eq!(x.month_day, Some((10, 30)));
        assert_eq!(x.agency, Some("Reuters"));
        assert!(x.all_caps && !x.colon);
        assert_eq!(&body[x.end..], "South Korea's president said");
        assert_eq!(d("LONDON, Oct 30 (Reuters) - x").month_day, Some((10, 30)));
    }

    #[test]
    fn ap_style_without_date() {
        let x = d("WASHINGTON (AP) — The Senate voted");
        assert_eq!((x.place_text, x.agency, x.month_day), ("WASHINGTON", Some("AP"), None));
        let x = d("NAIROBI, Kenya (AP) — Police said");
        assert_eq!(x.place_text, "NAIROBI");
        assert_eq!(x.qualifiers, ["Kenya"]);
        assert_eq!(x.agency, Some("AP"));
    }

    #[test]
    fn bare_dash_without_space() {
        let body = "SAN FRANCISCO—Shares rose";
        let x = d(body);
        assert_eq!(x.place_text, "SAN FRANCISCO");
        assert_eq!((x.agency, x.month_day), (None, None));
        assert_eq!(&body[x.end..], "Shares rose");
    }

    #[test]
    fn state_abbreviation_and_date() {
        let x = d("SAN JOSE, Calif., Oct. 2 (Reuters) - Apple said");
        assert_eq!(x.place_text, "SAN JOSE");
        assert_eq!(x.qualifiers, ["Calif."]);
        assert_eq!(x.month_day, Some((10, 2)));
        let x = d("TOKYO, March 2 - Japan's trade surplus");
        assert_eq!((x.place_text, x.month_day, x.agency), ("TOKYO", Some((3, 2)), None));
    }

    #[test]
    fn colon_style_is_only_a_shape() {
        let x = d("Busan: The city said");
        assert!(x.colon);
        assert_eq!(x.place_text, "Busan");
        assert_eq!(d("New Delhi: India's").place_text, "New Delhi");
        // The shape matches "Updated:"; the caller rejects it because it is no place.
        assert_eq!(d("Updated: 10 a.m.").place_text, "Updated");
        assert!(find("The president said: hello").is_none());
        assert!(find("Photo credit: x").is_none());
    }

    #[test]
    fn other_languages() {
        let x = d("PARIS, 3 mars (AFP) - Le gouvernement");
        assert_eq!(x.month_day, Some((3, 3)));
        assert_eq!(d("BERLIN, 3. März (dpa) - Die").month_day, Some((3, 3)));
        assert_eq!(d("MADRID, 30 de octubre (EFE) - El").month_day, Some((10, 30)));
        assert_eq!(d("PARIS, 1er mars (AFP) - Le").month_day, Some((3, 1)));
        assert_eq!(d("BERLIN, 3. März - Die").month_day, Some((3, 3)));
        assert_eq!(d("ROMA, 3 maggio (ANSA) - Il").month_day, Some((5, 3)));
        assert_eq!(d("LISBOA, 3 de março (Lusa) - O").month_day, Some((3, 3)));
        assert_eq!(d("AMSTERDAM, 3 maart (ANP) - Het").month_day, Some((3, 3)));
    }

    #[test]
    fn byline_is_skipped_and_prose_is_not_a_dateline() {
        assert_eq!(d("By Jane Doe\nSEOUL (Reuters) - x").place_text, "SEOUL");
        assert!(find("Shares of the company fell 3% on Monday - the lowest").is_none());
        assert!(find("He said it was over. Then - nothing").is_none());
        assert!(find("").is_none());
    }

    #[test]
    fn years() {
        let r = NaiveDate::from_ymd_opt(2025, 10, 31).unwrap();
        assert_eq!(nearest_date(10, 30, r), NaiveDate::from_ymd_opt(2025, 10, 30));
        let jan = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(nearest_date(12, 31, jan), NaiveDate::from_ymd_opt(2025, 12, 31));
        assert_eq!(nearest_date(2, 30, jan), None);
        assert_eq!(path_date("news/2025/10/30/story.html"), NaiveDate::from_ymd_opt(2025, 10, 30));
        assert_eq!(path_date("a/2025-10-30-busan.md"), NaiveDate::from_ymd_opt(2025, 10, 30));
        assert_eq!(path_date("a/20251030.md"), None);
        assert_eq!(path_date("a/2025-13-30.md"), None);
        assert_eq!(parse_day("Oct. 30, 2025"), Some((10, 30, Some(2025))));
        assert_eq!(parse_day("Oct. 30 2025"), Some((10, 30, Some(2025))));
    }
}
