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

    /// The equal window just before, for the trend: the same days of the previous week, month,
    /// quarter or year for the periods «to date» (December 1–15 against November 1–15), the week
    /// or month before a whole one, the same number of days before own dates.
    pub fn previous_bounds(self, now: DateTime<Utc>, tz: Tz) -> (i64, i64) {
        let (from, to) = self.bounds(now, tz);
        let start = |d: NaiveDate| at_local(d, 0, tz).map(|t| t.timestamp()).unwrap_or(0);
        let day_of = |ts: i64| {
            DateTime::from_timestamp(ts, 0)
                .map(|t| t.with_timezone(&tz).date_naive())
                .unwrap_or_default()
        };
        let back_months = |months: u32| {
            let d = day_of(from);
            let total = d.year() * 12 + d.month0() as i32 - months as i32;
            NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
                .unwrap_or(d)
        };
        let prev_from = match self {
            Period::Week | Period::LastWeek => start(day_of(from) - Duration::days(7)),
            Period::Month | Period::LastMonth => start(back_months(1)),
            Period::Quarter => start(back_months(3)),
            Period::Year => start(back_months(12)),
            Period::Custom { .. } => from - (to - from),
        };
        let prev_to = match self {
            // whole months are whole: the month before, however long it was
            Period::LastMonth => from,
            _ => (prev_from + (to - from)).min(from),
        };
        (prev_from, prev_to)
    }

    /// The calendar months a period covers whole or to date, as yyyymm: the months whose plans
    /// add up to the period's plan. None for a week or own dates that are not whole months.
    pub fn plan_months(self, now: DateTime<Utc>, tz: Tz) -> Option<Vec<u32>> {
        let today = now.with_timezone(&tz).date_naive();
        let ym = |y: i32, m: u32| (y as u32) * 100 + m;
        let months_from = |y: i32, first: u32, n: u32| -> Vec<u32> {
            (0..n)
                .map(|i| {
                    let t = y * 12 + (first - 1 + i) as i32;
                    ym(t.div_euclid(12), t.rem_euclid(12) as u32 + 1)
                })
                .collect()
        };
        match self {
            Period::Month => Some(vec![ym(today.year(), today.month())]),
            Period::LastMonth => {
                let t = today.year() * 12 + today.month0() as i32 - 1;
                Some(vec![ym(t.div_euclid(12), t.rem_euclid(12) as u32 + 1)])
            }
            Period::Quarter => Some(months_from(
                today.year(),
                (today.month() - 1) / 3 * 3 + 1,
                3,
            )),
            Period::Year => Some(months_from(today.year(), 1, 12)),
            Period::Week | Period::LastWeek => None,
            Period::Custom { from, to } => {
                let last_day = to + Duration::days(1);
                (from.day() == 1 && last_day.day() == 1).then(|| {
                    let n = (last_day.year() * 12 + last_day.month0() as i32)
                        - (from.year() * 12 + from.month0() as i32);
                    months_from(from.year(), from.month(), n.max(0) as u32)
                })
            }
        }
    }

    /// Whether the period runs to now, so a forecast to its end means something.
    pub fn is_current(self) -> bool {
        matches!(
            self,
            Period::Week | Period::Month | Period::Quarter | Period::Year
        )
    }

    /// Where a current period ends (its last instant + 1): the end its forecast is for.
    pub fn end(self, now: DateTime<Utc>, tz: Tz) -> i64 {
        let today = now.with_timezone(&tz).date_naive();
        let start = |d: NaiveDate| at_local(d, 0, tz).map(|t| t.timestamp()).unwrap_or(0);
        let first = |y: i32, m: u32| {
            let t = y * 12 + m as i32 - 1;
            NaiveDate::from_ymd_opt(t.div_euclid(12), t.rem_euclid(12) as u32 + 1, 1)
                .unwrap_or(today)
        };
        match self {
            Period::Week => start(
                today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
                    + Duration::days(7),
            ),
            Period::Month => start(first(today.year(), today.month() + 1)),
            Period::Quarter => start(first(today.year(), (today.month() - 1) / 3 * 3 + 4)),
            Period::Year => start(first(today.year() + 1, 1)),
            other => other.bounds(now, tz).1,
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

    #[test]
    fn the_trend_compares_with_the_equal_window_before() {
        let tz = chrono_tz::Europe::Moscow;
        // Tuesday 15 December 2026, 12:00 in Moscow
        let now = at_local(NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(), 12 * 60, tz).unwrap();
        let day = |y, m, d| {
            at_local(NaiveDate::from_ymd_opt(y, m, d).unwrap(), 0, tz)
                .unwrap()
                .timestamp()
        };
        let (from, to) = Period::Month.bounds(now, tz);
        let (pf, pt) = Period::Month.previous_bounds(now, tz);
        assert_eq!(from, day(2026, 12, 1));
        assert_eq!(pf, day(2026, 11, 1));
        assert_eq!(
            pt - pf,
            to - from,
            "as long as the window it is compared with"
        );
        let (pf, pt) = Period::LastMonth.previous_bounds(now, tz);
        assert_eq!((pf, pt), (day(2026, 10, 1), day(2026, 11, 1)));
        let (pf, _) = Period::Year.previous_bounds(now, tz);
        assert_eq!(pf, day(2025, 1, 1));
        let (pf, _) = Period::Quarter.previous_bounds(now, tz);
        assert_eq!(pf, day(2026, 7, 1));
        let (pf, pt) = Period::Week.previous_bounds(now, tz);
        assert_eq!(pf, day(2026, 12, 7));
        assert_eq!(pt, day(2026, 12, 8) + 12 * 3600 + 1);
        let own = Period::Custom {
            from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
        };
        assert_eq!(
            own.previous_bounds(now, tz),
            (day(2026, 11, 21), day(2026, 12, 1))
        );
        // plans add up by month
        assert_eq!(Period::Month.plan_months(now, tz), Some(vec![202612]));
        assert_eq!(Period::LastMonth.plan_months(now, tz), Some(vec![202611]));
        assert_eq!(
            Period::Quarter.plan_months(now, tz),
            Some(vec![202610, 202611, 202612])
        );
        assert_eq!(Period::Week.plan_months(now, tz), None);
        assert_eq!(own.plan_months(now, tz), None);
        assert_eq!(Period::Month.end(now, tz), day(2027, 1, 1));
        assert_eq!(Period::Quarter.end(now, tz), day(2027, 1, 1));
    }
}
