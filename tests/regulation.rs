//! The regulation as one table, through the real dispatcher: what each step closes and sets, the
//! close path of won and lost deals, buttons that name their form and step, the meeting's time,
//! answers that read back, terms fixed after the lawyer's return, documents kept on the timeline,
//! timeline entries in the reader's language, and buttons authorised before anything changes.

mod support;

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Europe::Moscow;
use sales_bot::documents::docx;
use sales_bot::reminders::plan_due;
use sqlx::AnyPool;
use support::{invite, next_step_data, sender, Harness, HEAD};

const MANAGER: i64 = 2002;
const DIRECTOR: i64 = 3003;
const LAWYER: i64 = 4004;

async fn count(db: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

async fn team(h: &mut Harness) {
    support::team_in_sites(
        h,
        &[
            (MANAGER, "Менеджер"),
            (DIRECTOR, "Руководитель направления"),
            (LAWYER, "Юрист"),
        ],
    )
    .await;
}

fn template() -> Vec<u8> {
    docx::build_docx(
        &[
            &["ДОГОВОР № {{deal.number}}"],
            &["Заказчик: {{client.name}}, ИНН {{client.inn}}"],
        ],
        &[],
    )
}

async fn upload_template(h: &mut Harness) {
    h.text(LAWYER, "/templates").await;
    h.press(LAWYER, "Загрузить шаблон").await;
    h.press(LAWYER, "Договор").await;
    h.press(LAWYER, "Сайты").await;
    h.document(LAWYER, "Договор.docx", template())
        .await
        .expect("Шаблон сохранён");
}

/// A new deal through steps 0-3 with a call-back at step 1 and a meeting tomorrow at 15:00.
async fn to_application(h: &mut Harness, company: &str) -> i64 {
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, company).await;
    h.text(MANAGER, "Анна Иванова").await;
    h.text(MANAGER, "директор").await;
    h.press(MANAGER, "Пропустить").await;
    h.press(MANAGER, "Звонок").await;
    let r = h.press(MANAGER, "Сайты").await;
    let text = r.texts().join("\n");
    let deal: i64 = text
        .split("Сделка №")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    h.press(MANAGER, "Шаг 1").await;
    h.text(MANAGER, "Сеть кофеен").await;
    for _ in 0..4 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.press(MANAGER, "Через 3 дня").await.expect("Перезвонить");
    h.press(MANAGER, "Шаг 2").await;
    h.text(MANAGER, "Сайт с онлайн-заказом").await;
    h.press(MANAGER, "Нет").await;
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 3").await;
    h.press(MANAGER, "Анкета отправлена").await;
    h.text(MANAGER, "завтра в 15:00").await;
    h.text(MANAGER, "Офис клиента")
        .await
        .expect("записан шаг «3. Анкета и встреча»");
    deal
}

/// The meeting held once it has begun, then the proposal approved by the head of the direction.
async fn to_proposal_sent(h: &mut Harness, deal: i64) {
    h.clock.set(
        Moscow
            .with_ymd_and_hms(2026, 11, 27, 15, 5, 0)
            .unwrap()
            .with_timezone(&Utc),
    );
    h.forge(MANAGER, &next_step_data(h, deal).await).await;
    h.press(MANAGER, "Состоялась").await;
    h.text(MANAGER, "Ждут КП")
        .await
        .expect("записан шаг «4. Встреча»");
    h.press(MANAGER, "Шаг 5").await;
    h.text(MANAGER, "Сайт под ключ").await;
    h.text(MANAGER, "1 500 000").await;
    h.press(MANAGER, "Марина").await;
    h.press(DIRECTOR, "Согласовать").await;
    h.press(MANAGER, "КП отправлено клиенту").await;
    h.press(MANAGER, "Без файла").await;
    h.press(MANAGER, "Завтра 10:00")
        .await
        .expect("записан шаг «5. Коммерческое предложение»");
}

/// Step 7 accepted and step 8 filled with valid requisites (БИК 044525225).
async fn to_terms(h: &mut Harness, deal: i64) {
    h.press(MANAGER, "Шаг 7").await;
    h.press(MANAGER, "Принял полностью").await;
    h.forge(MANAGER, &next_step_data(h, deal).await).await;
    h.press(MANAGER, "Как в карточке").await;
    for answer in [
        "7707083893",
        "773601001",
        "1027700132195",
        "044525225",
        "40702810938000000001",
        "Москва, ул. Вавилова, 19",
        "1 500 000",
        "Разработка сайта",
        "60 дней",
    ] {
        h.text(MANAGER, answer).await;
    }
    h.press(MANAGER, "Пропустить").await;
    h.text(MANAGER, "Дизайн; разработка").await;
    h.text(MANAGER, "Москва").await.expect("Параметры сделки №");
}

/// Step 7 accepted, step 8 filled, step 9 confirmed.
async fn to_terms_confirmed(h: &mut Harness, deal: i64) {
    to_terms(h, deal).await;
    h.press(MANAGER, "Шаг 9").await;
    h.press(MANAGER, "Клиент подтвердил")
        .await
        .expect("записан шаг «9. Условия подтверждены»");
}

