//! Readers of answers given by button or by typing a button's word: choices, «done», yes/no,
//! the time zone.

use std::str::FromStr;

use chrono_tz::Tz;

use super::text::{bounded, expect_text};
use super::{Answer, FormButton, Input, Rejection};

/// Time zones offered as buttons: Russia's, west to east.
pub const TZ_CHOICES: [&str; 11] = [
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Kamchatka",
];

const YES_WORDS: [&str; 8] = ["да", "д", "yes", "y", "+", "ок", "ok", "готово"];
const NO_WORDS: [&str; 4] = ["нет", "н", "no", "n"];

/// A choice by button (`c<index>`) or by typing its label.
fn pick(input: &Input, options: &[(String, String)]) -> Result<String, Rejection> {
    match input {
        Input::Button(FormButton::Choice(i)) => options
            .get(usize::from(*i))
            .map(|(v, _)| v.clone())
            .ok_or_else(|| Rejection::new("err-stale-button")),
        Input::Button(_) => Err(Rejection::new("err-stale-button")),
        Input::Text(t) => {
            let t = t.trim().to_lowercase();
            options
                .iter()
                .find(|(_, label)| label.to_lowercase() == t)
                .map(|(v, _)| v.clone())
                .ok_or_else(|| Rejection::new("err-use-buttons"))
        }
        _ => Err(Rejection::new("err-use-buttons")),
    }
}

/// One of fixed choices, answered by its code.
pub(super) fn choice(input: &Input, options: &[(String, String)]) -> Result<Answer, Rejection> {
    pick(input, options).map(Answer::Choice)
}

/// One of the database's options, answered by its id.
pub(super) fn option_id(input: &Input, options: &[(String, String)]) -> Result<Answer, Rejection> {
    let value = pick(input, options)?;
    value
        .parse()
        .map(Answer::Id)
        .map_err(|_| Rejection::new("err-use-buttons"))
}

/// A button's value, or a short text of one's own.
pub(super) fn choice_or_text(
    input: &Input,
    options: &[(String, String)],
) -> Result<Answer, Rejection> {
    match input {
        Input::Button(_) => pick(input, options).map(Answer::Text),
        other => bounded(other, 200).map(Answer::Text),
    }
}

/// The «done» button, or a word that says yes.
pub(super) fn confirm(input: &Input) -> Result<Answer, Rejection> {
    match input {
        Input::Button(FormButton::Ok) => Ok(Answer::Yes),
        Input::Text(t) if YES_WORDS.contains(&t.trim().to_lowercase().as_str()) => Ok(Answer::Yes),
        _ => Err(Rejection::new("err-use-buttons")),
    }
}

pub(super) fn yes_no(input: &Input) -> Result<Answer, Rejection> {
    match input {
        Input::Button(FormButton::Yes) => Ok(Answer::Yes),
        Input::Button(FormButton::No) => Ok(Answer::No),
        Input::Text(t) => {
            let t = t.trim().to_lowercase();
            if YES_WORDS.contains(&t.as_str()) {
                Ok(Answer::Yes)
            } else if NO_WORDS.contains(&t.as_str()) {
                Ok(Answer::No)
            } else {
                Err(Rejection::new("err-yes-no"))
            }
        }
        _ => Err(Rejection::new("err-yes-no")),
    }
}

/// An IANA time zone: one of `TZ_CHOICES` by button, or any typed name.
pub(super) fn timezone(input: &Input) -> Result<Answer, Rejection> {
    let name = match input {
        Input::Button(FormButton::Choice(i)) => TZ_CHOICES
            .get(usize::from(*i))
            .map(|s| s.to_string())
            .ok_or_else(|| Rejection::new("err-stale-button"))?,
        other => expect_text(other)?.trim().to_owned(),
    };
    Tz::from_str(&name)
        .map(|tz| Answer::Tz(tz.name().to_owned()))
        .map_err(|_| Rejection::new("err-timezone"))
}

#[cfg(test)]
mod tests {
    use crate::dialogue::engine::testing::{ctx, field};
    use crate::dialogue::engine::*;
    use crate::dialogue::FormKind;

    #[test]
    fn a_choice_by_button_or_by_its_label() {
        let f = field(FormKind::NewContact, "channel");
        let opts = vec![
            ("call".to_string(), "Звонок".to_string()),
            ("website".into(), "Заявка с сайта".into()),
        ];
        assert_eq!(
            accept(f, &Input::Button(FormButton::Choice(1)), &ctx(&opts)),
            Ok(Answer::Choice("website".into()))
        );
        assert_eq!(
            accept(f, &Input::Text("звонок".into()), &ctx(&opts)),
            Ok(Answer::Choice("call".into()))
        );
        assert_eq!(
            accept(f, &Input::Text("почта".into()), &ctx(&opts)),
            Err(Rejection::new("err-use-buttons"))
        );
        assert_eq!(
            accept(f, &Input::Button(FormButton::Choice(9)), &ctx(&opts)),
            Err(Rejection::new("err-stale-button"))
        );
    }

    #[test]
    fn unknown_time_zones_are_refused() {
        let f = field(FormKind::Timezone, "tz");
        assert_eq!(
            accept(f, &Input::Text("Mars/Olympus".into()), &ctx(&[])),
            Err(Rejection::new("err-timezone"))
        );
        assert_eq!(
            accept(f, &Input::Text("Asia/Omsk".into()), &ctx(&[])),
            Ok(Answer::Tz("Asia/Omsk".into()))
        );
        assert_eq!(
            accept(f, &Input::Button(FormButton::Choice(9)), &ctx(&[])),
            Ok(Answer::Tz("Asia/Vladivostok".into()))
        );
    }
}
