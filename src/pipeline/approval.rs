//! What a request for a decision carries, one struct per kind, stored as JSON in
//! `approvals.payload` and read strictly: a payload that does not read as its kind's struct is
//! an error to log and apologise for, never a default.

use serde::{Deserialize, Serialize};

use super::fields::Answers;
use super::ApprovalKind;

/// Step 5: the manager's draft for the head.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalPayload {
    /// The head the manager prepares it with; none when any head may decide.
    pub decider_user: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
    /// Kopecks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
}

/// Step 7: the changes the client asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentPayload {
    pub changes: String,
    /// The new amount in kopecks, when it changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// The deal's amount when the change was asked: approving it changes the deal's, so the
    /// card reads «было» from here. Requests made before it was kept have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_before: Option<i64>,
}

/// Step 10: the contract, filled from the template (review) or drafted by the lawyer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractPayload {
    pub draft_started: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_finished: Option<i64>,
    /// Whether the contract was filled from the direction's template.
    pub template: bool,
    /// The terms the contract is drawn from: after a return, the lawyer sees what changed.
    pub terms: Answers,
    /// The filled file, kept in `documents`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The lawyer's own file, once uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
}

/// The work stages as the form answered them: (name, due day as unix seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageList {
    pub stages: Vec<(String, i64)>,
}

/// Step 17: the work stages for the head of direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkStagesPayload {
    pub stages: StageList,
}

/// A request's payload, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Proposal(ProposalPayload),
    Adjustment(AdjustmentPayload),
    ContractReview(ContractPayload),
    ContractDraft(ContractPayload),
    WorkStages(WorkStagesPayload),
}

impl Payload {
    pub fn kind(&self) -> ApprovalKind {
        match self {
            Payload::Proposal(_) => ApprovalKind::Proposal,
            Payload::Adjustment(_) => ApprovalKind::Adjustment,
            Payload::ContractReview(_) => ApprovalKind::ContractReview,
            Payload::ContractDraft(_) => ApprovalKind::ContractDraft,
            Payload::WorkStages(_) => ApprovalKind::WorkStages,
        }
    }

    /// The JSON stored in `approvals.payload`.
    pub fn to_json(&self) -> String {
        let v = match self {
            Payload::Proposal(p) => serde_json::to_string(p),
            Payload::Adjustment(p) => serde_json::to_string(p),
            Payload::ContractReview(p) | Payload::ContractDraft(p) => serde_json::to_string(p),
            Payload::WorkStages(p) => serde_json::to_string(p),
        };
        // plain structs of strings and numbers: serialising cannot fail
        v.unwrap_or_default()
    }

    /// Reads a stored payload as its kind's struct, strictly.
    pub fn read(kind: ApprovalKind, json: &str) -> Result<Payload, serde_json::Error> {
        Ok(match kind {
            ApprovalKind::Proposal => Payload::Proposal(serde_json::from_str(json)?),
            ApprovalKind::Adjustment => Payload::Adjustment(serde_json::from_str(json)?),
            ApprovalKind::ContractReview => Payload::ContractReview(serde_json::from_str(json)?),
            ApprovalKind::ContractDraft => Payload::ContractDraft(serde_json::from_str(json)?),
            ApprovalKind::WorkStages => Payload::WorkStages(serde_json::from_str(json)?),
        })
    }

    /// A file to send the decider with the card: the draft's file or voice, the lawyer's file.
    pub fn file_id(&self) -> Option<&str> {
        match self {
            Payload::Proposal(p) => p.file_id.as_deref(),
            Payload::ContractReview(p) | Payload::ContractDraft(p) => p.file_id.as_deref(),
            Payload::Adjustment(_) | Payload::WorkStages(_) => None,
        }
    }

    pub fn contract(&self) -> Option<&ContractPayload> {
        match self {
            Payload::ContractReview(p) | Payload::ContractDraft(p) => Some(p),
            Payload::Proposal(_) | Payload::Adjustment(_) | Payload::WorkStages(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_written_before_keep_reading_and_a_missing_field_is_an_error() {
        // as the bot wrote them before the payloads were typed
        let old = [
            (
                ApprovalKind::Proposal,
                r#"{"decider_user":null,"text":"КП","amount":150000000}"#,
            ),
            (ApprovalKind::Adjustment, r#"{"changes":"скидка 5%"}"#),
            (
                ApprovalKind::Adjustment,
                r#"{"changes":"скидка 10%","amount":135000000,"amount_before":150000000}"#,
            ),
            (
                ApprovalKind::ContractReview,
                r#"{"file_name":"Договор.docx","draft_started":1,"draft_finished":2,"template":true,"terms":{"inn":{"text":"7707083893"}},"document":3}"#,
            ),
            (
                ApprovalKind::ContractDraft,
                r#"{"draft_started":1,"template":false,"terms":{}}"#,
            ),
            (
                ApprovalKind::WorkStages,
                r#"{"stages":{"stages":[["Дизайн",1767225600]]}}"#,
            ),
        ];
        for (kind, json) in old {
            let p = Payload::read(kind, json).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert_eq!(p.kind(), kind);
            assert_eq!(Payload::read(kind, &p.to_json()).unwrap(), p);
        }
        assert!(Payload::read(ApprovalKind::Adjustment, "{}").is_err());
        assert!(Payload::read(ApprovalKind::ContractDraft, r#"{"template":false}"#).is_err());
        assert!(Payload::read(ApprovalKind::WorkStages, r#"{"stages":null}"#).is_err());
        assert!(Payload::read(ApprovalKind::Proposal, "not json").is_err());
    }
}
