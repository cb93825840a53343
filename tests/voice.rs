//! Answers by voice, end to end: the real dispatcher, the fake Bot API and a fake transcription
//! server on loopback that answers like the OpenAI API (`tests/support/fake_stt.rs`).

mod support;

use std::time::Duration;

use support::fake_stt::FakeStt;
use support::{first_contact, invite, Harness};

const MANAGER: i64 = 2002;
const OTHER: i64 = 3003;

/// The bot with speech to text pointed at a fresh fake engine, and a manager on the team.
async fn with_engine(extra: &[(&'static str, &str)]) -> (Harness, FakeStt) {
    let stt = FakeStt::start(Some("test-key")).await;
    let mut h = Harness::start().await;
    h.env = vec![
        ("STT_URL", stt.url.clone()),
        ("STT_API_KEY", "test-key".to_owned()),
    ];
    for (k, v) in extra {
        h.env.push((k, (*v).to_owned()));
    }
    h.restart().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    (h, stt)
}

async fn count(h: &Harness, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&h.pool()).await.unwrap()
}

#[tokio::test]
async fn a_voice_answer_at_step_one_becomes_the_answer_only_once_confirmed() {
    let (mut h, stt) = with_engine(&[]).await;
    h.text(MANAGER, "/new")
        .await
        .expect("Как называется компания клиента?");
    let since = h.api.calls_len();
    // engines end what they heard with a full stop; a company's name is saved without it
    h.voice_saying(MANAGER, "say: ООО «Ромашка».\n", 4)
        .await
        .expect("Распознаю");
    let heard = h.wait_message(MANAGER, since, "Распознано").await;
    assert!(heard.text.contains("«ООО «Ромашка».»"), "{}", heard.text);
    // what the engine was asked, as the OpenAI API wants it
    let req = &stt.requests()[0];
    assert_eq!(req.model, "whisper-1");
    assert_eq!(req.language, "ru");
    assert_eq!(req.file_name, "voice.ogg");
    assert_eq!(req.authorization.as_deref(), Some("Bearer test-key"));
    assert!(req.file_bytes > 0);
    // nothing is saved before the manager says so
    let state: String = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1")
        .bind(MANAGER)
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert!(!state.contains("\"company\""), "{state}");

    h.press(MANAGER, "Сохранить").await.expect("✅ Сохранено");
    h.text(MANAGER, "Анна Иванова")
        .await
        .expect("Должность собеседника?");
    // «Исправить»: the words come back to copy, the typed fix is the answer
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "say:коммерческий директор", 3)
        .await;
    h.wait_message(MANAGER, since, "Распознано").await;
    h.press(MANAGER, "Исправить")
        .await
        .expect("Скопируйте текст")
        .expect("коммерческий директор");
    h.text(MANAGER, "Коммерческий директор филиала")
        .await
        .expect("Телефон собеседника");
    h.text(MANAGER, "8 (912) 345-67-89").await;
    let r = h.press(MANAGER, "Звонок").await;
    if r.has("Какое направление") {
        h.press(MANAGER, "Сайты").await;
    }
    let client: String = sqlx::query_scalar("SELECT name FROM clients")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert_eq!(client, "ООО «Ромашка»");
    let position: String = sqlx::query_scalar("SELECT position FROM contacts")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert_eq!(position, "Коммерческий директор филиала");
    // both recordings are on the timeline with the words they were saved as
    let voices: Vec<(String, String)> = sqlx::query_as(
        "SELECT file_id, body FROM activities WHERE duration_secs IS NOT NULL ORDER BY id",
    )
    .fetch_all(&h.pool())
    .await
    .unwrap();
    assert_eq!(voices.len(), 2, "{voices:?}");
    assert_eq!(voices[0].1, "ООО «Ромашка»");
    assert_eq!(voices[1].1, "Коммерческий директор филиала");
    // and what was said finds the deal
    h.text(MANAGER, "/find директор филиала")
        .await
        .expect(": 1 · стр. 1 из 1");
}

