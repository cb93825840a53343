//! Requests for a decision and the people who decide: approval cards for heads and the lawyer,
//! «Согласовать» / «Вернуть с комментарием», the lawyer's upload, the /approvals inbox, contract
//! and invoice templates, the list of refusal reasons.

use chrono::DateTime;

use super::{AppError, Btn, Cb, Ctx, Kb, Out, Res};
use crate::dialogue::{Answer, Answers, FormKind};
use crate::documents::docx::{self, PLACEHOLDERS};
use crate::domain::text::ellipsize;
use crate::domain::{Money, Role};
use crate::i18n::{escape, tr, Lang};
use crate::pipeline::approval::{
    AdjustmentPayload, ContractPayload, Payload, ProposalPayload, WorkStagesPayload,
};
use crate::pipeline::fields::text;
use crate::pipeline::timeline::{Body, Word};
use crate::pipeline::{ActivityKind, ApprovalKind, ApprovalState, Stage};
use crate::storage::{catalog, deals, flow, users};
use crate::tr;

/// A request's payload read strictly: one that does not read is a bug, answered with an apology.
pub(super) fn payload_of(a: &flow::Approval) -> Res<Payload> {
    a.payload()
        .map_err(|e| AppError::Unreadable(format!("payload of approval {}: {e}", a.id)))
}

