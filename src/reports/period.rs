//! The period a report covers: the last week, month or quarter, or dates the head names.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::clock::at_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
    Quarter,
    /// Whole days, both included.
    Custom {
        from: NaiveDate,
        to: NaiveDate,
    },
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
    /// [from, to) in unix seconds, ending now for the rolling periods.
    pub fn bounds(self, now: DateTime<Utc>, tz: Tz) -> (i64, i64) {
        let days = match self {
            Period::Week => 7,
            Period::Month => 30,
            Period::Quarter => 91,
            Period::Custom { from, to } => {
                let a = at_local(from, 0, tz).map(|t| t.timestamp()).unwrap_or(0);
                let b = at_local(to + Duration::days(1), 0, tz)
                    .map(|t| t.timestamp())
                    .unwrap_or(0);
                return (a, b);
            }
        };
        (
            (now - Duration::days(days)).timestamp(),
            now.timestamp() + 1,
        )
    }

    /// Compact form for button data: `w`, `m`, `q`, or `c<from day>-<to day>` (days since 1970).
    pub fn code(self) -> String {
        match self {
            Period::Week => "w".into(),
            Period::Month => "m".into(),
            Period::Quarter => "q".into(),
            Period::Custom { from, to } => format!("c{}-{}", day_number(from), day_number(to)),
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "w" => Some(Period::Week),
            "m" => Some(Period::Month),
            "q" => Some(Period::Quarter),
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
        for p in [Period::Week, Period::Month, Period::Quarter, c] {
            assert_eq!(Period::from_code(&p.code()), Some(p));
        }
        assert_eq!(Period::from_code("c20-10"), None);
    }
}
