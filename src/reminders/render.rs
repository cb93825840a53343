//! The words and buttons of each notification, in the recipient's language and time zone: one
//! renderer per notice kind, picked by [`render`].

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::kind::NoticeKind;
use crate::domain::text::ellipsize;
use crate::domain::Phone;
use crate::i18n::{escape, tr, Lang};
use crate::pipeline::{DealStatus, Stage};
use crate::storage::{deals, notify, notify::Due, users, Conn};
use crate::tr;
use crate::ui::{Btn, Cb, Kb};

/// A rendered notification: text, buttons, and a picture for the digest.
pub struct Rendered {
    pub text: String,
    pub kb: Kb,
    pub photo: Option<Vec<u8>>,
}

/// A notification ready to send, or `None` when it no longer applies (done, cancelled, acted on).
pub async fn render(
    c: &mut Conn,
    n: &Due,
    now: DateTime<Utc>,
    default_tz: Tz,
) -> Result<Option<Rendered>, sqlx::Error> {
    let Some(kind) = NoticeKind::from_code(&n.kind) else {
        tracing::warn!(notification = n.id, kind = %n.kind, "a notice of an unknown kind is dropped");
        return Ok(None);
    };
    let Some(a) = About::read(c, n, now, default_tz).await? else {
        return Ok(None);
    };
    let body = match kind {
        NoticeKind::Due => due(&a),
        NoticeKind::MeetingEve => meeting_ahead(&a, "n-meeting-eve"),
        NoticeKind::MeetingSoon => meeting_ahead(&a, "n-meeting-soon"),
        NoticeKind::MeetingAfter => meeting_after(&a),
        NoticeKind::Agenda => agenda(c, &a).await?,
        NoticeKind::Nudge if n.deal_id.is_none() => nudges(c, n, &a).await?,
        NoticeKind::Nudge => nudge(n, &a),
        NoticeKind::Escalation if n.reminder_id.is_none() => escalations(c, n, &a).await?,
        NoticeKind::Escalation => escalation(c, n, &a).await?,
        NoticeKind::Digest => Some(digest(c, &a).await?),
        NoticeKind::Blocked => Some(blocked(c, n, &a).await?),
    };
    Ok(body.map(|b| b.finish(late_line(&a, n))))
}

/// What one kind of notice says; [`render`] puts the late line above it and shapes the keyboard.
struct Body {
    text: String,
    rows: Vec<Vec<Btn>>,
    photo: Option<Vec<u8>>,
}

impl Body {
    fn new(text: String) -> Self {
        Self {
            text,
            rows: Vec::new(),
            photo: None,
        }
    }

    fn finish(self, late: String) -> Rendered {
        let kb = if self.rows.is_empty() {
            Kb::None
        } else {
            Kb::Inline(self.rows)
        };
        Rendered {
            text: late + &self.text,
            kb,
            photo: self.photo,
        }
    }
}

/// The recipient and what the notice is about, read once for whichever renderer runs.
struct About {
    user: users::User,
    lang: Lang,
    tz: Tz,
    now: DateTime<Utc>,
    reminder: Option<deals::Reminder>,
    deal: Option<deals::Deal>,
}

impl About {
    /// `None` when the recipient is gone.
    async fn read(
        c: &mut Conn,
        n: &Due,
        now: DateTime<Utc>,
        default_tz: Tz,
    ) -> Result<Option<Self>, sqlx::Error> {
        let Some(user) = users::by_id(c, n.user_id).await? else {
            return Ok(None);
        };
        let reminder = match n.reminder_id {
            Some(id) => deals::reminder(c, id).await?,
            None => None,
        };
        let deal = match n.deal_id {
            Some(id) => deals::deal(c, id).await?,
            None => None,
        };
        Ok(Some(Self {
            lang: Lang::from_code(&user.locale),
            tz: super::tz_of(&user, default_tz),
            user,
            now,
            reminder,
            deal,
        }))
    }

    /// A moment as the recipient reads it.
    fn time(&self, ts: i64) -> String {
        DateTime::from_timestamp(ts, 0)
            .map(|t| crate::i18n::fmt_moment(self.lang, self.tz, t.timestamp()))
            .unwrap_or_default()
    }

    /// The reminder, while it still waits to be acted on.
    fn open_reminder(&self) -> Option<&deals::Reminder> {
        self.reminder
            .as_ref()
            .filter(|r| r.state == "pending" || r.state == "sent")
    }

