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
    /// «пт, 05.12»: the weekday said is not the date's.
    #[error("the weekday does not match the date")]
    WeekdayMismatch,
    /// «в 7»: seven in the morning or in the evening? Asked, never guessed.
    #[error("morning or evening")]
    AmbiguousHour(u32),
    /// «в четверг» said on a Thursday: today or in a week? Both readings (unix seconds), asked.
    #[error("today or in a week")]
    AmbiguousDay { first: i64, second: i64 },
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

/// A part of the day said instead of (or beside) a time: «утром», «в 7 вечера», «после обеда».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Morning,
    Noon,
    Lunch,
    Afternoon,
    Evening,
    Night,
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
}

impl Part {
    /// The time a part of the day stands for when no hour is said.
    fn time(self, parts: &DayParts) -> NaiveTime {
        let minute = match self {
            Part::Morning => parts.morning,
            Part::Noon => 12 * 60,
            Part::Lunch | Part::Afternoon => parts.lunch,
            Part::Evening => parts.evening,
            Part::Night => 22 * 60,
        };
        NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap_or_default()
    }

    /// «7 вечера» is 19:00, «3 часа дня» 15:00, «10 утра» 10:00, «2 ночи» 02:00.
    fn hour(self, h: u32) -> Result<u32, WhenError> {
        let h = match self {
            Part::Evening | Part::Afternoon | Part::Lunch if (1..12).contains(&h) => h + 12,
            Part::Night if h == 12 => 0,
            _ => h,
        };
        if h > 23 {
            return Err(WhenError::BadTime);
        }
        Ok(h)
    }
}

fn part_word(t: &str) -> Option<Part> {
    Some(match t {
        "утром" | "утра" | "morning" => Part::Morning,
        "полдень" | "noon" => Part::Noon,
        "обед" | "обеда" | "обедом" => Part::Lunch,
        "днем" | "дня" | "afternoon" => Part::Afternoon,
        "вечером" | "вечера" | "evening" => Part::Evening,
        "ночью" | "ночи" => Part::Night,
        _ => return None,
    })
}

/// Splits what a phone keyboard glues together: «в15:00» → «в 15:00», «15ч» → «15 ч».
fn split_glued(token: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut t = token;
    for prefix in ["в", "к"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                out.push(prefix.to_owned());
                t = rest;
                break;
            }
        }
    }
    for suffix in ["ч.", "ч"] {
        if let Some(num) = t.strip_suffix(suffix) {
            if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) {
                out.push(num.to_owned());
                out.push("ч".to_owned());
                return out;
            }
        }
    }
    out.push(t.to_owned());
    out
}

/// «15:00», «15.00», «15-00», «9:05» as a time of day; `None` when the token is not shaped so.
fn clock_like(t: &str) -> Option<Result<NaiveTime, WhenError>> {
    let (h, m) = t.split_once([':', '.', '-'])?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || !digits(m) || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    Some(NaiveTime::from_hms_opt(h, m, 0).ok_or(WhenError::BadTime))
}

const HOUR_WORDS: [&str; 5] = ["час", "часа", "часов", "ч", "ч."];

/// Parses a moment strictly in the future of `now`, read in time zone `tz`, with the default
/// parts of the day.
pub fn parse_when(raw: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    parse_when_with(raw, now, tz, &DayParts::default())
}

