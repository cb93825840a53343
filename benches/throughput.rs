//! Throughput of the real dispatcher over loopback, on one worker thread and pinned to one core
//! (the process restarts itself under `taskset -c $THROUGHPUT_CPU`, default 0), against a minimal
//! fake Bot API that serves queued updates through `getUpdates` and accepts
//! every reply.
//!
//! `cargo bench --bench throughput` prints first the floor: a bare teloxide bot (its own
//! `Dispatcher`, one SQLite INSERT and one reply per update) on the same fake, 20,000 chats with
//! a note's three updates each. Then, for 1,000 managers: notes (three updates each: the «log»
//! button, the kind, the text; each manager's first since the start, then their next ones with
//! the caches warm), notes on 20,000 distinct chats one each (cold, as the bare bot was
//! measured), form answers (step 1: the button and six answers), notes at a fixed 200 updates/s
//! while the head of sales asks `/pipeline` back to back on a 100,000-deal database, a burst of
//! 20,000 chats, and the first reply after a start on that imported database with nothing
//! nudged yet. Each phase gives its CPU per update (user and system apart), its ratio to the
//! bare bot's, and how many updates each group commit carried. CPU time is the bot's own (the
//! fake Bot API's thread and the main thread that plays the users are subtracted); RSS is the
//! whole process's peak since the bot started (the seeding before it is not counted; the bare
//! bot runs in a process of its own). Without `--bench` (as `cargo test --all-targets` runs it) a small smoke run checks
//! the same paths in seconds.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use sales_bot::app::{App, Clock, Hooks};
use sales_bot::config::Config;
use sales_bot::storage;
use sales_bot::telegram::{self, Observer};
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};

const HEAD: i64 = 1;

/// The allocator the bot's binary runs with (src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The fake Bot API: a queue of updates, and counts of what the bot sent.
#[derive(Default)]
struct Fake {
    queue: Mutex<VecDeque<(i64, Value)>>,
    next: AtomicU64,
    notify: Notify,
    sent: AtomicU64,
    apologies: AtomicU64,
    /// The fake's own thread, so its CPU time is not counted as the bot's.
    tid: AtomicU64,
}

impl Fake {
    fn push(&self, mut update: Value) -> i64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) as i64 + 1;
        update["update_id"] = json!(id);
        self.queue.lock().unwrap().push_back((id, update));
        self.notify.notify_waiters();
        id
    }
}

async fn api(
    State(f): State<Arc<Fake>>,
    Path((_bot, method)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let p: Value = serde_json::from_slice(&body).unwrap_or_default();
    let ok = |v: Value| Json(json!({"ok": true, "result": v})).into_response();
    match method.to_lowercase().as_str() {
        "getupdates" => {
            let offset = p["offset"].as_i64().unwrap_or(0);
            let take = || {
                let mut q = f.queue.lock().unwrap();
                while q.front().is_some_and(|(id, _)| *id < offset) {
                    q.pop_front();
                }
                q.iter()
                    .take(100)
                    .map(|(_, u)| u.clone())
                    .collect::<Vec<_>>()
            };
            let mut got = take();
            if got.is_empty() {
                let _ = tokio::time::timeout(Duration::from_millis(200), f.notify.notified()).await;
                got = take();
            }
            ok(Value::Array(got))
        }
        "getme" => ok(json!({
            "id": 42, "is_bot": true, "first_name": "Bench", "username": "bench_bot",
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "sendmessage" | "editmessagetext" | "sendphoto" | "senddocument" => {
            f.sent.fetch_add(1, Ordering::Relaxed);
            let text = p["text"].as_str().unwrap_or("");
            if text.contains("Не получилось сохранить") || text.contains("Что-то пошло не так")
            {
                f.apologies.fetch_add(1, Ordering::Relaxed);
            }
            let chat = p["chat_id"].as_i64().unwrap_or(0);
            ok(
                json!({"message_id": 1, "date": 0, "chat": {"id": chat, "type": "private", "first_name": "U"}, "text": "x"}),
            )
        }
        _ => ok(json!(true)),
    }
}

/// Starts the fake on its own thread and runtime; returns its URL.
fn start_fake(f: Arc<Fake>) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        f.tid.store(thread_id(), Ordering::Relaxed);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new()
                .route("/{bot}/{method}", post(api))
                .with_state(f);
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}/", rx.recv().unwrap())
}

/// This thread's id as the kernel knows it (the number under /proc/self/task).
fn thread_id() -> u64 {
    std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|p| p.file_name()?.to_str()?.parse().ok())
        .unwrap_or(0)
}

/// CPU seconds from a /proc stat file: (user, system).
fn cpu_of(stat: &str) -> Cpu {
    let Ok(s) = std::fs::read_to_string(stat) else {
        return Cpu::default();
    };
    let after = s.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) / 100.0;
    // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command's ')'
    Cpu {
        user: ticks(11),
        sys: ticks(12),
    }
}

