//! Nothing lost between Telegram and the database: an update confirmed only after its commit
//! (the bot killed in between gets it again, applied once), a second process on the same token,
//! replies retried through Telegram's bad moments, captions kept, an apology that tells the truth,
//! and reminders that survive a block, a vacation and a late start.

mod support;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Moscow;
use sales_bot::app::Hooks;
use sales_bot::reminders::plan_due;
use sales_bot::telegram::{self, Observer, PollError};
use support::fake_api::Failure;
use support::{first_contact, invite, sender, Harness, HEAD};

const MANAGER: i64 = 2002;

fn msk(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Moscow
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

async fn count(h: &Harness, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&h.db().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_update_the_bot_was_killed_on_before_its_commit_comes_again_and_is_applied_once() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    // the next turn is held just before its commit, and the bot is killed right there
    let (reached_tx, mut reached) = tokio::sync::mpsc::unbounded_channel();
    h.hooks = Hooks {
        before_commit: Some(Arc::new(move |id| {
            let tx = reached_tx.clone();
            Box::pin(async move {
                let _ = tx.send(id);
                std::future::pending::<()>().await
            })
        })),
    };
    h.restart().await;
    let before = h.api.calls_len();
    let id = h.api.push(h.text_update(MANAGER, "/new"));
    assert_eq!(reached.recv().await, Some(id), "the bot took the update");
    h.kill_bot().await;
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM processed_updates").await,
        count(
            &h,
            "SELECT COUNT(*) FROM processed_updates WHERE update_id < 100"
        )
        .await,
        "nothing of the killed turn was committed"
    );
    // a new process: Telegram gives the unconfirmed update again
    h.hooks = Hooks::default();
    h.start_bot().await;
    h.wait_for(id).await;
    let asked: Vec<_> = h
        .sent_since(MANAGER, before)
        .into_iter()
        .filter(|c| c.text.contains("Как называется компания клиента?"))
        .collect();
    assert_eq!(asked.len(), 1, "the update was applied exactly once");
    let applied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM processed_updates WHERE update_id = $1")
            .bind(id)
            .fetch_one(&h.pool())
            .await
            .unwrap();
    assert_eq!(applied, 1);
    // and the dialogue goes on from it
    h.text(MANAGER, "Ромашка")
        .await
        .expect("Как зовут собеседника?");
}

#[tokio::test]
async fn a_second_process_on_the_same_token_stops_with_a_clear_error() {
    let h = Harness::start().await;
    h.api.set_conflict(true);
    let cfg = h.config();
    let bot = telegram::make_bot(&cfg);
    let app = h.app.clone().unwrap();
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        telegram::dispatch_until(bot, app, Observer::default(), std::future::pending()),
    )
    .await
    .expect("it does not poll forever");
    assert!(matches!(r, Err(PollError::Conflict)), "{r:?}");
    assert!(PollError::Conflict.to_string().contains("same token"));
}

#[tokio::test]
async fn a_reply_is_retried_while_telegram_fails_or_asks_to_wait() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    // one 500: teloxide itself waits 10 s after a server error, then the reply is sent again
    h.api.fail_next_sends(1);
    h.text(MANAGER, "/help").await.expect("/new");
    h.api.fail_next(MANAGER, Failure::RetryAfter(1));
    h.text(MANAGER, "/help").await.expect("/new");
}

#[tokio::test]
async fn the_words_sent_with_a_file_or_a_photo_are_the_notes_text() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Документ отправлен").await;
    h.document_with_caption(
        MANAGER,
        "КП.pdf",
        b"%PDF-1.4".to_vec(),
        "КП v2 для клиента — важная подпись",
    )
    .await
    .expect("Записано");
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Заметка").await;
    h.photo_with_caption(MANAGER, "Фото стенда на выставке")
        .await
        .expect("Записано");
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM activities WHERE kind IN ('document', 'note') ORDER BY id",
    )
    .fetch_all(&h.pool())
    .await
    .unwrap();
    assert_eq!(
        bodies,
        [
            "КП v2 для клиента — важная подпись",
            "Фото стенда на выставке"
        ]
    );
    h.forge(MANAGER, &format!("tl:{deal}"))
        .await
        .expect("КП v2 для клиента — важная подпись");
}

#[tokio::test]
async fn when_a_message_could_not_be_saved_the_apology_says_so() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Заметка").await;
    // the database refuses the write (a broken disk, a locked file)
    support::refuse_inserts(&h.pool(), "activities", true).await;
    h.text(MANAGER, "Клиент просит перезвонить в пятницу")
        .await
        .expect("Не получилось сохранить ваше сообщение")
        .expect("отправьте его ещё раз")
        .expect_not("ничего не потеряно");
    support::refuse_inserts(&h.pool(), "activities", false).await;
    // the form is where it was: sending it again saves it
    h.text(MANAGER, "Клиент просит перезвонить в пятницу")
        .await
        .expect("Записано");
}

