//! The second generator: phrases inside sentences and the forms read since the first one —
//! approximate hours, the day of the month alone, ranges, two moments, words inside a date,
//! ISO and «9ч15», the wrong keyboard layout, halves of the day — each with the value it must
//! read as, from the calendar. Run with `--nocapture` to see the table of kinds.

use super::*;

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

/// The moment a phrase is said at: the instant, the user's parts of the day, and that day in
/// Moscow.
struct Said<'a> {
    now: DateTime<Utc>,
    parts: &'a DayParts,
    today: NaiveDate,
}

impl Said<'_> {
    /// What a day part and a time part must read as, said at this moment.
    fn want(&self, d: D, t: T) -> Want {
        want(d, t, self.now, self.parts)
    }
}

/// A generated case: its kind (the table's row), the phrase, what it must read as, and the end
/// of the range it says, when it says one.
struct Case {
    kind: &'static str,
    phrase: String,
    expected: Want,
    until: Option<(u32, u32)>,
}

impl Case {
    fn new(kind: &'static str, phrase: String, expected: Want) -> Self {
        Self {
            kind,
            phrase,
            expected,
            until: None,
        }
    }
}

/// A case of one of the kinds; sentences come twice as often as each other kind.
fn case(rng: &mut StdRng, s: &Said, forms: &[(&'static str, &'static [Sense])]) -> Case {
    match rng.random_range(0..10) {
        0 | 1 => sentence(rng, s, forms),
        2 => moved(rng, s),
        3 => stray_words(rng, s),
        4 => two_moments(rng, s),
        5 => approximate_hour(rng, s),
        6 => day_of_month_alone(rng, s),
        7 => range(rng, s),
        8 => other_forms(rng, s),
        _ => {
            let (_, day, d) = day_part(rng, s.today);
            if rng.random_bool(0.5) {
                half_of_the_day(rng, s, &day, d)
            } else {
                wrong_layout(rng, s, &day, d)
            }
        }
    }
}

/// «созвон в среду в 10, у нас в переговорной»: a phrase of the first generator, sometimes
/// with a typo, inside a sentence.
fn sentence(rng: &mut StdRng, s: &Said, forms: &[(&'static str, &'static [Sense])]) -> Case {
    let (_, day, d) = day_part(rng, s.today);
    let (_, time, t) = time_part(rng);
    let mut phrase = compose(rng, &day, &time);
    if rng.random_bool(0.2) {
        if let Some(p) = typo(rng, &phrase, forms) {
            phrase = p;
        }
    }
    Case::new(
        "sentence «созвон в среду в 10, у нас в переговорной»",
        in_sentence(rng, &phrase),
        s.want(d, t),
    )
}

/// «перенесли с пятницы на понедельник в 10»: two days, the one after «на» is meant.
fn moved(rng: &mut StdRng, s: &Said) -> Case {
    let lead = *["перенесли", "переносим встречу", "сдвигаем"]
        .choose(rng)
        .unwrap();
    let (_, time, t) = time_part(rng);
    let (from, to, d) = if rng.random_bool(0.5) {
        let (_, from) = *WEEKDAY_GEN.choose(rng).unwrap();
        let i = rng.random_range(0..7);
        let wd = WEEKDAY_GEN[i].0;
        (
            from.to_owned(),
            WEEKDAY_ACC[i].to_owned(),
            D::Weekday(wd, Rule::Plain),
        )
    } else {
        let a = s.today + Duration::days(rng.random_range(1..=60));
        let b = s.today + Duration::days(rng.random_range(1..=60));
        let gen = |d: NaiveDate| format!("{} {}", d.day(), MONTH_GEN[d.month0() as usize]);
        (format!("с {}", gen(a)), gen(b), D::Date(b))
    };
    // «на 21 января с утра с 29 декабря»: whose «с утра»? not composed
    let text = match rng.random_range(0..2) {
        0 => format!("{lead} {from} на {to} {time}"),
        _ if time.starts_with("с ") => format!("{lead} {from} на {to} {time}"),
        _ => format!("{lead} на {to} {time} {from}"),
    };
    Case::new(
        "two moments, «на …» points «с пятницы на понедельник в 10»",
        text,
        s.want(d, t),
    )
}

/// «в пятницу или в 10»: words inside a date that are no part of it, refused.
fn stray_words(rng: &mut StdRng, s: &Said) -> Case {
    let (day, _) = dated_day(rng, s.today);
    let (_, time, _) = time_part(rng);
    let (day, time) = if day.starts_with("на ") {
        (day.replacen("на ", "", 1), time)
    } else {
        (day, time)
    };
    let sep = *["или", ", наверное,", "а лучше", "или даже"]
        .choose(rng)
        .unwrap();
    Case::new(
        "words inside a date «в пятницу или в 10»: refused",
        format!("{day} {sep} {time}"),
        Want::Refused(WhenError::StrayWords),
    )
}

