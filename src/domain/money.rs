//! Money in integer kopecks, parsed the way salespeople write amounts:
//! «1 500 000», «1,5 млн», «250 тыс. ₽», «99 999,99».

use std::fmt;

/// The largest amount we accept: 10^12 roubles, in kopecks.
pub const MAX_KOPECKS: i128 = 1_000_000_000_000 * 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("negative")]
    Negative,
    #[error("zero")]
    Zero,
    #[error("too large")]
    TooLarge,
    #[error("fractions of a kopeck")]
    TooPrecise,
    /// «1,500»: 1 500 roubles or 1,50? Both readings are offered, neither is guessed.
    #[error("ambiguous: {thousands} roubles or a decimal")]
    Ambiguous { thousands: i64 },
}

impl Money {
    pub fn from_kopecks(k: i64) -> Self {
        Self(k)
    }

    pub fn kopecks(self) -> i64 {
        self.0
    }

    pub fn parse(raw: &str) -> Result<Self, MoneyError> {
        let s = compact(raw)?;
        let s = spell_halves(strip_currency(s));
        let value = total(&groups(&s)?)?;
        if value > MAX_KOPECKS {
            return Err(MoneyError::TooLarge);
        }
        if value == 0 {
            return Err(MoneyError::Zero);
        }
        Ok(Self(value as i64))
    }
}

/// The amount as one lowercase run without spaces or digit separators; an empty or negative
/// amount is refused before anything else is read.
fn compact(raw: &str) -> Result<String, MoneyError> {
    // a sentence's end is no part of the amount: «150 тысяч.»
    let raw = raw.trim().trim_end_matches(['.', '!', '?', ';', '…']);
    let s: String = raw
        .to_lowercase()
        .replace('ё', "е")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '_')
        .collect();
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    if s.starts_with('-') || s.starts_with('−') {
        return Err(MoneyError::Negative);
    }
    Ok(s)
}

/// «₽250», «250 руб.», «250 т.р.»: the currency marks go; thousands of roubles said in one
/// mark become «тыс».
fn strip_currency(mut s: String) -> String {
    if let Some(rest) = s.strip_prefix('₽') {
        s = rest.to_owned();
    }
    // «250 т.р.», «250 тр», «250 тыс. руб.»: thousands of roubles in one mark
    for mark in [
        "тыс.руб.",
        "тыс.руб",
        "тысруб",
        "тыс.р.",
        "тыс.р",
        "т.р.",
        "т.р",
        "тр.",
        "тр",
    ] {
        if let Some(rest) = s.strip_suffix(mark) {
            s = format!("{rest}тыс");
            break;
        }
    }
    // currency marks, longest first so «руб.» does not leave a dot behind
    for mark in [
        "рублей",
        "рубля",
        "рубль",
        "руб.",
        "руб",
        "р.",
        "₽",
        "rub",
        "р",
    ] {
        if let Some(rest) = s.strip_suffix(mark) {
            s = rest.to_owned();
            break;
        }
    }
    s
}

/// «полтора миллиона», «полмиллиона»: a half said in words becomes a number.
fn spell_halves(mut s: String) -> String {
    for (word, number) in [("полтора", "1,5"), ("полторы", "1,5")] {
        if let Some(rest) = s.strip_prefix(word) {
            s = format!("{number}{rest}");
        }
    }
    if let Some(rest) = s.strip_prefix("пол") {
        if rest.starts_with(|c: char| c.is_alphabetic()) {
            s = format!("0,5{rest}");
        }
    }
    s
}

/// The kopecks the groups add up to. «1 млн 200 тыс»: several groups are whole parts, each
/// multiplier smaller than the one before.
fn total(groups: &[(String, usize)]) -> Result<i128, MoneyError> {
    match groups {
        [] => Err(MoneyError::NotANumber),
        [(number, pow)] => amount(number, *pow),
        many => {
            let mut total: i128 = 0;
            let mut last = usize::MAX;
            for (number, pow) in many {
                if *pow == 0 && last != usize::MAX && last > 0 {
                    // «1 млн 200» — the tail's unit is not said
                    return Err(MoneyError::NotANumber);
                }
                if *pow >= last || number.contains([',', '.']) {
                    return Err(MoneyError::NotANumber);
                }
                last = *pow;
                total += amount(number, *pow)?;
            }
            Ok(total)
        }
    }
}

