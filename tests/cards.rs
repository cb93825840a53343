//! Approval cards once decided: the card a head or the lawyer pressed (or typed a comment after
//! pressing) shows who decided, when in the reader's time, the comment, and has no buttons left —
//! for every kind and either way; and a bargaining card keeps the amount it was asked to change.

mod support;

use chrono::Duration;
use sales_bot::documents::docx;
use support::Harness;

const MANAGER: i64 = 2002;
const DIRECTOR: i64 = 3003;
const LAWYER: i64 = 4004;

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

/// A deal walked from the first contact to a held meeting.
async fn to_meeting(h: &mut Harness, company: &str) -> i64 {
    let deal = support::first_contact(h, MANAGER, company, "директор").await;
    support::steps_to_meeting(h, MANAGER).await;
    h.press(MANAGER, "Шаг 4").await;
    h.press(MANAGER, "Состоялась").await;
    h.text(MANAGER, "Ждут КП до пятницы")
        .await
        .expect("записан шаг «4. Встреча»");
    deal
}

/// The proposal of 1,5 mln sent to the director; the director's card.
async fn proposal_card(h: &mut Harness, company: &str) -> (i64, i32) {
    let deal = to_meeting(h, company).await;
    h.press(MANAGER, "Шаг 5").await;
    h.text(MANAGER, "Сайт под ключ").await;
    h.text(MANAGER, "1,5 млн").await;
    h.press(MANAGER, "Марина")
        .await
        .expect("КП отправлено на согласование");
    (deal, card_of(h, DIRECTOR, "Согласование КП"))
}

/// The proposal approved and the client bargaining down to 1,35 mln; the director's card.
async fn adjustment_card(h: &mut Harness, company: &str) -> i32 {
    proposal_card(h, company).await;
    h.press(DIRECTOR, "Согласовать").await;
    h.press(MANAGER, "КП отправлено клиенту").await;
    h.press(MANAGER, "Без файла").await;
    h.press(MANAGER, "Не назначать")
        .await
        .expect("записан шаг «5. Коммерческое предложение»");
    h.press(MANAGER, "Шаг 7").await;
    h.press(MANAGER, "Торгуется").await;
    h.text(MANAGER, "Скидка 10% за предоплату").await;
    h.text(MANAGER, "1,35 млн")
        .await
        .expect("Корректировки отправлены на согласование");
    card_of(h, DIRECTOR, "Торг: корректировки")
}

fn template() -> Vec<u8> {
    docx::build_docx(&[&["ДОГОВОР № {{deal.number}} с {{client.name}}"]], &[])
}

/// A deal with confirmed terms whose contract, filled from the template, went to the lawyer;
/// the lawyer's card.
async fn contract_card(h: &mut Harness, company: &str) -> (i64, i32) {
    h.text(LAWYER, "/templates").await;
    h.press(LAWYER, "Загрузить шаблон").await;
    h.press(LAWYER, "Договор").await;
    h.press(LAWYER, "Сайты").await;
    h.document(LAWYER, "Договор.docx", template())
        .await
        .expect("Шаблон сохранён");
    let deal = to_meeting(h, company).await;
    confirm_terms(h, deal).await;
    h.forge(MANAGER, &support::next_step_data(h, deal).await)
        .await
        .expect("отправлен юристу");
    (deal, card_of(h, LAWYER, "Проверка договора"))
}

/// Jumps the deal to confirmed terms in the database: the steps between are tested elsewhere.
async fn confirm_terms(h: &mut Harness, deal: i64) {
    let db = h.db().await;
    sqlx::query("UPDATE deals SET stage = 'terms_confirmed' WHERE id = $1")
        .bind(deal)
        .execute(&db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO deal_steps (deal_id, stage, data, completed_by, completed_at)
         VALUES ($1, 'terms', $2, 2, 0)",
    )
    .bind(deal)
    .bind(support::TERMS_JSON)
    .execute(&db)
    .await
    .unwrap();
}

