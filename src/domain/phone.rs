//! Phone numbers as people type them: «8 (912) 345-67-89», «+7 912 3456789», «9123456789».
//! Stored in E.164 form (`+79123456789`).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("letters or symbols in a phone number")]
    BadCharacters,
    #[error("wrong number of digits")]
    WrongLength,
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let s = raw.trim();
        if s.chars()
            .any(|c| !(c.is_ascii_digit() || " -()+.\u{a0}".contains(c)))
        {
            return Err(PhoneError::BadCharacters);
        }
        if s.chars().skip(1).any(|c| c == '+') {
            return Err(PhoneError::BadCharacters);
        }
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let e164 = if s.starts_with('+') {
            if !(10..=15).contains(&digits.len()) {
                return Err(PhoneError::WrongLength);
            }
            // a Russian number (+7) has exactly ten digits after the code
            if digits.starts_with('7') && digits.len() != 11 {
                return Err(PhoneError::WrongLength);
            }
            format!("+{digits}")
        } else if digits.len() == 11 && (digits.starts_with('8') || digits.starts_with('7')) {
            format!("+7{}", &digits[1..])
        } else if digits.len() == 10 && digits.starts_with('9') {
            format!("+7{digits}")
        } else {
            return Err(PhoneError::WrongLength);
        };
        Ok(Self(e164))
    }

    /// Rebuilds a phone already stored in E.164 form.
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    /// Russian numbers as «+7 912 345-67-89»; others as stored.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        if d.len() == 12 && d.starts_with("+7") {
            write!(
                f,
                "+7 {} {}-{}-{}",
                &d[2..5],
                &d[5..8],
                &d[8..10],
                &d[10..12]
            )
        } else {
            f.write_str(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_russian_number_with_extra_digits_is_refused() {
        assert_eq!(
            Phone::parse("+7 (912) 345-67-89-00-00"),
            Err(PhoneError::WrongLength)
        );
        assert_eq!(
            Phone::parse("+7 912 345-67-8"),
            Err(PhoneError::WrongLength)
        );
        assert!(Phone::parse("+44 20 7946 0958").is_ok());
    }

    #[test]
    fn russian_numbers_in_any_common_spelling() {
        for raw in [
            "8 (912) 345-67-89",
            "+7 912 345 67 89",
            "89123456789",
            "9123456789",
            "7-912-345-67-89",
        ] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), "+79123456789", "{raw}");
        }
    }

    #[test]
    fn foreign_numbers_keep_their_code() {
        assert_eq!(
            Phone::parse("+375 29 123-45-67").unwrap().as_str(),
            "+375291234567"
        );
    }

    #[test]
    fn letters_are_rejected() {
        assert_eq!(Phone::parse("8912abc4567"), Err(PhoneError::BadCharacters));
        assert_eq!(Phone::parse("нет телефона"), Err(PhoneError::BadCharacters));
        assert_eq!(
            Phone::parse("+7+9123456789"),
            Err(PhoneError::BadCharacters)
        );
    }

    #[test]
    fn wrong_lengths_are_rejected() {
        assert_eq!(Phone::parse("12345"), Err(PhoneError::WrongLength));
        assert_eq!(Phone::parse("+1234"), Err(PhoneError::WrongLength));
        assert_eq!(Phone::parse("812345678901"), Err(PhoneError::WrongLength));
    }

    #[test]
    fn display_is_readable() {
        assert_eq!(
            Phone::parse("89123456789").unwrap().to_string(),
            "+7 912 345-67-89"
        );
    }

    proptest! {
        #[test]
        fn any_ten_digit_mobile_round_trips(n in 9_000_000_000u64..=9_999_999_999u64) {
            let p = Phone::parse(&format!("8{n}")).unwrap();
            prop_assert_eq!(Phone::parse(&p.to_string()).unwrap(), p.clone());
            prop_assert_eq!(Phone::parse(&format!("+7{n}")).unwrap(), p);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = Phone::parse(&s);
        }
    }
}
