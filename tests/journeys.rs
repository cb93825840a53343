//! Journeys through the real dispatcher over HTTP on loopback: what a manager and a head of
//! sales do on a phone, and what the database holds afterwards.

mod support;

use chrono::{TimeZone, Utc};
use sqlx::AnyPool;
use support::{first_contact, invite, Harness, HEAD};

const MANAGER: i64 = 2002;
const OTHER_MANAGER: i64 = 3003;

async fn count(db: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

/// The head adds a direction, uploads its price list and its questionnaire.
async fn set_up_direction(h: &mut Harness) {
    h.text(HEAD, "/directions")
        .await
        .expect("Направлений пока нет");
    h.press(HEAD, "Добавить направление")
        .await
        .expect("Название направления?");
    h.text(HEAD, "Сайты")
        .await
        .expect("Направление «Сайты» добавлено");
    h.text(HEAD, "/pricelist").await.expect("Прайс-лист пуст");
    h.press(HEAD, "Загрузить прайс-лист").await;
    let csv = "Направление;Позиция;Мин;Макс\nСайты;Лендинг;50 000;120 000\nСайты;Магазин;300 тыс;1,2 млн\n";
    h.document(HEAD, "prices.csv", csv.as_bytes().to_vec())
        .await
        .expect("Прайс-лист сохранён: 2 позиции");
    h.text(HEAD, "/questionnaire")
        .await
        .expect("Для какого направления анкета?");
    h.press(HEAD, "Сайты").await.expect("Пришлите файл анкеты");
    h.document(HEAD, "Анкета.docx", b"PK fake docx".to_vec())
        .await
        .expect("Анкета для направления «Сайты» сохранена");
}

#[tokio::test]
async fn an_unknown_user_is_refused_and_only_an_audit_row_is_kept() {
    let mut h = Harness::start().await;
    h.text(9999, "Здравствуйте, я клиент")
        .await
        .expect("доступ только по приглашению");
    h.text(9999, "/new")
        .await
        .expect("доступ только по приглашению");
    let r = h.forge(9999, "d:1").await;
    assert!(r.toast().unwrap().contains("только для сотрудников"));
    let db = h.db().await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM access_denied WHERE tg_id = 9999").await,
        3
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dialogues").await, 0);
}

#[tokio::test]
async fn a_head_of_sales_invites_a_manager_with_a_single_use_link() {
    let mut h = Harness::start().await;
    h.text(HEAD, "/start").await.expect("Здравствуйте, Ольга");
    invite(&mut h, MANAGER, "Менеджер").await;
    // the inviter is told
    assert!(h.chat_calls(HEAD).iter().any(|c| c
        .text
        .contains("Павел Тестов принял(а) приглашение: менеджер")));
    let db = h.db().await;
    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE tg_id = $1")
        .bind(MANAGER)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(role, "manager");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM invites WHERE used_by IS NOT NULL"
        )
        .await,
        1
    );
    // the same link does not let a second person in
    let code: String = sqlx::query_scalar("SELECT code FROM invites")
        .fetch_one(&db)
        .await
        .unwrap();
    h.text(OTHER_MANAGER, &format!("/start {code}"))
        .await
        .expect("Ссылка-приглашение недействительна");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM users WHERE tg_id = 3003").await,
        0
    );
    // the manager sees the manager's menu, not the head's
    let r = h.text(MANAGER, "/start").await;
    let menu = r.last_sent().unwrap().menu.concat();
    assert!(menu.iter().any(|b| b.contains("Новый контакт")));
    assert!(!menu.iter().any(|b| b.contains("Команда")));
}

#[tokio::test]
async fn an_expired_invitation_is_refused() {
    let mut h = Harness::start().await;
    h.text(HEAD, "/invite").await;
    h.press(HEAD, "Юрист").await.expect("действует 7 дней");
    h.clock.set(support::t0() + chrono::Duration::days(8));
    let db = h.db().await;
    let code: String = sqlx::query_scalar("SELECT code FROM invites")
        .fetch_one(&db)
        .await
        .unwrap();
    h.text(MANAGER, &format!("/start {code}"))
        .await
        .expect("недействительна");
}

