//! Reminders that reach people on time: what is due (pure rules in `schedule`), the planner that
//! turns reminders, agendas, silences and overdue items into queued notifications, and the sender
//! that delivers the queue within Telegram's limits.

pub mod render;
pub mod schedule;
pub mod sender;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::storage::{deals, notify, users, Conn, Db};
use schedule::WorkSchedule;

pub fn schedule_of(u: &users::User) -> WorkSchedule {
    WorkSchedule {
        days: u.work_days as u8,
        start: u.work_start as u32,
        end: u.work_end as u32,
    }
}

pub fn tz_of(u: &users::User, default: Tz) -> Tz {
    u.timezone.parse().unwrap_or(default)
}

/// (Re)plans the notifications of one reminder after it was set, moved or snoozed.
pub async fn plan_reminder(
    c: &mut Conn,
    reminder_id: i64,
    now: DateTime<Utc>,
    default_tz: Tz,
) -> Result<(), sqlx::Error> {
    notify::cancel_for_reminder(c, reminder_id).await?;
    let Some(r) = deals::reminder(c, reminder_id).await? else {
        return Ok(());
    };
    if r.state != "pending" {
        return Ok(());
    }
    let Some(u) = users::by_id(c, r.user_id).await? else {
        return Ok(());
    };
    let tz = tz_of(&u, default_tz);
    let due = DateTime::from_timestamp(r.due_at, 0).unwrap_or(now);
    let base = |kind: &'static str, at: DateTime<Utc>| notify::NewNotification {
        user_id: r.user_id,
        kind,
        reminder_id: Some(r.id),
        deal_id: r.deal_id,
        subject_user_id: None,
        dedup: None,
        send_at: at.timestamp(),
    };
    if r.kind == crate::pipeline::ReminderKind::Meeting {
        let eve = notify::setting(c, "meeting_eve_minute", 18 * 60).await? as u32;
        let soon = notify::setting(c, "meeting_soon_minutes", 60).await?;
        for (kind, at) in schedule::meeting_notices(due, now, tz, eve, soon) {
            // the follow-up is ours, not a time the manager chose: it waits for working hours
            let at = if kind == "meeting_after" {
                schedule_of(&u).next_window(at, tz)
            } else {
                at
            };
            notify::enqueue(c, &base(kind, at), now.timestamp()).await?;
        }
    } else {
        notify::enqueue(c, &base("due", due), now.timestamp()).await?;
    }
    Ok(())
}

/// What one planning pass queued.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Planned {
    pub agendas: usize,
    pub digests: usize,
    pub nudges: usize,
    pub escalations: usize,
}

/// One planning pass: morning agendas, nudges for silent deals, escalations of overdue items.
pub async fn plan_due(db: &Db, now: DateTime<Utc>, default_tz: Tz) -> Result<Planned, sqlx::Error> {
    let mut out = Planned::default();
    let ts = now.timestamp();
    let mut tx = crate::storage::begin_write(db).await?;

    for u in users::list_active(&mut tx).await? {
        if u.paused_until.is_some_and(|p| p > ts) || u.blocked_at.is_some() {
            continue;
        }
        let tz = tz_of(&u, default_tz);
        let Some(day) = schedule::agenda_day(now, tz, &schedule_of(&u), u.agenda_minute as u32)
        else {
            continue;
        };
        let n = notify::NewNotification {
            user_id: u.id,
            kind: "agenda",
            reminder_id: None,
            deal_id: None,
            subject_user_id: None,
            dedup: Some(format!("agenda:{}:{day}", u.id)),
            send_at: ts,
        };
        if notify::enqueue(&mut tx, &n, ts).await? {
            out.agendas += 1;
        }
    }

    for d in notify::silent_deals(&mut tx, ts).await? {
        let Some(m) = users::by_id(&mut tx, d.manager_id).await? else {
            continue;
        };
        let tz = tz_of(&m, default_tz);
        let at = schedule_of(&m).next_window(now, tz);
        let n = notify::NewNotification {
            user_id: m.id,
            kind: "nudge",
            reminder_id: None,
            deal_id: Some(d.id),
            subject_user_id: None,
            dedup: Some(format!("nudge:{}:{}", d.id, d.last_activity_at)),
            send_at: at.timestamp(),
        };
        notify::enqueue(&mut tx, &n, ts).await?;
        notify::mark_nudged(&mut tx, d.id, ts).await?;
        out.nudges += 1;
    }

    // the weekly digest: heads of sales, on the set weekday after the set time, once a week
    let weekday = notify::setting(&mut tx, "digest_weekday", 1).await?;
    let minute = notify::setting(&mut tx, "digest_minute", 540).await?;
    for head in users::heads_for(&mut tx, None).await? {
        if head.role != crate::domain::Role::HeadOfSales
            || head.paused_until.is_some_and(|p| p > ts)
        {
            continue;
        }
        let local = now.with_timezone(&tz_of(&head, default_tz));
        let m = i64::from(chrono::Timelike::hour(&local) * 60 + chrono::Timelike::minute(&local));
        if i64::from(chrono::Datelike::weekday(&local).number_from_monday()) != weekday
            || m < minute
        {
            continue;
        }
        let week = chrono::Datelike::iso_week(&local);
        let n = notify::NewNotification {
            user_id: head.id,
            kind: "digest",
            reminder_id: None,
            deal_id: None,
            subject_user_id: None,
            dedup: Some(format!(
                "digest:{}:{}-{}",
                head.id,
                week.year(),
                week.week()
            )),
            send_at: ts,
        };
        if notify::enqueue(&mut tx, &n, ts).await? {
            out.digests += 1;
        }
    }

    let hours = notify::setting(&mut tx, "escalate_after_hours", 24).await?;
    let before = (now - Duration::hours(hours)).timestamp();
    for r in notify::unescalated_overdue(&mut tx, before).await? {
        for head in users::heads_for(&mut tx, r.direction_id).await? {
            if head.id == r.user_id {
                continue;
            }
            let tz = tz_of(&head, default_tz);
            let n = notify::NewNotification {
                user_id: head.id,
                kind: "escalation",
                reminder_id: Some(r.id),
                deal_id: r.deal_id,
                subject_user_id: Some(r.user_id),
                dedup: Some(format!("escalation:{}:{}", r.id, head.id)),
                send_at: schedule_of(&head).next_window(now, tz).timestamp(),
            };
            notify::enqueue(&mut tx, &n, ts).await?;
        }
        notify::mark_escalated(&mut tx, r.id, ts).await?;
        out.escalations += 1;
    }
    tx.commit().await?;
    Ok(out)
}
