//! Answers as people write them, through the real dispatcher: amounts and dates a Russian office
//! types, searches that find what is there whatever the quotes and ё, phones and files checked.

mod support;

use support::{first_contact, invite, Harness, HEAD};

const MANAGER: i64 = 2002;

#[tokio::test]
async fn find_reads_the_query_as_the_stored_key_and_pages_with_the_true_count() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    first_contact(&mut h, MANAGER, "ООО «Ромашка»", "директор").await;
    // a contact with ё in the name
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "Ёлка и партнёры").await;
    h.text(MANAGER, "Пётр Ёлкин").await;
    h.text(MANAGER, "директор").await;
    h.press(MANAGER, "Пропустить").await;
    h.press(MANAGER, "Звонок").await;
    h.text(MANAGER, "/find ООО «Ромашка»")
        .await
        .expect("Найдено по «ООО «Ромашка»»: 1");
    h.text(MANAGER, "/find Ёлкин").await.expect(": 1");
    h.text(MANAGER, "/find елкин").await.expect(": 1");
    // 91 deals of one client: the count is true and the list pages
    let db = h.pool();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 90)
         INSERT INTO deals (client_id, contact_id, manager_id, channel, stage, created_at, stage_changed_at, last_activity_at)
         SELECT 1, 1, (SELECT id FROM users WHERE tg_id = 2002), 'call', 'needs', i, i, i FROM n",
    )
    .execute(&db)
    .await
    .unwrap();
    let r = h.text(MANAGER, "/find Ромашка").await;
    r.expect("Найдено по «Ромашка»: 91 · стр. 1 из 10");
    let r = h.press(MANAGER, "▶️").await;
    r.expect("стр. 2 из 10");
    let _ = HEAD;
}

#[tokio::test]
async fn a_russian_phone_with_extra_digits_and_an_empty_file_are_refused() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "Ромашка").await;
    h.text(MANAGER, "Анна Иванова").await;
    h.text(MANAGER, "директор").await.expect("Телефон");
    h.text(MANAGER, "+7 (912) 345-67-89-00-00")
        .await
        .expect("Телефон");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert_eq!(stored, 0);
    h.text(HEAD, "/directions").await;
    h.press(HEAD, "Добавить направление").await;
    h.text(HEAD, "Сайты").await;
    h.text(HEAD, "/questionnaire").await;
    h.press(HEAD, "Сайты").await;
    h.document(HEAD, "Анкета.docx", Vec::new())
        .await
        .expect("Файл пустой");
}

#[tokio::test]
async fn amounts_and_dates_as_typed_in_a_real_form() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    // «через 2 часа» at 12:00:00 is 14:00; «завтра в 15.00» is a time, not a date
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "уточнить бюджет").await;
    h.text(MANAGER, "завтра в 15.00")
        .await
        .expect("Напомню пт, 27.11.2026 в 15:00");
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "перезвонить").await;
    h.text(MANAGER, "вчера в 15:00")
        .await
        .expect("Это время уже прошло");
    h.text(MANAGER, "завтра после обеда")
        .await
        .expect("Напомню пт, 27.11.2026 в 14:00");
}

#[tokio::test]
async fn an_answer_that_reads_two_ways_is_confirmed_by_a_button_never_guessed() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    // «в 7»: morning or evening, each a button with its weekday and date
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "перезвонить").await;
    let r = h.text(MANAGER, "завтра в 7").await;
    r.expect("утра или вечера").expect("Или выберите кнопкой");
    let labels: Vec<String> = r
        .last_sent()
        .unwrap()
        .buttons
        .iter()
        .flatten()
        .map(|(l, _)| l.clone())
        .collect();
    assert!(
        labels.contains(&"👉 пт, 27.11.2026 в 07:00".to_owned()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"👉 пт, 27.11.2026 в 19:00".to_owned()),
        "{labels:?}"
    );
    h.press(MANAGER, "в 19:00")
        .await
        .expect("Напомню пт, 27.11.2026 в 19:00");
    // today's weekday: today or next week
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "созвон").await;
    h.text(MANAGER, "в четверг в 16:00")
        .await
        .expect("Сегодня или через неделю?");
    h.press(MANAGER, "чт, 03.12.2026 в 16:00")
        .await
        .expect("Напомню чт, 03.12.2026 в 16:00");
    // a day without a time: the time is asked, with a few to tap
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "письмо").await;
    h.text(MANAGER, "послезавтра")
        .await
        .expect("Укажите и время");
    h.press(MANAGER, "сб, 28.11.2026 в 15:00")
        .await
        .expect("Напомню сб, 28.11.2026 в 15:00");
    // a forged reading in the past is refused
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "ещё").await;
    let r = h.text(MANAGER, "завтра в 7").await;
    let (form, seq) = {
        let data = &r.last_sent().unwrap().buttons[0][0].1;
        let p: Vec<&str> = data.split(':').collect();
        (p[1].to_owned(), p[2].to_owned())
    };
    let r = h.forge(MANAGER, &format!("f:{form}:{seq}:t100")).await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Это время уже прошло — укажите будущее.")
    );
}

#[tokio::test]
async fn the_team_sets_what_morning_lunch_and_evening_mean() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(HEAD, "/limits")
        .await
        .expect("«утром» — 10:00, «в обед», «после обеда», «днём» — 14:00, «вечером» — 18:00");
    h.press(HEAD, "Утро, обед, вечер")
        .await
        .expect("Во сколько «утром»?");
    h.text(HEAD, "9:00").await.expect("после обеда");
    h.text(HEAD, "8:30")
        .await
        .expect("Обед должен быть позже утра");
    h.text(HEAD, "13:00").await.expect("Во сколько «вечером»?");
    h.text(HEAD, "19:00")
        .await
        .expect("«утром» — 09:00, «в обед», «после обеда», «днём» — 13:00, «вечером» — 19:00");
    // a manager's words now mean the team's times
    let deal = first_contact(&mut h, MANAGER, "Ромашка", "директор").await;
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "перезвонить").await;
    h.text(MANAGER, "завтра утром")
        .await
        .expect("Напомню пт, 27.11.2026 в 09:00");
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "письмо").await;
    h.text(MANAGER, "завтра после обеда")
        .await
        .expect("Напомню пт, 27.11.2026 в 13:00");
    // only a head sets them
    let r = h.forge(MANAGER, "dpt").await;
    assert!(r.toast().is_some_and(|t| t.contains("руковод")), "{r:?}");
}