impl Ctx<'_> {
    /// The one rendering of a request's card, for one reader (their language and time zone):
    /// while pending, with the decider's buttons; once decided, with who decided, when and the
    /// comment, and no buttons.
    pub(super) async fn approval_card(
        &mut self,
        id: i64,
        reader: &users::User,
    ) -> Res<(String, Kb)> {
        let lang = Lang::from_code(&reader.locale);
        let tz = crate::reminders::tz_of(reader, self.app.cfg.default_tz);
        let Some(a) = flow::approval(&mut self.tx, id).await? else {
            return Ok((String::new(), Kb::None));
        };
        let Some(d) = deals::deal(&mut self.tx, a.deal_id).await? else {
            return Ok((String::new(), Kb::None));
        };
        let payload = payload_of(&a)?;
        let requester = users::by_id(&mut self.tx, a.requested_by)
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        let mut t = tr!(
            lang,
            &format!("card-{}", a.kind.code()),
            id = d.id,
            client = &d.client_name
        );
        t.push('\n');
        t.push_str(&tr!(
            lang,
            "card-who",
            manager = requester,
            contact = &d.contact_name,
            position = &d.contact_position
        ));
        t.push_str(&match &payload {
            Payload::Proposal(p) => self.proposal_lines(&d, p, lang).await?,
            Payload::Adjustment(p) => adjustment_lines(&a, &d, p, lang),
            Payload::ContractReview(now) | Payload::ContractDraft(now) => {
                self.contract_lines(&a, &d, now, lang).await?
            }
            Payload::WorkStages(p) => work_stages_lines(p, lang, tz),
        });
        let at = DateTime::from_timestamp(a.requested_at, 0)
            .map(|x| x.with_timezone(&tz).format("%d.%m.%Y %H:%M").to_string())
            .unwrap_or_default();
        t.push_str(&format!("\n\n{}", tr!(lang, "card-requested", at = at)));
        let kb = self.card_state(&a, lang, tz, &mut t).await?;
        Ok((t, kb))
    }

    /// A proposal's card: the client's needs, the offer, the meeting's outcome, the amount and
    /// the draft.
    async fn proposal_lines(
        &mut self,
        d: &deals::Deal,
        p: &ProposalPayload,
        lang: Lang,
    ) -> Res<String> {
        let mut t = String::new();
        let needs = self.step_answers(d.id, Stage::Needs).await?;
        let lines: Vec<String> = ["specifics", "news", "plans", "worries", "new_directions"]
            .iter()
            .filter_map(|k| {
                text(&needs, k)
                    .map(|v| format!("{}: {}", tr(lang, &format!("label-needs-{k}")), cut(v)))
            })
            .collect();
        if !lines.is_empty() {
            t.push_str(&format!(
                "\n\n<b>{}</b>\n{}",
                tr(lang, "card-needs"),
                lines.join("\n")
            ));
        }
        let offer = self.step_answers(d.id, Stage::Offer).await?;
        if let Some(o) = text(&offer, "offer") {
            t.push_str(&format!(
                "\n<b>{}</b>: {}",
                tr(lang, "label-offer-offer"),
                cut(o)
            ));
        }
        let meeting = self.step_answers(d.id, Stage::Meeting).await?;
        if let Some(o) = text(&meeting, "outcome") {
            t.push_str(&format!(
                "\n<b>{}</b>: {}",
                tr(lang, "card-meeting"),
                cut(o)
            ));
        }
        if let Some(k) = p.amount {
            t.push_str(&format!(
                "\n<b>{}</b>: {}",
                tr(lang, "label-proposal-amount"),
                Money::from_kopecks(k)
            ));
        }
        if let Some(draft) = p.text.as_deref() {
            t.push_str(&format!(
                "\n\n<b>{}</b>\n{}",
                tr(lang, "card-draft"),
                cut(draft)
            ));
        } else {
            t.push_str(&format!("\n\n{}", tr(lang, "card-draft-file")));
        }
        Ok(t)
    }

    /// A contract's card: the terms, and after a return what changed since the lawyer's comment.
    async fn contract_lines(
        &mut self,
        a: &flow::Approval,
        d: &deals::Deal,
        now: &ContractPayload,
        lang: Lang,
    ) -> Res<String> {
        let mut t = String::new();
        let summary = self.terms_summary(d.id, lang).await?;
        let key = match a.kind {
            ApprovalKind::ContractReview => "card-contract-file",
            _ => "card-contract-none",
        };
        t.push_str(&format!("\n\n{}\n{summary}", tr(lang, key)));
        // after a return: what the manager changed since the lawyer's comment
        if let Some(prev) = flow::approval_before(&mut self.tx, d.id, a.kind, a.id)
            .await?
            .filter(|p| p.state == ApprovalState::Returned)
        {
            let old = payload_of(&prev)?;
            let empty = Answers::new();
            let before = old.contract().map_or(&empty, |c| &c.terms);
            let changed: Vec<String> = super::terms::terms_changed(before, &now.terms)
                .iter()
                .map(|k| tr(lang, k))
                .collect();
            let line = if changed.is_empty() {
                tr(lang, "card-contract-unchanged")
            } else {
                tr!(lang, "card-contract-changed", fields = changed.join(", "))
            };
            t.push_str(&format!(
                "\n\n{}\n{line}",
                tr!(
                    lang,
                    "card-after-return",
                    comment = ellipsize(prev.comment.as_deref().unwrap_or(""), 600)
                )
            ));
        }
        Ok(t)
    }

    /// The card's end: the decider's buttons while pending; once decided, who decided, when and
    /// the comment, and no buttons.
    async fn card_state(
        &mut self,
        a: &flow::Approval,
        lang: Lang,
        tz: chrono_tz::Tz,
        t: &mut String,
    ) -> Res<Kb> {
        Ok(if a.state == ApprovalState::Pending {
            let mut row = Vec::new();
            if a.kind == ApprovalKind::ContractDraft {
                row.push(Btn::new(
                    tr(lang, "btn-upload-contract"),
                    Cb::LawyerUpload(a.id),
                ));
            } else {
                let key = if a.decider == "lawyer" {
                    "btn-approve-contract"
                } else {
                    "btn-approve"
                };
                row.push(Btn::new(tr(lang, key), Cb::Approve(a.id)));
            }
            row.push(Btn::new(tr(lang, "btn-return"), Cb::Return(a.id)));
            Kb::Inline(vec![row])
        } else {
            let who = match a.decided_by {
                Some(id) => users::by_id(&mut self.tx, id)
                    .await?
                    .map(|u| u.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let key = match (a.state, a.kind) {
                (ApprovalState::Approved, ApprovalKind::ContractDraft) => {
                    "card-state-uploaded".into()
                }
                (state, _) => format!("card-state-{}", state.code()),
            };
            let at = a
                .decided_at
                .map(|ts| crate::i18n::fmt_moment(lang, tz, ts))
                .unwrap_or_default();
            t.push_str(&format!("\n{}", tr!(lang, &key, who = who, at = at)));
            if let Some(c) = a.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                let comment = ellipsize(c, 600);
                t.push_str(&format!(
                    "\n{}",
                    tr!(lang, "card-decided-comment", comment = comment)
                ));
            }
            Kb::None
        })
    }

    /// Sends a card (and the draft's file, if any) to one decider.
    pub(super) async fn send_card(&mut self, id: i64, to: &users::User) -> Res {
        if let Some(a) = flow::approval(&mut self.tx, id).await? {
            let payload = payload_of(&a)?;
            if let Some(fid) = payload.file_id() {
                self.out.msgs.push(Out::Document {
                    chat: to.tg_id,
                    file_id: fid.to_owned(),
                    caption: String::new(),
                });
            }
            if let Payload::Proposal(crate::pipeline::approval::ProposalPayload {
                voice_id: Some(vid),
                ..
            }) = &payload
            {
                self.out.msgs.push(Out::Voice {
                    chat: to.tg_id,
                    file_id: vid.to_owned(),
                    caption: String::new(),
                });
            }
        }
        let (text, kb) = self.approval_card(id, to).await?;
        self.tell(to, text, kb);
        Ok(())
    }

    /// The request, if it is pending and this user may decide it; otherwise a clear answer.
    pub(super) async fn may_decide(
        &mut self,
        id: i64,
    ) -> Res<Option<(flow::Approval, deals::Deal)>> {
        let Some(a) = flow::approval(&mut self.tx, id).await? else {
            let text = self.t("err-stale-button");
            self.toast(text, false);
            return Ok(None);
        };
        let Some(d) = deals::deal(&mut self.tx, a.deal_id).await? else {
            return Ok(None);
        };
        let allowed = match a.decider.as_str() {
            "lawyer" => self.me.role == Role::Lawyer,
            _ => {
                self.me.role == Role::HeadOfSales
                    || (self.me.role == Role::HeadOfDirection
                        && d.direction_id.is_some()
                        && d.direction_id == self.me.user.direction_id)
            }
        };
        if !allowed {
            let key = if a.decider == "lawyer" {
                "decide-lawyer-only"
            } else {
                "decide-head-only"
            };
            let text = self.t(key);
            self.toast(text, true);
            return Ok(None);
        }
        // the regulation's "together with a head" means someone else: nobody decides their own
        if a.requested_by == self.me.user.id && a.decider == "head" {
            let text = self.t("decide-own-request");
            self.toast(text, true);
            return Ok(None);
        }
        if a.state != ApprovalState::Pending {
            // a button pressed on a card of a request decided elsewhere: the card shows how
            self.show_decision(id, self.pressed_card_of(&a, &d)).await?;
            let who = match a.decided_by {
                Some(uid) => users::by_id(&mut self.tx, uid)
                    .await?
                    .map(|u| u.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let text = tr!(
                self.me.lang,
                "already-decided",
                who = who,
                state = self.t(&format!("state-{}", a.state.code()))
            );
            self.toast(text, true);
            return Ok(None);
        }
        Ok(Some((a, d)))
    }

    /// «Согласовать»: the decision is recorded, the deal moves on, the requester is told.
    pub(super) async fn approve(&mut self, id: i64) -> Res {
        let Some((a, d)) = self.may_decide(id).await? else {
            return Ok(());
        };
        if a.kind == ApprovalKind::ContractDraft {
            let text = self.t("upload-the-contract");
            self.toast(text, true);
            return Ok(());
        }
        if !flow::decide(
            &mut self.tx,
            id,
            ApprovalState::Approved,
            self.me.user.id,
            None,
            None,
            self.now.ts,
        )
        .await?
        {
            return Ok(());
        }
        let payload = payload_of(&a)?;
        let body = Body::line(&format!("tl-approved-{}", a.kind.code()))
            .with("who", Word::Text(self.me.user.name.clone()));
        self.note(
            d.id,
            ActivityKind::Approval,
            d.stage,
            &body.encode(),
            None,
            None,
        )
        .await?;
        let requester = users::by_id(&mut self.tx, a.requested_by).await?;
        let done_stage = self.record_approved(&a, &d, &payload).await?;
        let text = self.t("decision-recorded");
        self.toast(text, false);
        let card = self.out.callback.as_ref().and_then(|c| c.message_id);
        self.show_decision(id, card).await?;
        if let Some(r) = requester {
            let lang = Lang::from_code(&r.locale);
            let text = tr!(
                lang,
                &format!("approved-{}", a.kind.code()),
                id = d.id,
                client = &d.client_name,
                who = &self.me.user.name
            );
            let kb = match done_stage {
                Some(s) if s.wins() => Kb::None,
                Some(s) => self.kb_for(lang, d.id, s),
                None => Kb::Inline(vec![vec![Btn::new(
                    tr(lang, "btn-proposal-sent"),
                    Cb::Step {
                        deal: d.id,
                        stage: Stage::Proposal,
                    },
                )]]),
            };
            self.tell(&r, text, kb);
        }
        Ok(())
    }

    /// What an approval records: the step it decides, with every answer the request carried.
    async fn record_approved(
        &mut self,
        a: &flow::Approval,
        d: &deals::Deal,
        payload: &Payload,
    ) -> Res<Option<Stage>> {
        let mut answers = Answers::new();
        let (stage, body) = match payload {
            // the approved proposal's amount starts the deal's amount history; the step itself
            // is recorded when the manager sends it to the client
            Payload::Proposal(p) => {
                if let Some(k) = p.amount.filter(|k| *k > 0) {
                    flow::set_amount(
                        &mut self.tx,
                        d.id,
                        k,
                        "proposal",
                        self.me.user.id,
                        self.now.ts,
                    )
                    .await?;
                }
                return Ok(None);
            }
            Payload::Adjustment(p) => {
                if let Some(k) = p.amount.filter(|k| *k > 0) {
                    flow::set_amount(
                        &mut self.tx,
                        d.id,
                        k,
                        "bargaining",
                        self.me.user.id,
                        self.now.ts,
                    )
                    .await?;
                    answers.insert("amount".into(), Answer::Money(k));
                }
                answers.insert("answer".into(), Answer::Choice("bargaining".into()));
                answers.insert("changes".into(), Answer::Text(p.changes.clone()));
                answers.insert("approval".into(), Answer::Id(a.id));
                // the bargaining's changes on the timeline, not the row's «accepted in full»
                let fields = Stage::Negotiation.spec().fields;
                let body = super::recorder::typed_body("negotiation", fields, &answers);
                (Stage::Negotiation, Some(body))
            }
            Payload::ContractReview(p) | Payload::ContractDraft(p) => {
                let template = if p.template { Answer::Yes } else { Answer::No };
                answers.insert("template".into(), template);
                answers.insert("draft_started".into(), Answer::At(p.draft_started));
                if let Some(t) = p.draft_finished {
                    answers.insert("draft_finished".into(), Answer::At(t));
                }
                answers.insert("lawyer_requested".into(), Answer::At(a.requested_at));
                answers.insert("lawyer_decided".into(), Answer::At(self.now.ts));
                answers.insert("lawyer".into(), Answer::Id(self.me.user.id));
                if let (Some(file_id), Some(name)) = (&p.file_id, &p.file_name) {
                    answers.insert(
                        "file".into(),
                        Answer::File {
                            file_id: file_id.clone(),
                            name: name.clone(),
                            size: 0,
                            caption: None,
                        },
                    );
                }
                (Stage::ContractDraft, None)
            }
            Payload::WorkStages(p) => {
                answers.insert("stages".into(), Answer::Stages(p.stages.stages.clone()));
                answers.insert("approved_by".into(), Answer::Id(self.me.user.id));
                (Stage::Work, None)
            }
        };
        Ok(self
            .record_stage(d, stage, &answers, body, 0)
            .await?
            .map(|_| stage))
    }

    /// «Вернуть с комментарием»: the comment is asked, and the card loses its buttons at once so
    /// it can no longer be approved by mistake while it is being returned.
    pub(super) async fn return_request(&mut self, id: i64) -> Res {
        let card = self.out.callback.as_ref().and_then(|c| c.message_id);
        self.start_form(FormKind::ReturnComment {
            approval_id: id,
            card,
        })
        .await?;
        let started = matches!(&self.state, crate::dialogue::State::Form(fs)
            if matches!(fs.kind, FormKind::ReturnComment { approval_id, .. } if approval_id == id));
        if started {
            if let Some(mid) = card {
                let me = self.me.user.clone();
                let (text, _) = self.approval_card(id, &me).await?;
                let text = format!("{text}\n\n{}", self.t("card-being-returned"));
                self.out.msgs.push(Out::Edit {
                    chat: self.chat,
                    message_id: mid,
                    text,
                    kb: Kb::None,
                });
            }
        }
        Ok(())
    }

    /// The next-step buttons in another user's language.
    fn kb_for(&self, lang: Lang, deal_id: i64, done: Stage) -> Kb {
        let mut rows = Vec::new();
        if let Some(next) = done.next().filter(|n| FormKind::in_bot(*n)) {
            let name = tr!(
                lang,
                "stage-name",
                step = u32::from(next.step()),
                name = tr(lang, &format!("stage-{}", next.code()))
            );
            rows.push(vec![Btn::new(
                tr!(lang, "btn-next-step", stage = name),
                Cb::Step {
                    deal: deal_id,
                    stage: next,
                },
            )]);
        }
        rows.push(vec![Btn::new(tr(lang, "btn-open-deal"), Cb::Deal(deal_id))]);
        Kb::Inline(rows)
    }

    /// «Загрузить договор»: the lawyer's file is asked; the card it came from is remembered so
    /// it shows the decision once the file is in.
    pub(super) async fn upload_request(&mut self, id: i64) -> Res {
        let card = self.out.callback.as_ref().and_then(|c| c.message_id);
        self.start_form(FormKind::LawyerUpload {
            approval_id: id,
            card,
        })
        .await
    }

    /// Every decision path ends here: the card it came from (in this chat) is rendered again,
    /// decided, without buttons.
    async fn show_decision(&mut self, id: i64, card: Option<i32>) -> Res {
        let Some(message_id) = card else {
            return Ok(());
        };
        let me = self.me.user.clone();
        let (text, kb) = self.approval_card(id, &me).await?;
        self.out.msgs.push(Out::Edit {
            chat: self.chat,
            message_id,
            text,
            kb,
        });
        self.drop_unchanged_edit();
        Ok(())
    }

    /// The pressed message, when it is a card of this request (its first line is the card's
    /// title), not a list or another message a button was pressed on.
    fn pressed_card_of(&self, a: &flow::Approval, d: &deals::Deal) -> Option<i32> {
        let cb = self.out.callback.as_ref()?;
        let title = tr!(
            self.me.lang,
            &format!("card-{}", a.kind.code()),
            id = d.id,
            client = &d.client_name
        );
        let shown = cb.message_text.as_deref()?.lines().next()?.trim();
        (crate::i18n::plain(&title).trim() == shown)
            .then_some(cb.message_id)
            .flatten()
    }

    /// Completes the forms of deciders and of the catalogues.
    pub(super) async fn complete_decision_form(&mut self, kind: FormKind, a: &Answers) -> Res {
        match kind {
            FormKind::ReturnComment { approval_id, card } => {
                let Some((ap, d)) = self.may_decide(approval_id).await? else {
                    return Ok(());
                };
                let comment = text(a, "comment").unwrap_or("").to_owned();
                if !flow::decide(
                    &mut self.tx,
                    approval_id,
                    ApprovalState::Returned,
                    self.me.user.id,
                    Some(&comment),
                    None,
                    self.now.ts,
                )
                .await?
                {
                    return Ok(());
                }
                let body = Body::line("tl-returned")
                    .with("who", Word::Text(self.me.user.name.clone()))
                    .with("comment", Word::Text(comment.clone()));
                self.note(
                    d.id,
                    ActivityKind::Approval,
                    d.stage,
                    &body.encode(),
                    None,
                    None,
                )
                .await?;
                let text = self.t("decision-recorded");
                self.send(text, Kb::None);
                self.show_decision(approval_id, card).await?;
                if let Some(r) = users::by_id(&mut self.tx, ap.requested_by).await? {
                    let lang = Lang::from_code(&r.locale);
                    let text = tr!(
                        lang,
                        &format!("returned-{}", ap.kind.code()),
                        id = d.id,
                        client = &d.client_name,
                        who = &self.me.user.name,
                        comment = comment
                    );
                    let mut rows = Vec::new();
                    if let Some(next) = d.stage.next() {
                        rows.push(vec![Btn::new(
                            tr(lang, "btn-redo"),
                            Cb::Step {
                                deal: d.id,
                                stage: next,
                            },
                        )]);
                    }
                    // what the lawyer asks to change is in the deal's terms: they open for fixing
                    if ap.kind == ApprovalKind::ContractReview {
                        rows.push(vec![Btn::new(tr(lang, "btn-fix-terms"), Cb::Terms(d.id))]);
                    }
                    rows.push(vec![Btn::new(tr(lang, "btn-open-deal"), Cb::Deal(d.id))]);
                    let kb = Kb::Inline(rows);
                    self.tell(&r, text, kb);
                }
                Ok(())
            }
            FormKind::LawyerUpload { approval_id, card } => {
                let Some((ap, d)) = self.may_decide(approval_id).await? else {
                    return Ok(());
                };
                let Some(Answer::File { file_id, name, .. }) = a.get("file") else {
                    return Ok(());
                };
                let Payload::ContractDraft(mut contract) = payload_of(&ap)? else {
                    return Err(AppError::Unreadable(format!(
                        "approval {approval_id}: a lawyer's upload for a {:?}",
                        ap.kind
                    )));
                };
                contract.file_id = Some(file_id.clone());
                contract.file_name = Some(name.clone());
                contract.draft_finished = Some(self.now.ts);
                let new_payload = Payload::ContractDraft(contract);
                if !flow::decide(
                    &mut self.tx,
                    approval_id,
                    ApprovalState::Approved,
                    self.me.user.id,
                    None,
                    Some(&new_payload),
                    self.now.ts,
                )
                .await?
                {
                    return Ok(());
                }
                self.note(
                    d.id,
                    ActivityKind::Document,
                    d.stage,
                    &Body::line("tl-contract-by-lawyer")
                        .with("who", Word::Text(self.me.user.name.clone()))
                        .encode(),
                    Some(file_id),
                    Some(name),
                )
                .await?;
                if self.record_approved(&ap, &d, &new_payload).await?.is_none() {
                    return Ok(());
                }
                let text = self.t("decision-recorded");
                self.send(text, Kb::None);
                self.show_decision(approval_id, card).await?;
                if let Some(r) = users::by_id(&mut self.tx, ap.requested_by).await? {
                    let lang = Lang::from_code(&r.locale);
                    self.out.msgs.push(Out::Document {
                        chat: r.tg_id,
                        file_id: file_id.clone(),
                        caption: String::new(),
                    });
                    let text = tr!(
                        lang,
                        "approved-contract_draft",
                        id = d.id,
                        client = &d.client_name,
                        who = &self.me.user.name
                    );
                    let kb = self.kb_for(lang, d.id, Stage::ContractDraft);
                    self.tell(&r, text, kb);
                }
                Ok(())
            }
            FormKind::Template => {
                let (
                    Some(Answer::Choice(k)),
                    Some(Answer::Id(dir)),
                    Some(Answer::File { file_id, name, .. }),
                ) = (a.get("kind"), a.get("direction"), a.get("file"))
                else {
                    return Ok(());
                };
                let bytes = self.read.file_bytes.clone().unwrap_or_default();
                flow::put_template(
                    &mut self.tx,
                    &format!("{k}_template"),
                    *dir,
                    file_id,
                    name,
                    &bytes,
                    self.me.user.id,
                    self.now.ts,
                )
                .await?;
                let text = tr!(self.me.lang, "template-saved", file = name);
                self.send(text, Kb::None);
                self.templates().await
            }
            FormKind::AddReason => {
                if let Some(t) = text(a, "text") {
                    flow::add_reason(&mut self.tx, t).await?;
                }
                self.reasons().await
            }
            _ => Ok(()),
        }
    }

    /// /approvals: what waits for this user's decision, oldest first.
    pub(super) async fn approvals_inbox(&mut self) -> Res {
        let list = match self.me.role {
            Role::Lawyer => flow::pending_for(&mut self.tx, "lawyer", None, true).await?,
            Role::HeadOfSales => flow::pending_for(&mut self.tx, "head", None, true).await?,
            Role::HeadOfDirection => {
                flow::pending_for(&mut self.tx, "head", self.me.user.direction_id, false).await?
            }
            Role::Manager => {
                let text = self.t("approvals-managers");
                self.send(text, Kb::None);
                return Ok(());
            }
        };
        if list.is_empty() {
            let text = self.t("approvals-empty");
            self.show(text, Kb::None);
            return Ok(());
        }
        let mut rows = Vec::new();
        for a in list.iter().take(20) {
            let client = deals::deal(&mut self.tx, a.deal_id)
                .await?
                .map(|d| d.client_name)
                .unwrap_or_default();
            let day = DateTime::from_timestamp(a.requested_at, 0)
                .map(|x| x.with_timezone(&self.me.tz).format("%d.%m").to_string())
                .unwrap_or_default();
            let label = format!(
                "{} · №{} {} · {day}",
                self.t(&format!("kind-{}", a.kind.code())),
                a.deal_id,
                client
            );
            rows.push(vec![Btn::new(
                crate::domain::text::ellipsize(&label, 60),
                Cb::Approval(a.id),
            )]);
        }
        let text = tr!(self.me.lang, "approvals-title", count = list.len());
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    pub(super) async fn open_approval(&mut self, id: i64) -> Res {
        if self.may_decide(id).await?.is_none() {
            return Ok(());
        }
        if let Some(a) = flow::approval(&mut self.tx, id).await? {
            let payload = payload_of(&a)?;
            if let Some(doc) = payload.contract().and_then(|c| c.document) {
                // the lawyer gets the very file that was filled, kept with the deal
                if let Some(k) = flow::kept_document(&mut self.tx, doc).await? {
                    self.out.msgs.push(Out::Upload {
                        chat: self.chat,
                        file_name: k.file_name,
                        bytes: k.content,
                        caption: String::new(),
                    });
                }
            } else if let Some(fid) = payload.file_id() {
                self.out.msgs.push(Out::Document {
                    chat: self.chat,
                    file_id: fid.to_owned(),
                    caption: String::new(),
                });
            }
        }
        let me = self.me.user.clone();
        let (text, kb) = self.approval_card(id, &me).await?;
        self.send(text, kb);
        Ok(())
    }

    /// /templates: contract and invoice templates per direction, and the placeholders they may use.
    pub(super) async fn templates(&mut self) -> Res {
        if !matches!(self.me.role, Role::HeadOfSales | Role::Lawyer) {
            let text = self.t("head-or-lawyer-only");
            self.toast(text, true);
            return Ok(());
        }
        let mut text = self.t("templates-title");
        for d in catalog::directions(&mut self.tx).await? {
            let c = flow::template(&mut self.tx, "contract_template", d.id)
                .await?
                .map(|t| t.0);
            let i = flow::template(&mut self.tx, "invoice_template", d.id)
                .await?
                .map(|t| t.0);
            let none = self.t("template-none");
            text.push_str(&format!(
                "\n\n<b>{}</b>\n{}: {}\n{}: {}",
                escape(&d.name),
                self.t("opt-kind-contract"),
                escape(&c.unwrap_or_else(|| none.clone())),
                self.t("opt-kind-invoice"),
                escape(&i.unwrap_or(none))
            ));
        }
        let list: Vec<String> = PLACEHOLDERS
            .iter()
            .map(|p| format!("<code>{{{{{p}}}}}</code>"))
            .collect();
        text.push_str(&format!(
            "\n\n{}\n{}",
            self.t("templates-placeholders"),
            list.join(" ")
        ));
        let kb = Kb::Inline(vec![vec![Btn::new(
            self.t("btn-upload-template"),
            Cb::Template,
        )]]);
        self.show(text, kb);
        Ok(())
    }

    /// /reasons: the refusal reasons offered as buttons.
    pub(super) async fn reasons(&mut self) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let list = flow::reasons(&mut self.tx).await?;
        let mut text = self.t("reasons-title");
        let mut rows = Vec::new();
        for r in &list {
            text.push_str(&format!("\n• {}", escape(&r.text)));
            rows.push(vec![Btn::new(
                tr!(self.me.lang, "btn-remove", name = &r.text),
                Cb::RemoveReason(r.id),
            )]);
        }
        rows.push(vec![Btn::new(self.t("btn-add-reason"), Cb::AddReason)]);
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    pub(super) async fn remove_reason(&mut self, id: i64) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        flow::remove_reason(&mut self.tx, id).await?;
        self.reasons().await
    }

    /// A template upload: the file must be a .docx whose placeholders are all known.
    pub(super) fn check_template_upload(&self) -> Result<(), crate::dialogue::Rejection> {
        use crate::dialogue::engine::Arg;
        use crate::dialogue::Rejection;
        let Some(bytes) = self.read.file_bytes.as_ref() else {
            return Err(Rejection::new("err-file-download"));
        };
        match docx::check_template(bytes) {
            Ok(_) => Ok(()),
            Err(docx::TemplateError::TooLarge) => Err(Rejection::new("err-template-large")),
            Err(docx::TemplateError::NotDocx) => Err(Rejection::new("err-template-broken")),
            Err(docx::TemplateError::Unbalanced) => Err(Rejection::new("err-template-braces")),
            Err(docx::TemplateError::SingleBraces(list)) => {
                Err(Rejection::new("err-template-single").with("names", Arg::Str(list.join(", "))))
            }
            Err(docx::TemplateError::Unknown(list)) => {
                Err(Rejection::new("err-template-unknown").with("names", Arg::Str(list.join(", "))))
            }
        }
    }
}

/// Long answers on a card are cut: the card is a summary, the deal holds the whole text.
fn cut(s: &str) -> String {
    escape(&crate::domain::text::ellipsize(s, 600))
}

/// A bargaining card: the changes asked for and the new amount against the one before.
fn adjustment_lines(
    a: &flow::Approval,
    d: &deals::Deal,
    p: &AdjustmentPayload,
    lang: Lang,
) -> String {
    let mut t = String::new();
    t.push_str(&format!(
        "\n\n{}",
        tr!(lang, "card-changes", changes = p.changes.as_str())
    ));
    if let Some(k) = p.amount {
        // once approved the deal holds the new amount: «было» is what was asked from
        let was = p.amount_before.or(if a.state == ApprovalState::Pending {
            d.amount_kopecks
        } else {
            None
        });
        let amount = Money::from_kopecks(k).to_string();
        let line = match was {
            Some(w) => tr!(
                lang,
                "card-new-amount",
                amount = amount,
                was = Money::from_kopecks(w).to_string()
            ),
            None => tr!(lang, "card-new-amount-only", amount = amount),
        };
        t.push_str(&format!("\n{line}"));
    }
    t
}

/// A work-stages card: each stage with its date, in the reader's time zone.
fn work_stages_lines(p: &WorkStagesPayload, lang: Lang, tz: chrono_tz::Tz) -> String {
    let mut t = String::new();
    let stages: Vec<String> = p
        .stages
        .stages
        .iter()
        .map(|(name, ts)| {
            let day = DateTime::from_timestamp(*ts, 0)
                .map(|x| x.with_timezone(&tz).format("%d.%m.%Y").to_string())
                .unwrap_or_default();
            format!("• {} — {day}", escape(name))
        })
        .collect();
    t.push_str(&format!(
        "\n\n<b>{}</b>\n{}",
        tr(lang, "card-stages"),
        stages.join("\n")
    ));
    t
}
