//! A deal's card as the board opens it: the head (client, contact, stage, money), the steps and
//! their answers in words, the timeline, documents, reminders and the link to the same card in
//! chat.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono_tz::Tz;
use serde_json::{json, Value};
use sqlx::FromRow;

use super::cards::{money_text, stage_title};
use super::viewer::{authorize, internal, may_view, not_found, Viewer};
use crate::app::App;
use crate::dialogue::Answers;
use crate::i18n::{self, tr, Lang};
use crate::pipeline::answers::{self, Named, Shown};
use crate::pipeline::timeline::Body;
use crate::pipeline::{ActivityKind, DealStatus, Stage};
use crate::storage::{catalog, deals, users, Conn};
use crate::tr;

/// The timeline's newest entries the card shows; `timeline_total` says how many there are.
const TIMELINE_SHOWN: i64 = 200;

pub(super) async fn deal(
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
    let lang = v.lang;
    let now = app.clock.now().timestamp();
    let estimate: Option<i64> =
        sqlx::query_scalar("SELECT estimate_kopecks FROM deals WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *c)
            .await?;
    let (amount, estimated) = money_text(d.amount_kopecks, estimate);
    let steps = steps_json(&mut c, v, id).await?;
    let (timeline, total) = timeline_json(&mut c, v, id).await?;
    let documents = documents_json(&mut c, v, id).await?;
    let reminders = reminders_json(&mut c, v, id, now).await?;
    let waiting = waiting_kinds(&mut c, id).await?;
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
        "status_text": status_text(lang, d.status),
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

/// A closed deal's status in words; an open deal says nothing.
fn status_text(lang: Lang, status: DealStatus) -> String {
    match status {
        DealStatus::Open => String::new(),
        s => tr(lang, &format!("status-{}", s.code())),
    }
}

#[derive(FromRow)]
struct StepRow {
    stage: String,
    data: String,
    skipped: i64,
    completed_at: i64,
    by_name: Option<String>,
}

/// The steps done, oldest first: title, when, by whom, skipped or not, and the answers.
async fn steps_json(c: &mut Conn, v: &Viewer, id: i64) -> Result<Vec<Value>, sqlx::Error> {
    let (lang, tz) = (v.lang, v.tz);
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
            Some(st) => step_answers(c, lang, tz, id, st, &s.data).await?,
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
    Ok(shown_steps)
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

/// The newest `TIMELINE_SHOWN` entries of the timeline, oldest first, and how many there are
/// in all.
async fn timeline_json(
    c: &mut Conn,
    v: &Viewer,
    id: i64,
) -> Result<(Vec<Value>, i64), sqlx::Error> {
    let (lang, tz) = (v.lang, v.tz);
    let (_, total) = deals::activities(c, id, 0, 0).await?;
    let (acts, _) =
        deals::activities(c, id, TIMELINE_SHOWN, (total - TIMELINE_SHOWN).max(0)).await?;
    let timeline = acts
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
    Ok((timeline, total))
}

/// One timeline entry in words: what happened, its note, and a voice's length or a file's name.
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
        let words = Body::decode(&a.body).render(lang);
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

#[derive(FromRow)]
struct DocRow {
    id: i64,
    kind: String,
    file_name: String,
    size_bytes: Option<i64>,
    created_at: i64,
}

/// The deal's documents whose files are kept (so the page can offer the download).
async fn documents_json(c: &mut Conn, v: &Viewer, id: i64) -> Result<Vec<Value>, sqlx::Error> {
    let docs: Vec<DocRow> = sqlx::query_as(
        "SELECT id, kind, file_name, size_bytes, created_at FROM documents
         WHERE deal_id = $1 AND content IS NOT NULL ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    Ok(docs
        .into_iter()
        .map(|doc| {
            json!({
                "id": doc.id,
                "kind": doc.kind,
                "name": doc.file_name,
                "size": doc.size_bytes,
                "at": i18n::fmt_moment(v.lang, v.tz, doc.created_at),
            })
        })
        .collect())
}

/// The reminders still to come or sent and not done, each marked overdue when it is.
async fn reminders_json(
    c: &mut Conn,
    v: &Viewer,
    id: i64,
    now: i64,
) -> Result<Vec<Value>, sqlx::Error> {
    Ok(deals::reminders_of_deal(c, id)
        .await?
        .into_iter()
        .filter(|r| matches!(r.state.as_str(), "pending" | "sent"))
        .map(|r| {
            json!({
                "kind": tr(v.lang, &format!("reminder-{}", r.kind.code())),
                "at": i18n::fmt_moment(v.lang, v.tz, r.due_at),
                "note": r.note,
                "overdue": r.due_at < now,
            })
        })
        .collect())
}

/// The kinds of the deal's approvals still waiting for a decision.
async fn waiting_kinds(c: &mut Conn, id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT kind FROM approvals WHERE deal_id = $1 AND state = 'pending' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await
}
