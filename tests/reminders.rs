//! Reminders with time passed in: what is sent when, snoozes and moves, the agenda, working
//! hours, vacations, restarts, Telegram's refusals, nudges and escalations. The real sender
//! talks to the fake Bot API; users answer through the real dispatcher.

mod support;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Moscow;
use sales_bot::reminders::plan_due;
use sales_bot::reminders::sender::{Limits, Sender};
use sales_bot::telegram::TelegramNotifier;
use support::fake_api::Failure;
use support::{first_contact, invite, sender, t0, Harness, HEAD};

const MANAGER: i64 = 2002;
const SECOND: i64 = 3003;

fn msk(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Moscow
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// «⏰ Напомнить» on a deal card.
async fn remind(h: &mut Harness, user: i64, deal: i64, what: &str, when: &str) {
    h.forge(user, &format!("rm:{deal}"))
        .await
        .expect("О чём напомнить?");
    h.text(user, what).await.expect("Когда напомнить?");
    h.text(user, when).await.expect("Напомню");
}

async fn state_of(h: &Harness, reminder: i64) -> String {
    sqlx::query_scalar("SELECT state FROM reminders WHERE id = $1")
        .bind(reminder)
        .fetch_one(&h.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reminder_arrives_at_its_time_with_the_deal_and_the_contact() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    remind(&mut h, MANAGER, deal, "уточнить бюджет", "сегодня 15:00").await;
    let mut s = sender(&h);
    let before = h.api.calls_len();
    s.try_send_due(msk(26, 14, 59)).await.unwrap();
    assert!(
        h.sent_since(MANAGER, before).is_empty(),
        "nothing before its time"
    );
    let out = s.try_send_due(msk(26, 15, 0)).await.unwrap();
    assert_eq!(out.sent, 1);
    let sent = h.sent_since(MANAGER, before);
    assert_eq!(sent.len(), 1);
    let m = &sent[0];
    assert!(
        m.text.contains("Напоминание — чт, 26.11.2026 в 15:00"),
        "{}",
        m.text
    );
    assert!(m.text.contains("уточнить бюджет"));
    assert!(
        m.text.contains("Ромашка") && m.text.contains("Иван Петров, директор · +7 912 345-67-89")
    );
    let labels: Vec<&str> = m
        .buttons
        .iter()
        .flatten()
        .map(|(l, _)| l.as_str())
        .collect();
    assert_eq!(labels, ["✅ Готово", "⏳ Отложить", "📅 Перенести"]);
    assert_eq!(state_of(&h, 1).await, "sent");
    // it is not sent again
    s.try_send_due(msk(26, 15, 5)).await.unwrap();
    assert_eq!(h.sent_since(MANAGER, before).len(), 1);
}

#[tokio::test]
async fn snooze_and_move_set_a_new_time_and_closed_or_foreign_reminders_refuse() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    invite(&mut h, SECOND, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Альфа", "директор").await;
    remind(&mut h, MANAGER, deal, "позвонить", "сегодня 13:00").await;
    let mut s = sender(&h);
    h.clock.set(msk(26, 13, 0));
    s.try_send_due(msk(26, 13, 0)).await.unwrap();
    // another user cannot press it
    let r = h.forge(SECOND, "rs:1").await;
    assert_eq!(r.toast().as_deref(), Some("Это напоминание не ваше."));
    // snooze 15 minutes
    h.press(MANAGER, "Отложить").await;
    h.press(MANAGER, "Через 15 мин")
        .await
        .expect("Отложено до чт, 26.11.2026 в 13:15");
    let before = h.api.calls_len();
    s.try_send_due(msk(26, 13, 14)).await.unwrap();
    assert!(h.sent_since(MANAGER, before).is_empty());
    s.try_send_due(msk(26, 13, 15)).await.unwrap();
    assert_eq!(
        h.sent_since(MANAGER, before).len(),
        1,
        "the snoozed reminder comes back"
    );
    // own time, with bad input explained first
    h.press(MANAGER, "Отложить").await;
    h.press(MANAGER, "Своё время")
        .await
        .expect("До какого времени отложить?");
    h.text(MANAGER, "через -2 дня")
        .await
        .expect("не может быть отрицательным");
    h.text(MANAGER, "01.01.2026 10:00")
        .await
        .expect("уже прошло");
    h.text(MANAGER, "31.02 10:00")
        .await
        .expect("Такой даты нет");
    h.text(MANAGER, "сегодня 17:00")
        .await
        .expect("Отложено до чт, 26.11.2026 в 17:00");
    // move it to another day
    s.try_send_due(msk(26, 17, 0)).await.unwrap();
    h.press(MANAGER, "Перенести")
        .await
        .expect("На когда перенести?");
    h.text(MANAGER, "пт 10:30")
        .await
        .expect("Перенесено на пт, 27.11.2026 в 10:30");
    let due: i64 = sqlx::query_scalar("SELECT due_at FROM reminders WHERE id = 1")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert_eq!(due, msk(27, 10, 30).timestamp());
    // done: the action log opens with the kind already chosen
    s.try_send_due(msk(27, 10, 30)).await.unwrap();
    h.press(MANAGER, "Готово")
        .await
        .expect("Выполнено")
        .expect("Опишите коротко");
    assert_eq!(state_of(&h, 1).await, "done");
    // a snooze on a reminder already done is refused, nothing changes
    let r = h.forge(MANAGER, "rz:1:15").await;
    assert_eq!(r.toast().as_deref(), Some("Это напоминание уже закрыто."));
    assert_eq!(state_of(&h, 1).await, "done");
}

#[tokio::test]
async fn a_meeting_is_announced_the_evening_before_an_hour_before_and_followed_up() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Бета", "директор").await;
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
    h.text(MANAGER, "завтра в 15:00").await;
    h.text(MANAGER, "ул. Ленина, 1").await;
    let mut s = sender(&h);
    let before = h.api.calls_len();
    s.try_send_due(msk(26, 17, 59)).await.unwrap();
    s.try_send_due(msk(26, 18, 0)).await.unwrap();
    let eve = h.sent_since(MANAGER, before);
    assert_eq!(eve.len(), 1);
    assert!(
        eve[0]
            .text
            .contains("Завтра встреча: пт, 27.11.2026 в 15:00, ул. Ленина, 1"),
        "{}",
        eve[0].text
    );
    assert!(eve[0].text.contains("подарком") && eve[0].text.contains("представительный"));
    let before = h.api.calls_len();
    s.try_send_due(msk(27, 14, 0)).await.unwrap();
    assert!(h.sent_since(MANAGER, before)[0]
        .text
        .contains("Скоро встреча"));
    let before = h.api.calls_len();
    s.try_send_due(msk(27, 16, 30)).await.unwrap();
    let after = h.sent_since(MANAGER, before);
    assert!(
        after[0].text.contains("Как прошла встреча"),
        "{}",
        after[0].text
    );
    // the follow-up's button opens the meeting step
    h.clock.set(msk(27, 16, 31));
    h.press(MANAGER, "Записать итог встречи")
        .await
        .expect("Как прошла?");
}

#[tokio::test]
async fn a_held_meeting_gets_no_follow_up() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Гамма", "директор").await;
    let db = h.pool();
    // arrange the meeting directly through the steps
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await;
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
    h.text(MANAGER, "офис").await;
    h.clock.set(msk(26, 15, 5));
    h.press(MANAGER, "Шаг 4").await;
    h.press(MANAGER, "Состоялась").await;
    h.text(MANAGER, "Договорились о КП").await;
    let mut s = sender(&h);
    let before = h.api.calls_len();
    let out = s.try_send_due(msk(26, 18, 0)).await.unwrap();
    assert!(h.sent_since(MANAGER, before).is_empty());
    assert_eq!(out.sent, 0);
    // holding the meeting cancelled its queued notices at once, in the same transaction
    let cancelled: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE state = 'cancelled' AND kind IN ('meeting_soon', 'meeting_after')",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        cancelled, 2,
        "the hour-before notice and the follow-up no longer apply"
    );
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE state = 'pending'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(pending, 0);
}

