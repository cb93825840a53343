//! Every form the bot asks, as data: which fields, in which order, what each accepts.
//! Prompts live in the locales under `q-<form code>-<field key>`.

use serde::{Deserialize, Serialize};

use super::engine::{Answer, Answers};
use crate::domain::text::{LONG_TEXT_MAX, SHORT_TEXT_MAX};
use crate::pipeline::{Stage, CHANNELS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormKind {
    /// Preamble: company, contact's name and position, phone, channel, direction.
    NewContact,
    /// Step 1.
    Needs {
        deal_id: i64,
    },
    /// Step 2.
    Offer {
        deal_id: i64,
    },
    /// Step 3: questionnaire sent, meeting arranged.
    Application {
        deal_id: i64,
    },
    /// Step 4: the meeting held (or moved).
    Meeting {
        deal_id: i64,
    },
    /// Rule zero: any action on any deal.
    LogActivity {
        deal_id: i64,
    },
    Invite,
    AddDirection,
    PriceList,
    Questionnaire,
    Timezone,
    /// A reminder put off to a time the user names.
    Snooze {
        reminder_id: i64,
    },
    /// A reminder moved to a new date.
    Reschedule {
        reminder_id: i64,
    },
    /// «Напомнить»: a free reminder on a deal.
    CustomReminder {
        deal_id: i64,
    },
    AgendaTime,
    WorkHours,
    Pause,
    StageLimit {
        stage: Stage,
    },
    EscalateHours,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        max: usize,
    },
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
}

impl Field {
    pub fn applies(&self, answers: &Answers) -> bool {
        self.when.is_none_or(|w| w(answers))
    }
}

const fn field(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        kind,
        skip: Skip::No,
        skip_label: None,
        when: None,
    }
}

const fn optional(key: &'static str, kind: FieldKind, skip_label: Option<&'static str>) -> Field {
    Field {
        key,
        kind,
        skip: Skip::Allowed,
        skip_label,
        when: None,
    }
}

const fn counted(key: &'static str) -> Field {
    Field {
        key,
        kind: FieldKind::Text { max: LONG_TEXT_MAX },
        skip: Skip::Counted,
        skip_label: None,
        when: None,
    }
}

const SHORT: FieldKind = FieldKind::Text {
    max: SHORT_TEXT_MAX,
};
const LONG: FieldKind = FieldKind::Text { max: LONG_TEXT_MAX };

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

pub const ROLE_CODES: [&str; 4] = ["manager", "head_of_direction", "lawyer", "head_of_sales"];
pub const LOG_KINDS: [&str; 4] = ["call", "meeting", "document", "note"];
pub const MEETING_RESULTS: [&str; 2] = ["held", "moved"];

fn is(answers: &Answers, key: &str, code: &str) -> bool {
    matches!(answers.get(key), Some(Answer::Choice(c)) if c == code)
}

static NEW_CONTACT: [Field; 7] = [
    field("company", SHORT),
    optional(
        "client",
        FieldKind::Options(OptionSource::SimilarClients),
        Some("btn-new-client"),
    ),
    field("name", SHORT),
    field("position", SHORT),
    optional("phone", FieldKind::Phone, None),
    field("channel", FieldKind::Choice(&CHANNELS)),
    field("direction", FieldKind::Options(OptionSource::Directions)),
];