/// «1млн200тыс» → [("1", 6), ("200", 3)]: numbers and the power of ten after each. A full word
/// without a number («миллион») stands for one.
fn groups(s: &str) -> Result<Vec<(String, usize)>, MoneyError> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(n);
        let (pow, used) = multiplier(tail);
        if number.is_empty() {
            // a bare word is one of it; a bare abbreviation is not a number
            match (pow, tail.get(..used)) {
                (Some(p), Some(w)) if used > 0 && w.chars().count() >= 5 && out.is_empty() => {
                    out.push(("1".to_owned(), p));
                    rest = &tail[used..];
                    continue;
                }
                _ => return Err(MoneyError::NotANumber),
            }
        }
        match pow {
            Some(p) => {
                out.push((number.to_owned(), p));
                rest = &tail[used..];
            }
            None if tail.is_empty() => {
                out.push((number.to_owned(), 0));
                rest = tail;
            }
            None => return Err(MoneyError::NotANumber),
        }
    }
    Ok(out)
}

/// The multiplier a text starts with: its power of ten and its length in bytes.
fn multiplier(s: &str) -> (Option<usize>, usize) {
    const WORDS: [(&str, usize); 20] = [
        ("миллиардов", 9),
        ("миллиарда", 9),
        ("миллиард", 9),
        ("млрд.", 9),
        ("млрд", 9),
        ("миллионов", 6),
        ("миллиона", 6),
        ("миллион", 6),
        ("млн.", 6),
        ("млн", 6),
        ("тысяч", 3),
        ("тысячи", 3),
        ("тысяча", 3),
        ("тыс.", 3),
        ("тыс", 3),
        ("kk", 6),
        ("кк", 6),
        ("k", 3),
        ("к", 3),
        ("m", 6),
    ];
    // longest first among those that match
    let mut best: Option<(&str, usize)> = None;
    for (w, p) in WORDS.iter().chain([("м", 6)].iter()) {
        if s.starts_with(w) && best.is_none_or(|(b, _)| w.len() > b.len()) {
            best = Some((w, *p));
        }
    }
    match best {
        Some((w, p)) => (Some(p), w.len()),
        None => (None, 0),
    }
}

/// One number times ten to `pow` roubles, in kopecks.
fn amount(number: &str, pow: usize) -> Result<i128, MoneyError> {
    if number.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    let (int_part, frac_part) = split_decimal(number, pow > 0)?;
    // scale is a power of ten of roubles; kopecks add two more digits
    let kopeck_digits = pow + 2;
    if frac_part.len() > kopeck_digits && frac_part[kopeck_digits..].chars().any(|c| c != '0') {
        return Err(MoneyError::TooPrecise);
    }
    let mut value: i128 = 0;
    for c in int_part.chars() {
        value = value * 10 + i128::from(c.to_digit(10).ok_or(MoneyError::NotANumber)?);
        if value > MAX_KOPECKS {
            return Err(MoneyError::TooLarge);
        }
    }
    let mut frac_digits: Vec<u32> = frac_part
        .chars()
        .take(kopeck_digits)
        .map(|c| c.to_digit(10).ok_or(MoneyError::NotANumber))
        .collect::<Result<_, _>>()?;
    frac_digits.resize(kopeck_digits, 0);
    for d in frac_digits {
        value = value * 10 + i128::from(d);
        if value > MAX_KOPECKS * 1000 {
            return Err(MoneyError::TooLarge);
        }
    }
    Ok(value)
}

