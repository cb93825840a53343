//! Dates and times as people say them, in the user's time zone: «завтра в 15:00», «в пять
//! часов вечера», «в следующую пятницу в половине десятого», «через три дня к обеду», «пятого
//! января в 10», «без пятнадцати три». Time is an argument: nothing here reads the clock.
//!
//! A grammar, not a table of phrases: `lex` knows the words (numbers in every case, weekdays,
//! months, day words, parts of the day, prepositions, modifiers; one typo in a long word is set
//! right), `grammar` composes a day, a time, a part of the day and a week in any order, and
//! this module resolves what was said against the moment it was said at. `say` writes a moment
//! back as a phrase that reads as the same minute.

mod grammar;
mod lex;
mod say;

#[cfg(test)]
mod generated;

pub use say::say_moment;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use grammar::{DayExpr, Phrase, Span, TimeExpr};
use lex::{Modi, PartWord, Tok, Unit};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("not a date")]
    Unparseable,
    #[error("a date without a time")]
    MissingTime,
    #[error("no such time of day")]
    BadTime,
    #[error("no such date")]
    ImpossibleDate,
    #[error("in the past")]
    InPast,
    #[error("negative offset")]
    NegativeOffset,
    #[error("too far ahead")]
    TooFar,
    #[error("in the future")]
    InFuture,
    /// «пт, 05.12»: the weekday said is not the date's.
    #[error("the weekday does not match the date")]
    WeekdayMismatch,
    /// «в 7», «в час», «в полседьмого»: morning or evening? Asked, never guessed.
    #[error("morning or evening")]
    AmbiguousHour(u32),
    /// «в четверг» said on a Thursday, «в следующую субботу» said on a Thursday: this week or
    /// the next? Both readings (unix seconds), asked.
    #[error("today or in a week")]
    AmbiguousDay { first: i64, second: i64 },
}

/// How far ahead a date may lie: a guard against typos like «через 9999 дней».
const MAX_DAYS_AHEAD: i64 = 5 * 366;

/// A day that has come already: «сегодня», «вчера», «25.11», «25.11.2026», «20 ноября» (not in
/// the future).
pub fn parse_past_day(raw: &str, now: DateTime<Utc>, tz: Tz) -> Result<NaiveDate, WhenError> {
    let today = now.with_timezone(&tz).date_naive();
    let ph = grammar::parse(&lex::tokens(raw, true), true).ok_or(WhenError::Unparseable)?;
    if ph.time.is_some() || ph.part.is_some() || ph.weekday.is_some() || ph.week.is_some() {
        return Err(WhenError::Unparseable);
    }
    let day = match ph.day {
        Some(DayExpr::Offset(n)) => today + Duration::days(n),
        Some(DayExpr::Date { day, month, year }) => {
            let y = year.unwrap_or(today.year());
            let d = NaiveDate::from_ymd_opt(y, month, day).ok_or(WhenError::ImpossibleDate)?;
            // «25.12» said in January means last December
            if year.is_none() && d > today {
                NaiveDate::from_ymd_opt(y - 1, month, day).ok_or(WhenError::ImpossibleDate)?
            } else {
                d
            }
        }
        _ => return Err(WhenError::Unparseable),
    };
    if day > today {
        return Err(WhenError::InFuture);
    }
    if (today - day).num_days() > MAX_DAYS_AHEAD {
        return Err(WhenError::TooFar);
    }
    Ok(day)
}

/// What «утром», «в обед»/«после обеда»/«днём» and «вечером» mean when no hour is said, in
/// minutes after midnight: the team sets them in /limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayParts {
    pub morning: u32,
    pub lunch: u32,
    pub evening: u32,
}

impl Default for DayParts {
    fn default() -> Self {
        Self {
            morning: 10 * 60,
            lunch: 14 * 60,
            evening: 18 * 60,
        }
    }
}

impl DayParts {
    /// Morning before lunch before evening, each a time of day.
    pub fn is_ordered(&self) -> bool {
        self.morning < self.lunch && self.lunch < self.evening && self.evening < 24 * 60
    }

    /// The time a part of the day stands for when no hour is said.
    fn time(&self, part: PartWord) -> NaiveTime {
        let minute = match part {
            PartWord::Morning => self.morning,
            PartWord::Noon => 12 * 60,
            PartWord::Lunch | PartWord::Afternoon => self.lunch,
            PartWord::Evening | PartWord::Work => self.evening,
            PartWord::Night => 22 * 60,
        };
        NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap_or_default()
    }
}

/// «7 вечера» is 19:00, «3 часа дня» 15:00, «10 утра» 10:00, «2 ночи» 02:00, «11 ночи» 23:00.
fn hour_in(part: PartWord, h: u32) -> Result<u32, WhenError> {
    Ok(match part {
        PartWord::Morning => h,
        PartWord::Noon => return Err(WhenError::Unparseable),
        PartWord::Lunch | PartWord::Afternoon | PartWord::Evening | PartWord::Work => match h {
            1..=11 => h + 12,
            12 if part == PartWord::Evening => return Err(WhenError::BadTime),
            _ => h,
        },
        PartWord::Night => match h {
            12 => 0,
            9..=11 => h + 12,
            _ => h,
        },
    })
}

/// Parses a moment strictly in the future of `now`, read in time zone `tz`, with the default
/// parts of the day.
pub fn parse_when(raw: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    parse_when_with(raw, now, tz, &DayParts::default())
}

