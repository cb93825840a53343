//! The words of dates and times, and the tokenizer that turns a phrase into them.
//!
//! The vocabulary is words, not phrases: every form of a number, weekday, month, day word,
//! part of the day, preposition and modifier the grammar (`grammar.rs`) composes. A word of five
//! letters or more that is one edit (a letter changed, dropped, added, or two swapped) from
//! exactly one meaning reads as that meaning: «завтар», «пятнца», «январня».

use chrono::Weekday;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a preposition before a part of a phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prep {
    /// в, во, at
    V,
    /// к, ко
    K,
    /// на, on
    Na,
    Pod,
    Posle,
    /// через, in
    Cherez,
    Do,
    /// с, со
    S,
    Bez,
    /// около, примерно, ровно: no meaning for the moment
    About,
    /// «между 12 и 13»
    Between,
}

/// «следующий», «этот», «ближайший» in any case and gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Modi {
    Next,
    This,
    Nearest,
}

/// What a word of a part of the day names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PartWord {
    Morning,
    Noon,
    Lunch,
    Afternoon,
    Evening,
    Night,
    /// «после работы»
    Work,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sense {
    /// a cardinal number in any case: «два», «двух», «двум», «пятнадцати»
    Card(u32),
    /// an ordinal in any case and gender: «пятого», «первое», «седьмом»
    Ord(u32),
    /// «половина», «половине», «пол»
    Half,
    /// «полседьмого», «пол-седьмого»: half past the hour before the ordinal's
    HalfOf(u32),
    /// «четверть», «четверти»
    Quarter,
    Weekday(Weekday),
    Month(u32),
    /// «сегодня» 0, «завтра» 1, «послезавтра» 2, «вчера» -1
    DayWord(i64),
    Part(PartWord),
    Prep(Prep),
    Mod(Modi),
    /// a form of «неделя» (a week named, not counted)
    Week,
    Unit(Unit),
    /// «час», «часа», «часов», «ч»: after an hour
    HourWord,
    /// «минут», «мин»
    MinuteWord,
    /// «полчаса»
    HalfHour,
    /// «полтора», «полторы», «полутора»
    OneAndHalf,
    /// «пару», «пара»
    Pair,
    /// «г», «года»
    YearWord,
    /// «числа»
    Number,
    /// «после» before «завтра»: the day after
    After,
    /// «и» between the ends of a range
    And,
    /// «конец», «концу»: «к концу дня»
    End,
}

/// One token of a phrase.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// digits: the value (saturated) and how many digits were written
    Int(u64, usize),
    /// «5-го», «5-е»
    OrdNum(u64),
    /// «15:00», «15-00» (the minutes written with two digits)
    Clock(u32, u32),
    /// «12.12», «15.00», «12.12.2026», «12/12», «1.5»: each part's value and digit count
    Dots(Vec<(u64, usize)>, char),
    /// «1,5»
    Decimal(f64),
    /// «-2»
    Neg,
    /// a known word: its form as known (after a typo is set right) and its meanings
    Word(&'static str, &'static [Sense]),
    Unknown,
    /// digits in no form a date or time is written in («10:5», «1.2.3.4»): never filler
    OddNumber,
}

impl Tok {
    pub(super) fn senses(&self) -> &'static [Sense] {
        match self {
            Tok::Word(_, s) => s,
            _ => &[],
        }
    }

    pub(super) fn text(&self) -> &'static str {
        match self {
            Tok::Word(w, _) => w,
            _ => "",
        }
    }

    pub(super) fn has(&self, s: Sense) -> bool {
        self.senses().contains(&s)
    }

    pub(super) fn find<T>(&self, f: impl Fn(&Sense) -> Option<T>) -> Option<T> {
        self.senses().iter().find_map(f)
    }

    pub(super) fn card(&self) -> Option<u32> {
        self.find(|s| match s {
            Sense::Card(n) => Some(*n),
            _ => None,
        })
    }

    pub(super) fn ord(&self) -> Option<u32> {
        self.find(|s| match s {
            Sense::Ord(n) => Some(*n),
            _ => None,
        })
    }

    pub(super) fn prep(&self) -> Option<Prep> {
        self.find(|s| match s {
            Sense::Prep(p) => Some(*p),
            _ => None,
        })
    }

    pub(super) fn part(&self) -> Option<PartWord> {
        self.find(|s| match s {
            Sense::Part(p) => Some(*p),
            _ => None,
        })
    }

    pub(super) fn unit(&self) -> Option<Unit> {
        self.find(|s| match s {
            Sense::Unit(u) => Some(*u),
            _ => None,
        })
    }

    pub(super) fn is_int(&self) -> Option<(u64, usize)> {
        match self {
            Tok::Int(v, l) => Some((*v, *l)),
            _ => None,
        }
    }
}