/// CPU seconds, user and system apart.
#[derive(Debug, Clone, Copy, Default)]
struct Cpu {
    user: f64,
    sys: f64,
}

impl std::ops::Sub for Cpu {
    type Output = Cpu;
    fn sub(self, o: Cpu) -> Cpu {
        Cpu {
            user: self.user - o.user,
            sys: self.sys - o.sys,
        }
    }
}

impl Cpu {
    fn total(self) -> f64 {
        self.user + self.sys
    }

    /// "0.123 CPU-ms per update (user 0.090, sys 0.033)" for `n` updates.
    fn per_update(self, n: i64) -> String {
        let ms = |s: f64| s * 1000.0 / n as f64;
        format!(
            "{:.3} CPU-ms per update (user {:.3}, sys {:.3})",
            ms(self.total()),
            ms(self.user),
            ms(self.sys)
        )
    }
}

/// The bot's CPU seconds: the whole process less the fake Bot API's thread and the main thread,
/// which plays Telegram's users (builds and queues the updates, waits for them to be done).
fn bot_cpu(f: &Fake) -> Cpu {
    let tid = f.tid.load(Ordering::Relaxed);
    let main = std::process::id();
    cpu_of("/proc/self/stat")
        - cpu_of(&format!("/proc/self/task/{tid}/stat"))
        - cpu_of(&format!("/proc/self/task/{main}/stat"))
}

/// "1,234 commits, 2.4 updates each": the group commits of a phase.
fn batches(bot: &Bot, (c0, u0): (u64, u64)) -> String {
    let (c, u) = bot.app.writer.stats();
    let (c, u) = (c - c0, u - u0);
    format!(
        "{c} commits, {:.1} updates each",
        u as f64 / c.max(1) as f64
    )
}

/// "(2.1× bare)": a phase's CPU per update against the bare bot's.
fn ratio(cpu: Cpu, n: i64, bare: f64) -> String {
    if bare <= 0.0 {
        return String::new();
    }
    format!(" = {:.1}× bare", cpu.total() * 1000.0 / n as f64 / bare)
}

/// Runs the benchmark pinned to one core (`THROUGHPUT_CPU`, default 0), as the issue measured it:
/// the process starts itself again under `taskset`, so every thread it makes inherits the core.
/// Returns false when this is the process that should run (pinned, or `taskset` missing).
fn relaunched_pinned() -> bool {
    if std::env::var_os("THROUGHPUT_PINNED").is_some() {
        return false;
    }
    let cpu = std::env::var("THROUGHPUT_CPU").unwrap_or_else(|_| "0".into());
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    match std::process::Command::new("taskset")
        .arg("-c")
        .arg(&cpu)
        .arg(exe)
        .args(std::env::args_os().skip(1))
        .env("THROUGHPUT_PINNED", &cpu)
        .status()
    {
        Ok(status) => {
            if !status.success() {
                std::process::exit(status.code().unwrap_or(1));
            }
            true
        }
        Err(e) => {
            println!("(taskset unavailable: {e}; running unpinned)");
            false
        }
    }
}