/// `parse_when` with the team's own parts of the day. A mistyped long word reads as the word
/// meant («завтар»): the bot shows the moment before it is saved.
pub fn parse_when_with(
    raw: &str,
    now: DateTime<Utc>,
    tz: Tz,
    parts: &DayParts,
) -> Result<DateTime<Utc>, WhenError> {
    read(&lex::tokens(raw, true), now, tz, parts)
}

fn read(
    toks: &[Tok],
    now: DateTime<Utc>,
    tz: Tz,
    parts: &DayParts,
) -> Result<DateTime<Utc>, WhenError> {
    // read with the ranges checked; failing that, read out of range to tell why («25:00»)
    match grammar::parse(toks, true).or_else(|| grammar::parse(toks, false)) {
        Some(ph) => resolve(&ph, now, tz, parts),
        None => Err(WhenError::Unparseable),
    }
}

/// The moment a phrase names, said at `now`.
fn resolve(
    ph: &Phrase,
    now: DateTime<Utc>,
    tz: Tz,
    parts: &DayParts,
) -> Result<DateTime<Utc>, WhenError> {
    if let Some(span) = ph.span {
        return after_span(span, now, tz);
    }
    let local_now = now.with_timezone(&tz);
    let today = local_now.date_naive();
    // the day first: «31.02» is no date, with or without a time
    let day = match ph.day {
        None => None,
        Some(DayExpr::Offset(n)) => Some(today + Duration::days(n)),
        Some(DayExpr::Date { day, month, year }) => Some(calendar_date(day, month, year, today)?),
        Some(DayExpr::DayOfMonth(d)) => Some(day_of_month(d, today)?),
        Some(DayExpr::After { n, unit, negative }) => Some(after_days(n, unit, negative, today)?),
    };
    let time = match time_of(ph, parts)? {
        Some(t) => t,
        // «через 2 дня»: the same time of day, to the minute
        None if matches!(ph.day, Some(DayExpr::After { .. })) => {
            let at = rounded(now).with_timezone(&tz);
            let date = day.unwrap_or(today) + (at.date_naive() - today);
            return finish(date.and_time(at.time()), now, tz);
        }
        None if ph.day.is_some() || ph.weekday.is_some() => return Err(WhenError::MissingTime),
        None => return Err(WhenError::Unparseable),
    };
    let date = match (ph.weekday, day) {
        (Some((wd, _)), Some(d)) => {
            // a weekday beside a date is checked against it («пт, 04.12.2026 в 10:30»)
            if d.weekday() != wd {
                return Err(WhenError::WeekdayMismatch);
            }
            d
        }
        (Some((wd, m)), None) => weekday_date(wd, m, ph.week, time, now, tz)?,
        (None, Some(d)) => d,
        // a bare time means today, or tomorrow once it has passed
        (None, None) if time > local_now.time() => today,
        (None, None) => today + Duration::days(1),
    };
    finish(date.and_time(time), now, tz)
}

/// The time of day said, if one was: a clock time as written, an hour with its part of the
/// day, a part of the day alone; an hour from one to seven without one is asked.
fn time_of(ph: &Phrase, parts: &DayParts) -> Result<Option<NaiveTime>, WhenError> {
    let part = ph.part.map(|p| p.part);
    let (h, m, written) = match ph.time {
        Some(TimeExpr::Clock { h, m }) => (h, m, true),
        Some(TimeExpr::Hour { h, m, .. }) => (h, m, false),
        None => return Ok(part.map(|p| parts.time(p))),
    };
    if m > 59 {
        return Err(WhenError::BadTime);
    }
    let h = match part {
        Some(p) => hour_in(p, h)?,
        // «в 7» is as likely 19:00 as 07:00 in an office: not guessed
        None if !written && (1..=7).contains(&h) => return Err(WhenError::AmbiguousHour(h)),
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, 0)
        .ok_or(WhenError::BadTime)
        .map(Some)
}

/// «15 декабря», «12.12», «29.02.2028»: this year's date, or next year's once it has passed —
/// never two years ahead: 29.02 said in a year before a common year is refused, not moved.
fn calendar_date(
    day: u32,
    month: u32,
    year: Option<i32>,
    today: NaiveDate,
) -> Result<NaiveDate, WhenError> {
    if let Some(y) = year {
        return NaiveDate::from_ymd_opt(y, month, day).ok_or(WhenError::ImpossibleDate);
    }
    // 31.02 is no date in any year; 29.02 is one in leap years only
    NaiveDate::from_ymd_opt(2024, month, day).ok_or(WhenError::ImpossibleDate)?;
    match NaiveDate::from_ymd_opt(today.year(), month, day) {
        Some(d) if d >= today - Duration::days(31) => Ok(d),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day).ok_or(WhenError::ImpossibleDate),
    }
}

/// «пятого числа»: this month's, or next month's once passed.
fn day_of_month(d: u32, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    if !(1..=31).contains(&d) {
        return Err(WhenError::ImpossibleDate);
    }
    if d >= today.day() {
        return NaiveDate::from_ymd_opt(today.year(), today.month(), d)
            .ok_or(WhenError::ImpossibleDate);
    }
    let next = today
        .with_day(1)
        .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
        .ok_or(WhenError::TooFar)?;
    NaiveDate::from_ymd_opt(next.year(), next.month(), d).ok_or(WhenError::ImpossibleDate)
}