#[tokio::test]
async fn a_manager_walks_a_deal_from_first_contact_to_the_held_meeting() {
    let mut h = Harness::start().await;
    set_up_direction(&mut h).await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "ООО «Ромашка»", "генеральный директор").await;

    // step 1: needs, two questions skipped
    h.press(MANAGER, "Шаг 1. Потребности")
        .await
        .expect("Особенности и специфика бизнеса")
        .expect("пропуск будет отмечен");
    h.text(MANAGER, "Сеть из трёх кофеен в центре")
        .await
        .expect("Новости бизнеса?");
    h.press(MANAGER, "Пропустить")
        .await
        .expect("Ближайшие планы?");
    h.text(MANAGER, "Открыть четвёртую точку весной")
        .await
        .expect("Беспокойства");
    h.press(MANAGER, "Пропустить")
        .await
        .expect("Новые направления");
    h.text(MANAGER, "Доставка")
        .await
        .expect("Когда перезвонить?");
    h.press(MANAGER, "Не назначать")
        .await
        .expect("записан шаг «1. Потребности»")
        .expect("Ответов: 3 из 5");

    // step 2: the client demanded a price: the bot names the price list's lower bound
    h.press(MANAGER, "Шаг 2. Предложение")
        .await
        .expect("Какое предложение");
    h.text(MANAGER, "Сайт с онлайн-заказом и доставкой")
        .await
        .expect("категорично потребовал");
    h.press(MANAGER, "Да")
        .await
        .expect("Нижняя граница прайс-листа")
        .expect("50\u{a0}000\u{a0}₽")
        .expect("Лендинг");
    h.press(MANAGER, "Назвал(а) эту цену")
        .await
        .expect("Когда перезвонить клиенту?");
    h.press(MANAGER, "Завтра 10:00")
        .await
        .expect("названа нижняя граница прайс-листа — 50\u{a0}000\u{a0}₽")
        .expect("Перезвонить: пт, 27.11.2026 в 10:00");

    // step 3: the questionnaire is handed over, the meeting arranged «завтра в 15:00»
    let r = h.press(MANAGER, "Шаг 3. Анкета и встреча").await;
    let docs = r.documents();
    assert_eq!(docs.len(), 1, "the questionnaire file is sent to forward");
    assert_eq!(docs[0].file_id.as_deref(), Some("FILE2"));
    r.expect("Перешлите клиенту анкету");
    h.press(MANAGER, "Анкета отправлена")
        .await
        .expect("Когда встреча?");
    h.text(MANAGER, "завтра в 15:00")
        .await
        .expect("Где встреча?");
    h.text(MANAGER, "ул. Ленина, 1, офис 5")
        .await
        .expect("Встреча: пт, 27.11.2026 в 15:00, ул. Ленина, 1, офис 5");

    // step 4: the meeting held, with its outcome, once it has begun
    h.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 27, 12, 5, 0).unwrap());
    h.press(MANAGER, "Шаг 4. Встреча")
        .await
        .expect("Встреча пт, 27.11.2026 в 15:00, ул. Ленина, 1, офис 5. Как прошла?");
    h.press(MANAGER, "Состоялась").await.expect("Итог встречи");
    h.text(MANAGER, "Готовы к КП, бюджет до 400 тыс.")
        .await
        .expect("записан шаг «4. Встреча»");

    let db = h.db().await;
    let (stage, status): (String, String) =
        sqlx::query_as("SELECT stage, status FROM deals WHERE id = $1")
            .bind(deal)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((stage.as_str(), status.as_str()), ("meeting", "open"));
    let steps: Vec<String> =
        sqlx::query_scalar("SELECT stage FROM deal_steps WHERE deal_id = $1 ORDER BY id")
            .bind(deal)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        steps,
        ["first_contact", "needs", "offer", "application", "meeting"]
    );
    let skipped: i64 =
        sqlx::query_scalar("SELECT skipped FROM deal_steps WHERE deal_id = $1 AND stage = 'needs'")
            .bind(deal)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(skipped, 2);
    let price: i64 = sqlx::query_scalar(&format!(
        "SELECT {} FROM deal_steps WHERE stage = 'offer'",
        support::jint("price_named_kopecks.money")
    ))
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(price, 5_000_000);
    let (contact, position, phone): (String, String, String) =
        sqlx::query_as("SELECT name, position, phone FROM contacts")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        (contact.as_str(), position.as_str(), phone.as_str()),
        ("Иван Петров", "генеральный директор", "+79123456789")
    );
    // the meeting reminder: tomorrow 15:00 Moscow, closed once the meeting was held
    let (kind, due, state): (String, i64, String) =
        sqlx::query_as("SELECT kind, due_at, state FROM reminders WHERE kind = 'meeting'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(kind, "meeting");
    assert_eq!(
        due,
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
            .unwrap()
            .timestamp()
    );
    assert_eq!(state, "done");
    // the step-1 call-back was closed by the next contact: a step recorded after it
    let (callback, state): (i64, String) =
        sqlx::query_as("SELECT due_at, state FROM reminders WHERE kind = 'callback'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        callback,
        Utc.with_ymd_and_hms(2026, 11, 27, 7, 0, 0)
            .unwrap()
            .timestamp()
    );
    assert_eq!(state, "done");
    // every step is on the timeline, authored by the manager
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM activities WHERE deal_id = $1 ORDER BY id")
            .bind(deal)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        kinds,
        ["created", "stage", "stage", "reminder", "stage", "reminder", "stage"]
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM activities a JOIN users u ON u.id = a.author_id WHERE u.tg_id = 2002").await, 7);

    // the card tells the story
    let r = h.text(MANAGER, "/deals").await;
    r.expect("Открытые сделки: 1");
    let r = h.press(MANAGER, "Ромашка").await;
    r.expect("Иван Петров, генеральный директор · +7 912 345-67-89")
        .expect("4. Встреча")
        .expect("⏰ ничего не назначено");
}