    /// The deal's line and its contact's line, under a notice's first sentence.
    fn deal_lines(&self) -> String {
        let Some(d) = &self.deal else {
            return String::new();
        };
        let lang = self.lang;
        let stage = tr!(
            lang,
            "stage-name",
            step = u32::from(d.stage.step()),
            name = tr(lang, &format!("stage-{}", d.stage.code()))
        );
        let line = tr!(
            lang,
            "n-deal-line",
            id = d.id,
            client = &d.client_name,
            stage = stage
        );
        let phone = d
            .contact_phone
            .clone()
            .map(|p| format!(" · {}", Phone::from_stored(p)))
            .unwrap_or_default();
        format!(
            "\n{line}\n👤 {}, {}{phone}",
            escape(&d.contact_name),
            escape(&d.contact_position)
        )
    }

    /// A reminder kind's name in the recipient's language.
    fn reminder_kind(&self, code: &str) -> String {
        tr(self.lang, &format!("reminder-{code}"))
    }
}

/// The line that owns up to a notice sent well after its time (the bot was down).
fn late_line(a: &About, n: &Due) -> String {
    if a.now.timestamp() - n.send_at > super::schedule::LATE_AFTER_SECS {
        format!("{}\n", tr!(a.lang, "n-late", at = a.time(n.send_at)))
    } else {
        String::new()
    }
}

/// A reminder's time has come: done, snooze or move it.
fn due(a: &About) -> Option<Body> {
    let r = a.open_reminder()?;
    let lang = a.lang;
    let mut text = tr!(
        lang,
        "n-due",
        kind = a.reminder_kind(r.kind.code()),
        at = a.time(r.due_at)
    );
    if !r.note.is_empty() {
        text.push_str(&format!("\n📝 {}", escape(&r.note)));
    }
    text.push_str(&a.deal_lines());
    let mut body = Body::new(text);
    body.rows.push(vec![
        Btn::new(tr(lang, "btn-r-done"), Cb::ReminderDone(r.id)),
        Btn::new(tr(lang, "btn-r-snooze"), Cb::SnoozeMenu(r.id)),
        Btn::new(tr(lang, "btn-r-move"), Cb::Reschedule(r.id)),
    ]);
    Some(body)
}

/// The evening before or shortly before a meeting (`key` says which); none once it has begun,
/// as the follow-up comes then.
fn meeting_ahead(a: &About, key: &str) -> Option<Body> {
    let r = a.open_reminder().filter(|r| r.due_at > a.now.timestamp())?;
    let lang = a.lang;
    let mut text = tr!(lang, key, at = a.time(r.due_at), place = &r.note);
    text.push_str(&a.deal_lines());
    text.push_str("\n\n");
    text.push_str(&tr(lang, "n-meeting-advice"));
    let mut body = Body::new(text);
    body.rows
        .push(vec![Btn::new(tr(lang, "btn-r-move"), Cb::Reschedule(r.id))]);
    Some(body)
}

/// After a meeting: a prompt to log how it went, with the deal's meeting step one tap away.
fn meeting_after(a: &About) -> Option<Body> {
    let r = a.open_reminder()?;
    let lang = a.lang;
    let mut body = Body::new(tr!(lang, "n-meeting-after", at = a.time(r.due_at)));
    body.text.push_str(&a.deal_lines());
    if let Some(d) = &a.deal {
        body.rows.push(vec![Btn::new(
            tr(lang, "btn-r-log-meeting"),
            Cb::Step {
                deal: d.id,
                stage: Stage::Meeting,
            },
        )]);
    }
    Some(body)
}

/// The morning agenda: today's items, then up to 15 overdue ones, and up to 8 of their deals.
async fn agenda(c: &mut Conn, a: &About) -> Result<Option<Body>, sqlx::Error> {
    let local_today = a.now.with_timezone(&a.tz).date_naive();
    let start = super::schedule::at_local(local_today, 0, a.tz).unwrap_or(a.now);
    let end = start + Duration::days(1);
    let items = deals::agenda_items(c, a.user.id, end.timestamp()).await?;
    if items.is_empty() {
        return Ok(None);
    }
    let (overdue, today): (Vec<_>, Vec<_>) =
        items.iter().partition(|i| i.due_at < start.timestamp());
    let mut body = Body::new(tr!(
        a.lang,
        "n-agenda",
        date = local_today.format("%d.%m").to_string(),
        count = items.len()
    ));
    for i in &today {
        body.text.push_str(&agenda_line(a, i, "%H:%M"));
    }
    if !overdue.is_empty() {
        body.text.push_str("\n\n");
        body.text
            .push_str(&tr!(a.lang, "n-agenda-overdue", count = overdue.len()));
        for i in overdue.iter().take(15) {
            body.text.push_str(&agenda_line(a, i, "%d.%m %H:%M"));
        }
    }
    body.rows = agenda_deal_buttons(&items);
    Ok(Some(body))
}