/// `parse_when` with the team's own parts of the day.
pub fn parse_when_with(
    raw: &str,
    now: DateTime<Utc>,
    tz: Tz,
    parts: &DayParts,
) -> Result<DateTime<Utc>, WhenError> {
    // a sentence's end and quotes are no part of the moment: «Завтра в 15:00.»
    let raw = raw
        .trim()
        .trim_matches(['«', '»', '"'])
        .trim_end_matches(['.', '!', '?', ';', '…'])
        .trim();
    let lowered = raw.to_lowercase().replace('ё', "е");
    if lowered.starts_with("через") || lowered.starts_with("in ") {
        let norm = lowered.replace(',', ".");
        let tokens: Vec<&str> = norm.split_whitespace().collect();
        return parse_offset(&tokens[1..], now, tz, parts);
    }
    let norm = lowered.replace(',', " ");
    let owned: Vec<String> = norm.split_whitespace().flat_map(split_glued).collect();
    let tokens: Vec<&str> = owned.iter().map(String::as_str).collect();
    if tokens.is_empty() {
        return Err(WhenError::Unparseable);
    }
    let local_now = now.with_timezone(&tz);

    let mut day: Option<Day> = None;
    let mut time: Option<NaiveTime> = None;
    let mut hour: Option<u32> = None;
    let mut part: Option<Part> = None;
    let mut next_week = false;
    let mut weekday: Option<Weekday> = None;
    let mut after_v = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        i += 1;
        if matches!(t, "в" | "во" | "к" | "at" | "on" | "на" | "около") {
            after_v = true;
            continue;
        }
        let was_after_v = std::mem::take(&mut after_v);
        if matches!(t, "г" | "г." | "года" | "после") {
            continue;
        }
        if matches!(t, "следующей" | "следующая" | "следующую" | "будущей")
            && tokens.get(i).is_some_and(|w| w.starts_with("недел"))
        {
            i += 1;
            next_week = true;
            continue;
        }
        if let Some(p) = part_word(t) {
            set_once(&mut part, p)?;
            continue;
        }
        if HOUR_WORDS.contains(&t) && hour.is_some() {
            continue;
        }
        if let Some(d) = day_word(t) {
            match d {
                // a weekday beside a date is checked against it («пт, 04.12.2026 в 10:30»)
                Day::Weekday(w) => set_once(&mut weekday, w)?,
                other => set_once(&mut day, other)?,
            }
            continue;
        }
        if t.contains(':') || t.contains('-') {
            match clock_like(t) {
                Some(c) => set_once(&mut time, c?)?,
                None => return Err(WhenError::Unparseable),
            }
            continue;
        }
        if t.contains('.') || t.contains('/') {
            // «15.00» after a day or «в» is a time; «12.12» is a date
            // («на 03.12 в 10:30»: with a time still to come, it is the date)
            let clock_first = (day.is_some() || was_after_v)
                && !tokens[i..]
                    .iter()
                    .any(|r| clock_like(r).is_some_and(|c| c.is_ok()));
            if let (true, Some(c)) = (clock_first && !t.contains('/'), clock_like(t)) {
                set_once(&mut time, c?)?;
                continue;
            }
            match parse_dotted_date(t) {
                Ok(Some(d)) => {
                    set_once(&mut day, d)?;
                    continue;
                }
                // «15.00» alone: month 00 is no month, but 15:00 is a time
                Err(WhenError::ImpossibleDate)
                    if clock_like(t).is_some_and(|c| c.is_ok())
                        && time.is_none()
                        && !tokens[i..].iter().any(|r| clock_like(r).is_some()) =>
                {
                    set_once(
                        &mut time,
                        clock_like(t).and_then(Result::ok).unwrap_or_default(),
                    )?;
                    continue;
                }
                Err(e) => return Err(e),
                Ok(None) => return Err(WhenError::Unparseable),
            }
        }
        if let Ok(n) = t.parse::<u32>() {
            // «15 декабря [2026]» or «15 дек»
            if let Some(month) = tokens.get(i).and_then(|m| month_word(m)) {
                i += 1;
                let year = match tokens.get(i).and_then(|y| y.parse::<i32>().ok()) {
                    Some(y) if y >= 2000 => {
                        i += 1;
                        Some(y)
                    }
                    _ => None,
                };
                if !(1..=31).contains(&n) {
                    return Err(WhenError::ImpossibleDate);
                }
                NaiveDate::from_ymd_opt(year.unwrap_or(2024), month, n)
                    .ok_or(WhenError::ImpossibleDate)?;
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
            // «15 00»: an hour and its minutes typed with a space
            if let Some(m) = tokens
                .get(i)
                .filter(|m| m.len() == 2 && m.chars().all(|c| c.is_ascii_digit()))
            {
                if (day.is_some() || was_after_v) && n < 24 {
                    i += 1;
                    let m: u32 = m.parse().map_err(|_| WhenError::Unparseable)?;
                    set_once(
                        &mut time,
                        NaiveTime::from_hms_opt(n, m, 0).ok_or(WhenError::BadTime)?,
                    )?;
                    continue;
                }
            }
            // a bare hour: after «в»/«к», or followed by «часа», «утра», «вечера»
            let hour_said = tokens
                .get(i)
                .is_some_and(|w| HOUR_WORDS.contains(w) || part_word(&w.to_lowercase()).is_some());
            if was_after_v || hour_said {
                if n > 23 {
                    return Err(WhenError::BadTime);
                }
                set_once(&mut hour, n)?;
                continue;
            }
        }
        return Err(WhenError::Unparseable);
    }

    let day = match (day, weekday) {
        (None, Some(w)) => Some(Day::Weekday(w)),
        (d, _) => d,
    };
    let time = match (time, hour, part) {
        (Some(t), None, _) => t,
        (None, Some(h), p) => {
            let h = match p {
                Some(p) => p.hour(h)?,
                // «в 7» is as likely 19:00 as 07:00 in an office: not guessed
                None if (1..=7).contains(&h) => return Err(WhenError::AmbiguousHour(h)),
                None => h,
            };
            NaiveTime::from_hms_opt(h, 0, 0).ok_or(WhenError::BadTime)?
        }
        (None, None, Some(p)) => p.time(parts),
        (None, None, None) if day.is_some() || next_week => return Err(WhenError::MissingTime),
        (None, None, None) => return Err(WhenError::Unparseable),
        (Some(_), Some(_), _) => return Err(WhenError::Unparseable),
    };
    let today = local_now.date_naive();
    let date = match day {
        None if next_week => return Err(WhenError::Unparseable),
        None => {
            if time > local_now.time() {
                today
            } else {
                today + Duration::days(1)
            }
        }
        Some(Day::Offset(n)) => today + Duration::days(n),
        Some(Day::Weekday(wd)) if next_week => {
            // the weekday of next calendar week (weeks start on Monday)
            let to_monday = 7 - i64::from(today.weekday().num_days_from_monday());
            today + Duration::days(to_monday + i64::from(wd.num_days_from_monday()))
        }
        Some(Day::Weekday(wd)) => {
            let mut ahead = (7 + wd.num_days_from_monday() as i64
                - today.weekday().num_days_from_monday() as i64)
                % 7;
            if ahead == 0 && time <= local_now.time() {
                ahead = 7;
            } else if ahead == 0 {
                // today's weekday, its time still ahead: today, or the same day next week
                let first = finish(today.and_time(time), now, tz)?;
                let second = finish((today + Duration::days(7)).and_time(time), now, tz)?;
                return Err(WhenError::AmbiguousDay {
                    first: first.timestamp(),
                    second: second.timestamp(),
                });
            }
            today + Duration::days(ahead)
        }
        Some(Day::Date { day, month, year }) => match year {
            Some(y) => NaiveDate::from_ymd_opt(y, month, day).ok_or(WhenError::ImpossibleDate)?,
            None => {
                // this year's date, or next year's once it has passed — never two years ahead:
                // 29.02 said in a year before a common year is refused, not moved to 2028
                match NaiveDate::from_ymd_opt(today.year(), month, day) {
                    Some(d) if d >= today - Duration::days(31) => d,
                    _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day)
                        .ok_or(WhenError::ImpossibleDate)?,
                }
            }
        },
    };
    if weekday.is_some_and(|w| date.weekday() != w) {
        return Err(WhenError::WeekdayMismatch);
    }
    finish(date.and_time(time), now, tz)
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

