//! The board's answer: its columns (counts, money, the first page of cards), a column's next
//! page, the period's summary beside the plan, and the filters the viewer may use.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::cards::{card, column_cards, column_totals, stage_title, Card, PAGE};
use super::scope::{scope_for, Scope};
use super::viewer::{authorize, forbidden, internal, Viewer};
use crate::app::App;
use crate::domain::{Money, Role};
use crate::i18n::{self, tr, Lang};
use crate::pipeline::{Stage, StageSpec, STAGES};
use crate::reports::period::Period;
use crate::storage::reports::{self as q, Filter};
use crate::storage::{catalog, users, Conn};

fn param<T: std::str::FromStr>(query: &HashMap<String, String>, name: &str) -> Option<T> {
    query
        .get(name)
        .filter(|v| !v.is_empty())
        .and_then(|v| v.parse().ok())
}

/// The board's request, as it came: period, manager, direction, and (for a column's next
/// page) the column and its page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoardQuery {
    pub period: Period,
    pub manager: Option<i64>,
    pub direction: Option<i64>,
    pub column: Option<Stage>,
    pub page: i64,
}

impl BoardQuery {
    pub fn from_query(query: &HashMap<String, String>) -> Self {
        Self {
            period: query
                .get("period")
                .and_then(|p| Period::from_code(p))
                .unwrap_or(Period::Month),
            manager: param(query, "manager"),
            direction: param(query, "direction"),
            column: query.get("column").and_then(|c| Stage::from_code(c)),
            page: param(query, "page").unwrap_or(0),
        }
    }
}

pub(super) async fn board(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let v = match authorize(&app, &headers, &query).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let bq = BoardQuery::from_query(&query);
    match board_json(&app, &v, bq).await {
        Ok(Some(body)) => Json(body).into_response(),
        Ok(None) => forbidden(),
        Err(e) => internal(e),
    }
}

/// The board as JSON for a viewer: `None` when the filters are not theirs to ask for.
pub async fn board_json(
    app: &App,
    v: &Viewer,
    bq: BoardQuery,
) -> Result<Option<Value>, sqlx::Error> {
    let mut c = app.read.acquire().await?;
    board_on(&mut c, v, bq, app.clock.now()).await
}

