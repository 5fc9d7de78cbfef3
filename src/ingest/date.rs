//! Reading the publication dates that sources state in metadata (`2025-10-30T08:15:00Z`,
//! `Thu, 30 Oct 2025 08:15:00 GMT`, `Oct. 30, 2025`, `3 mars 2025`, `3. März 2025`...).
//!
//! Written by hand on chrono rather than with a date-guessing crate, so that the accepted forms
//! are exactly the ones listed on [`parse_date`] and a wrong guess can't invent a date. Dates
//! without a time are midnight UTC; times without a zone are taken as UTC.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Parses a date as sources state it in metadata; `None` when it isn't one of the known forms
/// or isn't a real date.
///
/// Accepted: RFC 3339 / ISO 8601 (`2025-10-30T08:15:00Z`, with or without seconds, fraction,
/// zone or `T`), RFC 2822 (`Thu, 30 Oct 2025 08:15:00 GMT`), `YYYY-MM-DD`, `YYYY/MM/DD`,
/// `YYYYMMDD`, `DD.MM.YYYY`, `MM/DD/YYYY` (US order unless the first number is above 12),
/// English month names in either order (`October 30, 2025`, `Oct. 30 2025`, `30 October 2025`,
/// `Thursday, Oct 30, 2025 8:15 a.m. EDT`), the wire form `26-FEB-1987 15:01:01.79`, French,
/// German, Spanish, Italian and Portuguese month names (`3 mars 2025`, `le 1er mars 2025`,
/// `Montag, 3. März 2025`, `3 de marzo de 2025`, `3 marzo 2025`, `3 de março de 2025`), and Unix
/// timestamps in seconds or milliseconds.
pub fn parse_date(input: &str) -> Option<DateTime<Utc>> {
    let s = input.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_digits(s);
    }
    parse_iso(s)
        .or_else(|| DateTime::parse_from_rfc2822(s).ok().map(|d| d.with_timezone(&Utc)))
        .or_else(|| parse_numeric_date(s))
        .or_else(|| parse_with_month_name(s))
}

/// A timestamp as a number (seconds or milliseconds since the epoch) or a compact `YYYYMMDD`.
pub fn from_unix(value: i64) -> Option<DateTime<Utc>> {
    // 10^11 seconds is the year 5138: anything bigger is milliseconds.
    let seconds = if value.unsigned_abs() >= 100_000_000_000 { value / 1000 } else { value };
    Utc.timestamp_opt(seconds, 0).single()
}

fn parse_digits(s: &str) -> Option<DateTime<Utc>> {
    if s.len() == 8 {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok().and_then(midnight);
    }
    if s.len() < 9 || s.len() > 13 {
        return None;
    }
    from_unix(s.parse().ok()?)
}

fn midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    Some(date.and_time(NaiveTime::MIN).and_utc())
}

/// ISO 8601 shapes: date, date + time (space or `T`), optional fraction, optional zone.
fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    let b = s.as_bytes();
    if b.len() >= 13 && b[..8].iter().all(u8::is_ascii_digit) && b[8] == b'T' {
        return parse_compact_iso(s);
    }
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) || !matches!(b[4], b'-' | b'/') {
        return None;
    }
    // Normalise `Z` and ` UTC`/` GMT` to an offset so one set of formats covers them.
    let mut t = s.replace('/', "-");
    for suffix in ["Z", "z", " UTC", " GMT", "UTC", "GMT"] {
        if let Some(stripped) = t.strip_suffix(suffix) {
            t = format!("{}+00:00", stripped.trim_end());
            break;
        }
    }
    let zoned = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M %z",
    ];
    for format in zoned {
        if let Ok(d) = DateTime::<FixedOffset>::parse_from_str(&t, format) {
            return Some(d.with_timezone(&Utc));
        }
    }
    let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"];
    for format in naive {
        if let Ok(d) = NaiveDateTime::parse_from_str(&t, format) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok().and_then(midnight)
}

