//! The database: pool set-up, migrations and every query. sqlx lives only here.

pub mod catalog;
pub mod deals;
pub mod flow;
pub mod notify;
pub mod privacy;
pub mod reports;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::dialogue::State;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

pub type Db = SqlitePool;
pub type Tx = Transaction<'static, Sqlite>;
pub type Conn = SqliteConnection;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Backup(String),
}

/// Opens (creating if needed) and migrates the database: the one writer connection. Writes
/// queue for it in the process instead of spinning on SQLite's file lock.
pub async fn connect(url: &str) -> Result<Db, StorageError> {
    let opts = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true)
        .statement_cache_capacity(256);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(60))
        // waiting for the writer under a burst is expected: not a warning per update
        .acquire_slow_level(tracing::log::LevelFilter::Debug)
        .connect_with(opts)
        .await?;
    MIGRATOR.run(&pool).await?;
    let mut c = pool.acquire().await?;
    deals::rekey_contacts(&mut c).await?;
    drop(c);
    // an imported or long-grown database gets the statistics its report queries are planned by
    optimize(&pool).await?;
    Ok(pool)
}

/// Keeps the query planner's statistics fresh without a manual ANALYZE: SQLite re-analyses,
/// within a bounded effort, every table that grew or was never analysed. Run at start and
/// hourly.
pub async fn optimize(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA optimize=0x10002").execute(db).await?;
    Ok(())
}

/// Read-only connections to the same database (after `connect` created and migrated it): views,
/// reports and exports read a consistent snapshot and never take the write lock.
pub async fn connect_read(url: &str) -> Result<Db, StorageError> {
    let opts = SqliteConnectOptions::from_str(url)?
        .read_only(true)
        .busy_timeout(Duration::from_secs(10))
        .statement_cache_capacity(256);
    Ok(SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_slow_level(tracing::log::LevelFilter::Debug)
        .connect_with(opts)
        .await?)
}