#[tokio::test]
async fn unblocking_the_bot_brings_back_the_reminders_still_ahead() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    for (what, when) in [("первое", "сегодня 13:00"), ("второе", "завтра 10:00")]
    {
        h.forge(MANAGER, &format!("rm:{deal}")).await;
        h.text(MANAGER, what).await;
        h.text(MANAGER, when).await.expect("Напомню");
    }
    h.api.block(MANAGER);
    let mut s = sender(&h);
    s.try_send_due(msk(26, 13, 0)).await.unwrap();
    let states: Vec<String> =
        sqlx::query_scalar("SELECT state FROM reminders WHERE kind = 'custom' ORDER BY id")
            .fetch_all(&h.pool())
            .await
            .unwrap();
    assert_eq!(
        states,
        ["undeliverable", "pending"],
        "only the one that failed is marked"
    );
    // blocked for a while, then back: the next day's reminder still comes
    h.clock.set(msk(26, 20, 0));
    h.api.unblock(MANAGER);
    h.text(MANAGER, "/start").await;
    let before = h.api.calls_len();
    s.try_send_due(msk(27, 10, 0)).await.unwrap();
    let sent = h.sent_since(MANAGER, before);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert!(sent[0].text.contains("второе"));
}

#[tokio::test]
async fn a_meeting_soon_notice_after_the_meeting_began_is_dropped_but_the_follow_up_comes() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    h.forge(MANAGER, &format!("st:{deal}:needs")).await;
    for _ in 0..5 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 2").await;
    h.text(MANAGER, "Сайт").await;
    h.press(MANAGER, "Нет").await;
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 3").await;
    h.press(MANAGER, "Анкета отправлена").await;
    h.text(MANAGER, "сегодня 15:00").await;
    h.text(MANAGER, "Офис").await;
    // the bot was down from 13:30 to 15:20: the hour-before notice is no use any more
    let mut s = sender(&h);
    let before = h.api.calls_len();
    s.try_send_due(msk(26, 15, 20)).await.unwrap();
    assert!(
        h.sent_since(MANAGER, before)
            .iter()
            .all(|c| !c.text.contains("Скоро встреча")),
        "{:#?}",
        h.sent_since(MANAGER, before)
    );
    let after: i64 = count(
        &h,
        "SELECT COUNT(*) FROM notifications WHERE kind = 'meeting_after' AND state = 'pending'",
    )
    .await;
    assert_eq!(after, 1, "the follow-up still comes");
    let _ = HEAD;
}

#[tokio::test]
async fn a_first_planner_pass_over_5000_silent_deals_queues_one_grouped_message_per_person() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    invite(&mut h, 3003, "Менеджер").await;
    first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    let db = h.pool();
    // an imported database: 5,000 deals silent for a month, 300 overdue items never acted on
    let month_ago = h.clock.now().timestamp() - 30 * 86_400;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
         INSERT INTO deals (client_id, contact_id, manager_id, channel, stage, created_at, stage_changed_at, last_activity_at)
         SELECT 1, 1, (SELECT id FROM users WHERE tg_id = CASE i % 2 WHEN 0 THEN 2002 ELSE 3003 END),
                'call', 'needs', $1, $1, $1 FROM n",
    )
    .bind(month_ago)
    .execute(&db)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
         INSERT INTO reminders (deal_id, user_id, kind, due_at, state, created_at)
         SELECT i + 1, (SELECT manager_id FROM deals WHERE id = i + 1), 'callback', $1, 'sent', $1 FROM n",
    )
    .bind(month_ago)
    .execute(&db)
    .await
    .unwrap();
    let planned = plan_due(&db, h.clock.now(), Moscow).await.unwrap();
    assert_eq!(planned.nudges, 5000, "every silent deal is counted");
    let per_person: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT user_id, kind, COUNT(*) FROM notifications WHERE kind IN ('nudge', 'escalation')
         GROUP BY user_id, kind ORDER BY user_id, kind",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(!per_person.is_empty());
    for (user, kind, n) in &per_person {
        assert_eq!(*n, 1, "user {user} gets one {kind}");
    }
    // and each message fits Telegram, naming the count and paging to the rest
    let mut s = sender(&h);
    let before = h.api.calls_len();
    for i in 0..4 {
        s.try_send_due(h.clock.now() + chrono::Duration::seconds(2 * i))
            .await
            .unwrap();
    }
    let to_manager: Vec<_> = h
        .sent_since(MANAGER, before)
        .into_iter()
        .filter(|c| c.text.contains("без действий"))
        .collect();
    assert_eq!(to_manager.len(), 1, "{to_manager:#?}");
    assert!(
        to_manager[0]
            .text
            .contains("Сделки без действий дольше срока: 2500"),
        "{}",
        to_manager[0].text
    );
    assert!(to_manager[0].text.contains("…и ещё 2492."));
    let to_head: Vec<_> = h
        .sent_since(HEAD, before)
        .into_iter()
        .filter(|c| c.text.contains("Просрочено"))
        .collect();
    assert_eq!(to_head.len(), 1, "{to_head:#?}");
    assert!(to_head[0].text.contains("Просрочено и не отработано: 300"));
    // one tap opens the whole list: every deal with an overdue reminder, counted exactly
    let (mid, data) = h.find_button(HEAD, "Весь список просроченного");
    let r = h.press_data(HEAD, mid, &data).await;
    r.expect("Сделки с просроченными напоминаниями: 300");
    // a second pass adds nothing: those deals were nudged already
    let again = plan_due(&db, h.clock.now() + chrono::Duration::minutes(1), Moscow)
        .await
        .unwrap();
    assert_eq!((again.nudges, again.escalations), (0, 0));
}

