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

/// The person whose erasure the test below follows: a name no other text in the test uses.
const NAME: &str = "Всеволод Пантелеймонов";
/// How a text naming them reads when planted into a column: declined, with the phone.
const PLANTED: &str = "Всеволоду Пантелеймонову, +7 912 345-67-89";

/// Text columns that cannot hold a client's contact, each with why; every other text column
/// of the schema is planted with the person and must not name them after the erasure.
const CANNOT_NAME_THE_PERSON: &[(&str, &str, &str)] = &[
    (
        "_sqlx_migrations",
        "description",
        "the migrations' own titles",
    ),
    (
        "directions",
        "name",
        "the company's own sales directions, set by a head",
    ),
    (
        "users",
        "name",
        "a team member's own name, not a client's contact",
    ),
    ("users", "username", "a team member's Telegram username"),
    ("users", "role", "a code (CHECK)"),
    ("users", "timezone", "an IANA zone name"),
    ("users", "locale", "a code (CHECK)"),
    ("invites", "code", "a random invitation code"),
    ("invites", "role", "a code (CHECK)"),
    (
        "access_denied",
        "what",
        "the kind of update a stranger sent: a code",
    ),
    ("clients", "inn", "a requisite: digits, checked when typed"),
    ("clients", "kpp", "a requisite: digits, checked when typed"),
    ("clients", "ogrn", "a requisite: digits, checked when typed"),
    (
        "clients",
        "bank_bik",
        "a requisite: digits, checked when typed",
    ),
    (
        "clients",
        "bank_account",
        "a requisite: digits, checked when typed",
    ),
    ("deals", "channel", "a code"),
    ("deals", "stage", "a code"),
    ("deals", "status", "a code (CHECK)"),
    ("deal_steps", "stage", "a code"),
    ("deal_steps", "prev_stage", "a code"),
    ("activities", "kind", "a code"),
    ("activities", "stage", "a code"),
    ("activities", "file_id", "Telegram's id of a file"),
    ("reminders", "kind", "a code (CHECK)"),
    ("reminders", "state", "a code (CHECK)"),
    (
        "price_list",
        "item",
        "the company's own catalogue, uploaded by a head",
    ),
    ("documents", "kind", "a code"),
    ("documents", "file_id", "Telegram's id of a file"),
    ("processed_updates", "fingerprint", "a hash of an update"),
    ("notifications", "kind", "a code (CHECK)"),
    ("notifications", "state", "a code (CHECK)"),
    ("notifications", "dedup", "a key made of codes and ids"),
    ("stage_limits", "stage", "a code"),
    ("settings", "key", "a code"),
    ("approvals", "kind", "a code (CHECK)"),
    ("approvals", "decider", "a code (CHECK)"),
    ("approvals", "state", "a code (CHECK)"),
    ("refusals", "stage", "a code"),
    (
        "refusal_reasons",
        "text",
        "the heads' list of reasons to choose from, no one's words",
    ),
    ("form_drafts", "form", "a form's code"),
    ("plans", "scope", "a code: the team or a manager's id"),
];

/// Every text column of the schema as it is now: (table, column).
async fn text_columns(db: &sqlx::AnyPool) -> Vec<(String, String)> {
    let sql = if support::on_postgres() {
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema()
           AND data_type IN ('text', 'character varying', 'json', 'jsonb')
         ORDER BY 1, 2"
    } else {
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
           AND (upper(p.type) LIKE '%TEXT%' OR upper(p.type) LIKE '%CHAR%'
                OR upper(p.type) LIKE '%JSON%' OR upper(p.type) LIKE '%CLOB%')
         ORDER BY 1, 2"
    };
    sqlx::query_as(sql).fetch_all(db).await.unwrap()
}

/// Whether a stored text names the person, in any form it is stored in: declined, lowercased
/// (search keys), inside JSON (step answers, dialogue states, drafts, approval cards, the
/// timeline's encoded entries), or as the phone's digits.
fn names_the_person(stored: &str) -> bool {
    fn leaves(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
                out.push(k.clone());
                leaves(x, out);
            }),
            _ => {}
        }
    }
    let mut texts = vec![stored.to_owned()];
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(stored.trim_start_matches('\u{1e}')) {
        leaves(&v, &mut texts);
    }
    texts.iter().any(|t| {
        let t = t.to_lowercase().replace('ё', "е");
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        t.contains("всеволод") || t.contains("пантелеймонов") || digits.contains("9123456789")
    })
}

/// The values of one text column, as text.
async fn values(db: &sqlx::AnyPool, table: &str, column: &str) -> Vec<String> {
    sqlx::query_scalar::<_, Option<String>>(&format!("SELECT CAST({column} AS TEXT) FROM {table}"))
        .fetch_all(db)
        .await
        .unwrap()
        .into_iter()
        .flatten()
        .collect()
}

