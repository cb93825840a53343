//! Phrases written by a generator, not listed: a day part × a time part × a modifier × the order
//! × case forms × an optional typo, each with the value it must read as — computed here from
//! the calendar, not by the reader. Run with `--nocapture` to see the table of categories.
//! `sentences` is the second generator, built from this one's parts.

use super::lex::{known_forms, within_one_edit, PartWord, Sense};
use super::*;
use chrono_tz::Europe::Moscow;
use proptest::prelude::*;
use rand::{rngs::StdRng, seq::IndexedRandom, Rng, SeedableRng};
use std::collections::BTreeMap;

mod sentences;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    At(DateTime<Utc>),
    /// asked back: truly two readings
    Asked(WhenError),
    /// refused with its reason
    Refused(WhenError),
}

/// What the time part says.
#[derive(Debug, Clone, Copy)]
enum T {
    At(u32, u32),
    /// an hour from one to seven without its part of the day: asked
    Ask(u32),
    Part(PartWord),
}

/// How the weekday's day is found.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Plain,
    NextMod,
    ThisMod,
    Nearest,
    WeekNext,
    WeekThis,
}

#[derive(Debug, Clone, Copy)]
enum D {
    None,
    Date(NaiveDate),
    Weekday(Weekday, Rule),
}

const CARD_NOM: [&str; 24] = [
    "ноль",
    "час",
    "два",
    "три",
    "четыре",
    "пять",
    "шесть",
    "семь",
    "восемь",
    "девять",
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
    "двадцать",
    "двадцать один",
    "двадцать два",
    "двадцать три",
];
const CARD_DAT: [&str; 13] = [
    "",
    "часу",
    "двум",
    "трем",
    "четырем",
    "пяти",
    "шести",
    "семи",
    "восьми",
    "девяти",
    "десяти",
    "одиннадцати",
    "двенадцати",
];
const CARD_GEN: [&str; 13] = [
    "",
    "",
    "двух",
    "трех",
    "четырех",
    "пяти",
    "шести",
    "семи",
    "восьми",
    "девяти",
    "десяти",
    "одиннадцати",
    "двенадцати",
];
const ORD_GEN: [&str; 13] = [
    "",
    "первого",
    "второго",
    "третьего",
    "четвертого",
    "пятого",
    "шестого",
    "седьмого",
    "восьмого",
    "девятого",
    "десятого",
    "одиннадцатого",
    "двенадцатого",
];
const DAY_ORD_GEN: [&str; 32] = [
    "",
    "первого",
    "второго",
    "третьего",
    "четвертого",
    "пятого",
    "шестого",
    "седьмого",
    "восьмого",
    "девятого",
    "десятого",
    "одиннадцатого",
    "двенадцатого",
    "тринадцатого",
    "четырнадцатого",
    "пятнадцатого",
    "шестнадцатого",
    "семнадцатого",
    "восемнадцатого",
    "девятнадцатого",
    "двадцатого",
    "двадцать первого",
    "двадцать второго",
    "двадцать третьего",
    "двадцать четвертого",
    "двадцать пятого",
    "двадцать шестого",
    "двадцать седьмого",
    "двадцать восьмого",
    "двадцать девятого",
    "тридцатого",
    "тридцать первого",
];
const MONTH_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTH_ABBR: [&str; 12] = [
    "янв.",
    "фев.",
    "мар.",
    "апр.",
    "мая",
    "июн.",
    "июл.",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
];

fn hour_word(h: u32) -> &'static str {
    match h % 100 {
        1 | 21 => "час",
        2..=4 | 22..=24 => "часа",
        _ => "часов",
    }
}

/// The part of the day a 24-hour hour is said with, and the hour on the 12-hour dial.
fn dial(h24: u32) -> (u32, &'static str) {
    let period = match h24 {
        0..=3 => "ночи",
        4..=11 => "утра",
        12..=16 => "дня",
        _ => "вечера",
    };
    let h12 = match h24 % 12 {
        0 => 12,
        x => x,
    };
    (h12, period)
}

/// A time part of one of six kinds, with its kind's name for the table.
fn time_part(rng: &mut StdRng) -> (&'static str, String, T) {
    match rng.random_range(0..6) {
        0 => clock(rng),
        1 => hour_in_digits(rng),
        2 => hour_in_words(rng),
        3 => half_or_quarter(rng),
        4 => part_of_the_day(rng),
        _ => part_and_hour(rng),
    }
}

