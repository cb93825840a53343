//! A moment written back as people say it: «завтра в половине шестого вечера», «пятого января
//! 2027 года без четверти девять утра». What it writes reads back as the same minute.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use chrono_tz::Tz;

const CARD: [&str; 13] = [
    "ноль",
    "один",
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
];

/// The genitive ordinal: «первого» … «тридцать первого».
fn ord_gen(n: u32) -> String {
    const ONES: [&str; 10] = [
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
    ];
    const TEENS: [&str; 10] = [
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
    ];
    match n {
        1..=9 => ONES[n as usize].to_owned(),
        10..=19 => TEENS[n as usize - 10].to_owned(),
        20 => "двадцатого".to_owned(),
        30 => "тридцатого".to_owned(),
        21..=29 => format!("двадцать {}", ONES[n as usize - 20]),
        31 => "тридцать первого".to_owned(),
        _ => n.to_string(),
    }
}

/// A cardinal from 10 to 59 in words: «двадцать три».
fn minutes_words(m: u32) -> String {
    const TEENS: [&str; 10] = [
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
    ];
    const TENS: [&str; 6] = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят"];
    match m {
        10..=19 => TEENS[m as usize - 10].to_owned(),
        _ if m % 10 == 0 => TENS[m as usize / 10].to_owned(),
        _ => format!("{} {}", TENS[m as usize / 10], CARD[m as usize % 10]),
    }
}

const MONTHS_GEN: [&str; 12] = [
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

/// The moment `at` as a phrase said at `now`: the day as «сегодня», «завтра», «послезавтра» or
/// «5 января» (with the year when it is not this one), the time with its part of the day, in
/// words.
pub fn say_moment(at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz);
    let today = now.with_timezone(&tz).date_naive();
    let date = local.date_naive();
    let day = match (date - today).num_days() {
        0 => "сегодня".to_owned(),
        1 => "завтра".to_owned(),
        2 => "послезавтра".to_owned(),
        _ => {
            let mut s = format!(
                "{} {}",
                ord_gen(date.day()),
                MONTHS_GEN[date.month0() as usize]
            );
            if date.year() != today.year() || date > today + Duration::days(300) {
                s.push_str(&format!(" {} года", date.year()));
            }
            s
        }
    };
    format!("{day} {}", say_time(local.hour(), local.minute()))
}

/// «в пять часов вечера», «в половине первого ночи», «без четверти час дня», «в 9:05 утра».
fn say_time(h: u32, m: u32) -> String {
    let period = match h {
        0..=3 => "ночи",
        4..=11 => "утра",
        12..=16 => "дня",
        _ => "вечера",
    };
    let h12 = match h % 12 {
        0 => 12,
        x => x,
    };
    let next = h12 % 12 + 1;
    match m {
        0 if h12 == 1 => format!("в час {period}"),
        0 => {
            let word = match h12 {
                2..=4 => "часа",
                _ => "часов",
            };
            format!("в {} {word} {period}", CARD[h12 as usize])
        }
        30 => format!("в половине {} {period}", ord_gen(next)),
        15 => format!("в четверть {} {period}", ord_gen(next)),
        45 if next == 1 => format!("без четверти час {period}"),
        45 => format!("без четверти {} {period}", CARD[next as usize]),
        10..=59 => format!("в {} {} {period}", CARD[h12 as usize], minutes_words(m)),
        _ => format!("в {h12}:{m:02} {period}"),
    }
}
