//! The one routing table: every command, every button family and every typed answer of an
//! update → the feature that handles it; and which updates only read.

use super::ctx::CallbackInfo;
use super::{callbacks, reports, views, Cb, Command, Ctx, Event, Kb, Res};
use crate::dialogue::{FormKind, FormState, Input, State};

/// Updates that only show something (a card, a list, a report) and change nothing.
pub(super) fn only_reads(event: &Event) -> bool {
    use callbacks::Report;
    match event {
        Event::Command { name, .. } => Command::parse(name).is_some_and(Command::only_reads),
        Event::Callback { data, .. } => matches!(
            Cb::parse(data),
            Some(
                Cb::Deal(_)
                    | Cb::Deals { .. }
                    | Cb::Timeline { .. }
                    | Cb::Play(_)
                    | Cb::Terms(_)
                    | Cb::Team
                    | Cb::Approvals
                    | Cb::Report {
                        report: Report::Summary
                            | Report::Chart
                            | Report::PickManager { .. }
                            | Report::PickDirection { .. }
                            | Report::People { .. }
                            | Report::Lost
                            | Report::Compliance
                            | Report::Drill { .. },
                        ..
                    }
            )
        ),
        Event::Input(_) => false,
    }
}

impl Ctx<'_> {
    pub(super) async fn run(&mut self, event: &Event) -> Res {
        match event {
            Event::Command { name, arg } => match Command::parse(name) {
                Some(cmd) => self.command(cmd, arg).await,
                None => {
                    let text = self.t("unknown-command");
                    self.send(text, Kb::None);
                    self.reprompt().await
                }
            },
            Event::Input(Input::Text(t)) if views::menu_command(t).is_some() => {
                let Some(cmd) = views::menu_command(t) else {
                    return Ok(());
                };
                self.command(cmd, "").await
            }
            Event::Input(input) => match std::mem::take(&mut self.state) {
                State::Form(fs) => self.form_input(fs, input.clone()).await,
                State::Idle => {
                    let key = match input {
                        Input::Voice { .. } => "idle-voice",
                        _ => "idle-text",
                    };
                    let text = self.t(key);
                    let kb = views::menu(self.me.lang, self.me.role);
                    self.send(text, kb);
                    Ok(())
                }
            },
            Event::Callback {
                id,
                data,
                message_id,
                message_text,
            } => {
                self.out.callback = Some(CallbackInfo {
                    id: id.clone(),
                    message_id: *message_id,
                    message_text: message_text.clone(),
                    answered: false,
                });
                self.on_callback(data).await
            }
        }
    }

    pub(super) async fn command(&mut self, cmd: Command, arg: &str) -> Res {
        let month = reports::View {
            period: crate::reports::period::Period::Month,
            manager: None,
            direction: None,
        };
        match cmd {
            Command::Start => return self.start(arg).await,
            Command::Help => {
                let text = views::help(self.me.lang, self.me.role);
                let kb = views::menu(self.me.lang, self.me.role);
                self.send(text, kb);
            }
            Command::Cancel => return self.cancel().await,
            Command::New => return self.start_form(FormKind::NewContact).await,
            Command::Invite => return self.start_form(FormKind::Invite).await,
            Command::Questionnaire => return self.start_form(FormKind::Questionnaire).await,
            Command::Find if arg.trim().is_empty() => {
                return self.start_form(FormKind::Search).await
            }
            Command::Find => self.search(arg).await?,
            Command::Deals => self.deals_list(0).await?,
            Command::Settings => self.settings().await?,
            Command::Team => self.team().await?,
            Command::Directions => self.directions().await?,
            Command::PriceList => self.price_list_view().await?,
            Command::Limits => self.limits().await?,
            Command::Approvals => self.approvals_inbox().await?,
            Command::Templates => self.templates().await?,
            Command::Reasons => self.reasons().await?,
            Command::Pipeline => self.pipeline(month).await?,
            Command::People => self.people(month, 0).await?,
            Command::Lost => self.lost(month).await?,
            Command::Compliance => self.compliance(month).await?,
            Command::Export => self.export(month).await?,
        }
        // a view was shown: the question in progress, if any, is asked again
        self.reprompt().await
    }

    pub(super) async fn on_callback(&mut self, data: &str) -> Res {
        use crate::dialogue::FormKind as F;
        use callbacks::Report;
        let Some(cb) = Cb::parse(data) else {
            tracing::info!(user_id = self.me.user.id, "unknown button data refused");
            let text = self.t("err-stale-button");
            self.toast(text, false);
            return Ok(());
        };
        match cb {
            Cb::Form { form, seq, button } => self.form_button(form, seq, button).await,
            Cb::Deal(id) => self.deal_card(id).await,
            Cb::Deals { page } => self.deals_list(page).await,
            Cb::Step { deal, stage } => self.next_step(deal, stage).await,
            Cb::Log(id) => self.start_form(F::LogActivity { deal_id: id }).await,
            Cb::Timeline { deal, page } => self.timeline(deal, page.unwrap_or(-1)).await,
            Cb::Play(id) => self.play(id).await,
            Cb::NewContact => self.start_form(F::NewContact).await,
            Cb::Remind(id) => self.start_form(F::CustomReminder { deal_id: id }).await,
            Cb::Refuse(id) => self.start_form(F::Refusal { deal_id: id }).await,
            Cb::Reopen(id) => self.reopen(id).await,
            Cb::EditTerm { deal, field } => {
                if usize::from(field) < crate::pipeline::Stage::Terms.spec().fields.len() {
                    self.start_form(F::EditTerm {
                        deal_id: deal,
                        field,
                    })
                    .await
                } else {
                    let text = self.t("err-stale-button");
                    self.toast(text, false);
                    Ok(())
                }
            }
            Cb::Terms(id) => self.terms_view(id).await,
            Cb::Team => self.team().await,
            Cb::Deactivate(id) => self.confirm_deactivate(id).await,
            Cb::DeactivateYes(id) => self.deactivate(id).await,
            Cb::Invite => self.start_form(F::Invite).await,
            Cb::AddDirection => self.start_form(F::AddDirection).await,
            Cb::PriceList => self.start_form(F::PriceList).await,
            Cb::Questionnaire => self.start_form(F::Questionnaire).await,
            Cb::Timezone => self.start_form(F::Timezone).await,
            Cb::Lang(code) => self.set_lang(&code).await,
            Cb::WorkDay(day) => self.toggle_work_day(i64::from(day)).await,
            Cb::AgendaTime => self.start_form(F::AgendaTime).await,
            Cb::WorkHours => self.start_form(F::WorkHours).await,
            Cb::Pause => self.start_form(F::Pause).await,
            Cb::Unpause => self.unpause().await,
            Cb::Limits => self.limits().await,
            Cb::StageLimit(stage) => self.start_form(F::StageLimit { stage }).await,
            Cb::WinRates => self.win_rates().await,
            Cb::WinRate(stage) => self.start_form(F::WinRate { stage }).await,
            Cb::EscalateHours => self.start_form(F::EscalateHours).await,
            Cb::MeetingNotices => self.start_form(F::MeetingNotices).await,
            Cb::DigestTime => self.start_form(F::DigestTime).await,
            Cb::DayParts => self.start_form(F::DayParts).await,
            Cb::ReminderDone(id) => self.reminder_done(id).await,
            Cb::SnoozeMenu(id) => self.snooze_menu(id).await,
            Cb::SnoozeQuick { reminder, by } => self.snooze_quick(reminder, by).await,
            Cb::SnoozeOwn(id) => self.start_form(F::Snooze { reminder_id: id }).await,
            Cb::Reschedule(id) => self.start_form(F::Reschedule { reminder_id: id }).await,
            Cb::Approve(id) => self.approve(id).await,
            Cb::Return(id) => self.return_request(id).await,
            Cb::LawyerUpload(id) => self.upload_request(id).await,
            Cb::Approval(id) => self.open_approval(id).await,
            Cb::Approvals => self.approvals_inbox().await,
            Cb::Template => self.start_form(F::Template).await,
            Cb::AddReason => self.start_form(F::AddReason).await,
            Cb::RemoveReason(id) => self.remove_reason(id).await,
            Cb::SearchPage { page } => self.search_more(page).await,
            Cb::VoiceRemind { activity, at } => self.remind_from_voice(activity, at).await,
            Cb::Privacy(deal) => self.privacy(deal).await,
            Cb::ContactExport(id) => self.contact_export(id).await,
            Cb::ContactErase(id) => self.confirm_erase(id).await,
            Cb::ContactEraseYes(id) => self.erase_contact(id).await,
            Cb::Report { report, view } => match report {
                Report::Summary => self.pipeline(view).await,
                Report::Chart => self.pipeline_chart(view).await,
                Report::PickManager { page } => self.pick_filter(view, "m", page).await,
                Report::PickDirection { page } => self.pick_filter(view, "d", page).await,
                Report::People { page } => self.people(view, page).await,
                Report::Lost => self.lost(view).await,
                Report::Compliance => self.compliance(view).await,
                Report::Drill { check } => self.compliance_drill(check, view).await,
                Report::Export => self.export(view).await,
                Report::OwnPeriod => self.own_period(view).await,
                Report::Plan => self.plan_form(view).await,
            },
        }
    }

    /// A form completed: what it recorded goes to its feature; its voice answers go on the deal's
    /// timeline.
    pub(super) async fn complete(&mut self, mut fs: FormState) -> Res {
        let dictated = std::mem::take(&mut fs.dictated);
        let kind = fs.kind;
        let created = self.finished_form(fs).await?;
        self.keep_dictated(kind, created, dictated).await
    }

    /// Every finished form → its feature; the deal it created, if it made one.
    async fn finished_form(&mut self, fs: FormState) -> Res<Option<i64>> {
        self.state = State::Idle;
        let a = &fs.answers;
        let done: Res = match fs.kind {
            FormKind::NewContact => return self.create_deal(a).await.map(Some),
            FormKind::Step { deal_id, stage } => self.complete_step(deal_id, stage, a).await,
            FormKind::LogActivity { deal_id } => self.log_activity(deal_id, a).await,
            FormKind::Invite => self.create_invite(a).await,
            FormKind::AddDirection => self.direction_added(a).await,
            FormKind::PriceList => self.price_list_uploaded().await,
            FormKind::Questionnaire => self.questionnaire_uploaded(a).await,
            k @ (FormKind::Snooze { .. }
            | FormKind::Reschedule { .. }
            | FormKind::CustomReminder { .. }
            | FormKind::AgendaTime
            | FormKind::WorkHours
            | FormKind::Pause
            | FormKind::StageLimit { .. }
            | FormKind::WinRate { .. }
            | FormKind::EscalateHours
            | FormKind::MeetingNotices
            | FormKind::DigestTime
            | FormKind::DayParts) => self.complete_reminder_form(k, a).await,
            k @ (FormKind::ProposalDraft { .. }
            | FormKind::Refusal { .. }
            | FormKind::EditTerm { .. }
            | FormKind::ReturnComment { .. }
            | FormKind::LawyerUpload { .. }
            | FormKind::Template
            | FormKind::AddReason) => self.complete_flow_form(k, a).await,
            FormKind::ReportPeriod { manager, direction } => {
                self.own_period_chosen(manager, direction, a).await
            }
            FormKind::Plan { manager, direction } => self.plan_set(manager, direction, a).await,
            FormKind::Search => self.search_typed(a).await,
            FormKind::Timezone => self.timezone_set(a).await,
        };
        done.map(|()| None)
    }
}