#[tokio::test]
async fn the_morning_agenda_lists_today_and_overdue_once_on_working_days() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Дельта", "директор").await;
    remind(&mut h, MANAGER, deal, "выслать договор", "сегодня 13:00").await;
    remind(&mut h, MANAGER, deal, "позвонить", "завтра 11:00").await;
    remind(
        &mut h,
        MANAGER,
        deal,
        "через неделю",
        "через 7 дней в 10:00",
    )
    .await;
    let db = h.pool();
    let mut s = sender(&h);
    // Friday 27.11, 08:59: too early
    assert_eq!(
        plan_due(&db, msk(27, 8, 59), Moscow).await.unwrap().agendas,
        0
    );
    // one per active user; an agenda with nothing in it is not sent
    assert_eq!(
        plan_due(&db, msk(27, 9, 0), Moscow).await.unwrap().agendas,
        2
    );
    assert_eq!(
        plan_due(&db, msk(27, 9, 30), Moscow).await.unwrap().agendas,
        0,
        "once a day"
    );
    let before = h.api.calls_len();
    // the overdue reminder itself goes first; one message a second to a chat
    s.try_send_due(msk(27, 9, 0)).await.unwrap();
    s.try_send_due(msk(27, 9, 0) + Duration::seconds(1))
        .await
        .unwrap();
    let sent = h.sent_since(MANAGER, before);
    assert_eq!(sent.len(), 2);
    let agenda = sent
        .iter()
        .find(|c| c.text.contains("План на 27.11"))
        .expect("the agenda");
    assert!(agenda.text.contains("2 дела"), "{}", agenda.text);
    assert!(
        agenda
            .text
            .contains("11:00 Напоминание — Дельта (позвонить)"),
        "{}",
        agenda.text
    );
    assert!(
        agenda.text.contains("Просрочено: 1") && agenda.text.contains("26.11 13:00"),
        "{}",
        agenda.text
    );
    assert!(!agenda.text.contains("через неделю"));
    assert!(agenda
        .buttons
        .concat()
        .iter()
        .any(|(_, d)| *d == format!("d:{deal}")));
    // Saturday: no agenda
    assert_eq!(
        plan_due(&db, msk(28, 9, 0), Moscow).await.unwrap().agendas,
        0
    );
}