#[tokio::test]
async fn a_time_said_in_a_voice_note_is_offered_as_a_reminder_and_set_only_on_a_tap() {
    let (mut h, _stt) = with_engine(&[]).await;
    let deal = first_contact(&mut h, MANAGER, "ООО Вектор", "Директор").await;
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Звонок").await;
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "say:Созвонимся в пятницу в 11, пришлю КП", 7)
        .await;
    h.wait_message(MANAGER, since, "Распознано").await;
    let customs = "SELECT COUNT(*) FROM reminders WHERE kind = 'custom'";
    let r = h.press(MANAGER, "Сохранить").await;
    r.expect("✅ Записано")
        .expect("В голосовом названо время: пт, 27.11.2026 в 11:00");
    assert_eq!(count(&h, customs).await, 0, "never set without the tap");
    // the note keeps the recording and its words
    let (file, body): (Option<String>, String) = sqlx::query_as(
        "SELECT file_id, body FROM activities WHERE kind = 'call' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&h.pool())
    .await
    .unwrap();
    assert!(file.is_some());
    assert_eq!(body, "Созвонимся в пятницу в 11, пришлю КП");

    h.press(MANAGER, "Напомнить пт, 27.11.2026 в 11:00")
        .await
        .expect("Напомню пт, 27.11.2026 в 11:00");
    let due: i64 = sqlx::query_scalar("SELECT due_at FROM reminders WHERE kind = 'custom'")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    // Friday 27.11.2026 11:00 in Moscow
    assert_eq!(due, 1_795_766_400);
    // a second tap on the same offer sets nothing more
    let data = format!(
        "vm:{}:{due}",
        sqlx::query_scalar::<_, i64>("SELECT activity_id FROM transcripts")
            .fetch_one(&h.pool())
            .await
            .unwrap()
    );
    let r = h.forge(MANAGER, &data).await;
    assert_eq!(r.toast().as_deref(), Some("Такое напоминание уже стоит."));
    assert_eq!(count(&h, customs).await, 1);
    h.text(MANAGER, "/find пришлю КП")
        .await
        .expect(": 1 · стр. 1 из 1");
}

#[tokio::test]
async fn an_engine_failure_leaves_the_question_where_it_was_and_loses_nothing() {
    let (mut h, stt) = with_engine(&[("STT_TIMEOUT_SECS", "1")]).await;
    h.text(MANAGER, "/new")
        .await
        .expect("Как называется компания клиента?");
    // the engine is down once, then the same recording is tried again
    stt.fail_next(1);
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "say:Альфа Строй", 3).await;
    h.wait_message(MANAGER, since, "Сервер распознавания сейчас не отвечает")
        .await;
    let since = h.api.calls_len();
    h.press(MANAGER, "Ещё раз").await;
    h.wait_message(MANAGER, since, "«Альфа Строй»").await;
    h.press(MANAGER, "🎙 Заново")
        .await
        .expect("Запишите голосовое ещё раз")
        .expect("Как называется компания клиента?");
    // too slow: the timeout, and the question still waits for its answer
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "slow:3000:Бета", 3).await;
    h.wait_message(MANAGER, since, "слишком много времени")
        .await;
    // heard nothing
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "silence", 2).await;
    h.wait_message(MANAGER, since, "не слышно слов").await;
    // too long: refused at once, never sent
    let sent = stt.requests().len();
    h.voice_saying(MANAGER, "say:длинное", 301)
        .await
        .expect("длиннее 5 мин.");
    assert_eq!(stt.requests().len(), sent);
    // typing still answers the same question
    h.text(MANAGER, "ООО Гамма").await.expect("Как зовут");
}

#[tokio::test]
async fn a_slow_transcription_holds_up_nobody() {
    let (mut h, _stt) = with_engine(&[]).await;
    invite(&mut h, OTHER, "Менеджер").await;
    h.text(MANAGER, "/new").await;
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "slow:2500:ООО Медленная", 3).await;
    let started = tokio::time::Instant::now();
    // another manager, and the same one, are answered while the engine works
    h.text(OTHER, "/help").await.expect("/new");
    h.text(MANAGER, "/deals").await;
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "answers waited for the engine: {:?}",
        started.elapsed()
    );
    assert!(!h.api.calls()[since..]
        .iter()
        .any(|c| c.text.contains("Распознано")));
    h.wait_message(MANAGER, since, "«ООО Медленная»").await;
}

#[tokio::test]
async fn without_an_engine_a_voice_answer_is_explained_and_a_voice_note_kept_as_audio() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "ООО Тишина", "Директор").await;
    h.text(MANAGER, "/new").await;
    h.voice(MANAGER, "VOICE1", 3)
        .await
        .expect("Распознавание голоса не подключено")
        .expect("Как называется компания клиента?");
    h.text(MANAGER, "/cancel").await;
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Заметка").await;
    h.voice(MANAGER, "VOICE2", 3).await.expect("✅ Записано");
}

/// A deal walked to the meeting, its time come, with the head of the direction on the team.
async fn to_meeting(h: &mut Harness) -> i64 {
    h.text(support::HEAD, "/directions").await;
    h.press(support::HEAD, "Добавить направление").await;
    h.text(support::HEAD, "Сайты").await;
    invite(h, OTHER, "Руководитель направления").await;
    let deal = first_contact(h, MANAGER, "ООО Лютик", "директор").await;
    support::steps_to_meeting(h, MANAGER).await;
    deal
}