/// The bare bot the figures are measured against: teloxide's own `Dispatcher` polling the same
/// fake Bot API, and per update one SQLite INSERT (the bot's pragmas: WAL, `synchronous =
/// NORMAL`) and one reply (`sendMessage`, or `answerCallbackQuery` for a button). Returns its CPU
/// per update in milliseconds, after printing it.
async fn bare_bot(dir: &std::path::Path, chats: i64) -> f64 {
    use sqlx::sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
    };
    use teloxide::dispatching::Dispatcher;
    use teloxide::requests::Requester;
    use teloxide::types::{ChatId, Update, UpdateKind};

    type Err = Box<dyn std::error::Error + Send + Sync>;
    type DoneTx = mpsc::UnboundedSender<i64>;

    async fn on_update(
        bot: teloxide::Bot,
        db: sqlx::SqlitePool,
        done: DoneTx,
        upd: Update,
    ) -> Result<(), Err> {
        let chat = upd.chat().map(|c| c.id.0).unwrap_or(0);
        sqlx::query("INSERT INTO seen (update_id, chat_id, at) VALUES ($1, $2, $3)")
            .bind(i64::from(upd.id.0))
            .bind(chat)
            .bind(0_i64)
            .execute(&db)
            .await?;
        match &upd.kind {
            UpdateKind::CallbackQuery(q) => {
                bot.answer_callback_query(q.id.clone()).await?;
            }
            _ => {
                bot.send_message(ChatId(chat), "ok").await?;
            }
        }
        let _ = done.send(i64::from(upd.id.0));
        Ok(())
    }

    let fake = Arc::new(Fake::default());
    let api = start_fake(fake.clone());
    let opts = SqliteConnectOptions::new()
        .filename(dir.join("bare.sqlite"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let db = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE seen (update_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, at INTEGER NOT NULL)")
        .execute(&db)
        .await
        .unwrap();
    let bot = teloxide::Bot::new("1:BARE").set_api_url(url::Url::parse(&api).unwrap());
    let (done_tx, mut done) = mpsc::unbounded_channel::<i64>();
    let mut dispatcher = Dispatcher::builder(bot, teloxide::dptree::endpoint(on_update))
        .dependencies(teloxide::dptree::deps![db.clone(), done_tx])
        .build();
    let token = dispatcher.shutdown_token();
    let task = tokio::spawn(async move { dispatcher.dispatch().await });

    let cpu0 = bot_cpu(&fake);
    let t = Instant::now();
    let total = chats * 3;
    let (mut pushed, mut finished) = (0_i64, 0_i64);
    for c in 1..=chats {
        // at most a few thousand queued at once, as in the bot's own cold round
        while pushed - finished >= WINDOW {
            done.recv().await.expect("the bare bot runs");
            finished += 1;
        }
        for u in note_on(COLD_TG + c, COLD_DEAL + c, 10) {
            fake.push(u);
            pushed += 1;
        }
    }
    while finished < total {
        match tokio::time::timeout(Duration::from_secs(120), done.recv()).await {
            Ok(Some(_)) => finished += 1,
            _ => panic!("{} bare updates never finished", total - finished),
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = bot_cpu(&fake) - cpu0;
    if let Ok(stop) = token.shutdown() {
        stop.await;
    }
    let _ = task.await;
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seen")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(saved, total, "the bare bot saved every update");
    db.close().await;
    println!(
        "  bare bot (teloxide Dispatcher, one INSERT and one reply per update): {total} updates from {chats} chats in {secs:.2} s = {:.0} updates/s, {}",
        total as f64 / secs,
        cpu.per_update(total)
    );
    cpu.total() * 1000.0 / total as f64
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn message(user: i64, n: i64, text: &str) -> Value {
    json!({"message": {
        "message_id": n, "date": 0, "text": text,
        "chat": {"id": user, "type": "private", "first_name": "U"},
        "from": {"id": user, "is_bot": false, "first_name": "U", "language_code": "ru"},
    }})
}

fn press(user: i64, n: i64, data: &str) -> Value {
    json!({"callback_query": {
        "id": format!("cb{user}-{n}"), "data": data, "chat_instance": "ci",
        "from": {"id": user, "is_bot": false, "first_name": "U", "language_code": "ru"},
        "message": {"message_id": 1, "date": 0, "text": "x",
            "chat": {"id": user, "type": "private", "first_name": "U"}},
    }})
}

/// Managers 1001.. with one open deal each at first contact, a head of sales, and `bulk` more
/// deals spread over them (the imported database).
async fn seed(url: &str, managers: i64, bulk: i64) {
    let db = storage::connect(url).await.unwrap();
    let mut tx = storage::begin_write(&db).await.unwrap();
    sqlx::query("INSERT INTO directions (id, name, created_at) VALUES (1, 'Сайты', 0)")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO users (id, tg_id, name, role, timezone, created_at) VALUES (1, 1, 'Ольга', 'head_of_sales', 'Europe/Moscow', 0)",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
         INSERT INTO users (id, tg_id, name, role, timezone, created_at)
         SELECT 1 + i, 1000 + i, 'Менеджер ' || i, 'manager', 'Europe/Moscow', 0 FROM n",
    )
    .bind(managers)
    .execute(&mut *tx)
    .await
    .unwrap();
    let total = managers + bulk;
    let now = chrono::Utc::now().timestamp();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
         INSERT INTO clients (id, name, name_key, created_by, created_at)
         SELECT i, 'Клиент ' || i, 'клиент ' || i, 1, 0 FROM n",
    )
    .bind(total)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
         INSERT INTO contacts (id, client_id, name, position, created_by, created_at)
         SELECT i, i, 'Контакт', 'директор', 1, 0 FROM n",
    )
    .bind(total)
    .execute(&mut *tx)
    .await
    .unwrap();
    // deal i belongs to manager 1 + ((i - 1) % managers) + 1; the first `managers` are fresh,
    // the rest silent for a month at assorted stages (nothing nudged yet)
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
         INSERT INTO deals (id, client_id, contact_id, manager_id, direction_id, channel, stage, status,
                            amount_kopecks, created_at, stage_changed_at, last_activity_at)
         SELECT i, i, i, 2 + ((i - 1) % $2), 1, 'call',
                CASE WHEN i <= $2 THEN 'first_contact' ELSE
                    (SELECT code FROM (SELECT 'needs' AS code UNION ALL SELECT 'offer' UNION ALL SELECT 'terms'
                     UNION ALL SELECT 'invoice') ORDER BY random() LIMIT 1) END,
                'open', 10000000 + (i % 50) * 100000, $3 - 40 * 86400, $3 - 40 * 86400,
                CASE WHEN i <= $2 THEN $3 ELSE $3 - 30 * 86400 END
         FROM n",
    )
    .bind(total)
    .bind(managers)
    .bind(now)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    sqlx::query("PRAGMA optimize").execute(&db).await.unwrap();
    db.close().await;
}