struct Lexicon {
    words: HashMap<&'static str, &'static [Sense]>,
    /// the known forms by their length in letters, for setting a typo right
    by_len: HashMap<usize, Vec<(Vec<char>, &'static str)>>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Adjective endings, hard and soft, of every case and gender («-ый», «-ого», «-ую», «-ей»…).
const HARD: [&str; 15] = [
    "ый", "ой", "ий", "ая", "ое", "ые", "ого", "ому", "ым", "ом", "ую", "ых", "ыми", "ее", "ие",
];
const SOFT: [&str; 12] = [
    "ий", "ья", "ье", "ьи", "ьего", "ьему", "ьим", "ьем", "ьей", "ью", "ьих", "ьими",
];
/// «следующий», «ближайший», «будущий»: -ий -ая -ее -ую -его -ему -им -ем -ей -ие -их
const MIXED: [&str; 12] = [
    "ий", "ая", "ее", "ую", "его", "ему", "им", "ем", "ей", "ие", "их", "ими",
];

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<Sense>> = HashMap::new();
        let mut add = |form: &str, s: Sense| {
            let key: &'static str = match m.get_key_value(form) {
                Some((k, _)) => k,
                None => leak(form.to_owned()),
            };
            let senses = m.entry(key).or_default();
            if !senses.contains(&s) {
                senses.push(s);
            }
        };
        let words = |add: &mut dyn FnMut(&str, Sense), forms: &str, s: Sense| {
            for f in forms.split_whitespace() {
                add(f, s);
            }
        };
        use Sense::*;
        // cardinals
        let cards: [(u32, &str); 16] = [
            (0, "ноль ноля нолю нолем нуль"),
            (1, "один одна одно одного одной одному одним одну одном"),
            (2, "два две двух двум двумя"),
            (3, "три трех трем тремя"),
            (4, "четыре четырех четырем четырьмя"),
            (5, "пять пяти пятью"),
            (6, "шесть шести шестью"),
            (7, "семь семи семью"),
            (8, "восемь восьми восемью восьмью"),
            (9, "девять девяти девятью"),
            (10, "десять десяти десятью"),
            (20, "двадцать двадцати двадцатью"),
            (30, "тридцать тридцати тридцатью"),
            (40, "сорок сорока"),
            (50, "пятьдесят пятидесяти пятьюдесятью"),
            (60, "шестьдесят шестидесяти"),
        ];
        for (n, forms) in cards {
            words(&mut add, forms, Card(n));
        }
        let teens = [
            "одиннадцат",
            "двенадцат",
            "тринадцат",
            "четырнадцат",
            "пятнадцат",
            "шестнадцат",
            "семнадцат",
            "восемнадцат",
            "девятнадцат",
        ];
        for (i, stem) in teens.iter().enumerate() {
            for end in ["ь", "и", "ью"] {
                add(&format!("{stem}{end}"), Card(11 + i as u32));
            }
        }
        // ordinals, and «полседьмого»: half past the hour before
        let ords: [(u32, &str); 21] = [
            (1, "перв"),
            (2, "втор"),
            (3, "трет"),
            (4, "четверт"),
            (5, "пят"),
            (6, "шест"),
            (7, "седьм"),
            (8, "восьм"),
            (9, "девят"),
            (10, "десят"),
            (11, "одиннадцат"),
            (12, "двенадцат"),
            (13, "тринадцат"),
            (14, "четырнадцат"),
            (15, "пятнадцат"),
            (16, "шестнадцат"),
            (17, "семнадцат"),
            (18, "восемнадцат"),
            (19, "девятнадцат"),
            (20, "двадцат"),
            (30, "тридцат"),
        ];
        for (n, stem) in ords {
            let ends: &[&str] = if n == 3 { &SOFT } else { &HARD };
            for end in ends {
                add(&format!("{stem}{end}"), Ord(n));
            }
            if n <= 12 {
                let gen = if n == 3 { "третьего".to_owned() } else { format!("{stem}ого") };
                add(&format!("пол{gen}"), HalfOf(n));
                add(&format!("пол-{gen}"), HalfOf(n));
            }
        }
        words(&mut add, "половина половине половину половиной пол", Half);
        words(&mut add, "четверть четверти четвертью", Quarter);
        // weekdays
        let days: [(chrono::Weekday, &str); 7] = [
            (chrono::Weekday::Mon, "понедельник понедельника понедельнику понедельником понедельнике пн пнд mon monday"),
            (chrono::Weekday::Tue, "вторник вторника вторнику вторником вторнике вт втр tue tuesday"),
            (chrono::Weekday::Wed, "среда среды среде среду средой ср wed wednesday"),
            (chrono::Weekday::Thu, "четверг четверга четвергу четвергом четверге чт чтв thu thursday"),
            (chrono::Weekday::Fri, "пятница пятницы пятнице пятницу пятницей пт птн fri friday"),
            (chrono::Weekday::Sat, "суббота субботы субботе субботу субботой сб сбт sat saturday"),
            (chrono::Weekday::Sun, "воскресенье воскресенья воскресенью воскресеньем вс вск sun sunday"),
        ];
        for (wd, forms) in days {
            words(&mut add, forms, Weekday(wd));
        }
        // months: every case of the name, and the short forms written with or without a dot
        let months: [(&str, &str); 12] = [
            ("январ", "янв jan january"),
            ("феврал", "фев февр feb february"),
            ("март", "мар mar march"),
            ("апрел", "апр apr april"),
            ("ма", "may"),
            ("июн", "июн jun june"),
            ("июл", "июл jul july"),
            ("август", "авг aug august"),
            ("сентябр", "сен сент sep sept september"),
            ("октябр", "окт oct october"),
            ("ноябр", "ноя нояб nov november"),
            ("декабр", "дек dec december"),
        ];
        for (i, (stem, short)) in months.iter().enumerate() {
            let n = i as u32 + 1;
            let ends: &[&str] = match *stem {
                "март" | "август" => &["", "а", "е", "у", "ом"],
                "ма" => &["й", "я", "е", "ю", "ем"],
                _ => &["ь", "я", "е", "ю", "ем"],
            };
            for end in ends {
                add(&format!("{stem}{end}"), Month(n));
            }
            words(&mut add, short, Month(n));
        }
        words(&mut add, "сегодня today", DayWord(0));
        words(&mut add, "завтра tomorrow", DayWord(1));
        words(&mut add, "послезавтра", DayWord(2));
        words(&mut add, "вчера yesterday", DayWord(-1));
        words(&mut add, "позавчера", DayWord(-2));
        // parts of the day
        words(&mut add, "утро утра утру утром morning", Part(PartWord::Morning));
        words(&mut add, "полдень полудня noon", Part(PartWord::Noon));
        words(&mut add, "обед обеда обеду обедом обеде lunch", Part(PartWord::Lunch));
        words(&mut add, "днем дня afternoon", Part(PartWord::Afternoon));
        words(&mut add, "вечер вечера вечеру вечером evening", Part(PartWord::Evening));
        words(&mut add, "ночь ночи ночью night", Part(PartWord::Night));
        words(&mut add, "работы работа", Part(PartWord::Work));
        // prepositions
        words(&mut add, "в во at", Prep(self::Prep::V));
        words(&mut add, "к ко by", Prep(self::Prep::K));
        words(&mut add, "на on", Prep(self::Prep::Na));
        words(&mut add, "под", Prep(self::Prep::Pod));
        words(&mut add, "после after", Prep(self::Prep::Posle));
        words(&mut add, "после", After);
        words(&mut add, "через in", Prep(self::Prep::Cherez));
        words(&mut add, "до", Prep(self::Prep::Do));
        words(&mut add, "с со", Prep(self::Prep::S));
        words(&mut add, "без", Prep(self::Prep::Bez));
        words(&mut add, "между", Prep(self::Prep::Between));
        words(&mut add, "и", And);
        words(&mut add, "конец конца концу конце", End);
        words(
            &mut add,
            "около примерно ровно где-то приблизительно ориентировочно районе",
            Prep(self::Prep::About),
        );
        // modifiers
        for stem in ["следующ", "будущ"] {
            for end in MIXED {
                add(&format!("{stem}{end}"), Mod(Modi::Next));
            }
        }
        words(&mut add, "сл след next", Mod(Modi::Next));
        for end in MIXED {
            add(&format!("ближайш{end}"), Mod(Modi::Nearest));
        }
        for end in ["ий", "ая", "ее", "ую", "его", "ему", "им", "ем", "ей"] {
            add(&format!("текущ{end}"), Mod(Modi::This));
        }
        words(
            &mut add,
            "этот эта это эту этого этой этому этим этом эти this",
            Mod(Modi::This),
        );
        // units and counted things
        words(&mut add, "неделя недели неделе неделю неделей недель неделям нед", Week);
        words(
            &mut add,
            "минута минуты минуте минуту минутой минут минутам мин minute minutes min",
            Unit(self::Unit::Minute),
        );
        words(&mut add, "минута минуты минуту минут мин м", MinuteWord);
        words(
            &mut add,
            "час часа часу часом часов часам ч hour hours h",
            Unit(self::Unit::Hour),
        );
        words(&mut add, "час часа часу часов часам ч часика часиков часикам", HourWord);
        words(
            &mut add,
            "день дня дню днем дней дням дн сутки суток day days d",
            Unit(self::Unit::Day),
        );
        words(
            &mut add,
            "неделя недели неделю неделей недель нед week weeks",
            Unit(self::Unit::Week),
        );
        words(
            &mut add,
            "месяц месяца месяцу месяцем месяцев мес month months",
            Unit(self::Unit::Month),
        );
        words(&mut add, "полчаса", HalfHour);
        words(&mut add, "полтора полторы полутора", OneAndHalf);
        words(&mut add, "пару пара пары паре парой couple", Pair);
        words(&mut add, "г год года году", YearWord);
        words(&mut add, "числа число", Number);

