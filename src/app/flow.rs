//! The regulation's second half in chat: the proposal prepared with a head (5), the client's
//! answer and bargaining (7), refusal from any stage (6), the deal's parameters (8) and their
//! confirmation (9), the contract from a template or by the lawyer (10), sending, calling,
//! discussing and signing it (11–14), the invoice (15), payments (16) and the work stages (17).

use std::collections::BTreeMap;

use chrono::DateTime;

use super::recorder::Recorded;
use super::{AppError, Btn, Cb, Ctx, Kb, Out, Res};
use crate::dialogue::{Answer, Answers, FormKind};
use crate::documents::docx;
use crate::domain::{Money, Role};
use crate::pipeline::approval::{
    AdjustmentPayload, ContractPayload, Payload, ProposalPayload, StageList, WorkStagesPayload,
};
use crate::pipeline::fields::text;
use crate::pipeline::timeline::Body;
use crate::pipeline::{
    ActivityKind, ApprovalKind, ApprovalState, DealStatus, Requires, Stage, StepForm,
};
use crate::storage::{deals, flow, users};
use crate::tr;

/// A timeline file id that points at a document kept in `documents`, not at Telegram.
pub(super) const KEPT_PREFIX: &str = "doc:";

impl Ctx<'_> {
    /// The latest answers recorded for a step on a deal.
    pub(super) async fn step_answers(&mut self, deal_id: i64, stage: Stage) -> Res<Answers> {
        match deals::step(&mut self.tx, deal_id, stage.code()).await? {
            None => Ok(Answers::default()),
            // a record that does not read back is a bug to surface, never an empty step
            Some(s) => serde_json::from_str::<Answers>(&s.data).map_err(|e| {
                AppError::Unreadable(format!("step {} of deal {deal_id}: {e}", stage.code()))
            }),
        }
    }

    pub(super) async fn note(
        &mut self,
        deal_id: i64,
        kind: ActivityKind,
        stage: Stage,
        body: &str,
        file_id: Option<&str>,
        file_name: Option<&str>,
    ) -> Res {
        deals::add_activity(
            &mut self.tx,
            &deals::NewActivity {
                deal_id,
                author_id: Some(self.me.user.id),
                kind: kind.code(),
                stage: stage.code(),
                body,
                file_id,
                file_name,
                duration_secs: None,
            },
            self.now.ts,
        )
        .await?;
        Ok(())
    }

    /// A message to another team member, in their language.
    pub(super) fn tell(&mut self, to: &users::User, text: String, kb: Kb) {
        self.out.msgs.push(Out::Send {
            chat: to.tg_id,
            text,
            kb,
        });
    }

    /// «Шаг …» on a deal: where the step's row says it is special, which form (or action)
    /// records it now; false where the row's own form is simply asked.
    pub(super) async fn second_half_step(&mut self, deal_id: i64, target: Stage) -> Res<bool> {
        match target.spec().form {
            StepForm::Proposal => {
                let latest =
                    flow::latest_approval(&mut self.tx, deal_id, ApprovalKind::Proposal).await?;
                match latest.map(|a| a.state) {
                    Some(ApprovalState::Pending) => {
                        let text = self.t("proposal-pending");
                        self.toast(text, true);
                    }
                    Some(ApprovalState::Approved) => {
                        let form = FormKind::Step {
                            deal_id,
                            stage: target,
                        };
                        self.start_form(form).await?
                    }
                    Some(ApprovalState::Returned) | None => {
                        self.start_form(FormKind::ProposalDraft { deal_id }).await?
                    }
                }
                Ok(true)
            }
            StepForm::ClientAnswer => {
                self.pending_request(deal_id, &[ApprovalKind::Adjustment], "adjustment-pending")
                    .await
            }
            StepForm::ContractDraft => {
                self.draft_contract(deal_id).await?;
                Ok(true)
            }
            StepForm::WorkStages => {
                self.pending_request(deal_id, &[ApprovalKind::WorkStages], "work-pending")
                    .await
            }
            StepForm::Contact
            | StepForm::Fields
            | StepForm::Meeting
            | StepForm::Terms
            | StepForm::Payment => Ok(false),
        }
    }

    /// Tells the requester who decides (`key` names them) and sends each decider the card.
    async fn send_to_deciders(
        &mut self,
        approval_id: i64,
        deciders: &[users::User],
        key: &str,
    ) -> Res {
        let names: Vec<String> = deciders.iter().map(|h| h.name.clone()).collect();
        let text = tr!(self.me.lang, key, heads = names.join(", "));
        self.send(text, Kb::None);
        for h in deciders {
            self.send_card(approval_id, h).await?;
        }
        Ok(())
    }

    /// Whether a request of one of these kinds waits for a decision on the deal; if so, says
    /// so with `key`.
    async fn pending_request(
        &mut self,
        deal_id: i64,
        kinds: &[ApprovalKind],
        key: &str,
    ) -> Res<bool> {
        for kind in kinds {
            if flow::latest_approval(&mut self.tx, deal_id, *kind)
                .await?
                .is_some_and(|a| a.state == ApprovalState::Pending)
            {
                let text = self.t(key);
                self.toast(text, true);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Step 10: fill the direction's template and send it to the lawyer, or ask the lawyer to draft.
    async fn draft_contract(&mut self, deal_id: i64) -> Res {
        let Some(d) = self.visible_deal(deal_id).await? else {
            return Ok(());
        };
        if !self.step_ok(&d, Stage::ContractDraft).await? {
            return Ok(());
        }
        if self
            .pending_request(
                deal_id,
                &[ApprovalKind::ContractReview, ApprovalKind::ContractDraft],
                "contract-at-lawyer",
            )
            .await?
        {
            return Ok(());
        }
        let lawyers: Vec<users::User> = users::list_active(&mut self.tx)
            .await?
            .into_iter()
            .filter(|u| u.role == Role::Lawyer)
            .collect();
        if lawyers.is_empty() {
            let text = self.t("no-lawyer");
            self.send(text, Kb::None);
            return Ok(());
        }
        if !self.terms_ready(deal_id).await? {
            return Ok(());
        }
        // the terms the contract is drawn from travel with the request: after a return, the
        // lawyer sees what the manager changed
        let terms = self.step_answers(deal_id, Stage::Terms).await?;
        let template = match d.direction_id {
            Some(dir) => flow::template(&mut self.tx, "contract_template", dir).await?,
            None => None,
        };
        let started = self.now.ts;
        match template {
            Some((_, bytes)) => {
                let values = self.template_values(deal_id).await?;
                let filled = match docx::fill(&bytes, &values) {
                    Ok(f) => f,
                    Err(e) => {
                        tracing::warn!(deal_id, error = %e, "stored template could not be filled");
                        let text = self.t("template-broken");
                        self.send(text, Kb::None);
                        return Ok(());
                    }
                };
                let file_name = tr!(self.me.lang, "file-contract", id = deal_id);
                let doc = self
                    .keep_generated(
                        &d,
                        d.stage,
                        "contract",
                        &file_name,
                        &filled,
                        Body::line("tl-contract-generated"),
                    )
                    .await?;
                let payload = Payload::ContractReview(ContractPayload {
                    draft_started: started,
                    draft_finished: Some(self.now.ts),
                    template: true,
                    terms,
                    document: Some(doc),
                    file_name: Some(file_name.clone()),
                    file_id: None,
                });
                let id = flow::add_approval(
                    &mut self.tx,
                    deal_id,
                    self.me.user.id,
                    "lawyer",
                    &payload,
                    self.now.ts,
                )
                .await?;

                let caption = tr!(self.me.lang, "contract-generated", id = deal_id);
                self.out.msgs.push(Out::Upload {
                    chat: self.chat,
                    file_name: file_name.clone(),
                    bytes: filled.clone(),
                    caption,
                });
                for l in &lawyers {
                    let (text, kb) = self.approval_card(id, l).await?;
                    self.out.msgs.push(Out::Upload {
                        chat: l.tg_id,
                        file_name: file_name.clone(),
                        bytes: filled.clone(),
                        caption: String::new(),
                    });
                    self.tell(l, text, kb);
                }
            }
            None => {
                let payload = Payload::ContractDraft(ContractPayload {
                    draft_started: started,
                    draft_finished: None,
                    template: false,
                    terms,
                    document: None,
                    file_name: None,
                    file_id: None,
                });
                let id = flow::add_approval(
                    &mut self.tx,
                    deal_id,
                    self.me.user.id,
                    "lawyer",
                    &payload,
                    self.now.ts,
                )
                .await?;
                let text = self.t("contract-asked-lawyer");
                self.send(text, Kb::None);
                for l in &lawyers {
                    let (text, kb) = self.approval_card(id, l).await?;
                    self.tell(l, text, kb);
                }
            }
        }
        Ok(())
    }

    /// The regulation's order, explained when broken.
    async fn step_ok(&mut self, d: &deals::Deal, target: Stage) -> Res<bool> {
        let current = d.stage;
        let status = d.status;
        if !self.can_work(d) {
            let text = self.t("deal-not-yours");
            self.toast(text, true);
            return Ok(false);
        }
        match crate::pipeline::can_record(current, status, target) {
            Ok(()) => Ok(true),
            Err(_) => {
                let text = tr!(
                    self.me.lang,
                    "step-moved-meanwhile",
                    stage = self.stage_name(current)
                );
                self.toast(text, true);
                Ok(false)
            }
        }
    }

    /// Values for a template's placeholders, from the deal.
    pub(super) async fn template_values(&mut self, deal_id: i64) -> Res<BTreeMap<String, String>> {
        let d = deals::deal(&mut self.tx, deal_id).await?;
        let t = self.step_answers(deal_id, Stage::Terms).await?;
        let inv = self.step_answers(deal_id, Stage::Invoice).await?;
        let mut v = BTreeMap::new();
        let mut put = |k: &str, s: String| {
            v.insert(k.to_owned(), s);
        };
        if let Some(d) = &d {
            put(
                "client.name",
                text(&t, "legal_name").unwrap_or(&d.client_name).to_owned(),
            );
            put("contact.name", d.contact_name.clone());
            put("contact.position", d.contact_position.clone());
            put("deal.number", d.id.to_string());
            put("manager.name", d.manager_name.clone());
            if let Some(a) = d.amount_kopecks {
                put("deal.amount", Money::from_kopecks(a).to_string());
            }
        }
        for (key, field) in [
            ("client.inn", "inn"),
            ("client.kpp", "kpp"),
            ("client.ogrn", "ogrn"),
            ("client.address", "address"),
            ("client.bik", "bik"),
            ("client.account", "account"),
            ("client.location", "location"),
            ("deal.subject", "subject"),
            ("deal.deadlines", "deadlines"),
            ("deal.stages", "stages"),
            ("deal.executor", "executor"),
        ] {
            put(key, text(&t, field).unwrap_or("").to_owned());
        }
        put(
            "today",
            self.now
                .at
                .with_timezone(&self.me.tz)
                .format("%d.%m.%Y")
                .to_string(),
        );
        if let Some(n) = text(&inv, "number") {
            put("invoice.number", n.to_owned());
        }
        if let Some(Answer::Money(k)) = inv.get("amount") {
            put("invoice.amount", Money::from_kopecks(*k).to_string());
        }
        if let Some(Answer::At(ts)) = inv.get("date") {
            let day = DateTime::from_timestamp(*ts, 0)
                .map(|t| t.with_timezone(&self.me.tz).format("%d.%m.%Y").to_string());
            put("invoice.date", day.unwrap_or_default());
        }
        Ok(v)
    }

    /// What is still owed on a deal: the invoice's amount (or the deal's) less payments.
    pub(super) async fn owed(&mut self, deal_id: i64) -> Res<(i64, i64)> {
        let inv = self.step_answers(deal_id, Stage::Invoice).await?;
        let total = match inv.get("amount") {
            Some(Answer::Money(k)) => *k,
            _ => deals::deal(&mut self.tx, deal_id)
                .await?
                .and_then(|d| d.amount_kopecks)
                .unwrap_or(0),
        };
        let paid = flow::paid_total(&mut self.tx, deal_id).await?;
        Ok((total, paid))
    }

    /// Completes the second-half forms that are not a step's own: the draft for the head,
    /// the refusal, a corrected term, and the decision forms.
    pub(super) async fn complete_flow_form(&mut self, kind: FormKind, a: &Answers) -> Res {
        let Some(deal_id) = kind.deal_id() else {
            return self.complete_decision_form(kind, a).await;
        };
        let Some(d) = deals::deal(&mut self.tx, deal_id).await? else {
            return Ok(());
        };
        match kind {
            FormKind::ProposalDraft { .. } => self.proposal_drafted(&d, a).await,
            FormKind::Refusal { .. } => self.refusal(&d, a).await,
            FormKind::EditTerm { field, .. } => self.edit_term(&d, field, a).await,
            _ => Ok(()),
        }
    }

    async fn proposal_drafted(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        let decider = match a.get("decider") {
            Some(Answer::Id(id)) => users::by_id(&mut self.tx, *id).await?,
            _ => None,
        };
        let mut payload = ProposalPayload {
            decider_user: decider.as_ref().map(|u| u.id),
            ..ProposalPayload::default()
        };
        let (mut file_id, mut file_name) = (None, None);
        match a.get("draft") {
            Some(Answer::Text(t)) => payload.text = Some(t.clone()),
            Some(Answer::File {
                file_id: f, name, ..
            }) => {
                payload.file_id = Some(f.clone());
                payload.file_name = Some(name.clone());
                (file_id, file_name) = (Some(f.clone()), Some(name.clone()));
            }
            Some(Answer::Voice {
                file_id: f,
                transcript,
                ..
            }) => {
                payload.voice_id = Some(f.clone());
                payload.text = transcript.clone();
                file_id = Some(f.clone());
            }
            _ => {}
        }
        if let Some(Answer::Money(k)) = a.get("amount") {
            payload.amount = Some(*k);
        }
        let heads = match decider {
            Some(u) => vec![u],
            None => self.other_heads(d.direction_id).await?,
        };
        let payload = Payload::Proposal(payload);
        let Some(id) = self.request_heads(&payload, d.id, &heads).await? else {
            return Ok(());
        };
        // the draft's file goes on the timeline with its entry, so the history gives it back
        self.note(
            d.id,
            ActivityKind::Document,
            d.stage,
            &Body::line("tl-proposal-requested").encode(),
            file_id.as_deref(),
            file_name.as_deref(),
        )
        .await?;
        self.send_to_deciders(id, &heads, "proposal-requested")
            .await
    }

    /// Step 5 recorded: the approved proposal went to the client (its file kept on the timeline).
    pub(super) async fn proposal_sent(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        let Some(rec) = self.record_stage(d, Stage::Proposal, a, None, 0).await? else {
            return Ok(());
        };
        if let Some(Answer::File { file_id, name, .. }) = a.get("file") {
            self.note(
                d.id,
                ActivityKind::Document,
                Stage::Proposal,
                "",
                Some(file_id),
                Some(name),
            )
            .await?;
        }
        self.finish_step(d.id, Stage::Proposal, rec);
        Ok(())
    }

    /// Step 7: accepted is the step; bargaining goes to the head who prepared the proposal;
    /// refused is step 6.
    pub(super) async fn client_answer(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        match a.get("answer") {
            Some(Answer::Choice(c)) if c == "accepted" => {
                if let Some(rec) = self.record_stage(d, Stage::Negotiation, a, None, 0).await? {
                    self.finish_step(d.id, Stage::Negotiation, rec);
                }
                Ok(())
            }
            Some(Answer::Choice(c)) if c == "bargaining" => {
                let payload = Payload::Adjustment(AdjustmentPayload {
                    changes: text(a, "changes").unwrap_or("").to_owned(),
                    amount: match a.get("amount") {
                        Some(Answer::Money(k)) => Some(*k),
                        _ => None,
                    },
                    amount_before: d.amount_kopecks,
                });
                // the head who prepared the proposal decides the bargaining too
                let proposal_head =
                    match flow::latest_approval(&mut self.tx, d.id, ApprovalKind::Proposal)
                        .await?
                        .and_then(|p| p.decided_by)
                        .filter(|h| *h != self.me.user.id)
                    {
                        Some(h) => users::by_id(&mut self.tx, h).await?.filter(|u| u.active),
                        None => None,
                    };
                let heads = match proposal_head {
                    Some(h) => vec![h],
                    None => self.other_heads(d.direction_id).await?,
                };
                let Some(id) = self.request_heads(&payload, d.id, &heads).await? else {
                    return Ok(());
                };
                self.send_to_deciders(id, &heads, "adjustment-requested")
                    .await
            }
            _ => self.start_form(FormKind::Refusal { deal_id: d.id }).await,
        }
    }

    /// Step 6 from any stage: the deal is lost, with the reason and who refused.
    async fn refusal(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        let deal_id = d.id;
        let (name, position) = match a.get("who") {
            Some(Answer::Id(cid)) => match flow::contact(&mut self.tx, *cid).await? {
                Some(c) => (c.name, c.position),
                None => (String::new(), String::new()),
            },
            _ => (
                text(a, "who_name").unwrap_or("").to_owned(),
                text(a, "who_position").unwrap_or("").to_owned(),
            ),
        };
        let reason = text(a, "reason").unwrap_or("").to_owned();
        let on = match a.get("on") {
            Some(Answer::At(t)) => *t,
            _ => self.now.ts,
        };
        flow::refuse(
            &mut self.tx,
            &flow::NewRefusal {
                deal_id,
                stage: d.stage.code(),
                refused_on: on,
                reason: &reason,
                contact_name: &name,
                contact_position: &position,
                recorded_by: self.me.user.id,
            },
            self.now.ts,
        )
        .await?;
        let body = format!("{reason} — {name}, {position}");
        self.note(deal_id, ActivityKind::Refusal, d.stage, &body, None, None)
            .await?;
        tracing::info!(deal_id, "deal refused");
        let day = DateTime::from_timestamp(on, 0)
            .map(|t| t.with_timezone(&self.me.tz).format("%d.%m.%Y").to_string())
            .unwrap_or_default();
        let text = tr!(
            self.me.lang,
            "refusal-recorded",
            id = deal_id,
            day = day,
            reason = reason,
            name = name,
            position = position
        );
        let kb = Kb::Inline(vec![vec![Btn::new(
            self.t("btn-open-deal"),
            Cb::Deal(deal_id),
        )]]);
        self.send(text, kb);
        Ok(())
    }

    /// Step 8 recorded: the terms are kept on the client too, and shown for checking.
    pub(super) async fn terms_recorded(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        if self
            .record_stage(d, Stage::Terms, a, None, 0)
            .await?
            .is_some()
        {
            self.save_terms(d.id, d.client_id, a).await?;
            self.show_terms(d.id, "terms-recorded").await?;
        }
        Ok(())
    }

    /// Step 16: one payment. Partial payments add up; the step is recorded (with this payment's
    /// answers and the total paid) once the invoice is paid in full.
    pub(super) async fn payment(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        let deal_id = d.id;
        let amount = match a.get("amount") {
            Some(Answer::Money(k)) => *k,
            _ => 0,
        };
        let paid_on = match a.get("paid_on") {
            Some(Answer::At(t)) => *t,
            _ => self.now.ts,
        };
        flow::add_payment(
            &mut self.tx,
            deal_id,
            amount,
            paid_on,
            self.me.user.id,
            self.now.ts,
        )
        .await?;
        let (total, paid) = self.owed(deal_id).await?;
        let body = Money::from_kopecks(amount).to_string();
        self.note(deal_id, ActivityKind::Payment, d.stage, &body, None, None)
            .await?;
        if paid < total {
            let text = tr!(
                self.me.lang,
                "payment-partial",
                amount = Money::from_kopecks(amount).to_string(),
                paid = Money::from_kopecks(paid).to_string(),
                left = Money::from_kopecks(total - paid).to_string()
            );
            let kb = Kb::Inline(vec![vec![
                Btn::new(
                    self.t("btn-next-payment"),
                    Cb::Step {
                        deal: deal_id,
                        stage: Stage::Payment,
                    },
                ),
                Btn::new(self.t("btn-open-deal"), Cb::Deal(deal_id)),
            ]]);
            self.send(text, kb);
            return Ok(());
        }
        let mut answers = a.clone();
        answers.insert("paid".into(), Answer::Money(paid));
        if self
            .record_stage(d, Stage::Payment, &answers, None, 0)
            .await?
            .is_none()
        {
            return Ok(());
        }
        let text = tr!(
            self.me.lang,
            "payment-full",
            paid = Money::from_kopecks(paid).to_string()
        );
        let kb = self.after_step_kb(deal_id, Stage::Payment);
        self.send(text, kb);
        Ok(())
    }

    /// Step 17: the work stages go to the head of the direction, whose approval records the step.
    pub(super) async fn work_stages_requested(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        let mut heads: Vec<users::User> = users::heads_for(&mut self.tx, d.direction_id)
            .await?
            .into_iter()
            .filter(|u| u.role == Role::HeadOfDirection && u.id != self.me.user.id)
            .collect();
        if heads.is_empty() {
            heads = self.other_heads(None).await?;
        }
        let stages = match a.get("stages") {
            Some(Answer::Stages(s)) => s.clone(),
            _ => Vec::new(),
        };
        let payload = Payload::WorkStages(WorkStagesPayload {
            stages: StageList { stages },
        });
        let Some(id) = self.request_heads(&payload, d.id, &heads).await? else {
            return Ok(());
        };
        self.send_to_deciders(id, &heads, "work-requested").await
    }

    /// Files a request for a head's decision; with nobody else to decide it, says so instead.
    async fn request_heads(
        &mut self,
        payload: &Payload,
        deal_id: i64,
        heads: &[users::User],
    ) -> Res<Option<i64>> {
        if heads.is_empty() {
            let text = self.t("no-other-decider");
            self.send(text, Kb::None);
            return Ok(None);
        }
        let id = flow::add_approval(
            &mut self.tx,
            deal_id,
            self.me.user.id,
            "head",
            payload,
            self.now.ts,
        )
        .await?;
        Ok(Some(id))
    }

    /// The heads who may decide a request of this user's: the direction's and the heads of
    /// sales, never the requester themselves (nobody approves their own proposal).
    pub(super) async fn other_heads(&mut self, direction: Option<i64>) -> Res<Vec<users::User>> {
        Ok(users::heads_for(&mut self.tx, direction)
            .await?
            .into_iter()
            .filter(|u| u.id != self.me.user.id)
            .collect())
    }

    /// A document the deal produced: kept with its bytes and put on the timeline, so anyone who
    /// may see the deal gets it back from the history.
    pub(super) async fn keep_generated(
        &mut self,
        d: &deals::Deal,
        stage: Stage,
        kind: &str,
        file_name: &str,
        bytes: &[u8],
        body: Body,
    ) -> Res<i64> {
        let doc = flow::keep_document(
            &mut self.tx,
            &flow::KeptDocument {
                kind,
                deal_id: d.id,
                file_name,
                content: bytes,
                by: self.me.user.id,
            },
            self.now.ts,
        )
        .await?;
        self.note(
            d.id,
            ActivityKind::Document,
            stage,
            &body.encode(),
            Some(&format!("{KEPT_PREFIX}{doc}")),
            Some(file_name),
        )
        .await?;
        Ok(doc)
    }

    /// After a step: the confirmation, the due date it set, and the next step's button.
    pub(super) fn finish_step(&mut self, deal_id: i64, stage: Stage, rec: Recorded) {
        let mut text = tr!(
            self.me.lang,
            "step-recorded",
            id = deal_id,
            stage = self.stage_name(stage)
        );
        if let Some((kind, due)) = rec.due {
            text.push('\n');
            text.push_str(&tr!(
                self.me.lang,
                "due-set",
                kind = self.t(&format!("reminder-{}", kind.code())),
                at = self.fmt_time(due)
            ));
        }
        let kb = self.after_step_kb(deal_id, stage);
        self.send(text, kb);
    }

    /// «Вернуть в работу»: a head of sales reopens a lost deal.
    pub(super) async fn reopen(&mut self, deal_id: i64) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let Some(d) = deals::deal(&mut self.tx, deal_id).await? else {
            return Ok(());
        };
        if d.status != DealStatus::Lost {
            let text = self.t("err-stale-button");
            self.toast(text, false);
            return Ok(());
        }
        flow::set_status(&mut self.tx, deal_id, "open", None).await?;
        self.note(deal_id, ActivityKind::Reopened, d.stage, "", None, None)
            .await?;
        let text = tr!(self.me.lang, "deal-reopened", id = deal_id);
        self.toast(text, false);
        self.deal_card(deal_id).await
    }

    /// Guards before a second-half form starts.
    pub(super) async fn flow_form_allowed(&mut self, kind: FormKind) -> Res<bool> {
        match kind {
            FormKind::Refusal { deal_id } => {
                let Some(d) = self.visible_deal(deal_id).await? else {
                    return Ok(false);
                };
                if !self.can_work(&d) {
                    let text = self.t("deal-not-yours");
                    self.toast(text, true);
                    return Ok(false);
                }
                if d.status != DealStatus::Open {
                    let text = self.t("step-closed");
                    self.toast(text, true);
                    return Ok(false);
                }
                Ok(true)
            }
            FormKind::ProposalDraft { deal_id } => self.step_gate(deal_id, Stage::Proposal).await,
            FormKind::Step { deal_id, stage } => self.step_form_allowed(deal_id, stage).await,
            FormKind::EditTerm { deal_id, field } => self.term_form_allowed(deal_id, field).await,
            FormKind::ReturnComment { approval_id, .. } => {
                self.may_decide(approval_id).await.map(|x| x.is_some())
            }
            FormKind::LawyerUpload { approval_id, .. } => {
                self.may_decide(approval_id).await.map(|x| x.is_some())
            }
            FormKind::Template => {
                let ok = matches!(self.me.role, Role::HeadOfSales | Role::Lawyer);
                if !ok {
                    let text = self.t("head-or-lawyer-only");
                    self.toast(text, true);
                }
                Ok(ok)
            }
            FormKind::AddReason => Ok(self.require_head()),
            other => match (other.deal_id(), other.stage()) {
                (Some(deal_id), Some(stage)) => self.step_gate(deal_id, stage).await,
                _ => Ok(true),
            },
        }
    }

    /// Before a step's form starts: the regulation's order, and, where completing the form
    /// records the step, the row's requirement (asked again when the step is recorded).
    async fn step_form_allowed(&mut self, deal_id: i64, stage: Stage) -> Res<bool> {
        if !self.step_gate(deal_id, stage).await? {
            return Ok(false);
        }
        match stage.spec().form {
            StepForm::Contact | StepForm::Fields | StepForm::Proposal | StepForm::Terms => {}
            // these forms may start before the requirement holds: a meeting may be moved before
            // it begins, and the answer, payments and work stages wait for a decision or the total
            StepForm::Meeting
            | StepForm::ClientAnswer
            | StepForm::ContractDraft
            | StepForm::Payment
            | StepForm::WorkStages => return Ok(true),
        }
        let Some(d) = deals::deal(&mut self.tx, deal_id).await? else {
            return Ok(false);
        };
        if stage.spec().requires == Requires::TermsComplete {
            // the terms screen says what is missing, with a button for each field
            return self.terms_ready(deal_id).await;
        }
        match self.requirement(&d, stage).await? {
            Ok(()) => Ok(true),
            Err(unmet) => {
                let text = crate::i18n::tr_args(self.me.lang, &unmet.key, &unmet.args);
                self.toast(text, true);
                Ok(false)
            }
        }
    }

    /// The stage order for a step form: a clear line and a button to the step that is due.
    async fn step_gate(&mut self, deal_id: i64, stage: Stage) -> Res<bool> {
        self.step_allowed(deal_id, stage).await
    }
}
