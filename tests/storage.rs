//! The storage layer on a real database (a SQLite file, or PostgreSQL with `TEST_DATABASE_URL`):
//! migrations, dedup, the append-only timeline, lookups.

mod support;

use sales_bot::dialogue::{FormKind, FormState, State};
use sales_bot::storage::{self, catalog, deals, users, StoredState};

async fn db() -> (tempfile::TempDir, storage::Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = support::fresh_database(&dir.path().join("t.sqlite")).await;
    let db = storage::connect(&url).await.unwrap();
    (dir, db)
}

async fn user(db: &storage::Db, tg: i64, role: &str) -> i64 {
    let mut c = db.acquire().await.unwrap();
    users::upsert(
        &mut c,
        &users::NewUser {
            tg_id: tg,
            name: "U",
            username: None,
            role,
            direction_id: None,
            timezone: "Europe/Moscow",
            locale: "ru",
            invited_by: None,
        },
        0,
    )
    .await
    .unwrap()
    .id
}

async fn deal(db: &storage::Db, manager: i64, company: &str) -> i64 {
    let mut c = db.acquire().await.unwrap();
    let client = deals::insert_client(&mut c, company, manager, 0)
        .await
        .unwrap();
    let contact = deals::insert_contact(&mut c, client, "Иван", "директор", None, manager, 0)
        .await
        .unwrap();
    deals::insert_deal(
        &mut c,
        &deals::NewDeal {
            client_id: client,
            contact_id: contact,
            manager_id: manager,
            direction_id: None,
            channel: "call",
            stage: "first_contact",
        },
        10,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_database_is_created_in_wal_mode_with_foreign_keys() {
    let (_d, db) = db().await;
    if !support::on_postgres() {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&db)
            .await
            .unwrap();
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!((mode.as_str(), fk), ("wal", 1));
    }
    let err = sqlx::query("INSERT INTO contacts (client_id, name, position, created_by, created_at) VALUES (999, 'a', 'b', 999, 0)")
        .execute(&db)
        .await;
    assert!(err.is_err(), "a contact of a missing client is refused");
}

#[tokio::test]
async fn an_update_is_processed_once() {
    let (_d, db) = db().await;
    let mut c = db.acquire().await.unwrap();
    assert!(storage::mark_update(&mut c, 7, "m:1:1", 100).await.unwrap());
    assert!(!storage::mark_update(&mut c, 7, "m:1:1", 101).await.unwrap());
    // a Bot API that restarted its numbering does not hide a different message
    assert!(storage::mark_update(&mut c, 7, "m:1:2", 102).await.unwrap());
    drop(c);
    assert_eq!(storage::prune_updates(&db, 103).await.unwrap(), 2);
}

#[tokio::test]
async fn the_timeline_is_append_only() {
    let (_d, db) = db().await;
    let m = user(&db, 1, "manager").await;
    let d = deal(&db, m, "Ромашка").await;
    let mut c = db.acquire().await.unwrap();
    let a = deals::NewActivity {
        deal_id: d,
        author_id: Some(m),
        kind: "note",
        stage: "first_contact",
        body: "x",
        file_id: None,
        file_name: None,
        duration_secs: None,
    };
    deals::add_activity(&mut c, &a, 50).await.unwrap();
    assert!(sqlx::query("UPDATE activities SET body = 'y'")
        .execute(&mut *c)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM activities")
        .execute(&mut *c)
        .await
        .is_err());
    let last: i64 = sqlx::query_scalar("SELECT last_activity_at FROM deals")
        .fetch_one(&mut *c)
        .await
        .unwrap();
    assert_eq!(last, 50, "logging an action marks the deal as active");
}

#[tokio::test]
async fn similar_clients_are_found_despite_legal_form_and_quotes() {
    let (_d, db) = db().await;
    let m = user(&db, 1, "manager").await;
    deal(&db, m, "ООО «Ромашка»").await;
    deal(&db, m, "Ромашка-Юг").await;
    deal(&db, m, "Лютик").await;
    let mut c = db.acquire().await.unwrap();
    let hits = deals::similar_clients(&mut c, "ромашка").await.unwrap();
    let names: Vec<_> = hits.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["ООО «Ромашка»", "Ромашка-Юг"]);
    assert!(deals::similar_clients(&mut c, "ООО")
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn open_deals_page_by_scope_newest_activity_first() {
    let (_d, db) = db().await;
    let a = user(&db, 1, "manager").await;
    let b = user(&db, 2, "manager").await;
    let d1 = deal(&db, a, "A1").await;
    let d2 = deal(&db, a, "A2").await;
    deal(&db, b, "B1").await;
    let mut c = db.acquire().await.unwrap();
    sqlx::query("UPDATE deals SET last_activity_at = 99 WHERE id = $1")
        .bind(d1)
        .execute(&mut *c)
        .await
        .unwrap();
    let (rows, total) = deals::open_deals(&mut c, deals::Scope::Manager(a), 1, 0)
        .await
        .unwrap();
    assert_eq!((rows[0].id, total), (d1, 2));
    let (rows, _) = deals::open_deals(&mut c, deals::Scope::Manager(a), 1, 1)
        .await
        .unwrap();
    assert_eq!(rows[0].id, d2);
    let (_, all) = deals::open_deals(&mut c, deals::Scope::All, 10, 0)
        .await
        .unwrap();
    assert_eq!(all, 3);
}

#[tokio::test]
async fn the_lower_bound_is_the_cheapest_item_of_the_direction() {
    let (_d, db) = db().await;
    let h = user(&db, 1, "head_of_sales").await;
    let mut c = db.acquire().await.unwrap();
    let web = catalog::add_direction(&mut c, "Сайты", 0).await.unwrap();
    let seo = catalog::add_direction(&mut c, "SEO", 0).await.unwrap();
    catalog::replace_price_list(
        &mut c,
        &[
            (web, "Магазин".into(), 30_000, 90_000),
            (web, "Лендинг".into(), 5_000, 9_000),
            (seo, "Аудит".into(), 1_000, 2_000),
        ],
        h,
        0,
    )
    .await
    .unwrap();
    let floor = catalog::lower_bound(&mut c, web).await.unwrap().unwrap();
    assert_eq!((floor.item.as_str(), floor.min_kopecks), ("Лендинг", 5_000));
    catalog::replace_price_list(&mut c, &[(seo, "Аудит".into(), 1_000, 2_000)], h, 1)
        .await
        .unwrap();
    assert!(
        catalog::lower_bound(&mut c, web).await.unwrap().is_none(),
        "an upload replaces the whole list"
    );
}

#[tokio::test]
async fn dialogue_state_survives_and_an_unreadable_one_is_reported() {
    let (_d, db) = db().await;
    let mut c = db.acquire().await.unwrap();
    assert!(matches!(
        storage::load_state(&mut c, 5).await.unwrap(),
        StoredState::Found(State::Idle)
    ));
    let state = State::Form(FormState::new(FormKind::Step {
        deal_id: 3,
        stage: sales_bot::pipeline::Stage::Needs,
    }));
    storage::save_state(&mut c, 5, &state, 1).await.unwrap();
    match storage::load_state(&mut c, 5).await.unwrap() {
        StoredState::Found(s) => assert_eq!(s, state),
        StoredState::Unreadable => panic!("state lost"),
    }
    sqlx::query("UPDATE dialogues SET state = 'garbage'")
        .execute(&mut *c)
        .await
        .unwrap();
    assert!(matches!(
        storage::load_state(&mut c, 5).await.unwrap(),
        StoredState::Unreadable
    ));
}

#[tokio::test]
async fn an_invite_is_used_once() {
    let (_d, db) = db().await;
    let h = user(&db, 1, "head_of_sales").await;
    let m = user(&db, 2, "manager").await;
    let mut c = db.acquire().await.unwrap();
    users::create_invite(&mut c, "CODE", "manager", None, h, 0, 100)
        .await
        .unwrap();
    assert!(users::use_invite(&mut c, "CODE", m, 1).await.unwrap());
    assert!(!users::use_invite(&mut c, "CODE", m, 2).await.unwrap());
}