/// «в 10:30», «к 9:05», «в 7.45»: hours and minutes in digits.
fn clock(rng: &mut StdRng) -> (&'static str, String, T) {
    let h = rng.random_range(0..24);
    let m = *[0, 5, 15, 30, 45, rng.random_range(0..60)]
        .choose(rng)
        .unwrap();
    let text = match rng.random_range(0..5) {
        0 => format!("в {h}:{m:02}"),
        1 => format!("к {h}:{m:02}"),
        2 => format!("{h}:{m:02}"),
        3 => format!("в {h}.{m:02}"),
        _ => format!("в {h:02}:{m:02}"),
    };
    ("clock «в 10:30»", text, T::At(h, m))
}

/// «в 5 вечера», «около 17», «к 3 часам»: an hour in digits; from one to seven without its part
/// of the day, asked.
fn hour_in_digits(rng: &mut StdRng) -> (&'static str, String, T) {
    let h24: u32 = rng.random_range(0..24);
    let (h12, period) = dial(h24);
    let with_period = rng.random_bool(0.6);
    let said = if with_period { h12 } else { h24 };
    let prep = *["в", "к", "около"].choose(rng).unwrap();
    let text = match rng.random_range(0..2) {
        0 => format!("{prep} {said}"),
        _ => format!("{prep} {said} {}", hour_word(said)),
    };
    if with_period {
        (
            "hour in digits «в 5 вечера»",
            format!("{text} {period}"),
            T::At(h24, 0),
        )
    } else if (1..=7).contains(&h24) {
        ("hour in digits «в 5 вечера»", text, T::Ask(h24))
    } else {
        ("hour in digits «в 5 вечера»", text, T::At(h24, 0))
    }
}

/// «к двум часам дня», «около пяти», «в семнадцать»: an hour in words, in the case its
/// preposition asks for.
fn hour_in_words(rng: &mut StdRng) -> (&'static str, String, T) {
    let h24: u32 = rng.random_range(0..24);
    let (h12, period) = dial(h24);
    let with_period = rng.random_bool(0.6) || h24 == 0;
    let kind = "hour in words «к двум часам дня»";
    if !with_period && h24 >= 13 {
        let text = match rng.random_range(0..2) {
            0 => format!("в {}", CARD_NOM[h24 as usize]),
            _ => format!("в {} {}", CARD_NOM[h24 as usize], hour_word(h24)),
        };
        return (kind, text, T::At(h24, 0));
    }
    // в + nominative, к + dative, около + genitive, with or without «часов»
    let case = rng.random_range(0..3);
    let mut text = match (case, h12) {
        (_, 1) => (if rng.random_bool(0.5) {
            "в час"
        } else {
            "к часу"
        })
        .to_owned(),
        (0, _) => format!("в {}", CARD_NOM[h12 as usize]),
        (1, _) => format!("к {}", CARD_DAT[h12 as usize]),
        _ => format!("около {}", CARD_GEN[h12 as usize]),
    };
    if h12 != 1 && rng.random_bool(0.5) {
        text.push_str(match (case, h12) {
            (0, 2..=4) => " часа",
            (0, _) => " часов",
            (1, _) => " часам",
            _ => " часов",
        });
    }
    if with_period {
        (kind, format!("{text} {period}"), T::At(h24, 0))
    } else if (1..=7).contains(&h12) {
        (kind, text, T::Ask(h12))
    } else {
        (kind, text, T::At(h12, 0))
    }
}

