//! The regulation's second half through the real dispatcher: one deal from the meeting to `won`
//! with a manager, the head of the direction and the lawyer; a second deal refused; every rule
//! tried and refused.

mod support;

use sales_bot::documents::docx;
use sqlx::AnyPool;
use support::{invite, Harness, HEAD};

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

/// A deal walked from the first contact to a held meeting.
async fn to_meeting(h: &mut Harness, company: &str) -> i64 {
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, company).await;
    h.text(MANAGER, "Иван Петров").await;
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
    support::steps_to_meeting(h, MANAGER).await;
    h.press(MANAGER, "Шаг 4").await;
    h.press(MANAGER, "Состоялась").await;
    h.text(MANAGER, "Ждут КП до пятницы")
        .await
        .expect("записан шаг «4. Встреча»");
    deal
}

fn template() -> Vec<u8> {
    docx::build_docx(
        &[
            &["ДОГОВОР № ", "{{deal.", "number}}"],
            &[
                "Заказчик: ",
                "{{client",
                ".name}}",
                ", ИНН {{client.inn}}, КПП {{client.kpp}}",
            ],
            &["Сумма: {{deal", ".amount}}. Предмет: {{deal.subject}}"],
        ],
        &[&["Дата: {", "{today}}"]],
    )
}

#[tokio::test]
async fn a_deal_walks_from_the_meeting_to_won_with_three_people() {
    let mut h = Harness::start().await;
    team(&mut h).await;

    // the lawyer uploads the contract template; broken ones are refused with the reason
    h.text(LAWYER, "/templates")
        .await
        .expect("Шаблоны документов")
        .expect("{{client.name}}");
    h.press(LAWYER, "Загрузить шаблон").await;
    h.press(LAWYER, "Договор").await;
    h.press(LAWYER, "Сайты")
        .await
        .expect("Пришлите шаблон .docx");
    h.document(LAWYER, "contract.pdf", b"%PDF".to_vec())
        .await
        .expect("Нужен файл одного из типов: docx");
    h.document(LAWYER, "broken.docx", b"not a zip".to_vec())
        .await
        .expect("Это не документ .docx");
    let unknown = docx::build_docx(&[&["{{client.nmae}}"]], &[]);
    h.document(LAWYER, "typo.docx", unknown)
        .await
        .expect("Неизвестные подстановки: client.nmae");
    let unbalanced = docx::build_docx(&[&["{{client.name"]], &[]);
    h.document(LAWYER, "open.docx", unbalanced)
        .await
        .expect("незакрытые фигурные скобки");
    h.document(LAWYER, "Договор.docx", template())
        .await
        .expect("Шаблон сохранён: Договор.docx");

    let deal = to_meeting(&mut h, "ООО «Ромашка»").await;

    // step 5: the proposal, prepared with the head of the direction
    h.press(MANAGER, "Шаг 5")
        .await
        .expect("Пришлите черновик КП");
    h.text(MANAGER, "Сайт под ключ, 1,5 млн, 2 месяца")
        .await
        .expect("Сумма КП?");
    h.text(MANAGER, "1,5 млн")
        .await
        .expect("С кем готовите КП?");
    h.press(MANAGER, "Марина")
        .await
        .expect("КП отправлено на согласование: Марина Тестов");
    let card = h
        .chat_calls(DIRECTOR)
        .into_iter()
        .rev()
        .find(|c| c.text.contains("Согласование КП"))
        .expect("the director's card");
    assert!(
        card.text.contains("Сеть кофеен")
            && card.text.contains("Сайт с онлайн-заказом")
            && card.text.contains("Ждут КП до пятницы"),
        "{}",
        card.text
    );
    assert!(card.text.contains("Сайт под ключ, 1,5 млн, 2 месяца"));
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await
        .expect("уже на согласовании");
    let r = h.forge(LAWYER, "ap:1").await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Это решение принимает руководитель направления или отдела продаж.")
    );
    let r = h.press(DIRECTOR, "Согласовать").await;
    assert_eq!(r.toast().as_deref(), Some("Решение записано."));
    assert!(h.chat_calls(MANAGER).iter().any(|c| c
        .text
        .contains("КП по сделке №1 (ООО «Ромашка») согласовано: Марина Тестов")));
    let r = h.forge(HEAD, "ap:1").await;
    assert!(
        r.toast().unwrap().starts_with("Уже решено: согласовано"),
        "a second decision is refused"
    );
    h.press(MANAGER, "КП отправлено клиенту")
        .await
        .expect("Отправьте его клиенту");
    h.press(MANAGER, "Без файла").await;
    h.press(MANAGER, "Не назначать")
        .await
        .expect("записан шаг «5. Коммерческое предложение»");

    // step 7: bargaining, approved by the same head
    h.press(MANAGER, "Шаг 7")
        .await
        .expect("Как клиент ответил на КП?");
    h.press(MANAGER, "Торгуется").await;
    h.text(MANAGER, "Скидка 10% за предоплату")
        .await
        .expect("Новая сумма");
    h.text(MANAGER, "-5")
        .await
        .expect("не может быть отрицательной");
    h.text(MANAGER, "1,35 млн")
        .await
        .expect("Корректировки отправлены на согласование: Марина Тестов");
    // the head sees the amount's history from the approved proposal on
    let card = h
        .chat_calls(DIRECTOR)
        .into_iter()
        .rev()
        .find(|c| c.text.contains("Новая сумма"))
        .expect("the adjustment card");
    assert!(
        card.text
            .contains("Новая сумма: 1\u{a0}350\u{a0}000\u{a0}₽ (было 1\u{a0}500\u{a0}000\u{a0}₽)"),
        "{}",
        card.text
    );
    h.press(DIRECTOR, "Согласовать").await;
    assert!(h.chat_calls(MANAGER).iter().any(|c| c
        .text
        .contains("Корректировки по сделке №1 (ООО «Ромашка») согласованы")));

    // step 8: requisites, each checked
    h.press(MANAGER, "Шаг 8")
        .await
        .expect("Полное наименование клиента");
    h.text(
        MANAGER,
        "Общество с ограниченной ответственностью «Ромашка»",
    )
    .await
    .expect("ИНН клиента");
    h.text(MANAGER, "7707083894").await.expect("Неверный ИНН");
    h.text(MANAGER, "7707083893").await.expect("КПП");
    h.text(MANAGER, "7736аб001").await.expect("КПП: 4 цифры");
    h.text(MANAGER, "773601001").await.expect("ОГРН");
    h.text(MANAGER, "1027700132196")
        .await
        .expect("Неверный ОГРН");
    h.text(MANAGER, "1027700132195").await.expect("БИК");
    h.text(MANAGER, "04452522").await.expect("БИК — 9 цифр");
    h.text(MANAGER, "044525225").await.expect("Расчётный счёт");
    h.text(MANAGER, "40702810938000000002")
        .await
        .expect("не сходится с БИК");
    h.text(MANAGER, "40702810938000000001")
        .await
        .expect("Юридический адрес");
    h.text(MANAGER, "Москва, ул. Вавилова, 19")
        .await
        .expect("Сумма сделки");
    h.text(MANAGER, "1,5,0 млн").await.expect("Не понял сумму");
    h.text(MANAGER, "0").await.expect("больше нуля");
    h.text(MANAGER, "2000000 млн")
        .await
        .expect("Слишком большая сумма");
    h.text(MANAGER, "1 500 000")
        .await
        .expect("Предмет договора");
    h.text(MANAGER, "Разработка сайта с онлайн-заказом").await;
    h.text(MANAGER, "60 дней").await;
    h.press(MANAGER, "Пропустить").await;
    h.text(MANAGER, "Дизайн; разработка; запуск").await;
    let r = h.text(MANAGER, "Москва").await;
    r.expect("Параметры сделки №1 записаны")
        .expect("ИНН: 7707083893")
        .expect("Сумма: 1\u{a0}500\u{a0}000\u{a0}₽");
    // one field fixed without re-entering the rest
    h.press(MANAGER, "Сумма").await.expect("Сумма сделки");
    h.text(MANAGER, "1 400 000")
        .await
        .expect("Исправлено")
        .expect("Сумма: 1\u{a0}400\u{a0}000\u{a0}₽")
        .expect("ИНН: 7707083893");

    // step 9: no contract before the terms are confirmed by phone
    let r = h.forge(MANAGER, &format!("d:{deal}")).await;
    let labels: Vec<String> = r
        .calls
        .iter()
        .flat_map(|c| c.buttons.concat())
        .map(|(l, _)| l)
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("9. Условия подтверждены"))
            && !labels.iter().any(|l| l.contains("10. Договор")),
        "{labels:?}"
    );
    h.press(MANAGER, "9. Условия подтверждены")
        .await
        .expect("ИНН: 7707083893")
        .expect("зачитайте");
    h.press(MANAGER, "Клиент подтвердил по телефону")
        .await
        .expect("записан шаг «9. Условия подтверждены»");
    h.text(MANAGER, "/cancel").await;
    let r = h.forge(MANAGER, &format!("te:{deal}:6")).await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Параметры можно исправлять только до подтверждения условий клиентом.")
    );

    // step 10: the contract filled from the template goes to the lawyer
    let r = h.press(MANAGER, "Шаг 10").await;
    r.expect("составлен по шаблону и отправлен юристу");
    let file = r
        .documents()
        .first()
        .and_then(|c| c.file_id.clone())
        .unwrap_or_else(|| panic!("{:#?}", r.calls));
    let text = docx::text_of(
        &h.api
            .file(&file)
            .unwrap_or_else(|| panic!("{file} {:#?}", r.documents())),
    )
    .unwrap();
    assert!(text.contains("ДОГОВОР № 1"), "{text}");
    assert!(
        text.contains("Заказчик: Общество с ограниченной ответственностью «Ромашка», ИНН 7707083893, КПП 773601001"),
        "{text}"
    );
    assert!(
        text.contains(
            "Сумма: 1\u{a0}400\u{a0}000\u{a0}₽. Предмет: Разработка сайта с онлайн-заказом"
        ),
        "{text}"
    );
    assert!(
        text.contains("Дата: 27.11.2026"),
        "the header is filled too: {text}"
    );
    assert!(
        h.chat_calls(LAWYER)
            .iter()
            .any(|c| c.method == "sendDocument"),
        "the lawyer gets the file"
    );
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await
        .expect("Договор уже у юриста");
    let r = h.forge(MANAGER, "ap:3").await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Это решение принимает юрист."),
        "a non-lawyer cannot press the lawyer's button"
    );
    h.text(LAWYER, "/approvals")
        .await
        .expect("Ждут вашего решения: 1");
    let r = h.press(LAWYER, "Проверка договора · №1").await;
    r.expect("Проверка договора — сделка №1, ООО «Ромашка»")
        .expect("ИНН: 7707083893");
    assert_eq!(
        r.documents().len(),
        1,
        "the filled contract comes with the card"
    );
    h.clock.set(h.clock.now() + chrono::Duration::hours(2));
    h.press(LAWYER, "Одобрить").await;
    assert!(h
        .chat_calls(MANAGER)
        .iter()
        .any(|c| c.text.contains("Юрист (Гость Тестов) одобрил договор")));

    // steps 11–14
    h.press(MANAGER, "Шаг 11").await;
    h.press(MANAGER, "Договор отправлен").await;
    h.press(MANAGER, "Не назначать")
        .await
        .expect("записан шаг «11. Договор отправлен»");
    h.press(MANAGER, "Шаг 12").await;
    h.press(MANAGER, "Позвонил").await;
    h.text(MANAGER, "завтра в 11:00")
        .await
        .expect("Обсуждение договора: сб, 28.11.2026 в 11:00");
    h.press(MANAGER, "Шаг 13").await;
    h.text(MANAGER, "Клиент согласен, подписываем").await;
    h.press(MANAGER, "Не назначать").await;
    h.press(MANAGER, "Шаг 14").await.expect("Дата подписания");
    h.text(MANAGER, "30.11.2026")
        .await
        .expect("ещё не наступила");
    h.press(MANAGER, "Сегодня")
        .await
        .expect("записан шаг «14. Подписание»");

    // step 15: the invoice, for the deal's amount
    h.press(MANAGER, "Шаг 15").await;
    h.text(MANAGER, "15/26").await;
    h.press(MANAGER, "= сумме сделки").await;
    h.press(MANAGER, "Сегодня").await;
    h.press(MANAGER, "Через 3 дня")
        .await
        .expect("Проверить оплату: пн, 30.11.2026 в 10:00");

    // step 16: two payments, the second one over what is owed is confirmed first
    h.press(MANAGER, "Шаг 16")
        .await
        .expect("По счёту 1\u{a0}400\u{a0}000\u{a0}₽, оплачено 0\u{a0}₽");
    h.text(MANAGER, "400 тыс").await;
    h.press(MANAGER, "Сегодня")
        .await
        .expect("Оплачено 400\u{a0}000\u{a0}₽, осталось 1\u{a0}000\u{a0}000\u{a0}₽");
    h.forge(MANAGER, &format!("d:{deal}"))
        .await
        .expect("Оплачено 400\u{a0}000\u{a0}₽ из 1\u{a0}400\u{a0}000\u{a0}₽");
    h.press(MANAGER, "Шаг 16").await;
    h.text(MANAGER, "1,1 млн")
        .await
        .expect("больше остатка (1\u{a0}000\u{a0}000\u{a0}₽)");
    h.press(MANAGER, "Да, переплата").await;
    h.press(MANAGER, "Сегодня")
        .await
        .expect("Оплачено полностью: 1\u{a0}500\u{a0}000\u{a0}₽");

    // step 17: work stages confirmed by the head of the direction → won
    h.press(MANAGER, "Шаг 17").await;
    h.text(MANAGER, "Дизайн — 15.12\nкогда-нибудь")
        .await
        .expect("Не понял строки: 2");
    h.text(MANAGER, "Дизайн — 15.12\nРазработка — 25.12.2026")
        .await
        .expect("отправлены руководителю направления: Марина Тестов");
    let card = h
        .chat_calls(DIRECTOR)
        .into_iter()
        .rev()
        .find(|c| c.text.contains("Этапы работ"))
        .unwrap();
    assert!(
        card.text.contains("Дизайн — 15.12.2026") && card.text.contains("Разработка — 25.12.2026"),
        "{}",
        card.text
    );
    h.press(DIRECTOR, "Согласовать").await;
    assert!(h
        .chat_calls(MANAGER)
        .iter()
        .any(|c| c.text.contains("Сделка выиграна")));

    let db = h.db().await;
    let (stage, status): (String, String) =
        sqlx::query_as("SELECT stage, status FROM deals WHERE id = 1")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((stage.as_str(), status.as_str()), ("work", "won"));
    let approvals: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, state FROM approvals WHERE deal_id = 1 ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        approvals,
        [
            ("proposal", "approved"),
            ("adjustment", "approved"),
            ("contract_review", "approved"),
            ("work_stages", "approved")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let amounts: Vec<i64> =
        sqlx::query_scalar("SELECT amount_kopecks FROM deal_amounts WHERE deal_id = 1 ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        amounts,
        [150_000_000, 135_000_000, 150_000_000, 140_000_000],
        "every change of the amount is kept, from the approved proposal on"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM payments WHERE deal_id = 1").await,
        2
    );
    // the contract's drafting and the lawyer's turnaround are recorded
    let turnaround: i64 = sqlx::query_scalar(&format!(
        "SELECT {} - {} FROM deal_steps WHERE stage = 'contract_draft'",
        support::jint("lawyer_decided.at"),
        support::jint("lawyer_requested.at")
    ))
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(turnaround, 2 * 3600);
    let inn: String = sqlx::query_scalar("SELECT inn FROM clients WHERE id = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(inn, "7707083893");
    // the timeline tells the whole story in order
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT stage FROM activities WHERE deal_id = 1 AND kind = 'stage' ORDER BY id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        kinds,
        [
            "needs",
            "offer",
            "application",
            "meeting",
            "proposal",
            "negotiation",
            "terms",
            "terms_confirmed",
            "contract_draft",
            "contract_sent",
            "contract_call",
            "contract_discussion",
            "signing",
            "invoice",
            "payment",
            "work"
        ]
    );
    // each step knows the one before it and when that was recorded: time in stage
    let prev: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT stage, prev_stage FROM deal_steps WHERE deal_id = 1 AND stage IN ('first_contact', 'offer', 'work') ORDER BY id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(prev[0], ("first_contact".to_owned(), None));
    assert_eq!(prev[1], ("offer".to_owned(), Some("needs".to_owned())));
    assert_eq!(prev[2].1.as_deref(), Some("payment"));
    let r = h.forge(MANAGER, &format!("tl:{deal}")).await;
    r.expect("История сделки №1").expect("Сделка выиграна");
}

