//! A deal as a card on the board and in search: the query that reads cards, a column's page
//! and totals, and the card as the page shows it (money, days on the stage, what is due).

use chrono::TimeZone;
use chrono_tz::Tz;
use serde::Serialize;
use sqlx::FromRow;

use super::scope::{Scope, WAITS_FOR_LAWYER};
use super::viewer::Viewer;
use crate::domain::Money;
use crate::i18n::{tr, Lang};
use crate::pipeline::Stage;
use crate::storage::reports::{self as q, Filter};
use crate::storage::Conn;
use crate::tr;

/// Cards a column shows at once; the next ones come a page at a time.
pub const PAGE: i64 = 50;

/// One card on the board.
#[derive(Debug, Clone, FromRow)]
pub struct CardRow {
    pub id: i64,
    pub stage: String,
    pub status: String,
    pub client: String,
    pub amount_kopecks: Option<i64>,
    pub estimate_kopecks: Option<i64>,
    pub manager: String,
    pub stage_changed_at: i64,
    pub next_due: Option<i64>,
    pub waiting: i64,
}

/// The `SELECT … FROM` of a `CardRow`; `d` is the deal.
pub(super) const CARD_SELECT: &str = "SELECT d.id, d.stage, d.status, cl.name AS client, d.amount_kopecks, d.estimate_kopecks,
            u.name AS manager, d.stage_changed_at,
            (SELECT MIN(r.due_at) FROM reminders r WHERE r.deal_id = d.id AND r.state IN ('pending', 'sent')) AS next_due,
            (SELECT COUNT(*) FROM approvals a WHERE a.deal_id = d.id AND a.state = 'pending') AS waiting
         FROM deals d JOIN clients cl ON cl.id = d.client_id JOIN users u ON u.id = d.manager_id";

/// A page of one column's open deals, the most recently active first.
pub async fn column_cards(
    c: &mut Conn,
    scope: Scope,
    stage: Stage,
    page: i64,
) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CARD_SELECT} WHERE d.status = 'open' AND d.stage = $1{} ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2 OFFSET $3",
        scope.clause()
    ))
    .bind(stage.code())
    .bind(PAGE)
    .bind(page.max(0) * PAGE)
    .fetch_all(&mut *c)
    .await
}

/// Open deals and money per stage, as /pipeline counts them.
pub async fn column_totals(c: &mut Conn, scope: Scope) -> Result<Vec<q::OpenMoney>, sqlx::Error> {
    match scope {
        Scope::Deals(f) => q::open_money(c, f).await,
        Scope::Lawyer => {
            let sql = q::open_money_sql(Filter::default()).replace(
                " GROUP BY d.stage",
                &format!("{WAITS_FOR_LAWYER} GROUP BY d.stage"),
            );
            sqlx::query_as(&sql).fetch_all(&mut *c).await
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Card {
    id: i64,
    client: String,
    amount: String,
    estimated: bool,
    manager: String,
    days: i64,
    due: Option<&'static str>,
    waiting: bool,
    status: String,
    stage: String,
}

/// A deal's money as a card reads it, and whether it is only the estimate.
pub(super) fn money_text(amount: Option<i64>, estimate: Option<i64>) -> (String, bool) {
    match (amount, estimate) {
        (Some(a), _) => (Money::from_kopecks(a).to_string(), false),
        (None, Some(e)) => (format!("≈ {}", Money::from_kopecks(e)), true),
        (None, None) => ("—".to_owned(), false),
    }
}

/// The start and end of the viewer's today, as unix seconds.
fn today(now: i64, tz: Tz) -> (i64, i64) {
    let local = chrono::DateTime::from_timestamp(now, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive();
    let start = tz
        .from_local_datetime(&local.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.timestamp())
        .unwrap_or(now);
    (start, start + 86_400)
}

pub(super) fn card(v: &Viewer, r: CardRow, now: i64) -> Card {
    let (amount, estimated) = money_text(r.amount_kopecks, r.estimate_kopecks);
    let (_, end) = today(now, v.tz);
    let due = match r.next_due {
        Some(t) if t < now => Some("overdue"),
        Some(t) if t < end => Some("today"),
        _ => None,
    };
    Card {
        id: r.id,
        client: r.client,
        amount,
        estimated,
        manager: r.manager,
        days: ((now - r.stage_changed_at) / 86_400).max(0),
        due,
        waiting: r.waiting > 0,
        status: r.status,
        stage: r.stage,
    }
}

/// A stage as its column and a deal's card title it: «1. Потребности».
pub(super) fn stage_title(lang: Lang, stage: Stage) -> String {
    tr!(
        lang,
        "stage-name",
        step = i64::from(stage.step()),
        name = tr(lang, &format!("stage-{}", stage.code()))
    )
}