#[tokio::test]
async fn no_step_can_be_skipped_and_the_meeting_is_mandatory() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Альфа", "генеральный директор").await;
    // the only step offered is the next one; a button for it pressed twice records it once
    let (mid, data) = h.find_button(MANAGER, "Шаг 1. Потребности");
    assert_eq!(data, format!("st:{deal}:needs"));
    h.press_data(MANAGER, mid, &data)
        .await
        .expect("Особенности");
    for _ in 0..5 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.press(MANAGER, "Не назначать")
        .await
        .expect("Ответов: 0 из 5");
    h.press(MANAGER, "Шаг 2. Предложение").await;
    h.text(MANAGER, "Предложение").await;
    h.press(MANAGER, "Нет").await;
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 3")
        .await
        .expect("Анкета для направления этой сделки в бот не загружена");
    h.press(MANAGER, "Анкета отправлена").await;
    h.text(MANAGER, "через 2 дня").await;
    h.text(MANAGER, "Онлайн")
        .await
        .expect("записан шаг «3. Анкета и встреча»");
    // after the application the card offers the meeting, never the proposal
    let r = h.forge(MANAGER, &format!("d:{deal}")).await;
    let labels: Vec<String> = r
        .calls
        .iter()
        .flat_map(|c| c.buttons.concat())
        .map(|(l, _)| l)
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("4. Встреча")),
        "{labels:?}"
    );
    assert!(
        !labels.iter().any(|l| l.contains("Коммерческое")),
        "{labels:?}"
    );
    // the meeting can be moved instead of held; the stage stays
    h.press(MANAGER, "4. Встреча").await;
    h.press(MANAGER, "Перенесена")
        .await
        .expect("На когда перенесли");
    h.text(MANAGER, "пт 10:30")
        .await
        .expect("Встреча перенесена на пт, 27.11.2026 в 10:30");
    let db = h.db().await;
    let stage: String = sqlx::query_scalar("SELECT stage FROM deals")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stage, "application");
    let states: Vec<String> =
        sqlx::query_scalar("SELECT state FROM reminders WHERE kind = 'meeting' ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(states, ["cancelled", "pending"]);
}

