//! Dates as users type them in `--from` and `--to`: `2025`, `2025-10` or `2025-10-30`.
//! `--from` takes the start of the period it names and `--to` its end, so `--from 2025-10
//! --to 2025-10` is all of October.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::{Error, Result};

/// A half-open range of instants `[from, until)`; `None` is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// Inclusive start.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive end.
    pub until: Option<DateTime<Utc>>,
}

impl DateRange {
    /// Builds the range from the user's `--from` and `--to` values.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<DateRange> {
        let from = from.map(|s| period(s).map(|(start, _)| start)).transpose()?;
        let until = to.map(|s| period(s).map(|(_, end)| end)).transpose()?;
        if let (Some(a), Some(b)) = (from, until)
            && a >= b
        {
            return Err(Error::Usage(
                "--from is after --to: no date can match; swap them or widen the range".into(),
            ));
        }
        Ok(DateRange { from, until })
    }

    /// Whether no bound is set.
    pub fn is_unbounded(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// The start and the (exclusive) end of the period a date string names.
pub fn period(text: &str) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let bad = || {
        Error::Usage(format!(
            "`{text}` is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (for example 2025-10-30)"
        ))
    };
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = parts.first().and_then(|s| number(s)).filter(|_| parts[0].len() == 4).ok_or_else(bad)? as i32;
    let (start, end) = match parts.len() {
        1 => (ymd(year, 1, 1), ymd(year + 1, 1, 1)),
        2 => {
            let month = number(parts[1]).ok_or_else(bad)?;
            let start = ymd(year, month, 1);
            let next = if month == 12 { ymd(year + 1, 1, 1) } else { ymd(year, month + 1, 1) };
            (start, next)
        }
        3 => {
            let start = NaiveDate::from_ymd_opt(
                year,
                number(parts[1]).ok_or_else(bad)?,
                number(parts[2]).ok_or_else(bad)?,
            );
            (start, start.and_then(|d| d.succ_opt()))
        }
        _ => return Err(bad()),
    };
    match (start, end) {
        (Some(s), Some(e)) => Ok((midnight(s), midnight(e))),
        _ => Err(bad()),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// Formats a stored date the way hits show it.
pub fn show(date: &DateTime<Utc>) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> DateTime<Utc> {
        midnight(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn periods_cover_year_month_and_day() {
        assert_eq!(period("2025").unwrap(), (day("2025-01-01"), day("2026-01-01")));
        assert_eq!(period("2025-10").unwrap(), (day("2025-10-01"), day("2025-11-01")));
        assert_eq!(period("2025-12").unwrap(), (day("2025-12-01"), day("2026-01-01")));
        assert_eq!(period("2025-10-30").unwrap(), (day("2025-10-30"), day("2025-10-31")));
    }

    #[test]
    fn bad_dates_are_usage_errors_not_panics() {
        for bad in ["", "25", "2025-13", "2025-02-30", "2025-1-1-1", "oct", "2025-", "-", "99999"] {
            assert!(period(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn to_is_inclusive_of_its_period_and_order_is_checked() {
        let r = DateRange::parse(Some("2025-10"), Some("2025-10")).unwrap();
        assert_eq!(r.from, Some(day("2025-10-01")));
        assert_eq!(r.until, Some(day("2025-11-01")));
        assert!(DateRange::parse(Some("2026"), Some("2025")).is_err());
    }
}
