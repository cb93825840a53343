//! Every form the bot asks, as data: which fields, in which order, what each accepts.
//! Prompts live in the locales under `q-<form code>-<field key>`.

use serde::{Deserialize, Serialize};

use crate::domain::text::LONG_TEXT_MAX;
pub use crate::pipeline::fields::*;
use crate::pipeline::{Stage, StepForm};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormKind {
    /// Preamble: company, contact's name and position, phone, channel, direction.
    NewContact,
    /// A regulation step on a deal: the step table's row names its fields and what recording
    /// it does.
    Step {
        deal_id: i64,
        stage: Stage,
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
    /// A step's win probability for the forecast, in percent (skipped: back to the team's history).
    WinRate {
        stage: Stage,
    },
    EscalateHours,
    /// Step 5: the manager's draft of the proposal, and the head to prepare it with.
    ProposalDraft {
        deal_id: i64,
    },
    /// Step 6, from any stage.
    Refusal {
        deal_id: i64,
    },
    /// Step 8: one parameter corrected without re-entering the rest.
    EditTerm {
        deal_id: i64,
        field: u8,
    },
    /// A decider returns a request with a comment.
    ReturnComment {
        approval_id: i64,
        /// The card whose button started it: it shows the decision once the comment is typed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card: Option<i32>,
    },
    /// The lawyer uploads a contract drafted without a template.
    LawyerUpload {
        approval_id: i64,
        /// The card whose button started it: it shows the decision once the file is in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card: Option<i32>,
    },
    /// A head or the lawyer uploads a contract or invoice template for a direction.
    Template,
    /// The head of sales adds a refusal reason to the list.
    AddReason,
    /// A report's own period, «01.11.2026-30.11.2026», keeping the report's filters.
    ReportPeriod {
        manager: i64,
        direction: i64,
    },
    /// Any deal by client, contact, ИНН or manager.
    Search,
    /// This month's plan (money and deals won) for the team, a manager or a direction.
    Plan {
        manager: i64,
        direction: i64,
    },
    /// When meetings are announced: the evening before (a clock time) and how long before.
    MeetingNotices,
    /// When the weekly digest goes out: weekday and time.
    DigestTime,
    /// What «утром», «после обеда», «вечером» mean for the team.
    DayParts,
}

pub const ROLE_CODES: [&str; 4] = ["manager", "head_of_direction", "lawyer", "head_of_sales"];
pub const LOG_KINDS: [&str; 4] = ["call", "meeting", "document", "note"];

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

/// Step 8's fields as each is fixed on its own: the form holds only the one answer, so a
/// condition on the others (the КПП on a company's ИНН) is judged on the stored terms by the
/// terms screen and the edit's gate, not on the form's empty answers.
static EDIT_TERMS: [Field; crate::pipeline::steps::TERMS.len()] =
    unconditional(crate::pipeline::steps::TERMS);

const fn unconditional<const N: usize>(mut fields: [Field; N]) -> [Field; N] {
    let mut i = 0;
    while i < N {
        fields[i].when = None;
        i += 1;
    }
    fields
}

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

/// The quick answers of a day that has come: today and yesterday.
pub const PAST_QUICK: [QuickWhen; 2] = [
    QuickWhen {
        label: "quick-today",
        phrase: "сегодня",
    },
    QuickWhen {
        label: "quick-yesterday",
        phrase: "вчера",
    },
];

pub const TEMPLATE_KINDS: [&str; 2] = ["contract", "invoice"];

static PROPOSAL_DRAFT: [Field; 3] = [
    field("draft", FieldKind::Attachment { max: LONG_TEXT_MAX }),
    // the proposal's amount starts the deal's amount history once it is approved
    optional("amount", FieldKind::Money, Some("btn-no-amount")),
    field("decider", FieldKind::Options(OptionSource::Deciders)),
];
static REFUSAL: [Field; 5] = [
    field("on", FieldKind::PastDay),
    field(
        "reason",
        FieldKind::ChoiceOrText(OptionSource::RefusalReasons),
    ),
    optional(
        "who",
        FieldKind::Options(OptionSource::DealContacts),
        Some("btn-someone-else"),
    ),
    Field {
        when: Some(|a| !matches!(a.get("who"), Some(Answer::Id(_)))),
        ..field("who_name", FieldKind::Name)
    },
    Field {
        when: Some(|a| !matches!(a.get("who"), Some(Answer::Id(_)))),
        ..field("who_position", FieldKind::Name)
    },
];
static RETURN_COMMENT: [Field; 1] = [field("comment", LONG)];
static LAWYER_UPLOAD: [Field; 1] = [field(
    "file",
    FieldKind::Document {
        exts: &["docx", "doc", "pdf"],
        max_bytes: 20 * 1024 * 1024,
    },
)];
static TEMPLATE: [Field; 3] = [
    field("kind", FieldKind::Choice(&TEMPLATE_KINDS)),
    field("direction", FieldKind::Options(OptionSource::Directions)),
    field(
        "file",
        FieldKind::Document {
            exts: &["docx"],
            max_bytes: 5 * 1024 * 1024,
        },
    ),
];
static ADD_REASON: [Field; 1] = [field("text", FieldKind::Text { max: 100 })];
static PLAN: [Field; 2] = [
    optional("money", FieldKind::Money, Some("btn-plan-no-money")),
    optional(
        "deals",
        FieldKind::Number {
            min: 1,
            max: 100_000,
        },
        Some("btn-plan-no-deals"),
    ),
];
static REPORT_PERIOD: [Field; 1] = [field("range", FieldKind::Text { max: 40 })];
static SEARCH: [Field; 1] = [field("query", FieldKind::Text { max: 100 })];
pub const WEEKDAY_CODES: [&str; 7] = ["1", "2", "3", "4", "5", "6", "7"];
static MEETING_NOTICES: [Field; 2] = [
    field("eve", FieldKind::Clock),
    field("before", FieldKind::Number { min: 10, max: 720 }),
];
static WIN_RATE: [Field; 1] = [optional(
    "pct",
    FieldKind::Number { min: 0, max: 100 },
    Some("btn-winrate-auto"),
)];
static DAY_PARTS: [Field; 3] = [
    field("morning", FieldKind::Clock),
    field("lunch", FieldKind::Clock),
    field("evening", FieldKind::Clock),
];
static DIGEST_TIME: [Field; 2] = [
    field("day", FieldKind::Choice(&WEEKDAY_CODES)),
    field("at", FieldKind::Clock),
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
            FormKind::NewContact => Stage::FirstContact.spec().fields,
            FormKind::Step { stage, .. } => stage.spec().fields,
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
            FormKind::WinRate { .. } => &WIN_RATE,
            FormKind::EscalateHours => &ESCALATE_HOURS,
            FormKind::ProposalDraft { .. } => &PROPOSAL_DRAFT,
            FormKind::Refusal { .. } => &REFUSAL,
            FormKind::EditTerm { field, .. } => {
                let i = usize::from(field).min(EDIT_TERMS.len() - 1);
                &EDIT_TERMS[i..=i]
            }
            FormKind::ReturnComment { .. } => &RETURN_COMMENT,
            FormKind::LawyerUpload { .. } => &LAWYER_UPLOAD,
            FormKind::Template => &TEMPLATE,
            FormKind::AddReason => &ADD_REASON,
            FormKind::ReportPeriod { .. } => &REPORT_PERIOD,
            FormKind::Plan { .. } => &PLAN,
            FormKind::Search => &SEARCH,
            FormKind::MeetingNotices => &MEETING_NOTICES,
            FormKind::DigestTime => &DIGEST_TIME,
            FormKind::DayParts => &DAY_PARTS,
        }
    }

    /// Short code used in locale keys: `q-<code>-<field>`, `title-<code>`. A step's form is
    /// named by its stage's code.
    pub fn code(self) -> &'static str {
        match self {
            FormKind::NewContact => "contact",
            FormKind::Step { stage, .. } => stage.code(),
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
            FormKind::WinRate { .. } => "winrate",
            FormKind::EscalateHours => "escalate",
            FormKind::ProposalDraft { .. } => "proposal_draft",
            FormKind::Refusal { .. } => "refusal",
            FormKind::EditTerm { .. } => "terms",
            FormKind::ReturnComment { .. } => "return",
            FormKind::LawyerUpload { .. } => "lawyer_upload",
            FormKind::Template => "template",
            FormKind::AddReason => "reason",
            FormKind::ReportPeriod { .. } => "period",
            FormKind::Plan { .. } => "plan",
            FormKind::Search => "search",
            FormKind::MeetingNotices => "notices",
            FormKind::DigestTime => "digest",
            FormKind::DayParts => "parts",
        }
    }

    pub fn deal_id(self) -> Option<i64> {
        match self {
            FormKind::Step { deal_id, .. }
            | FormKind::LogActivity { deal_id }
            | FormKind::CustomReminder { deal_id }
            | FormKind::ProposalDraft { deal_id }
            | FormKind::Refusal { deal_id }
            | FormKind::EditTerm { deal_id, .. } => Some(deal_id),
            FormKind::NewContact
            | FormKind::Invite
            | FormKind::AddDirection
            | FormKind::PriceList
            | FormKind::Questionnaire
            | FormKind::Timezone
            | FormKind::Snooze { .. }
            | FormKind::Reschedule { .. }
            | FormKind::AgendaTime
            | FormKind::WorkHours
            | FormKind::Pause
            | FormKind::StageLimit { .. }
            | FormKind::WinRate { .. }
            | FormKind::EscalateHours
            | FormKind::ReturnComment { .. }
            | FormKind::LawyerUpload { .. }
            | FormKind::Template
            | FormKind::AddReason
            | FormKind::ReportPeriod { .. }
            | FormKind::Search
            | FormKind::Plan { .. }
            | FormKind::MeetingNotices
            | FormKind::DigestTime
            | FormKind::DayParts => None,
        }
    }

    /// The regulation step this form records, if it is a step form.
    pub fn stage(self) -> Option<Stage> {
        match self {
            FormKind::NewContact => Some(Stage::FirstContact),
            FormKind::Step { stage, .. } => Some(stage),
            _ => None,
        }
    }

    /// The step a form belongs to, for its title «Шаг N · …»: its own, or the proposal's for the
    /// draft that starts step 5.
    pub fn titled_by(self) -> Option<Stage> {
        match self {
            FormKind::Step { stage, .. } => Some(stage),
            FormKind::ProposalDraft { .. } => Some(Stage::Proposal),
            FormKind::EditTerm { .. } => Some(Stage::Terms),
            _ => None,
        }
    }

    /// The form that records `stage` on a deal, where the bot records that stage by a form.
    pub fn for_stage(stage: Stage, deal_id: i64) -> Option<FormKind> {
        match stage.spec().form {
            StepForm::Fields
            | StepForm::Meeting
            | StepForm::ClientAnswer
            | StepForm::Terms
            | StepForm::Payment
            | StepForm::WorkStages => Some(FormKind::Step { deal_id, stage }),
            StepForm::Proposal => Some(FormKind::ProposalDraft { deal_id }),
            // drafting is an action (fill the template or ask the lawyer), not a form; the first
            // contact has no deal yet
            StepForm::ContractDraft | StepForm::Contact => None,
        }
    }

    /// The form whose answers the recorder gets for `stage` (step 5 starts with the draft for the
    /// head, and is recorded by «sent to the client»).
    pub fn recording(stage: Stage, deal_id: i64) -> Option<FormKind> {
        match stage.spec().form {
            StepForm::Proposal => Some(FormKind::Step { deal_id, stage }),
            _ => FormKind::for_stage(stage, deal_id),
        }
    }

    /// Whether the bot records this stage (by a form or an action).
    pub fn in_bot(stage: Stage) -> bool {
        match stage.spec().form {
            StepForm::ContractDraft => true,
            _ => FormKind::for_stage(stage, 0).is_some(),
        }
    }

    /// Every form, with a placeholder deal id: for tests that walk all locale keys.
    pub fn samples() -> Vec<FormKind> {
        let mut all = vec![
            FormKind::NewContact,
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
            FormKind::WinRate {
                stage: Stage::Proposal,
            },
            FormKind::EscalateHours,
            FormKind::ProposalDraft { deal_id: 1 },
            FormKind::Refusal { deal_id: 1 },
            FormKind::EditTerm {
                deal_id: 1,
                field: 0,
            },
            FormKind::ReturnComment {
                approval_id: 1,
                card: None,
            },
            FormKind::LawyerUpload {
                approval_id: 1,
                card: None,
            },
            FormKind::Template,
            FormKind::AddReason,
            FormKind::ReportPeriod {
                manager: 0,
                direction: 0,
            },
            FormKind::Search,
            FormKind::Plan {
                manager: 0,
                direction: 0,
            },
            FormKind::MeetingNotices,
            FormKind::DigestTime,
            FormKind::DayParts,
        ];
        all.extend(
            Stage::all()
                .filter_map(|stage| FormKind::recording(stage, 1))
                .filter(|k| matches!(k, FormKind::Step { .. })),
        );
        all
    }
}
