//! The outbox of notifications, silence limits per stage and the reminder settings.

use sqlx::FromRow;

use super::Conn;

pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub reminder_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub subject_user_id: Option<i64>,
    pub dedup: Option<String>,
    pub send_at: i64,
}

/// Queues a notification; a duplicate `dedup` key is ignored (returns false).
pub async fn enqueue(c: &mut Conn, n: &NewNotification<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO notifications (user_id, kind, reminder_id, deal_id, subject_user_id, dedup, send_at, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (dedup) DO NOTHING",
    )
    .bind(n.user_id)
    .bind(n.kind)
    .bind(n.reminder_id)
    .bind(n.deal_id)
    .bind(n.subject_user_id)
    .bind(&n.dedup)
    .bind(n.send_at)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn cancel_for_reminder(c: &mut Conn, reminder_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE notifications SET state = 'cancelled' WHERE reminder_id = $1 AND state = 'pending'",
    )
    .bind(reminder_id)
    .execute(&mut *c)
    .await?
    .rows_affected())
}

/// A pending notification with what the sender needs to decide and to address it.
#[derive(Debug, Clone, FromRow)]
pub struct Due {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub reminder_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub subject_user_id: Option<i64>,
    pub send_at: i64,
    pub attempts: i64,
    pub created_at: i64,
    pub tg_id: i64,
    #[sqlx(try_from = "super::Flag")]
    pub active: bool,
    pub paused_until: Option<i64>,
    pub blocked_at: Option<i64>,
}

/// Pending notifications whose time has come, fairly: every chat's oldest first, chats with the
/// shortest queue first, so a lone reminder is not stuck behind a busy chat's backlog.
pub async fn due(c: &mut Conn, now: i64, limit: i64) -> Result<Vec<Due>, sqlx::Error> {
    sqlx::query_as(
        "WITH q AS (
             SELECT n.id, n.user_id, n.kind, n.reminder_id, n.deal_id, n.subject_user_id, n.send_at,
                    n.attempts, n.created_at, n.next_attempt_at,
                    ROW_NUMBER() OVER (PARTITION BY n.user_id ORDER BY n.next_attempt_at, n.id) AS rn,
                    COUNT(*) OVER (PARTITION BY n.user_id) AS backlog
             FROM notifications n
             WHERE n.state = 'pending' AND n.next_attempt_at <= $1
         )
         SELECT q.id, q.user_id, q.kind, q.reminder_id, q.deal_id, q.subject_user_id, q.send_at,
                q.attempts, q.created_at, u.tg_id, u.active, u.paused_until, u.blocked_at
         FROM q JOIN users u ON u.id = q.user_id
         ORDER BY q.rn, q.backlog, q.next_attempt_at, q.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *c)
    .await
}