struct Bot {
    fake: Arc<Fake>,
    done: mpsc::UnboundedReceiver<i64>,
    pushed: HashMap<i64, Instant>,
    latencies: Vec<Duration>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    app: Arc<App>,
}

impl Bot {
    async fn start(url: &str, with_sender: bool) -> Self {
        let fake = Arc::new(Fake::default());
        let api = start_fake(fake.clone());
        let db = url.to_owned();
        let cfg = Config::from_lookup(|k| match k {
            "TELOXIDE_TOKEN" => Some("1:BENCH".into()),
            "TELOXIDE_API_URL" => Some(api.clone()),
            "DATABASE_URL" => Some(db.clone()),
            "HEAD_OF_SALES_IDS" => Some(HEAD.to_string()),
            _ => None,
        })
        .unwrap();
        let bot = telegram::make_bot(&cfg);
        let app = telegram::build_app_with(cfg, &bot, Clock::system(), Hooks::default())
            .await
            .unwrap();
        let (tx, done) = mpsc::unbounded_channel();
        let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
        if with_sender {
            let (db, tz) = (app.db.clone(), app.cfg.default_tz);
            let notifier = Arc::new(telegram::TelegramNotifier(bot.clone()));
            tokio::spawn(sales_bot::reminders::sender::run(
                db,
                notifier,
                Clock::system(),
                tz,
                std::future::pending(),
            ));
        }
        let a = app.clone();
        let task = tokio::spawn(async move {
            let _ = telegram::dispatch_until(bot, a, Observer(Some(tx)), async move {
                let _ = stop_rx.await;
            })
            .await;
        });
        Self {
            fake,
            done,
            pushed: HashMap::new(),
            latencies: Vec::new(),
            stop: Some(stop),
            task,
            app,
        }
    }

    fn push(&mut self, update: Value) -> i64 {
        let id = self.fake.push(update);
        self.pushed.insert(id, Instant::now());
        id
    }

