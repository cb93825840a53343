//! Times of day as people type them («9:00», «9–18») and local days as instants.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("not hours")]
    Format,
    #[error("ends before it starts")]
    EndBeforeStart,
}

/// «9:00», «09:30», «9» → minutes after midnight.
pub fn parse_clock(s: &str) -> Option<u32> {
    let s = s.trim();
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None => (s, "0"),
    };
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// «9:00-19:00», «9–18» → (start, end) in minutes.
pub fn parse_hours(s: &str) -> Result<(u32, u32), HoursError> {
    let (a, b) = s.split_once(['-', '–', '—']).ok_or(HoursError::Format)?;
    let start = parse_clock(a).ok_or(HoursError::Format)?;
    let end = parse_clock(b).ok_or(HoursError::Format)?;
    if end <= start {
        return Err(HoursError::EndBeforeStart);
    }
    Ok((start, end))
}

pub fn fmt_clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A local day and minute as a UTC instant (the earlier one across a DST fold).
pub fn at_local(day: NaiveDate, minute: u32, tz: Tz) -> Option<DateTime<Utc>> {
    let t = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?;
    tz.from_local_datetime(&day.and_time(t))
        .earliest()
        .map(|x| x.with_timezone(&Utc))
}
