//! Dates as users type them, in `--from`/`--to` and in `date:` in queries: `2025`, `2025-10`,
//! `2025-10-30`, `Oct 2025`, `30 Oct 2025`, `today`, `yesterday`, `this week`, `last month`,
//! `last 30 days`, `since 2020`. Each names a period; `--from` takes its start and `--to` its
//! end, so `--from 2025-10 --to 2025-10` is all of October. Weeks start on Monday; relative
//! periods are calendar periods in UTC ("last week" is the whole previous week).

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

use crate::calendar::month_number;
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
        let now = Utc::now();
        let from = from.map(|s| period_at(s, now).map(|(start, _)| start)).transpose()?;
        let until = to.map(|s| period_at(s, now).map(|(_, end)| end)).transpose()?;
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

/// The start and the (exclusive) end of the period a date string names, relative to now.
pub fn period(text: &str) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    period_at(text, Utc::now())
}

/// The period a date string names, with relative periods taken from `now`.
pub fn period_at(text: &str, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let bad = || {
        Error::Usage(format!(
            "`{text}` is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, `Oct 2025`, `last week` or `since 2020`"
        ))
    };
    let lower = text.trim().to_lowercase().replace(',', " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let today = now.date_naive();
    let days = match words.as_slice() {
        ["since", rest @ ..] if !rest.is_empty() => {
            let (start, _) = period_at(&rest.join(" "), now)?;
            return Ok((start, midnight(today.succ_opt().ok_or_else(bad)?)));
        }
        ["today"] => Some((today, today.succ_opt())),
        ["yesterday"] => today.pred_opt().map(|d| (d, Some(today))),
        [iso] => iso_period(iso),
        [which @ ("this" | "last"), unit] => calendar(today, unit, *which == "last"),
        ["last", n, unit] => {
            let n: u32 = n.parse().map_err(|_| bad())?;
            rolling_start(today, n, unit).map(|start| (start, today.succ_opt()))
        }
        [month, year] => month_number(month).and_then(|m| month_period(year, m)),
        [a, b, year] => {
            let (day, month) = match (a.parse::<u32>(), b.parse::<u32>()) {
                (Ok(d), Err(_)) => (d, month_number(b)),
                (Err(_), Ok(d)) => (d, month_number(a)),
                _ => (0, None),
            };
            let date = year.parse().ok().and_then(|y| NaiveDate::from_ymd_opt(y, month?, day));
            date.map(|d| (d, d.succ_opt()))
        }
        _ => None,
    };
    match days {
        Some((start, Some(end))) => Ok((midnight(start), midnight(end))),
        _ => Err(bad()),
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn iso_period(text: &str) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    if parts[0].len() != 4 {
        return None;
    }
    let year: i32 = number(parts[0])? as i32;
    match parts.as_slice() {
        [_] => Some((ymd(year, 1, 1)?, ymd(year + 1, 1, 1))),
        [_, m] => month_period(parts[0], number(m)?),
        [_, m, d] => {
            let day = ymd(year, number(m)?, number(d)?)?;
            Some((day, day.succ_opt()))
        }
        _ => None,
    }
}

fn month_period(year: &str, month: u32) -> Option<(NaiveDate, Option<NaiveDate>)> {
    if year.len() != 4 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let start = ymd(year, month, 1)?;
    Some((start, start.checked_add_months(Months::new(1))))
}

/// This or last calendar week, month or year.
fn calendar(today: NaiveDate, unit: &str, last: bool) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let (start, next) = match unit.trim_end_matches('s') {
        "week" => {
            let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
            (monday, monday.checked_add_signed(Duration::days(7)))
        }
        "month" => {
            let first = ymd(today.year(), today.month(), 1)?;
            (first, first.checked_add_months(Months::new(1)))
        }
        "year" => (ymd(today.year(), 1, 1)?, ymd(today.year() + 1, 1, 1)),
        _ => return None,
    };
    if !last {
        return Some((start, next));
    }
    let previous = match unit.trim_end_matches('s') {
        "week" => start.checked_sub_signed(Duration::days(7)),
        "month" => start.checked_sub_months(Months::new(1)),
        _ => ymd(today.year() - 1, 1, 1),
    };
    Some((previous?, Some(start)))
}

/// The first day of the last `n` days, weeks, months or years (today included).
fn rolling_start(today: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    match unit.trim_end_matches('s') {
        "day" => today.checked_sub_signed(Duration::days(i64::from(n.saturating_sub(1)))),
        "week" => today.checked_sub_signed(Duration::weeks(i64::from(n))),
        "month" => today.checked_sub_months(Months::new(n)),
        "year" => today.checked_sub_months(Months::new(n.checked_mul(12)?)),
        _ => None,
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

    /// A Thursday.
    fn now() -> DateTime<Utc> {
        day("2025-10-30") + Duration::hours(15)
    }

    fn p(text: &str) -> (DateTime<Utc>, DateTime<Utc>) {
        period_at(text, now()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn periods_cover_year_month_and_day() {
        assert_eq!(p("2025"), (day("2025-01-01"), day("2026-01-01")));
        assert_eq!(p("2025-10"), (day("2025-10-01"), day("2025-11-01")));
        assert_eq!(p("2025-12"), (day("2025-12-01"), day("2026-01-01")));
        assert_eq!(p("2025-10-30"), (day("2025-10-30"), day("2025-10-31")));
    }

    #[test]
    fn written_months_and_days() {
        assert_eq!(p("Oct 2025"), (day("2025-10-01"), day("2025-11-01")));
        assert_eq!(p("October 2025"), p("2025-10"));
        assert_eq!(p("Sept. 2024"), p("2024-09"));
        assert_eq!(p("30 Oct 2025"), p("2025-10-30"));
        assert_eq!(p("Oct 30, 2025"), p("2025-10-30"));
    }

    #[test]
    fn european_month_names() {
        assert_eq!(p("30 octobre 2025"), p("2025-10-30"));
        assert_eq!(p("März 2025"), p("2025-03"));
        assert_eq!(p("mayo 2025"), p("2025-05"));
        assert_eq!(p("déc. 2024"), p("2024-12"));
    }

    #[test]
    fn relative_periods_are_calendar_periods() {
        assert_eq!(p("today"), (day("2025-10-30"), day("2025-10-31")));
        assert_eq!(p("yesterday"), (day("2025-10-29"), day("2025-10-30")));
        assert_eq!(p("this week"), (day("2025-10-27"), day("2025-11-03")));
        assert_eq!(p("last week"), (day("2025-10-20"), day("2025-10-27")));
        assert_eq!(p("last month"), (day("2025-09-01"), day("2025-10-01")));
        assert_eq!(p("last year"), (day("2024-01-01"), day("2025-01-01")));
        assert_eq!(p("last 7 days"), (day("2025-10-24"), day("2025-10-31")));
        assert_eq!(p("since 2020"), (day("2020-01-01"), day("2025-10-31")));
    }

    #[test]
    fn bad_dates_are_usage_errors_not_panics() {
        for bad in [
            "",
            "25",
            "2025-13",
            "2025-02-30",
            "2025-1-1-1",
            "oct",
            "2025-",
            "-",
            "99999",
            "last",
            "last 99999999999 years",
            "since",
            "Foo 2025",
            "32 Oct 2025",
            "last week ago",
            "ö 2025",
        ] {
            assert!(period_at(bad, now()).is_err(), "{bad} should be rejected");
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
