//! The regulation as data: the stages a deal walks, in order, and the rules between them.
//! Stage codes are stable identifiers: stored in the database, used in reports, never translated.

pub mod answers;
pub mod approval;
pub mod checks;
pub mod fields;
pub mod steps;
pub mod timeline;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::domain::UnknownCode;
pub use checks::Check;
pub use fields::Field;
pub use steps::STAGES;

/// A stage of the pipeline: a row of the step table (`steps::STAGES`), compared by its place in
/// the regulation. Stored and sent by its code; the named constants below are the rows the code
/// treats specially, found by code when the crate is compiled (a typo is a compile error).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stage(u8);

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[allow(non_upper_case_globals)]
impl Stage {
    pub const FirstContact: Stage = Stage::named("first_contact");
    pub const Needs: Stage = Stage::named("needs");
    pub const Offer: Stage = Stage::named("offer");
    pub const Application: Stage = Stage::named("application");
    pub const Meeting: Stage = Stage::named("meeting");
    pub const Proposal: Stage = Stage::named("proposal");
    pub const Negotiation: Stage = Stage::named("negotiation");
    pub const Terms: Stage = Stage::named("terms");
    pub const TermsConfirmed: Stage = Stage::named("terms_confirmed");
    pub const ContractDraft: Stage = Stage::named("contract_draft");
    pub const ContractSent: Stage = Stage::named("contract_sent");
    pub const ContractCall: Stage = Stage::named("contract_call");
    pub const ContractDiscussion: Stage = Stage::named("contract_discussion");
    pub const Signing: Stage = Stage::named("signing");
    pub const Invoice: Stage = Stage::named("invoice");
    pub const Payment: Stage = Stage::named("payment");
    pub const Work: Stage = Stage::named("work");

    /// The row with this code; evaluated at compile time, so a wrong code does not build.
    const fn named(code: &str) -> Stage {
        let mut i = 0;
        while i < STAGES.len() {
            if same(STAGES[i].code, code) {
                return Stage(i as u8);
            }
            i += 1;
        }
        panic!("no such stage in the step table")
    }

    /// Every stage, in the regulation's order.
    pub fn all() -> impl DoubleEndedIterator<Item = Stage> + ExactSizeIterator {
        (0..STAGES.len()).map(|i| Stage(i as u8))
    }

    /// The stage's place in the table (0 is the first contact).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn spec(self) -> &'static StageSpec {
        &STAGES[self.index()]
    }

    pub fn code(self) -> &'static str {
        self.spec().code
    }

    pub fn step(self) -> u8 {
        self.spec().step
    }

    pub fn from_code(code: &str) -> Option<Self> {
        STAGES
            .iter()
            .position(|s| s.code == code)
            .map(|i| Stage(i as u8))
    }

    /// Whether recording this step ends the deal as won.
    pub fn wins(self) -> bool {
        self.next().is_none()
    }

    /// The stage that follows this one in the regulation.
    pub fn next(self) -> Option<Stage> {
        (self.index() + 1 < STAGES.len()).then(|| Stage(self.0 + 1))
    }
}

impl std::fmt::Debug for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Stage::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown stage «{code}»")))
    }
}

/// A due date a step's form can set: the answer that holds the time, and the kind of due item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueFrom {
    pub field: &'static str,
    pub kind: ReminderKind,
    /// The answer kept as the due item's note (the meeting's place).
    pub note: Option<&'static str>,
}

/// What must hold before a step may be recorded, beyond the step before it being done. Read by
/// one gate (`app`'s `gate`), before the form starts and again when the step is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requires {
    /// Only the previous step.
    Previous,
    /// The arranged meeting's time has come: a meeting cannot be held before it starts.
    MeetingTime,
    /// The latest request of one of these kinds was approved (the proposal by a head, the
    /// contract by the lawyer, the work stages by the head of direction).
    Approval(&'static [ApprovalKind]),
    /// Every parameter of the deal (step 8) is filled in.
    TermsComplete,
}

/// The kinds of decision a step can wait for; stored by code in `approvals.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApprovalKind {
    /// Step 5: the head approves the proposal's draft.
    Proposal,
    /// Step 7: the head approves the client's changes.
    Adjustment,
    /// Step 10: the lawyer reviews a contract filled from the template.
    ContractReview,
    /// Step 10: the lawyer drafts the contract (no template).
    ContractDraft,
    /// Step 17: the head of direction confirms the work stages.
    WorkStages,
}

impl ApprovalKind {
    pub const ALL: [ApprovalKind; 5] = [
        ApprovalKind::Proposal,
        ApprovalKind::Adjustment,
        ApprovalKind::ContractReview,
        ApprovalKind::ContractDraft,
        ApprovalKind::WorkStages,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApprovalKind::Proposal => "proposal",
            ApprovalKind::Adjustment => "adjustment",
            ApprovalKind::ContractReview => "contract_review",
            ApprovalKind::ContractDraft => "contract_draft",
            ApprovalKind::WorkStages => "work_stages",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether the lawyer decides it (the heads decide the rest).
    pub fn for_lawyer(self) -> bool {
        match self {
            ApprovalKind::ContractReview | ApprovalKind::ContractDraft => true,
            ApprovalKind::Proposal | ApprovalKind::Adjustment | ApprovalKind::WorkStages => false,
        }
    }
}

/// Where a request for a decision stands; stored by code in `approvals.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApprovalState {
    Pending,
    Approved,
    Returned,
}

