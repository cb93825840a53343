//! Clients, contacts, deals, their steps, the timeline and due reminders.

use sqlx::FromRow;

use super::Conn;
use crate::pipeline::{DealStatus, ReminderKind, Stage};

/// The key used to find duplicate clients: lower case, no quotes, no legal form.
pub fn name_key(name: &str) -> String {
    const FORMS: [&str; 10] = [
        "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "llc", "ltd", "inc",
    ];
    let cleaned: String = name
        .to_lowercase()
        .replace('ё', "е")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|w| !FORMS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key a person's name is searched by: lower case, ё as е, punctuation as spaces.
pub fn person_key(name: &str) -> String {
    name.to_lowercase()
        .replace('ё', "е")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rebuilds every contact's search key once (rows written before keys were normalised).
pub async fn rekey_contacts(c: &mut Conn) -> Result<u64, sqlx::Error> {
    let version: i64 =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'contact_keys_version'")
            .fetch_optional(&mut *c)
            .await?
            .unwrap_or(1);
    if version >= 1 {
        return Ok(0);
    }
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM contacts")
        .fetch_all(&mut *c)
        .await?;
    for (id, name) in &rows {
        sqlx::query("UPDATE contacts SET name_key = $2 WHERE id = $1")
            .bind(id)
            .bind(person_key(name))
            .execute(&mut *c)
            .await?;
    }
    sqlx::query("UPDATE settings SET value = 1 WHERE key = 'contact_keys_version'")
        .execute(&mut *c)
        .await?;
    Ok(rows.len() as u64)
}

#[derive(Debug, Clone, FromRow)]
pub struct ClientHit {
    pub id: i64,
    pub name: String,
}

/// Existing clients whose names resemble `name`, so a manager does not create a duplicate.
pub async fn similar_clients(c: &mut Conn, name: &str) -> Result<Vec<ClientHit>, sqlx::Error> {
    let key = name_key(name);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let loose = key.chars().count() >= 3;
    sqlx::query_as(
        "SELECT id, name FROM clients
         WHERE name_key = $1 OR ($2 AND (replace(name_key, $1, '') <> name_key OR (length(name_key) >= 3 AND replace($1, name_key, '') <> $1)))
         ORDER BY name_key = $1 DESC, id DESC LIMIT 5",
    )
    .bind(&key)
    .bind(loose)
    .fetch_all(&mut *c)
    .await
}

pub async fn insert_client(
    c: &mut Conn,
    name: &str,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let r: i64 = sqlx::query_scalar(
        "INSERT INTO clients (name, name_key, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(name_key(name))
    .bind(by)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    Ok(r)
}

pub async fn insert_contact(
    c: &mut Conn,
    client_id: i64,
    name: &str,
    position: &str,
    phone: Option<&str>,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let r: i64 = sqlx::query_scalar(
        "INSERT INTO contacts (client_id, name, position, phone, created_by, created_at, name_key) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(client_id)
    .bind(name)
    .bind(position)
    .bind(phone)
    .bind(by)
    .bind(now)
    .bind(person_key(name))
    .fetch_one(&mut *c)
    .await?;
    Ok(r)
}

pub struct NewDeal<'a> {
    pub client_id: i64,
    pub contact_id: i64,
    pub manager_id: i64,
    pub direction_id: Option<i64>,
    pub channel: &'a str,
    pub stage: &'a str,
}

pub async fn insert_deal(c: &mut Conn, d: &NewDeal<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let r: i64 = sqlx::query_scalar(
        "INSERT INTO deals (client_id, contact_id, manager_id, direction_id, channel, stage, created_at, stage_changed_at, last_activity_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING id",
    )
    .bind(d.client_id)
    .bind(d.contact_id)
    .bind(d.manager_id)
    .bind(d.direction_id)
    .bind(d.channel)
    .bind(d.stage)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    Ok(r)
}

/// A deal with the names a card shows.
#[derive(Debug, Clone, FromRow)]
pub struct Deal {
    pub id: i64,
    pub client_id: i64,
    pub manager_id: i64,
    pub direction_id: Option<i64>,
    pub channel: String,
    #[sqlx(try_from = "String")]
    pub stage: Stage,
    #[sqlx(try_from = "String")]
    pub status: DealStatus,
    pub amount_kopecks: Option<i64>,
    pub created_at: i64,
    pub last_activity_at: i64,
    pub client_name: String,
    pub contact_name: String,
    pub contact_position: String,
    pub contact_phone: Option<String>,
    pub manager_name: String,
    pub direction_name: Option<String>,
}

/// The columns (or the select) every query of this kind reads; a macro so queries stay
/// static strings.
macro_rules! deal_select {
    () => {
        "SELECT d.id, d.client_id, d.manager_id, d.direction_id, d.channel, d.stage, d.status,
        d.amount_kopecks, d.created_at, d.last_activity_at,
        cl.name AS client_name, ct.name AS contact_name, ct.position AS contact_position,
        ct.phone AS contact_phone, u.name AS manager_name, dir.name AS direction_name
    FROM deals d
    JOIN clients cl ON cl.id = d.client_id
    JOIN contacts ct ON ct.id = d.contact_id
    JOIN users u ON u.id = d.manager_id
    LEFT JOIN directions dir ON dir.id = d.direction_id"
    };
}

pub async fn deal(c: &mut Conn, id: i64) -> Result<Option<Deal>, sqlx::Error> {
    sqlx::query_as(concat!(deal_select!(), " WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await
}

/// Which open deals a list shows: one manager's, one direction's, or all.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Manager(i64),
    Direction(i64),
    All,
}

/// A page of open deals, most recently active first, and the total count.
pub async fn open_deals(
    c: &mut Conn,
    scope: Scope,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Deal>, i64), sqlx::Error> {
    // one static query per scope: each can use the index made for it
    let (rows_sql, count_sql, value) = match scope {
        Scope::Manager(id) => (
            concat!(
                deal_select!(),
                " WHERE d.status = 'open' AND d.manager_id = $1
             ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2 OFFSET $3"
            ),
            "SELECT COUNT(*) FROM deals d WHERE d.status = 'open' AND d.manager_id = $1",
            id,
        ),
        Scope::Direction(id) => (
            concat!(
                deal_select!(),
                " WHERE d.status = 'open' AND d.direction_id = $1
             ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2 OFFSET $3"
            ),
            "SELECT COUNT(*) FROM deals d WHERE d.status = 'open' AND d.direction_id = $1",
            id,
        ),
        Scope::All => (
            concat!(
                deal_select!(),
                " WHERE d.status = 'open' AND $1 = $1
             ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2 OFFSET $3"
            ),
            "SELECT COUNT(*) FROM deals d WHERE d.status = 'open' AND $1 = $1",
            0,
        ),
    };
    let rows = sqlx::query_as(rows_sql)
        .bind(value)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *c)
        .await?;
    let total: i64 = sqlx::query_scalar(count_sql)
        .bind(value)
        .fetch_one(&mut *c)
        .await?;
    Ok((rows, total))
}

/// Moves a deal to a stage it has just completed.
pub async fn set_stage(
    c: &mut Conn,
    deal_id: i64,
    stage: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE deals SET stage = $2, stage_changed_at = $3, last_activity_at = $3 WHERE id = $1",
    )
    .bind(deal_id)
    .bind(stage)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub async fn insert_step(
    c: &mut Conn,
    deal_id: i64,
    stage: &str,
    data: &serde_json::Value,
    skipped: i64,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO deal_steps (deal_id, stage, data, skipped, completed_by, completed_at, prev_stage, prev_completed_at)
         SELECT $1, $2, $3, $4, $5, $6, p.stage, p.completed_at
         FROM (SELECT 1) AS one LEFT JOIN (SELECT stage, completed_at FROM deal_steps WHERE deal_id = $1 ORDER BY id DESC LIMIT 1) p ON TRUE",
    )
    .bind(deal_id)
    .bind(stage)
    .bind(data.to_string())
    .bind(skipped)
    .bind(by)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct Step {
    pub stage: String,
    pub data: String,
    pub skipped: i64,
    pub completed_at: i64,
}

/// The latest record of a step on a deal.
pub async fn step(c: &mut Conn, deal_id: i64, stage: &str) -> Result<Option<Step>, sqlx::Error> {
    sqlx::query_as(
        "SELECT stage, data, skipped, completed_at FROM deal_steps
         WHERE deal_id = $1 AND stage = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(deal_id)
    .bind(stage)
    .fetch_optional(&mut *c)
    .await
}

pub struct NewActivity<'a> {
    pub deal_id: i64,
    pub author_id: Option<i64>,
    pub kind: &'a str,
    pub stage: &'a str,
    pub body: &'a str,
    pub file_id: Option<&'a str>,
    pub file_name: Option<&'a str>,
    pub duration_secs: Option<i64>,
}

/// Appends to a deal's timeline and marks the deal as active now.
pub async fn add_activity(c: &mut Conn, a: &NewActivity<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let r: i64 = sqlx::query_scalar(
        "INSERT INTO activities (deal_id, author_id, kind, stage, body, file_id, file_name, duration_secs, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(a.deal_id)
    .bind(a.author_id)
    .bind(a.kind)
    .bind(a.stage)
    .bind(a.body)
    .bind(a.file_id)
    .bind(a.file_name)
    .bind(a.duration_secs)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    // the deal's last activity moves with it (trigger `activities_touch_deal`)
    Ok(r)
}

/// Rule zero in one statement: the entry is written at the deal's current stage, and what the
/// confirmation names comes back — (entry id, stage, client). `None`: no such deal.
pub async fn log_on_deal(
    c: &mut Conn,
    a: &NewActivity<'_>,
    now: i64,
) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO activities (deal_id, author_id, kind, stage, body, file_id, file_name, duration_secs, created_at)
         SELECT d.id, $2, $3, d.stage, $4, $5, $6, $7, $8 FROM deals d WHERE d.id = $1
         RETURNING id, stage,
             (SELECT cl.name FROM deals d JOIN clients cl ON cl.id = d.client_id WHERE d.id = activities.deal_id)",
    )
    .bind(a.deal_id)
    .bind(a.author_id)
    .bind(a.kind)
    .bind(a.body)
    .bind(a.file_id)
    .bind(a.file_name)
    .bind(a.duration_secs)
    .bind(now)
    .fetch_optional(&mut *c)
    .await
}

/// The deal's money as estimated before an amount is agreed (the price named at step 2).
pub async fn set_estimate(c: &mut Conn, deal_id: i64, kopecks: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE deals SET estimate_kopecks = $2 WHERE id = $1")
        .bind(deal_id)
        .bind(kopecks)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Keeps the words of a transcribed voice entry for search.
pub async fn add_transcript(
    c: &mut Conn,
    activity_id: i64,
    deal_id: i64,
    text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO transcripts (activity_id, deal_id, text_key) VALUES ($1, $2, $3)")
        .bind(activity_id)
        .bind(deal_id)
        .bind(person_key(text))
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Whether the user already has this very reminder open on the deal.
pub async fn has_open_reminder(
    c: &mut Conn,
    deal_id: i64,
    user_id: i64,
    due_at: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, super::Flag>(
        "SELECT EXISTS (SELECT 1 FROM reminders
         WHERE deal_id = $1 AND user_id = $2 AND due_at = $3 AND state = 'pending')",
    )
    .bind(deal_id)
    .bind(user_id)
    .bind(due_at)
    .fetch_one(&mut *c)
    .await
    .map(bool::from)
}

#[derive(Debug, Clone, FromRow)]
pub struct Activity {
    pub id: i64,
    pub deal_id: i64,
    pub author_name: Option<String>,
    pub kind: String,
    pub stage: String,
    pub body: String,
    pub file_id: Option<String>,
    pub file_name: Option<String>,
    pub duration_secs: Option<i64>,
    pub created_at: i64,
}

/// The columns (or the select) every query of this kind reads; a macro so queries stay
/// static strings.
macro_rules! activity_select {
    () => {
        "SELECT a.id, a.deal_id, u.name AS author_name, a.kind, a.stage, a.body,
        a.file_id, a.file_name, a.duration_secs, a.created_at
    FROM activities a LEFT JOIN users u ON u.id = a.author_id"
    };
}

/// A page of a deal's timeline in chronological order, and the total count.
pub async fn activities(
    c: &mut Conn,
    deal_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Activity>, i64), sqlx::Error> {
    let rows = sqlx::query_as(concat!(
        activity_select!(),
        " WHERE a.deal_id = $1 ORDER BY a.created_at, a.id LIMIT $2 OFFSET $3"
    ))
    .bind(deal_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *c)
    .await?;
    let total = sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE deal_id = $1")
        .bind(deal_id)
        .fetch_one(&mut *c)
        .await?;
    Ok((rows, total))
}

/// The newest entries of a deal's timeline, newest last.
pub async fn recent_activities(
    c: &mut Conn,
    deal_id: i64,
    n: i64,
) -> Result<Vec<Activity>, sqlx::Error> {
    let mut rows: Vec<Activity> = sqlx::query_as(concat!(
        activity_select!(),
        " WHERE a.deal_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2"
    ))
    .bind(deal_id)
    .bind(n)
    .fetch_all(&mut *c)
    .await?;
    rows.reverse();
    Ok(rows)
}

pub async fn activity(c: &mut Conn, id: i64) -> Result<Option<Activity>, sqlx::Error> {
    sqlx::query_as(concat!(activity_select!(), " WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Reminder {
    pub id: i64,
    pub deal_id: Option<i64>,
    pub user_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: ReminderKind,
    pub due_at: i64,
    pub note: String,
    pub state: String,
}

pub struct NewReminder<'a> {
    pub deal_id: i64,
    pub user_id: i64,
    pub kind: &'a str,
    pub due_at: i64,
    pub note: &'a str,
    pub created_by: i64,
}

pub async fn add_reminder(c: &mut Conn, r: &NewReminder<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let res: i64 = sqlx::query_scalar(
        "INSERT INTO reminders (deal_id, user_id, kind, due_at, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(r.deal_id)
    .bind(r.user_id)
    .bind(r.kind)
    .bind(r.due_at)
    .bind(r.note)
    .bind(r.created_by)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    Ok(res)
}

/// Closes a deal's open reminders of a kind, whatever their time (the thing they pointed at
/// happened or moved), and drops the notices queued for them.
pub async fn close_reminders(
    c: &mut Conn,
    deal_id: i64,
    kind: ReminderKind,
    state: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let closed = sqlx::query(
        "UPDATE reminders SET state = $3, done_at = $4
         WHERE deal_id = $1 AND kind = $2 AND state IN ('pending', 'sent')",
    )
    .bind(deal_id)
    .bind(kind.code())
    .bind(state)
    .bind(now)
    .execute(&mut *c)
    .await?
    .rows_affected();
    if closed > 0 {
        sqlx::query(
            "UPDATE notifications SET state = 'cancelled'
             WHERE state = 'pending' AND deal_id = $1 AND reminder_id IN
                 (SELECT id FROM reminders WHERE deal_id = $1 AND kind = $2 AND done_at = $3)",
        )
        .bind(deal_id)
        .bind(kind.code())
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(closed)
}

/// Closes the deal's open due items of these kinds (a recorded step's `closes`), and their
/// queued notices, in two statements whatever the number of kinds.
pub async fn close_reminders_of(
    c: &mut Conn,
    deal_id: i64,
    kinds: &[ReminderKind],
    state: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    if kinds.is_empty() {
        return Ok(0);
    }
    // the kinds are the enum's own codes, never user text
    let list: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.code())).collect();
    let list = list.join(", ");
    let closed = sqlx::query(&format!(
        "UPDATE reminders SET state = $2, done_at = $3
         WHERE deal_id = $1 AND kind IN ({list}) AND state IN ('pending', 'sent')"
    ))
    .bind(deal_id)
    .bind(state)
    .bind(now)
    .execute(&mut *c)
    .await?
    .rows_affected();
    if closed > 0 {
        sqlx::query(&format!(
            "UPDATE notifications SET state = 'cancelled'
             WHERE state = 'pending' AND deal_id = $1 AND reminder_id IN
                 (SELECT id FROM reminders WHERE deal_id = $1 AND kind IN ({list}) AND done_at = $2)"
        ))
        .bind(deal_id)
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(closed)
}

/// The one close path of a deal (won or lost): its status, and every open due item and queued
/// notice about it cancelled, in the caller's transaction.
pub async fn close_deal(
    c: &mut Conn,
    deal_id: i64,
    status: DealStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE deals SET status = $2, closed_at = $3 WHERE id = $1")
        .bind(deal_id)
        .bind(status.code())
        .bind(now)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "UPDATE reminders SET state = 'cancelled', done_at = $2
         WHERE deal_id = $1 AND state IN ('pending', 'sent')",
    )
    .bind(deal_id)
    .bind(now)
    .execute(&mut *c)
    .await?;
    sqlx::query(
        "UPDATE notifications SET state = 'cancelled' WHERE deal_id = $1 AND state = 'pending'",
    )
    .bind(deal_id)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// The deal's next open due item, if any.
pub async fn next_reminder(c: &mut Conn, deal_id: i64) -> Result<Option<Reminder>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, deal_id, user_id, kind, due_at, note, state FROM reminders
         WHERE deal_id = $1 AND state IN ('pending', 'sent') ORDER BY due_at LIMIT 1",
    )
    .bind(deal_id)
    .fetch_optional(&mut *c)
    .await
}

pub async fn reminders_of_deal(c: &mut Conn, deal_id: i64) -> Result<Vec<Reminder>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, deal_id, user_id, kind, due_at, note, state FROM reminders WHERE deal_id = $1 ORDER BY id",
    )
    .bind(deal_id)
    .fetch_all(&mut *c)
    .await
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn duplicate_key_ignores_legal_form_quotes_and_case() {
        assert_eq!(name_key("ООО «Ромашка»"), "ромашка");
        assert_eq!(name_key("ромашка"), "ромашка");
        assert_eq!(name_key("АО \"Альфа-Строй\""), "альфа строй");
    }
}

pub async fn reminder(c: &mut Conn, id: i64) -> Result<Option<Reminder>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, deal_id, user_id, kind, due_at, note, state FROM reminders WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await
}

