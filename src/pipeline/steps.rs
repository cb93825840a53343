//! The regulation as one table: a row per step, in the regulation's order. A row names the
//! step's form and fields, what it requires, the due date it sets, what it closes, its timeline
//! entry, what it produces, its default win probability and its stage limit. Adding a step is
//! adding a row here (and its locale keys); where a step is special, its `StepForm` is matched
//! without a catch-all arm, so the compiler names every place a new kind of form is handled.

use super::fields::*;
use super::{ApprovalKind, DueFrom, Entry, Produces, ReminderKind, Requires, StageSpec, StepForm};
use crate::domain::text::LONG_TEXT_MAX;
use crate::pipeline::CHANNELS;

use ReminderKind as R;

const fn row(code: &'static str, step: u8, fields: &'static [Field]) -> StageSpec {
    StageSpec {
        code,
        step,
        form: StepForm::Fields,
        fields,
        requires: Requires::Previous,
        due: None,
        closes: &[R::Callback],
        timeline: Entry::Typed,
        produces: Produces::Nothing,
        win_pct: 0,
        limit_days: 5,
    }
}

const fn due(field: &'static str, kind: ReminderKind) -> Option<DueFrom> {
    Some(DueFrom {
        field,
        kind,
        note: None,
    })
}

/// The pipeline, in order. Refusal (step 6) is not a stage: it closes a deal from any stage.
pub const STAGES: &[StageSpec] = &[
    StageSpec {
        form: StepForm::Contact,
        closes: &[],
        win_pct: 5,
        limit_days: 2,
        ..row("first_contact", 0, &NEW_CONTACT)
    },
    StageSpec {
        due: due("callback", R::Callback),
        win_pct: 10,
        limit_days: 3,
        ..row("needs", 1, &NEEDS)
    },
    StageSpec {
        due: due("callback", R::Callback),
        win_pct: 15,
        limit_days: 3,
        ..row("offer", 2, &OFFER)
    },
    StageSpec {
        due: Some(DueFrom {
            field: "meeting_at",
            kind: R::Meeting,
            note: Some("place"),
        }),
        win_pct: 20,
        limit_days: 7,
        ..row("application", 3, &APPLICATION)
    },
    StageSpec {
        form: StepForm::Meeting,
        requires: Requires::MeetingTime,
        closes: &[R::Callback, R::Meeting],
        win_pct: 30,
        limit_days: 3,
        ..row("meeting", 4, &MEETING)
    },
    StageSpec {
        form: StepForm::Proposal,
        requires: Requires::Approval(&[ApprovalKind::Proposal]),
        due: due("callback", R::Callback),
        timeline: Entry::Line("tl-proposal-sent"),
        win_pct: 35,
        ..row("proposal", 5, &PROPOSAL_SENT)
    },
    StageSpec {
        form: StepForm::ClientAnswer,
        timeline: Entry::Line("tl-accepted"),
        win_pct: 45,
        ..row("negotiation", 7, &CLIENT_ANSWER)
    },
    StageSpec {
        form: StepForm::Terms,
        timeline: Entry::Line("tl-terms-recorded"),
        win_pct: 55,
        ..row("terms", 8, &TERMS)
    },
    StageSpec {
        requires: Requires::TermsComplete,
        timeline: Entry::Line("tl-terms-confirmed"),
        win_pct: 60,
        limit_days: 3,
        ..row("terms_confirmed", 9, &CONFIRM_TERMS)
    },
    StageSpec {
        form: StepForm::ContractDraft,
        requires: Requires::Approval(&[ApprovalKind::ContractReview, ApprovalKind::ContractDraft]),
        timeline: Entry::Line("tl-contract-ready"),
        produces: Produces::Contract,
        win_pct: 65,
        ..row("contract_draft", 10, &[])
    },
    StageSpec {
        due: due("callback", R::Callback),
        timeline: Entry::Line("tl-contract-sent"),
        win_pct: 70,
        limit_days: 3,
        ..row("contract_sent", 11, &CONTRACT_SENT)
    },
    StageSpec {
        due: due("discuss_at", R::ContractDiscussion),
        timeline: Entry::Line("tl-contract-called"),
        win_pct: 72,
        limit_days: 3,
        ..row("contract_call", 12, &CONTRACT_CALL)
    },
    StageSpec {
        due: due("signing_at", R::Signing),
        closes: &[R::Callback, R::ContractDiscussion],
        win_pct: 75,
        ..row("contract_discussion", 13, &CONTRACT_DISCUSSION)
    },
    StageSpec {
        closes: &[R::Callback, R::Signing],
        timeline: Entry::Line("tl-signed"),
        win_pct: 85,
        limit_days: 7,
        ..row("signing", 14, &SIGNING)
    },
    StageSpec {
        due: due("pay_by", R::PaymentCheck),
        produces: Produces::Invoice,
        win_pct: 90,
        ..row("invoice", 15, &INVOICE)
    },
    StageSpec {
        form: StepForm::Payment,
        closes: &[R::Callback, R::PaymentCheck],
        timeline: Entry::Line("tl-paid-in-full"),
        win_pct: 95,
        limit_days: 10,
        ..row("payment", 16, &PAYMENT)
    },
    StageSpec {
        form: StepForm::WorkStages,
        requires: Requires::Approval(&[ApprovalKind::WorkStages]),
        closes: &ReminderKind::ALL,
        timeline: Entry::Line("tl-work-started"),
        win_pct: 100,
        limit_days: 14,
        ..row("work", 17, &WORK_STAGES)
    },
    // A step that exists only in the tests (`--features test-step`): the recipe of the README,
    // one row and its locale keys, walked by `tests/regulation.rs` like every other row.
    #[cfg(feature = "test-step")]
    StageSpec {
        closes: &ReminderKind::ALL,
        win_pct: 100,
        limit_days: 7,
        ..row("acceptance", 18, &ACCEPTANCE)
    },
];