/// «в полседьмого», «в четверть пятого», «без пятнадцати три»: a time said by the next hour.
fn half_or_quarter(rng: &mut StdRng) -> (&'static str, String, T) {
    let h24: u32 = rng.random_range(0..24);
    let (h12, period) = dial(h24);
    let next = (h12 % 12 + 1) as usize;
    let (m, text) = match rng.random_range(0..8) {
        0 => (30, format!("в пол{}", ORD_GEN[next])),
        1 => (30, format!("в пол-{}", ORD_GEN[next])),
        2 => (30, format!("в половине {}", ORD_GEN[next])),
        3 => (15, format!("в четверть {}", ORD_GEN[next])),
        x => {
            let (m, gen) = [
                (45, "четверти"),
                (45, "пятнадцати"),
                (50, "десяти"),
                (55, "пяти"),
            ][x as usize - 4];
            (m, format!("без {gen} {}", CARD_NOM[next]))
        }
    };
    let kind = "half, quarter, «без N»";
    if rng.random_bool(0.6) || h24 == 0 {
        (kind, format!("{text} {period}"), T::At(h24, m))
    } else if (1..=7).contains(&h12) {
        (kind, text, T::Ask(h12))
    } else {
        (kind, text, T::At(h12, m))
    }
}

/// «утром», «к обеду», «после работы»: a part of the day, read as the user's hour for it.
fn part_of_the_day(rng: &mut StdRng) -> (&'static str, String, T) {
    let (text, p) = *[
        ("утром", PartWord::Morning),
        ("с утра", PartWord::Morning),
        ("до обеда", PartWord::Morning),
        ("к обеду", PartWord::Lunch),
        ("в обед", PartWord::Lunch),
        ("после обеда", PartWord::Lunch),
        ("днем", PartWord::Lunch),
        ("днём", PartWord::Lunch),
        ("под вечер", PartWord::Evening),
        ("вечером", PartWord::Evening),
        ("к вечеру", PartWord::Evening),
        ("после работы", PartWord::Evening),
        ("ночью", PartWord::Night),
        ("в полдень", PartWord::Noon),
    ]
    .choose(rng)
    .unwrap();
    ("part of the day «к обеду»", text.to_owned(), T::Part(p))
}

/// «вечером в 7», «днем в три»: a part of the day that settles the hour after it.
fn part_and_hour(rng: &mut StdRng) -> (&'static str, String, T) {
    let (text, h12, h24) = *[
        ("утром", 9, 9),
        ("утром", 8, 8),
        ("днем", 3, 15),
        ("после обеда", 4, 16),
        ("вечером", 7, 19),
        ("вечером", 6, 18),
        ("после работы", 8, 20),
    ]
    .choose(rng)
    .unwrap();
    let hour = if rng.random_bool(0.5) {
        format!("в {h12}")
    } else {
        format!("в {}", CARD_NOM[h12 as usize])
    };
    (
        "part and hour «вечером в 7»",
        format!("{text} {hour}"),
        T::At(h24, 0),
    )
}

/// A day part of one of five kinds (one of them no day at all), with its kind's name.
fn day_part(rng: &mut StdRng, today: NaiveDate) -> (&'static str, String, D) {
    match rng.random_range(0..5) {
        0 => day_word(rng, today),
        1 => weekday(rng),
        2 => date(rng, today),
        3 => offset(rng, today),
        _ => ("no day", String::new(), D::None),
    }
}

/// «сегодня», «завтра», «послезавтра».
fn day_word(rng: &mut StdRng, today: NaiveDate) -> (&'static str, String, D) {
    let (text, n) = *[
        ("сегодня", 0),
        ("завтра", 1),
        ("на завтра", 1),
        ("послезавтра", 2),
        ("после завтра", 2),
    ]
    .choose(rng)
    .unwrap();
    (
        "day word «завтра»",
        text.to_owned(),
        D::Date(today + Duration::days(n)),
    )
}

