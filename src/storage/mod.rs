//! The database: pool set-up, migrations and every query. sqlx lives only here.

pub mod catalog;
pub mod deals;
pub mod flow;
pub mod group;
pub mod notify;
pub mod privacy;
pub mod reports;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, ConnectOptions, Connection, Transaction};

use crate::dialogue::State;

/// The schema, once per backend: the same tables, columns and rules, each in its own dialect.
pub static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
pub static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

pub type Db = AnyPool;
pub type Tx = Transaction<'static, Any>;
pub type Conn = AnyConnection;

/// The database behind a `DATABASE_URL`: an embedded SQLite file (the default) or a
/// PostgreSQL server shared by any number of bot processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    /// The backend a pool talks to.
    pub fn of(db: &Db) -> Backend {
        match db.connect_options().database_url.scheme() {
            "sqlite" => Backend::Sqlite,
            _ => Backend::Postgres,
        }
    }

    pub fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

/// A field of a JSON text column, as SQL: the one expression the two dialects spell apart.
pub(crate) fn json_field(c: &Conn, column: &str, key: &str) -> String {
    if c.backend_name() == "PostgreSQL" {
        format!("(CAST({column} AS jsonb) ->> '{key}')")
    } else {
        format!("json_extract({column}, '$.{key}')")
    }
}

/// A 0/1 flag column (or a comparison) read as a bool on both backends: SQLite gives an
/// integer, PostgreSQL a boolean. Fields read it with `#[sqlx(try_from = "Flag")]`.
pub struct Flag(bool);

impl From<Flag> for bool {
    fn from(f: Flag) -> bool {
        f.0
    }
}

impl sqlx::Type<Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        ty.kind().is_integer() || ty.kind() == sqlx::any::AnyTypeInfoKind::Bool
    }
}

impl<'r> sqlx::Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        match <i64 as sqlx::Decode<Any>>::decode(value.clone()) {
            Ok(i) => Ok(Flag(i != 0)),
            Err(_) => Ok(Flag(<bool as sqlx::Decode<Any>>::decode(value)?)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Backup(String),
}

fn backend(url: &str) -> Result<Backend, StorageError> {
    sqlx::any::install_default_drivers();
    Backend::of_url(url).ok_or_else(|| {
        StorageError::Backup(format!(
            "DATABASE_URL must start with sqlite: or postgres:, not {}",
            url.split(':').next().unwrap_or("")
        ))
    })
}

/// A `sqlite:` URL with the file created if missing (`mode=rwc`) or opened read-only.
fn sqlite_url(url: &str, mode: &str) -> String {
    if url.contains("mode=") {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}mode={mode}")
}

/// How long a connection is waited for before the caller is told the database is unavailable:
/// a request must be answered in seconds (Telegram delivers a refused update again, a health
/// probe must see an outage), and a short wait retries the connection often, so the bot is back
/// as soon as the database is. SQLite waits as long for another process's write lock.
pub const WAIT: Duration = Duration::from_secs(1);
/// How long the bot waits at start for its database to accept connections (a server starting
/// beside it).
const START_WAIT: Duration = Duration::from_secs(60);

/// The pool with its first connection made: at start the database may still be coming up, so it
/// is tried again (each try [`WAIT`] long) until [`START_WAIT`]; a refusal (a wrong password, no
/// such database) ends it at once.
async fn open_pool(pool: AnyPoolOptions, options: AnyConnectOptions) -> Result<Db, sqlx::Error> {
    let pool = pool.acquire_timeout(WAIT).connect_lazy_with(options);
    let started = std::time::Instant::now();
    loop {
        match pool.acquire().await {
            Ok(c) => {
                drop(c);
                return Ok(pool);
            }
            Err(sqlx::Error::PoolTimedOut) if started.elapsed() < START_WAIT => {
                tracing::debug!("the database does not answer yet; trying again");
            }
            Err(e) => return Err(e),
        }
    }
}

fn options(url: &str) -> Result<AnyConnectOptions, StorageError> {
    Ok(AnyConnectOptions::from_str(url)?
        // a slow statement is a debug line, not a WARN per update under a burst
        .log_slow_statements(tracing::log::LevelFilter::Debug, Duration::from_secs(1)))
}

/// SQLite's wait for another process's write lock: [`WAIT`], like a connection's.
const BUSY_TIMEOUT: &str = "PRAGMA busy_timeout = 1000";

