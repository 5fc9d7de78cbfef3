//! The date parsers: metadata dates (`ingest::parse_date`) and the dates users type
//! (`--from`/`--to`, `date:`), at a fixed "now" so a failure reproduces.
#![no_main]

use chrono::{TimeZone, Utc};
use dateline::ingest::parse_date;
use dateline::search::dates::{DateRange, period_at};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_date(&text);
    let now = Utc.with_ymd_and_hms(2025, 10, 30, 8, 15, 0).unwrap();
    let _ = period_at(&text, now);
    let (from, to) = text.split_once('\n').unwrap_or((&text, ""));
    let _ = DateRange::parse(Some(from), Some(to));
});