/// Marks a reminder done (acted on) or cancelled.
pub async fn finish_reminder(
    c: &mut Conn,
    id: i64,
    state: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE reminders SET state = $2, done_at = $3 WHERE id = $1 AND state IN ('pending', 'sent')")
        .bind(id)
        .bind(state)
        .bind(now)
        .execute(&mut *c)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Moves a reminder to a new time set by the user (snooze or reschedule): pending again.
pub async fn move_reminder(c: &mut Conn, id: i64, due_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reminders SET due_at = $2, state = 'pending', exact_time = 1, escalated_at = NULL WHERE id = $1")
        .bind(id)
        .bind(due_at)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// A user's reminders still waiting to be sent (to re-plan after a time-zone change).
pub async fn pending_reminders_of(c: &mut Conn, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM reminders WHERE user_id = $1 AND state = 'pending'")
        .bind(user_id)
        .fetch_all(&mut *c)
        .await
}

pub async fn mark_reminder_sent(c: &mut Conn, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reminders SET state = 'sent', sent_at = $2 WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// A reminder whose own notice could not be delivered (the user blocked the bot).
pub async fn reminder_undeliverable(c: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reminders SET state = 'undeliverable' WHERE id = $1 AND state = 'pending'")
        .bind(id)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// A user who unblocked the bot gets back the reminders still ahead that failed meanwhile.
pub async fn restore_undeliverable(
    c: &mut Conn,
    user_id: i64,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE reminders SET state = 'pending'
         WHERE user_id = $1 AND state = 'undeliverable' AND due_at > $2 RETURNING id",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(&mut *c)
    .await
}

/// Closes a deal's open reminders of a kind already due: the thing was done.
pub async fn close_due(
    c: &mut Conn,
    deal_id: i64,
    kind: &str,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE reminders SET state = 'done', done_at = $3
         WHERE deal_id = $1 AND kind = $2 AND state IN ('pending', 'sent') AND due_at <= $3 + 12 * 3600
         RETURNING id",
    )
    .bind(deal_id)
    .bind(kind)
    .bind(now)
    .fetch_all(&mut *c)
    .await
}

/// A due item for the morning agenda.
#[derive(Debug, Clone, FromRow)]
pub struct AgendaItem {
    pub id: i64,
    pub deal_id: Option<i64>,
    pub kind: String,
    pub due_at: i64,
    pub note: String,
    pub client_name: Option<String>,
}

/// A user's open reminders due before `until`, oldest first.
pub async fn agenda_items(
    c: &mut Conn,
    user_id: i64,
    until: i64,
) -> Result<Vec<AgendaItem>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.deal_id, r.kind, r.due_at, r.note, cl.name AS client_name
         FROM reminders r LEFT JOIN deals d ON d.id = r.deal_id LEFT JOIN clients cl ON cl.id = d.client_id
         WHERE r.user_id = $1 AND r.state IN ('pending', 'sent') AND r.due_at < $2
         ORDER BY r.due_at, r.id",
    )
    .bind(user_id)
    .bind(until)
    .fetch_all(&mut *c)
    .await
}
