//! Reminders that reach people on time: what is due (pure rules in `schedule`), the planner that
//! turns reminders, agendas, silences and overdue items into queued notifications, and the sender
//! that delivers the queue within Telegram's limits.

pub mod kind;
pub mod render;
pub mod schedule;
pub mod sender;

use std::collections::HashMap;

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
    if !take_planner_turn(db, owner, now).await? {
        return Ok(Planned::default());
    }
    let found = Found::read(db, now).await?;
    let heads: Vec<users::User> = found
        .active
        .iter()
        .filter(|u| {
            matches!(
                u.role,
                crate::domain::Role::HeadOfSales | crate::domain::Role::HeadOfDirection
            )
        })
        .cloned()
        .collect();
    let by_id: HashMap<i64, &users::User> = found.active.iter().map(|u| (u.id, u)).collect();
    let managers = nudged_managers(&found.silent);

    let mut queue = agendas(&found.active, now, default_tz);
    queue.extend(nudges(&managers, &by_id, now, default_tz));
    queue.extend(digests(&heads, now, default_tz, found.digest_at));
    queue.extend(escalations(&heads, &found.overdue, &by_id, now, default_tz));
    if queue.is_empty() && found.silent.is_empty() && found.overdue.is_empty() {
        return Ok(Planned::default());
    }
    queue_and_mark(db, &queue, &managers, &found.overdue, now.timestamp()).await
}

/// Whether `owner` plans this pass; taken (or kept) in a write of its own.
async fn take_planner_turn(db: &Db, owner: i64, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let mut tx = crate::storage::begin_write(db).await?;
    let mine =
        notify::take_planner_turn(&mut tx, owner, now.timestamp(), PLANNER_LEASE_SECS).await?;
    tx.commit().await?;
    Ok(mine)
}

/// What one planning pass acts on, read outside any write transaction.
struct Found {
    active: Vec<users::User>,
    silent: Vec<notify::Silent>,
    overdue: Vec<notify::Overdue>,
    /// The digest's weekday (1 = Monday) and local minute of the day.
    digest_at: (i64, i64),
}

impl Found {
    async fn read(db: &Db, now: DateTime<Utc>) -> Result<Self, sqlx::Error> {
        let ts = now.timestamp();
        let mut c = db.acquire().await?;
        let active = users::list_active(&mut c).await?;
        let silent = notify::silent_deals(&mut c, ts).await?;
        let hours = notify::setting(&mut c, "escalate_after_hours", 24).await?;
        let before = (now - Duration::hours(hours)).timestamp();
        let overdue = notify::unescalated_overdue(&mut c, before).await?;
        let weekday = notify::setting(&mut c, "digest_weekday", 1).await?;
        let minute = notify::setting(&mut c, "digest_minute", 540).await?;
        Ok(Self {
            active,
            silent,
            overdue,
            digest_at: (weekday, minute),
        })
    }
}

/// A notice about no single reminder or deal, queued once per `dedup` key.
fn grouped_notice(
    user_id: i64,
    kind: NoticeKind,
    dedup: String,
    send_at: i64,
) -> notify::NewNotification<'static> {
    notify::NewNotification {
        user_id,
        kind: kind.code(),
        reminder_id: None,
        deal_id: None,
        subject_user_id: None,
        dedup: Some(dedup),
        send_at,
    }
}

/// The morning agenda of everyone whose agenda time has come today (not on vacation, not
/// blocked); once a day each.
fn agendas(
    active: &[users::User],
    now: DateTime<Utc>,
    default_tz: Tz,
) -> Vec<notify::NewNotification<'static>> {
    let ts = now.timestamp();
    active
        .iter()
        .filter(|u| !on_vacation(u, ts) && u.blocked_at.is_none())
        .filter_map(|u| {
            let tz = tz_of(u, default_tz);
            let day = schedule::agenda_day(now, tz, &schedule_of(u), u.agenda_minute as u32)?;
            let dedup = format!("agenda:{}:{day}", u.id);
            Some(grouped_notice(u.id, NoticeKind::Agenda, dedup, ts))
        })
        .collect()
}