/// Opens (creating if needed) and migrates the database: the one writer connection. Writes
/// queue for it in the process instead of spinning on SQLite's file lock; on PostgreSQL the
/// write transaction's lock (see [`begin_write`]) serialises them across processes too.
pub async fn connect(url: &str) -> Result<Db, StorageError> {
    let backend = backend(url)?;
    let (url, pool) = match backend {
        Backend::Sqlite => (
            sqlite_url(url, "rwc"),
            AnyPoolOptions::new().after_connect(|c, _| {
                Box::pin(async move {
                    // WAL: readers never wait for the writer; NORMAL: durable at each
                    // checkpoint, one fsync less per commit
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = NORMAL",
                        BUSY_TIMEOUT,
                        "PRAGMA foreign_keys = ON",
                    ] {
                        sqlx::query(pragma).execute(&mut *c).await?;
                    }
                    Ok(())
                })
            }),
        ),
        Backend::Postgres => (url.to_owned(), AnyPoolOptions::new()),
    };
    let pool = pool
        // a local file's connection does not go stale: no ping (a round trip to sqlx's worker
        // thread) before every transaction; a server's connection is checked
        .test_before_acquire(backend == Backend::Postgres)
        .max_connections(1)
        // waiting for the writer under a burst is expected: not a warning per update
        .acquire_slow_level(tracing::log::LevelFilter::Debug);
    let pool = open_pool(pool, options(&url)?).await?;
    migrate(&pool, backend).await?;
    seed_from_table(&pool).await?;
    let mut c = pool.acquire().await?;
    deals::rekey_contacts(&mut c).await?;
    drop(c);
    // an imported or long-grown database gets the statistics its report queries are planned by
    optimize(&pool).await?;
    Ok(pool)
}

