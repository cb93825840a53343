//! The end-to-end harness: the real dispatcher, a fake Bot API on loopback, a fresh SQLite file,
//! and users who type, tap and send files. Each action waits until the bot has finished with
//! that update (the dispatcher's observer says so), then returns the calls the bot made.

#![allow(dead_code)]

pub mod fake_api;
pub mod fake_stt;
pub mod webhook;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sales_bot::app::{App, Clock};
use sales_bot::config::Config;
use sales_bot::telegram::{self, Observer};
use serde_json::{json, Value};
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

pub use fake_api::{Call, FakeApi};

pub const HEAD: i64 = 1001;

/// Thursday 26 November 2026, 12:00 in Moscow.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

pub struct Harness {
    pub api: FakeApi,
    pub clock: Clock,
    _dir: tempfile::TempDir,
    /// The SQLite file (when the tests run on SQLite).
    pub db_path: PathBuf,
    /// The database the bot runs on: `sqlite://…` or a fresh PostgreSQL database.
    pub db_url: String,
    heads: Vec<i64>,
    running: Option<(tokio::task::JoinHandle<()>, oneshot::Sender<()>)>,
    done: mpsc::UnboundedReceiver<i64>,
    done_tx: mpsc::UnboundedSender<i64>,
    pub app: Option<Arc<App>>,
    /// Hooks the next start of the bot gets.
    pub hooks: sales_bot::app::Hooks,
    /// More configuration for the next start (`STT_URL`…).
    pub env: Vec<(&'static str, String)>,
}

/// What the bot did in answer to one action.
#[derive(Debug, Clone)]
pub struct Reply {
    pub calls: Vec<Call>,
}

impl Reply {
    /// Texts of messages sent and edited, in order.
    pub fn texts(&self) -> Vec<String> {
        self.calls
            .iter()
            .filter(|c| c.method == "sendMessage" || c.method == "editMessageText")
            .map(|c| c.text.clone())
            .collect()
    }

    pub fn all_text(&self) -> String {
        self.calls
            .iter()
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
            .join("\n---\n")
    }

    pub fn has(&self, needle: &str) -> bool {
        self.calls.iter().any(|c| c.text.contains(needle))
    }

    #[track_caller]
    pub fn expect(&self, needle: &str) -> &Self {
        assert!(
            self.has(needle),
            "expected «{needle}» in the bot's answer, got:\n{}",
            self.all_text()
        );
        self
    }

    #[track_caller]
    pub fn expect_not(&self, needle: &str) -> &Self {
        assert!(
            !self.has(needle),
            "did not expect «{needle}» in the bot's answer, got:\n{}",
            self.all_text()
        );
        self
    }

    /// The text of the callback answer (toast or alert), if the bot gave one.
    pub fn toast(&self) -> Option<String> {
        self.calls
            .iter()
            .find(|c| c.method == "answerCallbackQuery")
            .map(|c| c.text.clone())
            .filter(|t| !t.is_empty())
    }

    pub fn last_sent(&self) -> Option<&Call> {
        self.calls.iter().rev().find(|c| c.method == "sendMessage")
    }

    pub fn documents(&self) -> Vec<&Call> {
        self.calls
            .iter()
            .filter(|c| {
                matches!(
                    c.method.as_str(),
                    "sendDocument" | "sendVoice" | "sendPhoto"
                )
            })
            .collect()
    }
}

/// True when the tests run on PostgreSQL (`TEST_DATABASE_URL` names a server).
pub fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"))
}

/// A text field of a step's JSON answers (`data`), as SQL for the backend the tests run on.
pub fn jtext(path: &str) -> String {
    if on_postgres() {
        format!("(CAST(data AS jsonb) #>> '{{{}}}')", path.replace('.', ","))
    } else {
        format!("json_extract(data, '$.{path}')")
    }
}

/// A number field of a step's JSON answers, as SQL.
pub fn jint(path: &str) -> String {
    format!("CAST({} AS BIGINT)", jtext(path))
}

/// Makes the database refuse every insert into `table` (a broken disk), or stop refusing.
pub async fn refuse_inserts(db: &AnyPool, table: &str, refuse: bool) {
    let statements: Vec<String> = match (on_postgres(), refuse) {
        (false, true) => vec![format!(
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'disk'); END"
        )],
        (false, false) => vec![format!("DROP TRIGGER refuse_{table}")],
        (true, true) => vec![
            "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk'; END $$"
                .to_owned(),
            format!("CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_insert()"),
        ],
        (true, false) => vec![
            format!("DROP TRIGGER refuse_{table} ON {table}"),
            "DROP FUNCTION refuse_insert()".to_owned(),
        ],
    };
    for sql in statements {
        sqlx::query(&sql).execute(db).await.unwrap();
    }
}