/// «в пт в 10, или в пн в 11»: two moments; asked which, unless «на» points to one or only one
/// is ahead.
fn two_moments(rng: &mut StdRng, s: &Said) -> Case {
    let (d1, w1) = dated_moment(rng, s);
    let (d2, w2) = dated_moment(rng, s);
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
        (_, [Want::At(a), Want::At(b)]) => {
            Want::Asked(WhenError::TwoMoments(Some((a.timestamp(), b.timestamp()))))
        }
        _ => Want::Asked(WhenError::TwoMoments(None)),
    };
    Case::new(
        "two moments, none pointed «в пт в 10 или в пн в 11»: asked",
        format!("{d1}, или {d2}"),
        expected,
    )
}

/// A dated day and a time, composed, with what they must read as.
fn dated_moment(rng: &mut StdRng, s: &Said) -> (String, Want) {
    let (day, d) = dated_day(rng, s.today);
    let (_, time, t) = time_part(rng);
    (compose(rng, &day, &time), s.want(d, t))
}

/// «часиков в пять завтра»: an hour said roughly, with a day.
fn approximate_hour(rng: &mut StdRng, s: &Said) -> Case {
    let (_, day, d) = day_part(rng, s.today);
    let (time, t) = approximate(rng);
    Case::new(
        "approximate hour «часиков в пять»",
        compose(rng, &day, &time),
        s.want(d, t),
    )
}

/// «27-го в 14:00», «двадцать седьмого в 14:00», «на 27-е в 14:00»: the day of the month alone.
fn day_of_month_alone(rng: &mut StdRng, s: &Said) -> Case {
    let dd: u32 = rng.random_range(1..=31);
    let (_, time, t) = time_part(rng);
    let day = match rng.random_range(0..3) {
        0 => format!("{dd}-го"),
        1 => DAY_ORD_GEN[dd as usize].to_owned(),
        _ => format!("на {dd}-е"),
    };
    // the day first: «в пять двадцать первого» reads two ways
    Case::new(
        "day of the month alone «27-го в 14:00»",
        format!("{day} {time}"),
        day_of_month_want(dd, t, s.now, s.parts),
    )
}

/// «с 9 до 10 утра», «между 14 и 16»: a range, read as its start with its end kept.
fn range(rng: &mut StdRng, s: &Said) -> Case {
    let (_, day, d) = day_part(rng, s.today);
    let h1: u32 = rng.random_range(0..=21);
    let h2 = h1 + rng.random_range(1..=2);
    let ((s12, sp), (e12, ep)) = (dial(h1), dial(h2));
    let (text, t) = match rng.random_range(0..4) {
        0 => (format!("с {h1}:00 до {h2}:00"), T::At(h1, 0)),
        1 if sp == ep && h2 % 12 != 0 => (format!("с {s12} до {e12} {ep}"), T::At(h1, 0)),
        x => {
            let text = match x {
                2 => format!("между {h1} и {h2}"),
                _ => format!("с {h1} до {h2} {}", hour_word(h2)),
            };
            let t = if (1..=7).contains(&h1) {
                T::Ask(h1)
            } else {
                T::At(h1, 0)
            };
            (text, t)
        }
    };
    Case {
        until: Some((h2, 0)),
        ..Case::new(
            "range «с 9 до 10 утра»: its start",
            compose(rng, &day, &text),
            s.want(d, t),
        )
    }
}

/// «2027-01-15 09:30», «в 9ч.», «9ч15», «5 марта будущего года»: forms read since the first
/// generator.
fn other_forms(rng: &mut StdRng, s: &Said) -> Case {
    let (d, t, text) = match rng.random_range(0..4) {
        0 => iso_moment(rng, s.today),
        1 => hour_with_ch(rng, s.today),
        _ => date_with_year_words(rng, s.today),
    };
    Case::new(
        "other forms «2027-01-15 09:30», «9ч15», «будущего года»",
        text,
        s.want(d, t),
    )
}

/// «2027-01-15 09:30» or «2027-01-15T09:30».
fn iso_moment(rng: &mut StdRng, today: NaiveDate) -> (D, T, String) {
    let date = today + Duration::days(rng.random_range(1..=400));
    let (h, m) = (rng.random_range(0..24), rng.random_range(0..60));
    let sep = if rng.random_bool(0.5) { ' ' } else { 'T' };
    (
        D::Date(date),
        T::At(h, m),
        format!("{}{sep}{h:02}:{m:02}", date.format("%Y-%m-%d")),
    )
}

