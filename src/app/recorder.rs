//! The one recorder: what recording any regulation step does, read from the step table
//! (`pipeline::STAGES`): the gate from `requires`, every answer kept in `deal_steps`, the stage
//! moved, the deal's due items the step closes (all of them, whatever their time), the due date
//! its answer sets, the timeline entry, the document it produces, and the close path when the
//! step wins the deal. A step form's completion comes here first and goes to its special handler
//! only where its row's `StepForm` says the step is special.

use super::{Btn, Cb, Ctx, Kb, Out, Res};
use crate::dialogue::engine::Arg;
use crate::dialogue::{Answer, Answers, Skip};
use crate::documents::docx;
use crate::pipeline::timeline::Body;
use crate::pipeline::{
    can_record, ActivityKind, ApprovalState, DealStatus, Entry, Produces, ReminderKind, Requires,
    Stage, StepForm,
};
use crate::storage::{catalog, deals, flow};
use crate::tr;

/// What recording a step did, for the confirmation.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Recorded {
    /// The due date the step's answer set.
    pub due: Option<(ReminderKind, i64)>,
    pub won: bool,
}

/// Why the row's requirement does not hold yet: a locale key and its arguments.
pub(super) struct Unmet {
    pub key: String,
    pub args: Vec<(&'static str, Arg)>,
}

impl Ctx<'_> {
    /// A completed step form: recorded by the row, or by its special handler.
    pub(super) async fn complete_step(&mut self, deal_id: i64, stage: Stage, a: &Answers) -> Res {
        let Some(d) = deals::deal(&mut self.tx, deal_id).await? else {
            let text = self.t("deal-not-yours");
            self.send(text, Kb::None);
            return Ok(());
        };
        match stage.spec().form {
            StepForm::Contact | StepForm::Fields | StepForm::ContractDraft => {
                self.record_fields(&d, stage, a).await
            }
            StepForm::Meeting => match a.get("result") {
                Some(Answer::Choice(c)) if c == "moved" => self.meeting_moved(&d, a).await,
                _ => self.record_fields(&d, stage, a).await,
            },
            StepForm::Proposal => self.proposal_sent(&d, a).await,
            StepForm::ClientAnswer => self.client_answer(&d, a).await,
            StepForm::Terms => self.terms_recorded(&d, a).await,
            StepForm::Payment => self.payment(&d, a).await,
            StepForm::WorkStages => self.work_stages_requested(&d, a).await,
        }
    }

    /// A step whose answers are recorded as they are: the counted questions, the price-list
    /// floor of step 2, the due date the row names, and a confirmation with what was set.
    async fn record_fields(&mut self, d: &deals::Deal, stage: Stage, a: &Answers) -> Res {
        let fields = stage.spec().fields;
        let counted = fields.iter().filter(|f| f.skip == Skip::Counted).count();
        let skipped = fields
            .iter()
            .filter(|f| f.skip == Skip::Counted && matches!(a.get(f.key), Some(Answer::Skipped)))
            .count();
        let mut answers = a.clone();
        let mut notes = Vec::new();
        // step 2: the price-list lower bound the manager named is recorded as a fact, with its item
        if matches!(a.get("price_named"), Some(Answer::Yes)) {
            let floor = match d.direction_id {
                Some(dir) => catalog::lower_bound(&mut self.tx, dir).await?,
                None => None,
            };
            if let Some(p) = floor {
                answers.insert("price_named_kopecks".into(), Answer::Money(p.min_kopecks));
                // the deal's money until an amount is agreed, marked as an estimate in reports
                deals::set_estimate(&mut self.tx, d.id, p.min_kopecks).await?;
                answers.insert("price_item".into(), Answer::Text(p.item.clone()));
                let price = crate::domain::Money::from_kopecks(p.min_kopecks).to_string();
                notes.push(tr!(self.me.lang, "offer-price-recorded", price = price));
            }
        }
        let Some(rec) = self
            .record_stage(d, stage, &answers, None, skipped as i64)
            .await?
        else {
            return Ok(());
        };
        if counted > 0 {
            notes.push(tr!(
                self.me.lang,
                "needs-saved",
                answered = counted - skipped,
                total = counted
            ));
        }
        match rec.due {
            Some((ReminderKind::Meeting, when)) => notes.push(tr!(
                self.me.lang,
                "meeting-arranged",
                at = self.fmt_time(when),
                place = crate::pipeline::fields::text(a, "place").unwrap_or_default()
            )),
            Some((ReminderKind::Callback, when)) => {
                notes.push(tr!(self.me.lang, "callback-set", at = self.fmt_time(when)))
            }
            Some((kind, due)) => notes.push(tr!(
                self.me.lang,
                "due-set",
                kind = self.t(&format!("reminder-{}", kind.code())),
                at = self.fmt_time(due)
            )),
            None => {}
        }
        let mut text = tr!(
            self.me.lang,
            "step-recorded",
            id = d.id,
            stage = self.stage_name(stage)
        );
        for n in notes {
            text.push('\n');
            text.push_str(&n);
        }
        let kb = self.after_step_kb(d.id, stage);
        self.send(text, kb);
        Ok(())
    }