#[tokio::test]
async fn outside_working_hours_nudges_wait_but_times_set_by_the_user_do_not() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Эпсилон", "директор").await;
    remind(&mut h, MANAGER, deal, "позвонить вечером", "сегодня 21:00").await;
    let db = h.pool();
    let mut s = sender(&h);
    // the deal stays silent past its first-contact limit (2 days): Saturday evening
    let sat_evening = msk(28, 20, 0);
    let planned = plan_due(&db, sat_evening, Moscow).await.unwrap();
    assert_eq!(planned.nudges, 1);
    let before = h.api.calls_len();
    s.try_send_due(msk(26, 21, 0)).await.unwrap();
    assert_eq!(
        h.sent_since(MANAGER, before).len(),
        1,
        "21:00 was the manager's own time"
    );
    let before = h.api.calls_len();
    s.try_send_due(sat_evening).await.unwrap();
    s.try_send_due(msk(29, 12, 0)).await.unwrap();
    assert!(
        h.sent_since(MANAGER, before)
            .iter()
            .all(|c| !c.text.contains("нет действий")),
        "no nudge at the weekend"
    );
    s.try_send_due(msk(30, 9, 0)).await.unwrap();
    let nudge = h.sent_since(MANAGER, before);
    assert!(
        nudge
            .iter()
            .any(|c| c.text.contains("Сделки без действий дольше срока: 1")
                && c.text.contains("3 дня без действий")),
        "{nudge:?}"
    );
    // nudged once per silence
    assert_eq!(
        plan_due(&db, msk(30, 10, 0), Moscow).await.unwrap().nudges,
        0
    );
}

