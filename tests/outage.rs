//! The database goes away under load and comes back: the health probe and every webhook request
//! are answered within seconds (an error, so Telegram delivers the update again), nothing that
//! was not committed is acknowledged, and the bot recovers by itself — each update applied once.
//!
//! The outage is real: the test runs a PostgreSQL cluster of its own (the server binaries from
//! `/usr/lib/postgresql/*/bin`, as `.ci/postgres` does) and stops it with `pg_ctl -m immediate`.

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::webhook::{start_replica, Replica, SECRET};
use support::{first_contact, invite, Harness};

/// A PostgreSQL cluster that lives in a temporary directory for the length of a test.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Cluster {
    /// The newest installed server's binaries, if any.
    fn binaries() -> Option<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").exists())
            .collect();
        found.sort_by_key(|b| {
            b.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0)
        });
        found.pop()
    }

    fn start(bin: PathBuf) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        // the server refuses to run as root: the `postgres` system user runs it, as in CI
        if is_root() {
            let owner = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(owner.success(), "chown postgres {}", dir.path().display());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Cluster { bin, dir, port };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
        );
        cluster.up();
        cluster
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A server tool, run as the `postgres` user when the test runs as root.
    fn tool(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let out = self.tool(tool).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts the server and waits until it accepts connections.
    fn up(&self) {
        let log = self.dir.path().join("server.log").display().to_string();
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=100",
            self.port,
            self.dir.path().display()
        );
        self.run(
            "pg_ctl",
            &["-D", &self.data(), "-l", &log, "-w", "-o", &opts, "start"],
        );
    }

    /// The server dies at once, the way a crash or a lost machine takes it.
    fn crash(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "immediate", "stop"]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// What one request got and how long it took.
#[derive(Clone, Copy, Debug)]
struct Answer {
    at: Instant,
    took: Duration,
    status: Option<u16>,
}

/// A client that gives up long after the bot should have answered (a hang is a failure, not a
/// test that never ends).
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

async fn post(http: &reqwest::Client, base: &str, body: &Value) -> Answer {
    let at = Instant::now();
    let status = http
        .post(format!("{base}/tg/hook"))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(body)
        .send()
        .await
        .ok()
        .map(|r| r.status().as_u16());
    Answer {
        at,
        took: at.elapsed(),
        status,
    }
}

async fn health(http: &reqwest::Client, base: &str) -> Answer {
    let at = Instant::now();
    let status = http
        .get(format!("{base}/healthz"))
        .send()
        .await
        .ok()
        .map(|r| r.status().as_u16());
    Answer {
        at,
        took: at.elapsed(),
        status,
    }
}

/// Telegram's side of the webhook: each chat's updates posted one after the other, an update
/// answered with anything but 2xx posted again (after a short pause) until it is taken.
struct Telegram {
    answers: Arc<Mutex<Vec<Answer>>>,
    taken: tokio::sync::watch::Sender<usize>,
    refused: tokio::sync::watch::Sender<usize>,
}

