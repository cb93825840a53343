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
}

impl Money {
    pub fn from_kopecks(k: i64) -> Self {
        Self(k)
    }

    pub fn kopecks(self) -> i64 {
        self.0
    }

    pub fn parse(raw: &str) -> Result<Self, MoneyError> {
        let mut s: String = raw
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '_')
            .collect();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.starts_with('-') || s.starts_with('−') {
            return Err(MoneyError::Negative);
        }
        // Currency marks, longest first so «руб.» does not leave a dot behind.
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
        let (number, scale) = split_multiplier(&s);
        if number.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        let (int_part, frac_part) = split_decimal(number)?;
        // scale is a power of ten of roubles; kopecks add two more digits
        let kopeck_digits = scale + 2;
        if frac_part.len() > kopeck_digits {
            // allow trailing zeros beyond precision, e.g. «1,500 млн»? only if they are zeros
            if frac_part[kopeck_digits..].chars().any(|c| c != '0') {
                return Err(MoneyError::TooPrecise);
            }
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
        }
        if value > MAX_KOPECKS {
            return Err(MoneyError::TooLarge);
        }
        if value == 0 {
            return Err(MoneyError::Zero);
        }
        Ok(Self(value as i64))
    }
}

/// Splits «1,5млн» into («1,5», 6): the number and the power of ten of its multiplier.
fn split_multiplier(s: &str) -> (&str, usize) {
    const MULTIPLIERS: [(&str, usize); 14] = [
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
        ("тыс.", 3),
        ("тыс", 3),
    ];
    for (suffix, pow) in MULTIPLIERS {
        if let Some(rest) = s.strip_suffix(suffix) {
            return (rest, pow);
        }
    }
    for (suffix, pow) in [("k", 3), ("к", 3), ("m", 6), ("м", 6)] {
        if let Some(rest) = s.strip_suffix(suffix) {
            return (rest, pow);
        }
    }
    (s, 0)
}

/// Splits a number into integer and fraction digits. One decimal separator (`,` or `.`) is a
/// decimal point; several of the same kind are thousands separators («1.500.000»); anything else
/// («1,5,0») is not a number.
fn split_decimal(n: &str) -> Result<(String, String), MoneyError> {
    if !n
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(MoneyError::NotANumber);
    }
    let seps: Vec<char> = n.chars().filter(|c| *c == ',' || *c == '.').collect();
    match seps.len() {
        0 => Ok((n.to_owned(), String::new())),
        1 => {
            let (i, f) = n.split_once([',', '.']).ok_or(MoneyError::NotANumber)?;
            if i.is_empty() && f.is_empty() {
                return Err(MoneyError::NotANumber);
            }
            Ok((i.to_owned(), f.to_owned()))
        }
        _ => {
            let first = seps[0];
            let groups: Vec<&str> = n.split(first).collect();
            let same = seps.iter().all(|c| *c == first);
            let grouped = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if same && grouped {
                Ok((groups.concat(), String::new()))
            } else {
                Err(MoneyError::NotANumber)
            }
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
        assert_eq!(Money::parse("1,001"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("1000001 млн"), Err(MoneyError::TooLarge));
        assert_eq!(
            Money::parse("99999999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
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