/// Applies the backend's migrations. Several processes starting at once take turns: on
/// PostgreSQL sqlx holds an advisory lock while it migrates; SQLite has no such lock, so a
/// process whose migration lost the race to another's (each migration is one transaction, rolled
/// back whole) reads what is applied now and goes on from there.
async fn migrate(pool: &Db, backend: Backend) -> Result<(), StorageError> {
    let mut attempt = 0;
    loop {
        match backend.migrator().run(pool).await {
            Ok(()) => return Ok(()),
            Err(e) if backend == Backend::Sqlite && attempt < 5 => {
                attempt += 1;
                tracing::debug!(error = %e, attempt, "another process migrated meanwhile; again");
                tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Keeps the query planner's statistics fresh without a manual ANALYZE: SQLite re-analyses,
/// within a bounded effort, every table that grew or was never analysed (PostgreSQL's
/// autovacuum does the same by itself). Run at start and hourly.
pub async fn optimize(db: &Db) -> Result<(), sqlx::Error> {
    if Backend::of(db) == Backend::Sqlite {
        sqlx::query("PRAGMA optimize=0x10002").execute(db).await?;
    }
    Ok(())
}

/// Read-only connections to the same database (after `connect` created and migrated it): views,
/// reports and exports read a consistent snapshot and never take the write lock.
pub async fn connect_read(url: &str) -> Result<Db, StorageError> {
    let backend = backend(url)?;
    let (url, pool) = match backend {
        Backend::Sqlite => (
            sqlite_url(url, "ro"),
            AnyPoolOptions::new().after_connect(|c, _| {
                Box::pin(async move {
                    sqlx::query(BUSY_TIMEOUT).execute(&mut *c).await?;
                    Ok(())
                })
            }),
        ),
        Backend::Postgres => (
            url.to_owned(),
            AnyPoolOptions::new().after_connect(|c, _| {
                Box::pin(async move {
                    sqlx::query("SET default_transaction_read_only = on")
                        .execute(&mut *c)
                        .await?;
                    Ok(())
                })
            }),
        ),
    };
    let pool = pool
        .test_before_acquire(backend == Backend::Postgres)
        .max_connections(4)
        .acquire_slow_level(tracing::log::LevelFilter::Debug);
    Ok(open_pool(pool, options(&url)?).await?)
}

/// The key of the advisory lock every write transaction on PostgreSQL holds: the bot's writes
/// are serialised across processes exactly as SQLite serialises them in one file, so any
/// number of replicas behave as one bot (dedup, per-chat order, claims).
pub const WRITE_LOCK: i64 = 0x5a1e_5b07;

/// A write transaction that takes the write lock up front, so it never fails half-way on a
/// lock upgrade.
pub async fn begin_write(db: &Db) -> Result<Tx, sqlx::Error> {
    match Backend::of(db) {
        Backend::Sqlite => db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => {
            let mut tx = db.begin().await?;
            sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
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
        Some(json) => {
            match serde_json::from_str(&json).or_else(|e| upgrade_state(&json).ok_or(e)) {
                Ok(s) => StoredState::Found(s),
                Err(e) => {
                    tracing::warn!(chat_id, error = %e, "stored dialogue state is unreadable");
                    StoredState::Unreadable
                }
            }
        }
    }
}

/// A state saved before each step's form was named by its stage (`{"form":"needs",…}`), read
/// as the step form it was: a manager mid-form across the upgrade keeps their answers.
fn upgrade_state(json: &str) -> Option<State> {
    const LEGACY: [(&str, &str); 15] = [
        ("needs", "needs"),
        ("offer", "offer"),
        ("application", "application"),
        ("meeting", "meeting"),
        ("proposal_sent", "proposal"),
        ("client_answer", "negotiation"),
        ("terms", "terms"),
        ("confirm_terms", "terms_confirmed"),
        ("contract_sent", "contract_sent"),
        ("contract_call", "contract_call"),
        ("contract_discussion", "contract_discussion"),
        ("signing", "signing"),
        ("invoice", "invoice"),
        ("payment", "payment"),
        ("work_stages", "work"),
    ];
    let mut v: serde_json::Value = serde_json::from_str(json).ok()?;
    let kind = v.get_mut("kind")?.as_object_mut()?;
    let old = kind.get("form")?.as_str()?;
    let (_, stage) = LEGACY.iter().find(|(form, _)| *form == old)?;
    kind.insert("form".into(), "step".into());
    kind.insert("stage".into(), (*stage).into());
    serde_json::from_value(v).ok()
}

/// The step table's seeds: each stage's limit of days without activity, where the team has not
/// set its own (a new row gets its limit at the next start).
async fn seed_from_table(pool: &Db) -> Result<(), sqlx::Error> {
    for s in crate::pipeline::STAGES {
        sqlx::query(
            "INSERT INTO stage_limits (stage, days) VALUES ($1, $2) ON CONFLICT (stage) DO NOTHING",
        )
        .bind(s.code)
        .bind(s.limit_days)
        .execute(pool)
        .await?;
    }
    Ok(())
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
/// own. Returns the copy's size. A PostgreSQL database is backed up with its own tools.
pub async fn backup(url: &str, to: &std::path::Path) -> Result<u64, StorageError> {
    if backend(url)? == Backend::Postgres {
        return Err(StorageError::Backup(
            "a PostgreSQL database is backed up with pg_dump (see README, Backups)".into(),
        ));
    }
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
    let backend = backend(url)?;
    let place = match backend {
        Backend::Sqlite => {
            let file = database_file(url);
            if !file.exists() {
                return Ok(format!(
                    "no database at {} yet: it is created and migrated at the first start",
                    file.display()
                ));
            }
            format!("database {}", file.display())
        }
        Backend::Postgres => {
            let mut c = AnyConnection::connect(url).await?;
            let host: String = sqlx::query_scalar("SELECT CAST(current_database() AS TEXT)")
                .fetch_one(&mut c)
                .await?;
            let migrated: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = '_sqlx_migrations')",
            )
            .fetch_one(&mut c)
            .await?;
            c.close().await?;
            if !migrated {
                return Ok(format!(
                    "PostgreSQL database {host} is reachable and empty: it is migrated at the first start"
                ));
            }
            format!("PostgreSQL database {host}")
        }
    };
    let db = connect_read(url).await?;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&db)
        .await?;
    let known = backend.migrator().iter().count() as i64;
    let health = match backend {
        Backend::Sqlite => {
            let ok: String = sqlx::query_scalar("PRAGMA quick_check")
                .fetch_one(&db)
                .await?;
            if ok != "ok" {
                db.close().await;
                return Err(StorageError::Backup(format!(
                    "the database is damaged: {ok}"
                )));
            }
            ", quick_check ok"
        }
        Backend::Postgres => "",
    };
    db.close().await;
    Ok(format!(
        "{place} (migrations {applied} of {known} applied, {} at start){health}",
        known - applied
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::FormKind;
    use crate::pipeline::Stage;

    #[test]
    fn a_step_form_saved_before_forms_were_named_by_their_stage_reads_as_that_step() {
        let old = r#"{"state":"form","kind":{"form":"confirm_terms","deal_id":7},"answers":{},"id":3,"seq":1}"#;
        match read_state(1, Some(old.into())) {
            StoredState::Found(State::Form(fs)) => assert_eq!(
                fs.kind,
                FormKind::Step {
                    deal_id: 7,
                    stage: Stage::TermsConfirmed
                }
            ),
            _ => panic!("the old step form is not read back"),
        }
        let foreign = r#"{"state":"form","kind":{"form":"no_such_form","deal_id":7}}"#;
        assert!(matches!(
            read_state(1, Some(foreign.into())),
            StoredState::Unreadable
        ));
    }
}