#[tokio::test]
async fn a_deal_refused_at_the_proposal_records_who_why_and_when() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_meeting(&mut h, "Лютик").await;
    h.press(MANAGER, "Шаг 5").await;
    h.text(MANAGER, "Черновик").await;
    h.press(MANAGER, "Без суммы").await;
    h.press(MANAGER, "Марина").await;
    // the head returns the draft with a comment
    h.press(DIRECTOR, "Вернуть с комментарием")
        .await
        .expect("Что нужно исправить?");
    h.text(DIRECTOR, "Добавьте сроки и этапы").await;
    assert!(h.chat_calls(MANAGER).iter().any(|c| c
        .text
        .contains("КП по сделке №1 (Лютик) возвращено (Марина Тестов): Добавьте сроки и этапы")));
    h.forge(MANAGER, &format!("d:{deal}"))
        .await
        .expect("КП: возвращено (Марина Тестов): Добавьте сроки и этапы");
    // the client refuses
    h.press(MANAGER, "Отказ").await.expect("Дата отказа?");
    // a day still to come is understood, and refused with that reason
    h.text(MANAGER, "завтра").await.expect("ещё не наступила");
    h.press(MANAGER, "Вчера").await.expect("Причина отказа?");
    h.text(MANAGER, "   ").await.expect("Ответ пустой");
    h.press(MANAGER, "Дорого").await.expect("Кто отказал?");
    h.press(MANAGER, "Другой человек")
        .await
        .expect("Кто отказал — имя");
    h.text(MANAGER, "-").await.expect("буквами");
    h.text(MANAGER, "Пётр Сидоров").await;
    h.text(MANAGER, "финансовый директор").await.expect(
        "закрыта отказом 26.11.2026: Дорого. Отказал(а): Пётр Сидоров, финансовый директор",
    );
    let db = h.db().await;
    let (status, stage): (String, String) = sqlx::query_as("SELECT status, stage FROM deals")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!((status.as_str(), stage.as_str()), ("lost", "meeting"));
    let (reason, name, position): (String, String, String) =
        sqlx::query_as("SELECT reason, contact_name, contact_position FROM refusals")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        (reason.as_str(), name.as_str(), position.as_str()),
        ("Дорого", "Пётр Сидоров", "финансовый директор")
    );
    // a lost deal takes no more steps; only a head of sales can reopen it
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await
        .expect("Сделка закрыта");
    let r = h.forge(MANAGER, &format!("reo:{deal}")).await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Это доступно только руководителю отдела продаж.")
    );
    h.forge(HEAD, &format!("d:{deal}"))
        .await
        .expect("Отказ 26.11.2026: Дорого — Пётр Сидоров, финансовый директор");
    h.press(HEAD, "Вернуть в работу")
        .await
        .expect("возвращена в работу");
    h.find_button(HEAD, "Шаг 5");
    let status: String = sqlx::query_scalar("SELECT status FROM deals")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(status, "open");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activities WHERE kind IN ('refusal', 'reopened')"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn without_a_template_the_lawyer_drafts_and_uploads_the_contract() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_meeting(&mut h, "Мак").await;
    let db = h.db().await;
    // jump the deal to confirmed terms directly in the database: the steps between are tested above
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
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
        .await
        .expect("запрос с параметрами сделки отправлен юристу");
    let card = h
        .chat_calls(LAWYER)
        .into_iter()
        .rev()
        .find(|c| c.text.contains("Составить договор"))
        .unwrap();
    assert!(card
        .buttons
        .concat()
        .iter()
        .any(|(l, _)| l.contains("Загрузить договор")));
    let r = h.press(LAWYER, "Загрузить договор").await;
    r.expect("Пришлите файл договора");
    h.text(LAWYER, "вот договор")
        .await
        .expect("Пришлите файл документом");
    h.document(LAWYER, "Договор_Мак.pdf", b"%PDF-1.4".to_vec())
        .await
        .expect("Решение записано");
    assert!(
        h.chat_calls(MANAGER)
            .iter()
            .any(|c| c.method == "sendDocument"),
        "the manager gets the lawyer's file"
    );
    let stage: String = sqlx::query_scalar("SELECT stage FROM deals")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stage, "contract_draft");
}