/// A write transaction that takes the write lock up front, so it never fails half-way on a
/// lock upgrade.
pub async fn begin_write(db: &Db) -> Result<Tx, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// Records an update as processed; false when it was processed before (a redelivery).
pub async fn mark_update(
    c: &mut Conn,
    update_id: i64,
    fingerprint: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO processed_updates (update_id, fingerprint, processed_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(update_id)
    .bind(fingerprint)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Forgets processed update ids older than `before` (redeliveries come within minutes).
pub async fn prune_updates(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM processed_updates WHERE processed_at < $1")
            .bind(before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// What was stored for a chat's dialogue.
pub enum StoredState {
    Found(State),
    /// A state that no longer deserialises (an older version of the bot wrote it).
    Unreadable,
}

pub async fn load_state(c: &mut Conn, chat_id: i64) -> Result<StoredState, sqlx::Error> {
    let raw: Option<String> = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1")
        .bind(chat_id)
        .fetch_optional(&mut *c)
        .await?;
    Ok(read_state(chat_id, raw))
}

/// A dialogue as stored (`None`: no row, the chat is idle).
pub fn read_state(chat_id: i64, raw: Option<String>) -> StoredState {
    match raw {
        None => StoredState::Found(State::Idle),
        Some(json) => match serde_json::from_str(&json) {
            Ok(s) => StoredState::Found(s),
            Err(e) => {
                tracing::warn!(chat_id, error = %e, "stored dialogue state is unreadable");
                StoredState::Unreadable
            }
        },
    }
}

/// Chats whose dialogue waits for a voice answer's words, with their states: a transcription
/// cut short by a restart is started again.
pub async fn states_awaiting_words(c: &mut Conn) -> Result<Vec<(i64, State)>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT chat_id, state FROM dialogues WHERE state LIKE '%\"dictation\"%'")
            .fetch_all(&mut *c)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(chat, json)| serde_json::from_str(&json).ok().map(|s| (chat, s)))
        .collect())
}

pub async fn save_state(
    c: &mut Conn,
    chat_id: i64,
    state: &State,
    now: i64,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(state).expect("dialogue state serialises");
    sqlx::query(
        "INSERT INTO dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
    )
    .bind(chat_id)
    .bind(json)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Keeps the answers of a form left unfinished (`form` is the form's stored identity).
pub async fn save_draft(
    c: &mut Conn,
    chat_id: i64,
    form: &str,
    answers: &crate::dialogue::Answers,
    now: i64,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(answers).expect("answers serialise");
    sqlx::query(
        "INSERT INTO form_drafts (chat_id, form, answers, saved_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (chat_id, form) DO UPDATE SET answers = excluded.answers, saved_at = excluded.saved_at",
    )
    .bind(chat_id)
    .bind(form)
    .bind(json)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Takes a form's kept answers back (they are then the form's again, not a draft).
pub async fn take_draft(
    c: &mut Conn,
    chat_id: i64,
    form: &str,
) -> Result<Option<crate::dialogue::Answers>, sqlx::Error> {
    let raw: Option<String> = sqlx::query_scalar(
        "DELETE FROM form_drafts WHERE chat_id = $1 AND form = $2 RETURNING answers",
    )
    .bind(chat_id)
    .bind(form)
    .fetch_optional(&mut *c)
    .await?;
    Ok(raw.and_then(|j| match serde_json::from_str(&j) {
        Ok(a) => Some(a),
        Err(e) => {
            tracing::warn!(chat_id, error = %e, "a kept draft no longer reads; dropped");
            None
        }
    }))
}

/// Remembers a chat's last search, so its page buttons carry only the page.
pub async fn save_search(
    c: &mut Conn,
    chat_id: i64,
    query: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO last_search (chat_id, query, saved_at) VALUES ($1, $2, $3)
         ON CONFLICT (chat_id) DO UPDATE SET query = excluded.query, saved_at = excluded.saved_at",
    )
    .bind(chat_id)
    .bind(query)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub async fn last_search(c: &mut Conn, chat_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT query FROM last_search WHERE chat_id = $1")
        .bind(chat_id)
        .fetch_optional(&mut *c)
        .await
}

/// The database file a `sqlite:` URL names.
fn database_file(url: &str) -> std::path::PathBuf {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or("");
    std::path::PathBuf::from(path)
}

/// An online, consistent copy of the database (`VACUUM INTO` on a read-only connection): it
/// reads one snapshot while the bot goes on writing, and the copy opens as a database on its
/// own. Returns the copy's size.
pub async fn backup(url: &str, to: &std::path::Path) -> Result<u64, StorageError> {
    if to.exists() {
        return Err(StorageError::Backup(format!(
            "{} exists already",
            to.display()
        )));
    }
    if !database_file(url).exists() {
        return Err(StorageError::Backup(format!(
            "no database at {}",
            database_file(url).display()
        )));
    }
    let db = connect_read(url).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(to.display().to_string())
        .execute(&db)
        .await?;
    db.close().await;
    Ok(std::fs::metadata(to).map(|m| m.len()).unwrap_or(0))
}

/// What `check-config` reports of the database, without creating or changing it.
pub async fn check(url: &str) -> Result<String, StorageError> {
    let file = database_file(url);
    if !file.exists() {
        return Ok(format!(
            "no database at {} yet: it is created and migrated at the first start",
            file.display()
        ));
    }
    let db = connect_read(url).await?;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&db)
        .await?;
    let known = MIGRATOR.iter().count() as i64;
    let ok: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&db)
        .await?;
    db.close().await;
    if ok != "ok" {
        return Err(StorageError::Backup(format!(
            "the database is damaged: {ok}"
        )));
    }
    Ok(format!(
        "database {} (migrations {applied} of {known} applied, {} at start), quick_check ok",
        file.display(),
        known - applied
    ))
}
