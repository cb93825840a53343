//! Dates and times as people say them, in the user's time zone:
//! «завтра в 15:00», «через 2 дня», «пт 10:30», «12.12 14:00», «15 декабря в 11:00», «через 3 часа».
//! Time is an argument: nothing here reads the clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

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
}

/// A day that has come already: «сегодня», «вчера», «25.11», «25.11.2026» (not in the future).
pub fn parse_past_day(raw: &str, now: DateTime<Utc>, tz: Tz) -> Result<NaiveDate, WhenError> {
    let t = raw.trim().to_lowercase().replace('ё', "е");
    let today = now.with_timezone(&tz).date_naive();
    let day = match t.as_str() {
        "сегодня" | "today" => today,
        "вчера" | "yesterday" => today - Duration::days(1),
        "позавчера" => today - Duration::days(2),
        other => match parse_dotted_date(other)? {
            Some(Day::Date { day, month, year }) => {
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
        },
    };
    if day > today {
        return Err(WhenError::InFuture);
    }
    if (today - day).num_days() > MAX_DAYS_AHEAD {
        return Err(WhenError::TooFar);
    }
    Ok(day)
}

/// How far ahead a date may lie: a guard against typos like «через 9999 дней».
const MAX_DAYS_AHEAD: i64 = 5 * 366;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Day {
    Offset(i64),
    Weekday(Weekday),
    Date {
        day: u32,
        month: u32,
        year: Option<i32>,
    },
}

/// Parses a moment strictly in the future of `now`, read in time zone `tz`.
pub fn parse_when(raw: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let norm = raw
        .trim()
        .to_lowercase()
        .replace('ё', "е")
        .replace(',', " ");
    let tokens: Vec<&str> = norm.split_whitespace().collect();
    if tokens.is_empty() {
        return Err(WhenError::Unparseable);
    }
    let local_now = now.with_timezone(&tz);
    if matches!(tokens[0], "через" | "in") {
        return parse_offset(&tokens[1..], now, tz);
    }

    let mut day: Option<Day> = None;
    let mut time: Option<NaiveTime> = None;
    let mut after_v = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        i += 1;
        if matches!(t, "в" | "во" | "at" | "on") {
            after_v = true;
            continue;
        }
        let was_after_v = std::mem::take(&mut after_v);
        if matches!(t, "г" | "г." | "года") {
            continue;
        }
        if let Some(d) = day_word(t) {
            set_once(&mut day, d)?;
            continue;
        }
        if t.contains(':') {
            set_once(&mut time, parse_clock(t)?)?;
            continue;
        }
        if let Some(d) = parse_dotted_date(t)? {
            set_once(&mut day, d)?;
            continue;
        }
        if let Ok(n) = t.parse::<u32>() {
            // «15 декабря [2026]» or a bare hour after «в»: «в 15»
            if let Some(month) = tokens.get(i).and_then(|m| month_word(m)) {
                i += 1;
                let year = match tokens.get(i).and_then(|y| y.parse::<i32>().ok()) {
                    Some(y) if y >= 2000 => {
                        i += 1;
                        Some(y)
                    }
                    _ => None,
                };
                set_once(
                    &mut day,
                    Day::Date {
                        day: n,
                        month,
                        year,
                    },
                )?;
                continue;
            }
            if was_after_v {
                if n > 23 {
                    return Err(WhenError::BadTime);
                }
                set_once(
                    &mut time,
                    NaiveTime::from_hms_opt(n, 0, 0).ok_or(WhenError::BadTime)?,
                )?;
                continue;
            }
        }
        return Err(WhenError::Unparseable);
    }

    let time = match (day, time) {
        (None, None) => return Err(WhenError::Unparseable),
        (Some(_), None) => return Err(WhenError::MissingTime),
        (_, Some(t)) => t,
    };
    let today = local_now.date_naive();
    let date = match day {
        None => {
            if time > local_now.time() {
                today
            } else {
                today + Duration::days(1)
            }
        }
        Some(Day::Offset(n)) => today + Duration::days(n),
        Some(Day::Weekday(wd)) => {
            let mut ahead = (7 + wd.num_days_from_monday() as i64
                - today.weekday().num_days_from_monday() as i64)
                % 7;
            if ahead == 0 && time <= local_now.time() {
                ahead = 7;
            }
            today + Duration::days(ahead)
        }
        Some(Day::Date { day, month, year }) => match year {
            Some(y) => NaiveDate::from_ymd_opt(y, month, day).ok_or(WhenError::ImpossibleDate)?,
            None => {
                // 29.02 is a real date only in leap years; check against a leap year first
                NaiveDate::from_ymd_opt(2024, month, day).ok_or(WhenError::ImpossibleDate)?;
                let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
                match this_year {
                    Some(d) if d >= today - Duration::days(31) => d,
                    _ => next_existing(today.year() + 1, month, day)?,
                }
            }
        },
    };
    finish(date.and_time(time), now, tz)
}