        let words: HashMap<&'static str, &'static [Sense]> = m
            .into_iter()
            .map(|(k, v)| (k, &*Box::leak(v.into_boxed_slice())))
            .collect();
        let mut by_len: HashMap<usize, Vec<(Vec<char>, &'static str)>> = HashMap::new();
        for &k in words.keys() {
            let chars: Vec<char> = k.chars().collect();
            if chars.len() >= 4 {
                by_len.entry(chars.len()).or_default().push((chars, k));
            }
        }
        for v in by_len.values_mut() {
            v.sort();
        }
        Lexicon { words, by_len }
    })
}

/// Every known form, for tests that write phrases with typos a reader could set right.
#[cfg(test)]
pub(super) fn known_forms() -> Vec<(&'static str, &'static [Sense])> {
    let mut v: Vec<_> = lexicon().words.iter().map(|(k, s)| (*k, *s)).collect();
    v.sort_by_key(|(k, _)| *k);
    v
}

/// The known word a word reads as: itself, or — with `typos` — the one meaning a single edit
/// away, for words of five letters or more.
pub(super) fn word(w: &str, typos: bool) -> Option<(&'static str, &'static [Sense])> {
    let lex = lexicon();
    if let Some((k, s)) = lex.words.get_key_value(w) {
        return Some((k, s));
    }
    let chars: Vec<char> = w.chars().collect();
    if !typos || chars.len() < 5 || !chars.iter().all(|c| c.is_alphabetic() || *c == '-') {
        return None;
    }
    let mut found: Option<(&'static str, &'static [Sense])> = None;
    for len in [chars.len() - 1, chars.len(), chars.len() + 1] {
        for (form, key) in lex.by_len.get(&len).into_iter().flatten() {
            if within_one_edit(&chars, form) {
                let senses = lex.words[key];
                match found {
                    Some((_, s)) if s != senses => return None,
                    Some(_) => {}
                    None => found = Some((key, senses)),
                }
            }
        }
    }
    found
}

