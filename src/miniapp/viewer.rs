//! Who asks and what they may open: the request's initData checked and mapped to the team
//! member as the chat maps a message, the refusals (audited, with no data), and the deal-level
//! permission.

use std::collections::HashMap;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono_tz::Tz;
use serde_json::json;

use super::auth;
use crate::app::App;
use crate::domain::Role;
use crate::i18n::Lang;
use crate::storage::{self, deals, users, Conn};

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

pub(super) fn forbidden() -> Response {
    (StatusCode::FORBIDDEN, Json(json!({"error": "forbidden"}))).into_response()
}

pub(super) fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"error": "not_found"}))).into_response()
}

pub(super) fn internal(e: impl std::fmt::Display) -> Response {
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
    match found {
        Some(user) if user.active => Ok(viewer(app, signed.id, user)),
        _ => {
            audit(app, signed.id, "miniapp").await;
            Err(unauthorized())
        }
    }
}

/// An active member as the chat sees them: a head named in HEAD_OF_SALES_IDS is a head of
/// sales, and the language and time zone are their own.
fn viewer(app: &App, tg_id: i64, user: users::User) -> Viewer {
    let role = if app.cfg.head_of_sales_ids.contains(&tg_id) {
        Role::HeadOfSales
    } else {
        user.role
    };
    let lang = Lang::from_code(&user.locale);
    let tz = user.timezone.parse().unwrap_or(app.cfg.default_tz);
    Viewer {
        user,
        role,
        lang,
        tz,
    }
}

/// Whether the viewer may open this deal: as in chat, and the lawyer a deal waiting for them.
pub(super) async fn may_view(
    c: &mut Conn,
    v: &Viewer,
    d: &deals::Deal,
) -> Result<bool, sqlx::Error> {
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