/// ISO 8601 basic format: `20180619T055000+0900`, `20180619T0550Z`.
fn parse_compact_iso(s: &str) -> Option<DateTime<Utc>> {
    let t = match s.strip_suffix(['Z', 'z']) {
        Some(stripped) => format!("{stripped}+0000"),
        None => s.to_string(),
    };
    for format in ["%Y%m%dT%H%M%S%z", "%Y%m%dT%H%M%z"] {
        if let Ok(d) = DateTime::<FixedOffset>::parse_from_str(&t, format) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for format in ["%Y%m%dT%H%M%S", "%Y%m%dT%H%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&t, format) {
            return Some(d.and_utc());
        }
    }
    None
}

/// `30.10.2025`, `10/30/2025`, `30/10/2025`.
fn parse_numeric_date(s: &str) -> Option<DateTime<Utc>> {
    let (sep, day_first) = if s.contains('.') { ('.', true) } else { ('/', false) };
    let parts: Vec<&str> = s.split(sep).map(str::trim).collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    let nums: Vec<u32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (day, month) = if day_first || nums[0] > 12 { (nums[0], nums[1]) } else { (nums[1], nums[0]) };
    NaiveDate::from_ymd_opt(i32::try_from(nums[2]).ok()?, month, day).and_then(midnight)
}

/// Words that may sit between the parts of a date without changing it: English `at`/`on`, French
/// `le`/`à`, German `um`/`den`/`Uhr`, Spanish and Portuguese `de`/`del`, Italian `alle`...
const FILLERS: &[&str] = &[
    "at", "on", "the", "of", "le", "à", "a", "um", "den", "uhr", "de", "del", "las", "la", "do", "da", "às",
    "alle", "ore", "il", "h",
];

