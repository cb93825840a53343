//! Taking updates by polling: `getUpdates`, each batch's chats side by side and each chat's
//! updates in order, the offset confirmed only after the whole batch is committed.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::AllowedUpdate;
use teloxide::{ApiError, RequestError};

use super::background::start_background;
use super::handler::{schema, Delivery, HandlerError, Observer};
use crate::app::App;

/// How long one `getUpdates` waits for news (below the HTTP client's own timeout).
const POLL_SECS: u32 = 10;
/// Chats handled at once; the rest of a batch waits, so memory stays bounded under a burst.
const CHATS_IN_FLIGHT: usize = 64;

/// Why the bot stopped polling for good.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// Another process polls with the same token: Telegram gives the updates to one of them only.
    #[error(
        "another bot process is polling with the same token; stop it or run this one as a standby"
    )]
    Conflict,
}

/// Polls Telegram and handles updates through `schema()` until `shutdown` completes.
///
/// The offset that confirms updates to Telegram is sent only after every update of the batch
/// before it was handled and committed: a crash at any moment loses no update — Telegram gives
/// it again and the stored `update_id` makes the second delivery a no-op. Within a batch, each
/// chat's updates are handled in order, different chats side by side.
pub async fn dispatch_until(
    bot: Bot,
    app: Arc<App>,
    observer: Observer,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), PollError> {
    let pruner = start_background(&bot, &app).await;
    let result = poll_loop(bot, app, observer, shutdown).await;
    pruner.abort();
    result
}

async fn poll_loop(
    bot: Bot,
    app: Arc<App>,
    observer: Observer,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), PollError> {
    if let Err(e) = bot.delete_webhook().await {
        tracing::warn!(error = %e, "deleteWebhook failed; polling anyway");
    }
    let handler = schema();
    let mut offset: i32 = 0;
    let mut backoff = Duration::from_millis(500);
    tokio::pin!(shutdown);
    loop {
        let updates = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            r = updates_from(&bot, offset) => r,
        };
        let updates = match updates {
            Ok(u) => {
                backoff = Duration::from_millis(500);
                u
            }
            Err(RequestError::Api(ApiError::TerminatedByOtherGetUpdates)) => {
                tracing::error!("{}", PollError::Conflict);
                return Err(PollError::Conflict);
            }
            Err(e) => {
                tracing::warn!(error = %e, "getUpdates failed; trying again");
                tokio::select! {
                    _ = &mut shutdown => return Ok(()),
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(30));
                continue;
            }
        };
        let Some(last) = updates.iter().map(|u| u.id.0).max() else {
            continue;
        };
        futures::stream::iter(by_chat(updates))
            .for_each_concurrent(CHATS_IN_FLIGHT, |(_, list)| {
                handle_chat(&bot, &app, &observer, &handler, list)
            })
            .await;
        // everything up to `last` is committed: only now is it confirmed to Telegram
        offset = i32::try_from(last.saturating_add(1)).unwrap_or(i32::MAX);
    }
}

/// One `getUpdates`: the messages and button presses from `offset` on, waiting up to
/// `POLL_SECS` for news.
async fn updates_from(bot: &Bot, offset: i32) -> Result<Vec<Update>, RequestError> {
    bot.get_updates()
        .offset(offset)
        .timeout(POLL_SECS)
        .allowed_updates(vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery])
        .send()
        .await
}

/// A batch as each chat's updates in the order Telegram sent them, the chats in the order they
/// first appear (an update with neither chat nor sender counts as chat 0).
fn by_chat(updates: Vec<Update>) -> Vec<(i64, Vec<Update>)> {
    let mut chats: Vec<(i64, Vec<Update>)> = Vec::new();
    for u in updates {
        let chat = u
            .chat()
            .map(|c| c.id.0)
            .or_else(|| u.from().map(|f| f.id.0 as i64))
            .unwrap_or(0);
        match chats.iter_mut().find(|(c, _)| *c == chat) {
            Some((_, list)) => list.push(u),
            None => chats.push((chat, vec![u])),
        }
    }
    chats
}

/// Dispatches one chat's updates through the handler tree, one after another.
async fn handle_chat(
    bot: &Bot,
    app: &Arc<App>,
    observer: &Observer,
    handler: &UpdateHandler<HandlerError>,
    list: Vec<Update>,
) {
    for upd in list {
        let id = i64::from(upd.id.0);
        // a batch being committed waits (briefly) for this update to join it
        let _busy = app.writer.busy();
        let deps = dptree::deps![
            bot.clone(),
            app.clone(),
            observer.clone(),
            Delivery::default(),
            upd
        ];
        match handler.dispatch(deps).await {
            std::ops::ControlFlow::Break(Ok(())) => {}
            std::ops::ControlFlow::Break(Err(e)) => {
                tracing::error!(error = %e, update_id = id, "handler failed")
            }
            // a kind of update the bot does not handle
            std::ops::ControlFlow::Continue(_) => observer.done(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_update(update_id: i32, chat: i64) -> Update {
        let json = serde_json::json!({
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat, "type": "private", "first_name": "A"},
                "from": {"id": chat, "is_bot": false, "first_name": "A"},
                "text": "hi"
            }
        });
        // from a string, as Telegram's answer is read: teloxide reads an update's kind by borrowed
        // keys, which a `Value` cannot lend
        serde_json::from_str(&json.to_string()).expect("a private text message")
    }

    #[test]
    fn a_batch_keeps_each_chats_updates_in_order_and_the_chats_in_first_seen_order() {
        let batch = [(1, 7), (2, 9), (3, 7), (4, 5), (5, 9)]
            .into_iter()
            .map(|(id, chat)| text_update(id, chat))
            .collect();
        let grouped: Vec<(i64, Vec<i32>)> = by_chat(batch)
            .into_iter()
            .map(|(chat, list)| (chat, list.iter().map(|u| u.id.0 as i32).collect()))
            .collect();
        assert_eq!(
            grouped,
            vec![(7, vec![1, 3]), (9, vec![2, 5]), (5, vec![4])]
        );
    }
}
