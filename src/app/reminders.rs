//! Reminders in chat: the buttons under a reminder (done, snooze, move), «Напомнить» on a deal,
//! the personal schedule in /settings, and the heads' silence limits in /limits.

use chrono::{Duration, Weekday};

use super::{Btn, Cb, Ctx, Kb, Out, Res};
use crate::dialogue::{Answer, Answers, FormKind, FormState};
use crate::i18n::escape;
use crate::pipeline::{ReminderKind, Stage, STAGES};
use crate::reminders::schedule::{at_local, fmt_clock};
use crate::reminders::{plan_reminder, schedule_of};
use crate::storage::{deals, notify, users};
use crate::tr;

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl Ctx<'_> {
    /// The user's own reminder, still open; otherwise a clear answer and `None`.
    async fn own_open_reminder(&mut self, id: i64) -> Res<Option<deals::Reminder>> {
        match deals::reminder(&mut self.tx, id).await? {
            Some(r) if r.user_id != self.me.user.id => {
                let text = self.t("reminder-not-yours");
                self.toast(text, true);
                Ok(None)
            }
            Some(r) if r.state == "pending" || r.state == "sent" => Ok(Some(r)),
            Some(_) => {
                let text = self.t("reminder-already-closed");
                self.toast(text, true);
                Ok(None)
            }
            None => {
                let text = self.t("err-stale-button");
                self.toast(text, false);
                Ok(None)
            }
        }
    }

    /// Replaces the buttons under the reminder message with what was done about it.
    fn settle_message(&mut self, line: String) {
        if let Some(cb) = self.out.callback.as_ref() {
            if let (Some(message_id), Some(text)) = (cb.message_id, cb.message_text.clone()) {
                self.out.msgs.push(Out::Edit {
                    chat: self.chat,
                    message_id,
                    text: format!("{}\n\n{}", escape(&text), line),
                    kb: Kb::None,
                });
            }
        }
    }

    /// «Готово»: the reminder is done, and the matching step or action log opens.
    pub(super) async fn reminder_done(&mut self, id: i64) -> Res {
        let Some(r) = self.own_open_reminder(id).await? else {
            return Ok(());
        };
        deals::finish_reminder(&mut self.tx, id, "done", self.now.ts).await?;
        let line = self.t("reminder-marked-done");
        self.settle_message(line);
        let Some(deal_id) = r.deal_id else {
            return Ok(());
        };
        let kind = r.kind;
        let deal = deals::deal(&mut self.tx, deal_id).await?;
        // the step the due item pointed at, when it is the deal's next one (payments repeat)
        let step = kind.leads_to().filter(|target| {
            deal.as_ref().is_some_and(|d| {
                d.status == crate::pipeline::DealStatus::Open
                    && (d.stage.next() == Some(*target)
                        || (*target == Stage::Payment && d.stage == Stage::Invoice))
            })
        });
        match step {
            Some(target) => self.next_step(deal_id, target).await,
            None => {
                let log_kind = match kind {
                    ReminderKind::Callback
                    | ReminderKind::ContractDiscussion
                    | ReminderKind::PaymentCheck => "call",
                    ReminderKind::Meeting | ReminderKind::Signing => "meeting",
                    ReminderKind::Custom => "note",
                };
                let mut fs = FormState::new(FormKind::LogActivity { deal_id });
                fs.answers
                    .insert("kind".into(), Answer::Choice(log_kind.into()));
                if self.visible_deal(deal_id).await?.is_some() {
                    self.ask(fs, None).await?;
                }
                Ok(())
            }
        }
    }

    /// «Отложить»: quick choices under the reminder.
    pub(super) async fn snooze_menu(&mut self, id: i64) -> Res {
        if self.own_open_reminder(id).await?.is_none() {
            return Ok(());
        }
        let kb = Kb::Inline(vec![
            vec![
                Btn::new(
                    self.t("quick-in-15-min"),
                    Cb::SnoozeQuick {
                        reminder: id,
                        by: crate::ui::callbacks::Snooze::Minutes(15),
                    },
                ),
                Btn::new(
                    self.t("quick-in-1-hour"),
                    Cb::SnoozeQuick {
                        reminder: id,
                        by: crate::ui::callbacks::Snooze::Minutes(60),
                    },
                ),
            ],
            vec![
                Btn::new(
                    self.t("quick-tomorrow-9"),
                    Cb::SnoozeQuick {
                        reminder: id,
                        by: crate::ui::callbacks::Snooze::TomorrowMorning,
                    },
                ),
                Btn::new(self.t("btn-own-time"), Cb::SnoozeOwn(id)),
            ],
        ]);
        if let Some(mid) = self.out.callback.as_ref().and_then(|c| c.message_id) {
            let text = self
                .out
                .callback
                .as_ref()
                .and_then(|c| c.message_text.clone())
                .unwrap_or_default();
            self.out.msgs.push(Out::Edit {
                chat: self.chat,
                message_id: mid,
                text: escape(&text),
                kb,
            });
        }
        Ok(())
    }

    /// A quick snooze: 15 minutes, an hour, or tomorrow 9:00 in the user's time zone.
    pub(super) async fn snooze_quick(&mut self, id: i64, by: crate::ui::callbacks::Snooze) -> Res {
        use crate::ui::callbacks::Snooze;
        if self.own_open_reminder(id).await?.is_none() {
            return Ok(());
        }
        let due = match by {
            Snooze::TomorrowMorning => {
                let tomorrow =
                    self.now.at.with_timezone(&self.me.tz).date_naive() + Duration::days(1);
                at_local(tomorrow, 9 * 60, self.me.tz).unwrap_or(self.now.at + Duration::days(1))
            }
            Snooze::Minutes(m) => self.now.at + Duration::minutes(i64::from(m)),
        };
        self.move_reminder(id, due.timestamp(), "reminder-snoozed")
            .await
    }

    async fn move_reminder(&mut self, id: i64, due: i64, key: &str) -> Res {
        let Some(r) = deals::reminder(&mut self.tx, id).await? else {
            return Ok(());
        };
        deals::move_reminder(&mut self.tx, id, due).await?;
        plan_reminder(&mut self.tx, id, self.now.at, self.app.cfg.default_tz).await?;
        if let Some(deal_id) = r.deal_id {
            self.note_due(deal_id, r.kind.code(), due).await?;
        }
        let line = tr!(self.me.lang, key, at = self.fmt_time(due));
        if self
            .out
            .callback
            .as_ref()
            .is_some_and(|c| c.message_text.is_some() && !c.answered)
        {
            self.settle_message(line);
        } else {
            self.send(line, Kb::None);
        }
        Ok(())
    }

    /// Completes the reminder and schedule forms.
    pub(super) async fn complete_reminder_form(&mut self, kind: FormKind, a: &Answers) -> Res {
        let at = |k: &str| match a.get(k) {
            Some(Answer::At(t)) => Some(*t),
            _ => None,
        };
        let num = |k: &str| match a.get(k) {
            Some(Answer::Num(n)) => Some(*n),
            _ => None,
        };
        match kind {
            FormKind::Snooze { reminder_id } => {
                if let Some(due) = at("when") {
                    self.move_reminder(reminder_id, due, "reminder-snoozed")
                        .await?;
                }
                Ok(())
            }
            FormKind::Reschedule { reminder_id } => {
                if let Some(due) = at("when") {
                    self.move_reminder(reminder_id, due, "reminder-moved")
                        .await?;
                }
                Ok(())
            }
            FormKind::CustomReminder { deal_id } => {
                if deals::deal(&mut self.tx, deal_id).await?.is_none() {
                    return Ok(());
                }
                let what = match a.get("what") {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                let due = at("when").unwrap_or(self.now.ts);
                self.reminder(deal_id, self.me.user.id, ReminderKind::Custom, due, &what)
                    .await?;
                let text = tr!(
                    self.me.lang,
                    "reminder-set",
                    at = self.fmt_time(due),
                    what = what
                );
                let kb = Kb::Inline(vec![vec![Btn::new(
                    self.t("btn-open-deal"),
                    Cb::Deal(deal_id),
                )]]);
                self.send(text, kb);
                Ok(())
            }
            FormKind::AgendaTime => {
                if let Some(m) = num("at") {
                    let u = &self.me.user;
                    users::set_schedule(
                        &mut self.tx,
                        u.id,
                        m,
                        u.work_days,
                        u.work_start,
                        u.work_end,
                    )
                    .await?;
                    self.me.user.agenda_minute = m;
                }
                self.settings().await
            }
            FormKind::WorkHours => {
                if let Some(Answer::Span(s, e)) = a.get("hours") {
                    let u = &self.me.user;
                    users::set_schedule(&mut self.tx, u.id, u.agenda_minute, u.work_days, *s, *e)
                        .await?;
                    self.me.user.work_start = *s;
                    self.me.user.work_end = *e;
                }
                self.settings().await
            }
            FormKind::Pause => {
                if let Some(until) = at("until") {
                    users::set_paused_until(&mut self.tx, self.me.user.id, Some(until)).await?;
                    self.me.user.paused_until = Some(until);
                    let text = tr!(self.me.lang, "paused", until = self.fmt_day(until));
                    self.send(text, Kb::None);
                }
                self.settings().await
            }
            FormKind::WinRate { stage } => {
                let key = format!("win_pct_{}", stage.code());
                match num("pct") {
                    Some(pct) => notify::set_setting(&mut self.tx, &key, pct).await?,
                    None => notify::remove_setting(&mut self.tx, &key).await?,
                }
                self.win_rates().await
            }
            FormKind::StageLimit { stage } => {
                if let Some(days) = num("days") {
                    notify::set_stage_limit(&mut self.tx, stage.code(), days).await?;
                }
                self.limits().await
            }
            FormKind::EscalateHours => {
                if let Some(h) = num("hours") {
                    notify::set_setting(&mut self.tx, "escalate_after_hours", h).await?;
                }
                self.limits().await
            }
            FormKind::MeetingNotices => {
                if let (Some(eve), Some(before)) = (num("eve"), num("before")) {
                    notify::set_setting(&mut self.tx, "meeting_eve_minute", eve).await?;
                    notify::set_setting(&mut self.tx, "meeting_soon_minutes", before).await?;
                }
                self.limits().await
            }
            FormKind::DayParts => {
                if let (Some(morning), Some(lunch), Some(evening)) =
                    (num("morning"), num("lunch"), num("evening"))
                {
                    let parts = crate::domain::DayParts {
                        morning: morning as u32,
                        lunch: lunch as u32,
                        evening: evening as u32,
                    };
                    notify::set_day_parts(&mut self.tx, &parts).await?;
                }
                self.limits().await
            }
            FormKind::DigestTime => {
                if let (Some(Answer::Choice(day)), Some(at)) = (a.get("day"), num("at")) {
                    notify::set_setting(&mut self.tx, "digest_weekday", day.parse().unwrap_or(1))
                        .await?;
                    notify::set_setting(&mut self.tx, "digest_minute", at).await?;
                }
                self.limits().await
            }
            _ => Ok(()),
        }
    }

    /// Guards for the reminder and schedule forms; true when the form may start.
    pub(super) async fn reminder_form_allowed(&mut self, kind: FormKind) -> Res<bool> {
        Ok(match kind {
            FormKind::Snooze { reminder_id } | FormKind::Reschedule { reminder_id } => {
                self.own_open_reminder(reminder_id).await?.is_some()
            }
            FormKind::CustomReminder { deal_id } => self.visible_deal(deal_id).await?.is_some(),
            FormKind::StageLimit { .. }
            | FormKind::WinRate { .. }
            | FormKind::EscalateHours
            | FormKind::MeetingNotices
            | FormKind::DigestTime
            | FormKind::DayParts => self.require_head(),
            _ => true,
        })
    }

    pub(super) async fn toggle_work_day(&mut self, day: i64) -> Res {
        if !(0..7).contains(&day) {
            return Ok(());
        }
        let days = self.me.user.work_days ^ (1 << day);
        if days & 0x7f == 0 {
            let text = self.t("err-no-work-days");
            self.toast(text, true);
            return Ok(());
        }
        let u = &self.me.user;
        users::set_schedule(
            &mut self.tx,
            u.id,
            u.agenda_minute,
            days,
            u.work_start,
            u.work_end,
        )
        .await?;
        self.me.user.work_days = days;
        self.settings().await
    }

    pub(super) async fn unpause(&mut self) -> Res {
        users::set_paused_until(&mut self.tx, self.me.user.id, None).await?;
        self.me.user.paused_until = None;
        let text = self.t("unpaused");
        self.toast(text, false);
        self.settings().await
    }

    pub(super) async fn settings(&mut self) -> Res {
        let s = schedule_of(&self.me.user);
        let days: Vec<String> = WEEKDAYS
            .iter()
            .enumerate()
            .filter(|(i, _)| s.days & (1 << i) != 0)
            .map(|(_, d)| self.t(&format!("wd-{}", d.num_days_from_monday())))
            .collect();
        let pause = match self.me.user.paused_until.filter(|p| *p > self.now.ts) {
            Some(p) => tr!(self.me.lang, "settings-paused", until = self.fmt_time(p)),
            None => self.t("settings-not-paused"),
        };
        let text = tr!(
            self.me.lang,
            "settings-title",
            tz = &self.me.user.timezone,
            lang = self.t("lang-name"),
            agenda = fmt_clock(self.me.user.agenda_minute as u32),
            days = days.join(", "),
            hours = format!("{}–{}", fmt_clock(s.start), fmt_clock(s.end)),
            pause = pause
        );
        let day_buttons: Vec<Btn> = WEEKDAYS
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mark = if s.days & (1 << i) != 0 {
                    "✅"
                } else {
                    "▫️"
                };
                Btn::new(
                    format!(
                        "{mark}{}",
                        self.t(&format!("wd-{}", d.num_days_from_monday()))
                    ),
                    Cb::WorkDay(i as u8),
                )
            })
            .collect();
        let other = match self.me.lang {
            crate::i18n::Lang::Ru => (self.t("btn-lang-switch"), Cb::Lang("en".into())),
            crate::i18n::Lang::En => (self.t("btn-lang-switch"), Cb::Lang("ru".into())),
        };
        let pause_btn = if self.me.user.paused_until.is_some_and(|p| p > self.now.ts) {
            Btn::new(self.t("btn-unpause"), Cb::Unpause)
        } else {
            Btn::new(self.t("btn-pause"), Cb::Pause)
        };
        let kb = Kb::Inline(vec![
            vec![
                Btn::new(self.t("btn-timezone"), Cb::Timezone),
                Btn::new(other.0, other.1),
            ],
            vec![
                Btn::new(self.t("btn-agenda-time"), Cb::AgendaTime),
                Btn::new(self.t("btn-work-hours"), Cb::WorkHours),
            ],
            day_buttons,
            vec![pause_btn],
        ]);
        self.show(text, kb);
        Ok(())
    }

    /// /limits: days of silence per stage before a nudge, and when overdue items go to the heads.
    pub(super) async fn limits(&mut self) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let limits = notify::stage_limits(&mut self.tx).await?;
        let hours = notify::setting(&mut self.tx, "escalate_after_hours", 24).await?;
        let eve = notify::setting(&mut self.tx, "meeting_eve_minute", 18 * 60).await?;
        let before = notify::setting(&mut self.tx, "meeting_soon_minutes", 60).await?;
        let day = notify::setting(&mut self.tx, "digest_weekday", 1).await?;
        let at = notify::setting(&mut self.tx, "digest_minute", 540).await?;
        let mut text = tr!(self.me.lang, "limits-title", hours = hours);
        text.push('\n');
        text.push_str(&tr!(
            self.me.lang,
            "limits-notices",
            eve = fmt_clock(eve as u32),
            before = before,
            day = self.t(&format!("opt-day-{day}")),
            at = fmt_clock(at as u32)
        ));
        let parts = notify::day_parts(&mut self.tx).await?;
        text.push('\n');
        text.push_str(&tr!(
            self.me.lang,
            "limits-parts",
            morning = fmt_clock(parts.morning),
            lunch = fmt_clock(parts.lunch),
            evening = fmt_clock(parts.evening)
        ));
        text.push('\n');
        let mut rows = Vec::new();
        let mut row = Vec::new();
        for s in STAGES {
            let days = limits
                .iter()
                .find(|l| l.stage == s.code)
                .map(|l| l.days)
                .unwrap_or(0);
            text.push_str(&format!(
                "\n{} — {}",
                self.stage_name(s.stage()),
                tr!(self.me.lang, "days", n = days)
            ));
            row.push(Btn::new(
                format!("{}: {days}", s.step),
                Cb::StageLimit(s.stage()),
            ));
            if row.len() == 4 {
                rows.push(std::mem::take(&mut row));
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
        rows.push(vec![Btn::new(
            self.t("btn-escalate-hours"),
            Cb::EscalateHours,
        )]);
        rows.push(vec![
            Btn::new(self.t("btn-meeting-notices"), Cb::MeetingNotices),
            Btn::new(self.t("btn-digest-time"), Cb::DigestTime),
        ]);
        rows.push(vec![
            Btn::new(self.t("btn-day-parts"), Cb::DayParts),
            Btn::new(self.t("btn-win-rates"), Cb::WinRates),
        ]);
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    /// The forecast's win probability per step, with where each comes from, and buttons to set one.
    pub(super) async fn win_rates(&mut self) -> Res {
        if !self.require_head() {
            return Ok(());
        }
        let rates = crate::reports::win_rates_now(&mut self.tx, self.now.at).await?;
        let mut text = self.t("winrates-title");
        let mut rows = Vec::new();
        let mut row = Vec::new();
        for (stage, pct, source) in &rates {
            let source = match source {
                crate::reports::summary::RateSource::History => "winrate-history",
                crate::reports::summary::RateSource::Default => "winrate-default",
                crate::reports::summary::RateSource::Set => "winrate-set",
            };
            text.push_str(&format!(
                "\n{} — {pct}% <i>({})</i>",
                self.stage_name(*stage),
                self.t(source)
            ));
            row.push(Btn::new(
                format!("{}: {pct}%", stage.step()),
                Cb::WinRate(*stage),
            ));
            if row.len() == 4 {
                rows.push(std::mem::take(&mut row));
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
        rows.push(vec![Btn::new(self.t("btn-back-to-limits"), Cb::Limits)]);
        self.show(text, Kb::Inline(rows));
        Ok(())
    }

    /// Whether the form being filled is one of the reminder or schedule forms.
    pub(super) fn is_reminder_form(kind: FormKind) -> bool {
        matches!(
            kind,
            FormKind::Snooze { .. }
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
                | FormKind::DayParts
        )
    }
}
