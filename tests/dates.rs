//! Dates as managers write them, end to end (issue 31): one reader behind every question that
//! asks for a moment — the call-back, the meeting, a reminder's own time — and behind the time a
//! voice note names; ranges said back as ranges; a hour asked back inside a sentence.

mod support;

use chrono::TimeZone;
use chrono_tz::Europe::Moscow;
use support::fake_stt::FakeStt;
use support::{first_contact, invite, Harness};

const MANAGER: i64 = 2002;

/// The sentences a manager writes to a colleague, and the moment each is said back as (the
/// clock stands at Thursday 26.11.2026, 12:00 in Moscow).
const SENTENCES: [(&str, &str); 5] = [
    ("созвон в среду в 10", "ср, 02.12.2026 в 10:00"),
    (
        "давайте в пятницу в 12, у нас в переговорной",
        "пт, 27.11.2026 в 12:00",
    ),
    ("около 11 завтра", "пт, 27.11.2026 в 11:00"),
    ("ctujlyz d 18:00", "чт, 26.11.2026 в 18:00"),
    // «завтра в 18:00» with the Latin layout on: the day word is no filler to skip
    ("pfdnhf d 18:00", "пт, 27.11.2026 в 18:00"),
];

/// Unix seconds of a minute of November 2026 in Moscow.
fn msk(d: u32, h: u32, m: u32) -> i64 {
    Moscow
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .timestamp()
}

/// The bot with speech to text pointed at a fresh fake engine, and a manager on the team.
async fn with_engine() -> (Harness, FakeStt) {
    let stt = FakeStt::start(Some("test-key")).await;
    let mut h = Harness::start().await;
    h.env = vec![
        ("STT_URL", stt.url.clone()),
        ("STT_API_KEY", "test-key".to_owned()),
    ];
    h.restart().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    (h, stt)
}

/// Step 1 of a new deal, its call-back date typed as `said`: what the bot answers.
async fn at_the_call_back(h: &mut Harness, n: usize, said: &str) -> String {
    first_contact(h, MANAGER, &format!("Перезвон {n}"), "директор").await;
    h.press(MANAGER, "Шаг 1").await;
    h.text(MANAGER, "Сеть кофеен").await;
    for _ in 0..4 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.text(MANAGER, said).await.all_text()
}

/// A new deal taken through steps 1 and 2 to step 3's question «Когда встреча?».
async fn to_the_meeting_question(h: &mut Harness, n: usize) {
    first_contact(h, MANAGER, &format!("Встреча {n}"), "директор").await;
    h.press(MANAGER, "Шаг 1").await;
    h.text(MANAGER, "Сеть кофеен").await;
    for _ in 0..4 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 2").await;
    h.text(MANAGER, "Сайт с онлайн-заказом").await;
    h.press(MANAGER, "Нет").await;
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 3").await;
    h.press(MANAGER, "Анкета отправлена")
        .await
        .expect("Когда встреча?");
}

/// Step 3 of a new deal, the meeting's date typed as `said`, then the place: what the bot
/// answers to both.
async fn at_the_meeting(h: &mut Harness, n: usize, said: &str) -> String {
    to_the_meeting_question(h, n).await;
    let date = h.text(MANAGER, said).await.all_text();
    if !date.contains("Где встреча?") {
        return date;
    }
    h.text(MANAGER, "Офис клиента").await.all_text()
}

/// A reminder snoozed to its own time, typed as `said`: what the bot answers.
async fn at_the_own_time(h: &mut Harness, reminder: i64, said: &str) -> String {
    h.forge(MANAGER, &format!("ro:{reminder}"))
        .await
        .expect("До какого времени отложить?");
    h.text(MANAGER, said).await.all_text()
}

/// A call logged by a voice note that says `said`: the offer the bot makes after saving.
async fn in_a_voice_note(h: &mut Harness, deal: i64, said: &str) -> String {
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Звонок").await;
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, &format!("say:{said}"), 4).await;
    h.wait_message(MANAGER, since, "Распознано").await;
    h.press(MANAGER, "Сохранить").await.all_text()
}