/// The newest card sent to `user` whose text contains `title`: its message id.
#[track_caller]
fn card_of(h: &Harness, user: i64, title: &str) -> i32 {
    h.chat_calls(user)
        .into_iter()
        .rev()
        .find(|c| c.method == "sendMessage" && c.text.contains(title))
        .and_then(|c| c.message_id)
        .unwrap_or_else(|| panic!("no card «{title}» sent to {user}"))
}

/// A card as it stands in the chat now: its text and whether it still has buttons.
#[track_caller]
fn card_now(h: &Harness, user: i64, id: i32) -> (String, bool) {
    let m = h.api.message(user, id).expect("the card is in the chat");
    (
        m["text"].as_str().unwrap_or("").to_owned(),
        m["reply_markup"].is_object(),
    )
}

/// Now, as a reader `hours` ahead of UTC sees it on a card: «пт, 27.11.2026 в 15:05».
fn seen_at(h: &Harness, hours: i64) -> String {
    use chrono::Datelike;
    let t = h.clock.now() + Duration::hours(hours);
    let wd =
        ["пн", "вт", "ср", "чт", "пт", "сб", "вс"][t.weekday().num_days_from_monday() as usize];
    format!("{wd}, {}", t.format("%d.%m.%Y в %H:%M"))
}

/// Now, as a reader in Moscow sees it.
fn moscow_now(h: &Harness) -> String {
    seen_at(h, 3)
}

#[track_caller]
fn assert_decided(h: &Harness, user: i64, card: i32, lines: &[&str]) {
    let (text, buttons) = card_now(h, user, card);
    for line in lines {
        assert!(text.contains(line), "«{line}» is not on the card:\n{text}");
    }
    assert!(!text.contains("Возвращаете"), "{text}");
    assert!(!buttons, "a decided card has no buttons:\n{text}");
}

#[tokio::test]
async fn an_approved_proposal_card_says_who_approved_it_and_when_and_has_no_buttons() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let (_, card) = proposal_card(&mut h, "Ромашка").await;
    h.press(DIRECTOR, "Согласовать").await;
    let at = moscow_now(&h);
    assert_decided(
        &h,
        DIRECTOR,
        card,
        &[
            "Согласование КП — сделка №1, Ромашка",
            &format!("✅ Согласовано: Марина Тестов, {at}"),
        ],
    );
}

#[tokio::test]
async fn a_returned_proposal_card_shows_the_return_with_its_comment_once_the_comment_is_typed() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let (_, card) = proposal_card(&mut h, "Лютик").await;
    h.press(DIRECTOR, "Вернуть с комментарием")
        .await
        .expect("Что нужно исправить?");
    h.clock.set(h.clock.now() + Duration::minutes(7));
    h.text(DIRECTOR, "Добавьте сроки и этапы")
        .await
        .expect("Решение записано");
    let at = moscow_now(&h);
    assert_decided(
        &h,
        DIRECTOR,
        card,
        &[
            "Согласование КП — сделка №1, Лютик",
            &format!("↩️ Возвращено: Марина Тестов, {at}"),
            "Комментарий: «Добавьте сроки и этапы»",
        ],
    );
    h.text(DIRECTOR, "/approvals")
        .await
        .expect("Нет запросов, ждущих вашего решения");
}

#[tokio::test]
async fn an_approved_adjustment_card_keeps_the_amount_it_was_asked_to_change() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let card = adjustment_card(&mut h, "Ромашка").await;
    let was = "Новая сумма: 1\u{a0}350\u{a0}000\u{a0}₽ (было 1\u{a0}500\u{a0}000\u{a0}₽)";
    assert!(card_now(&h, DIRECTOR, card).0.contains(was));
    h.press(DIRECTOR, "Согласовать").await;
    let at = moscow_now(&h);
    assert_decided(
        &h,
        DIRECTOR,
        card,
        &[was, &format!("✅ Согласовано: Марина Тестов, {at}")],
    );
}