/// A fresh, empty database for one test: a SQLite file at `file`, or, when `TEST_DATABASE_URL`
/// names a PostgreSQL server (`postgres://user@host:port/postgres`), a new database on it.
pub async fn fresh_database(file: &std::path::Path) -> String {
    if !on_postgres() {
        return format!("sqlite://{}", file.display());
    }
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let admin = std::env::var("TEST_DATABASE_URL").unwrap();
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        rand::random::<u32>()
    );
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
        .await
        .expect("TEST_DATABASE_URL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut c)
        .await
        .unwrap();
    let _ = sqlx::Connection::close(c).await;
    let mut url = url::Url::parse(&admin).unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with_heads(&[HEAD]).await
    }

    pub async fn start_with_heads(heads: &[i64]) -> Self {
        if std::env::var_os("RUST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
                .with_test_writer()
                .try_init();
        }
        let api = FakeApi::start().await;
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("bot.sqlite");
        let db_url = fresh_database(&db_path).await;
        let (done_tx, done) = mpsc::unbounded_channel();
        let mut h = Self {
            api,
            clock: Clock::fixed(t0()),
            _dir: dir,
            db_path,
            db_url,
            heads: heads.to_vec(),
            running: None,
            done,
            done_tx,
            app: None,
            hooks: sales_bot::app::Hooks::default(),
            env: Vec::new(),
        };
        h.start_bot().await;
        h
    }

    pub fn config(&self) -> Config {
        let heads = self
            .heads
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let url = self.api.url.clone();
        let db = self.db_url.clone();
        let env = self.env.clone();
        Config::from_lookup(|k| match k {
            "TELOXIDE_TOKEN" => Some("123456:TEST-TOKEN".into()),
            "TELOXIDE_API_URL" => Some(url.clone()),
            "DATABASE_URL" => Some(db.clone()),
            "HEAD_OF_SALES_IDS" => Some(heads.clone()),
            k => env
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.clone()),
        })
        .unwrap()
    }

    /// Starts the bot (the real dispatcher) on the harness's database.
    pub async fn start_bot(&mut self) {
        let cfg = self.config();
        let bot = telegram::make_bot(&cfg);
        let app = telegram::build_app_with(cfg, &bot, self.clock.clone(), self.hooks.clone())
            .await
            .unwrap();
        self.app = Some(app.clone());
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let observer = Observer(Some(self.done_tx.clone()));
        let handle = tokio::spawn(async move {
            let _ = telegram::dispatch_until(bot, app, observer, async move {
                let _ = stop_rx.await;
            })
            .await;
        });
        self.running = Some((handle, stop_tx));
    }

    /// Stops the bot the way SIGTERM does: updates in flight finish, the process state is gone.
    pub async fn stop_bot(&mut self) {
        if let Some((handle, stop)) = self.running.take() {
            let _ = stop.send(());
            tokio::time::timeout(Duration::from_secs(20), handle)
                .await
                .expect("bot stops")
                .unwrap();
        }
        if let Some(app) = self.app.take() {
            app.db.close().await;
        }
    }

    /// Kills the bot the way SIGKILL does: whatever it was doing stops at once, uncommitted.
    pub async fn kill_bot(&mut self) {
        if let Some((handle, _stop)) = self.running.take() {
            handle.abort();
            let _ = handle.await;
        }
        if let Some(app) = self.app.take() {
            app.db.close().await;
        }
    }

    /// Waits until the bot has finished with an update (its replies sent).
    pub async fn wait_for(&mut self, update_id: i64) {
        self.wait_done(update_id).await
    }

    /// Waits until the bot has finished with every one of `ids`, in whatever order.
    #[allow(dead_code)]
    pub async fn wait_all(&mut self, ids: &[i64]) {
        let mut left: std::collections::HashSet<i64> = ids.iter().copied().collect();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !left.is_empty() {
            let wait = deadline.saturating_duration_since(tokio::time::Instant::now());
            match tokio::time::timeout(wait, self.done.recv()).await {
                Ok(Some(id)) => {
                    left.remove(&id);
                }
                _ => panic!("the bot did not finish updates {left:?}"),
            }
        }
    }

    pub async fn restart(&mut self) {
        self.stop_bot().await;
        self.start_bot().await;
    }

    /// The bot as the application uses it, for driving the reminder sender in tests.
    pub fn bot(&self) -> teloxide::Bot {
        telegram::make_bot(&self.config())
    }

    pub fn pool(&self) -> AnyPool {
        self.app.as_ref().expect("bot running").db.clone()
    }

    /// Messages sent to a chat since call number `since` (see `api.calls_len()`).
    pub fn sent_since(&self, chat: i64, since: usize) -> Vec<Call> {
        self.api.calls()[since..]
            .iter()
            .filter(|c| c.chat_id == Some(chat) && c.method == "sendMessage")
            .cloned()
            .collect()
    }

    /// A separate connection for checking what the bot stored.
    pub async fn db(&self) -> AnyPool {
        sqlx::any::install_default_drivers();
        AnyPool::connect(&self.db_url).await.unwrap()
    }

    async fn wait_done(&mut self, update_id: i64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match tokio::time::timeout(left, self.done.recv()).await {
                Ok(Some(id)) if id == update_id => return,
                Ok(Some(_)) => continue,
                _ => panic!(
                    "the bot did not finish update {update_id}; calls so far: {:#?}",
                    self.api.calls()
                ),
            }
        }
    }

    /// Pushes an update and returns what the bot did for `chat` while handling it.
    pub async fn deliver(&mut self, chat: i64, update: Value) -> Reply {
        let before = self.api.calls_len();
        let id = self.api.push(update);
        self.wait_done(id).await;
        self.reply_since(chat, before)
    }

    pub async fn redeliver(&mut self, chat: i64, update: Value) -> Reply {
        let before = self.api.calls_len();
        let id = self.api.redeliver(update);
        self.wait_done(id).await;
        self.reply_since(chat, before)
    }

    fn reply_since(&self, chat: i64, before: usize) -> Reply {
        let calls = self.api.calls()[before..]
            .iter()
            .filter(|c| {
                c.chat_id == Some(chat)
                    || c.method == "answerCallbackQuery"
                    || c.method.starts_with("ERROR")
            })
            .cloned()
            .collect();
        let errors = self.api.errors();
        assert!(
            errors.is_empty(),
            "the bot made calls Telegram would refuse: {errors:#?}"
        );
        Reply { calls }
    }

    /// Everything the bot sent to a chat since the start, for checks on other users' chats.
    pub fn chat_calls(&self, chat: i64) -> Vec<Call> {
        self.api
            .calls()
            .into_iter()
            .filter(|c| c.chat_id == Some(chat))
            .collect()
    }

    fn user_json(user: i64) -> Value {
        json!({"id": user, "is_bot": false, "first_name": name_of(user), "last_name": "Тестов", "language_code": "ru"})
    }

    fn message(&self, user: i64, extra: Value) -> Value {
        let id = self.api.next_message_id(user);
        let mut m = json!({
            "message_id": id,
            "date": self.clock.now().timestamp(),
            "chat": {"id": user, "type": "private", "first_name": name_of(user)},
            "from": Self::user_json(user),
        });
        if let (Value::Object(m), Value::Object(e)) = (&mut m, extra) {
            m.extend(e);
        }
        json!({ "message": m })
    }

    pub fn text_update(&self, user: i64, text: &str) -> Value {
        self.message(user, json!({ "text": text }))
    }

    pub async fn text(&mut self, user: i64, text: &str) -> Reply {
        let u = self.text_update(user, text);
        self.deliver(user, u).await
    }

    pub async fn voice(&mut self, user: i64, file_id: &str, duration: u32) -> Reply {
        let u = self.message(user, json!({"voice": {"file_id": file_id, "file_unique_id": format!("u{file_id}"), "duration": duration, "mime_type": "audio/ogg"}}));
        self.deliver(user, u).await
    }

    /// A voice message whose recording is `bytes` (what the fake engine will hear).
    pub async fn voice_saying(&mut self, user: i64, bytes: &str, duration: u32) -> Reply {
        let file_id = self.api.add_file(bytes.as_bytes().to_vec());
        self.voice(user, &file_id, duration).await
    }

    /// Waits (up to 20 s) for a message to `chat` sent after call number `since` that contains
    /// `needle`: for what the bot sends on its own time, such as a transcript.
    pub async fn wait_message(&self, chat: i64, since: usize, needle: &str) -> Call {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(c) = self.api.calls()[since..].iter().find(|c| {
                c.chat_id == Some(chat) && c.method == "sendMessage" && c.text.contains(needle)
            }) {
                return c.clone();
            }
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "no message with «{needle}» to {chat}; since then: {:#?}",
                    &self.api.calls()[since..]
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn document(&mut self, user: i64, name: &str, bytes: Vec<u8>) -> Reply {
        let size = bytes.len();
        let file_id = self.api.add_file(bytes);
        let u = self.message(user, json!({"document": {"file_id": file_id, "file_unique_id": format!("u{file_id}"), "file_name": name, "file_size": size}}));
        self.deliver(user, u).await
    }

    /// A file sent with words under it, as people send a document with a comment.
    pub async fn document_with_caption(
        &mut self,
        user: i64,
        name: &str,
        bytes: Vec<u8>,
        caption: &str,
    ) -> Reply {
        let size = bytes.len();
        let file_id = self.api.add_file(bytes);
        let u = self.message(user, json!({"caption": caption, "document": {"file_id": file_id, "file_unique_id": format!("u{file_id}"), "file_name": name, "file_size": size}}));
        self.deliver(user, u).await
    }

    pub async fn photo_with_caption(&mut self, user: i64, caption: &str) -> Reply {
        let u = self.message(user, json!({"caption": caption, "photo": [{"file_id": "PHOTO2", "file_unique_id": "uP2", "width": 90, "height": 90}]}));
        self.deliver(user, u).await
    }

    pub async fn photo(&mut self, user: i64) -> Reply {
        let u = self.message(user, json!({"photo": [{"file_id": "PHOTO1", "file_unique_id": "uP1", "width": 90, "height": 90}]}));
        self.deliver(user, u).await
    }

    pub async fn sticker(&mut self, user: i64) -> Reply {
        let u = self.message(user, json!({"sticker": {"file_id": "STK1", "file_unique_id": "uS1", "type": "regular", "width": 512, "height": 512, "is_animated": false, "is_video": false}}));
        self.deliver(user, u).await
    }

    /// Presses the newest inline button in the user's chat whose label contains `label`.
    #[track_caller]
    pub fn find_button(&self, user: i64, label: &str) -> (i32, String) {
        let calls = self.chat_calls(user);
        for c in calls.iter().rev() {
            let Some(mid) = c.message_id else { continue };
            // only buttons still on the message count
            let current = self.api.message(user, mid);
            let still_there = current
                .as_ref()
                .is_some_and(|m| m["reply_markup"].is_object());
            if !still_there {
                continue;
            }
            if let Some((_, data)) = c.buttons.iter().flatten().find(|(l, _)| l.contains(label)) {
                return (mid, data.clone());
            }
        }
        panic!(
            "no button «{label}» in chat {user}; recent messages: {:#?}",
            calls.iter().rev().take(3).collect::<Vec<_>>()
        );
    }

    pub async fn press(&mut self, user: i64, label: &str) -> Reply {
        let (mid, data) = self.find_button(user, label);
        self.press_data(user, mid, &data).await
    }

    /// Presses a button with arbitrary data on the bot's newest message: a forged press.
    pub async fn forge(&mut self, user: i64, data: &str) -> Reply {
        let mid = self.api.last_bot_message(user).unwrap_or(1);
        self.press_data(user, mid, data).await
    }

    /// Presses a button with arbitrary data on a message: how a forged or stale press looks.
    pub async fn press_data(&mut self, user: i64, message_id: i32, data: &str) -> Reply {
        let update = self.callback_update(user, message_id, data);
        self.deliver(user, update).await
    }

    /// A press on a button with `data` under the bot's message `message_id`, as an update.
    pub fn callback_update(&self, user: i64, message_id: i32, data: &str) -> Value {
        let message = self.api.message(user, message_id).unwrap_or_else(|| {
            json!({"message_id": message_id, "date": 0, "chat": {"id": user, "type": "private", "first_name": "x"}, "text": "x"})
        });
        json!({
            "callback_query": {
                "id": format!("cb{}", self.api.calls_len() + 1000 * message_id as usize + user as usize),
                "from": Self::user_json(user),
                "message": message,
                "chat_instance": "ci",
                "data": data,
            }
        })
    }
}

