//! The pipeline board as a Telegram Mini App, served under `/app/` on the bot's own listener
//! when `MINIAPP_URL` is set: one static page compiled into the binary and a JSON API. Every
//! API call carries the page's `initData`; it is checked as Telegram prescribes (`auth`), its
//! user mapped to the team member and role exactly as a chat message is, and every answer is
//! scoped as the chat scopes it: a manager's own deals, a head of direction's direction, all of
//! them for a head of sales, and for the lawyer what waits for the lawyer.

pub mod auth;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::TimeZone;
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::{json, Value};
use sqlx::FromRow;

use crate::app::App;
use crate::dialogue::Answers;
use crate::domain::{Money, Role};
use crate::i18n::{self, tr, Lang};
use crate::pipeline::answers::{self, Named, Shown};
use crate::pipeline::timeline::Body;
use crate::pipeline::{ActivityKind, Stage, STAGES};
use crate::reports::period::Period;
use crate::storage::reports::{self as q, Filter};
use crate::storage::{self, catalog, deals, users, Conn};
use crate::tr;

/// Cards a column shows at once; the next ones come a page at a time.
pub const PAGE: i64 = 50;

/// The page: HTML, CSS and script in one file, no build step and nothing from a CDN.
pub const PAGE_HTML: &str = include_str!("board.html");

/// `/app/`, its API and the document downloads; the state is the application itself.
pub fn router(app: Arc<App>) -> Router {
    // compressed now, not on the first visitor's request
    compiled_page();
    Router::new()
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route("/app/", get(page))
        .route("/app/api/board", get(board))
        .route("/app/api/deal/{id}", get(deal))
        .route("/app/api/doc/{id}", get(document))
        .route("/app/api/search", get(search))
        .with_state(app)
}

/// The page as it goes over the wire: compressed once, at start, and named by its content so
/// a browser's copy is revalidated with a 304 instead of sent again.
struct Page {
    gzip: Vec<u8>,
    etag: String,
}

fn compiled_page() -> &'static Page {
    static PAGE: std::sync::OnceLock<Page> = std::sync::OnceLock::new();
    PAGE.get_or_init(|| {
        use sha2::Digest;
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // writing to a Vec cannot fail
        let _ = z.write_all(PAGE_HTML.as_bytes());
        let gzip = z.finish().unwrap_or_default();
        let digest = sha2::Sha256::digest(PAGE_HTML.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Page {
            gzip,
            etag: format!("\"{hex}\""),
        }
    })
}

/// Whether an `Accept-Encoding` header takes gzip (by name or `*`, with a weight above zero).
fn accepts_gzip(header: &str) -> bool {
    header.split(',').any(|offer| {
        let mut parts = offer.split(';').map(str::trim);
        let name = parts.next().unwrap_or("").to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        (name == "gzip" || name == "*") && q > 0.0
    })
}

async fn page(headers: HeaderMap) -> Response {
    let compiled = compiled_page();
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(accepts_gzip);
    // one ETag per encoding, as a cache keeps them apart
    let etag = if gzip {
        format!("{}-gzip\"", compiled.etag.trim_end_matches('"'))
    } else {
        compiled.etag.clone()
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let common = [
        (header::CACHE_CONTROL, "no-cache".to_owned()),
        (header::VARY, "Accept-Encoding".to_owned()),
        (header::ETAG, etag),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let csp = "default-src 'self'; script-src 'self' 'unsafe-inline' https://telegram.org; \
               style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";
    let html = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, csp),
    ];
    if gzip {
        (
            common,
            html,
            [(header::CONTENT_ENCODING, "gzip")],
            compiled.gzip.clone(),
        )
            .into_response()
    } else {
        (common, html, PAGE_HTML).into_response()
    }
}

/// Who is looking, as the chat knows them.
pub struct Viewer {
    pub user: users::User,
    pub role: Role,
    pub lang: Lang,
    pub tz: Tz,
}

/// 401 with nothing but the word: no data of any kind goes to a refused caller.
fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": "unauthorized"})),
    )
        .into_response()
}

fn forbidden() -> Response {
    (StatusCode::FORBIDDEN, Json(json!({"error": "forbidden"}))).into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"error": "not_found"}))).into_response()
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "mini app request failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({"error": "internal"})),
    )
        .into_response()
}

