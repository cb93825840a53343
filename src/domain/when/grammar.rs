//! The grammar of a moment: a recursive descent over the tokens (`lex.rs`) that composes
//! independent parts — a day (a day word, a date, a weekday with its modifier, an offset), a
//! time (a clock time, an hour in digits or words, half and quarter hours, «без N»), a part of
//! the day, a week — in any order. Each part is read at any position; the phrase is the first
//! way of reading all its tokens as parts, each kind at most once, that fits together.
//!
//! ```text
//! phrase  := part+                                   (each kind once, any order)
//! part    := [prep] (dayword | weekday | week | date | clock | hour | daypart) | span | prep
//! dayword := сегодня | завтра | послезавтра | «после завтра» | вчера | позавчера
//! weekday := [modifier] weekdayword                  «в следующую пятницу», «сл. пт»
//! week    := modifier неделя                          «на следующей неделе»
//! date    := daynum month [year [г]] | daynum числа | dd.mm[.yy[yy]]
//! daynum  := digits | «5-го» | ordinal                «пятого», «двадцать первое»
//! clock   := hh:mm | hh-mm | hh.mm
//! hour    := num [час] [num [минут]] | «час» | [половине] ordinal | полседьмого
//!          | четверть ordinal | num минут ordinal | без num|четверти [минут] num
//! span    := через ([num] unit)+                      «через 2 часа 30 минут», «через неделю»
//! num     := digits | cardinal [cardinal]             «двадцать пять», «двух», «пятнадцати»
//! ```