/// The head of sales invites `user` for a role (by its button label); the user opens the link.
pub async fn invite(h: &mut Harness, user: i64, role_label: &str) {
    h.text(HEAD, "/invite").await.expect("Кого приглашаем?");
    let r = h.press(HEAD, role_label).await;
    let r = if r.has("Какое направление") {
        h.press(HEAD, "Сайты").await
    } else {
        r
    };
    let text = r.texts().join("\n");
    let code = text
        .split("start=")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("an invitation link in {:#?}", r.calls))
        .to_owned();
    h.text(user, &format!("/start {code}"))
        .await
        .expect("Добро пожаловать");
}

/// The head adds the direction «Сайты» and invites each (user, role button label).
pub async fn team_in_sites(h: &mut Harness, members: &[(i64, &str)]) {
    h.text(HEAD, "/directions").await;
    h.press(HEAD, "Добавить направление").await;
    h.text(HEAD, "Сайты").await;
    for (user, role) in members {
        invite(h, *user, role).await;
    }
}

/// A manager records a first contact with «Иван Петров» at `company` and gets the deal's id.
pub async fn first_contact(h: &mut Harness, user: i64, company: &str, position: &str) -> i64 {
    h.text(user, "/new")
        .await
        .expect("Как называется компания клиента?");
    h.text(user, company).await;
    h.text(user, "Иван Петров")
        .await
        .expect("Должность собеседника?");
    h.text(user, position).await.expect("Телефон собеседника");
    h.text(user, "8 (912) 345-67-89")
        .await
        .expect("Откуда пришёл контакт?");
    let r = h.press(user, "Звонок").await;
    let r = if r.has("Какое направление") {
        h.press(user, "Сайты").await
    } else {
        r
    };
    r.expect("Сделка №");
    let text = r.texts().join("\n");
    text.split("Сделка №")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Steps 1–3 of a deal just created (needs, offer, a meeting tomorrow at 15:00), then the clock
/// moved to 15:05 tomorrow: the meeting can be recorded as held.
pub async fn steps_to_meeting(h: &mut Harness, manager: i64) {
    h.press(manager, "Шаг 1").await;
    h.text(manager, "Сеть кофеен").await;
    for _ in 0..4 {
        h.press(manager, "Пропустить").await;
    }
    h.press(manager, "Не назначать").await;
    h.press(manager, "Шаг 2").await;
    h.text(manager, "Сайт с онлайн-заказом").await;
    h.press(manager, "Нет").await;
    h.press(manager, "Не назначать").await;
    h.press(manager, "Шаг 3").await;
    h.press(manager, "Анкета отправлена").await;
    h.text(manager, "завтра в 15:00").await;
    h.text(manager, "Офис клиента").await;
    // the meeting is held once it has begun: tomorrow, 15:05 in Moscow
    h.clock
        .set(h.clock.now() + chrono::Duration::hours(27) + chrono::Duration::minutes(5));
}

fn name_of(user: i64) -> &'static str {
    match user {
        HEAD => "Ольга",
        2002 => "Павел",
        3003 => "Марина",
        _ => "Гость",
    }
}

