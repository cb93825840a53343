//! The period a report covers: a calendar week, month, quarter or year to date, the last whole
//! month, or dates the head names. The label always names exactly the window counted.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::clock::at_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// This calendar week (from Monday) to now.
    Week,
    /// This calendar month to now.
    Month,
    /// This calendar quarter to now.
    Quarter,
    /// The previous calendar month, whole.
    LastMonth,
    /// The previous calendar week (Monday to Sunday), whole: what the weekly digest covers.
    LastWeek,
    /// This calendar year to now.
    Year,
    /// Whole days, both included.
    Custom { from: NaiveDate, to: NaiveDate },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("not two dates")]
    Format,
    #[error("ends before it starts")]
    Reversed,
    #[error("longer than five years")]
    TooLong,
}

impl Period {
    /// [from, to) in unix seconds, in the reader's time zone; the periods «to date» end now.
    pub fn bounds(self, now: DateTime<Utc>, tz: Tz) -> (i64, i64) {
        let today = now.with_timezone(&tz).date_naive();
        let start = |d: NaiveDate| at_local(d, 0, tz).map(|t| t.timestamp()).unwrap_or(0);
        let first_of = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today);
        let to_date = |from: NaiveDate| (start(from), now.timestamp() + 1);
        match self {
            Period::Week => {
                to_date(today - Duration::days(i64::from(today.weekday().num_days_from_monday())))
            }
            Period::Month => to_date(first_of(today.year(), today.month())),
            Period::Quarter => to_date(first_of(today.year(), (today.month() - 1) / 3 * 3 + 1)),
            Period::Year => to_date(first_of(today.year(), 1)),
            Period::LastWeek => {
                let monday =
                    today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
                (start(monday - Duration::days(7)), start(monday))
            }
            Period::LastMonth => {
                let this = first_of(today.year(), today.month());
                let last = this - Duration::days(1);
                (start(first_of(last.year(), last.month())), start(this))
            }
            Period::Custom { from, to } => (start(from), start(to + Duration::days(1))),
        }
    }

    /// Compact form for button data: `w`, `m`, `q`, or `c<from day>-<to day>` (days since 1970).
    pub fn code(self) -> String {
        match self {
            Period::Week => "w".into(),
            Period::Month => "m".into(),
            Period::Quarter => "q".into(),
            Period::LastMonth => "l".into(),
            Period::LastWeek => "lw".into(),
            Period::Year => "y".into(),
            Period::Custom { from, to } => format!("c{}-{}", day_number(from), day_number(to)),
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "w" => Some(Period::Week),
            "m" => Some(Period::Month),
            "q" => Some(Period::Quarter),
            "l" => Some(Period::LastMonth),
            "lw" => Some(Period::LastWeek),
            "y" => Some(Period::Year),
            c => {
                let (a, b) = c.strip_prefix('c')?.split_once('-')?;
                let from = from_day_number(a.parse().ok()?)?;
                let to = from_day_number(b.parse().ok()?)?;
                (from <= to).then_some(Period::Custom { from, to })
            }
        }
    }

    /// «01.11.2026-30.11.2026» (or «01.11.2026 - 30.11.2026»).
    pub fn parse_custom(raw: &str) -> Result<Self, PeriodError> {
        let (a, b) = raw.split_once(['-', '–', '—']).ok_or(PeriodError::Format)?;
        let parse = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%d.%m.%Y").map_err(|_| PeriodError::Format)
        };
        let (from, to) = (parse(a)?, parse(b)?);
        if to < from {
            return Err(PeriodError::Reversed);
        }
        if (to - from).num_days() > 5 * 366 {
            return Err(PeriodError::TooLong);
        }
        Ok(Period::Custom { from, to })
    }
}

fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days()
}

fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(Duration::days(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_periods_count_exactly_the_window_they_name() {
        use chrono::TimeZone;
        let msk = chrono_tz::Europe::Moscow;
        // Thursday 26.11.2026, 12:00 in Moscow
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let at = |y, m, d| msk.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap().timestamp();
        let end = now.timestamp() + 1;
        assert_eq!(Period::Month.bounds(now, msk), (at(2026, 11, 1), end));
        assert_eq!(Period::Week.bounds(now, msk), (at(2026, 11, 23), end));
        assert_eq!(Period::Quarter.bounds(now, msk), (at(2026, 10, 1), end));
        assert_eq!(Period::Year.bounds(now, msk), (at(2026, 1, 1), end));
        assert_eq!(
            Period::LastMonth.bounds(now, msk),
            (at(2026, 10, 1), at(2026, 11, 1))
        );
        // a deal won on 01.11 at 00:30 is inside «this month»
        let won = msk
            .with_ymd_and_hms(2026, 11, 1, 0, 30, 0)
            .unwrap()
            .timestamp();
        let (from, to) = Period::Month.bounds(now, msk);
        assert!(from <= won && won < to);
    }

    #[test]
    fn custom_periods_are_checked() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            Period::parse_custom("01.11.2026-30.11.2026"),
            Ok(Period::Custom {
                from: d(2026, 11, 1),
                to: d(2026, 11, 30)
            })
        );
        assert_eq!(
            Period::parse_custom("30.11.2026 - 01.11.2026"),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            Period::parse_custom("01.01.2015-01.01.2026"),
            Err(PeriodError::TooLong)
        );
        assert_eq!(Period::parse_custom("ноябрь"), Err(PeriodError::Format));
        assert_eq!(
            Period::parse_custom("31.02.2026-01.03.2026"),
            Err(PeriodError::Format)
        );
    }

    #[test]
    fn codes_round_trip() {
        let c = Period::Custom {
            from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        };
        for p in [
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::LastMonth,
            Period::LastWeek,
            Period::Year,
            c,
        ] {
            assert_eq!(Period::from_code(&p.code()), Some(p));
        }
        assert_eq!(Period::from_code("c20-10"), None);
    }
}