#[tokio::test]
async fn working_hours_and_days_are_set_in_settings_with_bad_input_explained() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/settings")
        .await
        .expect("Утренняя сводка: 09:00")
        .expect("Рабочие дни: Пн, Вт, Ср, Чт, Пт, часы: 09:00–19:00");
    h.press(MANAGER, "Рабочие часы").await;
    h.text(MANAGER, "19:00-9:00")
        .await
        .expect("Конец рабочего дня должен быть позже начала");
    h.text(MANAGER, "с утра до вечера")
        .await
        .expect("Напишите часы так");
    h.text(MANAGER, "10:00-18:00")
        .await
        .expect("часы: 10:00–18:00");
    h.press(MANAGER, "Время сводки").await;
    h.text(MANAGER, "25:00").await.expect("Не понял время");
    h.text(MANAGER, "8:30")
        .await
        .expect("Утренняя сводка: 08:30");
    h.press(MANAGER, "▫️Сб")
        .await
        .expect("Рабочие дни: Пн, Вт, Ср, Чт, Пт, Сб");
    for d in ["✅Пн", "✅Вт", "✅Ср", "✅Чт", "✅Пт"] {
        h.press(MANAGER, d).await;
    }
    let r = h.press(MANAGER, "✅Сб").await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Должен остаться хотя бы один рабочий день.")
    );
}

#[tokio::test]
async fn a_vacation_holds_reminders_until_the_return_and_the_head_sees_it() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Зета", "директор").await;
    remind(&mut h, MANAGER, deal, "позвонить", "завтра 10:00").await;
    h.text(MANAGER, "/settings").await;
    h.press(MANAGER, "Пауза")
        .await
        .expect("До какого дня пауза?");
    h.text(MANAGER, "01.12")
        .await
        .expect("Пауза до вт, 01.12.2026");
    h.text(HEAD, "/team")
        .await
        .expect("пауза до вт, 01.12.2026");
    let mut s = sender(&h);
    let before = h.api.calls_len();
    s.try_send_due(msk(27, 10, 0)).await.unwrap();
    assert!(
        h.sent_since(MANAGER, before).is_empty(),
        "nothing during the vacation"
    );
    let at = |d: u32, hh: u32| {
        Moscow
            .with_ymd_and_hms(2026, 12, d, hh, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    // the vacation ends at midnight: not a time to wake anyone
    s.try_send_due(at(1, 0)).await.unwrap();
    assert!(h.sent_since(MANAGER, before).is_empty(), "not at midnight");
    // the first working hour after the return (Tuesday 09:00), without blaming the bot
    s.try_send_due(at(1, 9)).await.unwrap();
    let sent = h.sent_since(MANAGER, before);
    assert_eq!(sent.len(), 1, "the reminder waited, it was not lost");
    assert!(!sent[0].text.contains("С опозданием"), "{}", sent[0].text);
    assert!(sent[0].text.contains("позвонить"), "{}", sent[0].text);
}

#[tokio::test]
async fn after_downtime_overdue_reminders_are_sent_once_marked_late() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Эта", "директор").await;
    remind(&mut h, MANAGER, deal, "первое", "сегодня 13:00").await;
    remind(&mut h, MANAGER, deal, "второе", "сегодня 14:00").await;
    h.restart().await;
    let mut s = sender(&h);
    let before = h.api.calls_len();
    s.try_send_due(msk(26, 16, 0)).await.unwrap();
    s.try_send_due(msk(26, 16, 1)).await.unwrap();
    let sent = h.sent_since(MANAGER, before);
    assert_eq!(sent.len(), 2, "both overdue reminders, nothing skipped");
    assert!(sent.iter().all(|c| c.text.contains("С опозданием")));
    s.try_send_due(msk(26, 16, 5)).await.unwrap();
    assert_eq!(h.sent_since(MANAGER, before).len(), 2, "and only once");
    let late: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE late = 1")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert_eq!(late, 2);
}