/// One agenda item: when (as `fmt` in the recipient's zone), what, for whom, and its note.
fn agenda_line(a: &About, i: &deals::AgendaItem, fmt: &str) -> String {
    let when = DateTime::from_timestamp(i.due_at, 0)
        .map(|t| t.with_timezone(&a.tz).format(fmt).to_string())
        .unwrap_or_default();
    let client = i
        .client_name
        .as_deref()
        .map(|c| format!(" — {}", escape(c)))
        .unwrap_or_default();
    let note = if i.note.is_empty() {
        String::new()
    } else {
        format!(" ({})", escape(&ellipsize(&i.note, 40)))
    };
    format!("\n• {when} {}{client}{note}", a.reminder_kind(&i.kind))
}

/// A button for each of the first 8 deals the agenda names, each once.
fn agenda_deal_buttons(items: &[deals::AgendaItem]) -> Vec<Vec<Btn>> {
    let mut rows = Vec::new();
    let mut seen = Vec::new();
    for i in items.iter().filter_map(|i| i.deal_id.map(|d| (d, i))) {
        if seen.contains(&i.0) || seen.len() >= 8 {
            continue;
        }
        seen.push(i.0);
        let label = format!("№{} {}", i.0, i.1.client_name.clone().unwrap_or_default());
        rows.push(vec![Btn::new(ellipsize(&label, 40), Cb::Deal(i.0))]);
    }
    rows
}

/// Grouped: every deal of this manager the pass found silent, in one message.
async fn nudges(c: &mut Conn, n: &Due, a: &About) -> Result<Option<Body>, sqlx::Error> {
    let (list, total) = notify::nudged_at(c, n.user_id, n.created_at, 8).await?;
    if list.is_empty() {
        return Ok(None);
    }
    let lang = a.lang;
    let mut body = Body::new(tr!(lang, "n-nudges", count = total));
    for d in &list {
        let days = (a.now.timestamp() - d.last_activity_at) / 86400;
        let stage = Stage::from_code(&d.stage)
            .map(|s| tr(lang, &format!("stage-{}", s.code())))
            .unwrap_or_default();
        body.text.push_str(&format!(
            "\n• №{} {} · {} · {}",
            d.id,
            escape(&ellipsize(&d.client_name, 40)),
            stage,
            tr!(lang, "n-days-silent", days = days)
        ));
        body.rows.push(vec![Btn::new(
            ellipsize(&format!("№{} {}", d.id, d.client_name), 40),
            Cb::Deal(d.id),
        )]);
    }
    push_and_more(&mut body.text, lang, total, list.len());
    body.rows.push(vec![Btn::new(
        tr(lang, "btn-all-deals"),
        Cb::Deals { page: 0 },
    )]);
    Ok(Some(body))
}

/// One silent deal, while it is still open and still silent since the notice was queued.
fn nudge(n: &Due, a: &About) -> Option<Body> {
    let d = a
        .deal
        .as_ref()
        .filter(|d| d.status == DealStatus::Open && d.last_activity_at <= n.created_at)?;
    let lang = a.lang;
    let days = (a.now.timestamp() - d.last_activity_at) / 86400;
    let mut body = Body::new(tr!(lang, "n-nudge", days = days));
    body.text.push_str(&a.deal_lines());
    body.rows.push(vec![
        Btn::new(tr(lang, "btn-open-deal"), Cb::Deal(d.id)),
        Btn::new(tr(lang, "btn-log"), Cb::Log(d.id)),
    ]);
    Some(body)
}

/// Grouped: the overdue items this pass escalated, in the head's scope (a head of direction sees
/// their direction's), with up to 8 deal buttons and the whole list one tap away.
async fn escalations(c: &mut Conn, n: &Due, a: &About) -> Result<Option<Body>, sqlx::Error> {
    let u = &a.user;
    let direction = match u.role {
        crate::domain::Role::HeadOfSales => None,
        _ => u.direction_id.or(Some(-1)),
    };
    let (list, total) = notify::escalated_at(c, n.created_at, direction, u.id, 8).await?;
    if list.is_empty() {
        return Ok(None);
    }
    let lang = a.lang;
    let mut body = Body::new(tr!(lang, "n-escalations", count = total));
    for e in &list {
        body.text.push_str(&escalated_line(a, e));
        if let Some(id) = e.deal_id {
            if body.rows.len() < 8 {
                let label = format!("№{id} {}", e.client_name.clone().unwrap_or_default());
                body.rows
                    .push(vec![Btn::new(ellipsize(&label, 40), Cb::Deal(id))]);
            }
        }
    }
    push_and_more(&mut body.text, lang, total, list.len());
    body.rows.push(vec![overdue_list_button(lang)]);
    Ok(Some(body))
}