static NEEDS: [Field; 6] = [
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

static OFFER: [Field; 4] = [
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

static APPLICATION: [Field; 3] = [
    field("questionnaire", FieldKind::Confirm),
    field(
        "meeting_at",
        FieldKind::When {
            quick: &MEETING_QUICK,
        },
    ),
    field("place", SHORT),
];

static MEETING: [Field; 3] = [
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

static LOG: [Field; 2] = [
    field("kind", FieldKind::Choice(&LOG_KINDS)),
    field("body", FieldKind::Attachment { max: LONG_TEXT_MAX }),
];

static INVITE: [Field; 2] = [
    field("role", FieldKind::Choice(&ROLE_CODES)),
    Field {
        when: Some(|a| is(a, "role", "head_of_direction")),
        ..field("direction", FieldKind::Options(OptionSource::Directions))
    },
];

static ADD_DIRECTION: [Field; 1] = [field("name", FieldKind::Text { max: 100 })];

static PRICE_LIST: [Field; 1] = [field(
    "file",
    FieldKind::Document {
        exts: &["csv", "txt"],
        max_bytes: 1024 * 1024,
    },
)];

static QUESTIONNAIRE: [Field; 2] = [
    field("direction", FieldKind::Options(OptionSource::Directions)),
    field(
        "file",
        FieldKind::Document {
            exts: &["docx", "doc", "pdf", "xlsx"],
            max_bytes: 20 * 1024 * 1024,
        },
    ),
];

static TIMEZONE: [Field; 1] = [field("tz", FieldKind::Timezone)];

pub const SNOOZE_QUICK: [QuickWhen; 4] = [
    QuickWhen {
        label: "quick-in-15-min",
        phrase: "через 15 минут",
    },
    QuickWhen {
        label: "quick-in-1-hour",
        phrase: "через 1 час",
    },
    QuickWhen {
        label: "quick-tomorrow-9",
        phrase: "завтра 9:00",
    },
    QuickWhen {
        label: "quick-tomorrow-15",
        phrase: "завтра 15:00",
    },
];

static SNOOZE: [Field; 1] = [field(
    "when",
    FieldKind::When {
        quick: &SNOOZE_QUICK,
    },
)];
static RESCHEDULE: [Field; 1] = [field(
    "when",
    FieldKind::When {
        quick: &MEETING_QUICK,
    },
)];
static CUSTOM_REMINDER: [Field; 2] = [
    field("what", SHORT),
    field(
        "when",
        FieldKind::When {
            quick: &CALLBACK_QUICK,
        },
    ),
];
static AGENDA_TIME: [Field; 1] = [field("at", FieldKind::Clock)];
static WORK_HOURS: [Field; 1] = [field("hours", FieldKind::Hours)];
static PAUSE: [Field; 1] = [field("until", FieldKind::Day)];
static STAGE_LIMIT: [Field; 1] = [field("days", FieldKind::Number { min: 1, max: 365 })];
static ESCALATE_HOURS: [Field; 1] = [field("hours", FieldKind::Number { min: 1, max: 720 })];

impl FormKind {
    pub fn fields(self) -> &'static [Field] {
        match self {
            FormKind::NewContact => &NEW_CONTACT,
            FormKind::Needs { .. } => &NEEDS,
            FormKind::Offer { .. } => &OFFER,
            FormKind::Application { .. } => &APPLICATION,
            FormKind::Meeting { .. } => &MEETING,
            FormKind::LogActivity { .. } => &LOG,
            FormKind::Invite => &INVITE,
            FormKind::AddDirection => &ADD_DIRECTION,
            FormKind::PriceList => &PRICE_LIST,
            FormKind::Questionnaire => &QUESTIONNAIRE,
            FormKind::Timezone => &TIMEZONE,
            FormKind::Snooze { .. } => &SNOOZE,
            FormKind::Reschedule { .. } => &RESCHEDULE,
            FormKind::CustomReminder { .. } => &CUSTOM_REMINDER,
            FormKind::AgendaTime => &AGENDA_TIME,
            FormKind::WorkHours => &WORK_HOURS,
            FormKind::Pause => &PAUSE,
            FormKind::StageLimit { .. } => &STAGE_LIMIT,
            FormKind::EscalateHours => &ESCALATE_HOURS,
        }
    }

    /// Short code used in locale keys: `q-<code>-<field>`, `title-<code>`.
    pub fn code(self) -> &'static str {
        match self {
            FormKind::NewContact => "contact",
            FormKind::Needs { .. } => "needs",
            FormKind::Offer { .. } => "offer",
            FormKind::Application { .. } => "application",
            FormKind::Meeting { .. } => "meeting",
            FormKind::LogActivity { .. } => "log",
            FormKind::Invite => "invite",
            FormKind::AddDirection => "direction",
            FormKind::PriceList => "pricelist",
            FormKind::Questionnaire => "questionnaire",
            FormKind::Timezone => "tz",
            FormKind::Snooze { .. } => "snooze",
            FormKind::Reschedule { .. } => "reschedule",
            FormKind::CustomReminder { .. } => "remind",
            FormKind::AgendaTime => "agenda",
            FormKind::WorkHours => "hours",
            FormKind::Pause => "pause",
            FormKind::StageLimit { .. } => "limit",
            FormKind::EscalateHours => "escalate",
        }
    }

    pub fn deal_id(self) -> Option<i64> {
        match self {
            FormKind::Needs { deal_id }
            | FormKind::Offer { deal_id }
            | FormKind::Application { deal_id }
            | FormKind::Meeting { deal_id }
            | FormKind::LogActivity { deal_id }
            | FormKind::CustomReminder { deal_id } => Some(deal_id),
            _ => None,
        }
    }

    /// The regulation step this form records, if it is a step form.
    pub fn stage(self) -> Option<Stage> {
        match self {
            FormKind::NewContact => Some(Stage::FirstContact),
            FormKind::Needs { .. } => Some(Stage::Needs),
            FormKind::Offer { .. } => Some(Stage::Offer),
            FormKind::Application { .. } => Some(Stage::Application),
            FormKind::Meeting { .. } => Some(Stage::Meeting),
            _ => None,
        }
    }

    /// The form that records `stage` on a deal, where the bot can record that stage.
    pub fn for_stage(stage: Stage, deal_id: i64) -> Option<FormKind> {
        match stage {
            Stage::Needs => Some(FormKind::Needs { deal_id }),
            Stage::Offer => Some(FormKind::Offer { deal_id }),
            Stage::Application => Some(FormKind::Application { deal_id }),
            Stage::Meeting => Some(FormKind::Meeting { deal_id }),
            _ => None,
        }
    }

    /// Every form, with a placeholder deal id: for tests that walk all locale keys.
    pub fn samples() -> [FormKind; 19] {
        [
            FormKind::NewContact,
            FormKind::Needs { deal_id: 1 },
            FormKind::Offer { deal_id: 1 },
            FormKind::Application { deal_id: 1 },
            FormKind::Meeting { deal_id: 1 },
            FormKind::LogActivity { deal_id: 1 },
            FormKind::Invite,
            FormKind::AddDirection,
            FormKind::PriceList,
            FormKind::Questionnaire,
            FormKind::Timezone,
            FormKind::Snooze { reminder_id: 1 },
            FormKind::Reschedule { reminder_id: 1 },
            FormKind::CustomReminder { deal_id: 1 },
            FormKind::AgendaTime,
            FormKind::WorkHours,
            FormKind::Pause,
            FormKind::StageLimit {
                stage: Stage::Needs,
            },
            FormKind::EscalateHours,
        ]
    }
}