#[tokio::test]
async fn a_crash_between_sending_and_marking_sends_at_most_once_more() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Тета", "директор").await;
    remind(&mut h, MANAGER, deal, "позвонить", "сегодня 13:00").await;
    let now = msk(26, 13, 0);
    let before = h.api.calls_len();
    {
        // sent, then the process dies before the result is written down
        let mut s = sender(&h);
        let (ready, _) = s.collect(now).await.unwrap();
        let results = s.deliver(ready).await;
        assert!(results[0].1.is_ok());
    }
    let mut s = sender(&h);
    s.try_send_due(now + Duration::seconds(5)).await.unwrap();
    s.try_send_due(now + Duration::seconds(10)).await.unwrap();
    s.try_send_due(now + Duration::minutes(10)).await.unwrap();
    assert_eq!(
        h.sent_since(MANAGER, before).len(),
        2,
        "once more, never again"
    );
}

#[tokio::test]
async fn a_429_is_waited_out_without_dropping_the_message_or_holding_other_chats() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    invite(&mut h, SECOND, "Менеджер").await;
    let d1 = first_contact(&mut h, MANAGER, "Йота", "директор").await;
    let d2 = first_contact(&mut h, SECOND, "Каппа", "директор").await;
    remind(&mut h, MANAGER, d1, "позвонить", "сегодня 13:00").await;
    remind(&mut h, SECOND, d2, "позвонить", "сегодня 13:00").await;
    h.api.fail_next(MANAGER, Failure::RetryAfter(3));
    let mut s = sender(&h);
    let (b1, b2) = (h.api.calls_len(), h.api.calls_len());
    let now = msk(26, 13, 0);
    let out = s.try_send_due(now).await.unwrap();
    assert_eq!((out.sent, out.retried), (1, 1));
    assert_eq!(
        h.sent_since(SECOND, b2).len(),
        1,
        "the other chat is not held up"
    );
    s.try_send_due(now + Duration::seconds(2)).await.unwrap();
    assert!(
        h.sent_since(MANAGER, b1).is_empty(),
        "retry_after is honoured"
    );
    s.try_send_due(now + Duration::seconds(3)).await.unwrap();
    assert_eq!(
        h.sent_since(MANAGER, b1).len(),
        1,
        "and the message is not dropped"
    );
}

#[tokio::test]
async fn a_user_who_blocked_the_bot_is_reported_to_the_head_once_and_the_sender_goes_on() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    invite(&mut h, SECOND, "Менеджер").await;
    let d1 = first_contact(&mut h, MANAGER, "Лямбда", "директор").await;
    let d2 = first_contact(&mut h, SECOND, "Мю", "директор").await;
    remind(&mut h, MANAGER, d1, "первое", "сегодня 13:00").await;
    remind(&mut h, MANAGER, d1, "второе", "сегодня 13:30").await;
    remind(&mut h, SECOND, d2, "своё", "сегодня 13:30").await;
    h.api.block(MANAGER);
    let mut s = sender(&h);
    let before = h.api.calls_len();
    let out = s.try_send_due(msk(26, 13, 0)).await.unwrap();
    assert_eq!(out.undeliverable, 1);
    s.try_send_due(msk(26, 13, 30)).await.unwrap();
    s.try_send_due(msk(26, 13, 31)).await.unwrap();
    let to_head: Vec<_> = h
        .sent_since(HEAD, before)
        .into_iter()
        .filter(|c| c.text.contains("заблокировал(а) бота"))
        .collect();
    assert_eq!(to_head.len(), 1, "told once");
    assert!(to_head[0].text.contains("Павел"));
    assert_eq!(
        h.sent_since(SECOND, before).len(),
        1,
        "others still get theirs"
    );
    let states: Vec<String> = sqlx::query_scalar("SELECT state FROM reminders WHERE user_id = (SELECT id FROM users WHERE tg_id = 2002) ORDER BY id")
        .fetch_all(&h.pool())
        .await
        .unwrap();
    assert_eq!(states, ["undeliverable", "undeliverable"]);
    h.text(HEAD, "/team").await.expect("заблокировал(а) бота");
}