impl Telegram {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            answers: Arc::default(),
            taken: tokio::sync::watch::channel(0).0,
            refused: tokio::sync::watch::channel(0).0,
        })
    }

    async fn deliver_all(self: Arc<Self>, base: String, updates: Vec<Value>) {
        let http = client();
        for u in updates {
            loop {
                let a = post(&http, &base, &u).await;
                self.answers.lock().unwrap().push(a);
                if a.status.is_some_and(|s| (200..300).contains(&s)) {
                    self.taken.send_modify(|n| *n += 1);
                    break;
                }
                self.refused.send_modify(|n| *n += 1);
                // Telegram waits a while before it delivers a refused update again
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// Six reminders per manager: a press, the note, the time — updates whose meaning depends on
/// their order, so a lost or doubled one shows in what is stored.
fn reminders_of(h: &Harness, manager: i64, deal: i64, first_id: i64) -> Vec<Value> {
    let mid = h.api.last_bot_message(manager).unwrap_or(1);
    let mut ups = Vec::new();
    for k in 0..6 {
        let mut press = h.callback_update(manager, mid, &format!("rm:{deal}"));
        press["callback_query"]["id"] = json!(format!("out-{manager}-{k}"));
        ups.push(press);
        ups.push(h.text_update(manager, &format!("дело {manager}-{k}")));
        ups.push(h.text_update(manager, &format!("завтра в {}:00", 10 + k)));
    }
    for (n, u) in ups.iter_mut().enumerate() {
        u["update_id"] = json!(first_id + n as i64);
    }
    ups
}

/// Waits (a minute at most) until the bot has answered `at_least` requests so.
async fn wait_until(w: &tokio::sync::watch::Sender<usize>, at_least: usize, what: &str) {
    let mut rx = w.subscribe();
    tokio::time::timeout(Duration::from_secs(60), rx.wait_for(|n| *n >= at_least))
        .await
        .unwrap_or_else(|_| panic!("not {at_least} requests {what} within a minute"))
        .unwrap();
}

/// Managers, each with a deal, and the updates by which each sets six reminders on it.
async fn managers_with_plans(h: &mut Harness, n: i64) -> Vec<(i64, Vec<Value>)> {
    let mut plans = Vec::new();
    for i in 0..n {
        let m = 2001 + i;
        invite(h, m, "Менеджер").await;
        let deal = first_contact(h, m, &format!("Клиент {i}"), "директор").await;
        plans.push((m, reminders_of(h, m, deal, 900_000 + 100 * i)));
    }
    plans
}

/// Telegram starts delivering every chat's updates, side by side.
fn deliver(
    telegram: &Arc<Telegram>,
    bot: &Replica,
    plans: &[(i64, Vec<Value>)],
) -> Vec<tokio::task::JoinHandle<()>> {
    plans
        .iter()
        .map(|(_, ups)| tokio::spawn(telegram.clone().deliver_all(bot.base.clone(), ups.clone())))
        .collect()
}

async fn all_taken(senders: Vec<tokio::task::JoinHandle<()>>) {
    for s in senders {
        tokio::time::timeout(Duration::from_secs(60), s)
            .await
            .expect("every update is taken once the database is back")
            .unwrap();
    }
}

#[track_caller]
fn assert_every_request_answered_within(answers: &[Answer], limit: Duration) {
    for a in answers {
        assert!(a.status.is_some(), "a webhook request got no answer: {a:?}");
        assert!(
            a.took < limit,
            "a webhook request was held {:?} (answered {:?})",
            a.took,
            a.status
        );
    }
}

/// None lost, none doubled: every reminder stored once, in order, and confirmed once, and no
/// apology (a refused webhook update is delivered again, not apologised for).
async fn assert_each_reminder_once(h: &Harness, db_url: &str, plans: &[(i64, Vec<Value>)]) {
    let db = sqlx::any::AnyPoolOptions::new()
        .connect(db_url)
        .await
        .unwrap();
    for &(m, _) in plans {
        let notes: Vec<String> = sqlx::query_scalar(
            "SELECT r.note FROM reminders r JOIN users u ON u.id = r.user_id
             WHERE u.tg_id = $1 AND r.note LIKE 'дело %' ORDER BY r.id",
        )
        .bind(m)
        .fetch_all(&db)
        .await
        .unwrap();
        let expected: Vec<String> = (0..6).map(|k| format!("дело {m}-{k}")).collect();
        assert_eq!(notes, expected, "chat {m}: each reminder once, in order");
        let texts: Vec<String> = h.chat_calls(m).into_iter().map(|c| c.text).collect();
        let confirmed = texts.iter().filter(|t| t.contains("Напомню")).count();
        assert_eq!(confirmed, 6, "each reminder confirmed once: {texts:#?}");
        assert!(
            !texts.iter().any(|t| t.contains("Что-то пошло не так")),
            "{texts:#?}"
        );
    }
    db.close().await;
}

fn slowest<'a>(list: impl IntoIterator<Item = &'a Answer>) -> Duration {
    list.into_iter().map(|a| a.took).max().unwrap_or_default()
}

#[tokio::test]
async fn a_database_outage_under_load_is_answered_in_seconds_and_recovered_from_with_each_update_once(
) {
    let Some(bin) = Cluster::binaries() else {
        println!(
            "SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin \
             (install the `postgresql` package, as .ci/run does, to run this test)"
        );
        return;
    };
    let cluster = Cluster::start(bin);
    let mut h = Harness::start().await;
    h.stop_bot().await;
    h.db_url = cluster.url();
    h.start_bot().await;
    let plans = managers_with_plans(&mut h, 4).await;
    h.stop_bot().await;
    let bot = start_replica(&h, Default::default()).await;
    let http = client();

    // updates flow; the database dies while they do
    let telegram = Telegram::new();
    let senders = deliver(&telegram, &bot, &plans);
    wait_until(&telegram.taken, 8, "taken").await;
    cluster.crash();
    let down_at = Instant::now();

    // the probe says so at once, and keeps saying so
    let mut probes = Vec::new();
    for _ in 0..3 {
        probes.push(health(&http, &bot.base).await);
    }
    // every chat's update has been refused a few times by now
    wait_until(&telegram.refused, 12, "refused").await;
    probes.push(health(&http, &bot.base).await);

    let restarting_at = Instant::now();
    cluster.up();
    let up_at = Instant::now();
    let recovered = loop {
        let a = health(&http, &bot.base).await;
        if a.status == Some(200) {
            break a.at + a.took;
        }
        assert!(
            up_at.elapsed() < Duration::from_secs(30),
            "/healthz still says {:?} 30 s after the database came back",
            a.status
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    all_taken(senders).await;
    let caught_up = up_at.elapsed();

    let answers = telegram.answers.lock().unwrap().clone();
    let in_outage: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.at >= down_at && a.at < restarting_at)
        .collect();
    println!(
        "outage figures: /healthz answered {:?}, the slowest in {:?}; {} webhook requests during \
         the outage, answered {:?}, the slowest in {:?} (of all {} requests: {:?}); /healthz \
         back to 200 {:?} after the database, every update taken {:?} after it",
        probes.iter().map(|p| p.status).collect::<Vec<_>>(),
        slowest(&probes),
        in_outage.len(),
        in_outage.iter().map(|a| a.status).collect::<Vec<_>>(),
        slowest(in_outage.iter().copied()),
        answers.len(),
        slowest(&answers),
        recovered - up_at,
        caught_up,
    );
    for p in &probes {
        assert_eq!(p.status, Some(503), "/healthz while the database is down");
        assert!(
            p.took < Duration::from_secs(2),
            "/healthz took {:?} to say the database is down",
            p.took
        );
    }
    assert!(in_outage.len() >= 12, "the outage met the updates");
    assert_every_request_answered_within(&answers, Duration::from_secs(3));
    assert_each_reminder_once(&h, &cluster.url(), &plans).await;
}

/// Holds the bot's write lock from another process: SQLite's file lock (`BEGIN IMMEDIATE`), or
/// on PostgreSQL the advisory lock every write transaction takes.
async fn hold_write_lock(db_url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    let mut c = sqlx::AnyConnection::connect(db_url).await.unwrap();
    if support::on_postgres() {
        sqlx::query("BEGIN").execute(&mut c).await.unwrap();
        sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
            .bind(sales_bot::storage::WRITE_LOCK)
            .execute(&mut c)
            .await
            .unwrap();
    } else {
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut c)
            .await
            .unwrap();
    }
    c
}

#[tokio::test]
async fn a_database_another_process_keeps_locked_gets_answers_in_seconds_and_each_update_once_after(
) {
    let mut h = Harness::start().await;
    let plans = managers_with_plans(&mut h, 3).await;
    h.stop_bot().await;
    let bot = start_replica(&h, Default::default()).await;

    let telegram = Telegram::new();
    let senders = deliver(&telegram, &bot, &plans);
    wait_until(&telegram.taken, 6, "taken").await;
    let mut lock = hold_write_lock(&h.db_url).await;
    let locked_at = Instant::now();
    wait_until(&telegram.refused, 9, "refused").await;
    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    let freed_at = Instant::now();
    all_taken(senders).await;

    let answers = telegram.answers.lock().unwrap().clone();
    let while_locked: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.at >= locked_at && a.at < freed_at)
        .collect();
    println!(
        "lock figures: {} webhook requests while the write lock was held, answered {:?}, the \
         slowest in {:?} (of all {} requests: {:?})",
        while_locked.len(),
        while_locked.iter().map(|a| a.status).collect::<Vec<_>>(),
        slowest(while_locked.iter().copied()),
        answers.len(),
        slowest(&answers),
    );
    assert_every_request_answered_within(&answers, Duration::from_secs(3));
    assert_each_reminder_once(&h, &h.db_url, &plans).await;
}