#[tokio::test]
async fn an_erasure_leaves_the_persons_name_in_no_stored_text_reminders_included() {
    let mut h = Harness::start().await;
    invite(&mut h, MANAGER, "Менеджер").await;
    // the deal, as a manager records it
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "ООО Ромашка").await;
    h.text(MANAGER, NAME).await.expect("Должность собеседника?");
    h.text(MANAGER, "главный технолог").await;
    h.text(MANAGER, "8 (912) 345-67-89").await;
    h.press(MANAGER, "Звонок").await.expect("Сделка №");
    let db = h.pool();
    let deal: i64 = sqlx::query_scalar("SELECT id FROM deals")
        .fetch_one(&db)
        .await
        .unwrap();
    // what the team says and types about the person, through the bot
    h.forge(MANAGER, &format!("lg:{deal}")).await;
    h.press(MANAGER, "Заметка").await;
    h.text(MANAGER, "Всеволод просил перезвонить после обеда")
        .await
        .expect("Записано");
    h.forge(MANAGER, &format!("rm:{deal}"))
        .await
        .expect("О чём напомнить?");
    h.text(MANAGER, "Перезвонить Всеволоду насчёт КП")
        .await
        .expect("Когда напомнить?");
    h.text(MANAGER, "завтра 15:00").await.expect("Напомню");
    h.forge(MANAGER, &format!("d:{deal}")).await;
    h.press(MANAGER, "Шаг 1").await;
    h.text(MANAGER, "Всеволоду нужен сайт с онлайн-заказом")
        .await;
    h.text(MANAGER, "/cancel").await;
    h.text(HEAD, "/find Всеволод").await;
    // a form left half-way: the dialogue state holds the name
    h.text(MANAGER, "/new").await;
    h.text(MANAGER, "ООО Лютик").await;
    h.text(MANAGER, NAME).await.expect("Должность собеседника?");

    // rows the flows above do not reach, as the bot writes them
    let manager: i64 = sqlx::query_scalar("SELECT id FROM users WHERE tg_id = $1")
        .bind(MANAGER)
        .fetch_one(&db)
        .await
        .unwrap();
    let now = h.clock.now().timestamp();
    let fixtures: Vec<String> = vec![
        format!(
            "INSERT INTO activities (deal_id, author_id, kind, stage, body, file_id, file_name, created_at)
             VALUES ({deal}, {manager}, 'note', 'first_contact', '', 'file-1', 'Паспорт Пантелеймонова.pdf', {now})"
        ),
        format!(
            "INSERT INTO transcripts (activity_id, deal_id, text_key)
             SELECT MAX(id), {deal}, 'всеволод просил перезвонить' FROM activities"
        ),
        format!(
            "INSERT INTO approvals (kind, deal_id, requested_by, decider, payload, state, comment, requested_at)
             VALUES ('adjustment', {deal}, {manager}, 'head', '{{\"changes\":\"Всеволод просит убрать доставку\"}}',
                     'returned', 'Уточните у Всеволода', {now})"
        ),
        format!(
            "INSERT INTO refusals (deal_id, stage, refused_on, reason, contact_name, contact_position, recorded_by, created_at)
             VALUES ({deal}, 'needs', {now}, 'Всеволод выбрал конкурента', '{NAME}', 'главный технолог', {manager}, {now})"
        ),
        format!(
            "INSERT INTO deal_amounts (deal_id, amount_kopecks, reason, changed_by, changed_at)
             VALUES ({deal}, 100000, 'скидка по просьбе Всеволода', {manager}, {now})"
        ),
        format!(
            "INSERT INTO documents (kind, deal_id, file_id, file_name, uploaded_by, created_at)
             VALUES ('contract', {deal}, 'doc-1', 'Договор — Пантелеймонов В.docx', {manager}, {now})"
        ),
    ];
    for sql in fixtures {
        sqlx::query(&sql).execute(&db).await.unwrap();
    }

    // the person planted in every text column the schema has
    let columns = text_columns(&db).await;
    for (table, column, _) in CANNOT_NAME_THE_PERSON {
        assert!(
            columns.iter().any(|(t, c)| t == table && c == column),
            "{table}.{column} is listed as unable to name anyone but is not in the schema"
        );
    }
    let covered: Vec<&(String, String)> = columns
        .iter()
        .filter(|(t, c)| {
            !CANNOT_NAME_THE_PERSON
                .iter()
                .any(|(et, ec, _)| et == t && ec == c)
        })
        .collect();
    for (table, column) in &covered {
        // the timeline is append-only: the flows and the fixtures above wrote it
        if table == "activities" {
            continue;
        }
        sqlx::query(&format!(
            "UPDATE {table} SET {column} = $1 WHERE {column} IS NULL"
        ))
        .bind(PLANTED)
        .execute(&db)
        .await
        .unwrap();
        for v in values(&db, table, column).await {
            let json = serde_json::from_str::<serde_json::Value>(&v)
                .is_ok_and(|j| j.is_object() || j.is_array());
            if names_the_person(&v) || json {
                continue;
            }
            sqlx::query(&format!(
                "UPDATE {table} SET {column} = $1 WHERE CAST({column} AS TEXT) = $2"
            ))
            .bind(format!("{v} {PLANTED}"))
            .bind(&v)
            .execute(&db)
            .await
            .unwrap();
        }
    }
    for (table, column) in &covered {
        assert!(
            values(&db, table, column)
                .await
                .iter()
                .any(|v| names_the_person(v)),
            "{table}.{column} holds the person nowhere: give the test a row that names them"
        );
    }

    // the erasure, as a head of sales does it
    h.forge(HEAD, &format!("d:{deal}")).await;
    h.press(HEAD, "Персональные данные").await;
    h.press(HEAD, &format!("Стереть: {NAME}"))
        .await
        .expect("Это нельзя отменить");
    h.press(HEAD, "Стереть безвозвратно")
        .await
        .expect("Персональные данные стёрты");

    let mut left = Vec::new();
    for (table, column) in &covered {
        for v in values(&db, table, column).await {
            if names_the_person(&v) {
                left.push(format!("{table}.{column}: {v}"));
            }
        }
    }
    assert!(
        left.is_empty(),
        "the person is still named in:\n{}",
        left.join("\n")
    );
    // the reminder still reads, with the erasure's placeholder where the name was
    let note: String = sqlx::query_scalar("SELECT note FROM reminders WHERE deal_id = $1")
        .bind(deal)
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(note.starts_with("Перезвонить — насчёт КП"), "{note}");
    // and the manager's half-filled form goes on
    h.text(MANAGER, "директор")
        .await
        .expect("Телефон собеседника");
}
