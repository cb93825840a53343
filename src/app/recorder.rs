//! The one recorder: what recording any regulation step does, read from the step table
//! (`pipeline::STAGES`): the answers kept in `deal_steps`, the stage moved, the deal's due items
//! the step closes (all of them, whatever their time), the due date its answer sets, the timeline
//! entry, and the close path when the step wins the deal.

use super::{Btn, Cb, Kb, Res, Turn};
use crate::dialogue::{Answer, Answers};
use crate::pipeline::timeline::Body;
use crate::pipeline::{can_record, ActivityKind, DealStatus, ReminderKind, Stage};
use crate::storage::deals;
use crate::tr;

/// What recording a step did, for the confirmation.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Recorded {
    /// The due date the step's answer set.
    pub due: Option<(ReminderKind, i64)>,
    pub won: bool,
}

impl Turn<'_> {
    /// Records `stage` on the deal, or, when the deal has moved on meanwhile (another device, a
    /// head), says so and records nothing.
    pub(super) async fn record_stage(
        &mut self,
        deal: &deals::Deal,
        stage: Stage,
        answers: &Answers,
        body: Body,
        skipped: i64,
    ) -> Res<Option<Recorded>> {
        if let Err(e) = can_record(deal.stage, deal.status, stage) {
            tracing::info!(deal_id = deal.id, ?e, "step no longer applies");
            let text = tr!(
                self.lang,
                "step-moved-meanwhile",
                stage = self.stage_name(deal.stage)
            );
            let kb = Kb::Inline(vec![vec![Btn::new(
                self.t("btn-open-deal"),
                Cb::Deal(deal.id),
            )]]);
            self.send(text, kb);
            return Ok(None);
        }
        let spec = stage.spec();
        let data = serde_json::to_value(answers).unwrap_or_default();
        deals::insert_step(
            &mut self.tx,
            deal.id,
            stage.code(),
            &data,
            skipped,
            self.user.id,
            self.ts,
        )
        .await?;
        deals::set_stage(&mut self.tx, deal.id, stage.code(), self.ts).await?;
        for kind in spec.closes {
            deals::close_reminders(&mut self.tx, deal.id, *kind, "done", self.ts).await?;
        }
        self.note(
            deal.id,
            ActivityKind::Stage,
            stage,
            &body.encode(),
            None,
            None,
        )
        .await?;
        let mut rec = Recorded::default();
        if let Some(due) = spec.due {
            if let Some(Answer::At(at)) = answers.get(due.field) {
                let note = match due.note.and_then(|k| answers.get(k)) {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                self.reminder(deal.id, deal.manager_id, due.kind, *at, &note)
                    .await?;
                rec.due = Some((due.kind, *at));
            }
        }
        if stage.wins() {
            deals::close_deal(&mut self.tx, deal.id, DealStatus::Won, self.ts).await?;
            self.note(deal.id, ActivityKind::Won, stage, "", None, None)
                .await?;
            tracing::info!(deal_id = deal.id, "deal won");
            rec.won = true;
        }
        tracing::info!(deal_id = deal.id, stage = stage.code(), "step recorded");
        Ok(Some(rec))
    }

    /// The typed answers of a step form, each under its label's key: the step's timeline entry.
    pub(super) fn fields_body(form_code: &str, keys: &[&str], answers: &Answers) -> Body {
        Body::Fields(
            keys.iter()
                .filter_map(|k| match answers.get(*k) {
                    Some(Answer::Text(t)) => Some((format!("label-{form_code}-{k}"), t.clone())),
                    _ => None,
                })
                .collect(),
        )
    }
}
