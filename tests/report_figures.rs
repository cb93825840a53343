//! /pipeline figures that must agree with their own definitions, each checked against SQL: a
//! period's plan month by month (the team's own, else its managers' added up), trend percentages
//! rounded alike both ways, and closed money with its price-list estimates marked «≈».

mod support;

use chrono::Duration;
use chrono_tz::Europe::Moscow;
use sales_bot::domain::Money;
use sales_bot::reports::period::Period;
use sales_bot::storage::reports::{self as q, Filter};
use sqlx::AnyPool;
use support::{t0, Harness, HEAD};

fn ago(d: i64) -> i64 {
    (t0() - Duration::days(d)).timestamp()
}

fn rub(k: i64) -> String {
    Money::from_kopecks(k).to_string()
}

async fn exec(db: &AnyPool, sql: &str) {
    for stmt in sql.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        sqlx::query(stmt)
            .execute(db)
            .await
            .unwrap_or_else(|e| panic!("{stmt}: {e}"));
    }
}

async fn scalar(db: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Two managers (users 2 and 3) and one client; deals are added by each test.
async fn team(h: &mut Harness) -> AnyPool {
    h.text(HEAD, "/start").await;
    let db = h.db().await;
    exec(
        &db,
        "INSERT INTO users (id, tg_id, name, role, direction_id, timezone, created_at) VALUES
             (2, 2002, 'Анна', 'manager', NULL, 'Europe/Moscow', 0),
             (3, 3003, 'Борис', 'manager', NULL, 'Europe/Moscow', 0);
         INSERT INTO clients (id, name, name_key, inn, created_by, created_at) VALUES (1, 'Альфа', 'альфа', NULL, 2, 0);
         INSERT INTO contacts (id, client_id, name, position, created_by, created_at) VALUES (1, 1, 'Иван', 'директор', 2, 0)",
    )
    .await;
    db
}

/// A closed deal: (id, manager, status, agreed amount, price-list estimate, closed days ago).
type Closed<'a> = (i64, i64, &'a str, Option<i64>, Option<i64>, i64);

async fn closed(db: &AnyPool, deals: &[Closed<'_>]) {
    let null = |v: Option<i64>| v.map_or("NULL".to_owned(), |v| v.to_string());
    let rows: Vec<String> = deals
        .iter()
        .map(|(id, m, status, amount, estimate, days)| {
            let (created, at) = (ago(days + 5), ago(*days));
            format!(
                "({id}, 1, 1, {m}, NULL, 'call', 'work', '{status}', {}, {}, {created}, {at}, {at}, {at})",
                null(*amount),
                null(*estimate)
            )
        })
        .collect();
    exec(
        db,
        &format!(
            "INSERT INTO deals (id, client_id, contact_id, manager_id, direction_id, channel, stage, status, amount_kopecks, estimate_kopecks, created_at, stage_changed_at, last_activity_at, closed_at) VALUES {}",
            rows.join(", ")
        ),
    )
    .await;
}

/// The plan of months `first..=last` by the README's definition, in SQL: each month that has
/// any plan gives the team's own plan where the team has one, else its managers' added up.
async fn plan_in_sql(db: &AnyPool, first: u32, last: u32, column: &str) -> i64 {
    scalar(
        db,
        &format!(
            "SELECT COALESCE(CAST(SUM(CASE
                 WHEN EXISTS (SELECT 1 FROM plans t WHERE t.month = mo.month AND t.scope = 'team')
                 THEN (SELECT t.{column} FROM plans t WHERE t.month = mo.month AND t.scope = 'team')
                 ELSE (SELECT SUM(m.{column}) FROM plans m WHERE m.month = mo.month AND m.scope LIKE 'm:%')
             END) AS BIGINT), 0)
             FROM (SELECT DISTINCT month FROM plans WHERE month >= {first} AND month <= {last}) mo"
        ),
    )
    .await
}