#[tokio::test]
async fn the_call_back_the_meeting_the_own_time_and_the_voice_offer_read_the_same_sentences() {
    let (mut h, _stt) = with_engine().await;
    let deal = first_contact(&mut h, MANAGER, "Голос", "директор").await;
    // the reminder snoozed lives on a deal of its own: a reminder already set at a moment is
    // not offered again from a voice note
    let other = first_contact(&mut h, MANAGER, "Напоминание", "директор").await;
    h.forge(MANAGER, &format!("rm:{other}")).await;
    h.text(MANAGER, "позвонить").await;
    h.text(MANAGER, "через 3 дня в 9:00")
        .await
        .expect("Напомню");
    let mut wrong = Vec::new();
    for (n, (said, at)) in SENTENCES.iter().enumerate() {
        let answers = [
            (
                "call-back",
                at_the_call_back(&mut h, n, said).await,
                format!("Перезвонить: {at}"),
            ),
            (
                "meeting",
                at_the_meeting(&mut h, n, said).await,
                format!("Встреча: {at}"),
            ),
            (
                "own time",
                at_the_own_time(&mut h, 1, said).await,
                format!("Отложено до {at}"),
            ),
            (
                "voice offer",
                in_a_voice_note(&mut h, deal, said).await,
                format!("В голосовом названо время: {at}"),
            ),
        ];
        for (place, text, expected) in answers {
            if !text.contains(&expected) {
                wrong.push(format!(
                    "{place} «{said}»: wanted «{expected}», got «{text}»"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn a_meeting_said_as_a_range_is_said_back_as_the_range_and_starts_at_its_start() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    to_the_meeting_question(&mut h, 1).await;
    h.text(MANAGER, "с 9 до 10 утра")
        .await
        .expect("пт, 27.11.2026, с 9:00 до 10:00")
        .expect("Где встреча?");
    h.text(MANAGER, "Офис клиента")
        .await
        .expect("Встреча: пт, 27.11.2026 в 09:00, Офис клиента");
    let due: i64 = sqlx::query_scalar("SELECT due_at FROM reminders WHERE kind = 'meeting'")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert_eq!(
        due,
        msk(27, 9, 0),
        "the meeting starts at the range's start"
    );
    // a moment that is no range is not said back twice
    to_the_meeting_question(&mut h, 2).await;
    h.text(MANAGER, "завтра в 15:00")
        .await
        .expect_not("с 15:00")
        .expect("Где встреча?");
}

/// The labels of the buttons under the bot's last message.
fn labels(r: &support::Reply) -> Vec<String> {
    r.last_sent()
        .unwrap()
        .buttons
        .iter()
        .flatten()
        .map(|(l, _)| l.clone())
        .collect()
}

#[tokio::test]
async fn an_hour_asked_back_inside_a_sentence_offers_both_halves_and_each_button_keeps_its_own() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    for (n, half, at) in [
        (1, "в 07:00", "пт, 27.11.2026 в 07:00"),
        (2, "в 19:00", "пт, 27.11.2026 в 19:00"),
    ] {
        to_the_meeting_question(&mut h, n).await;
        let r = h.text(MANAGER, "в пятницу в 7, у нас в переговорной").await;
        r.expect("утра или вечера");
        let offered = labels(&r);
        for wanted in ["👉 пт, 27.11.2026 в 07:00", "👉 пт, 27.11.2026 в 19:00"] {
            assert!(offered.contains(&wanted.to_owned()), "{offered:?}");
        }
        h.press(MANAGER, half).await.expect("Где встреча?");
        h.text(MANAGER, "Офис клиента")
            .await
            .expect(&format!("Встреча: {at}, Офис клиента"));
    }
    let due: Vec<i64> =
        sqlx::query_scalar("SELECT due_at FROM reminders WHERE kind = 'meeting' ORDER BY due_at")
            .fetch_all(&h.pool())
            .await
            .unwrap();
    assert_eq!(due, [msk(27, 7, 0), msk(27, 19, 0)]);
}

#[tokio::test]
async fn a_day_without_a_time_inside_a_sentence_offers_times_of_that_day() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    to_the_meeting_question(&mut h, 1).await;
    let r = h.text(MANAGER, "в пятницу, у нас в переговорной").await;
    r.expect("Укажите и время");
    let offered = labels(&r);
    assert!(
        offered.contains(&"👉 пт, 27.11.2026 в 15:00".to_owned()),
        "{offered:?}"
    );
    h.press(MANAGER, "пт, 27.11.2026 в 15:00")
        .await
        .expect("Где встреча?");
    h.text(MANAGER, "Офис клиента")
        .await
        .expect("Встреча: пт, 27.11.2026 в 15:00, Офис клиента");
}

#[tokio::test]
async fn a_pause_until_a_day_said_in_a_sentence_starts_that_day() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/settings").await;
    h.press(MANAGER, "Пауза")
        .await
        .expect("До какого дня пауза?");
    h.text(MANAGER, "до 01.12, я в отпуске")
        .await
        .expect("Пауза до вт, 01.12.2026");
}
