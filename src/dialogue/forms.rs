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
    /// A step's win probability for the forecast, in percent (skipped: back to the team's history).
    WinRate {
        stage: Stage,
    },
    EscalateHours,
    /// Step 5: the manager's draft of the proposal, and the head to prepare it with.
    ProposalDraft {
        deal_id: i64,
    },
    /// Step 5: the approved proposal sent to the client.
    ProposalSent {
        deal_id: i64,
    },
    /// Step 7: the client's answer to the proposal.
    ClientAnswer {
        deal_id: i64,
    },
    /// Step 6, from any stage.
    Refusal {
        deal_id: i64,
    },
    /// Step 8: requisites and the deal's parameters.
    Terms {
        deal_id: i64,
    },
    /// Step 8: one parameter corrected without re-entering the rest.
    EditTerm {
        deal_id: i64,
        field: u8,
    },
    /// Step 9: the terms read back to the client by phone.
    ConfirmTerms {
        deal_id: i64,
    },
    /// Step 11.
    ContractSent {
        deal_id: i64,
    },
    /// Step 12.
    ContractCall {
        deal_id: i64,
    },
    /// Step 13.
    ContractDiscussion {
        deal_id: i64,
    },
    /// Step 14.
    Signing {
        deal_id: i64,
    },
    /// Step 15.
    Invoice {
        deal_id: i64,
    },
    /// Step 16: one payment (partial payments add up).
    Payment {
        deal_id: i64,
    },
    /// Step 17: work stages proposed to the head of the direction.
    WorkStages {
        deal_id: i64,
    },
    /// A decider returns a request with a comment.
    ReturnComment {
        approval_id: i64,
    },
    /// The lawyer uploads a contract drafted without a template.
    LawyerUpload {
        approval_id: i64,
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
    field("name", FieldKind::Name),
    field("position", FieldKind::Name),
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

const PAST_QUICK: [QuickWhen; 2] = [
    QuickWhen {
        label: "quick-today",
        phrase: "сегодня",
    },
    QuickWhen {
        label: "quick-yesterday",
        phrase: "вчера",
    },
];
pub const PAST_QUICK_REF: &[QuickWhen] = &PAST_QUICK;

pub const ANSWERS: [&str; 3] = ["accepted", "bargaining", "refused"];
pub const TEMPLATE_KINDS: [&str; 2] = ["contract", "invoice"];

pub fn inn_is_company(a: &Answers) -> bool {
    matches!(a.get("inn"), Some(Answer::Text(t)) if t.len() == 10)
}

static PROPOSAL_DRAFT: [Field; 3] = [
    field("draft", FieldKind::Attachment { max: LONG_TEXT_MAX }),
    // the proposal's amount starts the deal's amount history once it is approved
    optional("amount", FieldKind::Money, Some("btn-no-amount")),
    field("decider", FieldKind::Options(OptionSource::Deciders)),
];
static PROPOSAL_SENT: [Field; 2] = [
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
static CLIENT_ANSWER: [Field; 3] = [
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
pub static TERMS: [Field; 13] = [
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
static CONFIRM_TERMS: [Field; 1] = [field("confirmed", FieldKind::Confirm)];
static CONTRACT_SENT: [Field; 2] = [
    field("sent", FieldKind::Confirm),
    optional(
        "callback",
        FieldKind::When {
            quick: &CALLBACK_QUICK,
        },
        Some("btn-no-callback"),
    ),
];
static CONTRACT_CALL: [Field; 2] = [
    field("called", FieldKind::Confirm),
    field(
        "discuss_at",
        FieldKind::When {
            quick: &MEETING_QUICK,
        },
    ),
];
static CONTRACT_DISCUSSION: [Field; 2] = [
    field("outcome", LONG),
    optional(
        "signing_at",
        FieldKind::When {
            quick: &MEETING_QUICK,
        },
        Some("btn-no-date"),
    ),
];
static SIGNING: [Field; 1] = [field("signed_on", FieldKind::PastDay)];
static INVOICE: [Field; 4] = [
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
static PAYMENT: [Field; 3] = [
    field("amount", FieldKind::Money),
    Field {
        when: Some(|a| matches!(a.get("over"), Some(Answer::Yes))),
        ..field("over_ok", FieldKind::Confirm)
    },
    field("paid_on", FieldKind::PastDay),
];
static WORK_STAGES: [Field; 1] = [field("stages", FieldKind::StageLines)];
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
            FormKind::WinRate { .. } => &WIN_RATE,
            FormKind::EscalateHours => &ESCALATE_HOURS,
            FormKind::ProposalDraft { .. } => &PROPOSAL_DRAFT,
            FormKind::ProposalSent { .. } => &PROPOSAL_SENT,
            FormKind::ClientAnswer { .. } => &CLIENT_ANSWER,
            FormKind::Refusal { .. } => &REFUSAL,
            FormKind::Terms { .. } => &TERMS,
            FormKind::EditTerm { field, .. } => {
                let i = usize::from(field).min(TERMS.len() - 1);
                &TERMS[i..=i]
            }
            FormKind::ConfirmTerms { .. } => &CONFIRM_TERMS,
            FormKind::ContractSent { .. } => &CONTRACT_SENT,
            FormKind::ContractCall { .. } => &CONTRACT_CALL,
            FormKind::ContractDiscussion { .. } => &CONTRACT_DISCUSSION,
            FormKind::Signing { .. } => &SIGNING,
            FormKind::Invoice { .. } => &INVOICE,
            FormKind::Payment { .. } => &PAYMENT,
            FormKind::WorkStages { .. } => &WORK_STAGES,
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
            FormKind::WinRate { .. } => "winrate",
            FormKind::EscalateHours => "escalate",
            FormKind::ProposalDraft { .. } => "proposal",
            FormKind::ProposalSent { .. } => "proposal_sent",
            FormKind::ClientAnswer { .. } => "answer",
            FormKind::Refusal { .. } => "refusal",
            FormKind::Terms { .. } | FormKind::EditTerm { .. } => "terms",
            FormKind::ConfirmTerms { .. } => "confirm",
            FormKind::ContractSent { .. } => "contract_sent",
            FormKind::ContractCall { .. } => "contract_call",
            FormKind::ContractDiscussion { .. } => "discussion",
            FormKind::Signing { .. } => "signing",
            FormKind::Invoice { .. } => "invoice",
            FormKind::Payment { .. } => "payment",
            FormKind::WorkStages { .. } => "work",
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
            FormKind::Needs { deal_id }
            | FormKind::Offer { deal_id }
            | FormKind::Application { deal_id }
            | FormKind::Meeting { deal_id }
            | FormKind::LogActivity { deal_id }
            | FormKind::CustomReminder { deal_id }
            | FormKind::ProposalDraft { deal_id }
            | FormKind::ProposalSent { deal_id }
            | FormKind::ClientAnswer { deal_id }
            | FormKind::Refusal { deal_id }
            | FormKind::Terms { deal_id }
            | FormKind::EditTerm { deal_id, .. }
            | FormKind::ConfirmTerms { deal_id }
            | FormKind::ContractSent { deal_id }
            | FormKind::ContractCall { deal_id }
            | FormKind::ContractDiscussion { deal_id }
            | FormKind::Signing { deal_id }
            | FormKind::Invoice { deal_id }
            | FormKind::Payment { deal_id }
            | FormKind::WorkStages { deal_id } => Some(deal_id),
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
            FormKind::ProposalSent { .. } => Some(Stage::Proposal),
            FormKind::ClientAnswer { .. } => Some(Stage::Negotiation),
            FormKind::Terms { .. } => Some(Stage::Terms),
            FormKind::ConfirmTerms { .. } => Some(Stage::TermsConfirmed),
            FormKind::ContractSent { .. } => Some(Stage::ContractSent),
            FormKind::ContractCall { .. } => Some(Stage::ContractCall),
            FormKind::ContractDiscussion { .. } => Some(Stage::ContractDiscussion),
            FormKind::Signing { .. } => Some(Stage::Signing),
            FormKind::Invoice { .. } => Some(Stage::Invoice),
            FormKind::Payment { .. } => Some(Stage::Payment),
            FormKind::WorkStages { .. } => Some(Stage::Work),
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
            Stage::Proposal => Some(FormKind::ProposalDraft { deal_id }),
            Stage::Negotiation => Some(FormKind::ClientAnswer { deal_id }),
            Stage::Terms => Some(FormKind::Terms { deal_id }),
            Stage::TermsConfirmed => Some(FormKind::ConfirmTerms { deal_id }),
            Stage::ContractSent => Some(FormKind::ContractSent { deal_id }),
            Stage::ContractCall => Some(FormKind::ContractCall { deal_id }),
            Stage::ContractDiscussion => Some(FormKind::ContractDiscussion { deal_id }),
            Stage::Signing => Some(FormKind::Signing { deal_id }),
            Stage::Invoice => Some(FormKind::Invoice { deal_id }),
            Stage::Payment => Some(FormKind::Payment { deal_id }),
            Stage::Work => Some(FormKind::WorkStages { deal_id }),
            // drafting is an action (fill the template or ask the lawyer), not a form
            Stage::ContractDraft | Stage::FirstContact => None,
        }
    }

    /// The form whose answers the recorder gets for `stage` (step 5 starts with the draft for the
    /// head, and is recorded by «sent to the client»).
    pub fn recording(stage: Stage, deal_id: i64) -> Option<FormKind> {
        match stage {
            Stage::Proposal => Some(FormKind::ProposalSent { deal_id }),
            other => FormKind::for_stage(other, deal_id),
        }
    }

    /// Whether the bot records this stage (by a form or an action).
    pub fn in_bot(stage: Stage) -> bool {
        stage == Stage::ContractDraft || FormKind::for_stage(stage, 0).is_some()
    }

    /// Every form, with a placeholder deal id: for tests that walk all locale keys.
    pub fn samples() -> [FormKind; 44] {
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
            FormKind::WinRate {
                stage: Stage::Proposal,
            },
            FormKind::EscalateHours,
            FormKind::ProposalDraft { deal_id: 1 },
            FormKind::ProposalSent { deal_id: 1 },
            FormKind::ClientAnswer { deal_id: 1 },
            FormKind::Refusal { deal_id: 1 },
            FormKind::Terms { deal_id: 1 },
            FormKind::EditTerm {
                deal_id: 1,
                field: 0,
            },
            FormKind::ConfirmTerms { deal_id: 1 },
            FormKind::ContractSent { deal_id: 1 },
            FormKind::ContractCall { deal_id: 1 },
            FormKind::ContractDiscussion { deal_id: 1 },
            FormKind::Signing { deal_id: 1 },
            FormKind::Invoice { deal_id: 1 },
            FormKind::Payment { deal_id: 1 },
            FormKind::WorkStages { deal_id: 1 },
            FormKind::ReturnComment { approval_id: 1 },
            FormKind::LawyerUpload { approval_id: 1 },
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
        ]
    }
}