/// `board_json` on a connection at a moment (the benchmark calls it so).
pub async fn board_on(
    c: &mut Conn,
    v: &Viewer,
    bq: BoardQuery,
    now_t: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Value>, sqlx::Error> {
    let Some(scope) = scope_for(v.role, &v.user, bq.manager, bq.direction) else {
        return Ok(None);
    };
    let now = now_t.timestamp();
    if let Some(stage) = bq.column {
        let cards = column_page(c, v, scope, stage, bq.page, now).await?;
        return Ok(Some(
            json!({"stage": stage.code(), "page": bq.page, "cards": cards}),
        ));
    }
    let columns = columns_json(c, v, scope, now).await?;
    let summary = match scope {
        Scope::Deals(f) => summary_json(c, v, f, bq.period, now_t).await?,
        Scope::Lawyer => Value::Null,
    };
    let filters = filters_json(&mut *c, v).await?;
    Ok(Some(json!({
        "lang": v.lang.code(),
        "me": {"name": v.user.name, "role": v.role.code()},
        "period": bq.period.code(),
        "manager": bq.manager,
        "direction": bq.direction,
        "columns": columns,
        "summary": summary,
        "filters": filters,
        "page_size": PAGE,
    })))
}

/// A page of a column's cards as the page shows them.
async fn column_page(
    c: &mut Conn,
    v: &Viewer,
    scope: Scope,
    stage: Stage,
    page: i64,
    now: i64,
) -> Result<Vec<Card>, sqlx::Error> {
    Ok(column_cards(&mut *c, scope, stage, page)
        .await?
        .into_iter()
        .map(|r| card(v, r, now))
        .collect())
}

/// Every stage's column, in the regulation's order, with the first page of its cards (no
/// query for an empty column).
async fn columns_json(
    c: &mut Conn,
    v: &Viewer,
    scope: Scope,
    now: i64,
) -> Result<Vec<Value>, sqlx::Error> {
    let totals = column_totals(&mut *c, scope).await?;
    let mut columns = Vec::new();
    for spec in STAGES.iter() {
        let t = totals
            .iter()
            .find(|m| m.stage == spec.code)
            .cloned()
            .unwrap_or_default();
        let cards = if t.deals > 0 {
            column_page(c, v, scope, spec.stage(), 0, now).await?
        } else {
            Vec::new()
        };
        columns.push(column_json(v.lang, spec, &t, cards));
    }
    Ok(columns)
}

/// A column's head (title, count, money, pages) and its cards.
fn column_json(lang: Lang, spec: &StageSpec, t: &q::OpenMoney, cards: Vec<Card>) -> Value {
    json!({
        "stage": spec.code,
        "title": stage_title(lang, spec.stage()),
        "count": t.deals,
        "kopecks": t.kopecks,
        "estimated_kopecks": t.estimated_kopecks,
        "unpriced": t.unpriced,
        "money": column_money(t),
        "pages": (t.deals + PAGE - 1) / PAGE,
        "cards": cards,
    })
}

/// A column's money: the agreed amounts, and the estimates beside them as «+ ≈ …».
fn column_money(t: &q::OpenMoney) -> String {
    let mut money = Money::from_kopecks(t.kopecks).to_string();
    if t.estimated_kopecks > 0 {
        money.push_str(&format!(
            " + ≈ {}",
            Money::from_kopecks(t.estimated_kopecks)
        ));
    }
    money
}

/// The period's summary as /pipeline writes it (`report`), and its figures one by one for the
/// page's header line: won, lost, the plan and its percentage, the forecast.
async fn summary_json(
    c: &mut Conn,
    v: &Viewer,
    f: Filter,
    period: Period,
    now_t: chrono::DateTime<chrono::Utc>,
) -> Result<Value, sqlx::Error> {
    let lang = v.lang;
    let (s, outlook) = crate::reports::report_for(&mut *c, f, period, now_t, v.tz).await?;
    let scope_label = scope_label(&mut *c, lang, f).await?;
    let (bf, bt) = period.previous_bounds(now_t, v.tz);
    let labels = crate::reports::OutlookLabels {
        before: crate::reports::window_label(bf, bt, v.tz),
        end: i18n::fmt_day(lang, v.tz, period.end(now_t, v.tz) - 1),
    };
    let period_label = crate::reports::period_label(lang, period, now_t, v.tz);
    let text =
        crate::reports::report_text(lang, &s, (&outlook, &labels), &period_label, &scope_label);
    let (plan_money, plan_deals) = outlook.plan.unwrap_or((None, None));
    let won_kopecks = outlook.now.won_kopecks;
    Ok(json!({
        "period_label": period_label,
        "scope": scope_label,
        "created": outlook.now.created,
        "won": outlook.now.won,
        "won_money": Money::from_kopecks(won_kopecks).to_string(),
        "won_kopecks": won_kopecks,
        "lost": outlook.now.lost,
        "plan_money": plan_money.map(|k| Money::from_kopecks(k).to_string()),
        "plan_kopecks": plan_money,
        "plan_deals": plan_deals,
        // rounded as the chat's plan line rounds it
        "plan_pct": plan_money.filter(|p| *p > 0).map(|p| crate::reports::pct(won_kopecks, p)),
        "forecast": outlook.forecast.map(|k| Money::from_kopecks(k).to_string()),
        "forecast_kopecks": outlook.forecast,
        "report": crate::i18n::plain(&text),
    }))
}

/// Whom and which directions the viewer may filter by: the managers the chat's picker offers.
async fn filters_json(c: &mut Conn, v: &Viewer) -> Result<Value, sqlx::Error> {
    let managers: Vec<Value> = match v.role {
        Role::HeadOfSales | Role::HeadOfDirection => {
            users::filter_managers(c, v.role, v.user.direction_id)
                .await?
                .into_iter()
                .map(|u| json!({"id": u.id, "name": u.name}))
                .collect()
        }
        _ => Vec::new(),
    };
    let directions: Vec<Value> = match v.role {
        Role::HeadOfSales => catalog::directions(c)
            .await?
            .into_iter()
            .map(|d| json!({"id": d.id, "name": d.name}))
            .collect(),
        _ => Vec::new(),
    };
    Ok(json!({"managers": managers, "directions": directions}))
}

/// Whose summary it is, as the chat's title names it: the manager, the direction, or everyone.
async fn scope_label(c: &mut Conn, lang: Lang, f: Filter) -> Result<String, sqlx::Error> {
    let mut parts = Vec::new();
    if let Some(m) = f.manager {
        if let Some(u) = users::by_id(c, m).await? {
            parts.push(u.name);
        }
    }
    if let Some(d) = f.direction {
        if let Some(d) = catalog::direction(c, d).await? {
            parts.push(d.name);
        }
    }
    Ok(if parts.is_empty() {
        tr(lang, "report-everyone")
    } else {
        parts.join(" · ")
    })
}