    /// `push`, keeping at most `WINDOW` updates queued (and their JSON out of the peak RSS).
    async fn push_windowed(&mut self, update: Value) {
        while self.pushed.len() as i64 >= WINDOW {
            match tokio::time::timeout(Duration::from_secs(120), self.done.recv()).await {
                Ok(Some(id)) => {
                    if let Some(t) = self.pushed.remove(&id) {
                        self.latencies.push(t.elapsed());
                    }
                }
                _ => panic!("{} updates never finished", self.pushed.len()),
            }
        }
        self.push(update);
    }

    /// Waits until every pushed update is done; records each one's latency.
    async fn drain(&mut self) {
        while !self.pushed.is_empty() {
            match tokio::time::timeout(Duration::from_secs(120), self.done.recv()).await {
                Ok(Some(id)) => {
                    if let Some(t) = self.pushed.remove(&id) {
                        self.latencies.push(t.elapsed());
                    }
                }
                _ => panic!("{} updates never finished", self.pushed.len()),
            }
        }
    }

    async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = self.task.await;
    }
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

/// The updates of one note by manager `m` on their deal: the log button, the kind, the text.
fn note(m: i64, n: i64) -> [Value; 3] {
    note_on(1000 + m, m, n)
}

/// The updates of one note by the manager with Telegram id `user` on `deal`.
fn note_on(user: i64, deal: i64, n: i64) -> [Value; 3] {
    [
        press(user, n, &format!("lg:{deal}")),
        message(user, n, "📝 Заметка"),
        message(user, n + 1, "Клиент просит перезвонить после обеда"),
    ]
}

/// The managers of the cold round: Telegram ids `COLD_TG + i`, user, client, contact and deal
/// ids `COLD_DEAL + i`, one open deal each, none of them seen by the bot before.
const COLD_TG: i64 = 500_000;
const COLD_DEAL: i64 = 1_000_000;
/// Updates queued at the fake at once in the cold rounds (memory stays the bot's own).
const WINDOW: i64 = 3_000;

async fn seed_cold(url: &str, count: i64) {
    let db = storage::connect(url).await.unwrap();
    let mut tx = storage::begin_write(&db).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    for sql in [
        "INSERT INTO users (id, tg_id, name, role, timezone, created_at)
         SELECT $2 + i, $3 + i, 'Менеджер ' || i, 'manager', 'Europe/Moscow', 0 FROM n",
        "INSERT INTO clients (id, name, name_key, created_by, created_at)
         SELECT $2 + i, 'Клиент ' || ($2 + i), 'клиент ' || ($2 + i), 1, 0 FROM n",
        "INSERT INTO contacts (id, client_id, name, position, created_by, created_at)
         SELECT $2 + i, $2 + i, 'Контакт', 'директор', 1, 0 FROM n",
        "INSERT INTO deals (id, client_id, contact_id, manager_id, direction_id, channel, stage, status,
                            amount_kopecks, created_at, stage_changed_at, last_activity_at)
         SELECT $2 + i, $2 + i, $2 + i, $2 + i, 1, 'call', 'first_contact', 'open', 10000000,
                $4 - 86400, $4 - 86400, $4 - 3600 FROM n",
    ] {
        sqlx::query(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) {sql}"
        ))
        .bind(count)
        .bind(COLD_DEAL)
        .bind(COLD_TG)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query("PRAGMA optimize").execute(&db).await.unwrap();
    db.close().await;
}

fn main() {
    if relaunched_pinned() {
        return;
    }
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
        .block_on(run());
}

/// Runs the bare bot in a child process (this benchmark again, with `THROUGHPUT_BARE` set);
/// prints its line and returns its CPU-ms per update.
fn bare_in_child(chats: i64) -> f64 {
    let exe = std::env::current_exe().expect("the benchmark's own path");
    let out = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(
            "THROUGHPUT_PINNED",
            std::env::var("THROUGHPUT_PINNED").unwrap_or_default(),
        )
        .env("THROUGHPUT_BARE", chats.to_string())
        .output()
        .expect("the bare bot runs");
    assert!(out.status.success(), "the bare bot failed: {out:?}");
    let mut ms = 0.0;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        match line.strip_prefix("BARE ") {
            Some(v) => ms = v.parse().unwrap_or(0.0),
            None => println!("{line}"),
        }
    }
    ms
}