/// Damerau–Levenshtein distance (optimal string alignment) of at most one.
pub(super) fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => true,
        (x, y) if x == y => {
            // one substitution, or two neighbours swapped
            a[1..] == b[1..] || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x > y => a[1..] == *b,
        _ => b[1..] == *a,
    }
}

/// A whole answer typed with the Latin layout on, as the Cyrillic it was meant to be: each key
/// of QWERTY read as the key of ЙЦУКЕН in its place («ctujlyz d 18:00» is «сегодня в 18:00»).
/// None when the answer has a Cyrillic letter or no Latin one. Punctuation keys that are
/// letters in ЙЦУКЕН («,» is «б», «;» is «ж») are read as letters beside a letter only.
pub(super) fn from_latin_layout(raw: &str) -> Option<String> {
    const QWERTY: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
    const JCUKEN: &str = "йцукенгшщзхъфывапролджэячсмитьбюё";
    let chars: Vec<char> = raw.chars().collect();
    if chars
        .iter()
        .any(|c| c.is_alphabetic() && !c.is_ascii_alphabetic())
        || !chars.iter().any(char::is_ascii_alphabetic)
    {
        return None;
    }
    let letter = |i: Option<&char>| i.is_some_and(char::is_ascii_alphabetic);
    let out = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let lower = c.to_ascii_lowercase();
            let beside_letter =
                letter(i.checked_sub(1).and_then(|j| chars.get(j))) || letter(chars.get(i + 1));
            match QWERTY.chars().position(|q| q == lower) {
                Some(k) if c.is_ascii_alphabetic() || beside_letter => {
                    JCUKEN.chars().nth(k).unwrap_or(c)
                }
                // the Cyrillic layout's «.» and «,» and «:» keys
                _ => match c {
                    '/' => '.',
                    '?' => ',',
                    '^' => ':',
                    _ => c,
                },
            }
        })
        .collect();
    Some(out)
}

