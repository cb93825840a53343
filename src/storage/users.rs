//! Team members, invitations and the audit of refused strangers.

use sqlx::FromRow;

use super::Conn;

#[derive(Debug, Clone, FromRow)]
pub struct User {
    pub id: i64,
    pub tg_id: i64,
    pub name: String,
    pub username: Option<String>,
    #[sqlx(try_from = "String")]
    pub role: crate::domain::Role,
    pub direction_id: Option<i64>,
    pub timezone: String,
    pub locale: String,
    #[sqlx(try_from = "super::Flag")]
    pub active: bool,
    pub agenda_minute: i64,
    pub work_days: i64,
    pub work_start: i64,
    pub work_end: i64,
    pub paused_until: Option<i64>,
    pub blocked_at: Option<i64>,
}

/// The columns (or the select) every query of this kind reads; a macro so queries stay
/// static strings.
macro_rules! user_cols {
    () => {
        "id, tg_id, name, username, role, direction_id, timezone, locale, active,
    agenda_minute, work_days, work_start, work_end, paused_until, blocked_at"
    };
}

pub async fn by_tg(c: &mut Conn, tg_id: i64) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        user_cols!(),
        " FROM users WHERE tg_id = $1"
    ))
    .bind(tg_id)
    .fetch_optional(&mut *c)
    .await
}

/// A team member and the stored dialogue of a chat, in one statement: every turn starts so.
pub async fn by_tg_with_state(
    c: &mut Conn,
    tg_id: i64,
    chat_id: i64,
) -> Result<Option<(User, Option<String>)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: User,
        state: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(concat!(
        "SELECT ",
        user_cols!(),
        ", (SELECT d.state FROM dialogues d WHERE d.chat_id = $2) AS state
         FROM users WHERE tg_id = $1"
    ))
    .bind(tg_id)
    .bind(chat_id)
    .fetch_optional(&mut *c)
    .await?;
    Ok(row.map(|r| (r.user, r.state)))
}

pub async fn by_id(c: &mut Conn, id: i64) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        user_cols!(),
        " FROM users WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await
}

pub struct NewUser<'a> {
    pub tg_id: i64,
    pub name: &'a str,
    pub username: Option<&'a str>,
    pub role: &'a str,
    pub direction_id: Option<i64>,
    pub timezone: &'a str,
    pub locale: &'a str,
    pub invited_by: Option<i64>,
}

/// Registers a user, or re-activates and re-roles one who was there before.
pub async fn upsert(c: &mut Conn, u: &NewUser<'_>, now: i64) -> Result<User, sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (tg_id, name, username, role, direction_id, timezone, locale, invited_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tg_id) DO UPDATE SET name = excluded.name, username = excluded.username,
             role = excluded.role, direction_id = excluded.direction_id, active = 1,
             deactivated_at = NULL, invited_by = COALESCE(excluded.invited_by, users.invited_by)",
    )
    .bind(u.tg_id)
    .bind(u.name)
    .bind(u.username)
    .bind(u.role)
    .bind(u.direction_id)
    .bind(u.timezone)
    .bind(u.locale)
    .bind(u.invited_by)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(by_tg(c, u.tg_id).await?.expect("just upserted"))
}

pub async fn list_active(c: &mut Conn) -> Result<Vec<User>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        user_cols!(),
        " FROM users WHERE active = 1 ORDER BY role, name"
    ))
    .fetch_all(&mut *c)
    .await
}

/// Whom a viewer may pick in the manager filter, the chat's «👤 Менеджер» and the board's
/// alike: for a head of sales every manager and head of sales; for a head of direction the
/// managers (a manager is not tied to a direction and works its deals) and the heads of sales
/// of that direction.
pub async fn filter_managers(
    c: &mut Conn,
    viewer: crate::domain::Role,
    direction_id: Option<i64>,
) -> Result<Vec<User>, sqlx::Error> {
    use crate::domain::Role;
    Ok(list_active(c)
        .await?
        .into_iter()
        .filter(|u| {
            let in_scope = viewer == Role::HeadOfSales
                || u.direction_id == direction_id
                || u.role == Role::Manager;
            (u.role == Role::Manager || u.role == Role::HeadOfSales) && in_scope
        })
        .collect())
}

/// Everyone who was ever on the team, switched off or not.
pub async fn list_all(c: &mut Conn) -> Result<Vec<User>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        user_cols!(),
        " FROM users ORDER BY name"
    ))
    .fetch_all(&mut *c)
    .await
}

pub async fn deactivate(c: &mut Conn, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE users SET active = 0, deactivated_at = $2 WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_timezone(c: &mut Conn, id: i64, tz: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET timezone = $2 WHERE id = $1")
        .bind(id)
        .bind(tz)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn set_locale(c: &mut Conn, id: i64, locale: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locale = $2 WHERE id = $1")
        .bind(id)
        .bind(locale)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn record_denied(
    c: &mut Conn,
    tg_id: i64,
    what: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO access_denied (tg_id, at, what) VALUES ($1, $2, $3)")
        .bind(tg_id)
        .bind(now)
        .bind(what)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Forgets refused strangers' audit rows older than `before` (the retention setting).
pub async fn prune_denied(db: &super::Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM access_denied WHERE at < $1")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}

#[derive(Debug, Clone, FromRow)]
pub struct Invite {
    pub code: String,
    #[sqlx(try_from = "String")]
    pub role: crate::domain::Role,
    pub direction_id: Option<i64>,
    pub created_by: i64,
    pub expires_at: i64,
    pub used_by: Option<i64>,
}

pub async fn create_invite(
    c: &mut Conn,
    code: &str,
    role: &str,
    direction_id: Option<i64>,
    created_by: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO invites (code, role, direction_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(code)
    .bind(role)
    .bind(direction_id)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub async fn invite(c: &mut Conn, code: &str) -> Result<Option<Invite>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, role, direction_id, created_by, expires_at, used_by FROM invites WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(&mut *c)
    .await
}

pub async fn use_invite(
    c: &mut Conn,
    code: &str,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE invites SET used_by = $2, used_at = $3 WHERE code = $1 AND used_by IS NULL",
    )
    .bind(code)
    .bind(user_id)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// One of the schedule columns a user edits in /settings.
pub async fn set_schedule(
    c: &mut Conn,
    id: i64,
    agenda_minute: i64,
    work_days: i64,
    work_start: i64,
    work_end: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET agenda_minute = $2, work_days = $3, work_start = $4, work_end = $5 WHERE id = $1")
        .bind(id)
        .bind(agenda_minute)
        .bind(work_days)
        .bind(work_start)
        .bind(work_end)
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn set_paused_until(
    c: &mut Conn,
    id: i64,
    until: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET paused_until = $2 WHERE id = $1")
        .bind(id)
        .bind(until)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Marks that the user blocked the bot; true only the first time (so heads are told once).
pub async fn mark_blocked(c: &mut Conn, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE users SET blocked_at = $2 WHERE id = $1 AND blocked_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&mut *c)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// A user who writes to the bot again has unblocked it.
pub async fn clear_blocked(c: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET blocked_at = NULL WHERE id = $1 AND blocked_at IS NOT NULL")
        .bind(id)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Active heads of sales, and the active heads of a direction.
pub async fn heads_for(c: &mut Conn, direction_id: Option<i64>) -> Result<Vec<User>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        user_cols!(),
        " FROM users WHERE active = 1 AND (role = 'head_of_sales'
             OR (role = 'head_of_direction' AND direction_id = $1)) ORDER BY id"
    ))
    .bind(direction_id)
    .fetch_all(&mut *c)
    .await
}