#[tokio::test]
async fn a_voice_note_is_logged_on_a_deal_and_plays_back_from_the_history() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Бета", "генеральный директор").await;
    h.press(MANAGER, "Записать действие")
        .await
        .expect("Что записать?");
    h.press(MANAGER, "Звонок").await.expect("голосовое");
    h.voice(MANAGER, "VOICE-42", 37)
        .await
        .expect("Записано: 📞 Звонок — сделка №");
    let db = h.db().await;
    let (file, secs, author): (String, i64, i64) = sqlx::query_as(
        "SELECT file_id, duration_secs, author_id FROM activities WHERE kind = 'call'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((file.as_str(), secs), ("VOICE-42", 37));
    let manager_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE tg_id = 2002")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(author, manager_id);
    // a text note too, then the history shows both in order and plays the voice back
    h.press(MANAGER, "Ещё действие").await;
    h.press(MANAGER, "Заметка").await;
    h.text(MANAGER, "Просил перезвонить после праздников")
        .await
        .expect("Записано: 📝 Заметка");
    let r = h.forge(MANAGER, &format!("tl:{deal}")).await;
    r.expect("История сделки")
        .expect("37 секунд")
        .expect("Просил перезвонить после праздников");
    let r = h.press(MANAGER, "▶️").await;
    let voice = r
        .calls
        .iter()
        .find(|c| c.method == "sendVoice")
        .expect("the voice is sent back");
    assert_eq!(voice.file_id.as_deref(), Some("VOICE-42"));
}

#[tokio::test]
async fn cancel_leaves_a_dialogue_and_keeps_what_was_saved() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Гамма", "генеральный директор").await;
    h.press(MANAGER, "Шаг 1").await;
    h.text(MANAGER, "Производство мебели")
        .await
        .expect("Новости");
    h.text(MANAGER, "/cancel")
        .await
        .expect("Введённые ответы сохранены");
    let db = h.db().await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM deals").await, 1);
    let stage: String = sqlx::query_scalar("SELECT stage FROM deals WHERE id = $1")
        .bind(deal)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stage, "first_contact");
    // the form is gone: typing now is not an answer to it
    h.text(MANAGER, "что-то").await.expect("Не понял запрос");
    h.text(MANAGER, "/cancel").await.expect("нечего отменять");
    // the cancel button under a question does the same
    h.text(MANAGER, "/new").await;
    h.press(MANAGER, "Отменить").await.expect("Вышли из формы");
    // the step opened again goes on where it was left: the answer typed before is kept
    h.forge(MANAGER, &format!("st:{deal}:needs"))
        .await
        .expect("ответы, введённые раньше, сохранены")
        .expect("Новости")
        .expect("2/6");
    for _ in 0..4 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.press(MANAGER, "Не назначать")
        .await
        .expect("записан шаг «1. Потребности»");
    let specifics: String = sqlx::query_scalar(&format!(
        "SELECT {} FROM deal_steps WHERE stage = 'needs'",
        support::jtext("specifics.text")
    ))
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(specifics, "Производство мебели");
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_dialogue_resumes_where_it_was() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "Дельта").await;
    h.text(MANAGER, "Анна Смирнова")
        .await
        .expect("Должность собеседника?");
    h.restart().await;
    h.text(MANAGER, "финансовый директор")
        .await
        .expect("Телефон собеседника");
    h.press(MANAGER, "Пропустить").await;
    h.press(MANAGER, "Рекомендация")
        .await
        .expect("Сделка №1 создана: Дельта")
        .expect("Анна Смирнова, финансовый директор");
    let db = h.db().await;
    let channel: String = sqlx::query_scalar("SELECT channel FROM deals")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(channel, "referral");
}