#[cfg(feature = "test-step")]
const ACCEPTANCE: [Field; 3] = [
    field("act_number", SHORT),
    field("accepted_on", FieldKind::PastDay),
    // who signed the act for the client: personal data, exported and erased with the contact
    personal(field("signed_by", FieldKind::Name)),
];

const NEW_CONTACT: [Field; 7] = [
    field("company", SHORT),
    optional(
        "client",
        FieldKind::Options(OptionSource::SimilarClients),
        Some("btn-new-client"),
    ),
    personal(field("name", FieldKind::Name)),
    personal(field("position", FieldKind::Name)),
    personal(optional("phone", FieldKind::Phone, None)),
    field("channel", FieldKind::Choice(&CHANNELS)),
    field("direction", FieldKind::Options(OptionSource::Directions)),
];

const NEEDS: [Field; 6] = [
    counted("specifics"),
    counted("news"),
    counted("plans"),
    counted("worries"),
    counted("new_directions"),
    optional(
        "callback",
        FieldKind::When {
            quick: &CALLBACK_QUICK,
        },
        Some("btn-no-callback"),
    ),
];

const OFFER: [Field; 4] = [
    field("offer", LONG),
    field("price_demanded", FieldKind::YesNo),
    Field {
        when: Some(|a| matches!(a.get("price_demanded"), Some(Answer::Yes))),
        ..field("price_named", FieldKind::Confirm)
    },
    optional(
        "callback",
        FieldKind::When {
            quick: &CALLBACK_QUICK,
        },
        Some("btn-no-callback"),
    ),
];

const APPLICATION: [Field; 3] = [
    field("questionnaire", FieldKind::Confirm),
    field(
        "meeting_at",
        FieldKind::When {
            quick: &MEETING_QUICK,
        },
    ),
    field("place", SHORT),
];

const MEETING: [Field; 3] = [
    field("result", FieldKind::Choice(&MEETING_RESULTS)),
    Field {
        when: Some(|a| is(a, "result", "held")),
        ..field("outcome", LONG)
    },
    Field {
        when: Some(|a| is(a, "result", "moved")),
        ..field(
            "new_at",
            FieldKind::When {
                quick: &MEETING_QUICK,
            },
        )
    },
];

const PROPOSAL_SENT: [Field; 2] = [
    optional(
        "file",
        FieldKind::Attachment { max: LONG_TEXT_MAX },
        Some("btn-no-file"),
    ),
    optional(
        "callback",
        FieldKind::When {
            quick: &CALLBACK_QUICK,
        },
        Some("btn-no-callback"),
    ),
];

const CLIENT_ANSWER: [Field; 3] = [
    field("answer", FieldKind::Choice(&ANSWERS)),
    Field {
        when: Some(|a| is(a, "answer", "bargaining")),
        ..field("changes", LONG)
    },
    Field {
        when: Some(|a| is(a, "answer", "bargaining")),
        skip: Skip::Allowed,
        skip_label: Some("btn-amount-same"),
        ..field("amount", FieldKind::Money)
    },
];

pub const TERMS: [Field; 13] = [
    // the name as it must stand in the contract; the card's short name when skipped
    optional(
        "legal_name",
        FieldKind::Text { max: 300 },
        Some("btn-as-on-card"),
    ),
    field("inn", FieldKind::Requisite(Requisite::Inn)),
    Field {
        when: Some(inn_is_company),
        ..field("kpp", FieldKind::Requisite(Requisite::Kpp))
    },
    field("ogrn", FieldKind::Requisite(Requisite::Ogrn)),
    field("bik", FieldKind::Requisite(Requisite::Bik)),
    field("account", FieldKind::Requisite(Requisite::Account)),
    field("address", FieldKind::Text { max: 500 }),
    field("amount", FieldKind::Money),
    field("subject", LONG),
    field("deadlines", SHORT),
    optional("executor", SHORT, None),
    field("stages", LONG),
    field("location", SHORT),
];

const CONFIRM_TERMS: [Field; 1] = [field("confirmed", FieldKind::Confirm)];

const CONTRACT_SENT: [Field; 2] = [
    field("sent", FieldKind::Confirm),
    optional(
        "callback",
        FieldKind::When {
            quick: &CALLBACK_QUICK,
        },
        Some("btn-no-callback"),
    ),
];

const CONTRACT_CALL: [Field; 2] = [
    field("called", FieldKind::Confirm),
    field(
        "discuss_at",
        FieldKind::When {
            quick: &MEETING_QUICK,
        },
    ),
];

const CONTRACT_DISCUSSION: [Field; 2] = [
    field("outcome", LONG),
    optional(
        "signing_at",
        FieldKind::When {
            quick: &MEETING_QUICK,
        },
        Some("btn-no-date"),
    ),
];

const SIGNING: [Field; 1] = [field("signed_on", FieldKind::PastDay)];

const INVOICE: [Field; 4] = [
    field("number", SHORT),
    field("amount", FieldKind::Money),
    field("date", FieldKind::PastDay),
    optional(
        "pay_by",
        FieldKind::When {
            quick: &CALLBACK_QUICK,
        },
        Some("btn-no-date"),
    ),
];

const PAYMENT: [Field; 3] = [
    field("amount", FieldKind::Money),
    Field {
        when: Some(|a| matches!(a.get("over"), Some(Answer::Yes))),
        ..field("over_ok", FieldKind::Confirm)
    },
    field("paid_on", FieldKind::PastDay),
];

const WORK_STAGES: [Field; 1] = [field("stages", FieldKind::StageLines)];