/// From confirmed terms to won, with every due date of the second half set along the way.
async fn to_won(h: &mut Harness, deal: i64) {
    h.press(MANAGER, "Шаг 10").await;
    h.press(LAWYER, "Одобрить").await;
    h.press(MANAGER, "Шаг 11").await;
    h.press(MANAGER, "Договор отправлен").await;
    h.press(MANAGER, "Через 2 часа").await;
    h.press(MANAGER, "Шаг 12").await;
    h.press(MANAGER, "Позвонил").await;
    h.text(MANAGER, "через 3 дня в 11:00")
        .await
        .expect("Обсуждение договора");
    // the discussion happens early; its reminder and the signing date stay behind on purpose
    h.press(MANAGER, "Шаг 13").await;
    h.text(MANAGER, "Согласны").await;
    h.text(MANAGER, "через 5 дней в 12:00")
        .await
        .expect("Подписание");
    h.press(MANAGER, "Шаг 14").await;
    h.press(MANAGER, "Сегодня")
        .await
        .expect("записан шаг «14. Подписание»");
    h.press(MANAGER, "Шаг 15").await;
    h.text(MANAGER, "15/26").await;
    h.press(MANAGER, "= сумме сделки").await;
    h.press(MANAGER, "Сегодня").await;
    h.press(MANAGER, "Через 3 дня")
        .await
        .expect("Проверить оплату");
    h.forge(MANAGER, &format!("rm:{deal}")).await;
    h.text(MANAGER, "поздравить с запуском").await;
    h.text(MANAGER, "через 7 дней в 10:00")
        .await
        .expect("Напомню");
    h.press(MANAGER, "Шаг 16").await;
    h.press(MANAGER, "Весь остаток").await;
    h.press(MANAGER, "Сегодня")
        .await
        .expect("Оплачено полностью");
    h.press(MANAGER, "Шаг 17").await;
    h.text(MANAGER, "Дизайн — 15.12\nЗапуск — 25.12.2026").await;
    h.press(DIRECTOR, "Согласовать").await;
    let status: String = sqlx::query_scalar("SELECT status FROM deals WHERE id = $1")
        .bind(deal)
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert_eq!(status, "won");
}

/// Everything the bot sent to anyone about `deal` after call number `since`.
fn mentions(h: &Harness, since: usize, deal: i64) -> Vec<String> {
    h.api.calls()[since..]
        .iter()
        .filter(|c| {
            c.text.contains(&format!("Сделка №{deal}")) || c.text.contains(&format!("№{deal} "))
        })
        .map(|c| c.text.clone())
        .collect()
}

#[tokio::test]
async fn won_and_lost_deals_keep_nothing_open_and_a_week_later_nothing_is_sent_about_them() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    upload_template(&mut h).await;
    let won = to_application(&mut h, "Ромашка").await;
    to_proposal_sent(&mut h, won).await;
    to_terms_confirmed(&mut h, won).await;
    to_won(&mut h, won).await;

    // a second deal refused with a meeting, a call-back and a reminder of its own still ahead
    let lost = to_application(&mut h, "Лютик").await;
    h.forge(MANAGER, &format!("rm:{lost}")).await;
    h.text(MANAGER, "отправить кейсы").await;
    h.text(MANAGER, "через 4 дня в 10:00")
        .await
        .expect("Напомню");
    h.forge(MANAGER, &format!("rf:{lost}")).await;
    h.press(MANAGER, "Сегодня").await;
    h.press(MANAGER, "Дорого").await;
    h.press(MANAGER, "Анна Иванова")
        .await
        .expect("закрыта отказом");

    let db = h.pool();
    for deal in [won, lost] {
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reminders WHERE deal_id = $1 AND state IN ('pending', 'sent')",
        )
        .bind(deal)
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(open, 0, "deal {deal} keeps no open due item");
        let queued: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE deal_id = $1 AND state = 'pending'",
        )
        .bind(deal)
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(queued, 0, "deal {deal} has no notice queued");
    }
    // every closing time is a real time, never a sentinel
    let latest = count(&db, "SELECT MAX(done_at) FROM reminders").await;
    assert!(latest <= h.clock.now().timestamp(), "{latest}");
    // the won deal's card no longer shows anything due
    h.forge(MANAGER, &format!("d:{won}"))
        .await
        .expect("⏰ ничего не назначено")
        .expect_not("Обсуждение договора:");

    // a week passes: the sender and the planner run every 10 minutes
    let since = h.api.calls_len();
    let mut s = sender(&h);
    let start = h.clock.now();
    let mut t = start;
    while t < start + Duration::days(7) {
        plan_due(&db, t, Moscow).await.unwrap();
        s.try_send_due(t).await.unwrap();
        t += Duration::minutes(10);
    }
    for deal in [won, lost] {
        let said = mentions(&h, since, deal);
        assert!(said.is_empty(), "nothing about deal {deal}: {said:#?}");
    }
}