/// «в пятницу», «в сл. пт», «в ближайшее воскресенье», «на следующей неделе в среду»: a weekday,
/// its modifier agreeing with its gender.
fn weekday(rng: &mut StdRng) -> (&'static str, String, D) {
    // accusative, gender, short form
    let days = [
        (Weekday::Mon, "понедельник", 'm', "пн", "в"),
        (Weekday::Tue, "вторник", 'm', "вт", "во"),
        (Weekday::Wed, "среду", 'f', "ср", "в"),
        (Weekday::Thu, "четверг", 'm', "чт", "в"),
        (Weekday::Fri, "пятницу", 'f', "пт", "в"),
        (Weekday::Sat, "субботу", 'f', "сб", "в"),
        (Weekday::Sun, "воскресенье", 'n', "вс", "в"),
    ];
    let (wd, acc, g, short, v) = *days.choose(rng).unwrap();
    let agree = |m: &str, f: &str, n: &str| match g {
        'm' => m.to_owned(),
        'f' => f.to_owned(),
        _ => n.to_owned(),
    };
    let (text, rule) = match rng.random_range(0..11) {
        0 => (format!("{v} {acc}"), Rule::Plain),
        1 => (format!("{short}."), Rule::Plain),
        2 => (format!("в {short}"), Rule::Plain),
        3 => (
            format!("в {} {acc}", agree("следующий", "следующую", "следующее")),
            Rule::NextMod,
        ),
        4 => (format!("в сл. {short}"), Rule::NextMod),
        5 => (format!("в след. {acc}"), Rule::NextMod),
        6 => (
            format!("в {} {acc}", agree("этот", "эту", "это")),
            Rule::ThisMod,
        ),
        7 => (
            format!("в {} {acc}", agree("ближайший", "ближайшую", "ближайшее")),
            Rule::Nearest,
        ),
        8 => (format!("на следующей неделе {v} {acc}"), Rule::WeekNext),
        9 => (format!("{v} {acc} на следующей неделе"), Rule::WeekNext),
        _ => (format!("на этой неделе {v} {acc}"), Rule::WeekThis),
    };
    (
        "weekday with a modifier «в следующую пятницу»",
        text,
        D::Weekday(wd, rule),
    )
}

/// «5 января», «пятого января», «05.01», «5.01.2027», «5 янв.»: a date up to 300 days ahead.
fn date(rng: &mut StdRng, today: NaiveDate) -> (&'static str, String, D) {
    let d = today + Duration::days(rng.random_range(1..=300));
    let (dd, mm, yy) = (d.day(), d.month(), d.year());
    let month = MONTH_GEN[mm as usize - 1];
    let text = match rng.random_range(0..9) {
        0 => format!("{dd} {month}"),
        1 => format!("{} {month}", DAY_ORD_GEN[dd as usize]),
        2 => format!("{dd}-го {month}"),
        3 => format!("{dd:02}.{mm:02}"),
        4 => format!("{dd}.{mm:02}"),
        5 => format!("{dd}.{mm:02}.{yy}"),
        6 => format!("{dd} {}", MONTH_ABBR[mm as usize - 1]),
        7 => format!("{dd} {month} {yy} года"),
        _ => format!("на {dd} {month}"),
    };
    ("date «5 января», «05.01»", text, D::Date(d))
}

/// «через три дня», «через пару дней», «через 2 недели»: days or weeks from today.
fn offset(rng: &mut StdRng, today: NaiveDate) -> (&'static str, String, D) {
    let week = rng.random_bool(0.3);
    let (n, text) = if week {
        let n = rng.random_range(1..=4);
        let text = match n {
            1 => "через неделю".to_owned(),
            _ if rng.random_bool(0.5) => format!("через {n} недели"),
            2 => "через две недели".to_owned(),
            3 => "через три недели".to_owned(),
            _ => "через четыре недели".to_owned(),
        };
        (7 * n, text)
    } else {
        let n: i64 = rng.random_range(1..=20);
        let unit = match n % 100 {
            1 => "день",
            2..=4 => "дня",
            _ => "дней",
        };
        let text = match (n, rng.random_range(0..3)) {
            (1, 0) => "через день".to_owned(),
            (2, 0) => "через пару дней".to_owned(),
            (_, 1) => format!("через {n} {unit}"),
            _ => format!(
                "через {} {unit}",
                CARD_NOM[n as usize].replace("час", "один")
            ),
        };
        (n, text)
    };
    (
        "offset «через три дня»",
        text,
        D::Date(today + Duration::days(n)),
    )
}

