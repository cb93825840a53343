//! Texts longer than one Telegram message, end to end: a 4–5-minute voice note's words are shown
//! whole, come back whole to correct, and an answer too long for its question can be corrected.
//! The fake Bot API refuses what Telegram refuses (broken HTML, over 4096 UTF-16 units).

mod support;

use support::fake_stt::FakeStt;
use support::{first_contact, invite, Harness};

const MANAGER: i64 = 2002;

/// The bot with speech to text pointed at a fresh fake engine, and a manager on the team.
async fn with_engine() -> (Harness, FakeStt) {
    let stt = FakeStt::start(None).await;
    let mut h = Harness::start().await;
    h.env = vec![("STT_URL", stt.url.clone())];
    h.restart().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    (h, stt)
}

/// About 4,700 characters said aloud, with what HTML must escape and an emoji in every line.
fn long_words() -> String {
    (1..=70)
        .map(|i| format!("Пункт {i}: клиент «Рога & Копыта» просит смету < 500 000 ₽ и сроки 🚀."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every numbered part of the words is somewhere in `text` (read across the messages it was
/// split into: a break between messages reads as a space).
#[track_caller]
fn has_every_part(text: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for i in 1..=70 {
        let part =
            format!("Пункт {i}: клиент «Рога & Копыта» просит смету < 500 000 ₽ и сроки 🚀.");
        assert!(text.contains(&part), "«{part}» is missing from:\n{text}");
    }
}

/// A note under rule zero on a fresh deal, dictated with the long words, shown back.
async fn dictate_a_long_note(h: &mut Harness) -> String {
    let deal = first_contact(h, MANAGER, "ООО Длинное", "Директор").await;
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Заметка").await;
    let words = long_words();
    assert!(words.chars().count() > 4000);
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, &format!("say:{words}"), 280).await;
    // the buttons come with the transcript's last message
    h.wait_message(MANAGER, since, "Сохранить как ответ?").await;
    assert!(
        h.api.errors().is_empty(),
        "Telegram would refuse: {:#?}",
        h.api.errors()
    );
    h.api.calls()[since..]
        .iter()
        .filter(|c| c.chat_id == Some(MANAGER) && c.method == "sendMessage")
        .map(|c| c.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_long_transcript_is_shown_whole_and_correcting_it_sends_every_word() {
    let (mut h, _stt) = with_engine().await;
    let shown = dictate_a_long_note(&mut h).await;
    assert!(shown.contains("Распознано"), "{shown}");
    has_every_part(&shown);

    let r = h.press(MANAGER, "Исправить").await;
    r.expect("Скопируйте текст");
    has_every_part(&r.texts().join("\n"));
    // every piece of the words is its own tap-to-copy block
    let sent: Vec<_> = r
        .calls
        .iter()
        .filter(|c| c.method == "sendMessage")
        .collect();
    assert!(sent.len() >= 2, "{sent:#?}");
    for c in &sent {
        let html = c.params["text"].as_str().unwrap_or_default();
        assert!(
            html.contains("<code>") && html.contains("</code>"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn saving_words_too_long_for_the_answer_offers_to_correct_them() {
    let (mut h, _stt) = with_engine().await;
    dictate_a_long_note(&mut h).await;

    let r = h.press(MANAGER, "Сохранить").await;
    let refusal = r
        .calls
        .iter()
        .find(|c| c.text.contains("Слишком длинный ответ"))
        .unwrap_or_else(|| panic!("no refusal in:\n{}", r.all_text()));
    assert!(
        refusal
            .buttons
            .iter()
            .flatten()
            .any(|(label, _)| label.contains("Исправить")),
        "{refusal:#?}"
    );

    let r = h.press(MANAGER, "Исправить").await;
    r.expect("Скопируйте текст");
    has_every_part(&r.texts().join("\n"));
    // the corrected, shorter words are the note
    h.text(MANAGER, "Клиент «Рога & Копыта» просит смету и сроки.")
        .await
        .expect("✅ Записано");
    let body: String = sqlx::query_scalar(
        "SELECT body FROM activities WHERE kind = 'note' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&h.pool())
    .await
    .unwrap();
    assert_eq!(body, "Клиент «Рога & Копыта» просит смету и сроки.");
}

#[tokio::test]
async fn a_transcript_is_measured_as_telegram_measures_it_in_utf16_units() {
    let (mut h, _stt) = with_engine().await;
    h.text(MANAGER, "/new").await;
    // 2,800 characters, but 4,900 UTF-16 units: one message by characters, too long for Telegram
    let words = "🚀🚀🚀 ".repeat(700);
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, &format!("say:{words}"), 200).await;
    h.wait_message(MANAGER, since, "Сохранить как ответ?").await;
    assert!(
        h.api.errors().is_empty(),
        "Telegram would refuse: {:#?}",
        h.api.errors()
    );
    let shown: usize = h.api.calls()[since..]
        .iter()
        .filter(|c| c.method == "sendMessage")
        .map(|c| c.text.matches('🚀').count())
        .sum();
    assert_eq!(shown, 2100, "every emoji is shown");
}
