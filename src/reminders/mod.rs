//! Reminders that reach people on time: what is due (pure rules in `schedule`), the planner that
//! turns reminders, agendas, silences and overdue items into queued notifications, and the sender
//! that delivers the queue within Telegram's limits.

pub mod kind;
pub mod render;
pub mod schedule;
pub mod sender;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::storage::{deals, notify, users, Conn, Db};
use kind::NoticeKind;
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
    let base = |kind: NoticeKind, at: DateTime<Utc>| notify::NewNotification {
        user_id: r.user_id,
        kind: kind.code(),
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
            let at = if kind == NoticeKind::MeetingAfter {
                schedule_of(&u).next_window(at, tz)
            } else {
                at
            };
            notify::enqueue(c, &base(kind, at), now.timestamp()).await?;
        }
    } else {
        notify::enqueue(c, &base(NoticeKind::Due, due), now.timestamp()).await?;
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
/// What is due is read first, outside any write transaction; the queueing is one short write.
/// Nudges and escalations are grouped: a person gets at most one of each per pass, however many
/// deals it is about (a first start on imported data floods nobody).
pub async fn plan_due(db: &Db, now: DateTime<Utc>, default_tz: Tz) -> Result<Planned, sqlx::Error> {
    plan_due_as(db, now, default_tz, process_id()).await
}

/// This process among the bot processes sharing the database (random, per start).
pub fn process_id() -> i64 {
    static ID: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *ID.get_or_init(|| rand::random::<i64>() & i64::MAX)
}

/// How long the planner's turn outlives its last pass: a process that died hands planning
/// over after this long.
pub const PLANNER_LEASE_SECS: i64 = 150;

/// [`plan_due`] as process `owner`: one process plans at a time (several bot processes on one
/// database would otherwise each queue their own grouped nudges); the others' passes do nothing
/// until the planner has been silent for [`PLANNER_LEASE_SECS`].
pub async fn plan_due_as(
    db: &Db,
    now: DateTime<Utc>,
    default_tz: Tz,
    owner: i64,
) -> Result<Planned, sqlx::Error> {
    let mut out = Planned::default();
    let ts = now.timestamp();
    {
        let mut tx = crate::storage::begin_write(db).await?;
        let mine = notify::take_planner_turn(&mut tx, owner, ts, PLANNER_LEASE_SECS).await?;
        tx.commit().await?;
        if !mine {
            return Ok(out);
        }
    }
    let mut queue: Vec<notify::NewNotification<'static>> = Vec::new();
    let (active, silent, overdue, digest_weekday, digest_minute) = {
        let mut c = db.acquire().await?;
        let active = users::list_active(&mut c).await?;
        let silent = notify::silent_deals(&mut c, ts).await?;
        let hours = notify::setting(&mut c, "escalate_after_hours", 24).await?;
        let before = (now - Duration::hours(hours)).timestamp();
        let overdue = notify::unescalated_overdue(&mut c, before).await?;
        let weekday = notify::setting(&mut c, "digest_weekday", 1).await?;
        let minute = notify::setting(&mut c, "digest_minute", 540).await?;
        (active, silent, overdue, weekday, minute)
    };
    let heads: Vec<users::User> = active
        .iter()
        .filter(|u| {
            matches!(
                u.role,
                crate::domain::Role::HeadOfSales | crate::domain::Role::HeadOfDirection
            )
        })
        .cloned()
        .collect();
    let by_id: std::collections::HashMap<i64, &users::User> =
        active.iter().map(|u| (u.id, u)).collect();

    for u in &active {
        if u.paused_until.is_some_and(|p| p > ts) || u.blocked_at.is_some() {
            continue;
        }
        let tz = tz_of(u, default_tz);
        let Some(day) = schedule::agenda_day(now, tz, &schedule_of(u), u.agenda_minute as u32)
        else {
            continue;
        };
        queue.push(notify::NewNotification {
            user_id: u.id,
            kind: "agenda",
            reminder_id: None,
            deal_id: None,
            subject_user_id: None,
            dedup: Some(format!("agenda:{}:{day}", u.id)),
            send_at: ts,
        });
    }

    // one grouped nudge per manager: the deals are those marked nudged at this pass
    let mut managers: Vec<i64> = silent.iter().map(|d| d.manager_id).collect();
    managers.sort_unstable();
    managers.dedup();
    for m in &managers {
        let Some(u) = by_id.get(m) else { continue };
        let at = schedule_of(u).next_window(now, tz_of(u, default_tz));
        queue.push(notify::NewNotification {
            user_id: *m,
            kind: "nudge",
            reminder_id: None,
            deal_id: None,
            subject_user_id: None,
            dedup: Some(format!("nudges:{m}:{ts}")),
            send_at: at.timestamp(),
        });
    }

    // the weekly digest: heads of sales, on the set weekday after the set time, once a week
    for head in &heads {
        if head.role != crate::domain::Role::HeadOfSales
            || head.paused_until.is_some_and(|p| p > ts)
        {
            continue;
        }
        let local = now.with_timezone(&tz_of(head, default_tz));
        let m = i64::from(chrono::Timelike::hour(&local) * 60 + chrono::Timelike::minute(&local));
        if i64::from(chrono::Datelike::weekday(&local).number_from_monday()) != digest_weekday
            || m < digest_minute
        {
            continue;
        }
        let week = chrono::Datelike::iso_week(&local);
        queue.push(notify::NewNotification {
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
        });
    }

    // one grouped escalation per head who sees any of the overdue items
    let mut told: Vec<i64> = Vec::new();
    for r in &overdue {
        for head in heads_of(&heads, r.direction_id) {
            if head.id != r.user_id && !told.contains(&head.id) {
                told.push(head.id);
            }
        }
    }
    for h in &told {
        let Some(head) = by_id.get(h) else { continue };
        let at = schedule_of(head).next_window(now, tz_of(head, default_tz));
        queue.push(notify::NewNotification {
            user_id: *h,
            kind: "escalation",
            reminder_id: None,
            deal_id: None,
            subject_user_id: None,
            dedup: Some(format!("escalations:{h}:{ts}")),
            send_at: at.timestamp(),
        });
    }

    if queue.is_empty() && silent.is_empty() && overdue.is_empty() {
        return Ok(out);
    }
    let mut tx = crate::storage::begin_write(db).await?;
    for n in &queue {
        let queued = notify::enqueue(&mut tx, n, ts).await?;
        match n.kind {
            "agenda" if queued => out.agendas += 1,
            "digest" if queued => out.digests += 1,
            _ => {}
        }
    }
    for m in &managers {
        out.nudges += notify::mark_manager_nudged(&mut tx, *m, ts).await? as usize;
    }
    for r in &overdue {
        notify::mark_escalated(&mut tx, r.id, ts).await?;
        out.escalations += 1;
    }
    tx.commit().await?;
    Ok(out)
}

/// The heads who see an item of a direction: its heads of direction and every head of sales.
fn heads_of(heads: &[users::User], direction: Option<i64>) -> impl Iterator<Item = &users::User> {
    heads.iter().filter(move |h| {
        h.role == crate::domain::Role::HeadOfSales
            || (direction.is_some() && h.direction_id == direction)
    })
}