impl ApprovalState {
    pub const ALL: [ApprovalState; 3] = [
        ApprovalState::Pending,
        ApprovalState::Approved,
        ApprovalState::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApprovalState::Pending => "pending",
            ApprovalState::Approved => "approved",
            ApprovalState::Returned => "returned",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A document a step produces and keeps on the deal's timeline; read by one function (`app`'s
/// `produce`), which fills the direction's template and keeps the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Produces {
    Nothing,
    /// Filled from the direction's contract template, or uploaded by the lawyer.
    Contract,
    /// Filled from the direction's invoice template, where there is one.
    Invoice,
}

/// How a step is asked in chat. `Fields` is the plain case: the row's fields asked one by one and
/// recorded; the others are the regulation's special steps, each handled where it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepForm {
    /// Step 0: the new contact creates the client and the deal.
    Contact,
    /// The row's fields, asked and recorded as they are.
    Fields,
    /// Step 4: held (recorded) or moved (the meeting is still ahead, nothing recorded).
    Meeting,
    /// Step 5: the draft goes to a head first; «sent to the client» records the step.
    Proposal,
    /// Step 7: accepted (recorded), bargaining (a head decides), refused (step 6).
    ClientAnswer,
    /// Step 8: the deal's parameters, kept on the client too and editable one by one.
    Terms,
    /// Step 10: an action (the template filled, or the lawyer asked), recorded by the lawyer.
    ContractDraft,
    /// Step 16: payments, recorded as the step once the invoice is paid in full.
    Payment,
    /// Step 17: the work stages, recorded once the head of direction confirms them.
    WorkStages,
}

/// The step's timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// One line in the reader's language.
    Line(&'static str),
    /// The typed answers, each under its label (`label-<code>-<field>`).
    Typed,
}

/// One row of the regulation: the whole step. The one recorder (`app`'s `record_stage`) and the
/// one gate read it; adding a step is adding a row to `steps::STAGES` and its locale keys.
#[derive(Debug, Clone, Copy)]
pub struct StageSpec {
    /// Stable identifier: stored in the database, used in locale keys, never translated.
    pub code: &'static str,
    /// The step number in the regulation (0 is the preamble: the first contact).
    pub step: u8,
    pub form: StepForm,
    /// The questions of the step's form, in order; each answer lands in `deal_steps` by its key.
    pub fields: &'static [Field],
    pub requires: Requires,
    /// The due date the step's form may set.
    pub due: Option<DueFrom>,
    /// Due items of the deal closed when the step is recorded, whatever their time: what they
    /// pointed at has happened (a call-back is closed by the next step's contact).
    pub closes: &'static [ReminderKind],
    pub timeline: Entry,
    pub produces: Produces,
    /// The chance an open deal at this stage is won, until the team's own history says more.
    pub win_pct: i64,
    /// Days without activity after which a deal at this stage nudges its manager (the team may
    /// change it in /settings; the row seeds it).
    pub limit_days: i64,
}

impl StageSpec {
    /// The stage this row is.
    pub fn stage(&self) -> Stage {
        Stage::from_code(self.code).expect("every row's code names its stage")
    }
}

impl TryFrom<String> for Stage {
    type Error = UnknownCode;

    fn try_from(code: String) -> Result<Self, UnknownCode> {
        Stage::from_code(&code).ok_or(UnknownCode {
            what: "stage",
            code,
        })
    }
}

impl TryFrom<String> for DealStatus {
    type Error = UnknownCode;

    fn try_from(code: String) -> Result<Self, UnknownCode> {
        DealStatus::from_code(&code).ok_or(UnknownCode {
            what: "status",
            code,
        })
    }
}

impl TryFrom<String> for ApprovalKind {
    type Error = UnknownCode;

    fn try_from(code: String) -> Result<Self, UnknownCode> {
        ApprovalKind::from_code(&code).ok_or(UnknownCode {
            what: "approval kind",
            code,
        })
    }
}

impl TryFrom<String> for ApprovalState {
    type Error = UnknownCode;

    fn try_from(code: String) -> Result<Self, UnknownCode> {
        ApprovalState::from_code(&code).ok_or(UnknownCode {
            what: "approval state",
            code,
        })
    }
}

impl TryFrom<String> for ReminderKind {
    type Error = UnknownCode;