/// «через три дня», «через две недели», «через месяц».
fn after_days(
    n: f64,
    unit: Unit,
    negative: bool,
    today: NaiveDate,
) -> Result<NaiveDate, WhenError> {
    if negative {
        return Err(WhenError::NegativeOffset);
    }
    // «через 1,5 дня» means nothing certain
    if !n.is_finite() || n.fract() != 0.0 {
        return Err(WhenError::Unparseable);
    }
    if n == 0.0 {
        return Err(WhenError::InPast);
    }
    let days_per = match unit {
        Unit::Week => 7.0,
        Unit::Month => 31.0,
        _ => 1.0,
    };
    if n * days_per > MAX_DAYS_AHEAD as f64 {
        return Err(WhenError::TooFar);
    }
    let n = n as i64;
    match unit {
        Unit::Month => today
            .checked_add_months(chrono::Months::new(n as u32))
            .ok_or(WhenError::TooFar),
        Unit::Week => Ok(today + Duration::days(7 * n)),
        _ => Ok(today + Duration::days(n)),
    }
}

/// «через 2 часа», «через полчаса», rounded to the minute: «через 2 часа» at 9:59:30 is 12:00.
fn after_span(s: Span, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    if s.negative {
        return Err(WhenError::NegativeOffset);
    }
    if !s.minutes.is_finite() {
        return Err(WhenError::TooFar);
    }
    if s.minutes == 0.0 {
        return Err(WhenError::InPast);
    }
    if s.minutes > (MAX_DAYS_AHEAD * 24 * 60) as f64 {
        return Err(WhenError::TooFar);
    }
    // whole minutes only: «через 1,5 минуты» is no time anyone means
    if s.minutes.fract() != 0.0 {
        return Err(WhenError::Unparseable);
    }
    let at = rounded(now + Duration::minutes(s.minutes as i64));
    finish(at.with_timezone(&tz).naive_local(), now, tz)
}

fn rounded(at: DateTime<Utc>) -> DateTime<Utc> {
    let at = at + Duration::seconds(30);
    at - Duration::seconds(i64::from(at.second()))
        - Duration::nanoseconds(i64::from(at.nanosecond()))
}