#[tokio::test]
async fn a_quarters_and_a_years_plan_take_the_managers_plans_of_months_the_team_has_none() {
    let mut h = Harness::start().await;
    let db = team(&mut h).await;
    // October: the team's own 3 000 000 / 5 (Анна's own plan of that month does not add to it);
    // November and December: only the managers' plans; March: Анна's alone
    exec(
        &db,
        "INSERT INTO plans (month, scope, money_kopecks, deals, set_by, set_at) VALUES
             (202610, 'team', 300000000, 5, 1, 0), (202610, 'm:2', 777700000, 77, 1, 0),
             (202611, 'm:2', 250000000, 4, 1, 0), (202611, 'm:3', 150000000, 3, 1, 0),
             (202612, 'm:2', 120000000, 2, 1, 0), (202612, 'm:3', 100000000, 1, 1, 0),
             (202603, 'm:2', 50000000, 1, 1, 0)",
    )
    .await;
    // one deal won this quarter: 1 000 000
    closed(&db, &[(1, 2, "won", Some(100_000_000), None, 3)]).await;

    let quarter = (
        plan_in_sql(&db, 202610, 202612, "money_kopecks").await,
        plan_in_sql(&db, 202610, 202612, "deals").await,
    );
    assert_eq!(quarter, (920_000_000, 15));
    let year = (
        plan_in_sql(&db, 202601, 202612, "money_kopecks").await,
        plan_in_sql(&db, 202601, 202612, "deals").await,
    );
    assert_eq!(year, (970_000_000, 16));

    // the storage answers what SQL says, the whole period and month by month
    let mut c = db.acquire().await.unwrap();
    let f = Filter::default();
    assert_eq!(
        q::plan(&mut c, f, 202610, 202612).await.unwrap(),
        (Some(quarter.0), Some(quarter.1))
    );
    let months = q::plan_by_month(&mut c, f, 202601, 202612).await.unwrap();
    let by_month: Vec<(u32, Option<i64>, Option<i64>)> =
        months.iter().map(|m| (m.month, m.money, m.deals)).collect();
    assert_eq!(
        by_month,
        vec![
            (202603, Some(50_000_000), Some(1)),
            (202610, Some(300_000_000), Some(5)),
            (202611, Some(400_000_000), Some(7)),
            (202612, Some(220_000_000), Some(3)),
        ]
    );
    drop(c);

    h.text(HEAD, "/pipeline").await;
    let r = h.press(HEAD, "Квартал").await;
    // 1 000 000 of 9 200 000 is 11 %, 1 deal of 15 is 7 %; nothing open, so the forecast is the won
    r.expect(&format!(
        "🎯 План: 1\u{a0}000\u{a0}000\u{a0}₽ из {} (11%) · 1 из {} сделок (7%)",
        rub(quarter.0),
        quarter.1
    ))
    .expect("🔮 Прогноз к чт, 31.12.2026: 1\u{a0}000\u{a0}000\u{a0}₽ — 11% плана");
    let r = h.press(HEAD, "Год").await;
    r.expect(&format!(
        "🎯 План: 1\u{a0}000\u{a0}000\u{a0}₽ из {} (10%) · 1 из {} сделок (6%)",
        rub(year.0),
        year.1
    ))
    .expect("— 10% плана");
}

#[tokio::test]
async fn a_figure_the_team_left_out_of_its_plan_stays_out_of_a_quarter() {
    let mut h = Harness::start().await;
    let db = team(&mut h).await;
    // November: the team's plan is 10 deals and no money; December: the managers' alone
    exec(
        &db,
        "INSERT INTO plans (month, scope, money_kopecks, deals, set_by, set_at) VALUES
             (202611, 'team', NULL, 10, 1, 0),
             (202611, 'm:2', 250000000, 4, 1, 0), (202611, 'm:3', 150000000, 3, 1, 0),
             (202612, 'm:2', 200000000, 2, 1, 0), (202612, 'm:3', 200000000, 3, 1, 0)",
    )
    .await;
    closed(&db, &[(1, 2, "won", Some(100_000_000), None, 3)]).await;
    let money = plan_in_sql(&db, 202610, 202612, "money_kopecks").await;
    let deals = plan_in_sql(&db, 202610, 202612, "deals").await;
    assert_eq!((money, deals), (400_000_000, 15));
    h.text(HEAD, "/pipeline")
        .await
        .expect("🎯 План: 1 из 10 сделок (10%)")
        .expect_not("из 4\u{a0}000\u{a0}000");
    h.press(HEAD, "Квартал").await.expect(&format!(
        "🎯 План: 1\u{a0}000\u{a0}000\u{a0}₽ из {} (25%) · 1 из {deals} сделок (7%)",
        rub(money)
    ));
}