fn next_existing(from_year: i32, month: u32, day: u32) -> Result<NaiveDate, WhenError> {
    (from_year..from_year + 8)
        .find_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .ok_or(WhenError::ImpossibleDate)
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

fn set_once<T>(slot: &mut Option<T>, value: T) -> Result<(), WhenError> {
    if slot.is_some() {
        return Err(WhenError::Unparseable);
    }
    *slot = Some(value);
    Ok(())
}

fn parse_offset(tokens: &[&str], now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let (n, rest) = match tokens.first() {
        Some(t) if t.starts_with('-') || t.starts_with('−') => {
            return Err(WhenError::NegativeOffset)
        }
        Some(t) if t.chars().all(|c| c.is_ascii_digit()) => {
            let n: i64 = t.parse().map_err(|_| WhenError::TooFar)?;
            (n, &tokens[1..])
        }
        Some(_) => (1, tokens),
        None => return Err(WhenError::Unparseable),
    };
    if n == 0 {
        return Err(WhenError::InPast);
    }
    let unit = rest.first().ok_or(WhenError::Unparseable)?;
    let minutes_per = match *unit {
        "минуту" | "минуты" | "минут" | "мин" | "мин." | "minute" | "minutes" | "min" => {
            1
        }
        "час" | "часа" | "часов" | "ч" | "ч." | "hour" | "hours" | "h" => 60,
        "день" | "дня" | "дней" | "дн" | "дн." | "day" | "days" | "d" => 24 * 60,
        "неделю" | "недели" | "недель" | "нед" | "нед." | "week" | "weeks" => {
            7 * 24 * 60
        }
        _ => return Err(WhenError::Unparseable),
    };
    if n > MAX_DAYS_AHEAD * 24 * 60 / minutes_per {
        return Err(WhenError::TooFar);
    }
    let tail: Vec<&str> = rest[1..]
        .iter()
        .copied()
        .filter(|t| !matches!(*t, "в" | "at"))
        .collect();
    match tail.as_slice() {
        [] => finish(
            (now + Duration::minutes(n * minutes_per))
                .with_timezone(&tz)
                .naive_local(),
            now,
            tz,
        ),
        [clock] if minutes_per >= 24 * 60 => {
            let time = parse_clock(clock)?;
            let date = now.with_timezone(&tz).date_naive() + Duration::minutes(n * minutes_per);
            finish(date.and_time(time), now, tz)
        }
        _ => Err(WhenError::Unparseable),
    }
}

fn parse_clock(t: &str) -> Result<NaiveTime, WhenError> {
    let (h, m) = t.split_once(':').ok_or(WhenError::Unparseable)?;
    let ok = |s: &str| !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit());
    if !ok(h) || !ok(m) || m.len() != 2 {
        return Err(WhenError::Unparseable);
    }
    let (h, m): (u32, u32) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
    NaiveTime::from_hms_opt(h, m, 0).ok_or(WhenError::BadTime)
}

/// «12.12», «12.12.2026», «12.12.26», «12/12»; `Ok(None)` when the token is not date-shaped.
fn parse_dotted_date(t: &str) -> Result<Option<Day>, WhenError> {
    let parts: Vec<&str> = t.split(['.', '/']).collect();
    if parts.len() < 2 || parts.len() > 3 {
        return Ok(None);
    }
    if parts[..2].iter().any(|p| p.is_empty() || p.len() > 2)
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return Ok(None);
    }
    let day: u32 = parts[0].parse().map_err(|_| WhenError::Unparseable)?;
    let month: u32 = parts[1].parse().map_err(|_| WhenError::Unparseable)?;
    let year = match parts.get(2) {
        None | Some(&"") => None,
        Some(y) if y.len() == 2 => {
            Some(2000 + y.parse::<i32>().map_err(|_| WhenError::Unparseable)?)
        }
        Some(y) if y.len() == 4 => Some(y.parse::<i32>().map_err(|_| WhenError::Unparseable)?),
        Some(_) => return Err(WhenError::Unparseable),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(WhenError::ImpossibleDate);
    }
    Ok(Some(Day::Date { day, month, year }))
}

fn day_word(t: &str) -> Option<Day> {
    let wd = |w| Some(Day::Weekday(w));
    match t {
        "сегодня" | "today" => Some(Day::Offset(0)),
        "завтра" | "tomorrow" => Some(Day::Offset(1)),
        "послезавтра" => Some(Day::Offset(2)),
        "пн" | "понедельник" | "mon" | "monday" => wd(Weekday::Mon),
        "вт" | "вторник" | "tue" | "tuesday" => wd(Weekday::Tue),
        "ср" | "среда" | "среду" | "wed" | "wednesday" => wd(Weekday::Wed),
        "чт" | "четверг" | "thu" | "thursday" => wd(Weekday::Thu),
        "пт" | "пятница" | "пятницу" | "fri" | "friday" => wd(Weekday::Fri),
        "сб" | "суббота" | "субботу" | "sat" | "saturday" => wd(Weekday::Sat),
        "вс" | "воскресенье" | "sun" | "sunday" => wd(Weekday::Sun),
        _ => None,
    }
}

fn month_word(t: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "январ",
        "феврал",
        "март",
        "апрел",
        "ма",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ];
    let t = t.trim_end_matches('.');
    if t == "мая" || t == "май" {
        return Some(5);
    }
    MONTHS
        .iter()
        .position(|m| *m != "ма" && t.starts_with(m) && t.chars().count() <= m.chars().count() + 2)
        .map(|i| i as u32 + 1)
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
        assert_eq!(p("чт 13:00"), Ok(msk(2026, 11, 26, 13, 0)));
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
        assert_eq!(p("завтра пт 10:00"), Err(WhenError::Unparseable));
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

    #[test]
    fn leap_day_is_found_in_the_next_leap_year() {
        assert_eq!(p("29.02 10:00"), Ok(msk(2028, 2, 29, 10, 0)));
    }

    proptest! {
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
}