#[tokio::test]
async fn two_senders_on_one_database_never_send_the_same_notice() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    for i in 0..5 {
        h.forge(MANAGER, &format!("rm:{deal}")).await;
        h.text(MANAGER, &format!("дело {i}")).await;
        h.text(MANAGER, "сегодня 13:00").await.expect("Напомню");
    }
    // two processes pick the queue at the same moment; the first claims what it takes
    let mut first = sender(&h);
    let mut second = sender(&h);
    let (a, _) = first.collect(msk(26, 13, 0)).await.unwrap();
    let (b, _) = second.collect(msk(26, 13, 0)).await.unwrap();
    assert_eq!(a.len(), 1, "one a second to a chat");
    assert!(
        b.iter().all(|r| r.due.id != a[0].due.id),
        "the claimed notice is not taken again"
    );
    let results = first.deliver(a).await;
    first.record(results, msk(26, 13, 0)).await.unwrap();
    let results = second.deliver(b).await;
    second.record(results, msk(26, 13, 0)).await.unwrap();
    // the rest go out one by one, each exactly once, whoever sends
    for i in 1..=8 {
        let at = msk(26, 13, 0) + chrono::Duration::seconds(2 * i);
        let s = if i % 2 == 0 { &mut first } else { &mut second };
        s.try_send_due(at).await.unwrap();
    }
    let sent: Vec<_> = h
        .chat_calls(MANAGER)
        .into_iter()
        .filter(|c| c.text.contains("Напоминание —") && c.text.contains("дело "))
        .map(|c| c.text)
        .collect();
    assert_eq!(sent.len(), 5, "{sent:#?}");
    // a sender that died after claiming: the lease runs out and the notice goes once more
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "после сбоя").await;
    h.text(MANAGER, "сегодня 14:00").await;
    let (lost, _) = first.collect(msk(26, 14, 0)).await.unwrap();
    assert_eq!(lost.len(), 1);
    drop(lost);
    let (none, _) = second.collect(msk(26, 14, 1)).await.unwrap();
    assert!(none.is_empty(), "held by the lease");
    let out = second.try_send_due(msk(26, 14, 3)).await.unwrap();
    assert_eq!(out.sent, 1, "after the lease, sent once");
}

#[tokio::test]
async fn views_are_answered_while_another_writer_holds_the_database() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    // a long write elsewhere (an import, a backup tool) holds the write lock
    let other = h.db().await;
    let mut lock = sales_bot::storage::begin_write(&other).await.unwrap();
    sqlx::query("UPDATE settings SET value = value WHERE key = 'digest_minute'")
        .execute(&mut *lock)
        .await
        .unwrap();
    // cards, lists and reports read without it
    h.forge(MANAGER, &format!("d:{deal}"))
        .await
        .expect("Ромашка");
    h.text(MANAGER, "/deals").await.expect("Открытые сделки: 1");
    h.text(HEAD, "/pipeline").await.expect("Воронка");
    lock.rollback().await.unwrap();
}