/// The day a weekday names, with its modifier or week: «в пятницу» is the next Friday (today's
/// weekday with its time ahead is asked: today or in a week), «на следующей неделе в пятницу»
/// the Friday of next calendar week, «на этой неделе» this week's, «в этот понедельник» the
/// coming one, «в ближайший четверг» the nearest ahead, and «в следующую субботу» said before
/// Saturday in the same week is asked (this Saturday or the one after).
fn weekday_date(
    wd: Weekday,
    m: Option<Modi>,
    week: Option<Modi>,
    time: NaiveTime,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<NaiveDate, WhenError> {
    let local_now = now.with_timezone(&tz);
    let today = local_now.date_naive();
    let idx_today = i64::from(today.weekday().num_days_from_monday());
    let idx = i64::from(wd.num_days_from_monday());
    let this_week = today + Duration::days(idx - idx_today);
    let next_week = this_week + Duration::days(7);
    let later_today = time > local_now.time();
    let ask = |first: NaiveDate, second: NaiveDate| -> Result<NaiveDate, WhenError> {
        let first = finish(first.and_time(time), now, tz)?;
        let second = finish(second.and_time(time), now, tz)?;
        Err(WhenError::AmbiguousDay {
            first: first.timestamp(),
            second: second.timestamp(),
        })
    };
    match (m, week) {
        (None | Some(Modi::Next), Some(Modi::Next)) => Ok(next_week),
        (None | Some(Modi::This), Some(Modi::This)) => Ok(this_week),
        (_, Some(_)) => Err(WhenError::Unparseable),
        (Some(Modi::Next), None) if idx > idx_today => ask(this_week, next_week),
        (Some(Modi::Next), None) => Ok(next_week),
        (Some(Modi::This), None) if idx >= idx_today => Ok(this_week),
        (Some(Modi::Nearest), None) if idx > idx_today || (idx == idx_today && later_today) => {
            Ok(this_week)
        }
        (Some(_), None) => Ok(next_week),
        (None, None) if idx == idx_today && later_today => ask(today, next_week),
        (None, None) if idx > idx_today => Ok(this_week),
        (None, None) => Ok(next_week),
    }
}

fn finish(
    local: chrono::NaiveDateTime,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<DateTime<Utc>, WhenError> {
    let at = tz
        .from_local_datetime(&local)
        .earliest()
        .ok_or(WhenError::ImpossibleDate)?
        .with_timezone(&Utc);
    if at <= now {
        return Err(WhenError::InPast);
    }
    if at - now > Duration::days(MAX_DAYS_AHEAD) {
        return Err(WhenError::TooFar);
    }
    Ok(at)
}

/// The moment a sentence names, if it names one with a time of day: «созвонимся в пятницу в 11,
/// пришлю КП» gives Friday 11:00. The longest run of words the reader takes wins; a run it
/// would ask back about («в 7») or one in the past names nothing. Words are read as spoken
/// (no typo is set right: «завтрак» is not «завтра»).
pub fn find_when(
    text: &str,
    now: DateTime<Utc>,
    tz: Tz,
    parts: &DayParts,
) -> Option<DateTime<Utc>> {
    /// The longest phrase of a moment: «на следующей неделе в четверг в половине шестого вечера».
    const MAX_WORDS: usize = 10;
    let words: Vec<Vec<Tok>> = text
        .split_whitespace()
        .take(600)
        .map(|w| lex::tokens(w, false))
        .collect();
    let mut best: Option<(usize, DateTime<Utc>)> = None;
    let mut start = 0;
    'runs: while start < words.len() {
        for len in (1..=MAX_WORDS.min(words.len() - start)).rev() {
            let run = &words[start..start + len];
            // a run holds a number or a part of the day, and no word that is only punctuation
            if !run.iter().flatten().any(Tok::is_timely) || run.iter().any(Vec::is_empty) {
                continue;
            }
            let toks: Vec<Tok> = run.iter().flatten().cloned().collect();
            match read(&toks, now, tz, parts) {
                Ok(at) => {
                    if best.is_none_or(|(l, _)| len > l) {
                        best = Some((len, at));
                    }
                    start += len;
                    continue 'runs;
                }
                // understood, but not a moment to remind at («вчера в 15:00», «в 7»): none of
                // its words names another one
                Err(
                    WhenError::InPast
                    | WhenError::AmbiguousHour(_)
                    | WhenError::AmbiguousDay { .. }
                    | WhenError::WeekdayMismatch
                    | WhenError::TooFar
                    | WhenError::ImpossibleDate,
                ) => {
                    start += len;
                    continue 'runs;
                }
                Err(_) => {}
            }
        }
        start += 1;
    }
    best.map(|(_, at)| at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Moscow;
    use proptest::prelude::*;

    /// Thursday 26 November 2026, 12:00 in Moscow (09:00 UTC).
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
    }

    fn msk(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Moscow
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn p(s: &str) -> Result<DateTime<Utc>, WhenError> {
        parse_when(s, now(), Moscow)
    }

    #[test]
    fn the_examples_from_the_brief() {
        assert_eq!(p("завтра в 15:00"), Ok(msk(2026, 11, 27, 15, 0)));
        assert_eq!(p("через 2 дня"), Ok(msk(2026, 11, 28, 12, 0)));
        assert_eq!(p("пт 10:30"), Ok(msk(2026, 11, 27, 10, 30)));
        assert_eq!(p("12.12 14:00"), Ok(msk(2026, 12, 12, 14, 0)));
    }

    #[test]
    fn more_ways_people_say_it() {
        assert_eq!(p("Сегодня 18:00"), Ok(msk(2026, 11, 26, 18, 0)));
        assert_eq!(p("послезавтра в 9:05"), Ok(msk(2026, 11, 28, 9, 5)));
        assert_eq!(
            p("в четверг в 11:00"),
            Ok(msk(2026, 11, 26, 13, 0) + Duration::days(7) - Duration::hours(2))
        );
        // today's weekday with its time ahead: today or next week — asked
        assert_eq!(
            p("чт 13:00"),
            Err(WhenError::AmbiguousDay {
                first: msk(2026, 11, 26, 13, 0).timestamp(),
                second: msk(2026, 12, 3, 13, 0).timestamp(),
            })
        );
        assert_eq!(p("через 3 часа"), Ok(msk(2026, 11, 26, 15, 0)));
        assert_eq!(p("через час"), Ok(msk(2026, 11, 26, 13, 0)));
        assert_eq!(p("через 15 минут"), Ok(msk(2026, 11, 26, 12, 15)));
        assert_eq!(p("через неделю в 10:00"), Ok(msk(2026, 12, 3, 10, 0)));
        assert_eq!(p("15 декабря в 11:00"), Ok(msk(2026, 12, 15, 11, 0)));
        assert_eq!(p("1 мая 10:00"), Ok(msk(2027, 5, 1, 10, 0)));
        assert_eq!(p("12.01 10:00"), Ok(msk(2027, 1, 12, 10, 0)));
        assert_eq!(p("12.12.2026 14:00"), Ok(msk(2026, 12, 12, 14, 0)));
        assert_eq!(p("12.12.26 14:00"), Ok(msk(2026, 12, 12, 14, 0)));
        assert_eq!(p("завтра в 15"), Ok(msk(2026, 11, 27, 15, 0)));
        assert_eq!(p("tomorrow 15:00"), Ok(msk(2026, 11, 27, 15, 0)));
    }

    #[test]
    fn a_bare_time_means_today_or_else_tomorrow() {
        assert_eq!(p("15:00"), Ok(msk(2026, 11, 26, 15, 0)));
        assert_eq!(p("10:00"), Ok(msk(2026, 11, 27, 10, 0)));
    }

    #[test]
    fn the_users_time_zone_is_respected() {
        let vladivostok = chrono_tz::Asia::Vladivostok;
        let at = parse_when("завтра в 15:00", now(), vladivostok).unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 11, 27, 5, 0, 0).unwrap());
    }

    #[test]
    fn impossible_and_past_dates_are_refused_with_a_reason() {
        assert_eq!(p("31.02 10:00"), Err(WhenError::ImpossibleDate));
        assert_eq!(p("31.04.2027 10:00"), Err(WhenError::ImpossibleDate));
        assert_eq!(p("10.13 10:00"), Err(WhenError::ImpossibleDate));
        assert_eq!(p("сегодня 9:00"), Err(WhenError::InPast));
        assert_eq!(p("20.11 10:00"), Err(WhenError::InPast));
        assert_eq!(p("01.01.2020 10:00"), Err(WhenError::InPast));
        assert_eq!(p("через -2 дня"), Err(WhenError::NegativeOffset));
        assert_eq!(p("через 0 дней"), Err(WhenError::InPast));
        assert_eq!(p("завтра в 25:00"), Err(WhenError::BadTime));
        assert_eq!(p("завтра в 10:75"), Err(WhenError::BadTime));
        assert_eq!(p("завтра"), Err(WhenError::MissingTime));
        assert_eq!(p("12.12"), Err(WhenError::MissingTime));
        assert_eq!(p("когда-нибудь"), Err(WhenError::Unparseable));
        assert_eq!(p(""), Err(WhenError::Unparseable));
        assert_eq!(p("завтра сб 10:00"), Err(WhenError::WeekdayMismatch));
        assert_eq!(p("через 99999 дней"), Err(WhenError::TooFar));
        assert_eq!(p("через 99999999999999999999 дней"), Err(WhenError::TooFar));
    }

    #[test]
    fn past_days_for_records_of_what_happened() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            parse_past_day("сегодня", now(), Moscow),
            Ok(d(2026, 11, 26))
        );
        assert_eq!(parse_past_day("вчера", now(), Moscow), Ok(d(2026, 11, 25)));
        assert_eq!(parse_past_day("20.11", now(), Moscow), Ok(d(2026, 11, 20)));
        assert_eq!(parse_past_day("25.12", now(), Moscow), Ok(d(2025, 12, 25)));
        assert_eq!(
            parse_past_day("27.11.2026", now(), Moscow),
            Err(WhenError::InFuture)
        );
        assert_eq!(
            parse_past_day("31.02.2026", now(), Moscow),
            Err(WhenError::ImpossibleDate)
        );
        assert_eq!(
            parse_past_day("давно", now(), Moscow),
            Err(WhenError::Unparseable)
        );
    }

    /// Phrases a manager types, read on Thursday 26.11.2026 at 12:00 in Moscow, with the moment
    /// each must give — and the ones refused, each with its real reason.
    #[test]
    fn the_phrase_table() {
        use WhenError::*;
        let m = |mo: u32, d: u32, h: u32, mi: u32| Ok(msk(2026, mo, d, h, mi));
        let n = |d: u32, h: u32, mi: u32| m(11, d, h, mi);
        let dec = |d: u32, h: u32, mi: u32| m(12, d, h, mi);
        let table: Vec<(&str, Result<DateTime<Utc>, WhenError>)> = vec![
            ("завтра в 15:00", n(27, 15, 0)),
            ("завтра в 15.00", n(27, 15, 0)),
            ("завтра 15.00", n(27, 15, 0)),
            ("завтра в 15-00", n(27, 15, 0)),
            ("завтра 15-00", n(27, 15, 0)),
            ("завтра в 15 00", n(27, 15, 0)),
            ("завтра 15 00", n(27, 15, 0)),
            ("завтра в15:00", n(27, 15, 0)),
            ("завтра в 15ч", n(27, 15, 0)),
            ("завтра в 15 ч", n(27, 15, 0)),
            ("завтра 15ч", n(27, 15, 0)),
            ("завтра в 15", n(27, 15, 0)),
            ("завтра к 15:00", n(27, 15, 0)),
            ("завтра к 10", n(27, 10, 0)),
            ("Завтра В 15:00", n(27, 15, 0)),
            ("завтра,  в 15:00", n(27, 15, 0)),
            ("15:00", n(26, 15, 0)),
            ("15.00", n(26, 15, 0)),
            ("в 15:00", n(26, 15, 0)),
            ("в15:00", n(26, 15, 0)),
            ("в 15", n(26, 15, 0)),
            ("в 15 часов", n(26, 15, 0)),
            // as an engine writes what was said: capitals, a full stop, quotes
            ("Завтра в 15:00.", n(27, 15, 0)),
            ("«завтра в 10:00»", n(27, 10, 0)),
            ("В пятницу в 10:30!", n(27, 10, 30)),
            ("в 3 часа дня", n(26, 15, 0)),
            ("в 7 вечера", n(26, 19, 0)),
            ("к 10 утра", n(27, 10, 0)),
            ("в 10 утра", n(27, 10, 0)),
            ("10 утра", n(27, 10, 0)),
            ("в 2 ночи", n(27, 2, 0)),
            ("в 12 дня", n(27, 12, 0)),
            ("в полдень", n(27, 12, 0)),
            ("завтра в полдень", n(27, 12, 0)),
            ("завтра утром", n(27, 10, 0)),
            ("завтра днем", n(27, 14, 0)),
            ("завтра днём", n(27, 14, 0)),
            ("завтра вечером", n(27, 18, 0)),
            ("вечером", n(26, 18, 0)),
            ("сегодня вечером", n(26, 18, 0)),
            ("после обеда", n(26, 14, 0)),
            ("в обед", n(26, 14, 0)),
            ("сегодня после обеда", n(26, 14, 0)),
            ("завтра после обеда", n(27, 14, 0)),
            ("завтра в обед", n(27, 14, 0)),
            ("утром", n(27, 10, 0)),
            (
                "в четверг после обеда",
                Err(AmbiguousDay {
                    first: n(26, 14, 0).unwrap().timestamp(),
                    second: n(26, 14, 0).unwrap().timestamp() + 7 * 86_400,
                }),
            ),
            ("в пятницу утром", n(27, 10, 0)),
            ("пт 10:30", n(27, 10, 30)),
            ("пт в 10:30", n(27, 10, 30)),
            ("в пятницу в 10:30", n(27, 10, 30)),
            ("пятница 10:30", n(27, 10, 30)),
            ("в пт 10.30", n(27, 10, 30)),
            ("пн 9:00", n(30, 9, 0)),
            ("в понедельник в 9", n(30, 9, 0)),
            ("вт 11:00", dec(1, 11, 0)),
            ("во вторник в 15:00", dec(1, 15, 0)),
            ("ср 14:00", dec(2, 14, 0)),
            ("в среду в 14:00", dec(2, 14, 0)),
            (
                "чт 13:00",
                Err(AmbiguousDay {
                    first: n(26, 13, 0).unwrap().timestamp(),
                    second: n(26, 13, 0).unwrap().timestamp() + 7 * 86_400,
                }),
            ),
            ("чт 11:00", dec(3, 11, 0)),
            ("сб 12:00", n(28, 12, 0)),
            ("в субботу в 12:00", n(28, 12, 0)),
            ("вс 18:00", n(29, 18, 0)),
            ("в воскресенье вечером", n(29, 18, 0)),
            ("на следующей неделе во вторник в 10:00", dec(1, 10, 0)),
            ("на следующей неделе в пятницу в 11", dec(4, 11, 0)),
            ("на следующей неделе в понедельник утром", n(30, 10, 0)),
            ("на следующей неделе в среду после обеда", dec(2, 14, 0)),
            ("12.12 14:00", dec(12, 14, 0)),
            ("12.12 в 14:00", dec(12, 14, 0)),
            ("12.12 14.00", dec(12, 14, 0)),
            ("12.12 в 14", dec(12, 14, 0)),
            ("12.12.2026 14:00", dec(12, 14, 0)),
            ("12.12.26 14:00", dec(12, 14, 0)),
            ("12/12 14:00", dec(12, 14, 0)),
            ("15 декабря в 11:00", dec(15, 11, 0)),
            ("15 декабря 11:00", dec(15, 11, 0)),
            ("15 дек 11:00", dec(15, 11, 0)),
            ("15 дек. 11:00", dec(15, 11, 0)),
            ("15 дек в 11", dec(15, 11, 0)),
            ("1 декабря в 10:00", dec(1, 10, 0)),
            ("3 янв 10:00", Ok(msk(2027, 1, 3, 10, 0))),
            ("3 января 2027 10:00", Ok(msk(2027, 1, 3, 10, 0))),
            ("10 мая 10:00", Ok(msk(2027, 5, 10, 10, 0))),
            ("01.12 10:00", dec(1, 10, 0)),
            ("1.12 10:00", dec(1, 10, 0)),
            ("30.11 9:05", n(30, 9, 5)),
            ("30.11 утром", n(30, 10, 0)),
            ("12.12 вечером", dec(12, 18, 0)),
            ("15 дек после обеда", dec(15, 14, 0)),
            ("25.12.2026 в 10 утра", dec(25, 10, 0)),
            ("29.02.2028 10:00", Ok(msk(2028, 2, 29, 10, 0))),
            ("31.12 23:59", dec(31, 23, 59)),
            ("через 2 часа", n(26, 14, 0)),
            ("через 3 часа", n(26, 15, 0)),
            ("через час", n(26, 13, 0)),
            ("через полчаса", n(26, 12, 30)),
            ("через 1,5 часа", n(26, 13, 30)),
            ("через 1.5 часа", n(26, 13, 30)),
            ("через полтора часа", n(26, 13, 30)),
            ("через пару часов", n(26, 14, 0)),
            ("через 15 минут", n(26, 12, 15)),
            ("через 15 мин", n(26, 12, 15)),
            ("через 90 минут", n(26, 13, 30)),
            ("через 2 дня", n(28, 12, 0)),
            ("через 2 дня в 10:00", n(28, 10, 0)),
            ("через пару дней", n(28, 12, 0)),
            ("через день", n(27, 12, 0)),
            ("через 3 дня в 10:00", n(29, 10, 0)),
            ("через неделю", dec(3, 12, 0)),
            ("через неделю в 10:00", dec(3, 10, 0)),
            ("через 2 недели", dec(10, 12, 0)),
            ("через 7 дней в 10:00", dec(3, 10, 0)),
            ("через 3 дня утром", n(29, 10, 0)),
            ("через 2 ч", n(26, 14, 0)),
            ("через 5 часов", n(26, 17, 0)),
            ("tomorrow 15:00", n(27, 15, 0)),
            ("in 2 hours", n(26, 14, 0)),
            ("tomorrow at 15:00", n(27, 15, 0)),
            ("послезавтра в 9:05", n(28, 9, 5)),
            ("послезавтра утром", n(28, 10, 0)),
            ("послезавтра в 11", n(28, 11, 0)),
            ("сегодня в 18:00", n(26, 18, 0)),
            ("сегодня 18.00", n(26, 18, 0)),
            ("сегодня в 18 часов", n(26, 18, 0)),
            ("сегодня в 6 вечера", n(26, 18, 0)),
            ("сегодня в 5 вечера", n(26, 17, 0)),
            ("завтра в 9 утра", n(27, 9, 0)),
            ("завтра в 8 вечера", n(27, 20, 0)),
            ("завтра около 15", n(27, 15, 0)),
            ("завтра в 15 часов", n(27, 15, 0)),
            ("завтра в 15:30", n(27, 15, 30)),
            ("завтра в 9:05", n(27, 9, 5)),
            ("в 23:30", n(26, 23, 30)),
            ("в 0:30", n(27, 0, 30)),
            ("в 7", Err(AmbiguousHour(7))),
            ("завтра в 5", Err(AmbiguousHour(5))),
            ("завтра в 7 утра", n(27, 7, 0)),
            ("завтра в 07:00", n(27, 7, 0)),
            ("в 8", n(27, 8, 0)),
            ("23:30", n(26, 23, 30)),
            ("9:00", n(27, 9, 0)),
            ("пт 9.00", n(27, 9, 0)),
            ("в пятницу к 11", n(27, 11, 0)),
            ("в понедельник после обеда", n(30, 14, 0)),
            ("в пн в 10 утра", n(30, 10, 0)),
            ("во вторник вечером", dec(1, 18, 0)),
            ("в субботу днем", n(28, 14, 0)),
            ("вчера в 15:00", Err(InPast)),
            ("сегодня в 9:00", Err(InPast)),
            ("сегодня утром", Err(InPast)),
            ("31.02", Err(ImpossibleDate)),
            ("31.02 10:00", Err(ImpossibleDate)),
            ("31.04.2027 10:00", Err(ImpossibleDate)),
            ("29.02 10:00", Err(ImpossibleDate)),
            ("29.02.2027 10:00", Err(ImpossibleDate)),
            ("30 февраля 10:00", Err(ImpossibleDate)),
            ("завтра", Err(MissingTime)),
            ("12.12", Err(MissingTime)),
            ("15 декабря", Err(MissingTime)),
            ("на следующей неделе во вторник", Err(MissingTime)),
            ("завтра в 25:00", Err(BadTime)),
            ("завтра в 10:75", Err(BadTime)),
            ("в 25", Err(BadTime)),
            ("через -2 дня", Err(NegativeOffset)),
            ("через 0 дней", Err(InPast)),
            ("через 99999 дней", Err(TooFar)),
            ("когда-нибудь", Err(Unparseable)),
            ("", Err(Unparseable)),
            ("завтра пт 10:00", n(27, 10, 0)),
            ("завтра сб 10:00", Err(WeekdayMismatch)),
            ("пт, 04.12.2026 в 10:30", dec(4, 10, 30)),
            ("чт, 04.12.2026 в 10:30", Err(WeekdayMismatch)),
            ("через 1,5 дня", Err(Unparseable)),
            ("15", Err(Unparseable)),
        ];
        assert!(table.len() >= 150, "{}", table.len());
        let wrong: Vec<String> = table
            .iter()
            .filter(|(raw, want)| &p(raw) != want)
            .map(|(raw, want)| format!("«{raw}»: got {:?}, want {want:?}", p(raw)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The kinds the issue named, each read by the grammar (none of them is listed anywhere
    /// the reader looks), on Thursday 26.11.2026 at 12:00.
    #[test]
    fn the_kinds_the_issue_named() {
        use WhenError::*;
        let n = |d: u32, h: u32, mi: u32| Ok(msk(2026, 11, d, h, mi));
        let dec = |d: u32, h: u32, mi: u32| Ok(msk(2026, 12, d, h, mi));
        let cases: Vec<(&str, Result<DateTime<Utc>, WhenError>)> = vec![
            ("завтра в пять часов вечера", n(27, 17, 0)),
            ("завтра в полседьмого вечера", n(27, 18, 30)),
            ("в половине десятого завтра", n(27, 9, 30)),
            ("в пятницу в четверть восьмого вечера", n(27, 19, 15)),
            ("без пятнадцати три дня", n(26, 14, 45)),
            ("завтра к двум часам дня", n(27, 14, 0)),
            ("через три дня в 10", n(29, 10, 0)),
            ("через две недели к 9", dec(10, 9, 0)),
            ("в следующий вторник в 11", dec(1, 11, 0)),
            (
                "в следующее воскресенье в 11",
                Err(AmbiguousDay {
                    first: msk(2026, 11, 29, 11, 0).timestamp(),
                    second: msk(2026, 12, 6, 11, 0).timestamp(),
                }),
            ),
            ("в этот понедельник в 11", n(30, 11, 0)),
            ("на следующей неделе в четверг в 10:00", dec(3, 10, 0)),
            ("завтра к обеду", n(27, 14, 0)),
            ("в пятницу под вечер", n(27, 18, 0)),
            ("завтра после работы", n(27, 18, 0)),
            ("завтар в 10", n(27, 10, 0)),
            ("в пятнцу в 10", n(27, 10, 0)),
            ("5 январня в 10", Ok(msk(2027, 1, 5, 10, 0))),
            ("в сл. вт в 10", dec(1, 10, 0)),
            ("чт. в 10", dec(3, 10, 0)),
            ("5 янв. в 10:30", Ok(msk(2027, 1, 5, 10, 30))),
            ("в 10 завтра", n(27, 10, 0)),
            ("пятого января в 10", Ok(msk(2027, 1, 5, 10, 0))),
            ("5.01.2027 в 10", Ok(msk(2027, 1, 5, 10, 0))),
            ("через месяц в 10", dec(26, 10, 0)),
            ("через 2 часа 30 минут", n(26, 14, 30)),
            ("в 11 ночи", n(26, 23, 0)),
            ("в десять тридцать", n(27, 10, 30)),
            ("после завтра в 10", n(28, 10, 0)),
            ("в пятницу на этой неделе в 10", n(27, 10, 0)),
            ("в ближайший четверг в 13", n(26, 13, 0)),
            ("в ближайший четверг в 11", dec(3, 11, 0)),
            ("вечером в 7", n(26, 19, 0)),
            ("двадцать минут восьмого вечера", n(26, 19, 20)),
            ("5 числа в 10", dec(5, 10, 0)),
            // two readings: asked, never guessed
            ("в час", Err(AmbiguousHour(1))),
            ("завтра в полседьмого", Err(AmbiguousHour(6))),
            ("к двум", Err(AmbiguousHour(2))),
            (
                "в следующую субботу в 10",
                Err(AmbiguousDay {
                    first: msk(2026, 11, 28, 10, 0).timestamp(),
                    second: msk(2026, 12, 5, 10, 0).timestamp(),
                }),
            ),
            ("сегодня в половине десятого утра", Err(InPast)),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(raw, want)| &p(raw) != want)
            .map(|(raw, want)| format!("«{raw}»: got {:?}, want {want:?}", p(raw)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn what_a_date_question_offers_reads_in_the_grammar_too() {
        // the bot offers «<phrase> утра» / «<phrase> вечера» for an hour asked back
        assert_eq!(p("в полседьмого утра"), Ok(msk(2026, 11, 27, 6, 30)));
        assert_eq!(p("в полседьмого вечера"), Ok(msk(2026, 11, 26, 18, 30)));
        assert_eq!(p("в час вечера"), Ok(msk(2026, 11, 26, 13, 0)));
        assert_eq!(
            p("без пятнадцати три вечера"),
            Ok(msk(2026, 11, 26, 14, 45))
        );
    }

    #[test]
    fn a_leap_day_is_never_moved_two_years_ahead() {
        // in December 2026 the next 29 February without a year would be 2028: refused instead
        assert_eq!(p("29.02 10:00"), Err(WhenError::ImpossibleDate));
        assert_eq!(p("29.02.2028 10:00"), Ok(msk(2028, 2, 29, 10, 0)));
    }

    proptest! {
        /// Any moment the bot shows («пт, 04.12.2026 в 10:30») reads back as the same minute.
        #[test]
        fn what_the_bot_shows_reads_back_as_the_same_minute(minutes in 1i64..(700 * 24 * 60)) {
            let at = now() + Duration::minutes(minutes);
            for lang in [crate::i18n::Lang::Ru, crate::i18n::Lang::En] {
                let shown = crate::i18n::fmt_moment(lang, Moscow, at.timestamp());
                prop_assert_eq!(p(&shown), Ok(at), "{}", shown);
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = p(&s);
        }

        #[test]
        fn every_future_day_and_time_parses_back(days in 1i64..700, h in 0u32..24, m in 0u32..60) {
            let date = now().with_timezone(&Moscow).date_naive() + Duration::days(days);
            let text = format!("{} {h}:{m:02}", date.format("%d.%m.%Y"));
            let expected = Moscow.from_local_datetime(&date.and_hms_opt(h, m, 0).unwrap()).unwrap().with_timezone(&Utc);
            prop_assert_eq!(p(&text), Ok(expected));
        }

        #[test]
        fn a_result_is_always_in_the_future(s in "(завтра|сегодня|пт|через [0-9] (дня|часа)|[0-3][0-9]\\.[01][0-9]) ([0-2][0-9]:[0-5][0-9])?") {
            if let Ok(at) = p(&s) {
                prop_assert!(at > now());
            }
        }
    }

    #[test]
    fn a_moment_is_found_inside_a_sentence() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(); // Thu 12:00 MSK
        let tz = chrono_tz::Europe::Moscow;
        let local = |s: &str| {
            find_when(s, now, tz, &DayParts::default())
                .map(|t| t.with_timezone(&tz).format("%d.%m %H:%M").to_string())
        };
        assert_eq!(
            local("Созвонимся в пятницу в 11, пришлю КП").as_deref(),
            Some("27.11 11:00")
        );
        assert_eq!(
            local("встреча во вторник в 15:00 у них в офисе").as_deref(),
            Some("01.12 15:00")
        );
        assert_eq!(
            local("клиент просил перезвонить завтра после обеда").as_deref(),
            Some("27.11 14:00")
        );
        assert_eq!(
            local("Перезвоню через 2 часа.").as_deref(),
            Some("26.11 14:00")
        );
        assert_eq!(
            local("договорились на 03.12 в 10:30").as_deref(),
            Some("03.12 10:30")
        );
        // no moment, a past one, an hour asked back, amounts and counts
        assert_eq!(local("у них 2 менеджера и бюджет 150 тысяч"), None);
        assert_eq!(local("были вчера в 15:00"), None);
        assert_eq!(local("позвоню в пятницу"), None);
        assert_eq!(local("созвон в 7"), None);
        assert_eq!(local(""), None);
    }

    #[test]
    fn the_parts_of_the_day_are_the_teams() {
        let early = DayParts {
            morning: 9 * 60,
            lunch: 13 * 60 + 30,
            evening: 19 * 60,
        };
        let q = |s: &str| parse_when_with(s, now(), Moscow, &early);
        assert_eq!(q("завтра утром"), Ok(msk(2026, 11, 27, 9, 0)));
        assert_eq!(q("завтра после обеда"), Ok(msk(2026, 11, 27, 13, 30)));
        assert_eq!(q("вечером"), Ok(msk(2026, 11, 26, 19, 0)));
        // an hour said wins over the part's time
        assert_eq!(q("завтра в 8 утра"), Ok(msk(2026, 11, 27, 8, 0)));
        assert!(early.is_ordered());
        assert!(!DayParts {
            lunch: 8 * 60,
            ..early
        }
        .is_ordered());
    }
}