fn on_vacation(u: &users::User, ts: i64) -> bool {
    u.paused_until.is_some_and(|p| p > ts)
}

/// The managers of the deals this pass found silent, each once.
fn nudged_managers(silent: &[notify::Silent]) -> Vec<i64> {
    let mut managers: Vec<i64> = silent.iter().map(|d| d.manager_id).collect();
    managers.sort_unstable();
    managers.dedup();
    managers
}

/// One grouped nudge per manager, in their working hours: the deals are those marked nudged at
/// this pass.
fn nudges(
    managers: &[i64],
    by_id: &HashMap<i64, &users::User>,
    now: DateTime<Utc>,
    default_tz: Tz,
) -> Vec<notify::NewNotification<'static>> {
    let ts = now.timestamp();
    managers
        .iter()
        .filter_map(|m| {
            let u = by_id.get(m)?;
            let at = schedule_of(u).next_window(now, tz_of(u, default_tz));
            let dedup = format!("nudges:{m}:{ts}");
            Some(grouped_notice(*m, NoticeKind::Nudge, dedup, at.timestamp()))
        })
        .collect()
}

/// The weekly digest: heads of sales (not on vacation), on the set weekday after the set local
/// minute (`at`), once an ISO week.
fn digests(
    heads: &[users::User],
    now: DateTime<Utc>,
    default_tz: Tz,
    (weekday, minute): (i64, i64),
) -> Vec<notify::NewNotification<'static>> {
    use chrono::{Datelike, Timelike};
    let ts = now.timestamp();
    heads
        .iter()
        .filter(|h| h.role == crate::domain::Role::HeadOfSales && !on_vacation(h, ts))
        .filter_map(|head| {
            let local = now.with_timezone(&tz_of(head, default_tz));
            let m = i64::from(local.hour() * 60 + local.minute());
            if i64::from(local.weekday().number_from_monday()) != weekday || m < minute {
                return None;
            }
            let week = local.iso_week();
            let dedup = format!("digest:{}:{}-{}", head.id, week.year(), week.week());
            Some(grouped_notice(head.id, NoticeKind::Digest, dedup, ts))
        })
        .collect()
}

/// One grouped escalation per head who sees any of the overdue items (not their own), in their
/// working hours.
fn escalations(
    heads: &[users::User],
    overdue: &[notify::Overdue],
    by_id: &HashMap<i64, &users::User>,
    now: DateTime<Utc>,
    default_tz: Tz,
) -> Vec<notify::NewNotification<'static>> {
    let ts = now.timestamp();
    let mut told: Vec<i64> = Vec::new();
    for r in overdue {
        for head in heads_of(heads, r.direction_id) {
            if head.id != r.user_id && !told.contains(&head.id) {
                told.push(head.id);
            }
        }
    }
    told.iter()
        .filter_map(|h| {
            let head = by_id.get(h)?;
            let at = schedule_of(head).next_window(now, tz_of(head, default_tz));
            let dedup = format!("escalations:{h}:{ts}");
            Some(grouped_notice(
                *h,
                NoticeKind::Escalation,
                dedup,
                at.timestamp(),
            ))
        })
        .collect()
}

/// The pass's one short write: queues the notices, marks the silent deals nudged and the
/// overdue items escalated, and counts what was queued.
async fn queue_and_mark(
    db: &Db,
    queue: &[notify::NewNotification<'static>],
    managers: &[i64],
    overdue: &[notify::Overdue],
    ts: i64,
) -> Result<Planned, sqlx::Error> {
    let mut out = Planned::default();
    let mut tx = crate::storage::begin_write(db).await?;
    for n in queue {
        let queued = notify::enqueue(&mut tx, n, ts).await?;
        match NoticeKind::from_code(n.kind) {
            Some(NoticeKind::Agenda) if queued => out.agendas += 1,
            Some(NoticeKind::Digest) if queued => out.digests += 1,
            _ => {}
        }
    }
    for m in managers {
        out.nudges += notify::mark_manager_nudged(&mut tx, *m, ts).await? as usize;
    }
    for r in overdue {
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