    fn try_from(code: String) -> Result<Self, UnknownCode> {
        ReminderKind::from_code(&code).ok_or(UnknownCode {
            what: "reminder kind",
            code,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub fn code(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [DealStatus::Open, DealStatus::Won, DealStatus::Lost]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Why a step cannot be recorded now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepBlocked {
    /// The deal is closed (won or lost).
    Closed,
    /// The step was already recorded.
    AlreadyDone,
    /// An earlier step must be recorded first; the deal's next step is this one.
    Missing(Stage),
}

/// The regulation's order: a step can only be recorded right after the one before it.
/// This is what makes the mandatory meeting impossible to skip.
pub fn can_record(current: Stage, status: DealStatus, target: Stage) -> Result<(), StepBlocked> {
    if status != DealStatus::Open {
        return Err(StepBlocked::Closed);
    }
    if target <= current {
        return Err(StepBlocked::AlreadyDone);
    }
    match current.next() {
        Some(next) if next == target => Ok(()),
        Some(next) => Err(StepBlocked::Missing(next)),
        None => Err(StepBlocked::AlreadyDone),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Callback,
    Meeting,
    ContractDiscussion,
    Signing,
    PaymentCheck,
    Custom,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 6] = [
        ReminderKind::Callback,
        ReminderKind::Meeting,
        ReminderKind::ContractDiscussion,
        ReminderKind::Signing,
        ReminderKind::PaymentCheck,
        ReminderKind::Custom,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::Callback => "callback",
            ReminderKind::Meeting => "meeting",
            ReminderKind::ContractDiscussion => "contract_discussion",
            ReminderKind::Signing => "signing",
            ReminderKind::PaymentCheck => "payment_check",
            ReminderKind::Custom => "custom",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The step that acting on this due item records: «Готово» on a payment check opens step 16.
    pub fn leads_to(self) -> Option<Stage> {
        match self {
            ReminderKind::Meeting => Some(Stage::Meeting),
            ReminderKind::ContractDiscussion => Some(Stage::ContractDiscussion),
            ReminderKind::Signing => Some(Stage::Signing),
            ReminderKind::PaymentCheck => Some(Stage::Payment),
            ReminderKind::Callback | ReminderKind::Custom => None,
        }
    }
}

/// What a timeline entry records. Rule zero: every action is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Meeting,
    Document,
    Note,
    /// The deal moved to another stage.
    Stage,
    /// A due date was set or moved.
    Reminder,
    /// The deal was created.
    Created,
    /// Step 6: the client refused; the deal is lost.
    Refusal,
    Payment,
    /// A request decided (approved or returned).
    Approval,
    /// A lost deal taken back into work.
    Reopened,
    /// Work started after payment: the deal is won.
    Won,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 12] = [
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Document,
        ActivityKind::Note,
        ActivityKind::Stage,
        ActivityKind::Reminder,
        ActivityKind::Created,
        ActivityKind::Refusal,
        ActivityKind::Payment,
        ActivityKind::Approval,
        ActivityKind::Reopened,
        ActivityKind::Won,
    ];
    /// The kinds a user logs by hand.
    pub const LOGGABLE: [&'static str; 4] = ["call", "meeting", "document", "note"];

    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Document => "document",
            ActivityKind::Note => "note",
            ActivityKind::Stage => "stage",
            ActivityKind::Reminder => "reminder",
            ActivityKind::Created => "created",
            ActivityKind::Refusal => "refusal",
            ActivityKind::Payment => "payment",
            ActivityKind::Approval => "approval",
            ActivityKind::Reopened => "reopened",
            ActivityKind::Won => "won",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Channels of the first contact, as buttons.
pub const CHANNELS: [&str; 6] = [
    "call",
    "website",
    "referral",
    "exhibition",
    "social",
    "other",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_follows_the_regulation_in_order() {
        let steps: Vec<u8> = STAGES.iter().map(|s| s.step).take(17).collect();
        assert_eq!(
            steps,
            vec![0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
        );
        let all: Vec<Stage> = Stage::all().collect();
        for w in all.windows(2) {
            assert!(w[0] < w[1]);
            assert_eq!(w[0].next(), Some(w[1]));
            assert!(w[0].spec().step < w[1].spec().step);
        }
        assert_eq!(all.last().unwrap().next(), None);
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in Stage::all() {
            assert_eq!(Stage::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
            assert_eq!(
                serde_json::from_str::<Stage>(&format!("\"{}\"", s.code())).unwrap(),
                s
            );
        }
        for k in ReminderKind::ALL {
            assert_eq!(ReminderKind::from_code(k.code()), Some(k));
        }
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn no_proposal_without_the_mandatory_meeting() {
        assert_eq!(
            can_record(Stage::Application, DealStatus::Open, Stage::Proposal),
            Err(StepBlocked::Missing(Stage::Meeting))
        );
        assert_eq!(
            can_record(Stage::Meeting, DealStatus::Open, Stage::Proposal),
            Ok(())
        );
    }

    #[test]
    fn steps_are_recorded_in_order_on_open_deals_only() {
        assert_eq!(
            can_record(Stage::FirstContact, DealStatus::Open, Stage::Needs),
            Ok(())
        );
        assert_eq!(
            can_record(Stage::FirstContact, DealStatus::Open, Stage::Offer),
            Err(StepBlocked::Missing(Stage::Needs))
        );
        assert_eq!(
            can_record(Stage::Offer, DealStatus::Open, Stage::Needs),
            Err(StepBlocked::AlreadyDone)
        );
        assert_eq!(
            can_record(Stage::Needs, DealStatus::Lost, Stage::Offer),
            Err(StepBlocked::Closed)
        );
    }
}