/// Splits a number into integer and fraction digits, the way a Russian office writes them:
/// a comma is the decimal mark, dots and commas in groups of three separate thousands
/// («1.500.000», «150.000», «1,500,000»), and «1.500.000,50» has both. A single comma before
/// exactly three digits («1,500») could be either and is refused with both readings, never
/// guessed; with a multiplier («1,500 млн») it is a decimal.
fn split_decimal(n: &str, has_multiplier: bool) -> Result<(String, String), MoneyError> {
    if !n
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(MoneyError::NotANumber);
    }
    let seps: Vec<char> = n.chars().filter(|c| *c == ',' || *c == '.').collect();
    let grouped = |groups: &[&str]| {
        !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
    };
    match seps.len() {
        0 => Ok((n.to_owned(), String::new())),
        1 => {
            let (i, f) = n.split_once([',', '.']).ok_or(MoneyError::NotANumber)?;
            if i.is_empty() && f.is_empty() {
                return Err(MoneyError::NotANumber);
            }
            if f.len() == 3 && !i.is_empty() && i.len() <= 3 && !has_multiplier {
                if seps[0] == '.' {
                    return Ok((format!("{i}{f}"), String::new()));
                }
                let thousands: i64 = format!("{i}{f}").parse().unwrap_or(0);
                return Err(MoneyError::Ambiguous { thousands });
            }
            Ok((i.to_owned(), f.to_owned()))
        }
        _ => {
            let first = seps[0];
            let last = *seps.last().unwrap_or(&first);
            let same = seps.iter().all(|c| *c == first);
            if same {
                let groups: Vec<&str> = n.split(first).collect();
                return if grouped(&groups) {
                    Ok((groups.concat(), String::new()))
                } else {
                    Err(MoneyError::NotANumber)
                };
            }
            // «1.500.000,50»: thousands with one mark, the decimal part after the other
            let (whole, frac) = n.rsplit_once(last).ok_or(MoneyError::NotANumber)?;
            let groups: Vec<&str> = whole.split(first).collect();
            if whole.contains(last) || !grouped(&groups) || frac.is_empty() || frac.len() > 2 {
                return Err(MoneyError::NotANumber);
            }
            Ok((groups.concat(), frac.to_owned()))
        }
    }
}

