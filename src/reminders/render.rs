//! The words and buttons of each notification, in the recipient's language and time zone.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

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
    let Some(u) = users::by_id(c, n.user_id).await? else {
        return Ok(None);
    };
    let lang = Lang::from_code(&u.locale);
    let tz = super::tz_of(&u, default_tz);
    let time = |ts: i64| {
        DateTime::from_timestamp(ts, 0)
            .map(|t| crate::i18n::fmt_moment(lang, tz, t.timestamp()))
            .unwrap_or_default()
    };
    let reminder = match n.reminder_id {
        Some(id) => deals::reminder(c, id).await?,
        None => None,
    };
    let deal = match n.deal_id {
        Some(id) => deals::deal(c, id).await?,
        None => None,
    };
    let open_reminder = reminder
        .as_ref()
        .is_some_and(|r| r.state == "pending" || r.state == "sent");
    let who = deal.as_ref().map(|d| {
        let phone = d
            .contact_phone
            .clone()
            .map(|p| format!(" · {}", Phone::from_stored(p)))
            .unwrap_or_default();
        format!(
            "{}, {}{}",
            escape(&d.contact_name),
            escape(&d.contact_position),
            phone
        )
    });
    let deal_line = deal.as_ref().map(|d| {
        let s = d.stage;
        let stage = tr!(
            lang,
            "stage-name",
            step = u32::from(s.step()),
            name = tr(lang, &format!("stage-{}", s.code()))
        );
        tr!(
            lang,
            "n-deal-line",
            id = d.id,
            client = &d.client_name,
            stage = stage
        )
    });
    let deal_btn = |label: &str| {
        deal.as_ref()
            .map(|d| Btn::new(tr(lang, label), Cb::Deal(d.id)))
    };

    let mut text = String::new();
    if now.timestamp() - n.send_at > super::schedule::LATE_AFTER_SECS {
        text.push_str(&tr!(lang, "n-late", at = time(n.send_at)));
        text.push('\n');
    }
    let mut rows: Vec<Vec<Btn>> = Vec::new();
    match n.kind.as_str() {
        "due" => {
            let Some(r) = reminder.filter(|_| open_reminder) else {
                return Ok(None);
            };
            text.push_str(&tr!(
                lang,
                "n-due",
                kind = tr(lang, &format!("reminder-{}", r.kind.code())),
                at = time(r.due_at)
            ));
            if !r.note.is_empty() {
                text.push_str(&format!("\n📝 {}", escape(&r.note)));
            }
            push_lines(&mut text, &deal_line, &who);
            rows.push(vec![
                Btn::new(tr(lang, "btn-r-done"), Cb::ReminderDone(r.id)),
                Btn::new(tr(lang, "btn-r-snooze"), Cb::SnoozeMenu(r.id)),
                Btn::new(tr(lang, "btn-r-move"), Cb::Reschedule(r.id)),
            ]);
        }
        "meeting_eve" | "meeting_soon" => {
            // a notice about a meeting that has already begun is no use (the follow-up comes)
            let Some(r) = reminder.filter(|r| open_reminder && r.due_at > now.timestamp()) else {
                return Ok(None);
            };
            let key = if n.kind == "meeting_eve" {
                "n-meeting-eve"
            } else {
                "n-meeting-soon"
            };
            text.push_str(&tr!(lang, key, at = time(r.due_at), place = &r.note));
            push_lines(&mut text, &deal_line, &who);
            text.push_str("\n\n");
            text.push_str(&tr(lang, "n-meeting-advice"));
            rows.push(vec![Btn::new(tr(lang, "btn-r-move"), Cb::Reschedule(r.id))]);
        }
        "meeting_after" => {
            let Some(r) = reminder.filter(|_| open_reminder) else {
                return Ok(None);
            };
            text.push_str(&tr!(lang, "n-meeting-after", at = time(r.due_at)));
            push_lines(&mut text, &deal_line, &who);
            if let Some(d) = &deal {
                rows.push(vec![Btn::new(
                    tr(lang, "btn-r-log-meeting"),
                    Cb::Step {
                        deal: d.id,
                        stage: crate::pipeline::Stage::Meeting,
                    },
                )]);
            }
        }
        "agenda" => {
            let local_today = now.with_timezone(&tz).date_naive();
            let start = super::schedule::at_local(local_today, 0, tz).unwrap_or(now);
            let end = start + Duration::days(1);
            let items = deals::agenda_items(c, u.id, end.timestamp()).await?;
            if items.is_empty() {
                return Ok(None);
            }
            let (overdue, today): (Vec<_>, Vec<_>) =
                items.iter().partition(|i| i.due_at < start.timestamp());
            text.push_str(&tr!(
                lang,
                "n-agenda",
                date = local_today.format("%d.%m").to_string(),
                count = items.len()
            ));
            let line = |i: &deals::AgendaItem, fmt: &str| {
                let when = DateTime::from_timestamp(i.due_at, 0)
                    .map(|t| t.with_timezone(&tz).format(fmt).to_string())
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
                format!(
                    "\n• {when} {}{client}{note}",
                    tr(lang, &format!("reminder-{}", i.kind))
                )
            };
            for i in &today {
                text.push_str(&line(i, "%H:%M"));
            }
            if !overdue.is_empty() {
                text.push_str("\n\n");
                text.push_str(&tr!(lang, "n-agenda-overdue", count = overdue.len()));
                for i in overdue.iter().take(15) {
                    text.push_str(&line(i, "%d.%m %H:%M"));
                }
            }
            let mut seen = Vec::new();
            for i in items.iter().filter_map(|i| i.deal_id.map(|d| (d, i))) {
                if seen.contains(&i.0) || seen.len() >= 8 {
                    continue;
                }
                seen.push(i.0);
                let label = format!("№{} {}", i.0, i.1.client_name.clone().unwrap_or_default());
                rows.push(vec![Btn::new(ellipsize(&label, 40), Cb::Deal(i.0))]);
            }
        }
        // grouped: every deal of this manager the pass found silent, in one message
        "nudge" if n.deal_id.is_none() => {
            let (list, total) = notify::nudged_at(c, n.user_id, n.created_at, 8).await?;
            if list.is_empty() {
                return Ok(None);
            }
            text.push_str(&tr!(lang, "n-nudges", count = total));
            for d in &list {
                let days = (now.timestamp() - d.last_activity_at) / 86400;
                let stage = Stage::from_code(&d.stage)
                    .map(|s| tr(lang, &format!("stage-{}", s.code())))
                    .unwrap_or_default();
                text.push_str(&format!(
                    "\n• №{} {} · {} · {}",
                    d.id,
                    escape(&ellipsize(&d.client_name, 40)),
                    stage,
                    tr!(lang, "n-days-silent", days = days)
                ));
                rows.push(vec![Btn::new(
                    ellipsize(&format!("№{} {}", d.id, d.client_name), 40),
                    Cb::Deal(d.id),
                )]);
            }
            if total > list.len() as i64 {
                text.push_str(&format!(
                    "\n{}",
                    tr!(lang, "n-and-more", count = total - list.len() as i64)
                ));
            }
            rows.push(vec![Btn::new(
                tr(lang, "btn-all-deals"),
                Cb::Deals { page: 0 },
            )]);
        }
        "escalation" if n.reminder_id.is_none() => {
            let direction = match u.role {
                crate::domain::Role::HeadOfSales => None,
                _ => u.direction_id.or(Some(-1)),
            };
            let (list, total) = notify::escalated_at(c, n.created_at, direction, u.id, 8).await?;
            if list.is_empty() {
                return Ok(None);
            }
            text.push_str(&tr!(lang, "n-escalations", count = total));
            for e in &list {
                let kind = crate::pipeline::ReminderKind::from_code(&e.kind)
                    .map(|k| tr(lang, &format!("reminder-{}", k.code())))
                    .unwrap_or_default();
                let deal = match (e.deal_id, &e.client_name) {
                    (Some(id), Some(client)) => {
                        format!(" · №{id} {}", escape(&ellipsize(client, 40)))
                    }
                    _ => String::new(),
                };
                text.push_str(&format!(
                    "\n• {kind}, {}{deal} · {}",
                    time(e.due_at),
                    escape(&e.manager_name)
                ));
                if let Some(id) = e.deal_id {
                    if rows.len() < 8 {
                        rows.push(vec![Btn::new(
                            ellipsize(
                                &format!("№{id} {}", e.client_name.clone().unwrap_or_default()),
                                40,
                            ),
                            Cb::Deal(id),
                        )]);
                    }
                }
            }
            if total > list.len() as i64 {
                text.push_str(&format!(
                    "\n{}",
                    tr!(lang, "n-and-more", count = total - list.len() as i64)
                ));
            }
            // the whole list, in the head's scope, one tap away
            rows.push(vec![Btn::new(
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
            )]);
        }
        "nudge" => {
            let Some(d) = deal
                .as_ref()
                .filter(|d| d.status == DealStatus::Open && d.last_activity_at <= n.created_at)
            else {
                return Ok(None);
            };
            let days = (now.timestamp() - d.last_activity_at) / 86400;
            text.push_str(&tr!(lang, "n-nudge", days = days));
            push_lines(&mut text, &deal_line, &who);
            rows.push(vec![
                Btn::new(tr(lang, "btn-open-deal"), Cb::Deal(d.id)),
                Btn::new(tr(lang, "btn-log"), Cb::Log(d.id)),
            ]);
        }
        "escalation" => {
            let Some(r) = reminder.filter(|_| open_reminder) else {
                return Ok(None);
            };
            let manager = match n.subject_user_id {
                Some(id) => users::by_id(c, id)
                    .await?
                    .map(|m| m.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            text.push_str(&tr!(
                lang,
                "n-escalation",
                kind = tr(lang, &format!("reminder-{}", r.kind.code())),
                at = time(r.due_at),
                manager = manager
            ));
            push_lines(&mut text, &deal_line, &who);
            rows.extend(deal_btn("btn-open-deal").map(|b| vec![b]));
        }
        "digest" => {
            use crate::reports::{funnel, period::Period, period_label, report_for, report_text};
            // on Monday morning: the whole week before, against the week before it
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
            text.push_str(&tr(lang, "n-digest"));
            text.push('\n');
            text.push_str(&report_text(lang, &s, (&outlook, &labels), &label, &scope));
            rows.push(vec![Btn::new(
                tr(lang, "btn-open-pipeline"),
                Cb::Report {
                    report: crate::ui::callbacks::Report::Summary,
                    view: crate::ui::callbacks::View {
                        period: crate::reports::period::Period::LastWeek,
                        manager: None,
                        direction: None,
                    },
                },
            )]);
            let kb = Kb::Inline(rows);
            return Ok(Some(Rendered {
                text,
                kb,
                photo: Some(funnel(&s, lang, &label, &scope)),
            }));
        }
        "blocked" => {
            let name = match n.subject_user_id {
                Some(id) => users::by_id(c, id)
                    .await?
                    .map(|m| m.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            text.push_str(&tr!(lang, "n-blocked", name = name));
        }
        _ => return Ok(None),
    }
    let kb = if rows.is_empty() {
        Kb::None
    } else {
        Kb::Inline(rows)
    };
    Ok(Some(Rendered {
        text,
        kb,
        photo: None,
    }))
}

fn push_lines(text: &mut String, deal_line: &Option<String>, who: &Option<String>) {
    if let Some(l) = deal_line {
        text.push('\n');
        text.push_str(l);
    }
    if let Some(w) = who {
        text.push_str("\n👤 ");
        text.push_str(w);
    }
}