/// Dates written with a month name, in either order, with optional weekday and time.
fn parse_with_month_name(s: &str) -> Option<DateTime<Utc>> {
    let cleaned: String = s.chars().map(|c| if c == ',' { ' ' } else { c }).collect();
    // The wire form `26-FEB-1987`: split on the dashes.
    let cleaned: String = cleaned
        .split_whitespace()
        .map(|t| {
            let parts: Vec<&str> = t.split('-').collect();
            let wire = parts.len() == 3
                && parts[0].bytes().all(|b| b.is_ascii_digit())
                && !parts[0].is_empty()
                && parts[1].chars().all(char::is_alphabetic)
                && parts[2].len() == 4;
            if wire { parts.join(" ") } else { t.to_string() }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let tokens: Vec<&str> = cleaned.split_whitespace().collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    let mut time: Option<NaiveTime> = None;
    let mut offset_minutes: i32 = 0;
    let mut pm: Option<bool> = None;
    for (i, raw) in tokens.iter().enumerate() {
        let token = raw.trim_end_matches('.').to_lowercase();
        if token.is_empty() || FILLERS.contains(&token.as_str()) {
            continue;
        }
        if let Some(m) = crate::calendar::month_number(&token) {
            if month.is_some() {
                return None;
            }
            month = Some(m);
        } else if is_weekday(&token) {
            continue;
        } else if let Some((n, digits)) = ordinal_number(&token) {
            match (digits, day, year) {
                (4, _, None) => year = i32::try_from(n).ok(),
                (1 | 2, None, _) if (1..=31).contains(&n) => day = Some(n),
                _ => return None,
            }
        } else if i + 1 == tokens.len() && token.starts_with(['+', '-']) {
            offset_minutes = numeric_offset(&token)?;
        } else if token.contains(':') || is_h_clock(&token) {
            let clock = if is_h_clock(&token) {
                let (h, m) = token.split_once('h').unwrap_or((&token, ""));
                format!("{h}:{}", if m.is_empty() { "00" } else { m })
            } else {
                token.clone()
            };
            time = Some(parse_clock(&clock)?);
        } else if matches!(token.as_str(), "am" | "a.m" | "a.m.") {
            pm = Some(false);
        } else if matches!(token.as_str(), "pm" | "p.m" | "p.m.") {
            pm = Some(true);
        } else if let Some(minutes) = zone_offset(&token) {
            offset_minutes = minutes;
        } else {
            return None;
        }
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    let mut time = time.unwrap_or(NaiveTime::MIN);
    if let Some(pm) = pm {
        use chrono::Timelike;
        let hour = time.hour() % 12 + if pm { 12 } else { 0 };
        time = time.with_hour(hour)?;
    }
    let offset = FixedOffset::east_opt(offset_minutes * 60)?;
    let local = date.and_time(time);
    offset.from_local_datetime(&local).single().map(|d| d.with_timezone(&Utc))
}

/// Weekday names in French, German, Spanish, Italian and Portuguese.
const EUROPEAN_WEEKDAYS: &[&str] = &[
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "segunda-feira",
    "terça-feira",
    "quarta-feira",
    "quinta-feira",
    "sexta-feira",
];

/// `14h30`, `9h`: the French clock.
fn is_h_clock(token: &str) -> bool {
    let Some((h, m)) = token.split_once('h') else { return false };
    !h.is_empty()
        && h.len() <= 2
        && h.bytes().all(|b| b.is_ascii_digit())
        && m.len() <= 2
        && m.bytes().all(|b| b.is_ascii_digit())
}

fn is_weekday(token: &str) -> bool {
    if EUROPEAN_WEEKDAYS.contains(&token) {
        return true;
    }
    const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    token.len() >= 3
        && DAYS.iter().any(|d| d.starts_with(token) && (token.len() == 3 || token.len() == d.len()))
        || matches!(token, "tues" | "thur" | "thurs")
}

/// `30`, `30th`, `1st`, `2025`: the number and how many digits it has.
fn ordinal_number(token: &str) -> Option<(u32, usize)> {
    let digits = token
        .strip_suffix("st")
        .or_else(|| token.strip_suffix("nd"))
        .or_else(|| token.strip_suffix("rd"))
        .or_else(|| token.strip_suffix("th"))
        .or_else(|| token.strip_suffix("er"))
        .or_else(|| token.strip_suffix('º'))
        .unwrap_or(token);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 4 {
        return None;
    }
    Some((digits.parse().ok()?, digits.len()))
}

/// `8:15`, `08:15:30`, `8:15am`, `8:15p.m.`
fn parse_clock(token: &str) -> Option<NaiveTime> {
    let digits: String = token.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
    let mut suffix = &token[digits.len()..];
    // Fractions of a second (`15:01:01.79`) are dropped.
    if let Some(fraction) = suffix.strip_prefix('.')
        && fraction.bytes().next().is_some_and(|b| b.is_ascii_digit())
    {
        suffix = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let parts: Vec<u32> = digits.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let h = match suffix.trim_end_matches('.') {
        "" => h,
        "am" | "a.m" if h <= 12 => h % 12,
        "pm" | "p.m" if h <= 12 => h % 12 + 12,
        _ => return None,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Common zone abbreviations in English-language news metadata, as minutes east of UTC.
fn zone_offset(token: &str) -> Option<i32> {
    let hours = match token {
        "utc" | "gmt" | "z" | "ut" => 0,
        "est" => -5,
        "edt" => -4,
        "cst" => -6,
        "cdt" => -5,
        "mst" => -7,
        "mdt" => -6,
        "pst" => -8,
        "pdt" => -7,
        "bst" | "cet" => 1,
        "cest" => 2,
        "jst" | "kst" => 9,
        _ => return None,
    };
    Some(hours * 60)
}

/// `+0900`, `+09:00`, `-05`.
fn numeric_offset(token: &str) -> Option<i32> {
    let sign = if token.starts_with('-') { -1 } else { 1 };
    let digits: String = token[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_rfc3339())
    }

    #[test]
    fn iso_and_rfc_forms() {
        assert_eq!(iso("2025-10-30T08:15:00Z").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("2025-10-30T17:15:00+09:00").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("2025-10-30T08:15:00.250Z").as_deref(), Some("2025-10-30T08:15:00.250+00:00"));
        assert_eq!(iso("2025-10-30T08:15:00+0000").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("2025-10-30T08:15Z").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("2025-10-30T08:15:00").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("2025-10-30 08:15").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("2025-10-30 08:15:00 UTC").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("2025-10-30").as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(iso("2025/10/30").as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(iso("Thu, 30 Oct 2025 08:15:00 GMT").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("Thu, 30 Oct 2025 04:15:00 -0400").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("20251030T171500+0900").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("20251030T0815Z").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("Thursday, October 30, 2025, 8:15 AM").as_deref(), Some("2025-10-30T08:15:00+00:00"));
    }

    #[test]
    fn month_name_forms() {
        let day = Some("2025-10-30T00:00:00+00:00");
        assert_eq!(iso("October 30, 2025").as_deref(), day);
        assert_eq!(iso("Oct. 30, 2025").as_deref(), day);
        assert_eq!(iso("Oct 30 2025").as_deref(), day);
        assert_eq!(iso("30 October 2025").as_deref(), day);
        assert_eq!(iso("30th Oct. 2025").as_deref(), day);
        assert_eq!(iso("Thursday, October 30, 2025").as_deref(), day);
        assert_eq!(iso("Sept. 5, 2025").as_deref(), Some("2025-09-05T00:00:00+00:00"));
        assert_eq!(iso("Oct. 30, 2025 4:15 a.m. EDT").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("October 30, 2025 8:15pm").as_deref(), Some("2025-10-30T20:15:00+00:00"));
        assert_eq!(iso("30 Oct 2025 17:15 +09:00").as_deref(), Some("2025-10-30T08:15:00+00:00"));
    }

    #[test]
    fn european_month_names() {
        let day = Some("2025-03-03T00:00:00+00:00");
        for s in [
            "3 mars 2025",
            "le 3 mars 2025",
            "lundi 3 mars 2025",
            "3. März 2025",
            "Montag, 3. März 2025",
            "3. Maerz 2025",
            "3 de marzo de 2025",
            "lunes, 3 de marzo de 2025",
            "3 marzo 2025",
            "3 de março de 2025",
            "3 MARS 2025",
        ] {
            assert_eq!(iso(s).as_deref(), day, "{s}");
        }
        assert_eq!(iso("1er août 2025").as_deref(), Some("2025-08-01T00:00:00+00:00"));
        assert_eq!(iso("3 maart 2025").as_deref(), day, "Dutch, from the shared month table");
        assert_eq!(iso("3 déc. 2025 à 14h30").as_deref(), Some("2025-12-03T14:30:00+00:00"));
        assert_eq!(iso("12. Dezember 2025 um 9:05 Uhr").as_deref(), Some("2025-12-12T09:05:00+00:00"));
        assert_eq!(iso("5 de dic. de 2025").as_deref(), Some("2025-12-05T00:00:00+00:00"));
    }

    #[test]
    fn wire_form() {
        assert_eq!(iso("26-FEB-1987 15:01:01.79").as_deref(), Some("1987-02-26T15:01:01+00:00"));
        assert_eq!(iso(" 5-MAR-1987 09:12:30").as_deref(), Some("1987-03-05T09:12:30+00:00"));
        assert_eq!(iso("26-FEB-1987").as_deref(), Some("1987-02-26T00:00:00+00:00"));
        assert_eq!(iso("26-XYZ-1987"), None);
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(iso("30.10.2025").as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(iso("10/30/2025").as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(iso("30/10/2025").as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(iso("20251030").as_deref(), Some("2025-10-30T00:00:00+00:00"));
        assert_eq!(iso("1761812100").as_deref(), Some("2025-10-30T08:15:00+00:00"));
        assert_eq!(iso("1761812100000").as_deref(), Some("2025-10-30T08:15:00+00:00"));
    }

    #[test]
    fn nonsense_is_none() {
        for s in [
            "",
            "  ",
            "yesterday",
            "2025-13-45",
            "February 30, 2025",
            "Oct 2025",
            "Busan",
            "32 October 2025",
            "2025-10-30T25:00:00Z",
            "12345",
            "99999999999999999999",
            "May May 2025",
            "10/30",
            "1/2/3",
            "Oct. 30, 2025 99:99",
            "+",
            "October 30, 2025 +9999",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(from_unix(0).map(|d| d.timestamp()), Some(0));
        assert_eq!(from_unix(i64::MAX), None);
        assert_eq!(from_unix(i64::MIN), None);
    }
}