#[tokio::test]
async fn a_backup_taken_while_notes_flow_opens_whole_with_everything_confirmed_before_it() {
    if support::on_postgres() {
        // `backup` copies a SQLite file; PostgreSQL is backed up with pg_dump (README)
        return;
    }
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    let note = |i: i64, when: &'static str| (i, when);
    let log = async |h: &mut Harness, (i, when): (i64, &str)| {
        h.forge(MANAGER, &format!("lg:{deal}")).await;
        h.press(MANAGER, "Заметка").await;
        h.text(MANAGER, &format!("{when} {i}"))
            .await
            .expect("Записано");
    };
    for i in 0..5 {
        log(&mut h, note(i, "до копии")).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.sqlite");
    let url = format!("sqlite://{}", h.db_path.display());
    let target = file.clone();
    let copy = tokio::spawn(async move { sales_bot::storage::backup(&url, &target).await });
    // the bot goes on writing while the copy is made
    for i in 0..10 {
        log(&mut h, note(i, "во время")).await;
    }
    let bytes = copy.await.unwrap().unwrap();
    assert!(bytes > 0);
    let backup = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&backup)
        .await
        .unwrap();
    assert_eq!(ok, "ok");
    let before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE body LIKE 'до копии %'")
            .fetch_one(&backup)
            .await
            .unwrap();
    assert_eq!(before, 5, "nothing confirmed before the backup is missing");
    // a second copy to the same file is refused rather than overwriting it
    let url = format!("sqlite://{}", h.db_path.display());
    assert!(sales_bot::storage::backup(&url, &file).await.is_err());
}

#[tokio::test]
async fn killed_mid_batch_every_acknowledged_update_is_applied_exactly_once() {
    let mut h = Harness::start().await;
    let managers = [2101, 2102, 2103, 2104];
    for m in managers {
        invite(&mut h, m, "Менеджер").await;
    }
    // the first write of the second round holds the writer a while (so the other chats queue
    // behind it and join its batch), the next one is held for good: the bot is killed with a
    // batch open that holds updates already done with their work, none of them committed
    let hooked = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let (reached_tx, mut reached) = tokio::sync::mpsc::unbounded_channel();
    let seen = hooked.clone();
    h.hooks = Hooks {
        before_commit: Some(Arc::new(move |id| {
            let n = {
                let mut seen = seen.lock().unwrap();
                seen.push(id);
                seen.len()
            };
            let tx = reached_tx.clone();
            Box::pin(async move {
                match n {
                    5 => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
                    6 => {
                        let _ = tx.send(id);
                        std::future::pending::<()>().await
                    }
                    _ => {}
                }
            })
        })),
    };
    h.restart().await;
    let before = h.api.calls_len();
    let mut ids = Vec::new();
    for m in managers {
        ids.push((m, h.api.push(h.text_update(m, "/new"))));
    }
    for (i, m) in managers.iter().enumerate() {
        let company = format!("Компания {}", ["Альфа", "Бета", "Гамма", "Дельта"][i]);
        ids.push((*m, h.api.push(h.text_update(*m, &company))));
    }
    let held = reached.recv().await.expect("the bot took the updates");
    h.kill_bot().await;
    let hooked = hooked.lock().unwrap().clone();
    assert_eq!(
        hooked.len(),
        6,
        "four updates of the first round, two of the second"
    );
    let questions = ["Как называется компания клиента?", "Как зовут собеседника?"];
    // acknowledged: the replies the user got before the kill
    let acked: Vec<i64> = managers
        .iter()
        .flat_map(|m| {
            let replies = h.sent_since(*m, before);
            let mine: Vec<i64> = ids
                .iter()
                .filter(|(u, _)| u == m)
                .map(|(_, id)| *id)
                .collect();
            questions
                .iter()
                .zip(mine)
                .filter(|(q, _)| replies.iter().any(|c| c.text.contains(**q)))
                .map(|(_, id)| id)
                .collect::<Vec<_>>()
        })
        .collect();
    let db = h.db().await;
    let committed = |id: i64| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM processed_updates WHERE update_id = $1",
            )
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    assert!(
        acked.len() >= 4,
        "the first round was acknowledged: {acked:?}"
    );
    for id in &acked {
        assert_eq!(
            committed(*id).await,
            1,
            "acknowledged update {id} is committed"
        );
    }
    // the batch the bot died in: the update held, and the one that joined the batch before it
    let joined = hooked[4];
    assert!(!acked.contains(&joined) && !acked.contains(&held));
    assert_eq!(
        committed(joined).await,
        0,
        "nothing of the open batch was committed"
    );
    assert_eq!(committed(held).await, 0);
    // a new process: Telegram gives what was not confirmed again; each applied exactly once
    h.hooks = Hooks::default();
    h.start_bot().await;
    let all: Vec<i64> = ids.iter().map(|(_, id)| *id).collect();
    h.wait_all(&all).await;
    for (_, id) in &ids {
        assert_eq!(committed(*id).await, 1, "update {id} applied once");
    }
    for m in managers {
        let replies = h.sent_since(m, before);
        for q in questions {
            let asked = replies.iter().filter(|c| c.text.contains(q)).count();
            assert_eq!(asked, 1, "manager {m} was asked «{q}» exactly once");
        }
    }
    // and each dialogue goes on from where its last update left it
    h.text(2101, "Иван Петров")
        .await
        .expect_not("Как зовут собеседника?");
}