#[tokio::test]
async fn a_returned_adjustment_card_shows_the_return_with_its_comment() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let card = adjustment_card(&mut h, "Ромашка").await;
    h.press(DIRECTOR, "Вернуть с комментарием").await;
    h.text(DIRECTOR, "Скидка не больше 5%").await;
    let at = moscow_now(&h);
    assert_decided(
        &h,
        DIRECTOR,
        card,
        &[
            "(было 1\u{a0}500\u{a0}000\u{a0}₽)",
            &format!("↩️ Возвращено: Марина Тестов, {at}"),
            "Комментарий: «Скидка не больше 5%»",
        ],
    );
}

#[tokio::test]
async fn the_lawyers_contract_cards_show_the_return_and_then_the_approval_in_the_lawyers_time() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let (deal, first) = contract_card(&mut h, "Ромашка").await;
    // the lawyer works in Yekaterinburg, two hours ahead of Moscow
    sqlx::query("UPDATE users SET timezone = 'Asia/Yekaterinburg' WHERE tg_id = $1")
        .bind(LAWYER)
        .execute(&h.db().await)
        .await
        .unwrap();
    let yekaterinburg = |h: &Harness| seen_at(h, 5);
    h.press(LAWYER, "Вернуть с комментарием").await;
    h.text(LAWYER, "Уточните предмет договора")
        .await
        .expect("Решение записано");
    let at = yekaterinburg(&h);
    assert_decided(
        &h,
        LAWYER,
        first,
        &[
            "Проверка договора — сделка №1, Ромашка",
            &format!("↩️ Возвращено: Гость Тестов, {at}"),
            "Комментарий: «Уточните предмет договора»",
        ],
    );

    // sent again, approved from the new card
    h.clock.set(h.clock.now() + Duration::hours(1));
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await
        .expect("отправлен юристу");
    let second = card_of(&h, LAWYER, "Проверка договора");
    assert_ne!(first, second);
    h.press(LAWYER, "Одобрить").await;
    let at = yekaterinburg(&h);
    assert_decided(
        &h,
        LAWYER,
        second,
        &[
            "Повторно, после возврата юристом: «Уточните предмет договора»",
            &format!("✅ Согласовано: Гость Тестов, {at}"),
        ],
    );
}

#[tokio::test]
async fn the_lawyers_upload_closes_the_card_that_asked_for_the_contract() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_meeting(&mut h, "Мак").await;
    confirm_terms(&mut h, deal).await;
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await
        .expect("отправлен юристу");
    let card = card_of(&h, LAWYER, "Составить договор");
    h.press(LAWYER, "Загрузить договор").await;
    h.document(LAWYER, "Договор_Мак.pdf", b"%PDF-1.4".to_vec())
        .await
        .expect("Решение записано");
    let at = moscow_now(&h);
    assert_decided(
        &h,
        LAWYER,
        card,
        &[
            "Составить договор — сделка №1, Мак",
            &format!("✅ Договор загружен: Гость Тестов, {at}"),
        ],
    );
}

#[tokio::test]
async fn a_card_pressed_after_the_request_was_decided_elsewhere_shows_the_decision() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let (_, card) = proposal_card(&mut h, "Ромашка").await;
    // the same request opened again from /approvals and approved there
    h.text(DIRECTOR, "/approvals").await;
    h.press(DIRECTOR, "№1 Ромашка").await;
    let again = card_of(&h, DIRECTOR, "Согласование КП");
    assert_ne!(card, again);
    h.press_data(DIRECTOR, again, "ap:1").await;
    let at = moscow_now(&h);
    let r = h.press_data(DIRECTOR, card, "ar:1").await;
    assert!(r.toast().unwrap().starts_with("Уже решено"));
    assert_decided(
        &h,
        DIRECTOR,
        card,
        &[&format!("✅ Согласовано: Марина Тестов, {at}")],
    );
}