#[tokio::test]
async fn an_overdue_reminder_not_acted_on_is_escalated_to_the_heads_once() {
    let mut h = Harness::start().await;
    h.text(HEAD, "/directions").await;
    h.press(HEAD, "Добавить направление").await;
    h.text(HEAD, "Сайты").await;
    invite(&mut h, MANAGER, "Менеджер").await;
    invite(&mut h, SECOND, "Руководитель направления").await;
    let deal = first_contact(&mut h, MANAGER, "Ню", "директор").await;
    remind(&mut h, MANAGER, deal, "позвонить", "сегодня 13:00").await;
    let db = h.pool();
    let mut s = sender(&h);
    s.try_send_due(msk(26, 13, 0)).await.unwrap();
    assert_eq!(
        plan_due(&db, msk(27, 12, 59), Moscow)
            .await
            .unwrap()
            .escalations,
        0,
        "not yet 24 hours"
    );
    assert_eq!(
        plan_due(&db, msk(27, 13, 1), Moscow)
            .await
            .unwrap()
            .escalations,
        1
    );
    assert_eq!(
        plan_due(&db, msk(27, 14, 0), Moscow)
            .await
            .unwrap()
            .escalations,
        0,
        "once"
    );
    let (bh, bd) = (h.api.calls_len(), h.api.calls_len());
    s.try_send_due(msk(27, 13, 1)).await.unwrap();
    s.try_send_due(msk(27, 13, 3)).await.unwrap();
    let head = h.sent_since(HEAD, bh);
    let dir = h.sent_since(SECOND, bd);
    assert!(
        head.iter()
            .any(|c| c.text.contains("Просрочено и не отработано")
                && c.text.contains("Павел Тестов")),
        "{head:?}"
    );
    assert!(
        dir.iter()
            .any(|c| c.text.contains("Просрочено и не отработано")),
        "the head of the deal's direction too"
    );
    assert!(head[0]
        .buttons
        .concat()
        .iter()
        .any(|(_, d)| *d == format!("d:{deal}")));
    // the head opens the card from there
    h.press(HEAD, "№1 Ню").await.expect("Ню");
    let _ = t0();
}

