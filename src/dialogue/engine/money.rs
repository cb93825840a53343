//! The reader of amounts: «1,5 млн», a quick button's amount, and the two readings of «1,500».

use super::text::expect_text;
use super::{Answer, Arg, FormButton, Input, Offer, Rejection};
use crate::domain::{Money, MoneyError};

/// An amount of money, in kopecks.
pub(super) fn money(input: &Input) -> Result<Answer, Rejection> {
    let raw = match input {
        // a quick button carries the amount itself, in kopecks
        Input::Button(FormButton::Amount(k)) => return Ok(Answer::Money(*k)),
        other => expect_text(other)?,
    };
    Money::parse(raw)
        .map(|m| Answer::Money(m.kopecks()))
        .map_err(|e| match e {
            MoneyError::Ambiguous { thousands } => ambiguous(raw, thousands),
            e => Rejection::new(match e {
                MoneyError::Empty => "err-empty",
                MoneyError::Negative => "err-money-negative",
                MoneyError::Zero => "err-money-zero",
                MoneyError::TooLarge => "err-money-too-large",
                MoneyError::TooPrecise => "err-money-too-precise",
                MoneyError::NotANumber | MoneyError::Ambiguous { .. } => "err-money-nan",
            }),
        })
}

/// «1,500»: thousands or a decimal comma — both readings named and offered as buttons.
fn ambiguous(raw: &str, thousands: i64) -> Rejection {
    // the message names the readings as their buttons do, in Russian
    // notation: «1 500 ₽» or «1,50 ₽» (never «1.500 ₽», fifteen hundred
    // to a Russian reader)
    let decimal = decimal_reading(raw);
    let decimal_label = match decimal {
        Some(k) => amount_label(k),
        // «1,001»: a tenth of a kopeck, named as written, offered not
        None => format!(
            "{}\u{a0}₽",
            raw.trim().trim_end_matches('₽').trim().replace(' ', "")
        ),
    };
    let mut r = Rejection::new("err-money-ambiguous")
        .with("raw", Arg::Str(raw.trim().to_owned()))
        .with("thousands", Arg::Str(amount_label(thousands * 100)))
        .with("decimal", Arg::Str(decimal_label));
    r.offers.push(Offer::Money(thousands * 100));
    if let Some(k) = decimal {
        r.offers.push(Offer::Money(k));
    }
    r
}

/// An amount as its offer button and the message about it name it: «1 500 ₽», «1,50 ₽».
pub fn amount_label(kopecks: i64) -> String {
    Money::from_kopecks(kopecks).to_string()
}

/// «1,500» read with the comma as the decimal mark, when that is a whole number of kopecks.
fn decimal_reading(raw: &str) -> Option<i64> {
    let t = raw.trim();
    let comma = t.find(',')?;
    let frac: String = t[comma + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let cut = frac.strip_suffix('0')?;
    let fixed = format!("{}{}{}", &t[..comma + 1], cut, &t[comma + 1 + frac.len()..]);
    Money::parse(&fixed).ok().map(Money::kopecks)
}

#[cfg(test)]
mod tests {
    use crate::dialogue::engine::testing::{ctx, field};
    use crate::dialogue::engine::*;
    use crate::dialogue::FormKind;
    use crate::pipeline::Stage;

    #[test]
    fn amounts_and_refusal_days_are_validated() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Terms,
            },
            "amount",
        );
        assert_eq!(
            accept(f, &Input::Text("1,5 млн".into()), &ctx(&[])),
            Ok(Answer::Money(150_000_000))
        );
        assert_eq!(
            accept(f, &Input::Text("1,5,0 млн".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-money-nan"
        );
        assert_eq!(
            accept(f, &Input::Text("0".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-money-zero"
        );
        assert_eq!(
            accept(f, &Input::Text("2000000 млн".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-money-too-large"
        );
        let d = field(FormKind::Refusal { deal_id: 1 }, "on");
        assert_eq!(
            accept(d, &Input::Text("30.11.2026".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-when-future"
        );
        assert!(accept(d, &Input::Button(FormButton::Quick(0)), &ctx(&[])).is_ok());
    }

    #[test]
    fn an_amount_that_reads_two_ways_offers_both_readings() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Invoice,
            },
            "amount",
        );
        let offers = |raw: &str| match accept(f, &Input::Text(raw.into()), &ctx(&[])) {
            Err(r) => r.offers,
            Ok(a) => panic!("{raw} taken as {a:?}"),
        };
        assert_eq!(offers("1,500"), [Offer::Money(150_000), Offer::Money(150)]);
        assert_eq!(
            offers("15,000 ₽"),
            [Offer::Money(1_500_000), Offer::Money(1_500)]
        );
        // 1,001 roubles has no whole kopeck reading: only the thousands one is offered
        assert_eq!(offers("1,001"), [Offer::Money(100_100)]);
        // the message names the same two values as the buttons, in Russian notation
        for raw in ["1,500", "15,000 ₽", "2,500"] {
            let r = match accept(f, &Input::Text(raw.into()), &ctx(&[])) {
                Err(r) => r,
                Ok(a) => panic!("{raw} taken as {a:?}"),
            };
            let text = crate::i18n::tr_args(crate::i18n::Lang::Ru, r.key, &r.args);
            let labels: Vec<String> = r
                .offers
                .iter()
                .map(|o| match o {
                    Offer::Money(k) => amount_label(*k),
                    Offer::At(_) => unreachable!(),
                })
                .collect();
            assert_eq!(labels.len(), 2, "{raw}");
            for l in &labels {
                assert!(text.contains(l.as_str()), "«{text}» does not name {l}");
            }
            assert!(
                !text.contains("1.500") && !text.contains("15.000"),
                "{text}"
            );
        }
        let text = |raw: &str| match accept(f, &Input::Text(raw.into()), &ctx(&[])) {
            Err(r) => crate::i18n::tr_args(crate::i18n::Lang::Ru, r.key, &r.args),
            Ok(a) => panic!("{raw} taken as {a:?}"),
        };
        assert!(
            text("1,500").contains("1\u{a0}500\u{a0}₽ или 1,50\u{a0}₽"),
            "{}",
            text("1,500")
        );
        // the button carries the amount
        assert_eq!(
            accept(f, &Input::Button(FormButton::Amount(150)), &ctx(&[])),
            Ok(Answer::Money(150))
        );
    }
}
