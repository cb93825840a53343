//! The reader of a company's requisites: ИНН, КПП, ОГРН, БИК and a bank account.

use super::text::expect_text;
use super::{Answer, Answers, Arg, Input, Rejection};
use crate::dialogue::forms::Requisite;
use crate::domain::requisites::{self, RequisiteError};

/// A requisite checked by its rules; a bank account against the БИК answered before it.
pub(super) fn requisite(
    input: &Input,
    kind: Requisite,
    answers: &Answers,
) -> Result<Answer, Rejection> {
    let raw = expect_text(input)?;
    let checked = match kind {
        Requisite::Inn => requisites::inn(raw),
        Requisite::Kpp => requisites::kpp(raw),
        Requisite::Ogrn => requisites::ogrn(raw),
        Requisite::Bik => requisites::bik(raw),
        Requisite::Account => {
            let bik = match answers.get("bik") {
                Some(Answer::Text(b)) => b.clone(),
                _ => String::new(),
            };
            requisites::account(raw, &bik)
        }
    };
    checked.map(Answer::Text).map_err(|e| {
        Rejection::new(match e {
            RequisiteError::NotDigits => "err-req-digits",
            RequisiteError::Length => "err-req-length",
            RequisiteError::Checksum => "err-req-checksum",
            RequisiteError::Format => "err-req-format",
            RequisiteError::Kind => "err-req-kind",
        })
        .with("what", Arg::Str(requisite_name(kind).into()))
    })
}

/// The requisite's name as the refusal's `what` argument.
fn requisite_name(kind: Requisite) -> &'static str {
    match kind {
        Requisite::Inn => "inn",
        Requisite::Kpp => "kpp",
        Requisite::Ogrn => "ogrn",
        Requisite::Bik => "bik",
        Requisite::Account => "account",
    }
}

#[cfg(test)]
mod tests {
    use crate::dialogue::engine::testing::{ctx, field};
    use crate::dialogue::engine::*;
    use crate::dialogue::FormKind;
    use crate::pipeline::Stage;

    #[test]
    fn a_bank_account_is_checked_against_the_bik_given_before_it() {
        let f = field(
            FormKind::Step {
                deal_id: 1,
                stage: Stage::Terms,
            },
            "account",
        );
        let mut a = Answers::new();
        a.insert("bik".into(), Answer::Text("044525225".into()));
        let c = Ctx {
            answers: &a,
            ..ctx(&[])
        };
        assert_eq!(
            accept(f, &Input::Text("40702810938000000001".into()), &c),
            Ok(Answer::Text("40702810938000000001".into()))
        );
        assert_eq!(
            accept(f, &Input::Text("40702810938000000002".into()), &c)
                .unwrap_err()
                .key,
            "err-req-checksum"
        );
    }
}