fn parse_offset(
    tokens: &[&str],
    now: DateTime<Utc>,
    tz: Tz,
    parts: &DayParts,
) -> Result<DateTime<Utc>, WhenError> {
    // «полчаса» is half of «часа»: read as «0.5 часа»
    let mut owned: Vec<&str> = Vec::with_capacity(tokens.len() + 1);
    match tokens.first() {
        Some(&"полчаса") => {
            owned.extend(["0.5", "часа"]);
            owned.extend(&tokens[1..]);
        }
        _ => owned.extend(tokens),
    }
    let tokens = owned.as_slice();
    // «полтора часа», «пару часов», «1.5 часа», «2 дня»
    let (n, rest): (f64, &[&str]) = match tokens.first() {
        Some(t) if t.starts_with('-') || t.starts_with('−') => {
            return Err(WhenError::NegativeOffset)
        }
        Some(&("полтора" | "полторы")) => (1.5, &tokens[1..]),
        Some(&("пару" | "пара")) => (2.0, &tokens[1..]),
        Some(t)
            if t.chars().all(|c| c.is_ascii_digit() || c == '.')
                && t.contains(|c: char| c.is_ascii_digit()) =>
        {
            let n: f64 = t.parse().map_err(|_| WhenError::Unparseable)?;
            if !n.is_finite() {
                return Err(WhenError::TooFar);
            }
            (n, &tokens[1..])
        }
        Some(_) => (1.0, tokens),
        None => return Err(WhenError::Unparseable),
    };
    if n == 0.0 {
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
    // «через 1,5 часа» is ninety minutes; «через 1,5 дня» means nothing certain
    if n.fract() != 0.0 && minutes_per >= 24 * 60 {
        return Err(WhenError::Unparseable);
    }
    let total = n * f64::from(minutes_per);
    if total > (MAX_DAYS_AHEAD * 24 * 60) as f64 {
        return Err(WhenError::TooFar);
    }
    // a fraction of a day or more is no time anyone means: whole minutes only, of hours and less
    if total.fract() != 0.0 {
        return Err(WhenError::Unparseable);
    }
    let total = total as i64;
    let tail: Vec<&str> = rest[1..]
        .iter()
        .copied()
        .filter(|t| !matches!(*t, "в" | "at"))
        .collect();
    match tail.as_slice() {
        // rounded to the minute: «через 2 часа» at 9:59:30 is 12:00, not 11:59
        [] => {
            let at = now + Duration::minutes(total) + Duration::seconds(30);
            let at = at - Duration::seconds(i64::from(chrono::Timelike::second(&at)));
            finish(at.with_timezone(&tz).naive_local(), now, tz)
        }
        [p] if minutes_per >= 24 * 60 && part_word(p).is_some() => {
            let time = part_word(p).map(|p| p.time(parts)).unwrap_or_default();
            let date = now.with_timezone(&tz).date_naive() + Duration::minutes(total);
            finish(date.and_time(time), now, tz)
        }
        [clock] if minutes_per >= 24 * 60 => {
            let time = parse_clock(clock)?;
            let date = now.with_timezone(&tz).date_naive() + Duration::minutes(total);
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
    // 31.02 is no date, with or without a time; 29.02 exists in leap years only
    NaiveDate::from_ymd_opt(year.unwrap_or(2024), month, day).ok_or(WhenError::ImpossibleDate)?;
    Ok(Some(Day::Date { day, month, year }))
}

fn day_word(t: &str) -> Option<Day> {
    let wd = |w| Some(Day::Weekday(w));
    match t {
        "сегодня" | "today" => Some(Day::Offset(0)),
        "вчера" | "yesterday" => Some(Day::Offset(-1)),
        "позавчера" => Some(Day::Offset(-2)),
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
    const SHORT: [(&str, u32); 13] = [
        ("янв", 1),
        ("фев", 2),
        ("мар", 3),
        ("апр", 4),
        ("июн", 6),
        ("июл", 7),
        ("авг", 8),
        ("сен", 9),
        ("сент", 9),
        ("окт", 10),
        ("ноя", 11),
        ("нояб", 11),
        ("дек", 12),
    ];
    if let Some((_, m)) = SHORT.iter().find(|(w, _)| *w == t) {
        return Some(*m);
    }
    MONTHS
        .iter()
        .position(|m| *m != "ма" && t.starts_with(m) && t.chars().count() <= m.chars().count() + 2)
        .map(|i| i as u32 + 1)
}

/// The moment a sentence names, if it names one with a time of day: «созвонимся в пятницу в 11,
/// пришлю КП» gives Friday 11:00. The longest run of words the reader takes wins; a run it
/// would ask back about («в 7») or one in the past names nothing.
pub fn find_when(
    text: &str,
    now: DateTime<Utc>,
    tz: Tz,
    parts: &DayParts,
) -> Option<DateTime<Utc>> {
    /// The longest phrase of a moment: «на следующей неделе во вторник в 15:00».
    const MAX_WORDS: usize = 8;
    let words: Vec<&str> = text
        .split_whitespace()
        .take(600)
        .map(|w| w.trim_matches(|c: char| ",;!?«»\"()".contains(c)))
        .map(|w| w.strip_suffix('.').unwrap_or(w))
        .collect();
    let mut best: Option<(usize, DateTime<Utc>)> = None;
    let mut start = 0;
    'runs: while start < words.len() {
        for len in (1..=MAX_WORDS.min(words.len() - start)).rev() {
            let run = &words[start..start + len];
            // a run holds a number or a part of the day, and no empty word
            if !run.iter().any(|w| {
                w.chars().any(|c| c.is_ascii_digit()) || part_word(&w.to_lowercase()).is_some()
            }) || run.iter().any(|w| w.is_empty())
            {
                continue;
            }
            match parse_when_with(&run.join(" "), now, tz, parts) {
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