/// One escalated item: its kind, when it was due, its deal, and whose it is.
fn escalated_line(a: &About, e: &notify::Escalated) -> String {
    let kind = crate::pipeline::ReminderKind::from_code(&e.kind)
        .map(|k| a.reminder_kind(k.code()))
        .unwrap_or_default();
    let deal = match (e.deal_id, &e.client_name) {
        (Some(id), Some(client)) => format!(" · №{id} {}", escape(&ellipsize(client, 40))),
        _ => String::new(),
    };
    format!(
        "\n• {kind}, {}{deal} · {}",
        a.time(e.due_at),
        escape(&e.manager_name)
    )
}

/// The month's overdue list in the head's report, where the whole of it can be read.
fn overdue_list_button(lang: Lang) -> Btn {
    Btn::new(
        tr(lang, "btn-overdue-list"),
        Cb::Report {
            report: crate::ui::callbacks::Report::Drill {
                check: crate::pipeline::Check::Overdue,
            },
            view: crate::ui::callbacks::View {
                period: crate::reports::period::Period::Month,
                manager: None,
                direction: None,
            },
        },
    )
}

/// One overdue reminder of a manager (`subject_user_id`), told to a head while it is still open.
async fn escalation(c: &mut Conn, n: &Due, a: &About) -> Result<Option<Body>, sqlx::Error> {
    let Some(r) = a.open_reminder() else {
        return Ok(None);
    };
    let manager = subject_name(c, n).await?;
    let lang = a.lang;
    let mut body = Body::new(tr!(
        lang,
        "n-escalation",
        kind = a.reminder_kind(r.kind.code()),
        at = a.time(r.due_at),
        manager = manager
    ));
    body.text.push_str(&a.deal_lines());
    if let Some(d) = &a.deal {
        body.rows
            .push(vec![Btn::new(tr(lang, "btn-open-deal"), Cb::Deal(d.id))]);
    }
    Ok(Some(body))
}

/// On Monday morning: the whole week before, against the week before it, with the funnel.
async fn digest(c: &mut Conn, a: &About) -> Result<Body, sqlx::Error> {
    use crate::reports::{funnel, period::Period, period_label, report_for, report_text};
    let (lang, now, tz) = (a.lang, a.now, a.tz);
    let period = Period::LastWeek;
    let f = crate::storage::reports::Filter::default();
    let (s, outlook) = report_for(c, f, period, now, tz).await?;
    let label = period_label(lang, period, now, tz);
    let scope = tr(lang, "report-everyone");
    let (pf, pt) = period.previous_bounds(now, tz);
    let labels = crate::reports::OutlookLabels {
        before: crate::reports::window_label(pf, pt, tz),
        end: String::new(),
    };
    let mut body = Body::new(tr(lang, "n-digest"));
    body.text.push('\n');
    body.text
        .push_str(&report_text(lang, &s, (&outlook, &labels), &label, &scope));
    body.rows.push(vec![Btn::new(
        tr(lang, "btn-open-pipeline"),
        Cb::Report {
            report: crate::ui::callbacks::Report::Summary,
            view: crate::ui::callbacks::View {
                period: Period::LastWeek,
                manager: None,
                direction: None,
            },
        },
    )]);
    body.photo = Some(funnel(&s, lang, &label, &scope));
    Ok(body)
}

/// A user (`subject_user_id`) blocked the bot.
async fn blocked(c: &mut Conn, n: &Due, a: &About) -> Result<Body, sqlx::Error> {
    let name = subject_name(c, n).await?;
    Ok(Body::new(tr!(a.lang, "n-blocked", name = name)))
}

/// The name of the person a notice is about (not its recipient); empty when there is none.
async fn subject_name(c: &mut Conn, n: &Due) -> Result<String, sqlx::Error> {
    Ok(match n.subject_user_id {
        Some(id) => users::by_id(c, id)
            .await?
            .map(|m| m.name)
            .unwrap_or_default(),
        None => String::new(),
    })
}

/// «…and N more» under a list that shows only the first `shown` of `total`.
fn push_and_more(text: &mut String, lang: Lang, total: i64, shown: usize) {
    if total > shown as i64 {
        text.push_str(&format!(
            "\n{}",
            tr!(lang, "n-and-more", count = total - shown as i64)
        ));
    }
}