#[tokio::test]
async fn a_fall_is_rounded_like_a_rise() {
    let mut h = Harness::start().await;
    let db = team(&mut h).await;
    // October 1–26 (the window before): won 16 090 000 in two deals, lost 4;
    // November 1–26: won 11 679 000, lost 1
    closed(
        &db,
        &[
            (1, 2, "won", Some(1_000_000_000), None, 40),
            (2, 3, "won", Some(609_000_000), None, 45),
            (3, 2, "lost", Some(1_000_000), None, 40),
            (4, 2, "lost", Some(1_000_000), None, 41),
            (5, 3, "lost", Some(1_000_000), None, 42),
            (6, 3, "lost", Some(1_000_000), None, 43),
            (7, 2, "won", Some(1_167_900_000), None, 3),
            (8, 3, "lost", Some(1_000_000), None, 4),
        ],
    )
    .await;
    let won = |from: i64, to: i64| {
        format!("SELECT COALESCE(CAST(SUM(amount_kopecks) AS BIGINT), 0) FROM deals WHERE status = 'won' AND closed_at >= {from} AND closed_at < {to}")
    };
    let lost = |from: i64, to: i64| {
        format!("SELECT COUNT(*) FROM deals WHERE status = 'lost' AND closed_at >= {from} AND closed_at < {to}")
    };
    // this month so far and the same span of the month before
    let (now_from, now_to) = Period::Month.bounds(t0(), Moscow);
    let (before_from, before_to) = Period::Month.previous_bounds(t0(), Moscow);
    let won_now = scalar(&db, &won(now_from, now_to)).await;
    let won_before = scalar(&db, &won(before_from, before_to)).await;
    let lost_now = scalar(&db, &lost(now_from, now_to)).await;
    let lost_before = scalar(&db, &lost(before_from, before_to)).await;
    assert_eq!(
        (won_now, won_before, lost_now, lost_before),
        (1_167_900_000, 1_609_000_000, 1, 4)
    );
    // −27.4 % and −75 %, as a calculator rounds them
    let fall = |now: i64, before: i64| ((before - now) as f64 * 100.0 / before as f64).round();
    assert_eq!(
        (fall(won_now, won_before), fall(lost_now, lost_before)),
        (27.0, 75.0)
    );
    h.text(HEAD, "/pipeline")
        .await
        .expect("🏆 Выиграно: 1 на 11\u{a0}679\u{a0}000\u{a0}₽ (▼ 27%; было 2 на 16\u{a0}090\u{a0}000\u{a0}₽)")
        .expect("❌ Отказы: 1 на 10\u{a0}000\u{a0}₽ (▼ 75%; было 4)")
        .expect("Сравнение — с тем же сроком раньше: 01.10.2026–26.10.2026.");
}