#[tokio::test]
async fn every_step_closes_its_due_items_whatever_their_time_and_sets_its_own() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    let db = h.pool();
    let state = |kind: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT state FROM reminders WHERE deal_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
            )
            .bind(deal)
            .bind(kind)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    // the step-1 call-back three days ahead was closed by step 2: the client was talked to
    assert_eq!(state("callback").await, "done");
    assert_eq!(state("meeting").await, "pending");
    to_proposal_sent(&mut h, deal).await;
    // the meeting closed by step 4; step 5 set a new call-back
    assert_eq!(state("meeting").await, "done");
    assert_eq!(state("callback").await, "pending");
    h.press(MANAGER, "Шаг 7").await;
    h.press(MANAGER, "Принял полностью")
        .await
        .expect("записан шаг «7. Ответ клиента»");
    assert_eq!(state("callback").await, "done");
    // the step table is the single source: every row's due field and closed kinds hold
    for s in sales_bot::pipeline::STAGES {
        if let Some(due) = s.due {
            let form = sales_bot::dialogue::FormKind::recording(s.stage(), 1)
                .expect("a step that sets a due date has a form");
            assert!(
                form.fields().iter().any(|f| f.key == due.field),
                "{}: its form asks {}",
                s.code,
                due.field
            );
        }
    }
}

#[tokio::test]
async fn a_button_of_another_form_or_an_old_step_button_is_refused() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    h.clock.set(
        Moscow
            .with_ymd_and_hms(2026, 11, 27, 15, 5, 0)
            .unwrap()
            .with_timezone(&Utc),
    );
    // «Записать действие» opened and left
    h.forge(MANAGER, &format!("lg:{deal}"))
        .await
        .expect("Что записать?");
    let (log_mid, call) = h.find_button(MANAGER, "Звонок");
    // step 4 opened
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Как прошла?");
    // the old «📞 Звонок» must not answer «Как прошла?»
    let r = h.press_data(MANAGER, log_mid, &call).await;
    assert!(r.toast().unwrap().contains("устарела"), "{:?}", r.toast());
    let db = h.pool();
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM deal_steps WHERE stage = 'meeting'"
        )
        .await,
        0
    );
    // an old «▶️ Шаг 3» after step 3 was recorded does not open step 4
    let old = format!("st:{deal}:application");
    let r = h.forge(MANAGER, &old).await;
    assert!(r
        .toast()
        .unwrap()
        .contains("уже на шаге «3. Анкета и встреча»"));
    assert!(!r.has("Как прошла?"));
    // the current question still works
    h.press(MANAGER, "Состоялась").await.expect("Итог встречи");
}

#[tokio::test]
async fn an_old_step_button_on_a_card_that_already_shows_the_deal_does_not_edit_it_again() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    h.forge(MANAGER, &format!("d:{deal}"))
        .await
        .expect("Анкета и встреча");
    let card = h.chat_calls(MANAGER).last().unwrap().message_id.unwrap();
    let refused = h.api.not_modified();
    // a double tap, or a step button of a card refreshed meanwhile: the card is current already
    let r = h
        .press_data(MANAGER, card, &format!("st:{deal}:application"))
        .await;
    assert!(r.toast().unwrap().contains("устарела"), "{:?}", r.toast());
    assert_eq!(
        h.api.not_modified(),
        refused,
        "the card is not edited onto itself"
    );
}

#[tokio::test]
async fn the_meeting_is_held_only_once_it_has_begun_and_step_4_shows_it_as_moved() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    // today 12:00, the meeting is tomorrow 15:00
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Встреча пт, 27.11.2026 в 15:00, Офис клиента");
    h.press(MANAGER, "Состоялась")
        .await
        .expect("Встреча назначена на пт, 27.11.2026 в 15:00 — отметить её состоявшейся можно, когда она начнётся");
    let db = h.pool();
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM deal_steps WHERE stage = 'meeting'"
        )
        .await,
        0
    );
    h.text(MANAGER, "/cancel").await;
    // moved from its reminder: step 4 then asks about the new time
    let reminder = count(&db, "SELECT id FROM reminders WHERE kind = 'meeting'").await;
    h.forge(MANAGER, &format!("rr:{reminder}")).await;
    h.text(MANAGER, "08.12 15:00").await;
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Встреча вт, 08.12.2026 в 15:00, Офис клиента")
        .expect_not("пт, 27.11.2026 в 15:00");
    h.clock.set(
        Moscow
            .with_ymd_and_hms(2026, 12, 8, 15, 1, 0)
            .unwrap()
            .with_timezone(&Utc),
    );
    h.forge(MANAGER, &next_step_data(&h, deal).await).await;
    h.press(MANAGER, "Состоялась").await.expect("Итог встречи");
}