#[tokio::test]
async fn every_bad_answer_is_explained_and_the_question_asked_again() {
    let mut h = Harness::start().await;
    set_up_direction(&mut h).await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "   ")
        .await
        .expect("Ответ пустой")
        .expect("Как называется компания");
    h.photo(MANAGER)
        .await
        .expect("Здесь нужен ответ текстом")
        .expect("Как называется компания");
    h.sticker(MANAGER).await.expect("Здесь нужен ответ текстом");
    h.text(MANAGER, &"Очень длинное название ".repeat(20))
        .await
        .expect("Слишком длинный ответ: 459 символов, можно до 200");
    h.text(MANAGER, "Эпсилон")
        .await
        .expect("Как зовут собеседника");
    h.text(MANAGER, "Олег").await;
    h.text(MANAGER, "Директор").await;
    h.text(MANAGER, "8912abc4567")
        .await
        .expect("только цифры")
        .expect("Телефон собеседника");
    h.text(MANAGER, "123")
        .await
        .expect("Не похоже на номер телефона");
    h.text(MANAGER, "+7 912 000 11 22")
        .await
        .expect("Откуда пришёл контакт?");
    h.text(MANAGER, "по почте")
        .await
        .expect("Выберите вариант кнопкой");
    h.text(MANAGER, "выставка")
        .await
        .expect("Какое направление");
    h.press(MANAGER, "Сайты").await.expect("Сделка №1 создана");
    // a 5,000-character needs answer is over the documented limit
    h.press(MANAGER, "Шаг 1").await;
    h.text(MANAGER, &"а".repeat(5000))
        .await
        .expect("5000 символов, можно до 3000")
        .expect("Особенности и специфика");
    h.text(MANAGER, &"б".repeat(3000))
        .await
        .expect("Новости бизнеса?");
    for _ in 0..4 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 2").await;
    h.text(MANAGER, "Сайт").await;
    h.text(MANAGER, "может быть")
        .await
        .expect("Ответьте «Да» или «Нет»");
    h.text(MANAGER, "нет").await.expect("Когда перезвонить");
    h.text(MANAGER, "через -2 дня")
        .await
        .expect("не может быть отрицательным");
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 3").await;
    h.press(MANAGER, "Анкета отправлена").await;
    h.text(MANAGER, "вчера в 10:00")
        .await
        .expect("Это время уже прошло")
        .expect("Когда встреча?");
    h.text(MANAGER, "01.01.2026 10:00")
        .await
        .expect("Это время уже прошло");
    h.text(MANAGER, "31.02 10:00")
        .await
        .expect("Такой даты нет в календаре");
    h.text(MANAGER, "12.12").await.expect("Укажите и время");
    h.text(MANAGER, "12.12 25:00")
        .await
        .expect("Такого времени нет");
    h.text(MANAGER, "12.12 14:00").await.expect("Где встреча?");
    h.text(MANAGER, "Офис клиента")
        .await
        .expect("Встреча: сб, 12.12.2026 в 14:00, Офис клиента");
    let db = h.db().await;
    let needs: String = sqlx::query_scalar(&format!(
        "SELECT {} FROM deal_steps WHERE stage = 'needs'",
        support::jtext("specifics.text")
    ))
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        needs.chars().count(),
        3000,
        "earlier answers survive the refused ones"
    );
}

#[tokio::test]
async fn a_price_list_with_bad_lines_is_refused_with_line_numbers_and_the_old_one_kept() {
    let mut h = Harness::start().await;
    set_up_direction(&mut h).await;
    h.text(HEAD, "/pricelist").await.expect("Лендинг");
    h.press(HEAD, "Загрузить прайс-лист").await;
    let csv = "Сайты;Визитка;10000;20000\nСайты;Дорого;200000;100000\nМаркетинг;SEO;1000;2000\nСайты;Битая строка\n";
    let r = h.document(HEAD, "new.csv", csv.as_bytes().to_vec()).await;
    r.expect("2 ошибки, ничего не сохранено")
        .expect("строка 2: минимальная цена больше максимальной")
        .expect("строка 4: 2 столбца вместо 4");
    // the same question again; a wrong file type is explained too
    r.expect("Пришлите прайс-лист файлом CSV");
    h.document(HEAD, "prices.xlsx", b"x".to_vec())
        .await
        .expect("Нужен файл одного из типов: csv, txt");
    let csv = "Сайты;Визитка;10000;20000\nМаркетинг;SEO;1000;2000\n";
    h.document(HEAD, "new.csv", csv.as_bytes().to_vec())
        .await
        .expect("строка 2: нет направления «Маркетинг»");
    let db = h.db().await;
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM price_list").await,
        2,
        "the old price list stays"
    );
    h.text(HEAD, "/cancel").await;
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM price_list WHERE item = 'Лендинг'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn stale_and_foreign_buttons_change_nothing() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    invite(&mut h, OTHER_MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Зета", "генеральный директор").await;
    // another manager cannot open, step or log on this deal, even with forged buttons
    for data in [
        format!("d:{deal}"),
        format!("st:{deal}:needs"),
        format!("lg:{deal}"),
        format!("tl:{deal}"),
    ] {
        let r = h.forge(OTHER_MANAGER, &data).await;
        assert_eq!(
            r.toast().as_deref(),
            Some("Эта сделка вам недоступна."),
            "{data}"
        );
    }
    // a manager cannot use the head's buttons
    let r = h.forge(MANAGER, "tmy:1").await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Это доступно только руководителю отдела продаж.")
    );
    // a button from an older question does not answer the current one
    h.press(MANAGER, "Шаг 1").await;
    let (old_mid, old_skip) = h.find_button(MANAGER, "Пропустить");
    h.text(MANAGER, "Ответ на первый вопрос")
        .await
        .expect("Новости");
    let r = h.press_data(MANAGER, old_mid, &old_skip).await;
    assert!(r.toast().unwrap().contains("устарела"));
    let r = h.forge(MANAGER, "zz:garbage").await;
    assert!(r.toast().unwrap().contains("устарела"));
    let db = h.db().await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM activities").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM deal_steps").await, 1);
    // the form goes on from where it was
    h.press(MANAGER, "Пропустить")
        .await
        .expect("Ближайшие планы?");
}

