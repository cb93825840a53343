//! Step 8 through the real dispatcher: every parameter the terms screen says is missing has a
//! button that asks for it, and a correction that makes a parameter required asks for it at once.

mod support;

use support::{next_step_data, Harness};

const MANAGER: i64 = 2002;

async fn team(h: &mut Harness) {
    support::team_in_sites(h, &[(MANAGER, "Менеджер")]).await;
}

/// A deal walked to a held meeting, moved to step 7 in the database (the steps between are
/// tested elsewhere), then step 8 filled through the form for a company (ИНН of 10 digits).
async fn to_terms(h: &mut Harness, company: &str) -> i64 {
    let deal = support::first_contact(h, MANAGER, company, "директор").await;
    support::steps_to_meeting(h, MANAGER).await;
    h.press(MANAGER, "Шаг 4").await;
    h.press(MANAGER, "Состоялась").await;
    h.text(MANAGER, "Ждут КП")
        .await
        .expect("записан шаг «4. Встреча»");
    sqlx::query("UPDATE deals SET stage = 'negotiation' WHERE id = $1")
        .bind(deal)
        .execute(&h.pool())
        .await
        .unwrap();
    h.forge(MANAGER, &next_step_data(h, deal).await)
        .await
        .expect("Полное наименование клиента");
    h.press(MANAGER, "Как в карточке")
        .await
        .expect("ИНН клиента");
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
    h.text(MANAGER, "Москва")
        .await
        .expect("Параметры сделки №")
        .expect("КПП: 773601001");
    deal
}

/// The labels of the buttons under the newest message in the manager's chat that contains
/// `needle`.
fn buttons_under(h: &Harness, needle: &str) -> Vec<String> {
    let call = h
        .chat_calls(MANAGER)
        .into_iter()
        .rev()
        .find(|c| c.text.contains(needle))
        .unwrap_or_else(|| panic!("no message with «{needle}»"));
    call.buttons.concat().into_iter().map(|(l, _)| l).collect()
}

#[tokio::test]
async fn an_account_dropped_by_a_new_bik_keeps_its_button_on_the_terms_screen() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_terms(&mut h, "Ромашка").await;
    h.press(MANAGER, "БИК").await;
    h.text(MANAGER, "044525974")
        .await
        .expect("Расчётный счёт не сходится с новым БИК")
        .expect("Расчётный счёт (20 цифр)");
    // the manager leaves the question: the account is still missing
    h.text(MANAGER, "/cancel").await;
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Не хватает поля «Р/с»");
    let buttons = buttons_under(&h, "Не хватает поля «Р/с»");
    assert!(
        buttons.iter().any(|l| l == "Р/с"),
        "the missing account has its button: {buttons:?}"
    );
    h.press(MANAGER, "Р/с")
        .await
        .expect("Расчётный счёт (20 цифр)");
    h.text(MANAGER, "40702810900000000009")
        .await
        .expect("Исправлено")
        .expect("Р/с: 40702810900000000009");
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Прочитайте условия ещё раз");
}

#[tokio::test]
async fn a_kpp_missing_after_a_correction_has_a_button_that_asks_for_it() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_terms(&mut h, "Ромашка").await;
    h.press(MANAGER, "ИНН").await;
    h.text(MANAGER, "500100732259")
        .await
        .expect("Исправлено")
        .expect_not("КПП:");
    h.press(MANAGER, "ИНН").await;
    h.text(MANAGER, "7707083893").await;
    // whatever was asked, the manager leaves it: the КПП is still missing
    h.text(MANAGER, "/cancel").await;
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Не хватает поля «КПП»");
    let buttons = buttons_under(&h, "Не хватает поля «КПП»");
    assert!(
        buttons.iter().any(|l| l == "КПП"),
        "the missing КПП has its button: {buttons:?}"
    );
    h.press(MANAGER, "КПП").await.expect("КПП (9 знаков)");
    h.text(MANAGER, "773601001")
        .await
        .expect("Исправлено")
        .expect("КПП: 773601001");
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Прочитайте условия ещё раз");
}

#[tokio::test]
async fn a_company_inn_after_a_sole_traders_asks_for_the_kpp_at_once() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_terms(&mut h, "Ромашка").await;
    h.press(MANAGER, "ИНН").await;
    h.text(MANAGER, "500100732259")
        .await
        .expect("Исправлено")
        .expect_not("КПП:");
    assert!(
        !buttons_under(&h, "Исправлено").iter().any(|l| l == "КПП"),
        "a sole trader is not offered a КПП"
    );
    h.press(MANAGER, "ИНН").await;
    h.text(MANAGER, "7707083893")
        .await
        .expect("Для организации (ИНН из 10 цифр) нужен КПП")
        .expect("КПП (9 знаков)");
    h.text(MANAGER, "773601001")
        .await
        .expect("Исправлено")
        .expect("КПП: 773601001");
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Прочитайте условия ещё раз");
}

#[tokio::test]
async fn the_kpp_button_of_a_company_asks_for_the_kpp() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    to_terms(&mut h, "Ромашка").await;
    h.press(MANAGER, "КПП").await.expect("КПП (9 знаков)");
    h.text(MANAGER, "773645001")
        .await
        .expect("Исправлено")
        .expect("КПП: 773645001");
}

#[tokio::test]
async fn a_kpp_button_left_from_before_a_sole_traders_inn_says_no_kpp_is_needed() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_terms(&mut h, "Ромашка").await;
    let (_, kpp_button) = h.find_button(MANAGER, "КПП");
    h.press(MANAGER, "ИНН").await;
    h.text(MANAGER, "500100732259").await.expect("Исправлено");
    h.forge(MANAGER, &kpp_button)
        .await
        .expect("КПП нужен только организации");
    h.forge(MANAGER, &next_step_data(&h, deal).await)
        .await
        .expect("Прочитайте условия ещё раз");
}

#[tokio::test]
async fn an_ogrn_of_a_kind_that_cannot_exist_is_refused_with_the_reason() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    to_terms(&mut h, "Ромашка").await;
    h.press(MANAGER, "ОГРН").await;
    // 0 as the kind digit, the check digit right
    h.text(MANAGER, "0027700132196")
        .await
        .expect("не может начинаться с 0");
    h.text(MANAGER, "1027700132195").await.expect("Исправлено");
}
