//! Reminder delivery under load, against a local fake Bot API that enforces Telegram's limits
//! (one message a second per chat, thirty a second in all; 429 with retry_after otherwise).
//!
//! `cargo bench --bench reminders` schedules 10,000 reminders due at the same instant for 2,000
//! users (ten of them with a single reminder each) and runs the real sender loop until all are
//! delivered; then 200 lone reminders, one at a time, for their lateness. Without `--bench`
//! (as `cargo test --all-targets` runs it) a small smoke run checks the same path in seconds.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use chrono_tz::Europe::Moscow;
use sales_bot::app::Clock;
use sales_bot::reminders::{plan_reminder, sender};
use sales_bot::storage::{self, deals, users};
use sales_bot::telegram::TelegramNotifier;
use serde_json::{json, Value};

#[derive(Default)]
struct Fake {
    /// Receipt times of accepted messages, in the last second.
    window: Mutex<std::collections::VecDeque<Instant>>,
    last_per_chat: Mutex<HashMap<i64, Instant>>,
    /// Delivery instants by the marker in the text.
    delivered: Mutex<HashMap<String, Instant>>,
    too_many: AtomicU64,
}

async fn api(
    State(f): State<Arc<Fake>>,
    Path((_bot, method)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    if !method.eq_ignore_ascii_case("sendMessage") {
        return Json(json!({"ok": true, "result": true})).into_response();
    }
    let p: Value = serde_json::from_slice(&body).unwrap_or_default();
    let chat = p["chat_id"].as_i64().unwrap_or(0);
    let now = Instant::now();
    let refuse = || {
        (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}})),
        )
            .into_response()
    };
    {
        let mut last = f.last_per_chat.lock().unwrap();
        let mut window = f.window.lock().unwrap();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            window.pop_front();
        }
        let chat_busy = last
            .get(&chat)
            .is_some_and(|t| now.duration_since(*t) < Duration::from_secs(1));
        if chat_busy || window.len() >= 30 {
            f.too_many.fetch_add(1, Ordering::Relaxed);
            return refuse();
        }
        window.push_back(now);
        last.insert(chat, now);
    }
    let text = p["text"].as_str().unwrap_or("");
    if let Some(marker) = text.split_whitespace().find(|w| w.starts_with("bench-")) {
        f.delivered.lock().unwrap().insert(marker.to_owned(), now);
    }
    Json(json!({"ok": true, "result": {
        "message_id": 1, "date": 0, "chat": {"id": chat, "type": "private", "first_name": "U"}, "text": text
    }}))
    .into_response()
}

