//! The board's search: deals by client, contact, ИНН (as /find reads them) or the contact's
//! phone, in the viewer's scope, as cards.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::cards::{card, stage_title, CardRow, CARD_SELECT, PAGE};
use super::scope::{scope_for, Scope, WAITS_FOR_LAWYER};
use super::viewer::{authorize, internal, Viewer};
use crate::app::App;
use crate::pipeline::Stage;
use crate::storage::reports as q;
use crate::storage::{deals, Conn};

pub(super) async fn search(
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
    if let Some(digits) = phone_digits(text) {
        add_new(&mut ids, ids_by_phone(&mut c, scope, &digits).await?);
    }
    if scope == Scope::Lawyer {
        add_new(&mut ids, ids_for_lawyer(&mut c, text).await?);
    }
    ids.truncate(PAGE as usize);
    if ids.is_empty() {
        return Ok(json!({"total": 0, "cards": []}));
    }
    let cards = found_cards(&mut c, v, &ids, now).await?;
    Ok(json!({"total": cards.len(), "cards": cards}))
}

/// The digits to look for in stored phones (E.164) when the text reads as a phone: five
/// digits or more and nothing but digits, spaces, `+-()`; a leading 8 of eleven read as +7.
fn phone_digits(text: &str) -> Option<String> {
    let mut digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 && digits.starts_with('8') {
        digits.replace_range(0..1, "7");
    }
    let phone_only = text
        .chars()
        .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch));
    (digits.len() >= 5 && phone_only).then_some(digits)
}

/// Appends the ids not already there, in their order.
fn add_new(ids: &mut Vec<i64>, found: Vec<i64>) {
    for id in found {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
}

/// Deals in scope whose client has a contact with these digits in the phone.
async fn ids_by_phone(c: &mut Conn, scope: Scope, digits: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT d.id FROM deals d JOIN contacts ct ON ct.client_id = d.client_id
             WHERE ct.phone LIKE $1{} ORDER BY d.last_activity_at DESC, d.id DESC LIMIT $2",
        scope.clause()
    ))
    .bind(format!("%{digits}%"))
    .bind(PAGE)
    .fetch_all(&mut *c)
    .await
}

/// The lawyer's search by client name or ИНН among the deals waiting for the lawyer
/// (`q::search` takes a filter, which the lawyer's scope is not).
async fn ids_for_lawyer(c: &mut Conn, text: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(&format!(
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
    .await
}

/// The found deals as cards, newest activity first, each with its stage's title.
async fn found_cards(
    c: &mut Conn,
    v: &Viewer,
    ids: &[i64],
    now: i64,
) -> Result<Vec<Value>, sqlx::Error> {
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "{CARD_SELECT} WHERE d.id IN ({list}) ORDER BY d.last_activity_at DESC, d.id DESC"
    ))
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let stage = Stage::from_code(&r.stage);
            let mut j = json!(card(v, r, now));
            j["stage_title"] = json!(stage.map(|s| stage_title(v.lang, s)));
            j
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::phone_digits;

    #[test]
    fn a_phone_is_searched_by_its_digits_and_a_leading_8_reads_as_plus_7() {
        assert_eq!(
            phone_digits("8 (912) 345-67-01").as_deref(),
            Some("79123456701")
        );
        assert_eq!(phone_digits("+7 912 345").as_deref(), Some("7912345"));
        assert_eq!(phone_digits("67-01-2").as_deref(), Some("67012"));
        // an ИНН's digits are looked for in the phones too (and by /find's reading)
        assert_eq!(phone_digits("7707012345"), Some("7707012345".to_owned()));
        // too few digits, or words beside them: not a phone
        assert_eq!(phone_digits("6701"), None);
        assert_eq!(phone_digits("Ромашка 12345"), None);
    }
}
