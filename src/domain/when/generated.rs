//! Phrases written by a generator, not listed: a day part × a time part × a modifier × the order
//! × case forms × an optional typo, each with the value it must read as — computed here from
//! the calendar, not by the reader. Run with `--nocapture` to see the table of categories.

use super::lex::{known_forms, within_one_edit, PartWord, Sense};
use super::*;
use chrono_tz::Europe::Moscow;
use proptest::prelude::*;
use rand::{rngs::StdRng, seq::IndexedRandom, Rng, SeedableRng};
use std::collections::BTreeMap;

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

fn time_part(rng: &mut StdRng) -> (&'static str, String, T) {
    match rng.random_range(0..6) {
        0 => {
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
        1 => {
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
        2 => {
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
        3 => {
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
        4 => {
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
        _ => {
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
    }
}

fn day_part(rng: &mut StdRng, today: NaiveDate) -> (&'static str, String, D) {
    match rng.random_range(0..5) {
        0 => {
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
        1 => {
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
        2 => {
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
        3 => {
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
        _ => ("no day", String::new(), D::None),
    }
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

#[test]
fn generated_phrases_read_as_the_calendar_says() {
    let forms = known_forms();
    let mut rng = StdRng::seed_from_u64(21);
    let early = DayParts {
        morning: 9 * 60,
        lunch: 13 * 60 + 30,
        evening: 19 * 60,
    };
    // a Thursday noon, a Monday morning and a Sunday night, Moscow
    let nows = [
        (
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
            DayParts::default(),
        ),
        (Utc.with_ymd_and_hms(2026, 11, 30, 5, 15, 0).unwrap(), early),
        (
            Utc.with_ymd_and_hms(2026, 12, 6, 18, 40, 0).unwrap(),
            DayParts::default(),
        ),
    ];
    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    let mut typos = Row::default();
    let mut wrong = Vec::new();
    for (now, parts) in nows {
        let today = now.with_timezone(&Moscow).date_naive();
        for _ in 0..3000 {
            let (dk, day, d) = day_part(&mut rng, today);
            let (tk, time, t) = time_part(&mut rng);
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
                if let Some(p) = typo(&mut rng, &phrase, &forms) {
                    phrase = p;
                    typoed = true;
                }
            }
            let expected = want(d, t, now, &parts);
            let got = parse_when_with(&phrase, now, Moscow, &parts);
            let row = table.entry(format!("{dk} × {tk}")).or_default();
            let rows = if typoed {
                vec![row, &mut typos]
            } else {
                vec![row]
            };
            let ok = match (expected, got) {
                (Want::At(a), Ok(b)) => a == b,
                (Want::Asked(a), Err(b)) | (Want::Refused(a), Err(b)) => a == b,
                _ => false,
            };
            for r in rows {
                r.generated += 1;
                match (ok, expected) {
                    (false, _) => r.wrong += 1,
                    (true, Want::At(_)) => r.right += 1,
                    (true, Want::Asked(_)) => r.asked += 1,
                    (true, Want::Refused(_)) => r.refused += 1,
                }
            }
            if !ok && wrong.len() < 40 {
                wrong.push(format!(
                    "«{phrase}» at {now}: got {got:?}, want {expected:?}"
                ));
            }
        }
    }
    let mut total = Row::default();
    println!("\n| day part × time part | generated | read right | asked back | refused | wrong |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (k, r) in &table {
        println!(
            "| {k} | {} | {} | {} | {} | {} |",
            r.generated, r.right, r.asked, r.refused, r.wrong
        );
        total.generated += r.generated;
        total.right += r.right;
        total.asked += r.asked;
        total.refused += r.refused;
        total.wrong += r.wrong;
    }
    println!(
        "| of them with one typo | {} | {} | {} | {} | {} |",
        typos.generated, typos.right, typos.asked, typos.refused, typos.wrong
    );
    println!(
        "| **all** | {} | {} | {} | {} | {} |",
        total.generated, total.right, total.asked, total.refused, total.wrong
    );
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

const FILLER_BEFORE: [&str; 9] = [
    "созвон",
    "давайте",
    "договорились:",
    "Перезвонить",
    "встреча",
    "ок,",
    "клиент просил перезвонить",
    "предлагаю",
    "демо для директора —",
];
const FILLER_AFTER: [&str; 8] = [
    ", у нас в переговорной",
    "по мск",
    ", пришлю КП",
    "у них в офисе",
    ", ссылку скину",
    "— подтвердите, пожалуйста",
    "!",
    ", если удобно",
];

/// A phrase inside a sentence: filler words before it, after it, or both.
fn in_sentence(rng: &mut StdRng, phrase: &str) -> String {
    let before = *FILLER_BEFORE.choose(rng).unwrap();
    let after = *FILLER_AFTER.choose(rng).unwrap();
    match rng.random_range(0..3) {
        0 => format!("{before} {phrase}"),
        1 => format!("{phrase} {after}"),
        _ => format!("{before} {phrase} {after}"),
    }
}

/// A day said with a day word, a date or an offset (never a weekday): two of them never read
/// as one phrase.
fn dated_day(rng: &mut StdRng, today: NaiveDate) -> (String, D) {
    loop {
        if let (_, text, d @ D::Date(_)) = day_part(rng, today) {
            return (text, d);
        }
    }
}

/// The day and the time composed as the first generator does («завтра в 10» or «в 10 завтра»).
fn compose(rng: &mut StdRng, day: &str, time: &str) -> String {
    // «в одиннадцать двадцать первого» reads two ways: not composed (the reader refuses it)
    let number_last = time
        .split(' ')
        .next_back()
        .and_then(|w| super::lex::word(w, false))
        .is_some_and(|(_, s)| s.iter().any(|s| matches!(s, Sense::Card(_))));
    let day_after_words =
        number_last && (day.starts_with("двадцать") || day.starts_with("тридцать"));
    if day.is_empty() {
        time.to_owned()
    } else if day_after_words || rng.random_bool(0.5) {
        format!("{day} {time}")
    } else {
        format!("{time} {day}")
    }
}

const WEEKDAY_GEN: [(Weekday, &str); 7] = [
    (Weekday::Mon, "с понедельника"),
    (Weekday::Tue, "со вторника"),
    (Weekday::Wed, "со среды"),
    (Weekday::Thu, "с четверга"),
    (Weekday::Fri, "с пятницы"),
    (Weekday::Sat, "с субботы"),
    (Weekday::Sun, "с воскресенья"),
];
const WEEKDAY_ACC: [&str; 7] = [
    "понедельник",
    "вторник",
    "среду",
    "четверг",
    "пятницу",
    "субботу",
    "воскресенье",
];

/// An hour said roughly: «часиков в пять», «около 11», «примерно в 14:00».
fn approximate(rng: &mut StdRng) -> (String, T) {
    let h24: u32 = rng.random_range(0..24);
    let (h12, period) = dial(h24);
    if rng.random_bool(0.25) {
        let m = *[0, 15, 30, 45].choose(rng).unwrap();
        let lead = *["примерно в", "ориентировочно к", "около", "где-то в"]
            .choose(rng)
            .unwrap();
        return (format!("{lead} {h24}:{m:02}"), T::At(h24, m));
    }
    let with_period = rng.random_bool(0.5) || h24 == 0;
    let said = if with_period { h12 } else { h24 };
    let mut word = |n: u32| match rng.random_bool(0.5) {
        true => n.to_string(),
        false if n <= 12 => CARD_NOM[n as usize].to_owned(),
        false => n.to_string(),
    };
    let said_text = word(said);
    let text = match rng.random_range(0..6) {
        0 => format!("часиков в {said_text}"),
        1 => format!("часов в {said_text}"),
        2 => format!("около {said}"),
        3 => format!("примерно в {said}"),
        4 => format!("ориентировочно к {said}"),
        _ => format!("в районе {said}"),
    };
    let text = text
        .replace("часиков в час", "часиков в 1")
        .replace("часов в час", "часов в 1");
    if with_period {
        (format!("{text} {period}"), T::At(h24, 0))
    } else if (1..=7).contains(&h24) {
        (text, T::Ask(h24))
    } else {
        (text, T::At(h24, 0))
    }
}

/// The day of the month alone, said at `now` with time `t`: this month's, or next month's
/// once its moment has passed; no such day in that month is refused.
fn day_of_month_want(d: u32, t: T, now: DateTime<Utc>, parts: &DayParts) -> Want {
    let local = now.with_timezone(&Moscow);
    let today = local.date_naive();
    let this = NaiveDate::from_ymd_opt(today.year(), today.month(), d);
    let first_next = today.with_day(1).unwrap() + chrono::Months::new(1);
    let next = NaiveDate::from_ymd_opt(first_next.year(), first_next.month(), d);
    let date = if d >= today.day() {
        match this {
            None => return Want::Refused(WhenError::ImpossibleDate),
            Some(day) => match t {
                T::Ask(h) => return Want::Asked(WhenError::AmbiguousHour(h)),
                _ => {
                    let time = match t {
                        T::At(h, m) => NaiveTime::from_hms_opt(h, m, 0).unwrap(),
                        T::Part(p) => parts.time(p),
                        T::Ask(_) => unreachable!(),
                    };
                    if day.and_time(time) <= local.naive_local() {
                        next
                    } else {
                        Some(day)
                    }
                }
            },
        }
    } else {
        next
    };
    match date {
        None => Want::Refused(WhenError::ImpossibleDate),
        Some(date) => want(D::Date(date), t, now, parts),
    }
}

/// The Cyrillic phrase as typed with the Latin layout on: each key of ЙЦУКЕН as QWERTY's.
fn in_latin_layout(phrase: &str) -> String {
    const JCUKEN: &str = "йцукенгшщзхъфывапролджэячсмитьбюё";
    const QWERTY: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
    phrase
        .chars()
        .map(|c| match JCUKEN.chars().position(|k| k == c) {
            Some(i) => QWERTY.chars().nth(i).unwrap(),
            None => match c {
                '.' => '/',
                ',' => '?',
                _ => c,
            },
        })
        .collect()
}

#[test]
fn generated_sentences_and_new_forms_read_as_the_calendar_says() {
    let forms = known_forms();
    let mut rng = StdRng::seed_from_u64(31);
    let early = DayParts {
        morning: 9 * 60,
        lunch: 13 * 60 + 30,
        evening: 19 * 60,
    };
    let nows = [
        (
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
            DayParts::default(),
        ),
        (Utc.with_ymd_and_hms(2026, 11, 30, 5, 15, 0).unwrap(), early),
        (
            Utc.with_ymd_and_hms(2026, 12, 31, 18, 40, 0).unwrap(),
            DayParts::default(),
        ),
    ];
    let mut table: BTreeMap<&'static str, Row> = BTreeMap::new();
    let mut inside = Row::default();
    let mut wrong = Vec::new();
    let mut total = Row::default();
    for (now, parts) in nows {
        let today = now.with_timezone(&Moscow).date_naive();
        for _ in 0..4500 {
            let at_time = |h: u32, m: u32| T::At(h, m);
            // (kind, phrase, expected, the end of the range said, may go inside a sentence)
            let (kind, mut phrase, expected, until): (&str, String, Want, Option<(u32, u32)>) =
                match rng.random_range(0..10) {
                    0 | 1 => {
                        let (_, day, d) = day_part(&mut rng, today);
                        let (_, time, t) = time_part(&mut rng);
                        let mut phrase = compose(&mut rng, &day, &time);
                        if rng.random_bool(0.2) {
                            if let Some(p) = typo(&mut rng, &phrase, &forms) {
                                phrase = p;
                            }
                        }
                        (
                            "sentence «созвон в среду в 10, у нас в переговорной»",
                            in_sentence(&mut rng, &phrase),
                            want(d, t, now, &parts),
                            None,
                        )
                    }
                    2 => {
                        let lead = *["перенесли", "переносим встречу", "сдвигаем"]
                            .choose(&mut rng)
                            .unwrap();
                        let (_, time, t) = time_part(&mut rng);
                        let (from, to, d) = if rng.random_bool(0.5) {
                            let (_, from) = *WEEKDAY_GEN.choose(&mut rng).unwrap();
                            let i = rng.random_range(0..7);
                            let wd = WEEKDAY_GEN[i].0;
                            (
                                from.to_owned(),
                                WEEKDAY_ACC[i].to_owned(),
                                D::Weekday(wd, Rule::Plain),
                            )
                        } else {
                            let a = today + Duration::days(rng.random_range(1..=60));
                            let b = today + Duration::days(rng.random_range(1..=60));
                            let gen = |d: NaiveDate| {
                                format!("{} {}", d.day(), MONTH_GEN[d.month0() as usize])
                            };
                            (format!("с {}", gen(a)), gen(b), D::Date(b))
                        };
                        // «на 21 января с утра с 29 декабря»: whose «с утра»? not composed
                        let text = match rng.random_range(0..2) {
                            0 => format!("{lead} {from} на {to} {time}"),
                            _ if time.starts_with("с ") => format!("{lead} {from} на {to} {time}"),
                            _ => format!("{lead} на {to} {time} {from}"),
                        };
                        (
                            "two moments, «на …» points «с пятницы на понедельник в 10»",
                            text,
                            want(d, t, now, &parts),
                            None,
                        )
                    }
                    3 => {
                        let (day, _) = dated_day(&mut rng, today);
                        let (_, time, _) = time_part(&mut rng);
                        let (day, time) = if day.starts_with("на ") {
                            (day.replacen("на ", "", 1), time)
                        } else {
                            (day, time)
                        };
                        let sep = *["или", ", наверное,", "а лучше", "или даже"]
                            .choose(&mut rng)
                            .unwrap();
                        (
                            "words inside a date «в пятницу или в 10»: refused",
                            format!("{day} {sep} {time}"),
                            Want::Refused(WhenError::StrayWords),
                            None,
                        )
                    }
                    4 => {
                        let (d1, w1) = {
                            let (day, d) = dated_day(&mut rng, today);
                            let (_, time, t) = time_part(&mut rng);
                            (compose(&mut rng, &day, &time), want(d, t, now, &parts))
                        };
                        let (d2, w2) = {
                            let (day, d) = dated_day(&mut rng, today);
                            let (_, time, t) = time_part(&mut rng);
                            (compose(&mut rng, &day, &time), want(d, t, now, &parts))
                        };
                        let pointed: Vec<Want> = [(&d1, w1), (&d2, w2)]
                            .iter()
                            .filter(|(p, _)| p.starts_with("на "))
                            .map(|(_, w)| *w)
                            .collect();
                        let ahead: Vec<Want> = [w1, w2]
                            .into_iter()
                            .filter(|w| *w != Want::Refused(WhenError::InPast))
                            .collect();
                        let expected = match (pointed.as_slice(), ahead.as_slice()) {
                            ([one], _) => *one,
                            (_, []) => Want::Refused(WhenError::InPast),
                            (_, [Want::At(a)]) => Want::At(*a),
                            (_, [Want::At(a), Want::At(b)]) if a == b => Want::At(*a),
                            (_, [Want::At(a), Want::At(b)]) => Want::Asked(WhenError::TwoMoments(
                                Some((a.timestamp(), b.timestamp())),
                            )),
                            _ => Want::Asked(WhenError::TwoMoments(None)),
                        };
                        (
                            "two moments, none pointed «в пт в 10 или в пн в 11»: asked",
                            format!("{d1}, или {d2}"),
                            expected,
                            None,
                        )
                    }
                    5 => {
                        let (_, day, d) = day_part(&mut rng, today);
                        let (time, t) = approximate(&mut rng);
                        (
                            "approximate hour «часиков в пять»",
                            compose(&mut rng, &day, &time),
                            want(d, t, now, &parts),
                            None,
                        )
                    }
                    6 => {
                        let dd: u32 = rng.random_range(1..=31);
                        let (_, time, t) = time_part(&mut rng);
                        let day = match rng.random_range(0..3) {
                            0 => format!("{dd}-го"),
                            1 => DAY_ORD_GEN[dd as usize].to_owned(),
                            _ => format!("на {dd}-е"),
                        };
                        // the day first: «в пять двадцать первого» reads two ways
                        (
                            "day of the month alone «27-го в 14:00»",
                            format!("{day} {time}"),
                            day_of_month_want(dd, t, now, &parts),
                            None,
                        )
                    }
                    7 => {
                        let (_, day, d) = day_part(&mut rng, today);
                        let h1: u32 = rng.random_range(0..=21);
                        let h2 = h1 + rng.random_range(1..=2);
                        let ((s12, sp), (e12, ep)) = (dial(h1), dial(h2));
                        let (text, t) = match rng.random_range(0..4) {
                            0 => (format!("с {h1}:00 до {h2}:00"), at_time(h1, 0)),
                            1 if sp == ep && h2 % 12 != 0 => {
                                (format!("с {s12} до {e12} {ep}"), at_time(h1, 0))
                            }
                            x => {
                                let text = match x {
                                    2 => format!("между {h1} и {h2}"),
                                    _ => format!("с {h1} до {h2} {}", hour_word(h2)),
                                };
                                let t = if (1..=7).contains(&h1) {
                                    T::Ask(h1)
                                } else {
                                    at_time(h1, 0)
                                };
                                (text, t)
                            }
                        };
                        (
                            "range «с 9 до 10 утра»: its start",
                            compose(&mut rng, &day, &text),
                            want(d, t, now, &parts),
                            Some((h2, 0)),
                        )
                    }
                    8 => {
                        let (d, t, text) = match rng.random_range(0..4) {
                            0 => {
                                let date = today + Duration::days(rng.random_range(1..=400));
                                let (h, m) = (rng.random_range(0..24), rng.random_range(0..60));
                                let sep = if rng.random_bool(0.5) { ' ' } else { 'T' };
                                (
                                    D::Date(date),
                                    at_time(h, m),
                                    format!("{}{sep}{h:02}:{m:02}", date.format("%Y-%m-%d")),
                                )
                            }
                            1 => {
                                let (_, day, d) = day_part(&mut rng, today);
                                let (h, m) = (
                                    rng.random_range(0..24),
                                    *[0, 5, 15, 30, 45].choose(&mut rng).unwrap(),
                                );
                                let time = match m {
                                    0 => format!("в {h}ч."),
                                    _ => format!("{h}ч{m:02}"),
                                };
                                // an hour said with «ч», like «в 5 ч», is asked from one to seven
                                let t = if (1..=7).contains(&h) {
                                    T::Ask(h)
                                } else {
                                    at_time(h, m)
                                };
                                (d, t, compose(&mut rng, &day, &time))
                            }
                            _ => {
                                let (month, dd) =
                                    (rng.random_range(1..=12u32), rng.random_range(1..=28u32));
                                let (words, year) = match rng.random_range(0..3) {
                                    0 => ("будущего года", today.year() + 1),
                                    1 => ("следующего года", today.year() + 1),
                                    _ => ("этого года", today.year()),
                                };
                                let date = NaiveDate::from_ymd_opt(year, month, dd).unwrap();
                                let (_, time, t) = time_part(&mut rng);
                                (
                                    D::Date(date),
                                    t,
                                    format!(
                                        "{dd} {} {words} {time}",
                                        MONTH_GEN[month as usize - 1]
                                    ),
                                )
                            }
                        };
                        (
                            "other forms «2027-01-15 09:30», «9ч15», «будущего года»",
                            text,
                            want(d, t, now, &parts),
                            None,
                        )
                    }
                    _ => {
                        let (_, day, d) = day_part(&mut rng, today);
                        if rng.random_bool(0.5) {
                            let (text, p) = *[
                                ("к концу дня", PartWord::Evening),
                                ("в конце дня", PartWord::Evening),
                                ("под конец дня", PartWord::Evening),
                                ("в первой половине дня", PartWord::Morning),
                                ("в первую половину дня", PartWord::Morning),
                                ("во второй половине дня", PartWord::Afternoon),
                            ]
                            .choose(&mut rng)
                            .unwrap();
                            (
                                "part of the day «к концу дня»",
                                compose(&mut rng, &day, text),
                                want(d, T::Part(p), now, &parts),
                                None,
                            )
                        } else {
                            let (_, time, t) = time_part(&mut rng);
                            let phrase = compose(&mut rng, &day, &time);
                            (
                                "wrong layout «ctujlyz d 18:00»",
                                in_latin_layout(&phrase.replace('ё', "е")),
                                want(d, t, now, &parts),
                                None,
                            )
                        }
                    }
                };
            // the new forms inside a sentence too
            let mut sentenced = false;
            if matches!(
                kind.split(' ').next(),
                Some("approximate" | "day" | "range" | "other" | "part")
            ) && rng.random_bool(0.3)
            {
                phrase = in_sentence(&mut rng, &phrase);
                sentenced = true;
            }
            let got = read_when(&phrase, now, Moscow, &parts);
            let ok = match (expected, got) {
                (Want::At(a), Ok(b)) => {
                    let end = until.map(|(h, m)| {
                        let local = a.with_timezone(&Moscow).date_naive();
                        Moscow
                            .from_local_datetime(&local.and_hms_opt(h, m, 0).unwrap())
                            .earliest()
                            .unwrap()
                            .with_timezone(&Utc)
                    });
                    a == b.at && (until.is_none() || b.until == end)
                }
                (Want::Asked(a), Err(b)) | (Want::Refused(a), Err(b)) => a == b,
                _ => false,
            };
            let row = table.entry(kind).or_default();
            let rows = if sentenced {
                vec![row, &mut inside]
            } else {
                vec![row]
            };
            for r in rows {
                r.generated += 1;
                match (ok, expected) {
                    (false, _) => r.wrong += 1,
                    (true, Want::At(_)) => r.right += 1,
                    (true, Want::Asked(_)) => r.asked += 1,
                    (true, Want::Refused(_)) => r.refused += 1,
                }
            }
            total.generated += 1;
            if !ok {
                total.wrong += 1;
                if wrong.len() < 40 {
                    wrong.push(format!(
                        "«{phrase}» at {now}: got {got:?}, want {expected:?}"
                    ));
                }
            } else {
                match expected {
                    Want::At(_) => total.right += 1,
                    Want::Asked(_) => total.asked += 1,
                    Want::Refused(_) => total.refused += 1,
                }
            }
        }
    }
    println!("\n| kind | generated | read right | asked back | refused | wrong |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (k, r) in &table {
        println!(
            "| {k} | {} | {} | {} | {} | {} |",
            r.generated, r.right, r.asked, r.refused, r.wrong
        );
    }
    println!(
        "| of the new forms, inside a sentence | {} | {} | {} | {} | {} |",
        inside.generated, inside.right, inside.asked, inside.refused, inside.wrong
    );
    println!(
        "| **all** | {} | {} | {} | {} | {} |",
        total.generated, total.right, total.asked, total.refused, total.wrong
    );
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        total.wrong,
        wrong.join("\n")
    );
    assert!(total.generated >= 11_000, "{}", total.generated);
}