#[tokio::test]
async fn the_heads_card_shows_the_offer_when_the_client_demanded_a_price() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    h.text(HEAD, "/pricelist").await;
    h.press(HEAD, "Загрузить прайс").await;
    h.document(
        HEAD,
        "prices.csv",
        "направление;позиция;от;до\nСайты;Лендинг;50000;150000\n"
            .as_bytes()
            .to_vec(),
    )
    .await
    .expect("Прайс-лист сохранён");
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "Ромашка").await;
    h.text(MANAGER, "Анна Иванова").await;
    h.text(MANAGER, "директор").await;
    h.press(MANAGER, "Пропустить").await;
    h.press(MANAGER, "Звонок").await;
    h.press(MANAGER, "Сайты").await;
    h.press(MANAGER, "Шаг 1").await;
    h.text(MANAGER, "Сеть кофеен").await;
    for _ in 0..4 {
        h.press(MANAGER, "Пропустить").await;
    }
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 2").await;
    h.text(MANAGER, "Лендинг с каталогом").await;
    h.press(MANAGER, "Да").await;
    h.press(MANAGER, "Назвал").await;
    h.press(MANAGER, "Не назначать")
        .await
        .expect("50\u{a0}000\u{a0}₽");
    h.press(MANAGER, "Шаг 3").await;
    h.press(MANAGER, "Анкета отправлена").await;
    h.text(MANAGER, "сегодня в 12:30").await;
    h.text(MANAGER, "Офис").await;
    h.clock.set(h.clock.now() + Duration::hours(1));
    h.press(MANAGER, "Шаг 4").await;
    h.press(MANAGER, "Состоялась").await;
    h.text(MANAGER, "Ждут КП").await;
    h.press(MANAGER, "Шаг 5").await;
    h.text(MANAGER, "Лендинг за 2 недели").await;
    h.press(MANAGER, "Без суммы").await;
    h.press(MANAGER, "Марина").await;
    let card = h
        .chat_calls(DIRECTOR)
        .into_iter()
        .rev()
        .find(|c| c.text.contains("Согласование КП"))
        .expect("the head's card");
    assert!(
        card.text.contains("Предложение: Лендинг с каталогом"),
        "{}",
        card.text
    );
    let price: i64 = count(
        &h.pool(),
        &format!(
            "SELECT {} FROM deal_steps WHERE stage = 'offer'",
            support::jint("price_named_kopecks.money")
        ),
    )
    .await;
    assert_eq!(price, 5_000_000);
}

#[tokio::test]
async fn requisites_are_fixed_one_by_one_and_a_new_bik_asks_for_the_account_again() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    to_proposal_sent(&mut h, deal).await;
    to_terms(&mut h, deal).await;
    // a valid account for the stored БИК is taken on its own
    h.press(MANAGER, "Р/с").await.expect("Расчётный счёт");
    h.text(MANAGER, "40702810538000000003")
        .await
        .expect("Исправлено")
        .expect("Р/с: 40702810538000000003");
    // another bank: the account no longer fits and is asked again at once
    h.press(MANAGER, "БИК").await;
    h.text(MANAGER, "044525974")
        .await
        .expect("Расчётный счёт не сходится с новым БИК")
        .expect("Расчётный счёт (20 цифр)");
    // until it is there, step 9 is refused
    let r = h.forge(MANAGER, &next_step_data(&h, deal).await).await;
    r.expect("Не хватает поля «Р/с»");
    assert_eq!(
        count(
            &h.pool(),
            "SELECT COUNT(*) FROM deal_steps WHERE stage = 'terms_confirmed'"
        )
        .await,
        0
    );
    h.press(MANAGER, "Р/с").await;
    h.text(MANAGER, "40702810900000000009")
        .await
        .expect("Исправлено");
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Прочитайте условия ещё раз");
}

#[tokio::test]
async fn a_contract_the_lawyer_returns_is_fixed_and_the_lawyer_sees_what_changed() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    upload_template(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    to_proposal_sent(&mut h, deal).await;
    to_terms_confirmed(&mut h, deal).await;
    h.press(MANAGER, "Шаг 10").await;
    h.press(LAWYER, "Вернуть с комментарием").await;
    // the card lost its approve button while being returned
    assert!(!h.chat_calls(LAWYER).iter().rev().take(3).any(|c| c
        .text
        .contains("Проверка договора")
        && h.api
            .message(LAWYER, c.message_id.unwrap_or(0))
            .is_some_and(|m| m["reply_markup"].is_object())));
    h.text(LAWYER, "Укажите полное наименование").await;
    h.press(MANAGER, "Исправить параметры")
        .await
        .expect("Параметры сделки");
    h.press(MANAGER, "Полное наименование").await;
    h.text(
        MANAGER,
        "Общество с ограниченной ответственностью «Ромашка»",
    )
    .await
    .expect("Исправлено")
    .expect("Полное наименование: Общество с ограниченной ответственностью «Ромашка»");
    let before = h.api.calls_len();
    h.press(MANAGER, "Шаг 10").await;
    let card = h.api.calls()[before..]
        .iter()
        .find(|c| c.chat_id == Some(LAWYER) && c.text.contains("Проверка договора"))
        .cloned()
        .expect("the lawyer's new card");
    assert!(
        card.text
            .contains("после возврата юристом: «Укажите полное наименование»"),
        "{}",
        card.text
    );
    assert!(
        card.text.contains("Исправлено: Полное наименование."),
        "{}",
        card.text
    );
    // the new contract carries the fix
    let upload = h.api.calls()[before..]
        .iter()
        .find(|c| c.chat_id == Some(MANAGER) && c.method == "sendDocument")
        .cloned()
        .expect("the contract");
    let text = docx::text_of(&h.api.file(upload.file_id.as_deref().unwrap()).unwrap()).unwrap();
    assert!(
        text.contains("Заказчик: Общество с ограниченной ответственностью «Ромашка»"),
        "{text}"
    );
}