/// initData from `Authorization: tma <initData>` (Telegram's convention), or the `tma` query
/// parameter (document links the page opens).
fn init_data<'a>(headers: &'a HeaderMap, query: &'a HashMap<String, String>) -> &'a str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("tma "))
        .or_else(|| query.get("tma").map(String::as_str))
        .unwrap_or("")
}

/// The audit row a refused chat update leaves (`access_denied`: Telegram id, time, what).
async fn audit(app: &App, tg_id: i64, what: &str) {
    let ts = app.clock.now().timestamp();
    let written = async {
        let mut tx = storage::begin_write(&app.db).await?;
        users::record_denied(&mut tx, tg_id, what, ts).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = written {
        tracing::warn!(error = %e, "mini app refusal not audited");
    }
    tracing::info!(tg_id, what, "mini app request refused");
}

/// Checks the request's initData and finds its team member; a refusal is audited and answered
/// 401.
pub async fn authorize(
    app: &App,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<Viewer, Response> {
    let Some(cfg) = app.cfg.miniapp.as_ref() else {
        return Err(not_found());
    };
    let raw = init_data(headers, query);
    let now = app.clock.now().timestamp();
    let signed = match auth::verify(
        raw,
        app.cfg.token.expose(),
        now,
        i64::try_from(cfg.auth_max_age_secs).unwrap_or(i64::MAX),
    ) {
        Ok(u) => u,
        Err(r) => {
            audit(app, auth::claimed_user(raw), r.code()).await;
            return Err(unauthorized());
        }
    };
    let found = async {
        let mut c = app.read.acquire().await?;
        users::by_tg(&mut c, signed.id).await
    }
    .await
    .map_err(internal)?;
    let configured_head = app.cfg.head_of_sales_ids.contains(&signed.id);
    match found {
        Some(user) if user.active => {
            // a head named in HEAD_OF_SALES_IDS is a head of sales, as in chat
            let role = if configured_head {
                Role::HeadOfSales
            } else {
                user.role
            };
            let lang = Lang::from_code(&user.locale);
            let tz = user.timezone.parse().unwrap_or(app.cfg.default_tz);
            Ok(Viewer {
                user,
                role,
                lang,
                tz,
            })
        }
        _ => {
            audit(app, signed.id, "miniapp").await;
            Err(unauthorized())
        }
    }
}

/// Whose deals an answer covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Deals(Filter),
    /// The lawyer's: open deals with a contract waiting for the lawyer.
    Lawyer,
}

const WAITS_FOR_LAWYER: &str = " AND EXISTS (SELECT 1 FROM approvals a WHERE a.deal_id = d.id AND a.state = 'pending' AND a.decider = 'lawyer')";

impl Scope {
    fn clause(&self) -> String {
        match self {
            Scope::Deals(f) => f.clause(),
            Scope::Lawyer => WAITS_FOR_LAWYER.to_owned(),
        }
    }
}

/// The filters asked for, narrowed by the role exactly as /pipeline narrows them; `None` when
/// the role may not ask for that.
pub fn scope_for(
    role: Role,
    user: &users::User,
    manager: Option<i64>,
    direction: Option<i64>,
) -> Option<Scope> {
    match role {
        Role::HeadOfSales => Some(Scope::Deals(Filter { manager, direction })),
        Role::HeadOfDirection => match user.direction_id {
            Some(d) if direction.is_none_or(|x| x == d) => Some(Scope::Deals(Filter {
                manager,
                direction: Some(d),
            })),
            _ => None,
        },
        Role::Manager if manager.is_none_or(|m| m == user.id) && direction.is_none() => {
            Some(Scope::Deals(Filter {
                manager: Some(user.id),
                direction: None,
            }))
        }
        Role::Manager => None,
        Role::Lawyer => Some(Scope::Lawyer),
    }
}

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

macro_rules! card_select {
    () => {
        "SELECT d.id, d.stage, d.status, cl.name AS client, d.amount_kopecks, d.estimate_kopecks,
            u.name AS manager, d.stage_changed_at,
            (SELECT MIN(r.due_at) FROM reminders r WHERE r.deal_id = d.id AND r.state IN ('pending', 'sent')) AS next_due,
            (SELECT COUNT(*) FROM approvals a WHERE a.deal_id = d.id AND a.state = 'pending') AS waiting
         FROM deals d JOIN clients cl ON cl.id = d.client_id JOIN users u ON u.id = d.manager_id"
    };
}

/// A page of one column's open deals, the most recently active first.
pub async fn column_cards(
    c: &mut Conn,
    scope: Scope,
    stage: Stage,
    page: i64,
) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE d.status = 'open' AND d.stage = $1{} ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2 OFFSET $3",
        card_select!(),
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
struct Card {
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

fn money_text(amount: Option<i64>, estimate: Option<i64>) -> (String, bool) {
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

fn card(v: &Viewer, r: CardRow, now: i64) -> Card {
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

fn stage_title(lang: Lang, stage: Stage) -> String {
    tr!(
        lang,
        "stage-name",
        step = i64::from(stage.step()),
        name = tr(lang, &format!("stage-{}", stage.code()))
    )
}

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

async fn board(
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

    let lang = v.lang;
    if let Some(stage) = bq.column {
        let cards: Vec<Card> = column_cards(&mut *c, scope, stage, bq.page)
            .await?
            .into_iter()
            .map(|r| card(v, r, now))
            .collect();
        return Ok(Some(
            json!({"stage": stage.code(), "page": bq.page, "cards": cards}),
        ));
    }
    let totals = column_totals(&mut *c, scope).await?;
    let mut columns = Vec::new();
    for spec in STAGES.iter() {
        let t = totals
            .iter()
            .find(|m| m.stage == spec.code)
            .cloned()
            .unwrap_or_default();
        let cards: Vec<Card> = if t.deals > 0 {
            column_cards(&mut *c, scope, spec.stage(), 0)
                .await?
                .into_iter()
                .map(|r| card(v, r, now))
                .collect()
        } else {
            Vec::new()
        };
        let mut money = Money::from_kopecks(t.kopecks).to_string();
        if t.estimated_kopecks > 0 {
            money.push_str(&format!(
                " + ≈ {}",
                Money::from_kopecks(t.estimated_kopecks)
            ));
        }
        columns.push(json!({
            "stage": spec.code,
            "title": stage_title(lang, spec.stage()),
            "count": t.deals,
            "kopecks": t.kopecks,
            "estimated_kopecks": t.estimated_kopecks,
            "unpriced": t.unpriced,
            "money": money,
            "pages": (t.deals + PAGE - 1) / PAGE,
            "cards": cards,
        }));
    }
    let summary = match scope {
        Scope::Deals(f) => {
            let (s, outlook) =
                crate::reports::report_for(&mut *c, f, bq.period, now_t, v.tz).await?;
            let scope_label = scope_label(&mut *c, lang, f).await?;
            let (bf, bt) = bq.period.previous_bounds(now_t, v.tz);
            let labels = crate::reports::OutlookLabels {
                before: crate::reports::window_label(bf, bt, v.tz),
                end: i18n::fmt_day(lang, v.tz, bq.period.end(now_t, v.tz) - 1),
            };
            let period_label = crate::reports::period_label(lang, bq.period, now_t, v.tz);
            let text = crate::reports::report_text(
                lang,
                &s,
                (&outlook, &labels),
                &period_label,
                &scope_label,
            );
            let (plan_money, plan_deals) = outlook.plan.unwrap_or((None, None));
            json!({
                "period_label": period_label,
                "scope": scope_label,
                "created": outlook.now.created,
                "won": outlook.now.won,
                "won_money": Money::from_kopecks(outlook.now.won_kopecks).to_string(),
                "won_kopecks": outlook.now.won_kopecks,
                "lost": outlook.now.lost,
                "plan_money": plan_money.map(|k| Money::from_kopecks(k).to_string()),
                "plan_kopecks": plan_money,
                "plan_deals": plan_deals,
                "plan_pct": plan_money.filter(|p| *p > 0).map(|p| crate::reports::pct(outlook.now.won_kopecks, p)),
                "forecast": outlook.forecast.map(|k| Money::from_kopecks(k).to_string()),
                "forecast_kopecks": outlook.forecast,
                "report": crate::i18n::plain(&text),
            })
        }
        Scope::Lawyer => Value::Null,
    };
    let filters = filters_json(&mut *c, v).await?;
    Ok(Some(json!({
        "lang": lang.code(),
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

/// Whether the viewer may open this deal: as in chat, and the lawyer a deal waiting for them.
async fn may_view(c: &mut Conn, v: &Viewer, d: &deals::Deal) -> Result<bool, sqlx::Error> {
    Ok(match v.role {
        Role::HeadOfSales => true,
        Role::Manager => d.manager_id == v.user.id,
        Role::HeadOfDirection => {
            d.manager_id == v.user.id
                || (d.direction_id.is_some() && d.direction_id == v.user.direction_id)
        }
        Role::Lawyer => {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM approvals WHERE deal_id = $1 AND state = 'pending' AND decider = 'lawyer'",
            )
            .bind(d.id)
            .fetch_one(&mut *c)
            .await?;
            n > 0
        }
    })
}

async fn deal(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let v = match authorize(&app, &headers, &query).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match deal_json(&app, &v, id).await {
        Ok(Some(body)) => Json(body).into_response(),
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

/// The name of a row an answer points at (a direction, a client, a person).
async fn ref_name(c: &mut Conn, what: Named, id: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(match what {
        Named::Direction => catalog::direction(c, id).await?.map(|d| d.name),
        Named::Person => users::by_id(c, id).await?.map(|u| u.name),
        Named::Client => {
            sqlx::query_scalar("SELECT name FROM clients WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
        }
        Named::Contact => {
            sqlx::query_scalar("SELECT name FROM contacts WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
        }
        Named::Reason => None,
    })
}

/// A step's answers as label and text pairs, in the reader's language, read through the same
/// vocabulary as the chat (`pipeline::answers`).
async fn step_answers(
    c: &mut Conn,
    lang: Lang,
    tz: Tz,
    deal_id: i64,
    stage: Stage,
    data: &str,
) -> Result<Vec<Value>, sqlx::Error> {
    let answers: Answers = match serde_json::from_str(data) {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(deal_id, stage = stage.code(), error = %e, "a step's answers do not read back");
            return Ok(Vec::new());
        }
    };
    let mut out = Vec::new();
    for (label, v) in answers::shown(stage, &answers) {
        let text = match v {
            Shown::Ref(what, id) => ref_name(c, what, id).await?.unwrap_or_default(),
            v => answers::render(lang, tz, &v),
        };
        if !text.is_empty() {
            out.push(json!([tr(lang, &label), text]));
        }
    }
    Ok(out)
}

#[derive(FromRow)]
struct StepRow {
    stage: String,
    data: String,
    skipped: i64,
    completed_at: i64,
    by_name: Option<String>,
}

#[derive(FromRow)]
struct DocRow {
    id: i64,
    kind: String,
    file_name: String,
    size_bytes: Option<i64>,
    created_at: i64,
}

fn activity_text(lang: Lang, tz: Tz, a: &deals::Activity) -> String {
    let kind = ActivityKind::from_code(&a.kind);
    let mut what = match kind {
        Some(ActivityKind::Stage) => {
            let stage = Stage::from_code(&a.stage)
                .map(|s| stage_title(lang, s))
                .unwrap_or_default();
            tr!(lang, "tl-stage", stage = stage)
        }
        Some(ActivityKind::Reminder) => {
            let (k, due) = a.body.split_once('@').unwrap_or(("custom", "0"));
            tr!(
                lang,
                "tl-reminder",
                kind = tr(lang, &format!("reminder-{k}")),
                at = i18n::fmt_moment(lang, tz, due.parse().unwrap_or(0))
            )
        }
        Some(k) => tr(lang, &format!("opt-kind-{}", k.code())),
        None => a.kind.clone(),
    };
    if kind != Some(ActivityKind::Reminder) && !a.body.is_empty() {
        let words = i18n::render_body(lang, &Body::decode(&a.body));
        if !words.is_empty() {
            what.push_str(": ");
            what.push_str(&words);
        }
    }
    if let Some(secs) = a.duration_secs {
        what.push_str(&format!(" 🎤 {}", tr!(lang, "voice-seconds", n = secs)));
    } else if let Some(name) = &a.file_name {
        what.push_str(&format!(" 📎 {name}"));
    }
    crate::i18n::plain(&what)
}

/// A deal's card as the board opens it: steps and their answers, the timeline, documents,
/// reminders and the link to the same card in chat. `None` when it is not the viewer's.
pub async fn deal_json(app: &App, v: &Viewer, id: i64) -> Result<Option<Value>, sqlx::Error> {
    let mut c = app.read.acquire().await?;
    let Some(d) = deals::deal(&mut c, id).await? else {
        return Ok(None);
    };
    if !may_view(&mut c, v, &d).await? {
        tracing::info!(
            user_id = v.user.id,
            deal_id = id,
            "mini app: deal access refused"
        );
        return Ok(None);
    }
    let (lang, tz) = (v.lang, v.tz);
    let now = app.clock.now().timestamp();
    let estimate: Option<i64> =
        sqlx::query_scalar("SELECT estimate_kopecks FROM deals WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *c)
            .await?;
    let (amount, estimated) = money_text(d.amount_kopecks, estimate);
    let steps: Vec<StepRow> = sqlx::query_as(
        "SELECT s.stage, s.data, s.skipped, s.completed_at, u.name AS by_name
         FROM deal_steps s LEFT JOIN users u ON u.id = s.completed_by
         WHERE s.deal_id = $1 ORDER BY s.completed_at, s.id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let mut shown_steps = Vec::with_capacity(steps.len());
    for s in steps {
        let stage = Stage::from_code(&s.stage);
        let answers = match stage {
            Some(st) => step_answers(&mut c, lang, tz, id, st, &s.data).await?,
            None => {
                tracing::error!(deal_id = id, stage = %s.stage, "a step's stage code does not parse");
                Vec::new()
            }
        };
        shown_steps.push(json!({
            "title": stage.map(|st| stage_title(lang, st)).unwrap_or(s.stage),
            "at": i18n::fmt_moment(lang, tz, s.completed_at),
            "by": s.by_name,
            "skipped": s.skipped,
            "answers": answers,
        }));
    }
    let steps = shown_steps;
    let (_, total) = deals::activities(&mut c, id, 0, 0).await?;
    let shown = 200;
    let (acts, _) = deals::activities(&mut c, id, shown, (total - shown).max(0)).await?;
    let timeline: Vec<Value> = acts
        .iter()
        .rev()
        .map(|a| {
            json!({
                "at": i18n::fmt_moment(lang, tz, a.created_at),
                "by": a.author_name,
                "text": activity_text(lang, tz, a),
            })
        })
        .collect();
    let docs: Vec<DocRow> = sqlx::query_as(
        "SELECT id, kind, file_name, size_bytes, created_at FROM documents
         WHERE deal_id = $1 AND content IS NOT NULL ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let documents: Vec<Value> = docs
        .into_iter()
        .map(|doc| {
            json!({
                "id": doc.id,
                "kind": doc.kind,
                "name": doc.file_name,
                "size": doc.size_bytes,
                "at": i18n::fmt_moment(lang, tz, doc.created_at),
            })
        })
        .collect();
    let reminders: Vec<Value> = deals::reminders_of_deal(&mut c, id)
        .await?
        .into_iter()
        .filter(|r| matches!(r.state.as_str(), "pending" | "sent"))
        .map(|r| {
            json!({
                "kind": tr(lang, &format!("reminder-{}", r.kind.code())),
                "at": i18n::fmt_moment(lang, tz, r.due_at),
                "note": r.note,
                "overdue": r.due_at < now,
            })
        })
        .collect();
    let waiting: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM approvals WHERE deal_id = $1 AND state = 'pending' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    Ok(Some(json!({
        "id": d.id,
        "client": d.client_name,
        "contact": {
            "name": d.contact_name,
            "position": d.contact_position,
            "phone": d.contact_phone.map(|p| crate::domain::phone::Phone::from_stored(p).to_string()),
        },
        "stage": stage_title(lang, d.stage),
        "status": d.status.code(),
        "status_text": match d.status {
            crate::pipeline::DealStatus::Open => String::new(),
            s => tr(lang, &format!("status-{}", s.code())),
        },
        "manager": d.manager_name,
        "direction": d.direction_name,
        "amount": amount,
        "estimated": estimated,
        "waiting": waiting,
        "steps": steps,
        "timeline": timeline,
        "timeline_total": total,
        "documents": documents,
        "reminders": reminders,
        "chat_link": format!("https://t.me/{}?start=deal_{}", app.bot_username, d.id),
    })))
}

async fn document(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let v = match authorize(&app, &headers, &query).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let found = async {
        let mut c = app.read.acquire().await?;
        let Some(doc) = storage::flow::kept_document(&mut c, id).await? else {
            return Ok(None);
        };
        let Some(deal_id) = doc.deal_id else {
            return Ok(None);
        };
        let Some(d) = deals::deal(&mut c, deal_id).await? else {
            return Ok(None);
        };
        Ok::<_, sqlx::Error>(may_view(&mut c, &v, &d).await?.then_some(doc))
    }
    .await;
    match found {
        Ok(Some(doc)) => {
            let encoded: String = url::form_urlencoded::byte_serialize(doc.file_name.as_bytes())
                .collect::<String>()
                .replace('+', "%20");
            let ascii: String = doc
                .file_name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (
                [
                    (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
                    ),
                ],
                doc.content,
            )
                .into_response()
        }
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

/// Deals found by client, contact, ИНН (as /find reads them) or the contact's phone, in the
/// viewer's scope, newest activity first.
pub async fn search_json(app: &App, v: &Viewer, text: &str) -> Result<Value, sqlx::Error> {
    let text = text.trim();
    let now = app.clock.now().timestamp();
    if text.chars().count() < 2 {
        return Ok(json!({"total": 0, "cards": []}));
    }
    let scope = scope_for(v.role, &v.user, None, None).unwrap_or(Scope::Lawyer);
    let mut c = app.read.acquire().await?;
    let mut ids = match scope {
        Scope::Deals(f) => q::search(&mut c, f, text, &[], PAGE, 0).await?.0,
        Scope::Lawyer => Vec::new(),
    };
    // the phone as stored (E.164): its digits, a leading 8 read as +7
    let mut digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 && digits.starts_with('8') {
        digits.replace_range(0..1, "7");
    }
    let words_only = text
        .chars()
        .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch));
    if digits.len() >= 5 && words_only {
        let by_phone: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT d.id FROM deals d JOIN contacts ct ON ct.client_id = d.client_id
             WHERE ct.phone LIKE $1{} ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2",
            scope.clause()
        ))
        .bind(format!("%{digits}%"))
        .bind(PAGE)
        .fetch_all(&mut *c)
        .await?;
        for id in by_phone {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if scope == Scope::Lawyer {
        let by_name: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT d.id FROM deals d JOIN clients cl ON cl.id = d.client_id
             WHERE (cl.name_key LIKE $1 OR cl.inn = $2){WAITS_FOR_LAWYER} LIMIT $3"
        ))
        .bind(format!(
            "%{}%",
            deals::name_key(text).replace(['%', '_'], "")
        ))
        .bind(text)
        .bind(PAGE)
        .fetch_all(&mut *c)
        .await?;
        ids.extend(
            by_name
                .into_iter()
                .filter(|id| !ids.contains(id))
                .collect::<Vec<_>>(),
        );
    }
    ids.truncate(PAGE as usize);
    if ids.is_empty() {
        return Ok(json!({"total": 0, "cards": []}));
    }
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "{} WHERE d.id IN ({list}) ORDER BY d.last_activity_at DESC, d.id DESC",
        card_select!()
    ))
    .fetch_all(&mut *c)
    .await?;
    let cards: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            let stage = Stage::from_code(&r.stage);
            let mut j = json!(card(v, r, now));
            j["stage_title"] = json!(stage.map(|s| stage_title(v.lang, s)));
            j
        })
        .collect();
    Ok(json!({"total": cards.len(), "cards": cards}))
}

async fn search(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let v = match authorize(&app, &headers, &query).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let text = query.get("q").cloned().unwrap_or_default();
    match search_json(&app, &v, &text).await {
        Ok(body) => Json(body).into_response(),
        Err(e) => internal(e),
    }
}

#[cfg(test)]
mod tests {
    use super::accepts_gzip;

    #[test]
    fn gzip_is_sent_only_where_the_browser_takes_it() {
        for yes in ["gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*"] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in ["", "identity", "br", "gzip;q=0", "deflate, gzip;q=0.0"] {
            assert!(!accepts_gzip(no), "{no}");
        }
    }
}
