//! Work beside the updates: pruning and the planner's statistics, the board's menu buttons, the
//! transcriptions a restart cut short, and the signal that stops the bot.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::ChatId;

use super::handler::transcribe;
use crate::app::App;
use crate::i18n::tr;
use crate::storage;

/// Housekeeping beside whichever way updates come: pruning, statistics, and the transcriptions a
/// restart cut short.
pub(super) async fn start_background(bot: &Bot, app: &Arc<App>) -> tokio::task::JoinHandle<()> {
    let pruner = tokio::spawn(prune_loop(app.clone()));
    if let Some(url) = app.cfg.board_url() {
        tokio::spawn(set_menu_buttons(bot.clone(), app.clone(), url));
    }
    for job in app.unfinished_dictations().await {
        tokio::spawn(transcribe(bot.clone(), app.clone(), job));
    }
    pruner
}

/// The menu button of every known user's chat opens the board (`setChatMenuButton`, web_app).
async fn set_menu_buttons(bot: Bot, app: Arc<App>, url: String) {
    let Ok(url) = url::Url::parse(&url) else {
        return;
    };
    let users = async {
        let mut c = app.read.acquire().await?;
        storage::users::list_active(&mut c).await
    }
    .await;
    let users = match users {
        Ok(u) => u,
        Err(e) => {
            tracing::warn!(error = %e, "menu buttons: the team could not be read");
            return;
        }
    };
    for u in users {
        let lang = crate::i18n::Lang::from_code(&u.locale);
        let button = teloxide::types::MenuButton::WebApp {
            text: tr(lang, "miniapp-menu"),
            web_app: teloxide::types::WebAppInfo { url: url.clone() },
        };
        if let Err(e) = bot
            .set_chat_menu_button()
            .chat_id(ChatId(u.tg_id))
            .menu_button(button)
            .await
        {
            tracing::warn!(error = %e, user_id = u.id, "setChatMenuButton failed");
        }
        // well under Telegram's 30 requests a second
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Forgets processed update ids after two days: redeliveries come within minutes.
async fn prune_loop(app: Arc<App>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let before = app.clock.now().timestamp() - 2 * 24 * 3600;
        if let Err(e) = storage::prune_updates(&app.db, before).await {
            tracing::warn!(error = %e, "pruning processed updates failed");
        }
        if let Err(e) = storage::optimize(&app.db).await {
            tracing::warn!(error = %e, "refreshing the planner's statistics failed");
        }
        let kept = app.cfg.audit_retention_days as i64 * 86_400;
        if let Err(e) =
            storage::users::prune_denied(&app.db, app.clock.now().timestamp() - kept).await
        {
            tracing::warn!(error = %e, "pruning the strangers' audit failed");
        }
    }
}

/// SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("shutdown signal received; finishing updates in flight");
}