#[tokio::test]
async fn commands_win_in_the_middle_of_a_dialogue() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    first_contact(&mut h, MANAGER, "Эта", "генеральный директор").await;
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "Тета").await;
    h.text(MANAGER, "/help")
        .await
        .expect("Помощник отдела продаж")
        .expect("Продолжаем: Новый контакт")
        .expect("Как зовут собеседника?");
    h.text(MANAGER, "/deals").await.expect("Открытые сделки: 1");
    h.text(MANAGER, "📋 Мои сделки")
        .await
        .expect("Открытые сделки: 1");
    h.text(MANAGER, "Мария")
        .await
        .expect("Должность собеседника?");
}

#[tokio::test]
async fn a_redelivered_update_creates_nothing_twice() {
    let mut h = Harness::start().await;
    h.text(HEAD, "/directions").await;
    h.press(HEAD, "Добавить направление").await;
    let update = h.text_update(HEAD, "Маркетинг");
    let first = h.deliver(HEAD, update.clone()).await;
    first.expect("Направление «Маркетинг» добавлено");
    let mut again = update;
    again["update_id"] = serde_json::json!(first_update_id(&h, "Маркетинг"));
    let second = h.redeliver(HEAD, again).await;
    assert!(
        second.calls.is_empty(),
        "a duplicate gets no second answer: {:?}",
        second.calls
    );
    let db = h.db().await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM directions").await, 1);
}

/// The update id the fake assigned to the message with this text.
fn first_update_id(h: &Harness, _text: &str) -> i64 {
    // updates are numbered in order; the last pushed one is the message just sent
    h.api.last_update_id()
}

#[tokio::test]
async fn a_deactivated_member_is_refused_and_configured_heads_cannot_be() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(HEAD, "/team")
        .await
        .expect("Команда: 2 человека")
        .expect("Павел Тестов — менеджер")
        .expect_not("Отключить: Ольга");
    h.press(HEAD, "Отключить: Павел")
        .await
        .expect("Отключить доступ сотруднику: Павел Тестов?");
    h.press(HEAD, "Да, отключить")
        .await
        .expect("Команда: 1 человек");
    h.text(MANAGER, "/deals")
        .await
        .expect("доступ только по приглашению");
}

#[tokio::test]
async fn an_unreadable_stored_dialogue_resets_with_an_apology() {
    let mut h = Harness::start().await;
    h.text(HEAD, "/start").await;
    let db = h.db().await;
    sqlx::query("UPDATE dialogues SET state = '{\"state\":\"form\",\"form\":\"gone_form\"}'")
        .execute(&db)
        .await
        .unwrap();
    h.text(HEAD, "Привет")
        .await
        .expect("бот обновился")
        .expect("Не понял запрос");
}

#[tokio::test]
async fn the_user_time_zone_changes_how_dates_are_read() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/settings")
        .await
        .expect("Часовой пояс: Europe/Moscow");
    h.press(MANAGER, "Часовой пояс").await;
    h.text(MANAGER, "Mars/Base")
        .await
        .expect("Не знаю такого часового пояса");
    h.press(MANAGER, "Владивосток")
        .await
        .expect("Часовой пояс: Asia/Vladivostok");
    first_contact(&mut h, MANAGER, "Йота", "генеральный директор").await;
    h.press(MANAGER, "Шаг 1").await;
    for _ in 0..5 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.text(MANAGER, "завтра в 15:00")
        .await
        .expect("Перезвонить: пт, 27.11.2026 в 15:00");
    let db = h.db().await;
    let due: i64 = sqlx::query_scalar("SELECT due_at FROM reminders")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        due,
        Utc.with_ymd_and_hms(2026, 11, 27, 5, 0, 0)
            .unwrap()
            .timestamp()
    );
}