#[tokio::test]
async fn the_head_keeps_the_refusal_reasons() {
    let mut h = Harness::start().await;
    h.text(HEAD, "/reasons")
        .await
        .expect("Дорого")
        .expect("Выбрали конкурента");
    h.press(HEAD, "Добавить причину").await;
    h.text(HEAD, "Закрылись").await.expect("Закрылись");
    h.press(HEAD, "✖️ Дорого").await.expect_not("• Дорого");
    invite(&mut h, MANAGER, "Менеджер").await;
    h.text(MANAGER, "/reasons")
        .await
        .expect("только руководителю отдела продаж");
}

#[tokio::test]
async fn the_terms_summary_fits_one_message_even_with_long_answers() {
    let mut h = Harness::start().await;
    team(&mut h).await;
    let deal = to_meeting(&mut h, "Омега").await;
    let db = h.db().await;
    sqlx::query("UPDATE deals SET stage = 'negotiation' WHERE id = $1")
        .bind(deal)
        .execute(&db)
        .await
        .unwrap();
    h.forge(MANAGER, &support::next_step_data(&h, deal).await)
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
        "Москва",
        "1 000 000",
    ] {
        h.text(MANAGER, answer).await;
    }
    h.text(MANAGER, &"Разработка. ".repeat(250))
        .await
        .expect("Сроки исполнения");
    h.text(MANAGER, "60 дней").await;
    h.press(MANAGER, "Пропустить").await;
    h.text(MANAGER, &"Этап. ".repeat(500)).await;
    let r = h.text(MANAGER, "Екатеринбург").await;
    let summary = r
        .texts()
        .into_iter()
        .find(|t| t.contains("записаны"))
        .unwrap();
    assert!(summary.chars().count() < 4096);
    assert!(
        summary.contains("Местонахождение: Екатеринбург"),
        "the last field is not cut off"
    );
    let stored: String = sqlx::query_scalar(&format!(
        "SELECT {} FROM deal_steps WHERE stage = 'terms'",
        support::jtext("subject.text")
    ))
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        stored.chars().count(),
        "Разработка. ".repeat(250).trim().chars().count(),
        "the record keeps the full text"
    );
}
