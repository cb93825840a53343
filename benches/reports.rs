//! Report speed on a seeded pipeline: `cargo bench --bench reports` generates 100,000 deals,
//! 1,000,000 activities and their recorded steps across 200 managers and 10 directions, with
//! this month's plans, then — with no manual ANALYZE, only what the bot itself runs
//! (`storage::optimize`, at start and hourly) — times the /pipeline summary with plan, trend
//! and forecast, a per-manager view, «Люди», «Регламент», a month's XLSX export and the two
//! pictures, and reports the database size. Without `--bench` (as `cargo test --all-targets`
//! runs it) a small dataset checks the path.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Moscow;
use sales_bot::i18n::Lang;
use sales_bot::pipeline::{Check, STAGES};
use sales_bot::reports::{export, funnel, period::Period, report_for, trend};
use sales_bot::storage::{self, reports as q, reports::Filter};

/// A small deterministic generator (xorshift), so every run builds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn p(mut v: Vec<Duration>, q: f64) -> f64 {
    v.sort();
    v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (n_deals, per_deal, n_managers, n_dirs, runs) = if full {
        (100_000, 10, 200, 10, 30)
    } else {
        (2_000, 10, 20, 4, 3)
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports.sqlite");
    let db = storage::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let ts = now.timestamp();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);

    let gen = Instant::now();
    let mut tx = storage::begin_write(&db).await.unwrap();
    let mut sql = String::from("INSERT INTO directions (id, name, created_at) VALUES ");
    sql.push_str(
        &(1..=n_dirs)
            .map(|d| format!("({d}, 'Направление {d}', 0)"))
            .collect::<Vec<_>>()
            .join(","),
    );
    sqlx::query(&sql).execute(&mut *tx).await.unwrap();
    let mut sql =
        String::from("INSERT INTO users (id, tg_id, name, role, timezone, created_at) VALUES ");
    sql.push_str(
        &(1..=n_managers)
            .map(|m| {
                format!(
                    "({m}, {}, 'Менеджер {m}', 'manager', 'Europe/Moscow', 0)",
                    10_000 + m
                )
            })
            .collect::<Vec<_>>()
            .join(","),
    );
    sqlx::query(&sql).execute(&mut *tx).await.unwrap();
    const BATCH: usize = 500;
    let kinds = ["call", "call", "meeting", "document", "note", "stage"];
    let mut deals = Vec::with_capacity(BATCH);
    let mut acts = Vec::with_capacity(BATCH * per_deal);
    let mut steps: Vec<String> = Vec::with_capacity(BATCH * 9);
    for id in 1..=n_deals as i64 {
        let created = ts - rng.below(365 * 86_400) as i64;
        let stage = STAGES[rng.below(STAGES.len() as u64) as usize].code;
        let roll = rng.below(10);
        let status = if roll == 0 {
            "won"
        } else if roll < 3 {
            "lost"
        } else {
            "open"
        };
        let closed = if status == "open" {
            "NULL".to_owned()
        } else {
            (created + rng.below((ts - created) as u64 + 1) as i64).to_string()
        };
        let manager = 1 + rng.below(n_managers as u64);
        let direction = 1 + rng.below(n_dirs as u64);
        let amount = (50_000 + rng.below(5_000_000)) * 100;
        let last = created + rng.below((ts - created) as u64 + 1) as i64;
        deals.push(format!("({id}, {id}, {id}, {manager}, {direction}, 'call', '{stage}', '{status}', {amount}, {created}, {created}, {last}, {closed})"));
        // the steps it went through, one after another up to where it stands
        let reached = STAGES.iter().position(|s| s.code == stage).unwrap_or(0);
        let span = ((ts - created) / (reached as i64 + 1)).max(1);
        let mut prev_at = created;
        for (k, s) in STAGES.iter().take(reached + 1).enumerate() {
            let at = created + span * k as i64 + rng.below(span as u64) as i64;
            let prev = match k {
                0 => "NULL, NULL".to_owned(),
                _ => format!("'{}', {}", STAGES[k - 1].code, prev_at),
            };
            steps.push(format!(
                "({id}, '{}', '{{}}', {manager}, {at}, {prev})",
                s.code
            ));
            prev_at = at;
        }
        for _ in 0..per_deal {
            let at = created + rng.below((ts - created) as u64 + 1) as i64;
            acts.push(format!(
                "({id}, {manager}, '{}', '{stage}', '', {at})",
                kinds[rng.below(kinds.len() as u64) as usize]
            ));
        }
        if deals.len() == BATCH || id == n_deals as i64 {
            let first = id - deals.len() as i64 + 1;
            let clients: Vec<String> = (first..=id)
                .map(|i| format!("({i}, 'Клиент {i}', 'клиент {i}', 1, 0)"))
                .collect();
            sqlx::query(&format!(
                "INSERT INTO clients (id, name, name_key, created_by, created_at) VALUES {}",
                clients.join(",")
            ))
            .execute(&mut *tx)
            .await
            .unwrap();
            let contacts: Vec<String> = (first..=id)
                .map(|i| format!("({i}, {i}, 'Контакт', 'директор', 1, 0)"))
                .collect();
            sqlx::query(&format!("INSERT INTO contacts (id, client_id, name, position, created_by, created_at) VALUES {}", contacts.join(","))).execute(&mut *tx).await.unwrap();
            sqlx::query(&format!(
                "INSERT INTO deals (id, client_id, contact_id, manager_id, direction_id, channel, stage, status, amount_kopecks, created_at, stage_changed_at, last_activity_at, closed_at) VALUES {}",
                deals.join(",")
            ))
            .execute(&mut *tx)
            .await
            .unwrap();
            for chunk in acts.chunks(BATCH * 2) {
                sqlx::query(&format!("INSERT INTO activities (deal_id, author_id, kind, stage, body, created_at) VALUES {}", chunk.join(","))).execute(&mut *tx).await.unwrap();
            }
            for chunk in steps.chunks(BATCH * 2) {
                sqlx::query(&format!("INSERT INTO deal_steps (deal_id, stage, data, completed_by, completed_at, prev_stage, prev_completed_at) VALUES {}", chunk.join(","))).execute(&mut *tx).await.unwrap();
            }
            deals.clear();
            acts.clear();
            steps.clear();
        }
    }
    sqlx::query("INSERT INTO reminders (deal_id, user_id, kind, due_at, state, created_at) SELECT id, manager_id, 'callback', last_activity_at + 86400, 'sent', created_at FROM deals WHERE status = 'open' AND id % 3 = 0")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("INSERT INTO refusals (deal_id, stage, refused_on, reason, contact_name, contact_position, recorded_by, created_at) SELECT id, stage, closed_at, CASE id % 4 WHEN 0 THEN 'Дорого' WHEN 1 THEN 'Нет бюджета' WHEN 2 THEN 'Выбрали конкурента' ELSE 'Отложили' END, 'Контакт', 'директор', manager_id, closed_at FROM deals WHERE status = 'lost'")
        .execute(&mut *tx)
        .await
        .unwrap();
    // this month's plans: the team's and every manager's
    sqlx::query("INSERT INTO plans (month, scope, money_kopecks, deals, set_by, set_at) VALUES (202611, 'team', 50000000000, 2000, 1, 0)")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("INSERT INTO plans (month, scope, money_kopecks, deals, set_by, set_at) SELECT 202611, 'm:' || id, 250000000, 10, 1, 0 FROM users")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // what the bot runs at start and hourly — no manual ANALYZE
    storage::optimize(&db).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db)
        .await
        .unwrap();
    let gen_secs = gen.elapsed().as_secs_f64();
    let db_mib = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1024.0 / 1024.0;

    let mut c = db.acquire().await.unwrap();
    let mut summary = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (s, o) = report_for(&mut c, Filter::default(), Period::Month, now, Moscow)
            .await
            .unwrap();
        summary.push(t.elapsed());
        assert!(s.open_total().0 > 0);
        assert!(o.plan.is_some() && o.forecast.is_some());
    }
    let (from, to) = Period::Month.bounds(now, Moscow);
    // where the summary's time goes, query by query
    let mut parts: Vec<(&str, f64)> = Vec::new();
    {
        let f = Filter::default();
        let mut time =
            |name: &'static str, t: Instant| parts.push((name, t.elapsed().as_secs_f64() * 1000.0));
        let t = Instant::now();
        q::open_money(&mut c, f).await.unwrap();
        time("open money", t);
        let t = Instant::now();
        q::cohort(&mut c, f, from, to).await.unwrap();
        time("cohort", t);
        let t = Instant::now();
        q::overdue(&mut c, f, ts).await.unwrap();
        time("overdue", t);
        let t = Instant::now();
        q::silent_count(&mut c, f, ts).await.unwrap();
        time("silent", t);
        let t = Instant::now();
        q::period_stats(&mut c, f, from, to).await.unwrap();
        time("period stats", t);
        let t = Instant::now();
        q::closed_history(&mut c, ts - 365 * 86_400).await.unwrap();
        time("history", t);
        let t = Instant::now();
        q::stage_durations(&mut c, f, from, to).await.unwrap();
        time("time in stage", t);
        let t = Instant::now();
        q::plan(&mut c, f, 202611, 202611).await.unwrap();
        time("plan", t);
        let t = Instant::now();
        q::activity_counts(&mut c, f, from, to).await.unwrap();
        time("people: actions", t);
        let t = Instant::now();
        q::closed_by_manager(&mut c, f, from, to).await.unwrap();
        time("people: closed", t);
        let t = Instant::now();
        q::overdue_by_user(&mut c, f, ts).await.unwrap();
        time("people: overdue", t);
        let t = Instant::now();
        q::won_money_by_manager(&mut c, f, from, to).await.unwrap();
        time("people: won", t);
        let t = Instant::now();
        q::silent_by_manager(&mut c, f, ts).await.unwrap();
        time("people: silent", t);
    }
    let mut manager = Vec::new();
    for i in 0..runs {
        let f = Filter {
            manager: Some(1 + (i as i64 % n_managers as i64)),
            direction: None,
        };
        let t = Instant::now();
        report_for(&mut c, f, Period::Month, now, Moscow)
            .await
            .unwrap();
        manager.push(t.elapsed());
    }
    // «Люди»: every query the report runs
    let mut people = Vec::new();
    for _ in 0..runs {
        let f = Filter::default();
        let t = Instant::now();
        q::activity_counts(&mut c, f, from, to).await.unwrap();
        q::closed_by_manager(&mut c, f, from, to).await.unwrap();
        q::overdue_by_user(&mut c, f, ts).await.unwrap();
        q::won_money_by_manager(&mut c, f, from, to).await.unwrap();
        q::silent_by_manager(&mut c, f, ts).await.unwrap();
        q::manager_plans(&mut c, 202611, 202611).await.unwrap();
        people.push(t.elapsed());
    }
    // «Регламент»: the six checks, counted exactly
    let after = |i: usize| STAGES[i + 1..].iter().map(|s| s.code).collect::<Vec<_>>();
    let mut compliance = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..runs {
        let f = Filter::default();
        let t = Instant::now();
        counts.clear();
        counts.push(
            q::breaches(&mut c, f, Check::Meeting, &after(4), from, to, 0)
                .await
                .unwrap()
                .1,
        );
        counts.push(
            q::breaches(&mut c, f, Check::Price, &[], from, to, 0)
                .await
                .unwrap()
                .1,
        );
        counts.push(
            q::breaches(&mut c, f, Check::Proposal, &after(4), from, to, 0)
                .await
                .unwrap()
                .1,
        );
        counts.push(
            q::breaches(&mut c, f, Check::Lawyer, &after(8), from, to, 0)
                .await
                .unwrap()
                .1,
        );
        counts.push(q::silent_count(&mut c, f, ts).await.unwrap());
        counts.push(q::overdue_deals(&mut c, f, ts, 0).await.unwrap().1);
        compliance.push(t.elapsed());
    }
    let (from, to) = Period::Month.bounds(now, Moscow);
    let t = Instant::now();
    let deals_rows = q::export_deals(&mut c, Filter::default(), from, to)
        .await
        .unwrap();
    let act_rows = q::export_activities(&mut c, Filter::default(), from, to)
        .await
        .unwrap();
    use export::Cell;
    let at = |ts: i64| {
        chrono::DateTime::from_timestamp(ts, 0)
            .map(|t| Cell::Time(t.naive_utc()))
            .unwrap_or(Cell::Empty)
    };
    let drows: Vec<Vec<Cell>> = deals_rows
        .iter()
        .map(|d| {
            vec![
                Cell::Int(d.id),
                Cell::Text(d.client.clone()),
                Cell::Text(d.manager.clone()),
                Cell::Text(d.stage.clone()),
                Cell::Text(d.status.clone()),
                d.amount_kopecks.map(Cell::Money).unwrap_or(Cell::Empty),
            ]
        })
        .collect();
    let arows: Vec<Vec<Cell>> = act_rows
        .iter()
        .map(|a| {
            vec![
                Cell::Int(a.id),
                Cell::Int(a.deal_id),
                Cell::Text(a.kind.clone()),
                at(a.created_at),
            ]
        })
        .collect();
    let xlsx = export::xlsx(&[
        (
            "Сделки",
            &["id", "client", "manager", "stage", "status", "amount"],
            &drows,
        ),
        ("Действия", &["id", "deal", "kind", "at"], &arows),
    ])
    .unwrap();
    let export_secs = t.elapsed().as_secs_f64();
    let (s, _) = report_for(&mut c, Filter::default(), Period::Month, now, Moscow)
        .await
        .unwrap();
    let mut chart = Vec::new();
    let mut png_len = 0;
    for _ in 0..runs.min(10) {
        let t = Instant::now();
        png_len = funnel(&s, Lang::Ru, "Месяц", "Все").len();
        png_len += trend(
            &mut c,
            Filter::default(),
            Period::Month,
            now,
            Moscow,
            Lang::Ru,
            "Месяц",
            "Все",
        )
        .await
        .unwrap()
        .len();
        chart.push(t.elapsed());
    }

    // the Mini App's board: 17 columns with their first 50 cards, counts and money, and the
    // same plan, fact and forecast as /pipeline — for a head of sales and for one manager
    let viewer = |role: sales_bot::domain::Role, id: i64| sales_bot::miniapp::Viewer {
        user: sales_bot::storage::users::User {
            id,
            tg_id: 10_000 + id,
            name: format!("Менеджер {id}"),
            username: None,
            role,
            direction_id: None,
            timezone: "Europe/Moscow".into(),
            locale: "ru".into(),
            active: true,
            agenda_minute: 540,
            work_days: 31,
            work_start: 540,
            work_end: 1140,
            paused_until: None,
            blocked_at: None,
        },
        role,
        lang: Lang::Ru,
        tz: Moscow,
    };
    let bq = sales_bot::miniapp::BoardQuery::from_query(&Default::default());
    let mut board = Vec::new();
    let mut board_manager = Vec::new();
    let mut board_bytes = 0;
    let mut board_cards = 0;
    for i in 0..runs {
        let head = viewer(sales_bot::domain::Role::HeadOfSales, 1);
        let t = Instant::now();
        let json = sales_bot::miniapp::board_on(&mut c, &head, bq, now)
            .await
            .unwrap()
            .unwrap();
        board.push(t.elapsed());
        board_bytes = json.to_string().len();
        board_cards = json["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["cards"].as_array().unwrap().len())
            .sum::<usize>();
        let m = viewer(
            sales_bot::domain::Role::Manager,
            1 + (i as i64 % n_managers as i64),
        );
        let t = Instant::now();
        sales_bot::miniapp::board_on(&mut c, &m, bq, now)
            .await
            .unwrap()
            .unwrap();
        board_manager.push(t.elapsed());
    }

    println!("report benchmark ({})", if full { "full" } else { "smoke" });
    println!("  data: {n_deals} deals, {} activities, {n_managers} managers, {n_dirs} directions; generated in {gen_secs:.1} s", n_deals * per_deal);
    println!("  database size: {db_mib:.1} MiB");
    println!(
        "  /pipeline summary with plan, trend and forecast (everyone, month): p50 {:.1} ms, p95 {:.1} ms over {runs} runs",
        p(summary.clone(), 0.5),
        p(summary, 0.95)
    );
    println!(
        "    its queries: {}",
        parts
            .iter()
            .map(|(n, ms)| format!("{n} {ms:.1} ms"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  per-manager view (summary with plan and trend): p50 {:.1} ms, p95 {:.1} ms",
        p(manager.clone(), 0.5),
        p(manager, 0.95)
    );
    println!(
        "  «Люди» (everyone, month): p50 {:.1} ms, p95 {:.1} ms",
        p(people.clone(), 0.5),
        p(people, 0.95)
    );
    println!(
        "  «Регламент» (six exact counts {counts:?}): p50 {:.1} ms, p95 {:.1} ms",
        p(compliance.clone(), 0.5),
        p(compliance, 0.95)
    );
    println!(
        "  XLSX export of a month: {export_secs:.2} s, {} deals + {} activities, {:.1} MiB",
        drows.len(),
        arows.len(),
        xlsx.len() as f64 / 1024.0 / 1024.0
    );
    println!(
        "  Mini App board (everyone, month: {board_cards} cards, {} KiB of JSON): p50 {:.1} ms, p95 {:.1} ms; one manager's: p50 {:.1} ms, p95 {:.1} ms",
        board_bytes / 1024,
        p(board.clone(), 0.5),
        p(board, 0.95),
        p(board_manager.clone(), 0.5),
        p(board_manager, 0.95)
    );
    println!(
        "  funnel and trend pictures: p50 {:.1} ms, {} KiB",
        p(chart, 0.5),
        png_len / 1024
    );
}