use super::lex::{Modi, PartWord, Prep, Sense, Tok, Unit};
use chrono::Weekday;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum DayExpr {
    /// «завтра»: days from today
    Offset(i64),
    Date {
        day: u32,
        month: u32,
        year: Option<i32>,
    },
    /// «пятого числа», «27-го»: the day of this month, or of the next once passed
    DayOfMonth(u32),
    /// «3 февраля будущего года»: a date in the year `years` after this one
    DateAhead { day: u32, month: u32, years: i32 },
    /// «через три дня»
    After { n: f64, unit: Unit, negative: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TimeExpr {
    /// written as a clock: «15:00», «9.05»; taken as it is written
    Clock { h: u32, m: u32 },
    /// an hour said: «в 7», «в пять», «в полседьмого» — morning or evening unless said
    Hour { h: u32, m: u32, anchored: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PartExpr {
    pub part: PartWord,
    /// «утра», «вечера» without a preposition go with an hour: «в 7 вечера»
    pub needs_hour: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Span {
    pub minutes: f64,
    pub negative: bool,
}

/// What a phrase says, each part at most once.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Phrase {
    pub day: Option<DayExpr>,
    pub weekday: Option<(Weekday, Option<Modi>)>,
    pub week: Option<Modi>,
    pub time: Option<TimeExpr>,
    pub part: Option<PartExpr>,
    pub span: Option<Span>,
    /// «с 9 до 10», «между 12 и 13»: where the range said ends (the moment is its start)
    pub until: Option<TimeExpr>,
}

#[derive(Debug, Clone, Copy)]
enum Item {
    Day(DayExpr),
    Weekday(Weekday, Option<Modi>),
    Week(Modi),
    Time(TimeExpr),
    Part(PartExpr),
    Span(Span),
    /// a range of times: its start and its end
    Range(TimeExpr, TimeExpr),
    Noise,
}

/// The first reading of all of `toks` as a phrase. `strict` checks the ranges (hours 0–23,
/// months 1–12) while reading, so that «15.00» is a time and «12.12» a date; without it, a
/// reading out of range is kept so that its reason can be told («25:00», «10.13»).
pub(super) fn parse(toks: &[Tok], strict: bool) -> Option<Phrase> {
    if toks.is_empty() || toks.len() > 24 {
        return None;
    }
    let mut budget = 20_000u32;
    descend(toks, 0, Phrase::default(), strict, &mut budget)
}

fn descend(toks: &[Tok], i: usize, ph: Phrase, strict: bool, budget: &mut u32) -> Option<Phrase> {
    if i == toks.len() {
        return fits(&ph).then_some(ph);
    }
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    for (item, j) in items_at(toks, i, strict) {
        if let Some(next) = absorb(ph, item) {
            if let Some(done) = descend(toks, j, next, strict, budget) {
                return Some(done);
            }
        }
    }
    None
}

fn absorb(mut ph: Phrase, item: Item) -> Option<Phrase> {
    fn once<T>(slot: &mut Option<T>, v: T) -> Option<()> {
        if slot.is_some() {
            return None;
        }
        *slot = Some(v);
        Some(())
    }
    match item {
        Item::Day(d) => once(&mut ph.day, d)?,
        Item::Weekday(w, m) => once(&mut ph.weekday, (w, m))?,
        Item::Week(m) => once(&mut ph.week, m)?,
        Item::Time(t) => once(&mut ph.time, t)?,
        Item::Part(p) => once(&mut ph.part, p)?,
        Item::Span(s) => once(&mut ph.span, s)?,
        Item::Range(from, to) => {
            once(&mut ph.time, from)?;
            once(&mut ph.until, to)?;
        }
        Item::Noise => {}
    }
    Some(ph)
}

/// The parts fit together: an offset in hours stands alone, a week needs its weekday, a bare
/// number is an hour only beside a day or a part of the day, «вечера» needs its hour.
fn fits(ph: &Phrase) -> bool {
    if ph.span.is_some() {
        return ph.day.is_none()
            && ph.weekday.is_none()
            && ph.week.is_none()
            && ph.time.is_none()
            && ph.part.is_none();
    }
    if ph.day.is_none() && ph.weekday.is_none() && ph.time.is_none() && ph.part.is_none() {
        return false;
    }
    if ph.until.is_some() && ph.time.is_none() {
        return false;
    }
    if ph.week.is_some() && (ph.weekday.is_none() || ph.day.is_some()) {
        return false;
    }
    if matches!(ph.weekday, Some((_, Some(_)))) && ph.day.is_some() {
        return false;
    }
    if let Some(TimeExpr::Hour {
        anchored: false, ..
    }) = ph.time
    {
        if ph.part.is_none() && ph.day.is_none() && ph.weekday.is_none() {
            return false;
        }
    }
    if let Some(p) = ph.part {
        if p.needs_hour && ph.time.is_none() {
            return false;
        }
        if p.part == PartWord::Noon && ph.time.is_some() {
            return false;
        }
    }
    true
}

/// Every way of reading one part at `i`, the likeliest first.
fn items_at(t: &[Tok], i: usize, strict: bool) -> Vec<(Item, usize)> {
    let mut out = Vec::new();
    range(t, i, strict, &mut out);
    // «часиков в пять», «часов к десяти»: the hour said roughly is the hour
    if t[i].has(Sense::HourWord)
        && matches!(
            t[i].text(),
            "часиков" | "часов" | "часа" | "часам" | "часикам"
        )
        && t.get(i + 1)
            .and_then(Tok::prep)
            .is_some_and(|p| matches!(p, Prep::V | Prep::K | Prep::About))
    {
        out.push((Item::Noise, i + 1));
    }
    match t[i].prep() {
        Some(Prep::Between) => {}
        Some(p) => {
            core(t, i + 1, Some(p), strict, &mut out);
            // «после завтра»
            if p == Prep::Posle && t.get(i + 1).and_then(day_word) == Some(1) {
                out.push((Item::Day(DayExpr::Offset(2)), i + 2));
            }
            // a preposition whose part reads without it («к 10», «в 15:00»)
            if !matches!(p, Prep::Cherez | Prep::Bez) {
                out.push((Item::Noise, i + 1));
            }
        }
        None => core(t, i, None, strict, &mut out),
    }
    out
}

fn core(t: &[Tok], k: usize, prep: Option<Prep>, strict: bool, out: &mut Vec<(Item, usize)>) {
    let Some(tok) = t.get(k) else {
        return;
    };
    use Prep::*;
    let allowed = |ps: &[Prep]| prep.is_none_or(|p| ps.contains(&p));
    if prep == Some(Cherez) {
        span(t, k, out);
        return;
    }
    if prep == Some(Bez) {
        without(t, k, out);
        return;
    }
    if allowed(&[Na, K, Do, S]) {
        if let Some(n) = day_word(tok) {
            out.push((Item::Day(DayExpr::Offset(n)), k + 1));
        }
    }
    if allowed(&[V, Na, K, Do, S]) {
        weekday(t, k, out);
    }
    if allowed(&[Na, V]) {
        if let (Some(m), true) = (
            modifier(tok),
            t.get(k + 1).is_some_and(|w| w.has(Sense::Week)),
        ) {
            out.push((Item::Week(m), k + 2));
        }
    }
    let timed = [V, K, Do, S, About, Na, Posle];
    // after «в» a dotted pair is a time first: «в 10.30»
    if matches!(prep, Some(V | About)) {
        clock(t, k, strict, out);
    }
    if allowed(&[Na, K, Do, S, V]) {
        date(t, k, strict, out);
    }
    if allowed(&timed) {
        if !matches!(prep, Some(V | About)) {
            clock(t, k, strict, out);
        }
        hour(t, k, prep, strict, out);
    }
    part(t, k, prep, out);
    half_of_day(t, k, prep, out);
}

/// «с 9 до 10 утра», «с 15:00 до 16:00», «между 12 и 13»: a range of times, read from its
/// start.
fn range(t: &[Tok], i: usize, strict: bool, out: &mut Vec<(Item, usize)>) {
    let (from_prep, to_word): (Prep, fn(&Tok) -> bool) = match t[i].prep() {
        Some(Prep::S) => (Prep::S, |w| w.prep() == Some(Prep::Do)),
        Some(Prep::Between) => (Prep::V, |w| w.has(Sense::And)),
        _ => return,
    };
    let times = |k: usize, p: Prep| -> Vec<(TimeExpr, usize)> {
        let mut v = Vec::new();
        if k < t.len() {
            clock(t, k, strict, &mut v);
            hour(t, k, Some(p), strict, &mut v);
        }
        v.into_iter()
            .filter_map(|(item, j)| match item {
                Item::Time(x) => Some((x, j)),
                _ => None,
            })
            .collect()
    };
    for (from, j) in times(i + 1, from_prep) {
        if t.get(j).is_some_and(to_word) {
            for (to, e) in times(j + 1, Prep::Do) {
                out.push((Item::Range(from, to), e));
            }
        }
    }
}

/// «в первой половине дня», «во второй половине дня», «к концу дня», «в конце дня».
fn half_of_day(t: &[Tok], k: usize, prep: Option<Prep>, out: &mut Vec<(Item, usize)>) {
    use Prep::*;
    let day_at = |j: usize| t.get(j).is_some_and(|w| w.text() == "дня");
    if t[k].has(Sense::End) && day_at(k + 1) && matches!(prep, Some(K | V | Pod | Do | Na)) {
        out.push((
            Item::Part(PartExpr {
                part: PartWord::Evening,
                needs_hour: false,
            }),
            k + 2,
        ));
    }
    let half = match t[k].text() {
        "первой" | "первую" => PartWord::Morning,
        "второй" | "вторую" => PartWord::Afternoon,
        _ => return,
    };
    if t.get(k + 1).is_some_and(|w| w.has(Sense::Half))
        && day_at(k + 2)
        && matches!(prep, Some(V | Na))
    {
        out.push((
            Item::Part(PartExpr {
                part: half,
                needs_hour: false,
            }),
            k + 3,
        ));
    }
}

fn day_word(t: &Tok) -> Option<i64> {
    t.find(|s| match s {
        Sense::DayWord(n) => Some(*n),
        _ => None,
    })
}

fn modifier(t: &Tok) -> Option<Modi> {
    t.find(|s| match s {
        Sense::Mod(m) => Some(*m),
        _ => None,
    })
}

fn weekday_of(t: &Tok) -> Option<Weekday> {
    t.find(|s| match s {
        Sense::Weekday(w) => Some(*w),
        _ => None,
    })
}

fn month_of(t: &Tok) -> Option<u32> {
    t.find(|s| match s {
        Sense::Month(m) => Some(*m),
        _ => None,
    })
}

fn weekday(t: &[Tok], k: usize, out: &mut Vec<(Item, usize)>) {
    if let (Some(m), Some(w)) = (modifier(&t[k]), t.get(k + 1).and_then(weekday_of)) {
        out.push((Item::Weekday(w, Some(m)), k + 2));
    }
    if let Some(w) = weekday_of(&t[k]) {
        out.push((Item::Weekday(w, None), k + 1));
    }
}

/// A cardinal in words, «двадцать пять» as one: each reading (value, next index), longest first.
fn card_words(t: &[Tok], k: usize) -> Vec<(u32, usize)> {
    let mut v = Vec::new();
    if let Some(n) = t.get(k).and_then(Tok::card) {
        if n >= 20 && n % 10 == 0 {
            if let Some(u) = t
                .get(k + 1)
                .and_then(Tok::card)
                .filter(|u| (1..=9).contains(u))
            {
                v.push((n + u, k + 2));
            }
        }
        v.push((n, k + 1));
    }
    v
}

/// An ordinal in words, «двадцать пятого» as one — not right after a number in words: «в
/// одиннадцать двадцать первого» is 11:20 on the 1st as well as 11:00 on the 21st.
fn ord_words(t: &[Tok], k: usize) -> Vec<(u32, usize)> {
    let mut v = Vec::new();
    if k > 0 && t[k - 1].card().is_some() && t.get(k).and_then(Tok::card).is_some() {
        return v;
    }
    if let Some(n) = t
        .get(k)
        .and_then(Tok::card)
        .filter(|n| *n == 20 || *n == 30)
    {
        if let Some(u) = t
            .get(k + 1)
            .and_then(Tok::ord)
            .filter(|u| (1..=9).contains(u))
        {
            v.push((n + u, k + 2));
        }
    }
    if let Some(n) = t.get(k).and_then(Tok::ord) {
        v.push((n, k + 1));
    }
    v
}

/// A number in digits (up to two) or in words.
fn small_number(t: &[Tok], k: usize) -> Vec<(u32, usize)> {
    let mut v = Vec::new();
    if let Some((n, len)) = t.get(k).and_then(Tok::is_int) {
        if len <= 2 {
            v.push((n as u32, k + 1));
        }
    }
    v.extend(card_words(t, k));
    v
}

/// A date starting at `k`: a day number with or without its month («5 марта», «5-го»,
/// «пятого»), or a dotted date («05.03», «05.03.2026»). `strict` keeps to real days and months.
fn date(t: &[Tok], k: usize, strict: bool, out: &mut Vec<(Item, usize)>) {
    for (d, j) in day_numbers(t, k) {
        if d > 99 || (strict && !(1..=31).contains(&d)) {
            continue;
        }
        let d = d as u32;
        if let Some(month) = t.get(j).and_then(month_of) {
            day_of_month_named(t, j, d, month, out);
        } else if t.get(j).is_some_and(|w| w.has(Sense::Number)) {
            out.push((Item::Day(DayExpr::DayOfMonth(d)), j + 1));
        } else if bare_day_of_month(t, k, j) {
            out.push((Item::Day(DayExpr::DayOfMonth(d)), j));
        }
    }
    dotted_date(t, k, strict, out);
}

/// The numbers at `k` that may be a day of the month («5», «5-го», «двадцать пятого»), each
/// with where it ends.
fn day_numbers(t: &[Tok], k: usize) -> Vec<(u64, usize)> {
    let mut days: Vec<(u64, usize)> = Vec::new();
    match &t[k] {
        Tok::Int(v, len) if *len <= 2 => days.push((*v, k + 1)),
        Tok::OrdNum(v) => days.push((*v, k + 1)),
        _ => {}
    }
    days.extend(ord_words(t, k).into_iter().map(|(n, j)| (u64::from(n), j)));
    days
}

/// Day `d` of the month named at `j - 1`, with what may follow it: «будущего года», a year in
/// digits, or nothing.
fn day_of_month_named(t: &[Tok], j: usize, d: u32, month: u32, out: &mut Vec<(Item, usize)>) {
    // «3 февраля будущего года», «5 марта этого года»
    if let (Some(m), true) = (
        t.get(j + 1).and_then(modifier),
        t.get(j + 2).is_some_and(|w| w.has(Sense::YearWord)),
    ) {
        let years = match m {
            Modi::Next => 1,
            Modi::This => 0,
            Modi::Nearest => return,
        };
        out.push((
            Item::Day(DayExpr::DateAhead {
                day: d,
                month,
                years,
            }),
            j + 3,
        ));
    }
    if let Some(Tok::Int(y, 4)) = t.get(j + 1) {
        let year = Some(*y as i32);
        let end = if t.get(j + 2).is_some_and(|w| w.has(Sense::YearWord)) {
            j + 3
        } else {
            j + 2
        };
        out.push((
            Item::Day(DayExpr::Date {
                day: d,
                month,
                year,
            }),
            end,
        ));
    }
    out.push((
        Item::Day(DayExpr::Date {
            day: d,
            month,
            year: None,
        }),
        j + 1,
    ));
}

/// «05.03», «05.03.26», «05.03.2026 года»: a date in dots; its year in two digits or four.
fn dotted_date(t: &[Tok], k: usize, strict: bool, out: &mut Vec<(Item, usize)>) {
    let Tok::Dots(parts, _) = &t[k] else {
        return;
    };
    let ((d, dl), (m, ml)) = (parts[0], parts[1]);
    let in_range = (1..=31).contains(&d) && (1..=12).contains(&m);
    if dl <= 2 && ml <= 2 && (in_range || !strict) {
        let year = match parts.get(2) {
            None => None,
            Some((y, 2)) => Some(2000 + *y as i32),
            Some((y, 4)) => Some(*y as i32),
            Some(_) => return,
        };
        let end = if year.is_some() && t.get(k + 1).is_some_and(|w| w.has(Sense::YearWord)) {
            k + 2
        } else {
            k + 1
        };
        out.push((
            Item::Day(DayExpr::Date {
                day: d as u32,
                month: m as u32,
                year,
            }),
            end,
        ));
    }
}

/// «27-го», «двадцать девятого», «на 5-е» alone: a day of the month. An ordinal in words right
/// after a number in words is not one: «в пять двадцать первого» reads two ways.
fn bare_day_of_month(t: &[Tok], k: usize, j: usize) -> bool {
    match &t[k] {
        Tok::OrdNum(_) => true,
        _ => {
            let last = t[j - 1].text();
            let case = ["ого", "его", "ое", "ье"].iter().any(|e| last.ends_with(e));
            let after_words = k > 0 && t[k - 1].card().is_some();
            case && !after_words
        }
    }
}

fn clock(t: &[Tok], k: usize, strict: bool, out: &mut Vec<(Item, usize)>) {
    let (h, m) = match &t[k] {
        Tok::Clock(h, m) => (*h, *m),
        Tok::Dots(p, '.') if p.len() == 2 && p[0].1 <= 2 && p[1].1 == 2 => {
            (p[0].0 as u32, p[1].0 as u32)
        }
        _ => return,
    };
    if !strict || (h <= 23 && m <= 59) {
        out.push((Item::Time(TimeExpr::Clock { h, m }), k + 1));
    }
}

/// The hour before: «половина седьмого» is half past six, «половина первого» half past twelve.
fn before(n: u32) -> u32 {
    if n == 1 {
        12
    } else {
        n - 1
    }
}

fn hour(t: &[Tok], k: usize, prep: Option<Prep>, strict: bool, out: &mut Vec<(Item, usize)>) {
    let by_prep = prep.is_some();
    let max = if strict { 24 } else { 99 };
    if let Some((h, len)) = t[k].is_int() {
        if len <= 2 && h < max {
            hour_tail(t, k + 1, h as u32, by_prep, false, strict, out);
        }
    }
    for (h, j) in card_words(t, k) {
        if h < 24 {
            hour_tail(t, j, h, by_prep, true, strict, out);
        }
    }
    let push = |out: &mut Vec<(Item, usize)>, h: u32, m: u32, j: usize| {
        out.push((
            Item::Time(TimeExpr::Hour {
                h,
                m,
                anchored: true,
            }),
            j,
        ));
    };
    // «в час», «к часу»
    if by_prep && matches!(t[k].text(), "час" | "часу") {
        push(out, 1, 0, k + 1);
    }
    if let Some(n) = t[k].find(|s| match s {
        Sense::HalfOf(n) => Some(*n),
        _ => None,
    }) {
        push(out, before(n), 30, k + 1);
    }
    for (what, minutes) in [(Sense::Half, 30), (Sense::Quarter, 15)] {
        if t[k].has(what) {
            for (n, j) in ord_words(t, k + 1) {
                if (1..=24).contains(&n) {
                    push(out, before(n), minutes, j);
                }
            }
        }
    }
    // «двадцать минут восьмого»
    for (m, j) in small_number(t, k) {
        if (1..=59).contains(&m) && t.get(j).is_some_and(|w| w.has(Sense::MinuteWord)) {
            for (n, j2) in ord_words(t, j + 1) {
                if (1..=24).contains(&n) {
                    push(out, before(n), m, j2);
                }
            }
        }
    }
}

/// After an hour: «часов», then its minutes — in words only after an hour in words («в десять
/// тридцать»).
fn hour_tail(
    t: &[Tok],
    j: usize,
    h: u32,
    by_prep: bool,
    in_words: bool,
    strict: bool,
    out: &mut Vec<(Item, usize)>,
) {
    let said = t.get(j).is_some_and(|w| w.has(Sense::HourWord));
    let j = if said { j + 1 } else { j };
    let anchored = by_prep || said;
    let mut minutes: Vec<(u32, usize)> = Vec::new();
    match t.get(j) {
        Some(Tok::Int(m, len)) if *len <= 2 => {
            let named = t.get(j + 1).is_some_and(|w| w.has(Sense::MinuteWord));
            if named {
                minutes.push((*m as u32, j + 2));
            }
            if *len == 2 {
                minutes.push((*m as u32, j + 1));
            }
        }
        _ if in_words => {
            for (m, e) in card_words(t, j) {
                // «в десять тридцать», «в пять ноль пять» is not said; «ноль» alone neither;
                // «двадцать первого» after an hour reads two ways (see `ord_words`)
                let compound = m % 10 == 0 && t.get(e).and_then(Tok::ord).is_some_and(|u| u < 10);
                if (1..=59).contains(&m) && !compound {
                    if t.get(e).is_some_and(|w| w.has(Sense::MinuteWord)) {
                        minutes.push((m, e + 1));
                    }
                    minutes.push((m, e));
                }
            }
        }
        _ => {}
    }
    for (m, e) in minutes {
        if !strict || m <= 59 {
            out.push((Item::Time(TimeExpr::Hour { h, m, anchored }), e));
        }
    }
    out.push((Item::Time(TimeExpr::Hour { h, m: 0, anchored }), j));
}

/// «без пятнадцати три», «без четверти восемь», «без 10 шесть».
fn without(t: &[Tok], k: usize, out: &mut Vec<(Item, usize)>) {
    let mut mins = small_number(t, k);
    if t[k].has(Sense::Quarter) {
        mins.push((15, k + 1));
    }
    for (m, j) in mins {
        if !(1..=30).contains(&m) {
            continue;
        }
        let j = if t.get(j).is_some_and(|w| w.has(Sense::MinuteWord)) {
            j + 1
        } else {
            j
        };
        let mut hours = small_number(t, j);
        if t.get(j).is_some_and(|w| w.text() == "час") {
            hours.push((1, j + 1));
        }
        for (h, e) in hours {
            if (1..=24).contains(&h) {
                let e = if t.get(e).is_some_and(|w| w.has(Sense::HourWord)) {
                    e + 1
                } else {
                    e
                };
                out.push((
                    Item::Time(TimeExpr::Hour {
                        h: before(h),
                        m: 60 - m,
                        anchored: true,
                    }),
                    e,
                ));
            }
        }
    }
}

/// A part of the day, with what its preposition makes of it: «до обеда» is the morning,
/// «после работы» the evening.
fn part(t: &[Tok], k: usize, prep: Option<Prep>, out: &mut Vec<(Item, usize)>) {
    use PartWord::*;
    use Prep::*;
    let Some(w) = t[k].part() else {
        return;
    };
    let meaning = match (w, prep) {
        (Morning, None | Some(V | S | K | Na | Pod)) => Morning,
        (Lunch, None | Some(V | K | Na | S | Posle)) => Lunch,
        (Lunch, Some(Do)) => Morning,
        (Afternoon, None) => Afternoon,
        (Evening, None | Some(K | Pod | V | Na | S)) => Evening,
        (Night, None | Some(V | Na | K | Pod)) => Night,
        (Noon, None | Some(V | K)) => Noon,
        (Noon, Some(Posle)) => Lunch,
        (Noon, Some(Do)) => Morning,
        (Work, Some(Posle)) => Evening,
        _ => return,
    };
    let needs_hour =
        prep.is_none() && matches!(t[k].text(), "утра" | "дня" | "вечера" | "ночи" | "полудня");
    out.push((
        Item::Part(PartExpr {
            part: meaning,
            needs_hour,
        }),
        k + 1,
    ));
}

/// «через 2 часа», «через полтора часа», «через три дня», «через неделю», «через 2 часа 30
/// минут».
fn span(t: &[Tok], k: usize, out: &mut Vec<(Item, usize)>) {
    let mut j = k;
    let mut minutes = 0.0;
    let mut negative = false;
    let mut groups = 0;
    loop {
        if t.get(j).is_some_and(|w| w.has(Sense::HalfHour)) {
            minutes += 30.0;
            j += 1;
            groups += 1;
            continue;
        }
        let mut neg = false;
        let mut at = j;
        if t.get(at) == Some(&Tok::Neg) {
            neg = true;
            at += 1;
        }
        let (n, after): (f64, usize) = match t.get(at) {
            Some(Tok::Int(v, _)) => (*v as f64, at + 1),
            Some(Tok::Decimal(x)) => (*x, at + 1),
            Some(Tok::Dots(p, '.')) if p.len() == 2 => (
                format!("{}.{:0w$}", p[0].0, p[1].0, w = p[1].1)
                    .parse()
                    .unwrap_or(f64::NAN),
                at + 1,
            ),
            Some(w) if w.has(Sense::OneAndHalf) => (1.5, at + 1),
            Some(w) if w.has(Sense::Pair) => (2.0, at + 1),
            Some(w) if w.card().is_some() => {
                let (n, e) = card_words(t, at)[0];
                (f64::from(n), e)
            }
            _ => (1.0, at),
        };
        let Some(unit) = t.get(after).and_then(Tok::unit) else {
            break;
        };
        negative |= neg;
        groups += 1;
        j = after + 1;
        match unit {
            Unit::Minute => minutes += n,
            Unit::Hour => minutes += n * 60.0,
            day_unit => {
                if groups == 1 {
                    out.push((
                        Item::Day(DayExpr::After {
                            n,
                            unit: day_unit,
                            negative,
                        }),
                        j,
                    ));
                }
                return;
            }
        }
    }
    if groups > 0 {
        out.push((Item::Span(Span { minutes, negative }), j));
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::tokens;
    use super::*;

    fn read(s: &str) -> Option<Phrase> {
        parse(&tokens(s, true), true)
    }

    #[test]
    fn parts_compose_in_either_order() {
        let a = read("завтра в 10").unwrap();
        let b = read("в 10 завтра").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.day, Some(DayExpr::Offset(1)));
    }

    #[test]
    fn hours_in_words() {
        let h = |s: &str| read(s).and_then(|p| p.time);
        let hm = |h, m| {
            Some(TimeExpr::Hour {
                h,
                m,
                anchored: true,
            })
        };
        assert_eq!(h("в полседьмого"), hm(6, 30));
        assert_eq!(h("в половине десятого"), hm(9, 30));
        assert_eq!(h("в четверть восьмого"), hm(7, 15));
        assert_eq!(h("без пятнадцати три"), hm(2, 45));
        assert_eq!(h("без четверти двенадцать"), hm(11, 45));
        assert_eq!(h("к двум"), hm(2, 0));
        assert_eq!(h("в час"), hm(1, 0));
        assert_eq!(h("в десять тридцать"), hm(10, 30));
        assert_eq!(h("в двадцать минут восьмого"), hm(7, 20));
    }
}