#[tokio::test]
async fn every_generated_document_is_kept_and_given_back_from_the_history() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    upload_template(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    to_proposal_sent(&mut h, deal).await;
    to_terms_confirmed(&mut h, deal).await;
    h.press(MANAGER, "Шаг 10").await;
    let db = h.pool();
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM documents WHERE kind = 'contract' AND deal_id = 1 AND length(content) > 0").await,
        1
    );
    // the head of sales opens the deal's history and gets the contract back
    h.forge(HEAD, &format!("tl:{deal}"))
        .await
        .expect("Договор составлен по шаблону");
    let before = h.api.calls_len();
    let (mid, data) = h.find_button(HEAD, "▶️");
    let mut buttons = vec![(mid, data)];
    // the timeline may hold more than one file: find the contract's
    for c in h.chat_calls(HEAD).iter().rev().take(1) {
        buttons = c
            .buttons
            .iter()
            .flatten()
            .filter(|(l, _)| l.starts_with("▶️ ") && l.len() < 12)
            .map(|(_, d)| (c.message_id.unwrap(), d.clone()))
            .collect();
    }
    for (mid, data) in buttons {
        h.press_data(HEAD, mid, &data).await;
    }
    let sent: Vec<_> = h.api.calls()[before..]
        .iter()
        .filter(|c| c.chat_id == Some(HEAD) && c.method == "sendDocument")
        .cloned()
        .collect();
    let contract = sent
        .iter()
        .find_map(|c| c.file_id.as_deref().and_then(|f| h.api.file(f)))
        .expect("the kept contract comes back");
    assert!(docx::text_of(&contract).unwrap().contains("ДОГОВОР № 1"));
    // the proposal draft's file is on its own timeline entry
    let draft_file: Option<String> = sqlx::query_scalar(
        "SELECT file_id FROM activities WHERE kind = 'document' AND body LIKE '%tl-proposal-requested%'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(draft_file, None, "a text draft has no file");
}

#[tokio::test]
async fn the_timeline_is_written_neutral_and_read_in_each_readers_language() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    // the manager works in English
    h.text(MANAGER, "/settings").await;
    h.press(MANAGER, "English").await;
    let deal = {
        h.text(MANAGER, "/new").await;
        h.text(MANAGER, "Ромашка").await;
        h.text(MANAGER, "Анна Иванова").await;
        h.text(MANAGER, "директор").await;
        h.press(MANAGER, "Skip").await;
        h.press(MANAGER, "Call").await;
        h.press(MANAGER, "Сайты").await;
        1
    };
    h.forge(MANAGER, &format!("st:{deal}:needs")).await;
    h.text(MANAGER, "Сеть кофеен").await;
    for _ in 0..4 {
        h.press(MANAGER, "Skip").await;
    }
    h.press(MANAGER, "No call-back").await;
    // the Russian head reads Russian labels; the English manager reads English ones
    h.forge(HEAD, &format!("tl:{deal}"))
        .await
        .expect("Специфика: Сеть кофеен")
        .expect_not("Specifics");
    h.forge(MANAGER, &format!("tl:{deal}"))
        .await
        .expect("Specifics: Сеть кофеен");
}

#[tokio::test]
async fn done_on_a_payment_check_opens_step_16() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    upload_template(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    to_proposal_sent(&mut h, deal).await;
    to_terms_confirmed(&mut h, deal).await;
    h.press(MANAGER, "Шаг 10").await;
    h.press(LAWYER, "Одобрить").await;
    for step in ["Шаг 11", "Шаг 12", "Шаг 13", "Шаг 14"] {
        h.press(MANAGER, step).await;
        match step {
            "Шаг 11" => {
                h.press(MANAGER, "Договор отправлен").await;
                h.press(MANAGER, "Не назначать").await;
            }
            "Шаг 12" => {
                h.press(MANAGER, "Позвонил").await;
                h.text(MANAGER, "завтра 11:00").await;
            }
            "Шаг 13" => {
                h.text(MANAGER, "Согласны").await;
                h.press(MANAGER, "Не назначать").await;
            }
            _ => {
                h.press(MANAGER, "Сегодня").await;
            }
        }
    }
    h.press(MANAGER, "Шаг 15").await;
    h.text(MANAGER, "15/26").await;
    h.press(MANAGER, "= сумме сделки").await;
    h.press(MANAGER, "Сегодня").await;
    h.press(MANAGER, "Через 3 дня").await;
    let reminder = count(
        &h.pool(),
        "SELECT id FROM reminders WHERE kind = 'payment_check'",
    )
    .await;
    h.forge(MANAGER, &format!("rd:{reminder}"))
        .await
        .expect("Шаг 16")
        .expect_not("Что записать?");
}

#[tokio::test]
async fn a_view_command_in_the_middle_of_a_form_asks_the_question_again() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "Ромашка")
        .await
        .expect("Как зовут собеседника?");
    h.text(MANAGER, "/deals")
        .await
        .expect("Продолжаем: Новый контакт")
        .expect("Как зовут собеседника?");
}

#[tokio::test]
async fn names_made_of_signs_are_refused_and_progress_counts_only_questions_asked() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    h.text(MANAGER, "/new").await.expect("1/7");
    // no similar client exists: that question is passed over and leaves the count
    h.text(MANAGER, "Ромашка").await.expect("2/6");
    h.text(MANAGER, "-")
        .await
        .expect("напишите имя или должность буквами");
    h.text(MANAGER, "\u{200b}")
        .await
        .expect("Как зовут собеседника?");
    h.text(MANAGER, "Анна").await.expect("3/6");
    h.text(MANAGER, "—").await.expect("буквами");
}

