//! The bot over HTTP: updates by webhook (the secret checked on every request, the request
//! answered only after the update is committed), `/healthz` and `/metrics`.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use support::webhook::{start_replica, Replica, SECRET};
use support::{Harness, HEAD};

/// The real application behind a webhook on loopback; the update with id `crash_on` fails
/// before its commit the first time it comes.
async fn webhook_bot(h: &mut Harness, crash_on: i64) -> Replica {
    h.stop_bot().await;
    let crashed = Arc::new(AtomicBool::new(false));
    let hooks = sales_bot::app::Hooks {
        before_commit: Some(Arc::new(move |id| {
            if id == crash_on && !crashed.swap(true, Ordering::SeqCst) {
                panic!("the process dies before the commit");
            }
            Box::pin(async {})
        })),
    };
    start_replica(h, hooks).await
}

fn update(h: &Harness, id: i64, text: &str) -> Value {
    let mut u = h.text_update(HEAD, text);
    u["update_id"] = json!(id);
    u
}

fn replies(h: &Harness) -> usize {
    h.chat_calls(HEAD)
        .iter()
        .filter(|c| c.method == "sendMessage")
        .count()
}

#[tokio::test]
async fn webhook_updates_need_the_secret_and_come_again_when_not_committed() {
    let mut h = Harness::start().await;
    let mut bot = webhook_bot(&mut h, 7002).await;
    // Telegram was told the URL and the secret
    let set = h
        .api
        .calls()
        .into_iter()
        .find(|c| c.method == "setWebhook")
        .expect("setWebhook");
    assert!(set.text.ends_with("/tg/hook"));
    assert_eq!(set.params["secret_token"], SECRET);

    // without the secret, or with a wrong one: refused, nothing done
    let before = replies(&h);
    assert_eq!(bot.post(&update(&h, 7001, "/start"), None).await, 401);
    assert_eq!(
        bot.post(&update(&h, 7001, "/start"), Some("wrong")).await,
        401
    );
    assert_eq!(replies(&h), before);

    // with it: answered once the reply is sent
    assert_eq!(
        bot.post(&update(&h, 7001, "/start"), Some(SECRET)).await,
        200
    );
    assert!(
        replies(&h) > before,
        "the reply went out before the request was answered"
    );

    // a turn that dies before its commit fails the request, with no apology: Telegram sends
    // the update again, and it is applied exactly once
    let before = replies(&h);
    let new = update(&h, 7002, "/new");
    assert_eq!(bot.post(&new, Some(SECRET)).await, 500);
    assert_eq!(replies(&h), before);
    assert_eq!(bot.post(&new, Some(SECRET)).await, 200);
    let after = replies(&h);
    assert_eq!(after, before + 1);
    assert_eq!(bot.post(&new, Some(SECRET)).await, 200);
    assert_eq!(replies(&h), after, "a redelivery changes nothing");

    // a body that is no update is taken (not sent again forever) and ignored
    assert_eq!(
        bot.post(&json!({"nonsense": true}), Some(SECRET)).await,
        200
    );

    // health and metrics
    let health: Value = bot
        .http
        .get(format!("{}/healthz", bot.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    assert!(health["last_update_at"].as_i64().is_some());
    assert!(health["reminders"]["pending"].as_i64().is_some());
    let metrics = bot
        .http
        .get(format!("{}/metrics", bot.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("sales_bot_updates_total{result=\"ok\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("sales_bot_updates_total{result=\"failed\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("sales_bot_update_seconds_bucket{le=\"+Inf\"} 4"));
    assert!(metrics.contains("sales_bot_reminders_queue "));
    bot.stop().await;
}

#[tokio::test]
async fn one_chats_webhook_updates_posted_at_once_are_applied_one_at_a_time_and_none_lost() {
    let mut h = Harness::start().await;
    let bot = webhook_bot(&mut h, -1).await;
    assert_eq!(
        bot.post(&update(&h, 8000, "/start"), Some(SECRET)).await,
        200
    );
    // the head opens a form and answers it, the answers posted side by side
    assert_eq!(
        bot.post(&update(&h, 8001, "/directions"), Some(SECRET))
            .await,
        200
    );
    let (mid, data) = h.find_button(HEAD, "Добавить направление");
    let press = json!({"update_id": 8002, "callback_query": {
        "id": "cb1", "from": {"id": HEAD, "is_bot": false, "first_name": "Ольга"},
        "message": h.api.message(HEAD, mid).unwrap(), "chat_instance": "ci", "data": data}});
    assert_eq!(bot.post(&press, Some(SECRET)).await, 200);
    let a = update(&h, 8003, "Сайты");
    let b = update(&h, 8004, "/directions");
    let (ra, rb) = tokio::join!(bot.post(&a, Some(SECRET)), bot.post(&b, Some(SECRET)));
    assert_eq!((ra, rb), (200, 200));
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM directions")
        .fetch_all(&h.db().await)
        .await
        .unwrap();
    assert_eq!(names, ["Сайты"]);
}