impl fmt::Display for Money {
    /// «1 500 000 ₽», with kopecks only when there are any: «99 999,99 ₽».
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rub = self.0 / 100;
        let kop = self.0 % 100;
        let digits = rub.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push('\u{a0}');
            }
            grouped.push(c);
        }
        if kop != 0 {
            write!(f, "{grouped},{kop:02}\u{a0}₽")
        } else {
            write!(f, "{grouped}\u{a0}₽")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rub(r: i64) -> Money {
        Money::from_kopecks(r * 100)
    }

    #[test]
    fn amounts_as_people_write_them() {
        assert_eq!(Money::parse("1 500 000"), Ok(rub(1_500_000)));
        assert_eq!(Money::parse("1,5 млн"), Ok(rub(1_500_000)));
        assert_eq!(Money::parse("1.5млн"), Ok(rub(1_500_000)));
        assert_eq!(Money::parse("250 тыс. ₽"), Ok(rub(250_000)));
        assert_eq!(Money::parse("250 000 руб."), Ok(rub(250_000)));
        assert_eq!(Money::parse("2 млрд"), Ok(rub(2_000_000_000)));
        assert_eq!(
            Money::parse("99 999,99"),
            Ok(Money::from_kopecks(9_999_999))
        );
        assert_eq!(Money::parse("1.500.000"), Ok(rub(1_500_000)));
        assert_eq!(Money::parse("1,500,000 р."), Ok(rub(1_500_000)));
        assert_eq!(Money::parse("300к"), Ok(rub(300_000)));
        assert_eq!(Money::parse("1\u{a0}000"), Ok(rub(1000)));
    }

    #[test]
    fn malformed_amounts_are_rejected_with_a_reason() {
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(Money::parse("   "), Err(MoneyError::Empty));
        assert_eq!(Money::parse("1,5,0 млн"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("много"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("млн"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("-5000"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("0"), Err(MoneyError::Zero));
        assert_eq!(Money::parse("0,00 ₽"), Err(MoneyError::Zero));
        assert_eq!(
            Money::parse("1,001"),
            Err(MoneyError::Ambiguous { thousands: 1001 })
        );
        assert_eq!(Money::parse("1,0015"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("1000001 млн"), Err(MoneyError::TooLarge));
        assert_eq!(
            Money::parse("99999999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    /// Amounts as a Russian office types them, with the value each must give (in roubles, or
    /// kopecks where noted) — and the ones that must be refused, never guessed.
    #[test]
    fn the_amount_table() {
        use MoneyError::*;
        let r = |x: i64| Ok(x * 100);
        let table: &[(&str, Result<i64, MoneyError>)] = &[
            ("1 500 000", r(1_500_000)),
            ("1500000", r(1_500_000)),
            ("1 500 000 ₽", r(1_500_000)),
            ("1 500 000 руб.", r(1_500_000)),
            ("1 500 000 рублей", r(1_500_000)),
            ("1 500 000р", r(1_500_000)),
            ("₽15000", r(15_000)),
            ("₽ 15 000", r(15_000)),
            ("150.000", r(150_000)),
            ("1.500.000", r(1_500_000)),
            ("1,500,000", r(1_500_000)),
            ("1.500.000,50", Ok(150_000_050)),
            ("1,500,000.50", Ok(150_000_050)),
            ("1.500", r(1_500)),
            ("99 999,99", Ok(9_999_999)),
            ("1500,5", Ok(150_050)),
            ("1500.50", Ok(150_050)),
            ("0,5 млн", r(500_000)),
            ("1,5 млн", r(1_500_000)),
            ("1.5 млн", r(1_500_000)),
            ("1,5млн", r(1_500_000)),
            ("1,5 миллиона", r(1_500_000)),
            ("2 миллиона", r(2_000_000)),
            ("5 миллионов", r(5_000_000)),
            ("миллион", r(1_000_000)),
            ("миллион рублей", r(1_000_000)),
            ("полтора миллиона", r(1_500_000)),
            ("полтора млн", r(1_500_000)),
            ("полмиллиона", r(500_000)),
            ("1.5kk", r(1_500_000)),
            ("1,5kk", r(1_500_000)),
            ("1,5кк", r(1_500_000)),
            ("2кк", r(2_000_000)),
            ("300к", r(300_000)),
            ("300k", r(300_000)),
            ("250 тыс", r(250_000)),
            ("250 тыс.", r(250_000)),
            ("250 тыс. ₽", r(250_000)),
            ("250 тыс. руб.", r(250_000)),
            ("250 тысяч", r(250_000)),
            ("250 т.р.", r(250_000)),
            ("250 тр", r(250_000)),
            ("250тр", r(250_000)),
            ("1 млн 200 тыс", r(1_200_000)),
            ("1млн200тыс", r(1_200_000)),
            ("2 млрд", r(2_000_000_000)),
            ("1,25 млрд", r(1_250_000_000)),
            ("1,500 млн", r(1_500_000)),
            ("1 000", r(1_000)),
            ("1\u{a0}000", r(1_000)),
            ("1'000'000", r(1_000_000)),
            // as an engine writes what was said: a full stop at the end
            ("150 тысяч.", r(150_000)),
            ("1,5 млн.", r(1_500_000)),
            ("1.500.000.", r(1_500_000)),
            ("0,01", Ok(1)),
            ("1,500", Err(Ambiguous { thousands: 1500 })),
            ("15,000", Err(Ambiguous { thousands: 15_000 })),
            ("1,5,0", Err(NotANumber)),
            ("1.50.0", Err(NotANumber)),
            ("1 млн 200", Err(NotANumber)),
            ("200 тыс 1 млн", Err(NotANumber)),
            ("пятьсот", Err(NotANumber)),
            ("млн", Err(NotANumber)),
            ("к", Err(NotANumber)),
            ("1,5 штуки", Err(NotANumber)),
            ("-100", Err(Negative)),
            ("0", Err(Zero)),
            ("0 ₽", Err(Zero)),
            ("0,001", Err(Ambiguous { thousands: 1 })),
            ("1,0001", Err(TooPrecise)),
            ("2000000 млн", Err(TooLarge)),
            ("", Err(Empty)),
        ];
        assert!(table.len() >= 50);
        for (raw, want) in table {
            let got = Money::parse(raw).map(Money::kopecks);
            assert_eq!(&got, want, "«{raw}»");
        }
    }

    #[test]
    fn the_upper_bound_is_a_trillion_roubles() {
        assert_eq!(Money::parse("1000000 млн"), Ok(rub(1_000_000_000_000)));
        assert_eq!(Money::parse("1000000,01 млн"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn display_groups_thousands_and_shows_kopecks_only_when_present() {
        assert_eq!(rub(1_500_000).to_string(), "1\u{a0}500\u{a0}000\u{a0}₽");
        assert_eq!(rub(999).to_string(), "999\u{a0}₽");
        assert_eq!(Money::from_kopecks(150).to_string(), "1,50\u{a0}₽");
    }

    proptest! {
        #[test]
        fn display_round_trips(k in 1i64..=100_000_000_000_000i64) {
            let m = Money::from_kopecks(k);
            prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
        }

        #[test]
        fn plain_rouble_integers_parse_exactly(r in 1i64..=1_000_000_000_000i64) {
            prop_assert_eq!(Money::parse(&r.to_string()), Ok(rub(r)));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = Money::parse(&s);
        }
    }
}
