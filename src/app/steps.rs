//! What each completed form records: the step's data, the stage change, the timeline entries and
//! the due dates. Everything happens inside the turn's transaction.

use chrono::Duration;
use rand::distr::{Alphanumeric, SampleString};

use super::{Btn, Cb, Ctx, Kb, Res, INVITE_TTL_DAYS};
use crate::dialogue::{Answer, Answers, FormKind};
use crate::domain::Role;
use crate::pipeline::fields::{at, choice, id, text};
use crate::pipeline::{ActivityKind, ReminderKind, Stage};
use crate::storage::{catalog, deals, users};
use crate::tr;

impl Ctx<'_> {
    /// A new direction, named.
    pub(super) async fn direction_added(&mut self, a: &Answers) -> Res {
        let name = text(a, "name").unwrap_or_default().to_owned();
        catalog::add_direction(&mut self.tx, &name, self.now.ts).await?;
        let text = tr!(self.me.lang, "direction-added", name = &name);
        self.send(text, Kb::None);
        self.directions().await
    }

    /// The price list replaced by the file's rows.
    pub(super) async fn price_list_uploaded(&mut self) -> Res {
        // the file was checked when it was answered, in this same update
        let checked = match self.read.file_bytes.clone() {
            Some(bytes) => self.check_price_list(&bytes).await?.ok(),
            None => None,
        };
        let Some(rows) = checked else {
            let text = self.t("err-file-download");
            self.send(text, Kb::None);
            return Ok(());
        };
        catalog::replace_price_list(&mut self.tx, &rows, self.me.user.id, self.now.ts).await?;
        let text = tr!(self.me.lang, "pricelist-saved", count = rows.len());
        self.send(text, Kb::None);
        self.price_list_view().await
    }

    /// A direction's questionnaire file kept.
    pub(super) async fn questionnaire_uploaded(&mut self, a: &Answers) -> Res {
        let (
            Some(dir),
            Some(Answer::File {
                file_id,
                name,
                size,
                ..
            }),
        ) = (id(a, "direction"), a.get("file"))
        else {
            let text = self.t("no-directions");
            self.send(text, Kb::None);
            return Ok(());
        };
        catalog::put_direction_document(
            &mut self.tx,
            &catalog::NewDocument {
                kind: catalog::QUESTIONNAIRE,
                direction_id: dir,
                file_id,
                file_name: name,
                size: *size as i64,
                uploaded_by: self.me.user.id,
            },
            self.now.ts,
        )
        .await?;
        let dname = catalog::direction(&mut self.tx, dir)
            .await?
            .map(|d| d.name)
            .unwrap_or_default();
        let text = tr!(
            self.me.lang,
            "questionnaire-saved",
            direction = dname,
            file = name
        );
        self.send(text, Kb::None);
        Ok(())
    }

    /// /pipeline over a period of the head's own.
    pub(super) async fn own_period_chosen(
        &mut self,
        manager: i64,
        direction: i64,
        a: &Answers,
    ) -> Res {
        let range = match a.get("range") {
            Some(crate::dialogue::Answer::Text(t)) => t.clone(),
            _ => String::new(),
        };
        match crate::reports::period::Period::parse_custom(&range) {
            Ok(period) => {
                let id = |x: i64| (x > 0).then_some(x);
                self.pipeline(super::reports::View {
                    period,
                    manager: id(manager),
                    direction: id(direction),
                })
                .await
            }
            Err(_) => Ok(()),
        }
    }

    /// A month's plan set for the team, a manager or a direction.
    pub(super) async fn plan_set(&mut self, manager: i64, direction: i64, a: &Answers) -> Res {
        let id = |x: i64| (x > 0).then_some(x);
        let view = super::reports::View {
            period: crate::reports::period::Period::Month,
            manager: id(manager),
            direction: id(direction),
        };
        self.save_plan(view, a).await
    }

    /// A search typed after /find.
    pub(super) async fn search_typed(&mut self, a: &Answers) -> Res {
        let q = match a.get("query") {
            Some(crate::dialogue::Answer::Text(t)) => t.clone(),
            _ => String::new(),
        };
        self.search(&q).await
    }

    /// The user's time zone changed; the notices already planned move with it.
    pub(super) async fn timezone_set(&mut self, a: &Answers) -> Res {
        if let Some(Answer::Tz(tz)) = a.get("tz") {
            users::set_timezone(&mut self.tx, self.me.user.id, tz).await?;
            self.me.user.timezone = tz.clone();
            self.me.tz = tz.parse().unwrap_or(self.me.tz);
            // notices already planned were placed in the old zone
            for id in deals::pending_reminders_of(&mut self.tx, self.me.user.id).await? {
                crate::reminders::plan_reminder(
                    &mut self.tx,
                    id,
                    self.now.at,
                    self.app.cfg.default_tz,
                )
                .await?;
            }
        }
        self.settings().await
    }

    pub(super) async fn create_deal(&mut self, a: &Answers) -> Res<i64> {
        let ts = self.now.ts;
        let me = self.me.user.id;
        let client_id = match id(a, "client") {
            Some(existing) => existing,
            None => {
                deals::insert_client(&mut self.tx, text(a, "company").unwrap_or_default(), me, ts)
                    .await?
            }
        };
        let phone = match a.get("phone") {
            Some(Answer::Phone(p)) => Some(p.as_str()),
            _ => None,
        };
        let name = text(a, "name").unwrap_or_default();
        let position = text(a, "position").unwrap_or_default();
        let contact_id =
            deals::insert_contact(&mut self.tx, client_id, name, position, phone, me, ts).await?;
        let stage = Stage::FirstContact.code();
        let deal_id = deals::insert_deal(
            &mut self.tx,
            &deals::NewDeal {
                client_id,
                contact_id,
                manager_id: me,
                direction_id: id(a, "direction"),
                channel: choice(a, "channel").unwrap_or("other"),
                stage,
            },
            ts,
        )
        .await?;
        let data = serde_json::to_value(a).unwrap_or_default();
        deals::insert_step(&mut self.tx, deal_id, stage, &data, 0, me, ts).await?;
        let body = format!("{name}, {position}");
        self.note(
            deal_id,
            ActivityKind::Created,
            Stage::FirstContact,
            &body,
            None,
            None,
        )
        .await?;
        tracing::info!(deal_id, user_id = me, "deal created");
        let d = deals::deal(&mut self.tx, deal_id).await?;
        let client = d.map(|d| d.client_name).unwrap_or_default();
        let text = tr!(
            self.me.lang,
            "deal-created",
            id = deal_id,
            client = client,
            name = name,
            position = position
        );
        let kb = self.after_step_kb(deal_id, Stage::FirstContact);
        self.send(text, kb);
        Ok(deal_id)
    }

    /// Buttons after a step: go on with the next one (where the bot records it), or open the card.
    pub(super) fn after_step_kb(&self, deal_id: i64, done: Stage) -> Kb {
        let mut rows = Vec::new();
        if let Some(next) = done.next() {
            if FormKind::in_bot(next) {
                rows.push(vec![Btn::new(
                    tr!(self.me.lang, "btn-next-step", stage = self.stage_name(next)),
                    Cb::Step {
                        deal: deal_id,
                        stage: next,
                    },
                )]);
            }
        }
        rows.push(vec![
            Btn::new(self.t("btn-open-deal"), Cb::Deal(deal_id)),
            Btn::new(self.t("btn-log"), Cb::Log(deal_id)),
        ]);
        Kb::Inline(rows)
    }

    /// Step 4 answered «moved»: not the step — the meeting is still ahead, at its new time.
    pub(super) async fn meeting_moved(&mut self, d: &deals::Deal, a: &Answers) -> Res {
        let new_at = at(a, "new_at").unwrap_or(self.now.ts);
        let place = self.meeting_place(d.id).await?;
        deals::close_reminders(
            &mut self.tx,
            d.id,
            ReminderKind::Meeting,
            "cancelled",
            self.now.ts,
        )
        .await?;
        self.reminder(d.id, d.manager_id, ReminderKind::Meeting, new_at, &place)
            .await?;
        let text = tr!(self.me.lang, "meeting-moved", at = self.fmt_time(new_at));
        let kb = self.after_step_kb(d.id, d.stage);
        self.send(text, kb);
        Ok(())
    }

    /// The open meeting of a deal: its time and place, wherever it was last moved to.
    pub(super) async fn open_meeting(&mut self, deal_id: i64) -> Res<Option<deals::Reminder>> {
        Ok(deals::reminders_of_deal(&mut self.tx, deal_id)
            .await?
            .into_iter()
            .filter(|r| {
                r.kind == ReminderKind::Meeting && (r.state == "pending" || r.state == "sent")
            })
            .max_by_key(|r| r.id))
    }

    async fn meeting_place(&mut self, deal_id: i64) -> Res<String> {
        Ok(match self.open_meeting(deal_id).await? {
            Some(r) => r.note,
            None => text(
                &self.step_answers(deal_id, Stage::Application).await?,
                "place",
            )
            .unwrap_or_default()
            .to_owned(),
        })
    }

    /// Stores a due date, plans its notices and notes it on the timeline.
    pub(super) async fn reminder(
        &mut self,
        deal_id: i64,
        user_id: i64,
        kind: ReminderKind,
        due: i64,
        note: &str,
    ) -> Res {
        let id = deals::add_reminder(
            &mut self.tx,
            &deals::NewReminder {
                deal_id,
                user_id,
                kind: kind.code(),
                due_at: due,
                note,
                created_by: self.me.user.id,
            },
            self.now.ts,
        )
        .await?;
        crate::reminders::plan_reminder(&mut self.tx, id, self.now.at, self.app.cfg.default_tz)
            .await?;
        self.note_due(deal_id, kind.code(), due).await
    }

    /// A due date set or moved, on the timeline as `kind@unix-seconds` (rendered localized).
    pub(super) async fn note_due(&mut self, deal_id: i64, kind: &str, due: i64) -> Res {
        let Some(stage) = deals::deal(&mut self.tx, deal_id).await?.map(|d| d.stage) else {
            return Ok(());
        };
        let body = format!("{kind}@{due}");
        self.note(deal_id, ActivityKind::Reminder, stage, &body, None, None)
            .await
    }

    pub(super) async fn log_activity(&mut self, deal_id: i64, a: &Answers) -> Res {
        let kind = choice(a, "kind")
            .and_then(ActivityKind::from_code)
            .unwrap_or(ActivityKind::Note);
        let (body, file_id, file_name, duration) = match a.get("body") {
            Some(Answer::Text(t)) => (t.clone(), None, None, None),
            Some(Answer::Voice {
                file_id,
                duration,
                transcript,
            }) => (
                transcript.clone().unwrap_or_default(),
                Some(file_id.clone()),
                None,
                Some(i64::from(*duration)),
            ),
            Some(Answer::File {
                file_id,
                name,
                caption,
                ..
            }) => (
                caption.clone().unwrap_or_default(),
                Some(file_id.clone()),
                Some(name.clone()),
                None,
            ),
            _ => (String::new(), None, None, None),
        };
        // written at the deal's stage as it stands, the client's name read back with it
        let Some((activity_id, _, client)) = deals::log_on_deal(
            &mut self.tx,
            &deals::NewActivity {
                deal_id,
                author_id: Some(self.me.user.id),
                kind: kind.code(),
                stage: "",
                body: &body,
                file_id: file_id.as_deref(),
                file_name: file_name.as_deref(),
                duration_secs: duration,
            },
            self.now.ts,
        )
        .await?
        else {
            return Ok(());
        };
        if kind == ActivityKind::Call {
            deals::close_due(
                &mut self.tx,
                deal_id,
                ReminderKind::Callback.code(),
                self.now.ts,
            )
            .await?;
        }
        tracing::info!(deal_id, kind = kind.code(), "activity logged");
        let text = tr!(
            self.me.lang,
            "activity-logged",
            kind = self.t(&format!("opt-kind-{}", kind.code())),
            id = deal_id,
            client = &client
        );
        let kb = Kb::Inline(vec![vec![
            Btn::new(self.t("btn-open-deal"), Cb::Deal(deal_id)),
            Btn::new(self.t("btn-log-more"), Cb::Log(deal_id)),
        ]]);
        self.send(text, kb);
        if duration.is_some() && !body.is_empty() {
            self.voice_kept(activity_id, deal_id, &body).await?;
        }
        Ok(())
    }

    pub(super) async fn create_invite(&mut self, a: &Answers) -> Res {
        let role = choice(a, "role")
            .and_then(Role::from_code)
            .unwrap_or(Role::Manager);
        let direction = id(a, "direction");
        if role == Role::HeadOfDirection && direction.is_none() {
            let text = self.t("invite-needs-direction");
            let kb = Kb::Inline(vec![vec![Btn::new(
                self.t("btn-add-direction"),
                Cb::AddDirection,
            )]]);
            self.send(text, kb);
            return Ok(());
        }
        let code = Alphanumeric.sample_string(&mut rand::rng(), 20);
        let ts = self.now.ts;
        let expires = ts + Duration::days(INVITE_TTL_DAYS).num_seconds();
        users::create_invite(
            &mut self.tx,
            &code,
            role.code(),
            direction,
            self.me.user.id,
            ts,
            expires,
        )
        .await?;
        let link = format!("https://t.me/{}?start={code}", self.app.bot_username);
        tracing::info!(role = role.code(), "invite created");
        let text = tr!(
            self.me.lang,
            "invite-created",
            role = self.t(&format!("role-{}", role.code())),
            link = link,
            days = INVITE_TTL_DAYS
        );
        self.send(text, Kb::None);
        Ok(())
    }

    pub(super) fn stage_name(&self, s: Stage) -> String {
        tr!(
            self.me.lang,
            "stage-name",
            step = u32::from(s.step()),
            name = self.t(&format!("stage-{}", s.code()))
        )
    }

    pub(super) fn fmt_time(&self, ts: i64) -> String {
        crate::i18n::fmt_moment(self.me.lang, self.me.tz, ts)
    }

    pub(super) fn fmt_day(&self, ts: i64) -> String {
        crate::i18n::fmt_day(self.me.lang, self.me.tz, ts)
    }
}
