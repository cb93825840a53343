//! When things should reach a person: working days and hours, the meeting's evening-before and
//! hour-before notices, the morning agenda. Pure: time is an argument.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::kind::NoticeKind;

pub use crate::domain::clock::{at_local, fmt_clock, parse_clock, parse_hours, HoursError};

/// A user's working week: days as a bit mask (bit 0 = Monday) and hours in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkSchedule {
    pub days: u8,
    pub start: u32,
    pub end: u32,
}

impl Default for WorkSchedule {
    fn default() -> Self {
        Self {
            days: 0b001_1111,
            start: 9 * 60,
            end: 19 * 60,
        }
    }
}

impl WorkSchedule {
    pub fn is_work_day(&self, d: NaiveDate) -> bool {
        self.days & (1 << d.weekday().num_days_from_monday()) != 0
    }

    /// The first moment at or after `t` that falls inside working hours.
    pub fn next_window(&self, t: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
        if self.days == 0 || self.end <= self.start {
            return t;
        }
        let local = t.with_timezone(&tz);
        let minute = local.hour_minute();
        let mut day = local.date_naive();
        if self.is_work_day(day) && minute >= self.start && minute < self.end {
            return t;
        }
        if !(self.is_work_day(day) && minute < self.start) {
            day += Duration::days(1);
            while !self.is_work_day(day) {
                day += Duration::days(1);
            }
        }
        at_local(day, self.start, tz).unwrap_or(t)
    }
}

trait HourMinute {
    fn hour_minute(&self) -> u32;
}

impl<T: chrono::Timelike> HourMinute for T {
    fn hour_minute(&self) -> u32 {
        self.hour() * 60 + self.minute()
    }
}

/// The notices a meeting at `due` gets: the evening before (at `eve_minute` local, when that is
/// still ahead and well before the meeting), `soon_minutes` before, and a prompt to log it after.
pub fn meeting_notices(
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
    eve_minute: u32,
    soon_minutes: i64,
) -> Vec<(NoticeKind, DateTime<Utc>)> {
    let mut out = Vec::new();
    let day_before = due.with_timezone(&tz).date_naive() - Duration::days(1);
    let soon = due - Duration::minutes(soon_minutes);
    if let Some(eve) = at_local(day_before, eve_minute, tz) {
        if eve > now && eve < soon - Duration::hours(2) {
            out.push((NoticeKind::MeetingEve, eve));
        }
    }
    if soon > now {
        out.push((NoticeKind::MeetingSoon, soon));
    }
    out.push((NoticeKind::MeetingAfter, due + Duration::minutes(90)));
    out
}

/// Today's date in `tz` if the morning agenda is due now: a working day, past the agenda time,
/// still inside working hours.
pub fn agenda_day(
    now: DateTime<Utc>,
    tz: Tz,
    s: &WorkSchedule,
    agenda_minute: u32,
) -> Option<NaiveDate> {
    let local = now.with_timezone(&tz);
    let day = local.date_naive();
    let m = local.hour_minute();
    (s.is_work_day(day) && m >= agenda_minute && m < s.end.max(agenda_minute + 1)).then_some(day)
}

/// A notice this much behind its time is marked as late.
pub const LATE_AFTER_SECS: i64 = 5 * 60;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Moscow;

    fn msk(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Moscow
            .with_ymd_and_hms(2026, 11, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn hours_are_parsed_and_must_end_after_they_start() {
        assert_eq!(parse_hours("9:00-19:00"), Ok((540, 1140)));
        assert_eq!(parse_hours("10 – 18:30"), Ok((600, 1110)));
        assert_eq!(parse_hours("19:00-9:00"), Err(HoursError::EndBeforeStart));
        assert_eq!(parse_hours("9:00-9:00"), Err(HoursError::EndBeforeStart));
        assert_eq!(parse_hours("утром"), Err(HoursError::Format));
        assert_eq!(parse_hours("25:00-26:00"), Err(HoursError::Format));
    }

    #[test]
    fn inside_working_hours_nothing_moves() {
        let s = WorkSchedule::default();
        assert_eq!(s.next_window(msk(26, 12, 0), Moscow), msk(26, 12, 0));
    }

    #[test]
    fn evenings_and_weekends_wait_for_the_next_working_morning() {
        let s = WorkSchedule::default();
        // Thursday 26.11 20:00 → Friday 09:00
        assert_eq!(s.next_window(msk(26, 20, 0), Moscow), msk(27, 9, 0));
        // Thursday 07:00 → the same day 09:00
        assert_eq!(s.next_window(msk(26, 7, 0), Moscow), msk(26, 9, 0));
        // Friday 19:30 → Monday 30.11 09:00
        assert_eq!(s.next_window(msk(27, 19, 30), Moscow), msk(30, 9, 0));
        // Saturday noon → Monday
        assert_eq!(s.next_window(msk(28, 12, 0), Moscow), msk(30, 9, 0));
    }

    #[test]
    fn a_custom_week_is_respected() {
        // Tuesday to Saturday, 10:00–20:00
        let s = WorkSchedule {
            days: 0b011_1110,
            start: 600,
            end: 1200,
        };
        assert_eq!(s.next_window(msk(28, 15, 0), Moscow), msk(28, 15, 0));
        assert_eq!(
            s.next_window(msk(29, 15, 0), Moscow),
            msk(30, 10, 0) + Duration::days(1)
        );
    }

    #[test]
    fn a_meeting_gets_an_evening_notice_an_hour_notice_and_a_follow_up() {
        let due = msk(27, 15, 0);
        let n = meeting_notices(due, msk(26, 12, 0), Moscow, 18 * 60, 60);
        assert_eq!(
            n,
            vec![
                (NoticeKind::MeetingEve, msk(26, 18, 0)),
                (NoticeKind::MeetingSoon, msk(27, 14, 0)),
                (NoticeKind::MeetingAfter, msk(27, 16, 30)),
            ]
        );
        // arranged for tonight: no evening-before notice that already passed
        let n = meeting_notices(msk(26, 19, 0), msk(26, 12, 0), Moscow, 18 * 60, 60);
        assert_eq!(
            n.iter().map(|x| x.0).collect::<Vec<_>>(),
            [NoticeKind::MeetingSoon, NoticeKind::MeetingAfter]
        );
        // a meeting in 30 minutes: only the follow-up
        let n = meeting_notices(msk(26, 12, 30), msk(26, 12, 0), Moscow, 18 * 60, 60);
        assert_eq!(
            n.iter().map(|x| x.0).collect::<Vec<_>>(),
            [NoticeKind::MeetingAfter]
        );
    }

    #[test]
    fn the_agenda_comes_on_working_mornings_only() {
        let s = WorkSchedule::default();
        assert_eq!(agenda_day(msk(26, 8, 59), Moscow, &s, 540), None);
        assert_eq!(
            agenda_day(msk(26, 9, 0), Moscow, &s, 540),
            NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        assert_eq!(
            agenda_day(msk(28, 10, 0), Moscow, &s, 540),
            None,
            "Saturday"
        );
        assert_eq!(
            agenda_day(msk(26, 19, 30), Moscow, &s, 540),
            None,
            "after hours"
        );
    }
}