pub async fn mark_sent(c: &mut Conn, id: i64, now: i64, late: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET state = 'sent', sent_at = $2, late = $3, attempts = attempts + 1 WHERE id = $1")
        .bind(id)
        .bind(now)
        .bind(i64::from(late))
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn set_state(c: &mut Conn, id: i64, state: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET state = $2 WHERE id = $1")
        .bind(id)
        .bind(state)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Tries again later, counting the attempt.
pub async fn retry_at(
    c: &mut Conn,
    id: i64,
    at: i64,
    count_attempt: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET next_attempt_at = $2, attempts = attempts + $3 WHERE id = $1",
    )
    .bind(id)
    .bind(at)
    .bind(i64::from(count_attempt))
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Takes the planner's turn for process `owner`: true when it is the planner now. The planner
/// keeps the turn while its passes keep coming; when it has been silent for `lease` seconds (it
/// died) another process takes over. Run in a write transaction: on either backend the check and
/// the take are one step for every process on the database.
pub async fn take_planner_turn(
    c: &mut Conn,
    owner: i64,
    now: i64,
    lease: i64,
) -> Result<bool, sqlx::Error> {
    let held: Vec<(String, i64)> = sqlx::query_as(
        "SELECT key, value FROM settings WHERE key IN ('planner_owner', 'planner_at')",
    )
    .fetch_all(&mut *c)
    .await?;
    let get = |k: &str| held.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
    if let (Some(other), Some(at)) = (get("planner_owner"), get("planner_at")) {
        if other != owner && at > now - lease && at <= now + lease {
            return Ok(false);
        }
    }
    set_setting(c, "planner_owner", owner).await?;
    set_setting(c, "planner_at", now).await?;
    Ok(true)
}

/// Gives the planner's turn up (a process stopping), so another takes it at once.
pub async fn release_planner_turn(c: &mut Conn, owner: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM settings WHERE key IN ('planner_owner', 'planner_at')
         AND EXISTS (SELECT 1 FROM settings WHERE key = 'planner_owner' AND value = $1)",
    )
    .bind(owner)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Telegram's sending limits, as the claim checks them across processes.
#[derive(Debug, Clone, Copy)]
pub struct SendRate {
    pub per_chat_ms: i64,
    pub per_window: i64,
    pub window_ms: i64,
}

/// Claims a due notice for sending: its next attempt moves a lease ahead, so no other sender
/// takes it meanwhile. False when another sender claimed or settled it first, or when sending
/// it now would break Telegram's limits for all the bot's processes together: its chat had a
/// notice claimed within the last `rate.per_chat_ms`, or `rate.per_window` were claimed within
/// the last `rate.window_ms`.
pub async fn claim(
    c: &mut Conn,
    n: &Due,
    now_ms: i64,
    lease_secs: i64,
    rate: SendRate,
) -> Result<bool, sqlx::Error> {
    let now = now_ms.div_euclid(1000);
    let r = sqlx::query(
        "UPDATE notifications SET next_attempt_at = $2, claimed_ms = $4
         WHERE id = $1 AND state = 'pending' AND next_attempt_at <= $3
           AND NOT EXISTS (SELECT 1 FROM notifications o
                           WHERE o.user_id = $5 AND o.id <> $1
                             AND o.claimed_ms > $4 - $8 AND o.claimed_ms <= $4)
           AND (SELECT COUNT(*) FROM notifications o
                WHERE o.claimed_ms > $4 - $7 AND o.claimed_ms <= $4) < $6",
    )
    .bind(n.id)
    .bind(now + lease_secs)
    .bind(now)
    .bind(now_ms)
    .bind(n.user_id)
    .bind(rate.per_window)
    .bind(rate.window_ms)
    .bind(rate.per_chat_ms)
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Moves a notice to a new time as if it had been planned for it (a vacation's end): it is
/// not late when it goes out then.
pub async fn reschedule(c: &mut Conn, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET send_at = $2, next_attempt_at = $2 WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn setting(c: &mut Conn, key: &str, default: i64) -> Result<i64, sqlx::Error> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *c)
            .await?
            .unwrap_or(default),
    )
}

pub async fn set_setting(c: &mut Conn, key: &str, value: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn remove_setting(c: &mut Conn, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM settings WHERE key = $1")
        .bind(key)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// The reminder queue now, for /metrics and /healthz.
pub async fn queue(c: &mut Conn, now: i64) -> Result<crate::metrics::Queue, sqlx::Error> {
    let (pending, due, oldest, sent, late, undeliverable): (i64, i64, Option<i64>, i64, i64, i64) =
        sqlx::query_as(
            "SELECT COALESCE(COUNT(*) FILTER (WHERE state = 'pending'), 0),
                COALESCE(COUNT(*) FILTER (WHERE state = 'pending' AND next_attempt_at <= $1), 0),
                MIN(CASE WHEN state = 'pending' AND next_attempt_at <= $1 THEN send_at END),
                COALESCE(COUNT(*) FILTER (WHERE state = 'sent'), 0),
                COALESCE(COUNT(*) FILTER (WHERE state = 'sent' AND late = 1), 0),
                COALESCE(COUNT(*) FILTER (WHERE state IN ('undeliverable', 'failed')), 0)
             FROM notifications",
        )
        .bind(now)
        .fetch_one(&mut *c)
        .await?;
    Ok(crate::metrics::Queue {
        pending,
        due,
        lag_secs: oldest.map_or(0, |t| (now - t).max(0)),
        sent,
        late,
        undeliverable,
    })
}

/// The team's parts of the day, in one read.
pub async fn day_parts(c: &mut Conn) -> Result<crate::domain::DayParts, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT key, value FROM settings WHERE key IN ('part_morning', 'part_lunch', 'part_evening')",
    )
    .fetch_all(&mut *c)
    .await?;
    let mut parts = crate::domain::DayParts::default();
    for (key, value) in rows {
        let Ok(minute) = u32::try_from(value) else {
            continue;
        };
        match key.as_str() {
            "part_morning" => parts.morning = minute,
            "part_lunch" => parts.lunch = minute,
            _ => parts.evening = minute,
        }
    }
    // a hand-edited row that breaks the order is not used
    Ok(if parts.is_ordered() {
        parts
    } else {
        crate::domain::DayParts::default()
    })
}

pub async fn set_day_parts(c: &mut Conn, p: &crate::domain::DayParts) -> Result<(), sqlx::Error> {
    set_setting(c, "part_morning", i64::from(p.morning)).await?;
    set_setting(c, "part_lunch", i64::from(p.lunch)).await?;
    set_setting(c, "part_evening", i64::from(p.evening)).await
}

#[derive(Debug, Clone, FromRow)]
pub struct StageLimit {
    pub stage: String,
    pub days: i64,
}

pub async fn stage_limits(c: &mut Conn) -> Result<Vec<StageLimit>, sqlx::Error> {
    sqlx::query_as("SELECT stage, days FROM stage_limits")
        .fetch_all(&mut *c)
        .await
}

pub async fn set_stage_limit(c: &mut Conn, stage: &str, days: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO stage_limits (stage, days) VALUES ($1, $2) ON CONFLICT (stage) DO UPDATE SET days = excluded.days")
        .bind(stage)
        .bind(days)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Open deals silent past their stage's limit and not nudged since their last activity.
#[derive(Debug, Clone, FromRow)]
pub struct Silent {
    pub id: i64,
    pub manager_id: i64,
    pub last_activity_at: i64,
}

pub async fn silent_deals(c: &mut Conn, now: i64) -> Result<Vec<Silent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.manager_id, d.last_activity_at FROM deals d
         JOIN stage_limits l ON l.stage = d.stage
         WHERE d.status = 'open' AND d.last_activity_at < $1 - l.days * 86400
           AND (d.nudged_at IS NULL OR d.nudged_at < d.last_activity_at)",
    )
    .bind(now)
    .fetch_all(&mut *c)
    .await
}

pub async fn mark_nudged(c: &mut Conn, deal_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE deals SET nudged_at = $2 WHERE id = $1")
        .bind(deal_id)
        .bind(now)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Marks every silent, not yet nudged open deal of a manager as nudged now, in one statement.
pub async fn mark_manager_nudged(
    c: &mut Conn,
    manager_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE deals SET nudged_at = $2
         WHERE manager_id = $1 AND status = 'open'
           AND last_activity_at < $2 - (SELECT days FROM stage_limits l WHERE l.stage = deals.stage) * 86400
           AND (nudged_at IS NULL OR nudged_at < last_activity_at)",
    )
    .bind(manager_id)
    .bind(now)
    .execute(&mut *c)
    .await?
    .rows_affected())
}