    /// Whether the row's requirement holds for recording `stage` on the deal now.
    pub(super) async fn requirement(
        &mut self,
        d: &deals::Deal,
        stage: Stage,
    ) -> Res<Result<(), Unmet>> {
        match stage.spec().requires {
            Requires::Previous => Ok(Ok(())),
            Requires::MeetingTime => match self.open_meeting(d.id).await? {
                Some(r) if r.due_at > self.now.ts => Ok(Err(Unmet {
                    key: "err-meeting-not-yet".into(),
                    args: vec![("at", Arg::Str(self.fmt_time(r.due_at)))],
                })),
                _ => Ok(Ok(())),
            },
            Requires::Approval(kinds) => {
                let latest = flow::latest_approval_of(&mut self.tx, d.id, kinds).await?;
                match latest.map(|a| a.state) {
                    Some(ApprovalState::Approved) => Ok(Ok(())),
                    _ => Ok(Err(Unmet {
                        // the first kind names the decision (the contract: reviewed or drafted)
                        key: format!("needs-approval-{}", kinds[0].code()),
                        args: vec![],
                    })),
                }
            }
            Requires::TermsComplete => {
                let terms = self.step_answers(d.id, Stage::Terms).await?;
                match super::terms::terms_gap(&terms) {
                    None => Ok(Ok(())),
                    Some(key) => Ok(Err(Unmet {
                        key: "terms-incomplete".into(),
                        args: vec![("field", Arg::Str(self.t(&format!("label-terms-{key}"))))],
                    })),
                }
            }
        }
    }

    /// The gate of every step: the regulation's order and the row's requirement. A refusal is
    /// said to the user with a button back to the deal.
    async fn gate(&mut self, d: &deals::Deal, stage: Stage) -> Res<bool> {
        let unmet = match can_record(d.stage, d.status, stage) {
            Err(e) => {
                tracing::info!(deal_id = d.id, ?e, "step no longer applies");
                Unmet {
                    key: "step-moved-meanwhile".into(),
                    args: vec![("stage", Arg::Str(self.stage_name(d.stage)))],
                }
            }
            Ok(()) => match self.requirement(d, stage).await? {
                Ok(()) => return Ok(true),
                Err(u) => u,
            },
        };
        let text = crate::i18n::tr_args(self.me.lang, &unmet.key, &unmet.args);
        let kb = Kb::Inline(vec![vec![Btn::new(
            self.t("btn-open-deal"),
            Cb::Deal(d.id),
        )]]);
        self.send(text, kb);
        Ok(false)
    }

    /// Records `stage` on the deal, or, when the gate refuses (the deal moved on meanwhile, or
    /// the row's requirement does not hold), says so and records nothing. `body` replaces the
    /// row's timeline entry where the path chosen words it differently (the lawyer's contract).
    pub(super) async fn record_stage(
        &mut self,
        deal: &deals::Deal,
        stage: Stage,
        answers: &Answers,
        body: Option<Body>,
        skipped: i64,
    ) -> Res<Option<Recorded>> {
        if !self.gate(deal, stage).await? {
            return Ok(None);
        }
        let spec = stage.spec();
        let data = serde_json::to_value(answers).map_err(|e| {
            super::AppError::Unreadable(format!("answers of step {}: {e}", stage.code()))
        })?;
        deals::insert_step(
            &mut self.tx,
            deal.id,
            stage.code(),
            &data,
            skipped,
            self.me.user.id,
            self.now.ts,
        )
        .await?;
        deals::set_stage(&mut self.tx, deal.id, stage.code(), self.now.ts).await?;
        deals::close_reminders_of(&mut self.tx, deal.id, spec.closes, "done", self.now.ts).await?;
        let body = body.unwrap_or_else(|| entry(stage, answers));
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
        self.produce(deal, stage).await?;
        if stage.wins() {
            deals::close_deal(&mut self.tx, deal.id, DealStatus::Won, self.now.ts).await?;
            self.note(deal.id, ActivityKind::Won, stage, "", None, None)
                .await?;
            tracing::info!(deal_id = deal.id, "deal won");
            rec.won = true;
        }
        tracing::info!(deal_id = deal.id, stage = stage.code(), "step recorded");
        Ok(Some(rec))
    }

    /// The document the row says the step produces, filled from the direction's template and
    /// kept on the timeline (and sent to the user). The contract is filled when it is drafted,
    /// before the lawyer's approval records step 10, so here it is already kept.
    async fn produce(&mut self, d: &deals::Deal, stage: Stage) -> Res {
        let (template, file_key, caption_key, line) = match stage.spec().produces {
            Produces::Nothing | Produces::Contract => return Ok(()),
            Produces::Invoice => (
                "invoice_template",
                "file-invoice",
                "invoice-generated",
                "tl-invoice-generated",
            ),
        };
        let Some(dir) = d.direction_id else {
            return Ok(());
        };
        let Some((_, bytes)) = flow::template(&mut self.tx, template, dir).await? else {
            return Ok(());
        };
        let values = self.template_values(d.id).await?;
        let filled = match docx::fill(&bytes, &values) {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(deal_id = d.id, error = %e, "template not filled");
                return Ok(());
            }
        };
        let file_name = tr!(self.me.lang, file_key, id = d.id);
        let kind = template.trim_end_matches("_template");
        self.keep_generated(d, stage, kind, &file_name, &filled, Body::line(line))
            .await?;
        let caption = tr!(self.me.lang, caption_key, id = d.id);
        self.out.msgs.push(Out::Upload {
            chat: self.chat,
            file_name,
            bytes: filled,
            caption,
        });
        Ok(())
    }
}

/// The row's timeline entry for a recorded step.
pub(super) fn entry(stage: Stage, answers: &Answers) -> Body {
    match stage.spec().timeline {
        Entry::Line(key) => Body::line(key),
        Entry::Typed => typed_body(stage.code(), stage.spec().fields, answers),
    }
}

/// The typed answers of a form, each under its label's key `label-<code>-<field>`.
pub(super) fn typed_body(code: &str, fields: &[crate::dialogue::Field], a: &Answers) -> Body {
    crate::pipeline::answers::typed_body(code, fields, a)
}