/// The monotonic instant of a wall-clock second.
fn instant_of(ts: i64) -> Instant {
    let now = Instant::now();
    let ms = ts * 1000 - Utc::now().timestamp_millis();
    if ms >= 0 {
        now + Duration::from_millis(ms as u64)
    } else {
        now - Duration::from_millis((-ms) as u64)
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

struct Setup {
    db: storage::Db,
    users: Vec<(i64, i64)>, // (user id, deal id)
    _dir: tempfile::TempDir,
}

async fn setup(n_users: usize) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let db = storage::connect(&format!(
        "sqlite://{}",
        dir.path().join("bench.sqlite").display()
    ))
    .await
    .unwrap();
    let mut tx = storage::begin_write(&db).await.unwrap();
    let mut out = Vec::new();
    for i in 0..n_users {
        let u = users::upsert(
            &mut tx,
            &users::NewUser {
                tg_id: 10_000 + i as i64,
                name: "Менеджер",
                username: None,
                role: "manager",
                direction_id: None,
                timezone: "Europe/Moscow",
                locale: "ru",
                invited_by: None,
            },
            0,
        )
        .await
        .unwrap();
        let client = deals::insert_client(&mut tx, &format!("Клиент {i}"), u.id, 0)
            .await
            .unwrap();
        let contact = deals::insert_contact(
            &mut tx,
            client,
            "Иван Петров",
            "директор",
            Some("+79123456789"),
            u.id,
            0,
        )
        .await
        .unwrap();
        let deal = deals::insert_deal(
            &mut tx,
            &deals::NewDeal {
                client_id: client,
                contact_id: contact,
                manager_id: u.id,
                direction_id: None,
                channel: "call",
                stage: "needs",
            },
            0,
        )
        .await
        .unwrap();
        out.push((u.id, deal));
    }
    tx.commit().await.unwrap();
    Setup {
        db,
        users: out,
        _dir: dir,
    }
}

async fn add(db: &storage::Db, user: i64, deal: i64, due: i64, marker: &str) {
    let mut tx = storage::begin_write(db).await.unwrap();
    let id = deals::add_reminder(
        &mut tx,
        &deals::NewReminder {
            deal_id: deal,
            user_id: user,
            kind: "callback",
            due_at: due,
            note: marker,
            created_by: user,
        },
        due - 60,
    )
    .await
    .unwrap();
    plan_reminder(
        &mut tx,
        id,
        chrono::DateTime::from_timestamp(due - 60, 0).unwrap(),
        Moscow,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn start_fake() -> (Arc<Fake>, String) {
    let fake = Arc::new(Fake::default());
    let app = Router::new()
        .route("/{bot}/{method}", post(api))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (fake, url)
}

fn notifier(url: &str) -> Arc<TelegramNotifier> {
    Arc::new(TelegramNotifier(
        teloxide::Bot::new("1:BENCH").set_api_url(url.parse().unwrap()),
    ))
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (n_users, n_reminders, n_single, n_lone) = if full {
        (2000, 10_000, 10, 200)
    } else {
        (20, 60, 2, 5)
    };
    let (fake, url) = start_fake().await;
    let s = setup(n_users).await;

    // the burst: created ahead, then moved to one instant just before the sender starts
    let far = Utc::now().timestamp() + 86_400;
    let mut markers: Vec<(String, bool)> = Vec::new();
    let busy_users = n_users - n_single;
    let per_busy = (n_reminders - n_single) / busy_users;
    let remainder = (n_reminders - n_single) % busy_users;
    for (i, (u, d)) in s.users.iter().enumerate() {
        let count = if i < busy_users {
            per_busy + usize::from(i < remainder)
        } else {
            1
        };
        for k in 0..count {
            let marker = format!("bench-{i}-{k}");
            add(&s.db, *u, *d, far, &marker).await;
            markers.push((marker, i >= busy_users));
        }
    }
    let total = markers.len();
    let due = Utc::now().timestamp() + 2;
    sqlx::query("UPDATE reminders SET due_at = $1")
        .bind(due)
        .execute(&s.db)
        .await
        .unwrap();
    sqlx::query("UPDATE notifications SET send_at = $1, next_attempt_at = $1")
        .bind(due)
        .execute(&s.db)
        .await
        .unwrap();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut rx = stop_rx.clone();
    let loop_task = tokio::spawn(sender::run(
        s.db.clone(),
        notifier(&url),
        Clock::system(),
        Moscow,
        async move {
            let _ = rx.wait_for(|v| *v).await;
        },
    ));
    let due_instant = instant_of(due);
    let started = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if fake.delivered.lock().unwrap().len() >= total {
            break;
        }
        if started.elapsed() > Duration::from_secs(1200) {
            eprintln!("gave up after 20 minutes");
            break;
        }
    }
    let delivered = fake.delivered.lock().unwrap().clone();
    let last = delivered.values().max().copied().unwrap_or(due_instant);
    let all_secs = last.saturating_duration_since(due_instant).as_secs_f64();
    let worst_single = markers
        .iter()
        .filter(|(_, single)| *single)
        .filter_map(|(m, _)| delivered.get(m))
        .map(|t| t.saturating_duration_since(due_instant).as_secs_f64())
        .fold(0.0, f64::max);
    let burst_429 = fake.too_many.load(Ordering::Relaxed);

    // lone reminders: one at a time on an idle sender
    let mut lateness = Vec::new();
    for j in 0..n_lone {
        let at = Utc::now().timestamp() + 1;
        let at_instant = instant_of(at);
        let marker = format!("bench-lone-{j}");
        let (u, d) = s.users[j % s.users.len()];
        add(&s.db, u, d, at, &marker).await;
        loop {
            tokio::time::sleep(Duration::from_millis(20)).await;
            if let Some(t) = fake.delivered.lock().unwrap().get(&marker) {
                lateness.push(t.saturating_duration_since(at_instant).as_secs_f64());
                break;
            }
        }
    }
    lateness.sort_by(f64::total_cmp);
    let p = |q: f64| {
        lateness[((lateness.len() as f64 * q).ceil() as usize).clamp(1, lateness.len()) - 1]
    };
    let _ = stop_tx.send(true);
    let _ = loop_task.await;

    let floor = total as f64 / 30.0;
    println!(
        "reminder delivery benchmark ({})",
        if full { "full" } else { "smoke" }
    );
    println!("  burst: {total} reminders for {n_users} users due at one instant");
    println!("  delivered: {} of {total}", delivered.len());
    println!(
        "  time to deliver all: {all_secs:.1} s (floor at 30/s: {floor:.1} s, +{:.1}%)",
        (all_secs / floor - 1.0) * 100.0
    );
    println!("  429 answers received: {burst_429}");
    println!("  worst lateness of a single-reminder chat: {worst_single:.2} s");
    println!(
        "  lone reminders: {} — lateness p50 {:.3} s, p99 {:.3} s, max {:.3} s",
        lateness.len(),
        p(0.5),
        p(0.99),
        p(1.0)
    );
    println!(
        "  peak memory (process RSS, fake API included): {:.1} MiB",
        peak_rss_mib()
    );
    let final_count = fake.delivered.lock().unwrap().len();
    assert_eq!(final_count, total + n_lone, "every reminder was delivered");
}