/// The value a phrase must read as, from the calendar.
fn want(d: D, t: T, now: DateTime<Utc>, parts: &DayParts) -> Want {
    let local = now.with_timezone(&Moscow);
    let today = local.date_naive();
    let time = match t {
        T::At(h, m) => NaiveTime::from_hms_opt(h, m, 0).unwrap(),
        T::Part(p) => parts.time(p),
        T::Ask(h) => return Want::Asked(WhenError::AmbiguousHour(h)),
    };
    let at = |date: NaiveDate| {
        Moscow
            .from_local_datetime(&date.and_time(time))
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    };
    let on = |date: NaiveDate| {
        let a = at(date);
        if a <= now {
            Want::Refused(WhenError::InPast)
        } else {
            Want::At(a)
        }
    };
    let later_today = time > local.time();
    match d {
        D::None if later_today => on(today),
        D::None => on(today + Duration::days(1)),
        D::Date(date) => on(date),
        D::Weekday(wd, rule) => {
            let idx_today = i64::from(today.weekday().num_days_from_monday());
            let idx = i64::from(wd.num_days_from_monday());
            let this = today + Duration::days(idx - idx_today);
            let next = this + Duration::days(7);
            let ask = |a: NaiveDate, b: NaiveDate| {
                Want::Asked(WhenError::AmbiguousDay {
                    first: at(a).timestamp(),
                    second: at(b).timestamp(),
                })
            };
            match rule {
                Rule::Plain if idx == idx_today && later_today => ask(this, next),
                Rule::Plain if idx > idx_today => on(this),
                Rule::Plain => on(next),
                Rule::NextMod if idx > idx_today => ask(this, next),
                Rule::NextMod => on(next),
                Rule::ThisMod if idx >= idx_today => on(this),
                Rule::ThisMod => on(next),
                Rule::Nearest if idx > idx_today || (idx == idx_today && later_today) => on(this),
                Rule::Nearest => on(next),
                Rule::WeekNext => on(next),
                Rule::WeekThis => on(this),
            }
        }
    }
}

/// One letter changed, dropped, added or two swapped in a word of five letters or more, when
/// the result is no known word and is one edit from words of a single meaning only.
fn typo(
    rng: &mut StdRng,
    phrase: &str,
    forms: &[(&'static str, &'static [Sense])],
) -> Option<String> {
    const ABC: &str = "абвгдежзийклмнопрстуфхцчшщыьэюя";
    let abc: Vec<char> = ABC.chars().collect();
    let words: Vec<&str> = phrase.split(' ').collect();
    let known = |w: &str| forms.iter().find(|(f, _)| *f == w).map(|(_, s)| *s);
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 5 && known(words[i]).is_some())
        .collect();
    let &i = candidates.choose(rng)?;
    let meaning = known(words[i])?;
    for _ in 0..20 {
        let mut c: Vec<char> = words[i].chars().collect();
        let at = rng.random_range(0..c.len());
        match rng.random_range(0..4) {
            0 => c[at] = *abc.choose(rng).unwrap(),
            1 => {
                c.remove(at);
            }
            2 => c.insert(at, *abc.choose(rng).unwrap()),
            _ if at + 1 < c.len() => c.swap(at, at + 1),
            _ => continue,
        }
        let w: String = c.iter().collect();
        if c.len() < 5 || c.contains(&'-') || known(&w).is_some() {
            continue;
        }
        let fair = forms
            .iter()
            .filter(|(f, _)| f.chars().count() >= 4)
            .filter(|(f, _)| within_one_edit(&c, &f.chars().collect::<Vec<_>>()))
            .all(|(_, s)| *s == meaning);
        if fair {
            let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            out[i] = w;
            return Some(out.join(" "));
        }
    }
    None
}

#[derive(Default)]
struct Row {
    generated: usize,
    right: usize,
    asked: usize,
    refused: usize,
    wrong: usize,
}

impl Row {
    /// One phrase more: wrong, or right by the kind of answer it wanted.
    fn count(&mut self, ok: bool, expected: Want) {
        self.generated += 1;
        match (ok, expected) {
            (false, _) => self.wrong += 1,
            (true, Want::At(_)) => self.right += 1,
            (true, Want::Asked(_)) => self.asked += 1,
            (true, Want::Refused(_)) => self.refused += 1,
        }
    }

    fn add(&mut self, r: &Row) {
        self.generated += r.generated;
        self.right += r.right;
        self.asked += r.asked;
        self.refused += r.refused;
        self.wrong += r.wrong;
    }
}

