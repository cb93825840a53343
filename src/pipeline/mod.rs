//! The regulation as data: the stages a deal walks, in order, and the rules between them.
//! Stage codes are stable identifiers: stored in the database, used in reports, never translated.

pub mod timeline;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    FirstContact,
    Needs,
    Offer,
    Application,
    Meeting,
    Proposal,
    Negotiation,
    Terms,
    TermsConfirmed,
    ContractDraft,
    ContractSent,
    ContractCall,
    ContractDiscussion,
    Signing,
    Invoice,
    Payment,
    Work,
}

/// A due date a step's form can set: the answer that holds the time, and the kind of due item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueFrom {
    pub field: &'static str,
    pub kind: ReminderKind,
    /// The answer kept as the due item's note (the meeting's place).
    pub note: Option<&'static str>,
}

/// What must hold before a step may be recorded, beyond the step before it being done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requires {
    /// Only the previous step.
    Previous,
    /// The arranged meeting's time has come: a meeting cannot be held before it starts.
    MeetingTime,
    /// A decision of this kind was approved (the proposal by a head, the contract by the lawyer).
    Approval(&'static str),
}

/// A document a step produces and keeps on the deal's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Produces {
    Nothing,
    /// Filled from the direction's contract template, or uploaded by the lawyer.
    Contract,
    /// Filled from the direction's invoice template, where there is one.
    Invoice,
}

/// One row of the regulation: the stage, its step number, what it needs, what it sets and closes.
/// The one recorder (`app`'s `record_stage`) reads every column; adding a step is adding a row.
#[derive(Debug, Clone, Copy)]
pub struct StageSpec {
    pub stage: Stage,
    pub code: &'static str,
    /// The step number in the regulation (0 is the preamble: the first contact).
    pub step: u8,
    pub requires: Requires,
    /// The due date the step's form may set.
    pub due: Option<DueFrom>,
    /// Due items of the deal closed when the step is recorded, whatever their time: what they
    /// pointed at has happened (a call-back is closed by the next step's contact).
    pub closes: &'static [ReminderKind],
    pub produces: Produces,
}

use ReminderKind as R;

const fn spec(stage: Stage, code: &'static str, step: u8) -> StageSpec {
    StageSpec {
        stage,
        code,
        step,
        requires: Requires::Previous,
        due: None,
        closes: &[R::Callback],
        produces: Produces::Nothing,
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
pub const STAGES: [StageSpec; 17] = [
    StageSpec {
        closes: &[],
        ..spec(Stage::FirstContact, "first_contact", 0)
    },
    StageSpec {
        due: due("callback", R::Callback),
        ..spec(Stage::Needs, "needs", 1)
    },
    StageSpec {
        due: due("callback", R::Callback),
        ..spec(Stage::Offer, "offer", 2)
    },
    StageSpec {
        due: Some(DueFrom {
            field: "meeting_at",
            kind: R::Meeting,
            note: Some("place"),
        }),
        ..spec(Stage::Application, "application", 3)
    },
    StageSpec {
        requires: Requires::MeetingTime,
        closes: &[R::Callback, R::Meeting],
        ..spec(Stage::Meeting, "meeting", 4)
    },
    StageSpec {
        requires: Requires::Approval("proposal"),
        due: due("callback", R::Callback),
        ..spec(Stage::Proposal, "proposal", 5)
    },
    spec(Stage::Negotiation, "negotiation", 7),
    spec(Stage::Terms, "terms", 8),
    spec(Stage::TermsConfirmed, "terms_confirmed", 9),
    StageSpec {
        requires: Requires::Approval("contract"),
        produces: Produces::Contract,
        ..spec(Stage::ContractDraft, "contract_draft", 10)
    },
    StageSpec {
        due: due("callback", R::Callback),
        ..spec(Stage::ContractSent, "contract_sent", 11)
    },
    StageSpec {
        due: due("discuss_at", R::ContractDiscussion),
        ..spec(Stage::ContractCall, "contract_call", 12)
    },
    StageSpec {
        due: due("signing_at", R::Signing),
        closes: &[R::Callback, R::ContractDiscussion],
        ..spec(Stage::ContractDiscussion, "contract_discussion", 13)
    },
    StageSpec {
        closes: &[R::Callback, R::Signing],
        ..spec(Stage::Signing, "signing", 14)
    },
    StageSpec {
        due: due("pay_by", R::PaymentCheck),
        produces: Produces::Invoice,
        ..spec(Stage::Invoice, "invoice", 15)
    },
    StageSpec {
        closes: &[R::Callback, R::PaymentCheck],
        ..spec(Stage::Payment, "payment", 16)
    },
    // the last step wins the deal: the close path cancels everything still open
    StageSpec {
        requires: Requires::Approval("work_stages"),
        closes: &ReminderKind::ALL,
        ..spec(Stage::Work, "work", 17)
    },
];

impl Stage {
    fn index(self) -> usize {
        STAGES
            .iter()
            .position(|s| s.stage == self)
            .expect("every stage is in the table")
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
        STAGES.iter().find(|s| s.code == code).map(|s| s.stage)
    }

    /// Whether recording this step ends the deal as won.
    pub fn wins(self) -> bool {
        self.next().is_none()
    }

    /// The stage that follows this one in the regulation.
    pub fn next(self) -> Option<Stage> {
        STAGES.get(self.index() + 1).map(|s| s.stage)
    }
}

/// A stored code that names nothing we know: a bug or a foreign write, logged and answered with
/// an apology, never read as a default.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} code «{code}» in the database")]
pub struct UnknownCode {
    pub what: &'static str,
    pub code: String,
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
        let steps: Vec<u8> = STAGES.iter().map(|s| s.step).collect();
        assert_eq!(
            steps,
            vec![0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
        );
        for w in STAGES.windows(2) {
            assert!(w[0].stage < w[1].stage);
            assert_eq!(w[0].stage.next(), Some(w[1].stage));
        }
        assert_eq!(Stage::Work.next(), None);
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in STAGES {
            assert_eq!(Stage::from_code(s.code), Some(s.stage));
            assert_eq!(
                serde_json::to_string(&s.stage).unwrap(),
                format!("\"{}\"", s.code)
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
