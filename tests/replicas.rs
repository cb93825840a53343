//! Several bot processes on one database behave as one bot: each update applied once, each
//! chat's updates in order, every reminder sent exactly once, none lost when a process dies
//! mid-send. Runs on SQLite (processes share the file's lock) and, with `TEST_DATABASE_URL`,
//! on PostgreSQL (the write transaction's advisory lock).

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Moscow;
use sales_bot::reminders::plan_reminder;
use sales_bot::reminders::sender::{Limits, Sender};
use sales_bot::storage::{self, deals, users};
use serde_json::{json, Value};
use support::webhook::{start_replica, SECRET};
use support::{first_contact, invite, Harness, HEAD};

fn msk(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Moscow
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn two_replicas_apply_each_update_once_and_each_chats_updates_in_order() {
    let mut h = Harness::start().await;
    let managers: Vec<i64> = (0..6).map(|i| 2001 + i).collect();
    let mut deal_of = HashMap::new();
    for (i, &m) in managers.iter().enumerate() {
        invite(&mut h, m, "Менеджер").await;
        let deal = first_contact(&mut h, m, &format!("Клиент {i}"), "директор").await;
        deal_of.insert(m, deal);
    }
    h.stop_bot().await;
    let a = Arc::new(start_replica(&h, Default::default()).await);
    let b = Arc::new(start_replica(&h, Default::default()).await);

    // each manager sets six reminders: a press, the note, the time — three updates whose
    // meaning depends on their order; consecutive updates go to different replicas, and
    // every note is delivered to both at once (a redelivery racing the first delivery)
    let next_id = AtomicI64::new(500_000);
    let mut chats = Vec::new();
    for &m in &managers {
        let mid = h.api.last_bot_message(m).unwrap_or(1);
        let mut ups: Vec<(Value, bool)> = Vec::new();
        for k in 0..6 {
            let mut press = h.callback_update(m, mid, &format!("rm:{}", deal_of[&m]));
            press["callback_query"]["id"] = json!(format!("rep-{m}-{k}"));
            ups.push((press, false));
            ups.push((h.text_update(m, &format!("дело {m}-{k}")), true));
            ups.push((h.text_update(m, &format!("завтра в {}:00", 10 + k)), false));
        }
        for (u, _) in &mut ups {
            u["update_id"] = json!(next_id.fetch_add(1, Ordering::Relaxed));
        }
        chats.push(ups);
    }
    let mut tasks = Vec::new();
    for ups in chats {
        let (a, b) = (a.clone(), b.clone());
        tasks.push(tokio::spawn(async move {
            for (n, (u, twice)) in ups.iter().enumerate() {
                let (first, second) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
                if *twice {
                    let (x, y) =
                        tokio::join!(first.post(u, Some(SECRET)), second.post(u, Some(SECRET)));
                    assert_eq!((x, y), (200, 200));
                } else {
                    assert_eq!(first.post(u, Some(SECRET)).await, 200);
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }

    let db = h.db().await;
    for &m in &managers {
        let notes: Vec<(String, i64)> = sqlx::query_as(
            "SELECT r.note, r.due_at FROM reminders r JOIN users u ON u.id = r.user_id
             WHERE u.tg_id = $1 AND r.note LIKE 'дело %' ORDER BY r.id",
        )
        .bind(m)
        .fetch_all(&db)
        .await
        .unwrap();
        let expected: Vec<(String, i64)> = (0..6)
            .map(|k| (format!("дело {m}-{k}"), msk(27, 10 + k, 0).timestamp()))
            .collect();
        assert_eq!(notes, expected, "chat {m}: once each, in the order sent");
        let texts: Vec<String> = h.chat_calls(m).into_iter().map(|c| c.text).collect();
        assert!(
            !texts.iter().any(|t| t.contains("Что-то пошло не так")),
            "{texts:#?}"
        );
        let confirmed = texts.iter().filter(|t| t.contains("Напомню")).count();
        assert_eq!(confirmed, 6, "each reminder confirmed once: {texts:#?}");
    }
    assert!(h.api.errors().is_empty(), "{:#?}", h.api.errors());
    let _ = HEAD;
}

/// `n_users` managers with a deal each, and `per_user` reminders each due at `due`.
async fn queue(db: &storage::Db, n_users: i64, per_user: i64, due: DateTime<Utc>) {
    let mut tx = storage::begin_write(db).await.unwrap();
    for i in 0..n_users {
        let u = users::upsert(
            &mut tx,
            &users::NewUser {
                tg_id: 60_000 + i,
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
        let contact =
            deals::insert_contact(&mut tx, client, "Иван Петров", "директор", None, u.id, 0)
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
        let set_at = due - chrono::Duration::hours(1);
        for k in 0..per_user {
            let id = deals::add_reminder(
                &mut tx,
                &deals::NewReminder {
                    deal_id: deal,
                    user_id: u.id,
                    kind: "callback",
                    due_at: due.timestamp(),
                    note: &format!("метка {i}-{k}"),
                    created_by: u.id,
                },
                set_at.timestamp(),
            )
            .await
            .unwrap();
            plan_reminder(&mut tx, id, set_at, Moscow).await.unwrap();
        }
    }
    tx.commit().await.unwrap();
}

/// One more process's sender: its own pools on the same database, the same Bot API.
async fn replica_sender(h: &Harness) -> Sender {
    let db = storage::connect(&h.db_url).await.unwrap();
    Sender::new(
        db,
        Arc::new(sales_bot::telegram::TelegramNotifier(h.bot())),
        Limits {
            per_chat_ms: 1000,
            per_second: 30,
            window_ms: 1000,
        },
        Moscow,
    )
}

/// How many times each reminder's note reached its chat.
fn deliveries(h: &Harness) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for c in h.api.calls() {
        if c.method != "sendMessage" {
            continue;
        }
        if let Some(at) = c.text.find("метка ") {
            let marker: String = c.text[at + "метка ".len()..]
                .chars()
                .take_while(|ch| ch.is_ascii_digit() || *ch == '-')
                .collect();
            *seen.entry(marker).or_insert(0) += 1;
        }
    }
    seen
}

async fn pending(db: &storage::Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE state = 'pending'")
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_thousand_reminders_due_at_once_go_out_exactly_once_across_two_replicas() {
    let mut h = Harness::start().await;
    h.stop_bot().await;
    let db = storage::connect(&h.db_url).await.unwrap();
    let due = msk(26, 13, 0);
    queue(&db, 50, 20, due).await;
    let mut first = replica_sender(&h).await;
    let mut second = replica_sender(&h).await;
    let mut t = due;
    for _ in 0..200 {
        let before = h.api.calls_len();
        // the two tick at their own moments: one on the second, the other half a second later
        // (and every fourth second both at once)
        if t.timestamp() % 4 == 0 {
            let (x, y) = tokio::join!(first.try_send_due(t), second.try_send_due(t));
            x.unwrap();
            y.unwrap();
        } else {
            first.try_send_due(t).await.unwrap();
            second
                .try_send_due(t + chrono::Duration::milliseconds(500))
                .await
                .unwrap();
        }
        // Telegram's limits hold for the two together: 30 a second, one a second per chat
        let sent: Vec<i64> = h.api.calls()[before..]
            .iter()
            .filter(|c| c.method == "sendMessage")
            .filter_map(|c| c.chat_id)
            .collect();
        assert!(sent.len() <= 30, "{} messages in one second", sent.len());
        let mut chats = sent.clone();
        chats.sort_unstable();
        chats.dedup();
        assert_eq!(
            chats.len(),
            sent.len(),
            "two messages to one chat in one second"
        );
        if pending(&db).await == 0 {
            break;
        }
        t += chrono::Duration::seconds(1);
    }
    let seen = deliveries(&h);
    assert_eq!(seen.len(), 1000, "every reminder reached its chat");
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    assert_eq!(pending(&db).await, 0);
}

#[tokio::test]
async fn a_replica_killed_mid_send_loses_no_reminder() {
    let mut h = Harness::start().await;
    h.stop_bot().await;
    let db = storage::connect(&h.db_url).await.unwrap();
    let due = msk(26, 13, 0);
    queue(&db, 40, 5, due).await;
    // the first process claims its share and dies before sending any of it
    let mut dying = replica_sender(&h).await;
    let (claimed, _) = dying.collect(due).await.unwrap();
    assert!(!claimed.is_empty());
    drop(claimed);
    drop(dying);
    // the survivor sends everything else at once, and the dead one's share after its lease
    let mut survivor = replica_sender(&h).await;
    let mut t = due;
    for _ in 0..400 {
        survivor.try_send_due(t).await.unwrap();
        if pending(&db).await == 0 {
            break;
        }
        t += chrono::Duration::seconds(1);
    }
    let seen = deliveries(&h);
    assert_eq!(seen.len(), 200, "none lost");
    assert!(seen.values().all(|n| *n == 1), "none sent twice");
}

#[tokio::test]
async fn one_chats_messages_arriving_at_two_replicas_at_once_are_applied_one_after_the_other() {
    let mut h = Harness::start().await;
    invite(&mut h, 2001, "Менеджер").await;
    let deal = first_contact(&mut h, 2001, "Ромашка", "директор").await;
    h.stop_bot().await;
    // each write takes a while before its commit, so the two deliveries overlap for sure
    let slow = || sales_bot::app::Hooks {
        before_commit: Some(Arc::new(|_| {
            Box::pin(tokio::time::sleep(std::time::Duration::from_millis(40)))
        })),
    };
    let a = start_replica(&h, slow()).await;
    let b = start_replica(&h, slow()).await;
    let next_id = AtomicI64::new(700_000);
    let with_id = |mut u: Value| {
        u["update_id"] = json!(next_id.fetch_add(1, Ordering::Relaxed));
        u
    };
    for round in 0..8 {
        let mid = h.api.last_bot_message(2001).unwrap_or(1);
        let mut press = h.callback_update(2001, mid, &format!("rm:{deal}"));
        press["callback_query"]["id"] = json!(format!("dbl-{round}"));
        assert_eq!(a.post(&with_id(press), Some(SECRET)).await, 200);
        let note = with_id(h.text_update(2001, &format!("созвон {round}")));
        assert_eq!(b.post(&note, Some(SECRET)).await, 200);
        // the manager sends the time twice, quickly: two messages, one to each replica
        let t1 = with_id(h.text_update(2001, &format!("завтра в {}:00", 10 + round)));
        let t2 = with_id(h.text_update(2001, &format!("завтра в {}:00", 10 + round)));
        let (x, y) = tokio::join!(a.post(&t1, Some(SECRET)), b.post(&t2, Some(SECRET)));
        assert_eq!((x, y), (200, 200));
    }
    // the first of each pair answered the question; the second found the dialogue finished
    let db = h.db().await;
    let notes: Vec<String> =
        sqlx::query_scalar("SELECT note FROM reminders WHERE note LIKE 'созвон %' ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    let expected: Vec<String> = (0..8).map(|r| format!("созвон {r}")).collect();
    assert_eq!(notes, expected, "one reminder per question, never two");
}

#[tokio::test]
async fn the_planner_runs_in_one_replica_at_a_time_and_another_takes_over_when_it_dies() {
    let mut h = Harness::start().await;
    h.stop_bot().await;
    let db = storage::connect(&h.db_url).await.unwrap();
    // 30 managers whose deals have been silent since long ago
    queue(&db, 30, 1, msk(20, 13, 0)).await;
    let nudges = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notifications WHERE kind = 'nudge'")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let (a, b) = (11, 22);
    let now = msk(26, 12, 0);
    let first = sales_bot::reminders::plan_due_as(&db, now, Moscow, a)
        .await
        .unwrap();
    assert_eq!(first.nudges, 30);
    assert_eq!(nudges().await, 30, "one grouped nudge per manager");
    // the other replica's passes, while the planner is alive, queue nothing of their own
    for s in [1, 30, 60, 90] {
        let t = now + chrono::Duration::seconds(s);
        let other = sales_bot::reminders::plan_due_as(&db, t, Moscow, b)
            .await
            .unwrap();
        assert_eq!(other, Default::default());
        sales_bot::reminders::plan_due_as(&db, t, Moscow, a)
            .await
            .unwrap();
    }
    assert_eq!(nudges().await, 30, "no second nudge from the other replica");
    // the planner dies: after its lease the other one plans
    let later = now + chrono::Duration::seconds(90 + sales_bot::reminders::PLANNER_LEASE_SECS + 1);
    let owner = || async {
        sqlx::query_scalar::<_, i64>("SELECT value FROM settings WHERE key = 'planner_owner'")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    sales_bot::reminders::plan_due_as(&db, later, Moscow, b)
        .await
        .unwrap();
    assert_eq!(owner().await, b);
    // a planner that stops hands over at once
    let mut c = db.acquire().await.unwrap();
    storage::notify::release_planner_turn(&mut c, b)
        .await
        .unwrap();
    drop(c);
    sales_bot::reminders::plan_due_as(&db, later, Moscow, a)
        .await
        .unwrap();
    assert_eq!(owner().await, a);
}

#[tokio::test]
async fn processes_starting_at_once_on_an_empty_database_all_come_up() {
    let dir = tempfile::tempdir().unwrap();
    let url = support::fresh_database(&dir.path().join("fresh.sqlite")).await;
    let started = futures::future::join_all((0..3).map(|_| storage::connect(&url))).await;
    for db in started {
        let db = db.expect("every process migrates or finds it migrated");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stage_limits")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(n, 17, "the schema and its data are there once");
    }
}