#[tokio::test]
async fn the_head_edits_silence_limits_and_escalation_time() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/limits")
        .await
        .expect("только руководителю отдела продаж");
    h.text(HEAD, "/limits")
        .await
        .expect("0. Первичный контакт — 2 дня")
        .expect("через 24 ч");
    h.press(HEAD, "0: 2").await.expect("Сколько дней");
    h.text(HEAD, "0")
        .await
        .expect("Нужно целое число от 1 до 365");
    h.text(HEAD, "5")
        .await
        .expect("0. Первичный контакт — 5 дней");
    h.press(HEAD, "Часы до эскалации").await;
    h.text(HEAD, "48").await.expect("через 48 ч");
    h.text(HEAD, "/limits")
        .await
        .expect("Встречи: накануне в 18:00 и за 60 мин. Итоги недели: Понедельник, 09:00.");
    h.press(HEAD, "Напоминания о встречах").await;
    h.text(HEAD, "19:30").await;
    h.text(HEAD, "5").await.expect("от 10 до 720");
    h.text(HEAD, "30")
        .await
        .expect("накануне в 19:30 и за 30 мин");
    h.press(HEAD, "Итоги недели").await;
    h.press(HEAD, "Пятница").await;
    h.text(HEAD, "17:00")
        .await
        .expect("Итоги недели: Пятница, 17:00.");
    // the digest now follows the new day
    let db = h.pool();
    assert_eq!(
        plan_due(&db, msk(30, 9, 0), Moscow).await.unwrap().digests,
        0,
        "not on Monday any more"
    );
    assert_eq!(
        plan_due(&db, msk(27, 17, 0), Moscow).await.unwrap().digests,
        1,
        "Friday 17:00"
    );
    // and a new meeting is announced at 19:30 the evening before, 30 minutes before
    let deal = first_contact(&mut h, MANAGER, "Сигма", "директор").await;
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await;
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
    h.text(MANAGER, "завтра в 15:00").await;
    h.text(MANAGER, "офис").await;
    let times: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, send_at FROM notifications WHERE kind LIKE 'meeting%' ORDER BY send_at",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        times[0],
        ("meeting_eve".to_owned(), msk(26, 19, 30).timestamp())
    );
    assert_eq!(
        times[1],
        ("meeting_soon".to_owned(), msk(27, 14, 30).timestamp())
    );
}

#[tokio::test]
async fn changing_the_time_zone_moves_the_meeting_notices_to_the_new_evening() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Тау", "директор").await;
    remind(&mut h, MANAGER, deal, "встреча", "через 3 дня в 15:00").await;
    sqlx::query("UPDATE reminders SET kind = 'meeting'")
        .execute(&h.pool())
        .await
        .unwrap();
    let db = h.pool();
    let id: i64 = sqlx::query_scalar("SELECT id FROM reminders")
        .fetch_one(&db)
        .await
        .unwrap();
    // re-plan as a meeting in Moscow, then move to Novosibirsk (MSK+4)
    h.text(MANAGER, "/settings").await;
    h.press(MANAGER, "Часовой пояс").await;
    h.press(MANAGER, "Москва").await;
    let eve: i64 = sqlx::query_scalar("SELECT send_at FROM notifications WHERE reminder_id = $1 AND kind = 'meeting_eve' AND state = 'pending'")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(eve, msk(28, 18, 0).timestamp());
    h.press(MANAGER, "Часовой пояс").await;
    h.press(MANAGER, "Новосибирск").await;
    let eve: i64 = sqlx::query_scalar("SELECT send_at FROM notifications WHERE reminder_id = $1 AND kind = 'meeting_eve' AND state = 'pending'")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        eve,
        msk(28, 14, 0).timestamp(),
        "18:00 in Novosibirsk is 14:00 in Moscow"
    );
}

#[tokio::test]
async fn a_lone_reminder_goes_before_a_busy_chats_backlog() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    invite(&mut h, SECOND, "Менеджер").await;
    let busy = first_contact(&mut h, MANAGER, "Омикрон", "директор").await;
    for i in 0..5 {
        remind(&mut h, MANAGER, busy, &format!("дело {i}"), "сегодня 13:00").await;
    }
    let lone = first_contact(&mut h, SECOND, "Пи", "директор").await;
    remind(&mut h, SECOND, lone, "одно дело", "сегодня 13:00").await;
    // one message a second in all: who goes first is the whole question
    let limits = Limits {
        per_chat_ms: 1000,
        per_second: 1,
        window_ms: 1000,
    };
    let mut s = Sender::new(
        h.pool(),
        Arc::new(TelegramNotifier(h.bot())),
        limits,
        Moscow,
    );
    let before = h.api.calls_len();
    s.try_send_due(msk(26, 13, 0)).await.unwrap();
    assert_eq!(
        h.sent_since(SECOND, before).len(),
        1,
        "the lone reminder went first"
    );
    assert!(h.sent_since(MANAGER, before).is_empty());
}