/// A word of Latin letters, unknown as typed, that is a date word in the other layout
/// («pfdnhf» is «завтра»).
pub(super) fn has_date_word_in_latin_layout(raw: &str) -> bool {
    raw.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| word(&w.to_lowercase(), false).is_none())
        .filter_map(from_latin_layout)
        .any(|m| {
            word(&m, false).is_some_and(|(_, s)| s.iter().any(|s| !matches!(s, Sense::Prep(_))))
        })
}

/// The tokens of a phrase. With `typos`, a mistyped word of five letters or more reads as the
/// known word one edit away.
pub(super) fn tokens(raw: &str, typos: bool) -> Vec<Tok> {
    let lowered = raw.to_lowercase().replace('ё', "е");
    let cleaned: String = lowered
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || ".:-/,−".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut out = Vec::new();
    for chunk in cleaned.split_whitespace() {
        // a comma separates words, except between digits («1,5»)
        let chars: Vec<char> = chunk.chars().collect();
        let mut piece = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let between_digits = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c == ',' && !between_digits {
                lex_piece(&piece, typos, &mut out);
                piece.clear();
            } else {
                piece.push(c);
            }
        }
        lex_piece(&piece, typos, &mut out);
    }
    out
}

fn lex_piece(piece: &str, typos: bool, out: &mut Vec<Tok>) {
    let p = piece.trim_matches(['.', '-', '/', ':', '−']);
    if piece.starts_with(['-', '−']) && p.starts_with(|c: char| c.is_ascii_digit()) {
        out.push(Tok::Neg);
    }
    if p.is_empty() {
        return;
    }
    // glued by a phone keyboard: «в15:00», «к10»
    for prefix in ["в", "к"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                out.push(word_tok(prefix, false));
                return lex_piece(rest, typos, out);
            }
        }
    }
    // ISO: «2027-01-15», «2027-01-15t09:30»
    if let Some((date, time)) = iso(p) {
        out.push(date);
        if let Some(rest) = time {
            lex_piece(rest, typos, out);
        }
        return;
    }
    // «9ч15»: the hour word between the hour and its minutes
    if let Some(rest) = p.strip_prefix('ч') {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(word_tok("ч", false));
            return lex_piece(rest, typos, out);
        }
    }
    if p.starts_with(|c: char| c.is_ascii_digit()) {
        let split = p
            .find(|c: char| !(c.is_ascii_digit() || ".:-/,".contains(c)))
            .unwrap_or(p.len());
        let (num, suffix) = p.split_at(split);
        let num_t = num.trim_end_matches(['.', ':', '-', '/', ',']);
        let suffix = suffix.trim_start_matches('-');
        // «5-го», «5-е», «5го»
        if !suffix.is_empty()
            && ["го", "е", "ое", "ого", "ом", "ому", "й", "ый", "я", "ое"].contains(&suffix)
            && num_t.chars().all(|c| c.is_ascii_digit())
        {
            out.push(Tok::OrdNum(digits_value(num_t)));
            return;
        }
        out.push(number_tok(num_t));
        if !suffix.is_empty() {
            lex_piece(suffix, typos, out);
        }
        return;
    }
    if let Some((w, s)) = word(p, typos) {
        out.push(Tok::Word(w, s));
        return;
    }
    if p.contains('-') {
        for part in p.split('-') {
            lex_piece(part, typos, out);
        }
        return;
    }
    out.push(Tok::Unknown);
}