/// The table's head, its first column named.
fn print_head(first: &str) {
    println!("\n| {first} | generated | read right | asked back | refused | wrong |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
}

fn print_row(label: &str, r: &Row) {
    println!(
        "| {label} | {} | {} | {} | {} | {} |",
        r.generated, r.right, r.asked, r.refused, r.wrong
    );
}

/// The moments the phrases are said at, Moscow: a Thursday noon, a Monday morning with early
/// parts of the day, and `last` (an evening).
fn moments(last: DateTime<Utc>) -> [(DateTime<Utc>, DayParts); 3] {
    let early = DayParts {
        morning: 9 * 60,
        lunch: 13 * 60 + 30,
        evening: 19 * 60,
    };
    [
        (
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
            DayParts::default(),
        ),
        (Utc.with_ymd_and_hms(2026, 11, 30, 5, 15, 0).unwrap(), early),
        (last, DayParts::default()),
    ]
}

/// A generated phrase: its row in the table, its words, whether a typo went in, and what its
/// day and time parts say.
struct Generated {
    row: String,
    phrase: String,
    typoed: bool,
    d: D,
    t: T,
}

/// A day part and a time part in either order, one time in three or so with a typo.
fn generate(
    rng: &mut StdRng,
    today: NaiveDate,
    forms: &[(&'static str, &'static [Sense])],
) -> Generated {
    let (dk, day, d) = day_part(rng, today);
    let (tk, time, t) = time_part(rng);
    // «в пять двадцать первого января» reads two ways (5:20 on the 1st, or 5:00 on the
    // 21st): a time in words is not written right before a day in words
    let day_after_words = time.ends_with(|c: char| c.is_alphabetic())
        && CARD_NOM.iter().any(|w| time.ends_with(w))
        && (day.starts_with("двадцать") || day.starts_with("тридцать"));
    let mut phrase = if day.is_empty() {
        time
    } else if day_after_words || rng.random_bool(0.5) {
        format!("{day} {time}")
    } else {
        format!("{time} {day}")
    };
    let mut typoed = false;
    if rng.random_bool(0.3) {
        if let Some(p) = typo(rng, &phrase, forms) {
            phrase = p;
            typoed = true;
        }
    }
    Generated {
        row: format!("{dk} × {tk}"),
        phrase,
        typoed,
        d,
        t,
    }
}

/// Whether what was read is what the calendar says: the same instant, or the same question
/// or refusal.
fn reads_as(expected: Want, got: Result<DateTime<Utc>, WhenError>) -> bool {
    match (expected, got) {
        (Want::At(a), Ok(b)) => a == b,
        (Want::Asked(a), Err(b)) | (Want::Refused(a), Err(b)) => a == b,
        _ => false,
    }
}

#[test]
fn generated_phrases_read_as_the_calendar_says() {
    let forms = known_forms();
    let mut rng = StdRng::seed_from_u64(21);
    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    let mut typos = Row::default();
    let mut wrong = Vec::new();
    for (now, parts) in moments(Utc.with_ymd_and_hms(2026, 12, 6, 18, 40, 0).unwrap()) {
        let today = now.with_timezone(&Moscow).date_naive();
        for _ in 0..3000 {
            let g = generate(&mut rng, today, &forms);
            let expected = want(g.d, g.t, now, &parts);
            let got = parse_when_with(&g.phrase, now, Moscow, &parts);
            let ok = reads_as(expected, got);
            table.entry(g.row).or_default().count(ok, expected);
            if g.typoed {
                typos.count(ok, expected);
            }
            if !ok && wrong.len() < 40 {
                wrong.push(format!(
                    "«{}» at {now}: got {got:?}, want {expected:?}",
                    g.phrase
                ));
            }
        }
    }
    let mut total = Row::default();
    print_head("day part × time part");
    for (k, r) in &table {
        print_row(k, r);
        total.add(r);
    }
    print_row("of them with one typo", &typos);
    print_row("**all**", &total);
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        total.wrong,
        wrong.join("\n")
    );
    assert!(total.right >= 5000, "{}", total.right);
}

proptest! {
    /// Any future minute written as a phrase («пятого января 2027 года в половине шестого
    /// вечера») reads back as the same minute.
    #[test]
    fn what_say_writes_reads_back(minutes in 1i64..(700 * 24 * 60)) {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let at = now + Duration::minutes(minutes);
        let said = say_moment(at, now, Moscow);
        prop_assert_eq!(parse_when(&said, now, Moscow), Ok(at), "{}", said);
    }
}
