//! What a form asks, as data: the fields, what each accepts, and the typed answers they give.
//! The regulation's step forms are declared with their rows (`steps`); the other forms in
//! `dialogue::forms`. Prompts live in the locales under `q-<form code>-<field key>`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::text::{LONG_TEXT_MAX, SHORT_TEXT_MAX};

pub type Answers = BTreeMap<String, Answer>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Text(String),
    Skipped,
    /// Not asked: the question had nothing to choose from (no similar clients). It does not
    /// count in the form's progress.
    Passed,
    Choice(String),
    Id(i64),
    /// Unix seconds, UTC.
    At(i64),
    Yes,
    No,
    Phone(String),
    File {
        file_id: String,
        name: String,
        size: u64,
        /// The words sent with the file: a note's text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    Voice {
        file_id: String,
        duration: u32,
        /// The words, when the voice was transcribed and the manager confirmed them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        transcript: Option<String>,
    },
    Tz(String),
    /// A number: minutes after midnight for a clock time, days, hours.
    Num(i64),
    /// Working hours as minutes after midnight.
    Span(i64, i64),
    /// Kopecks.
    Money(i64),
    /// Work stages: (name, due day as unix seconds of its local midnight).
    Stages(Vec<(String, i64)>),
}

/// Whether a field may be skipped, and whether the skip matters to the regulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    No,
    Allowed,
    /// The regulation asks for as much as possible: skipping is allowed but recorded and counted.
    Counted,
}

/// Options that come from the database at the moment the question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionSource {
    Directions,
    /// Existing clients whose names resemble the company just typed.
    SimilarClients,
    /// The heads a proposal can be prepared with: the direction's heads, then the heads of sales.
    Deciders,
    /// The deal's contacts (who refused).
    DealContacts,
    /// The refusal reasons the head of sales keeps.
    RefusalReasons,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        max: usize,
    },
    /// A person's name or position: short text with at least one letter («-» is not a name).
    Name,
    Phone,
    /// Fixed choices by code; labels are `opt-<field key>-<code>` in the locales.
    Choice(&'static [&'static str]),
    /// Choices from the database, by id. A field with no options is passed over.
    Options(OptionSource),
    /// A moment in the future; quick buttons carry phrases the date parser reads.
    When {
        quick: &'static [QuickWhen],
    },
    /// A single «done» button: the manager confirms an action was taken.
    Confirm,
    YesNo,
    /// A file with one of these extensions, at most this many bytes.
    Document {
        exts: &'static [&'static str],
        max_bytes: u64,
    },
    /// Text, a voice message or a file: what a manager logs after a call.
    Attachment {
        max: usize,
    },
    /// An IANA time zone, typed or from buttons.
    Timezone,
    /// A time of day, «9:00».
    Clock,
    /// Working hours, «9:00-19:00».
    Hours,
    /// A day in the future: «10.12», «через 2 недели».
    Day,
    Number {
        min: i64,
        max: i64,
    },
    Requisite(Requisite),
    /// An amount of money, «1,5 млн».
    Money,
    /// A day that has come: «сегодня», «вчера», «25.11».
    PastDay,
    /// A choice from the database or a text of one's own.
    ChoiceOrText(OptionSource),
    /// Work stages, one a line: «Дизайн — 15.12».
    StageLines,
}

impl FieldKind {
    /// Whether a spoken answer makes sense here: words, a name, a date or an amount — not
    /// buttons, digits of a requisite or a file.
    pub fn takes_voice(&self) -> bool {
        matches!(
            self,
            Self::Text { .. }
                | Self::Name
                | Self::When { .. }
                | Self::Attachment { .. }
                | Self::Day
                | Self::Money
                | Self::PastDay
                | Self::ChoiceOrText(_)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requisite {
    Inn,
    Kpp,
    Ogrn,
    Bik,
    /// Checked against the БИК answered before it.
    Account,
}

/// A quick-answer button for a date question: its label key and the phrase it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuickWhen {
    pub label: &'static str,
    pub phrase: &'static str,
}

#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub kind: FieldKind,
    pub skip: Skip,
    /// Overrides the skip button's label key (default `btn-skip`).
    pub skip_label: Option<&'static str>,
    /// The field is asked only when this holds for the answers so far.
    pub when: Option<fn(&Answers) -> bool>,
    /// The answer names or reaches a person (a name, a position, a phone, an e-mail): the
    /// privacy export gives it to them and the erasure blanks it, wherever it is stored.
    pub personal: bool,
}

impl Field {
    pub fn applies(&self, answers: &Answers) -> bool {
        self.when.is_none_or(|w| w(answers))
    }
}

pub const fn field(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        kind,
        skip: Skip::No,
        skip_label: None,
        when: None,
        personal: false,
    }
}

