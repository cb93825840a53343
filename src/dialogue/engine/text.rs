//! Readers of typed answers: free text, a person's name, a phone, a whole number.

use super::{Answer, Arg, Input, Rejection};
use crate::domain::{BoundedText, Phone, PhoneError, TextError};

/// The text of a typed answer; a button here is one of an older question.
pub(super) fn expect_text(input: &Input) -> Result<&str, Rejection> {
    match input {
        Input::Text(t) => Ok(t),
        Input::Button(_) => Err(Rejection::new("err-stale-button")),
        _ => Err(Rejection::new("err-text-expected")),
    }
}

/// Typed text, not empty and at most `max` characters.
pub(super) fn bounded(input: &Input, max: usize) -> Result<String, Rejection> {
    let raw = expect_text(input)?;
    BoundedText::parse(raw, max)
        .map(BoundedText::into_inner)
        .map_err(|e| match e {
            TextError::Empty => Rejection::new("err-empty"),
            TextError::TooLong { len, max } => Rejection::new("err-too-long")
                .with("len", Arg::Num(len as i64))
                .with("max", Arg::Num(max as i64)),
        })
}

/// A person's name or position: short text with at least one letter.
pub(super) fn name(input: &Input) -> Result<Answer, Rejection> {
    let t = bounded(input, crate::domain::text::SHORT_TEXT_MAX)?;
    if crate::domain::text::has_letters(&t) {
        Ok(Answer::Text(t))
    } else {
        Err(Rejection::new("err-name-letters"))
    }
}

pub(super) fn phone(input: &Input) -> Result<Answer, Rejection> {
    let raw = expect_text(input)?;
    Phone::parse(raw)
        .map(|p| Answer::Phone(p.as_str().to_owned()))
        .map_err(|e| match e {
            PhoneError::BadCharacters => Rejection::new("err-phone-chars"),
            PhoneError::WrongLength => Rejection::new("err-phone-length"),
        })
}

/// A whole number within `min..=max`; the refusal names both bounds.
pub(super) fn number(input: &Input, min: i64, max: i64) -> Result<Answer, Rejection> {
    let raw = expect_text(input)?.trim();
    match raw.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Answer::Num(n)),
        _ => Err(Rejection::new("err-number")
            .with("min", Arg::Num(min))
            .with("max", Arg::Num(max))),
    }
}

#[cfg(test)]
mod tests {
    use crate::dialogue::engine::testing::{ctx, field};
    use crate::dialogue::engine::*;
    use crate::dialogue::FormKind;
    use crate::pipeline::Stage;

    #[test]
    fn the_contact_name_is_mandatory() {
        let f = field(FormKind::NewContact, "name");
        assert_eq!(
            accept(f, &Input::Text("   ".into()), &ctx(&[])),
            Err(Rejection::new("err-empty"))
        );
        assert_eq!(
            accept(f, &Input::Button(FormButton::Skip), &ctx(&[])),
            Err(Rejection::new("err-not-skippable"))
        );
    }

    #[test]
    fn a_photo_where_text_is_expected_is_explained() {
        let f = field(FormKind::NewContact, "position");
        let photo = Input::Photo {
            file_id: "x".into(),
            caption: None,
        };
        assert_eq!(
            accept(f, &photo, &ctx(&[])),
            Err(Rejection::new("err-text-expected"))
        );
        assert_eq!(
            accept(f, &Input::Other, &ctx(&[])),
            Err(Rejection::new("err-text-expected"))
        );
    }

    #[test]
    fn an_overlong_answer_names_the_limit() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Needs,
            },
            "specifics",
        );
        let r = accept(f, &Input::Text("я".repeat(5000)), &ctx(&[])).unwrap_err();
        assert_eq!(r.key, "err-too-long");
        assert!(r.args.contains(&("max", Arg::Num(3000))));
    }

    #[test]
    fn a_phone_with_letters_is_refused() {
        let f = field(FormKind::NewContact, "phone");
        assert_eq!(
            accept(f, &Input::Text("8912abc4567".into()), &ctx(&[])),
            Err(Rejection::new("err-phone-chars"))
        );
        assert_eq!(
            accept(f, &Input::Text("8 912 345-67-89".into()), &ctx(&[])),
            Ok(Answer::Phone("+79123456789".into()))
        );
    }

    #[test]
    fn numbers_stay_within_their_bounds() {
        let f = field(
            FormKind::StageLimit {
                stage: crate::pipeline::Stage::Needs,
            },
            "days",
        );
        assert_eq!(
            accept(f, &Input::Text(" 7 ".into()), &ctx(&[])),
            Ok(Answer::Num(7))
        );
        assert_eq!(
            accept(f, &Input::Text("0".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-number"
        );
        assert_eq!(
            accept(f, &Input::Text("неделя".into()), &ctx(&[]))
                .unwrap_err()
                .key,
            "err-number"
        );
    }
}
