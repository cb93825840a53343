//! The bot over HTTP: the webhook Telegram posts updates to (answered 200 only after the update is
//! committed, and within seconds whatever the database does, so a failure makes Telegram deliver
//! it again), `GET /healthz` and `GET /metrics`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use teloxide::prelude::*;

use super::handler::{schema, Delivery, HandlerError, Observer};
use crate::app::App;

/// Where Telegram's updates come in, and the secret each request must carry.
pub struct Hook {
    pub path: String,
    pub secret: String,
}

struct Web {
    bot: Bot,
    app: Arc<App>,
    observer: Observer,
    hook: Option<Hook>,
    handler: Arc<teloxide::dispatching::UpdateHandler<HandlerError>>,
    /// One lock per chat: a chat's updates are applied one at a time, in the order they come.
    chats: tokio::sync::Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

/// Serves `/healthz`, `/metrics` and, with `hook`, the webhook, until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    bot: Bot,
    app: Arc<App>,
    observer: Observer,
    hook: Option<Hook>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let path = hook.as_ref().map(|h| h.path.clone());
    // the pipeline board, when MINIAPP_URL is set: /app/ and its API
    let board = app
        .cfg
        .miniapp
        .is_some()
        .then(|| crate::miniapp::router(app.clone()));
    let web = Arc::new(Web {
        bot,
        app,
        observer,
        hook,
        handler: Arc::new(schema()),
        chats: tokio::sync::Mutex::default(),
    });
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics));
    if let Some(p) = path {
        router = router.route(&p, post(update));
    }
    let mut router = router.with_state(web.clone());
    if let Some(board) = board {
        router = router.merge(board);
    }
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await?;
    // turns that outlived their requests (see ANSWER_WITHIN) finish before the process does
    let running: Vec<_> = web.chats.lock().await.values().cloned().collect();
    for chat in running {
        let _ = chat.lock().await;
    }
    Ok(())
}

/// How long a webhook request is held: Telegram needs an answer in seconds, and one it does not
/// get holds its connection and the updates behind it. A turn still running then is answered
/// 503 (Telegram delivers the update again) and finishes on its own: committed, its replies go
/// out and the redelivery changes nothing; not committed, the redelivery applies it.
pub const ANSWER_WITHIN: Duration = Duration::from_millis(1500);
/// How long `/healthz` and `/metrics` wait for the database before saying it does not answer.
pub const HEALTH_WITHIN: Duration = Duration::from_secs(1);

async fn update(State(web): State<Arc<Web>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let deadline = tokio::time::Instant::now() + ANSWER_WITHIN;
    let Some(hook) = &web.hook else {
        return StatusCode::NOT_FOUND;
    };
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .and_then(|v| v.to_str().ok());
    if given != Some(hook.secret.as_str()) {
        tracing::warn!("webhook request without the right secret refused");
        return StatusCode::UNAUTHORIZED;
    }
    let upd: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => {
            // not an update this bot can read: taken, so Telegram does not send it forever
            tracing::warn!(error = %e, "unreadable webhook update dropped");
            return StatusCode::OK;
        }
    };
    let chat = upd
        .chat()
        .map(|c| c.id.0)
        .or_else(|| upd.from().map(|f| f.id.0 as i64))
        .unwrap_or(0);
    let id = i64::from(upd.id.0);
    let lock = web.chats.lock().await.entry(chat).or_default().clone();
    // the chat's previous update is still running (the database is slow or away): not this one
    let Ok(turn) = tokio::time::timeout_at(deadline, lock.lock_owned()).await else {
        forget_idle(&web, chat).await;
        tracing::warn!(
            update_id = id,
            "the chat's previous update is still running; refused for now"
        );
        return StatusCode::SERVICE_UNAVAILABLE;
    };
    let delivery = Delivery::webhook();
    // the turn runs apart from the request, so a request given up on never cancels a turn
    // half-way (a commit whose replies would then never be sent)
    let mut running = tokio::spawn({
        let (web, delivery) = (web.clone(), delivery.clone());
        async move {
            // a batch being committed waits (briefly) for this update to join it
            let busy = web.app.writer.busy();
            let deps = dptree::deps![
                web.bot.clone(),
                web.app.clone(),
                web.observer.clone(),
                delivery,
                upd
            ];
            match web.handler.dispatch(deps).await {
                std::ops::ControlFlow::Break(Ok(())) => {}
                std::ops::ControlFlow::Break(Err(e)) => {
                    tracing::error!(error = %e, update_id = id, "handler failed")
                }
                std::ops::ControlFlow::Continue(_) => web.observer.done(id),
            }
            drop(busy);
            drop(turn);
            forget_idle(&web, chat).await;
        }
    });
    match tokio::time::timeout_at(deadline, &mut running).await {
        Ok(Ok(())) if !delivery.has_failed() => StatusCode::OK,
        Ok(_) => StatusCode::INTERNAL_SERVER_ERROR,
        Err(_) => {
            tracing::warn!(
                update_id = id,
                "the update is not done in time; refused for now"
            );
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// A chat nobody is writing in any more lets its lock go.
async fn forget_idle(web: &Web, chat: i64) {
    let mut chats = web.chats.lock().await;
    if chats.get(&chat).is_some_and(|l| Arc::strong_count(l) == 1) {
        chats.remove(&chat);
    }
}

/// The reminder queue as the database has it, and how long the database took to say.
async fn queue_now(web: &Web) -> (Result<crate::metrics::Queue, sqlx::Error>, f64) {
    let now = web.app.clock.now().timestamp();
    let started = std::time::Instant::now();
    let queue = async {
        let mut c = web.app.read.acquire().await?;
        crate::storage::notify::queue(&mut c, now).await
    };
    let queue = tokio::time::timeout(HEALTH_WITHIN, queue)
        .await
        .unwrap_or(Err(sqlx::Error::PoolTimedOut));
    (queue, started.elapsed().as_secs_f64())
}

/// The database answers, when the last update was handled, how far behind the reminders are.
async fn healthz(State(web): State<Arc<Web>>) -> Response {
    let (queue, db_secs) = queue_now(&web).await;
    match queue {
        Ok(q) => {
            // a reminder queue more than ten minutes behind is worth a look, not a restart
            let status = if q.lag_secs > 600 { "lagging" } else { "ok" };
            Json(serde_json::json!({
                "status": status,
                "database": "ok",
                "database_ms": db_secs * 1000.0,
                "last_update_at": web.app.metrics.last_update_at(),
                "reminders": {"pending": q.pending, "due": q.due, "lag_seconds": q.lag_secs},
            }))
            .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable", "database": e.to_string()})),
            )
                .into_response()
        }
    }
}

async fn metrics(State(web): State<Arc<Web>>) -> Response {
    let (queue, db_secs) = queue_now(&web).await;
    match queue {
        Ok(q) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            web.app.metrics.render(&q, db_secs),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics: the database does not answer");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