/// A manager's deals a grouped nudge of `at` is about, longest silent first.
#[derive(Debug, Clone, FromRow)]
pub struct NudgedDeal {
    pub id: i64,
    pub client_name: String,
    pub stage: String,
    pub last_activity_at: i64,
}

pub async fn nudged_at(
    c: &mut Conn,
    manager_id: i64,
    at: i64,
    limit: i64,
) -> Result<(Vec<NudgedDeal>, i64), sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT d.id, cl.name AS client_name, d.stage, d.last_activity_at FROM deals d
         JOIN clients cl ON cl.id = d.client_id
         WHERE d.manager_id = $1 AND d.nudged_at = $2 AND d.status = 'open'
           AND d.last_activity_at <= $2
         ORDER BY d.last_activity_at, d.id LIMIT $3",
    )
    .bind(manager_id)
    .bind(at)
    .bind(limit)
    .fetch_all(&mut *c)
    .await?;
    let total = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deals d WHERE d.manager_id = $1 AND d.nudged_at = $2
           AND d.status = 'open' AND d.last_activity_at <= $2",
    )
    .bind(manager_id)
    .bind(at)
    .fetch_one(&mut *c)
    .await?;
    Ok((rows, total))
}

/// The overdue items a grouped escalation of `at` shows one head, still open.
#[derive(Debug, Clone, FromRow)]
pub struct Escalated {
    pub deal_id: Option<i64>,
    pub kind: String,
    pub due_at: i64,
    pub manager_name: String,
    pub client_name: Option<String>,
}

pub async fn escalated_at(
    c: &mut Conn,
    at: i64,
    direction: Option<i64>,
    except_user: i64,
    limit: i64,
) -> Result<(Vec<Escalated>, i64), sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT r.deal_id, r.kind, r.due_at, u.name AS manager_name, cl.name AS client_name
         FROM reminders r JOIN users u ON u.id = r.user_id
         LEFT JOIN deals d ON d.id = r.deal_id LEFT JOIN clients cl ON cl.id = d.client_id
         WHERE r.escalated_at = $1 AND r.state IN ('pending', 'sent') AND r.user_id <> $3
           AND ($2 IS NULL OR d.direction_id = $2)
         ORDER BY r.due_at, r.id LIMIT $4",
    )
    .bind(at)
    .bind(direction)
    .bind(except_user)
    .bind(limit)
    .fetch_all(&mut *c)
    .await?;
    let total = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reminders r LEFT JOIN deals d ON d.id = r.deal_id
         WHERE r.escalated_at = $1 AND r.state IN ('pending', 'sent') AND r.user_id <> $3
           AND ($2 IS NULL OR d.direction_id = $2)",
    )
    .bind(at)
    .bind(direction)
    .bind(except_user)
    .fetch_one(&mut *c)
    .await?;
    Ok((rows, total))
}

/// Reminders delivered, overdue by more than `before`, not acted on and not yet escalated.
#[derive(Debug, Clone, FromRow)]
pub struct Overdue {
    pub id: i64,
    pub deal_id: Option<i64>,
    pub user_id: i64,
    pub direction_id: Option<i64>,
}

pub async fn unescalated_overdue(c: &mut Conn, before: i64) -> Result<Vec<Overdue>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.deal_id, r.user_id, d.direction_id FROM reminders r
         LEFT JOIN deals d ON d.id = r.deal_id
         WHERE r.state IN ('pending', 'sent') AND r.escalated_at IS NULL AND r.due_at < $1",
    )
    .bind(before)
    .fetch_all(&mut *c)
    .await
}

pub async fn mark_escalated(c: &mut Conn, reminder_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reminders SET escalated_at = $2 WHERE id = $1")
        .bind(reminder_id)
        .bind(now)
        .execute(&mut *c)
        .await?;
    Ok(())
}