#[tokio::test]
async fn a_meeting_outcome_and_a_heads_comment_are_dictated() {
    let (mut h, _stt) = with_engine(&[]).await;
    let deal = to_meeting(&mut h).await;
    // the outcome of the meeting: three taps and one recording
    h.press(MANAGER, "Шаг 4").await;
    h.press(MANAGER, "Состоялась").await;
    let since = h.api.calls_len();
    h.voice_saying(
        MANAGER,
        "say:Встреча прошла хорошо, ждут КП, созвонимся во вторник в 15:00",
        9,
    )
    .await;
    h.wait_message(MANAGER, since, "Распознано").await;
    h.press(MANAGER, "Сохранить")
        .await
        .expect("записан шаг «4. Встреча»")
        .expect("В голосовом названо время: вт, 01.12.2026 в 15:00");
    let outcome: String = sqlx::query_scalar(&format!(
        "SELECT {} FROM deal_steps WHERE deal_id = $1 AND stage = 'meeting'",
        support::jtext("outcome.text")
    ))
    .bind(deal)
    .fetch_one(&h.pool())
    .await
    .unwrap();
    assert_eq!(
        outcome,
        "Встреча прошла хорошо, ждут КП, созвонимся во вторник в 15:00"
    );
    h.press(MANAGER, "Напомнить вт, 01.12.2026 в 15:00")
        .await
        .expect("Напомню");

    // the proposal draft said aloud goes to the head with its words and the recording
    h.press(MANAGER, "Шаг 5").await;
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "say:Сайт с каталогом и онлайн-оплатой", 6)
        .await;
    h.wait_message(MANAGER, since, "Распознано").await;
    h.press(MANAGER, "Сохранить").await;
    h.press(MANAGER, "Без суммы").await;
    h.press(MANAGER, "Марина").await;
    let to_head = h.chat_calls(OTHER);
    assert!(to_head.iter().any(|c| c.method == "sendVoice"));
    assert!(to_head
        .iter()
        .any(|c| c.text.contains("Сайт с каталогом и онлайн-оплатой")));

    // the head returns it with a spoken comment
    h.press(OTHER, "Вернуть с комментарием")
        .await
        .expect("Что нужно исправить?");
    let since = h.api.calls_len();
    h.voice_saying(OTHER, "say:Добавьте сроки и этапы", 4).await;
    h.wait_message(OTHER, since, "Распознано").await;
    h.press(OTHER, "Сохранить").await;
    assert!(h
        .chat_calls(MANAGER)
        .iter()
        .any(|c| c.text.contains("возвращено") && c.text.contains("Добавьте сроки и этапы")));
    let kept: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activities a JOIN users u ON u.id = a.author_id
         WHERE a.deal_id = $1 AND u.tg_id = $2 AND a.duration_secs IS NOT NULL AND a.body = 'Добавьте сроки и этапы'",
    )
    .bind(deal)
    .bind(OTHER)
    .fetch_one(&h.pool())
    .await
    .unwrap();
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn a_transcription_cut_short_by_a_crash_is_done_after_the_restart() {
    let (mut h, stt) = with_engine(&[]).await;
    h.text(MANAGER, "/new").await;
    h.voice_saying(MANAGER, "slow:1500:ООО Феникс", 3)
        .await
        .expect("Распознаю");
    h.kill_bot().await;
    let since = h.api.calls_len();
    h.start_bot().await;
    h.wait_message(MANAGER, since, "«ООО Феникс»").await;
    assert!(stt.requests().len() >= 2, "the recording is sent again");
    h.press(MANAGER, "Сохранить")
        .await
        .expect("Как зовут собеседника?");
}

#[tokio::test]
async fn with_the_engine_down_a_voice_note_can_still_be_kept_as_a_recording() {
    let (mut h, stt) = with_engine(&[]).await;
    let deal = first_contact(&mut h, MANAGER, "ООО Эхо", "директор").await;
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Заметка").await;
    stt.fail_next(5);
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "say:неважно", 5).await;
    h.wait_message(MANAGER, since, "не отвечает").await;
    h.press(MANAGER, "Без текста")
        .await
        .expect("Сохранено без текста")
        .expect("✅ Записано");
    let (file, body, secs): (Option<String>, String, Option<i64>) = sqlx::query_as(
        "SELECT file_id, body, duration_secs FROM activities WHERE kind = 'note' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&h.pool())
    .await
    .unwrap();
    assert!(file.is_some());
    assert_eq!((body.as_str(), secs), ("", Some(5)));
}

#[tokio::test]
async fn a_date_said_aloud_is_read_like_a_typed_one_and_not_offered_twice() {
    let (mut h, _stt) = with_engine(&[]).await;
    let deal = first_contact(&mut h, MANAGER, "ООО Дата", "директор").await;
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "уточнить бюджет").await;
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "say:Завтра в 15:00.", 2).await;
    h.wait_message(MANAGER, since, "Распознано").await;
    let r = h.press(MANAGER, "Сохранить").await;
    r.expect("Напомню пт, 27.11.2026 в 15:00")
        .expect_not("В голосовом названо время");
    // words that are no date: the reason, and the question again
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "ещё раз").await;
    let since = h.api.calls_len();
    h.voice_saying(MANAGER, "say:когда-нибудь потом", 2).await;
    h.wait_message(MANAGER, since, "Распознано").await;
    h.press(MANAGER, "Сохранить")
        .await
        .expect("Не понял дату")
        .expect("Когда напомнить?");
}