/// «в 9ч.», «9ч15», with a day.
fn hour_with_ch(rng: &mut StdRng, today: NaiveDate) -> (D, T, String) {
    let (_, day, d) = day_part(rng, today);
    let (h, m) = (
        rng.random_range(0..24),
        *[0, 5, 15, 30, 45].choose(rng).unwrap(),
    );
    let time = match m {
        0 => format!("в {h}ч."),
        _ => format!("{h}ч{m:02}"),
    };
    // an hour said with «ч», like «в 5 ч», is asked from one to seven
    let t = if (1..=7).contains(&h) {
        T::Ask(h)
    } else {
        T::At(h, m)
    };
    (d, t, compose(rng, &day, &time))
}

/// «5 марта будущего года», «5 марта этого года», with a time.
fn date_with_year_words(rng: &mut StdRng, today: NaiveDate) -> (D, T, String) {
    let (month, dd) = (rng.random_range(1..=12u32), rng.random_range(1..=28u32));
    let (words, year) = match rng.random_range(0..3) {
        0 => ("будущего года", today.year() + 1),
        1 => ("следующего года", today.year() + 1),
        _ => ("этого года", today.year()),
    };
    let date = NaiveDate::from_ymd_opt(year, month, dd).unwrap();
    let (_, time, t) = time_part(rng);
    (
        D::Date(date),
        t,
        format!("{dd} {} {words} {time}", MONTH_GEN[month as usize - 1]),
    )
}

/// «к концу дня», «во второй половине дня»: a part of the day said by its half or its end.
fn half_of_the_day(rng: &mut StdRng, s: &Said, day: &str, d: D) -> Case {
    let (text, p) = *[
        ("к концу дня", PartWord::Evening),
        ("в конце дня", PartWord::Evening),
        ("под конец дня", PartWord::Evening),
        ("в первой половине дня", PartWord::Morning),
        ("в первую половину дня", PartWord::Morning),
        ("во второй половине дня", PartWord::Afternoon),
    ]
    .choose(rng)
    .unwrap();
    Case::new(
        "part of the day «к концу дня»",
        compose(rng, day, text),
        s.want(d, T::Part(p)),
    )
}

/// «ctujlyz d 18:00»: a phrase typed with the Latin layout on.
fn wrong_layout(rng: &mut StdRng, s: &Said, day: &str, d: D) -> Case {
    let (_, time, t) = time_part(rng);
    let phrase = compose(rng, day, &time);
    Case::new(
        "wrong layout «ctujlyz d 18:00»",
        in_latin_layout(&phrase.replace('ё', "е")),
        s.want(d, t),
    )
}

/// The kinds new since the first generator, which also go inside a sentence.
fn is_new_form(kind: &str) -> bool {
    matches!(
        kind.split(' ').next(),
        Some("approximate" | "day" | "range" | "other" | "part")
    )
}

/// Whether what was read is what the calendar says: the same start (and the same end, for a
/// range), or the same question or refusal.
fn reads_as_with_end(
    expected: Want,
    got: Result<Reading, WhenError>,
    until: Option<(u32, u32)>,
) -> bool {
    match (expected, got) {
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
    }
}

#[test]
fn generated_sentences_and_new_forms_read_as_the_calendar_says() {
    let forms = known_forms();
    let mut rng = StdRng::seed_from_u64(31);
    let mut table: BTreeMap<&'static str, Row> = BTreeMap::new();
    let mut inside = Row::default();
    let mut wrong = Vec::new();
    let mut total = Row::default();
    for (now, parts) in moments(Utc.with_ymd_and_hms(2026, 12, 31, 18, 40, 0).unwrap()) {
        let today = now.with_timezone(&Moscow).date_naive();
        let said = Said {
            now,
            parts: &parts,
            today,
        };
        for _ in 0..4500 {
            let mut c = case(&mut rng, &said, &forms);
            // the new forms inside a sentence too
            let sentenced = is_new_form(c.kind) && rng.random_bool(0.3);
            if sentenced {
                c.phrase = in_sentence(&mut rng, &c.phrase);
            }
            let got = read_when(&c.phrase, now, Moscow, &parts);
            let ok = reads_as_with_end(c.expected, got, c.until);
            table.entry(c.kind).or_default().count(ok, c.expected);
            if sentenced {
                inside.count(ok, c.expected);
            }
            total.count(ok, c.expected);
            if !ok && wrong.len() < 40 {
                let (phrase, expected) = (&c.phrase, c.expected);
                wrong.push(format!(
                    "«{phrase}» at {now}: got {got:?}, want {expected:?}"
                ));
            }
        }
    }
    print_head("kind");
    for (k, r) in &table {
        print_row(k, r);
    }
    print_row("of the new forms, inside a sentence", &inside);
    print_row("**all**", &total);
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        total.wrong,
        wrong.join("\n")
    );
    assert!(total.generated >= 11_000, "{}", total.generated);
}