#[tokio::test]
async fn a_template_with_single_braces_is_refused() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    h.text(LAWYER, "/templates").await;
    h.press(LAWYER, "Загрузить шаблон").await;
    h.press(LAWYER, "Договор").await;
    h.press(LAWYER, "Сайты").await;
    let single = docx::build_docx(&[&["КПП {client.kpp}, ИНН {{client.inn}}"]], &[]);
    h.document(LAWYER, "single.docx", single)
        .await
        .expect("одинарных фигурных скобках: client.kpp");
}

#[tokio::test]
async fn nobody_approves_their_own_proposal() {
    let mut h = Harness::start_with_heads(&[HEAD]).await;
    h.text(HEAD, "/directions").await;
    h.press(HEAD, "Добавить направление").await;
    h.text(HEAD, "Сайты").await;
    // the head of sales walks a deal alone: there is nobody else to prepare the proposal with
    h.text(HEAD, "/new").await;
    h.text(HEAD, "Ромашка").await;
    h.text(HEAD, "Анна Иванова").await;
    h.text(HEAD, "директор").await;
    h.press(HEAD, "Пропустить").await;
    h.press(HEAD, "Звонок").await;
    h.press(HEAD, "Сайты").await;
    let db = h.pool();
    sqlx::query("UPDATE deals SET stage = 'meeting' WHERE id = 1")
        .execute(&db)
        .await
        .unwrap();
    h.forge(HEAD, "st:1:proposal").await;
    h.text(HEAD, "КП").await;
    h.press(HEAD, "Без суммы")
        .await
        .expect("Согласовать может только другой человек");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM approvals").await, 0);
    // and a forged decision on one's own request is refused too
    sqlx::query(
        "INSERT INTO approvals (kind, deal_id, requested_by, decider, requested_at) VALUES ('proposal', 1, 1, 'head', 0)",
    )
    .execute(&db)
    .await
    .unwrap();
    let r = h.forge(HEAD, "ap:1").await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Свой запрос согласовать нельзя: решает другой руководитель.")
    );
}

#[tokio::test]
async fn a_forged_report_button_is_refused_before_anything_changes() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    invite(&mut h, 5005, "Менеджер").await;
    let r = h.forge(MANAGER, "px:m:5:0").await;
    assert!(r.toast().is_some(), "refused at once");
    assert!(!r.has("Свой период"), "{}", r.all_text());
    let state: String = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1")
        .bind(MANAGER)
        .fetch_one(&h.pool())
        .await
        .unwrap();
    assert!(state.contains("idle"), "{state}");
}

#[tokio::test]
async fn a_stored_code_that_does_not_parse_is_an_apology_not_a_first_contact() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_application(&mut h, "Ромашка").await;
    sqlx::query("UPDATE deals SET stage = 'bogus' WHERE id = $1")
        .bind(deal)
        .execute(&h.pool())
        .await
        .unwrap();
    h.forge(MANAGER, &format!("d:{deal}"))
        .await
        .expect("Что-то пошло не так")
        .expect_not("0. Первый контакт");
}

/// The answer the walk types or presses for a question, read from the field's kind alone, and
/// the answer the form keeps (for the fields asked only after another answer).
async fn answer_field(
    h: &mut Harness,
    code: &str,
    f: &sales_bot::dialogue::Field,
    planned: &mut sales_bot::dialogue::Answers,
) {
    use sales_bot::dialogue::forms::Requisite;
    use sales_bot::dialogue::{Answer, FieldKind, OptionSource};
    use sales_bot::i18n::{has_key, tr, Lang};
    let label = |key: &str| tr(Lang::Ru, key);
    let (reply, kept) = match f.kind {
        FieldKind::Text { .. } | FieldKind::Name | FieldKind::Attachment { .. } => {
            let words = format!("Ответ на «{}»", f.key);
            (h.text(MANAGER, &words).await, Answer::Text(words))
        }
        FieldKind::Phone => (
            h.text(MANAGER, "+7 900 123-45-67").await,
            Answer::Phone("+79001234567".into()),
        ),
        FieldKind::Requisite(r) => {
            let value = match r {
                Requisite::Inn => "7707083893",
                Requisite::Kpp => "773601001",
                Requisite::Ogrn => "1027700132195",
                Requisite::Bik => "044525225",
                Requisite::Account => "40702810938000000001",
            };
            (h.text(MANAGER, value).await, Answer::Text(value.into()))
        }
        FieldKind::Money => (
            h.text(MANAGER, "1 500 000").await,
            Answer::Money(150_000_000),
        ),
        FieldKind::Choice(codes) => {
            let text = label(&format!("opt-{}-{}", f.key, codes[0]));
            (
                h.press(MANAGER, &text).await,
                Answer::Choice(codes[0].into()),
            )
        }
        FieldKind::YesNo => (h.press(MANAGER, &label("btn-no")).await, Answer::No),
        FieldKind::Confirm => {
            let own = format!("btn-{code}-{}", f.key);
            let key = if has_key(Lang::Ru, &own) {
                own
            } else {
                "btn-done".into()
            };
            (h.press(MANAGER, &label(&key)).await, Answer::Yes)
        }
        FieldKind::When { .. } => (h.text(MANAGER, "через 3 дня в 11:00").await, Answer::At(0)),
        FieldKind::Day => (h.text(MANAGER, "через 2 недели").await, Answer::At(0)),
        FieldKind::PastDay => (h.text(MANAGER, "сегодня").await, Answer::At(0)),
        FieldKind::StageLines => (
            h.text(MANAGER, "Дизайн — 15.12.2026\nЗапуск — 25.12.2026")
                .await,
            Answer::Stages(vec![]),
        ),
        FieldKind::Options(OptionSource::Deciders) => {
            (h.press(MANAGER, "Марина").await, Answer::Id(0))
        }
        other => panic!("{code}: the walk has no answer for a {other:?} question"),
    };
    // a question answered is followed by the next one or the step's confirmation, never refused
    reply.expect_not("Не понял");
    planned.insert(f.key.into(), kept);
}