/// The data of the «next step» button of a deal as it stands in the database now.
pub async fn next_step_data(h: &Harness, deal: i64) -> String {
    let stage: String = sqlx::query_scalar("SELECT stage FROM deals WHERE id = $1")
        .bind(deal)
        .fetch_one(&h.pool())
        .await
        .unwrap();
    let next = sales_bot::pipeline::Stage::from_code(&stage)
        .and_then(|s| s.next())
        .expect("a deal with a next step");
    format!("st:{deal}:{}", next.code())
}

/// A complete, valid record of step 8 (the deal's terms), as the form stores it.
pub const TERMS_JSON: &str = r#"{"inn":{"text":"7707083893"},"kpp":{"text":"773601001"},"ogrn":{"text":"1027700132195"},"bik":{"text":"044525225"},"account":{"text":"40702810938000000001"},"address":{"text":"Москва, ул. Вавилова, 19"},"amount":{"money":100000000},"subject":{"text":"Разработка сайта"},"deadlines":{"text":"2 месяца"},"stages":{"text":"Дизайн, вёрстка"},"location":{"text":"Москва"}}"#;

/// The real reminder sender on the harness's database and fake Bot API, with Telegram's limits
/// rounded to whole seconds so tests can pass time in steps of one.
pub fn sender(h: &Harness) -> sales_bot::reminders::sender::Sender {
    use sales_bot::reminders::sender::{Limits, Sender};
    let limits = Limits {
        per_chat_ms: 1000,
        per_second: 30,
        window_ms: 1000,
    };
    Sender::new(
        h.pool(),
        Arc::new(sales_bot::telegram::TelegramNotifier(h.bot())),
        limits,
        chrono_tz::Europe::Moscow,
    )
}