/// «2027-01-15» as the date «15.01.2027», and what follows a «t».
fn iso(p: &str) -> Option<(Tok, Option<&str>)> {
    let b = p.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return None;
    }
    let rest = match p.get(10..)? {
        "" => None,
        r => Some(r.strip_prefix('t')?),
    };
    let part = |r: std::ops::Range<usize>| (digits_value(&p[r.clone()]), r.len());
    Some((
        Tok::Dots(vec![part(8..10), part(5..7), part(0..4)], '-'),
        rest,
    ))
}

fn word_tok(w: &str, typos: bool) -> Tok {
    match word(w, typos) {
        Some((w, s)) => Tok::Word(w, s),
        None => Tok::Unknown,
    }
}

fn digits_value(d: &str) -> u64 {
    d.bytes().fold(0u64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(b.wrapping_sub(b'0')))
    })
}

fn number_tok(n: &str) -> Tok {
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if all_digits(n) {
        return Tok::Int(digits_value(n), n.len());
    }
    for sep in [':', '-'] {
        if let Some((h, m)) = n.split_once(sep) {
            if all_digits(h) && all_digits(m) && h.len() <= 2 && m.len() == 2 {
                return Tok::Clock(digits_value(h) as u32, digits_value(m) as u32);
            }
            return Tok::OddNumber;
        }
    }
    if let Some((a, b)) = n.split_once(',') {
        if all_digits(a) && all_digits(b) {
            return format!("{a}.{b}")
                .parse()
                .map(Tok::Decimal)
                .unwrap_or(Tok::OddNumber);
        }
        return Tok::OddNumber;
    }
    for sep in ['.', '/'] {
        if n.contains(sep) {
            let parts: Vec<&str> = n.split(sep).collect();
            if (2..=3).contains(&parts.len()) && parts.iter().all(|p| all_digits(p)) {
                return Tok::Dots(
                    parts.iter().map(|p| (digits_value(p), p.len())).collect(),
                    sep,
                );
            }
            return Tok::OddNumber;
        }
    }
    Tok::OddNumber
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_is_one_letter_changed_dropped_added_or_two_swapped() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("завтар"), &c("завтра")));
        assert!(within_one_edit(&c("пятнца"), &c("пятница")));
        assert!(within_one_edit(&c("январня"), &c("января")));
        assert!(within_one_edit(&c("вечира"), &c("вечера")));
        assert!(!within_one_edit(&c("вечир"), &c("вечера")));
        assert!(!within_one_edit(&c("ратваз"), &c("завтра")));
    }

    #[test]
    fn typos_are_set_right_only_in_long_words_with_one_meaning() {
        assert_eq!(word("завтар", true).map(|w| w.0), Some("завтра"));
        assert_eq!(word("январня", true).map(|w| w.0), Some("января"));
        assert_eq!(word("завтар", false), None);
        // four letters: «июня» and «июля» are one edit apart; a typo there is not guessed
        assert_eq!(word("июма", true), None);
    }

    #[test]
    fn glued_and_dotted_pieces() {
        let t = tokens("в15:00 15ч дек. 5-го 1,5 12.12.2026", false);
        assert_eq!(t[0].prep(), Some(Prep::V));
        assert_eq!(t[1], Tok::Clock(15, 0));
        assert_eq!(t[2], Tok::Int(15, 2));
        assert!(t[3].has(Sense::HourWord));
        assert!(t[4].has(Sense::Month(12)));
        assert_eq!(t[5], Tok::OrdNum(5));
        assert_eq!(t[6], Tok::Decimal(1.5));
        assert_eq!(t[7], Tok::Dots(vec![(12, 2), (12, 2), (2026, 4)], '.'));
    }
}