/// Answers every question of a step's row that applies, in order, from `from` on.
async fn answer_row(
    h: &mut Harness,
    stage: sales_bot::pipeline::Stage,
    from: usize,
    planned: &mut sales_bot::dialogue::Answers,
) {
    for f in &stage.spec().fields[from..] {
        if f.applies(planned) {
            answer_field(h, stage.code(), f, planned).await;
        }
    }
}

async fn deal_stage(db: &AnyPool, deal: i64) -> (String, String) {
    sqlx::query_as("SELECT stage, status FROM deals WHERE id = $1")
        .bind(deal)
        .fetch_one(db)
        .await
        .unwrap()
}

/// The walk: every row of the step table, recorded in chat with an answer for every question
/// its fields ask, each checked against what its columns say — the gate from `requires`, every
/// answer in `deal_steps`, the timeline entry, the due items closed and set, the document it
/// produces, and the stage. Nothing here names a step: a new row is walked as it is
/// (`cargo test --features test-step --test regulation every_row` adds one).
#[tokio::test]
async fn every_row_of_the_step_table_is_recorded_as_its_columns_say() {
    use sales_bot::pipeline::{Produces, ReminderKind, Requires, Stage, StepForm};
    let mut h = Harness::start().await;
    team(&mut h).await;
    upload_template(&mut h).await;
    h.text(LAWYER, "/templates").await;
    h.press(LAWYER, "Загрузить шаблон").await;
    h.press(LAWYER, "Счёт").await;
    h.press(LAWYER, "Сайты").await;
    h.document(LAWYER, "Счёт.docx", template())
        .await
        .expect("Шаблон сохранён");
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "Ромашка").await;
    h.text(MANAGER, "Анна Иванова").await;
    h.text(MANAGER, "директор").await;
    h.press(MANAGER, "Пропустить").await;
    h.press(MANAGER, "Звонок").await;
    h.press(MANAGER, "Сайты").await.expect("Сделка №1");
    let deal = 1;
    let db = h.pool();
    let manager: i64 = sqlx::query_scalar("SELECT id FROM users WHERE tg_id = $1")
        .bind(MANAGER)
        .fetch_one(&db)
        .await
        .unwrap();
    for stage in Stage::all().skip(1) {
        let spec = stage.spec();
        let code = spec.code;
        h.clock.set(h.clock.now() + Duration::hours(1));
        let now = h.clock.now().timestamp();
        // due items of every kind, far ahead; the meeting an hour ahead (not begun yet)
        let mut planted = Vec::new();
        for kind in ReminderKind::ALL {
            let due = if kind == ReminderKind::Meeting {
                now + 3600
            } else {
                now + 30 * 86_400
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO reminders (deal_id, user_id, kind, due_at, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(deal)
            .bind(manager)
            .bind(kind.code())
            .bind(due)
            .bind(now)
            .fetch_one(&db)
            .await
            .unwrap();
            planted.push((kind, id));
        }
        // the regulation's order: the step after this one is refused while this one is not done
        if let Some(after) = stage.next() {
            h.forge(MANAGER, &format!("st:{deal}:{}", after.code()))
                .await
                .expect("Эта кнопка устарела");
        }
        let mut planned = sales_bot::dialogue::Answers::new();
        let mut from = 0;
        // how the step is reached: its form, and what its requirement waits for
        match spec.form {
            StepForm::Contact => unreachable!("the first contact creates the deal"),
            StepForm::Fields | StepForm::ClientAnswer | StepForm::Terms | StepForm::Payment => {
                h.forge(MANAGER, &next_step_data(&h, deal).await).await;
            }
            StepForm::Meeting => {
                h.forge(MANAGER, &next_step_data(&h, deal).await).await;
            }
            StepForm::Proposal => {
                h.forge(MANAGER, &next_step_data(&h, deal).await).await;
                let draft = sales_bot::dialogue::FormKind::ProposalDraft { deal_id: deal };
                for f in draft.fields() {
                    answer_field(&mut h, "proposal_draft", f, &mut Default::default()).await;
                }
                // the requirement: the head's approval; until then the step is not asked
                h.forge(MANAGER, &next_step_data(&h, deal).await)
                    .await
                    .expect("на согласовании");
                h.press(DIRECTOR, "Согласовать").await;
                h.forge(MANAGER, &next_step_data(&h, deal).await).await;
            }
            StepForm::ContractDraft => {
                h.forge(MANAGER, &next_step_data(&h, deal).await).await;
                assert_ne!(deal_stage(&db, deal).await.0, code, "waits for the lawyer");
                h.press(LAWYER, "Одобрить").await;
            }
            StepForm::WorkStages => {
                h.forge(MANAGER, &next_step_data(&h, deal).await).await;
                answer_row(&mut h, stage, 0, &mut planned).await;
                assert_ne!(deal_stage(&db, deal).await.0, code, "waits for the head");
                h.forge(MANAGER, &next_step_data(&h, deal).await)
                    .await
                    .expect("на согласовании");
                h.press(DIRECTOR, "Согласовать").await;
                from = spec.fields.len();
            }
        }
        match spec.requires {
            // a meeting is held once it has begun: refused before, taken after
            Requires::MeetingTime => {
                let Some(held) = spec.fields.iter().find_map(|f| match f.kind {
                    sales_bot::dialogue::FieldKind::Choice(codes) => {
                        Some(format!("opt-{}-{}", f.key, codes[0]))
                    }
                    _ => None,
                }) else {
                    panic!("{code}: a meeting's first question is held or moved");
                };
                h.press(
                    MANAGER,
                    &sales_bot::i18n::tr(sales_bot::i18n::Lang::Ru, &held),
                )
                .await
                .expect("когда она начнётся");
                sqlx::query(
                    "UPDATE reminders SET due_at = $1 WHERE deal_id = $2 AND kind = 'meeting'",
                )
                .bind(now - 60)
                .bind(deal)
                .execute(&db)
                .await
                .unwrap();
            }
            Requires::Previous | Requires::Approval(_) | Requires::TermsComplete => {}
        }
        answer_row(&mut h, stage, from, &mut planned).await;

        let (at, status) = deal_stage(&db, deal).await;
        assert_eq!(at, code, "the deal moved to {code}");
        let data: String =
            sqlx::query_scalar("SELECT data FROM deal_steps WHERE deal_id = $1 AND stage = $2")
                .bind(deal)
                .bind(code)
                .fetch_one(&db)
                .await
                .unwrap();
        let data: serde_json::Value = serde_json::from_str(&data).unwrap();
        for key in planned.keys() {
            assert!(data.get(key).is_some(), "{code}: «{key}» is kept: {data}");
        }
        for (kind, id) in planted {
            let state: String = sqlx::query_scalar("SELECT state FROM reminders WHERE id = $1")
                .bind(id)
                .fetch_one(&db)
                .await
                .unwrap();
            let closed = state == "done" || state == "cancelled";
            let should = spec.closes.contains(&kind) || status == "won";
            assert_eq!(
                closed,
                should,
                "{code}: a planted {} is {state}",
                kind.code()
            );
        }
        if let Some(due) = spec.due.filter(|d| planned.contains_key(d.field)) {
            let set: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM reminders WHERE deal_id = $1 AND kind = $2 AND state = 'pending' AND created_by IS NOT NULL",
            )
            .bind(deal)
            .bind(due.kind.code())
            .fetch_one(&db)
            .await
            .unwrap();
            assert_eq!(
                set,
                1,
                "{code} set its {} from «{}»",
                due.kind.code(),
                due.field
            );
        }
        let entries: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM activities WHERE deal_id = $1 AND kind = 'stage' AND stage = $2",
        )
        .bind(deal)
        .bind(code)
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(entries, 1, "{code} is on the timeline once");
        let kept = |kind: &'static str| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM documents WHERE deal_id = $1 AND kind = $2 AND content IS NOT NULL",
                )
                .bind(deal)
                .bind(kind)
                .fetch_one(&db)
                .await
                .unwrap()
            }
        };
        match spec.produces {
            Produces::Contract => {
                assert_eq!(kept("contract").await, 1, "{code} keeps the contract")
            }
            Produces::Invoice => assert_eq!(kept("invoice").await, 1, "{code} fills the invoice"),
            Produces::Nothing => {}
        }
        assert_eq!(
            status == "won",
            stage.wins(),
            "{code}: won only by the last row"
        );
    }
    // an answer its row marks personal is exported and erased with the contact, whatever it
    // says: no code in the privacy module names it
    use sales_bot::storage::privacy;
    let personal: Vec<(&str, &str)> = Stage::all()
        .flat_map(|s| {
            s.spec()
                .fields
                .iter()
                .filter(|f| f.personal)
                .map(move |f| (s.code(), f.key))
        })
        .collect();
    let contact_id: i64 = sqlx::query_scalar("SELECT contact_id FROM deals WHERE id = $1")
        .bind(deal)
        .fetch_one(&db)
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let person = privacy::contact(&mut conn, contact_id)
        .await
        .unwrap()
        .unwrap();
    let exported = privacy::steps_about(&mut conn, &person).await.unwrap();
    for (stage, key) in &personal {
        assert!(
            exported
                .iter()
                .any(|(_, _, s, data)| s == stage && data.contains(key)),
            "{stage}: «{key}» is in the contact's export"
        );
    }
    let now = h.clock.now().timestamp();
    privacy::erase(&mut conn, &person, manager, now)
        .await
        .unwrap();
    for (stage, key) in &personal {
        let data: String =
            sqlx::query_scalar("SELECT data FROM deal_steps WHERE deal_id = $1 AND stage = $2")
                .bind(deal)
                .bind(stage)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        let v: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(
            v[key]["text"],
            privacy::ERASED,
            "{stage}: «{key}» is erased: {data}"
        );
    }
}