pub const fn optional(
    key: &'static str,
    kind: FieldKind,
    skip_label: Option<&'static str>,
) -> Field {
    Field {
        key,
        kind,
        skip: Skip::Allowed,
        skip_label,
        when: None,
        personal: false,
    }
}

pub const fn counted(key: &'static str) -> Field {
    Field {
        key,
        kind: FieldKind::Text { max: LONG_TEXT_MAX },
        skip: Skip::Counted,
        skip_label: None,
        when: None,
        personal: false,
    }
}

pub const SHORT: FieldKind = FieldKind::Text {
    max: SHORT_TEXT_MAX,
};
pub const LONG: FieldKind = FieldKind::Text { max: LONG_TEXT_MAX };

pub const MEETING_QUICK: [QuickWhen; 4] = [
    QuickWhen {
        label: "quick-tomorrow-10",
        phrase: "завтра 10:00",
    },
    QuickWhen {
        label: "quick-tomorrow-15",
        phrase: "завтра 15:00",
    },
    QuickWhen {
        label: "quick-after-tomorrow-11",
        phrase: "послезавтра 11:00",
    },
    QuickWhen {
        label: "quick-week-10",
        phrase: "через 7 дней в 10:00",
    },
];

pub const CALLBACK_QUICK: [QuickWhen; 4] = [
    QuickWhen {
        label: "quick-in-2-hours",
        phrase: "через 2 часа",
    },
    QuickWhen {
        label: "quick-tomorrow-10",
        phrase: "завтра 10:00",
    },
    QuickWhen {
        label: "quick-in-3-days",
        phrase: "через 3 дня в 10:00",
    },
    QuickWhen {
        label: "quick-week-10",
        phrase: "через 7 дней в 10:00",
    },
];

/// A person's own field: a name, a position, a phone, an e-mail.
pub const fn personal(field: Field) -> Field {
    Field {
        personal: true,
        ..field
    }
}

pub const MEETING_RESULTS: [&str; 2] = ["held", "moved"];
/// The client's answer to the proposal (step 7).
pub const ANSWERS: [&str; 3] = ["accepted", "bargaining", "refused"];

/// The answer to `key` when it is a text.
pub fn text<'a>(a: &'a Answers, key: &str) -> Option<&'a str> {
    match a.get(key) {
        Some(Answer::Text(t)) => Some(t),
        _ => None,
    }
}

/// The answer to `key` when it is a chosen record's id.
pub fn id(a: &Answers, key: &str) -> Option<i64> {
    match a.get(key) {
        Some(Answer::Id(i)) => Some(*i),
        _ => None,
    }
}

/// The answer to `key` when it is a moment (Unix seconds, UTC).
pub fn at(a: &Answers, key: &str) -> Option<i64> {
    match a.get(key) {
        Some(Answer::At(t)) => Some(*t),
        _ => None,
    }
}

/// The answer to `key` when it is a choice: its stored code.
pub fn choice<'a>(a: &'a Answers, key: &str) -> Option<&'a str> {
    match a.get(key) {
        Some(Answer::Choice(c)) => Some(c),
        _ => None,
    }
}

/// Whether the answer to `key` is the choice `code`.
pub fn is(answers: &Answers, key: &str, code: &str) -> bool {
    matches!(answers.get(key), Some(Answer::Choice(c)) if c == code)
}

/// An ИНН of ten digits is a company's (it has a КПП); twelve is a sole trader's.
pub fn inn_is_company(a: &Answers) -> bool {
    matches!(a.get("inn"), Some(Answer::Text(t)) if t.len() == 10)
}