#[tokio::test]
async fn closed_money_shows_the_price_list_estimates_apart_in_both_languages() {
    let mut h = Harness::start().await;
    let db = team(&mut h).await;
    // November: six refusals, five with an agreed amount (2 904 000 in all) and one with only
    // the price named at step 2 (590 000); two won deals, one of them estimated
    closed(
        &db,
        &[
            (1, 2, "lost", Some(100_000_000), None, 3),
            (2, 2, "lost", Some(90_400_000), None, 4),
            (3, 3, "lost", Some(50_000_000), None, 5),
            (4, 3, "lost", Some(30_000_000), None, 6),
            (5, 3, "lost", Some(20_000_000), Some(99_900_000), 7),
            (6, 2, "lost", None, Some(59_000_000), 8),
            (7, 2, "won", Some(200_000_000), None, 3),
            (8, 3, "won", None, Some(45_000_000), 4),
        ],
    )
    .await;
    let (from, to) = Period::Month.bounds(t0(), Moscow);
    let money = |status: &str, agreed: bool| {
        format!(
            "SELECT COALESCE(CAST(SUM({}) AS BIGINT), 0) FROM deals WHERE status = '{status}' AND closed_at >= {from} AND closed_at < {to} AND amount_kopecks IS {}NULL",
            if agreed { "amount_kopecks" } else { "estimate_kopecks" },
            if agreed { "NOT " } else { "" }
        )
    };
    let lost = (
        scalar(&db, &money("lost", true)).await,
        scalar(&db, &money("lost", false)).await,
    );
    let won = (
        scalar(&db, &money("won", true)).await,
        scalar(&db, &money("won", false)).await,
    );
    assert_eq!(lost, (290_400_000, 59_000_000));
    assert_eq!(won, (200_000_000, 45_000_000));
    let r = h.text(HEAD, "/pipeline").await;
    r.expect(&format!(
        "❌ Отказы: 6 на {} + ≈ {} (▲; было 0)",
        rub(lost.0),
        rub(lost.1)
    ))
    .expect(&format!(
        "🏆 Выиграно: 2 на {} + ≈ {} (▲; было 0 на 0\u{a0}₽)",
        rub(won.0),
        rub(won.1)
    ))
    .expect_not("3\u{a0}494\u{a0}000");
    // the same in English
    exec(
        &db,
        &format!("UPDATE users SET locale = 'en' WHERE tg_id = {HEAD}"),
    )
    .await;
    h.text(HEAD, "/pipeline")
        .await
        .expect(&format!(
            "❌ Lost: 6 for {} + ≈ {} (▲; was 0)",
            rub(lost.0),
            rub(lost.1)
        ))
        .expect(&format!("🏆 Won: 2 for {} + ≈ {}", rub(won.0), rub(won.1)));
}

#[tokio::test]
async fn closed_money_that_is_all_estimate_is_marked_as_such() {
    let mut h = Harness::start().await;
    let db = team(&mut h).await;
    closed(&db, &[(1, 2, "lost", None, Some(59_000_000), 3)]).await;
    h.text(HEAD, "/pipeline")
        .await
        .expect("❌ Отказы: 1 на ≈ 590\u{a0}000\u{a0}₽ (▲; было 0)");
}

#[tokio::test]
async fn the_refusals_report_counts_the_estimates_its_summary_line_counts() {
    let mut h = Harness::start().await;
    let db = team(&mut h).await;
    closed(
        &db,
        &[
            (1, 2, "lost", Some(100_000_000), None, 3),
            (2, 2, "lost", None, Some(59_000_000), 4),
        ],
    )
    .await;
    exec(
        &db,
        &format!(
            "INSERT INTO refusals (deal_id, stage, refused_on, reason, contact_name, contact_position, recorded_by, created_at) VALUES
                 (1, 'work', {a}, 'Дорого', 'Иван', 'директор', 2, {a}),
                 (2, 'work', {b}, 'Дорого', 'Иван', 'директор', 2, {b})",
            a = ago(3),
            b = ago(4)
        ),
    )
    .await;
    let (from, to) = Period::Month.bounds(t0(), Moscow);
    let (agreed, estimated) = (
        scalar(&db, &format!("SELECT COALESCE(CAST(SUM(d.amount_kopecks) AS BIGINT), 0) FROM refusals r JOIN deals d ON d.id = r.deal_id WHERE r.refused_on >= {from} AND r.refused_on < {to}")).await,
        scalar(&db, &format!("SELECT COALESCE(CAST(SUM(d.estimate_kopecks) AS BIGINT), 0) FROM refusals r JOIN deals d ON d.id = r.deal_id WHERE d.amount_kopecks IS NULL AND r.refused_on >= {from} AND r.refused_on < {to}")).await,
    );
    assert_eq!((agreed, estimated), (100_000_000, 59_000_000));
    let line = format!("2 на {} + ≈ {}", rub(agreed), rub(estimated));
    h.text(HEAD, "/pipeline")
        .await
        .expect(&format!("❌ Отказы: {line}"));
    h.press(HEAD, "Отказы").await.expect(&format!(
        "• Дорого — 2 · {} + ≈ {}",
        rub(agreed),
        rub(estimated)
    ));
}
