//! Russian company requisites, checked the way banks and the tax service check them:
//! ИНН (10 or 12 digits, checksum), КПП, ОГРН / ОГРНИП (kind digit and checksum), БИК, расчётный
//! счёт (checksum against the БИК).

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RequisiteError {
    #[error("only digits")]
    NotDigits,
    #[error("wrong length")]
    Length,
    #[error("checksum")]
    Checksum,
    #[error("format")]
    Format,
    /// The first digit names a kind of record the registers do not have (an ОГРН starting with 0,
    /// an ОГРНИП not starting with 3 or 4).
    #[error("kind of record")]
    Kind,
}

fn digits(raw: &str) -> Result<Vec<u32>, RequisiteError> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(RequisiteError::NotDigits);
    }
    Ok(s.chars().filter_map(|c| c.to_digit(10)).collect())
}

fn weighted(d: &[u32], w: &[u32]) -> u32 {
    d.iter().zip(w).map(|(a, b)| a * b).sum::<u32>() % 11 % 10
}

/// ИНН: 10 digits for a company, 12 for a person or sole trader.
pub fn inn(raw: &str) -> Result<String, RequisiteError> {
    let d = digits(raw)?;
    let ok = match d.len() {
        10 => weighted(&d, &[2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9],
        12 => {
            weighted(&d, &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[10]
                && weighted(&d, &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[11]
        }
        _ => return Err(RequisiteError::Length),
    };
    if ok {
        Ok(d.iter()
            .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
            .collect())
    } else {
        Err(RequisiteError::Checksum)
    }
}

/// КПП: four digits (tax office), two digits or capital Latin letters (reason), three digits.
pub fn kpp(raw: &str) -> Result<String, RequisiteError> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if s.chars().count() != 9 {
        return Err(RequisiteError::Length);
    }
    let c: Vec<char> = s.chars().collect();
    let ok = c[..4].iter().all(char::is_ascii_digit)
        && c[4..6]
            .iter()
            .all(|x| x.is_ascii_digit() || x.is_ascii_uppercase())
        && c[6..].iter().all(char::is_ascii_digit);
    if ok {
        Ok(s)
    } else {
        Err(RequisiteError::Format)
    }
}

/// ОГРН (13 digits) or ОГРНИП (15 digits). The first digit is the kind of record, as
/// python-stdnum's `stdnum.ru.ogrn` checks it: never 0 in an ОГРН, 3 or 4 in an ОГРНИП. The
/// check digit is the low digit of the remainder by 11 (ОГРН) or 13 (ОГРНИП), as the tax service
/// computes it.
pub fn ogrn(raw: &str) -> Result<String, RequisiteError> {
    let d = digits(raw)?;
    let s: String = d
        .iter()
        .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
        .collect();
    let (body, modulus, kinds): (&str, u64, &[u32]) = match d.len() {
        13 => (&s[..12], 11, &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
        15 => (&s[..14], 13, &[3, 4]),
        _ => return Err(RequisiteError::Length),
    };
    if !kinds.contains(&d[0]) {
        return Err(RequisiteError::Kind);
    }
    let n: u64 = body.parse().map_err(|_| RequisiteError::NotDigits)?;
    if (n % modulus % 10) as u32 == d[d.len() - 1] {
        Ok(s)
    } else {
        Err(RequisiteError::Checksum)
    }
}

/// БИК: nine digits.
pub fn bik(raw: &str) -> Result<String, RequisiteError> {
    let d = digits(raw)?;
    if d.len() != 9 {
        return Err(RequisiteError::Length);
    }
    Ok(d.iter()
        .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
        .collect())
}

/// Расчётный счёт: 20 digits whose key agrees with the bank's БИК.
pub fn account(raw: &str, bik_value: &str) -> Result<String, RequisiteError> {
    let d = digits(raw)?;
    if d.len() != 20 {
        return Err(RequisiteError::Length);
    }
    let b = digits(bik_value)?;
    if b.len() != 9 {
        return Err(RequisiteError::Format);
    }
    // a bank account is keyed by the БИК's last three digits
    let mut key: Vec<u32> = b[6..9].to_vec();
    key.extend_from_slice(&d);
    const W: [u32; 3] = [7, 1, 3];
    let sum: u32 = key
        .iter()
        .enumerate()
        .map(|(i, x)| (x * W[i % 3]) % 10)
        .sum();
    if sum % 10 == 0 {
        Ok(d.iter()
            .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
            .collect())
    } else {
        Err(RequisiteError::Checksum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_ogrn_is_checked_for_its_kind_digit_and_its_checksum() {
        use RequisiteError::{Checksum, Kind, Length};
        // (number, verdict): each kind digit with a right check digit, then with a wrong one
        let table: [(&str, Result<(), RequisiteError>); 22] = [
            // ОГРН, 13 digits: 1 and 5 — a legal entity's main number; other digits but 0 are
            // records of the register too (python-stdnum refuses only 0)
            ("1027700132195", Ok(())),
            ("5077746887312", Ok(())),
            ("2077700132190", Ok(())),
            ("3077700132199", Ok(())),
            ("9077700132193", Ok(())),
            ("6027700132190", Ok(())),
            ("0027700132196", Err(Kind)),
            ("0027700132195", Err(Kind)),
            ("1027700132196", Err(Checksum)),
            ("5077746887313", Err(Checksum)),
            ("2077700132191", Err(Checksum)),
            // ОГРНИП, 15 digits: 3 — a sole trader's main number, 4 — a later record
            ("304500116000157", Ok(())),
            ("385768585948949", Ok(())),
            ("404500116000154", Ok(())),
            // the check digit is the low digit of the remainder by 13, as the tax service has it
            ("304500116000180", Ok(())),
            ("504500116000151", Err(Kind)),
            ("104500116000150", Err(Kind)),
            ("004500116000153", Err(Kind)),
            ("304500116000158", Err(Checksum)),
            ("404500116000155", Err(Checksum)),
            // neither length: the kind is not looked at
            ("02770013219", Err(Length)),
            ("30450011600015", Err(Length)),
        ];
        for (number, verdict) in table {
            assert_eq!(ogrn(number).map(|_| ()), verdict, "ОГРН {number}");
        }
    }

    // published sample requisites (Сбербанк, a Sberbank BIK and a valid account for it)
    #[test]
    fn known_valid_requisites_pass() {
        assert_eq!(inn("7707083893"), Ok("7707083893".into()));
        assert_eq!(inn("500100732259"), Ok("500100732259".into()));
        assert_eq!(kpp("773601001"), Ok("773601001".into()));
        assert_eq!(kpp("7736AB001"), Ok("7736AB001".into()));
        assert_eq!(ogrn("1027700132195"), Ok("1027700132195".into()));
        assert_eq!(ogrn("304500116000157"), Ok("304500116000157".into()));
        assert_eq!(bik("044525225"), Ok("044525225".into()));
        assert_eq!(
            account("40702810938000000001", "044525225"),
            Ok("40702810938000000001".into())
        );
    }

    #[test]
    fn known_invalid_requisites_fail_with_a_reason() {
        assert_eq!(inn("7707083894"), Err(RequisiteError::Checksum));
        assert_eq!(inn("770708389"), Err(RequisiteError::Length));
        assert_eq!(inn("77070838ab"), Err(RequisiteError::NotDigits));
        assert_eq!(inn("500100732258"), Err(RequisiteError::Checksum));
        assert_eq!(kpp("77360100"), Err(RequisiteError::Length));
        assert_eq!(kpp("7736аб001"), Err(RequisiteError::Format));
        assert_eq!(ogrn("1027700132196"), Err(RequisiteError::Checksum));
        assert_eq!(ogrn("304500116000158"), Err(RequisiteError::Checksum));
        assert_eq!(bik("04452522"), Err(RequisiteError::Length));
        assert_eq!(
            account("40702810938000000002", "044525225"),
            Err(RequisiteError::Checksum)
        );
        assert_eq!(
            account("40702810938000000001", "044525974"),
            Err(RequisiteError::Checksum),
            "another bank's БИК"
        );
        assert_eq!(
            account("4070281093800000000", "044525225"),
            Err(RequisiteError::Length)
        );
    }

    fn with_inn10_check(body: [u32; 9]) -> String {
        let c = weighted(&body, &[2, 4, 10, 3, 5, 9, 4, 6, 8]);
        body.iter()
            .chain([c].iter())
            .map(|d| char::from_digit(*d, 10).unwrap())
            .collect()
    }

    proptest! {
        #[test]
        fn every_ten_digit_inn_with_its_checksum_passes_and_a_changed_check_digit_fails(
            body in proptest::array::uniform9(0u32..10), pos in 0usize..10, delta in 1u32..10
        ) {
            let valid = with_inn10_check(body);
            prop_assert_eq!(inn(&valid), Ok(valid.clone()));
            let mut d: Vec<u32> = valid.chars().map(|c| c.to_digit(10).unwrap()).collect();
            d[pos] = (d[pos] + delta) % 10;
            let changed: String = d.iter().map(|x| char::from_digit(*x, 10).unwrap()).collect();
            // a changed check digit always fails; a changed body digit fails unless weights collide
            if pos == 9 { prop_assert!(inn(&changed).is_err()); }
        }

        #[test]
        fn an_ogrn_with_its_check_digit_passes_and_another_fails(body in 100_000_000_000u64..1_000_000_000_000u64, delta in 1u64..10) {
            let valid = format!("{body}{}", body % 11 % 10);
            prop_assert_eq!(ogrn(&valid), Ok(valid.clone()));
            let wrong = format!("{body}{}", (body % 11 % 10 + delta) % 10);
            prop_assert_eq!(ogrn(&wrong), Err(RequisiteError::Checksum));
        }

        #[test]
        fn validators_never_panic(s in "\\PC{0,30}") {
            let _ = (inn(&s), kpp(&s), ogrn(&s), bik(&s), account(&s, "044525225"));
        }
    }
}