async fn run() {
    if let Some(chats) = std::env::var("THROUGHPUT_BARE")
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
    {
        let dir = tempfile::tempdir().unwrap();
        let ms = bare_bot(dir.path(), chats).await;
        println!("BARE {ms}");
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    let (managers, bulk, burst, cold) = if full {
        (1_000, 100_000, 20_000, 20_000)
    } else {
        (50, 2_000, 500, 200)
    };
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.sqlite").display());
    let t = Instant::now();
    seed(&url, managers, bulk).await;
    seed_cold(&url, cold).await;
    println!(
        "throughput benchmark ({}, {}): {managers} managers, {} deals, {cold} more managers for the cold round, seeded in {:.1} s",
        if full { "full" } else { "smoke" },
        match std::env::var("THROUGHPUT_PINNED") {
            Ok(cpu) => format!("pinned to CPU {cpu}"),
            Err(_) => "unpinned".into(),
        },
        managers + bulk + cold,
        t.elapsed().as_secs_f64()
    );

    // the floor every figure is set against: a bare teloxide bot on the same fake Bot API, in a
    // process of its own (pinned like this one) so its memory is not this one's
    let bare = bare_in_child(cold);

    // the peak RSS from here on is the bot's: the seeding is behind (the kernel's high-water
    // mark starts again from what the process holds now)
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_at_start = peak_rss_mib();

    // first reply after a start on the imported database, the planner's first pass included
    let started = Instant::now();
    let mut bot = Bot::start(&url, true).await;
    bot.push(message(HEAD, 1, "/help"));
    bot.drain().await;
    println!(
        "  first reply after start: {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );

    // notes, all at once: throughput and CPU — each manager's first since the start, then the
    // same managers' next ones (their rows and pages already in the caches, as in a working day)
    for (round, n, name, after) in [
        (1, 10, "notes", " (each manager's first since the start)"),
        (2, 40, "notes again", " (warm)"),
    ] {
        let cpu0 = bot_cpu(&bot.fake);
        let commits0 = bot.app.writer.stats();
        let t = Instant::now();
        for m in 1..=managers {
            for u in note(m, n) {
                bot.push(u);
            }
        }
        let n_notes = managers * 3;
        bot.drain().await;
        let secs = t.elapsed().as_secs_f64();
        let cpu = bot_cpu(&bot.fake) - cpu0;
        let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE kind = 'note'")
            .fetch_one(&bot.app.read)
            .await
            .unwrap();
        assert_eq!(saved, round * managers, "every note is saved");
        println!(
            "  {name}: {n_notes} updates in {secs:.2} s = {:.0} updates/s, {}{}{after}; {}",
            n_notes as f64 / secs,
            cpu.per_update(n_notes),
            ratio(cpu, n_notes, bare),
            batches(&bot, commits0),
        );
    }

    // notes on distinct chats, one each, none seen since the start (cold: every chat's user,
    // dialogue and deal read from the file for the first time), as the bare bot was measured
    let cpu0 = bot_cpu(&bot.fake);
    let commits0 = bot.app.writer.stats();
    let t = Instant::now();
    for c in 1..=cold {
        for u in note_on(COLD_TG + c, COLD_DEAL + c, 10) {
            bot.push_windowed(u).await;
        }
    }
    bot.drain().await;
    let secs = t.elapsed().as_secs_f64();
    let cpu = bot_cpu(&bot.fake) - cpu0;
    let n_cold = cold * 3;
    let saved: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE kind = 'note' AND deal_id > $1")
            .bind(COLD_DEAL)
            .fetch_one(&bot.app.read)
            .await
            .unwrap();
    assert_eq!(saved, cold, "every cold note is saved");
    println!(
        "  notes on {cold} distinct chats (cold, one each): {n_cold} updates in {secs:.2} s = {:.0} updates/s, {}{}; {}",
        n_cold as f64 / secs,
        cpu.per_update(n_cold),
        ratio(cpu, n_cold, bare),
        batches(&bot, commits0),
    );

    // the floor: an update that only reads (/help), so what a note adds is seen apart
    let cpu0 = bot_cpu(&bot.fake);
    let t = Instant::now();
    for m in 1..=managers {
        bot.push(message(1000 + m, 15, "/help"));
    }
    bot.drain().await;
    let secs = t.elapsed().as_secs_f64();
    let cpu = bot_cpu(&bot.fake) - cpu0;
    println!(
        "  /help (reads only): {managers} updates in {secs:.2} s = {:.0} updates/s, {}{}",
        managers as f64 / secs,
        cpu.per_update(managers),
        ratio(cpu, managers, bare),
    );

    // `THROUGHPUT_ONLY=notes`: stop here (for a profiler)
    if std::env::var("THROUGHPUT_ONLY").is_ok_and(|v| v == "notes") {
        return;
    }

    // form answers: step 1 with its six answers, typed
    let cpu0 = bot_cpu(&bot.fake);
    let t = Instant::now();
    for m in 1..=managers {
        let user = 1000 + m;
        bot.push(press(user, 20, &format!("st:{m}:needs")));
        for (i, a) in [
            "Сеть кофеен",
            "Открыли третью точку",
            "Доставка",
            "Сроки",
            "Нет",
            "завтра в 10:00",
        ]
        .iter()
        .enumerate()
        {
            bot.push(message(user, 30 + i as i64, a));
        }
    }
    let n_forms = managers * 7;
    bot.drain().await;
    let secs = t.elapsed().as_secs_f64();
    let cpu = bot_cpu(&bot.fake) - cpu0;
    let steps: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deal_steps WHERE stage = 'needs'")
        .fetch_one(&bot.app.read)
        .await
        .unwrap();
    assert_eq!(steps, managers, "every step 1 is recorded");
    println!(
        "  form answers: {n_forms} updates in {secs:.2} s = {:.0} updates/s, {}{}",
        n_forms as f64 / secs,
        cpu.per_update(n_forms),
        ratio(cpu, n_forms, bare),
    );

    // notes at 200 updates/s while the head asks /pipeline back to back
    bot.latencies.clear();
    let apologies0 = bot.fake.apologies.load(Ordering::Relaxed);
    let rate = 200.0;
    let total = if full { 6_000 } else { 600 };
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let mut pipeline_done = true;
    let mut pipelines = 0;
    let mut pipeline_times = Vec::new();
    let mut pipeline_started = Instant::now();
    let mut sent = 0;
    let mut n = 100;
    let mut head_update = None;
    while sent < total {
        tick.tick().await;
        if pipeline_done {
            pipeline_started = Instant::now();
            head_update = Some(bot.fake.push(message(HEAD, 1000 + pipelines, "/pipeline")));
            pipelines += 1;
            pipeline_done = false;
        }
        let m = 1 + (sent / 3) % managers;
        let u = &note(m, n)[(sent % 3) as usize];
        if sent % 3 == 2 {
            n += 2;
        }
        bot.push(u.clone());
        sent += 1;
        while let Ok(id) = bot.done.try_recv() {
            if Some(id) == head_update {
                pipeline_times.push(pipeline_started.elapsed());
                pipeline_done = true;
            } else if let Some(t) = bot.pushed.remove(&id) {
                bot.latencies.push(t.elapsed());
            }
        }
    }
    bot.drain().await;
    let mut lat = std::mem::take(&mut bot.latencies);
    println!(
        "  notes at {rate:.0}/s with /pipeline back to back ({pipelines} reports, p50 {:.0} ms): p50 {:.1} ms, p99 {:.1} ms, failed {}",
        pct(&mut pipeline_times, 0.5),
        pct(&mut lat, 0.5),
        pct(&mut lat, 0.99),
        bot.fake.apologies.load(Ordering::Relaxed) - apologies0
    );

    // a burst of chats: memory
    // (queued at the fake a few thousand at a time: the bot takes 100 a poll either way, and the
    // fake's queue is no part of the bot's memory)
    for i in 0..burst {
        let user = 100_000 + i;
        bot.push_windowed(message(user, 1, "привет")).await;
    }
    bot.drain().await;
    println!(
        "  burst of {burst} chats: done; peak RSS {:.1} MiB since the bot's start ({rss_at_start:.1} MiB held then, after the seeding)",
        peak_rss_mib()
    );
    assert_eq!(
        bot.fake.apologies.load(Ordering::Relaxed),
        0,
        "no update failed"
    );
    bot.stop().await;
}
