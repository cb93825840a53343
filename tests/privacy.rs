//! A contact's personal data on request (152-ФЗ): exported whole, erased with a marker in its
//! place, the deal's figures and the fact of the erasure kept, the timeline still append-only.

mod support;

use support::{first_contact, invite, Harness, HEAD};

const MANAGER: i64 = 2002;

#[tokio::test]
async fn a_head_exports_and_erases_a_contacts_personal_data_and_the_deal_stays() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    let deal = first_contact(&mut h, MANAGER, "ООО Ромашка", "директор").await;
    for note in [
        "Иван Петров просил перезвонить после обеда",
        "Отправил КП на почту",
    ] {
        h.forge(MANAGER, &format!("lg:{deal}")).await;
        h.press(MANAGER, "Заметка").await;
        h.text(MANAGER, note).await.expect("Записано");
    }
    // only a head of sales sees the button, and a forged press from anyone else does nothing
    h.forge(MANAGER, &format!("d:{deal}"))
        .await
        .expect_not("Персональные данные");
    let contact: i64 = sqlx::query_scalar("SELECT id FROM contacts")
        .fetch_one(&h.pool())
        .await
        .unwrap();
    let r = h.forge(MANAGER, &format!("cey:{contact}")).await;
    assert_eq!(
        r.toast().as_deref(),
        Some("Это доступно только руководителю отдела продаж.")
    );

    h.forge(HEAD, &format!("d:{deal}")).await;
    h.press(HEAD, "Персональные данные")
        .await
        .expect("Иван Петров, директор");
    // the export: everything about the person, in one file
    let r = h.press(HEAD, "Выгрузить: Иван Петров").await;
    let doc = r.documents()[0];
    let bytes = h.api.file(doc.file_id.as_deref().unwrap()).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["contact"]["name"], "Иван Петров");
    assert_eq!(json["contact"]["phone"], "+79123456789");
    let said: Vec<String> = json["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        said.iter().any(|t| t.contains("просил перезвонить")),
        "{said:?}"
    );
    assert!(
        !said.iter().any(|t| t.contains("Отправил КП")),
        "only what is about the person"
    );

    // the erasure, asked to confirm first
    h.press(HEAD, "Стереть: Иван Петров")
        .await
        .expect("Это нельзя отменить");
    h.press(HEAD, "Стереть безвозвратно")
        .await
        .expect("Персональные данные стёрты");
    let db = h.pool();
    let (name, position, phone): (String, String, Option<String>) =
        sqlx::query_as("SELECT name, position, phone FROM contacts WHERE id = $1")
            .bind(contact)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((name.as_str(), position.as_str(), phone), ("—", "—", None));
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM activities WHERE deal_id = $1 ORDER BY id")
            .bind(deal)
            .fetch_all(&db)
            .await
            .unwrap();
    assert!(!bodies.iter().any(|b| b.contains("Петров")), "{bodies:?}");
    assert!(bodies.iter().any(|b| b == "Отправил КП на почту"));
    let step: String = sqlx::query_scalar(
        "SELECT data FROM deal_steps WHERE deal_id = $1 AND stage = 'first_contact'",
    )
    .bind(deal)
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(
        !step.contains("Петров") && !step.contains("9123456789"),
        "{step}"
    );
    // the deal and the fact of the erasure stay
    let (stage, client): (String, String) = sqlx::query_as(
        "SELECT d.stage, cl.name FROM deals d JOIN clients cl ON cl.id = d.client_id WHERE d.id = $1",
    )
    .bind(deal)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        (stage.as_str(), client.as_str()),
        ("first_contact", "ООО Ромашка")
    );
    let erasures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM erasures")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(erasures, 1);
    h.forge(HEAD, &format!("tl:{deal}"))
        .await
        .expect("[стёрто по запросу]")
        .expect("Персональные данные контакта стёрты по запросу (Ольга Тестов)")
        .expect("Отправил КП на почту");
    // the person is no longer found
    h.text(HEAD, "/find Петров")
        .await
        .expect("ничего не нашлось");
    // and the timeline still refuses any other change
    assert!(
        sqlx::query("UPDATE activities SET body = 'x' WHERE deal_id = $1")
            .bind(deal)
            .execute(&db)
            .await
            .is_err()
    );
    assert!(sqlx::query("DELETE FROM activities WHERE deal_id = $1")
        .bind(deal)
        .execute(&db)
        .await
        .is_err());
}

#[tokio::test]
async fn strangers_audit_rows_are_kept_only_as_long_as_set() {
    let mut h = Harness::start().await;
    // the bot prunes at start and hourly; stopped, it does not race the call below
    h.stop_bot().await;
    let db = h.db().await;
    let now = h.clock.now().timestamp();
    for (tg, at) in [(1, now - 100 * 86_400), (2, now - 10 * 86_400)] {
        sqlx::query("INSERT INTO access_denied (tg_id, at, what) VALUES ($1, $2, 'message')")
            .bind(tg)
            .bind(at)
            .execute(&db)
            .await
            .unwrap();
    }
    let gone = sales_bot::storage::users::prune_denied(&db, now - 90 * 86_400)
        .await
        .unwrap();
    assert_eq!(gone, 1);
    let left: Vec<i64> = sqlx::query_scalar("SELECT tg_id FROM access_denied")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(left, [2]);
}
