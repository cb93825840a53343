//! Telegram, and only here. This file starts the bot: the `Bot`, the application, the command
//! menu, updates by polling or by webhook, the reminder sender, graceful shutdown. By role:
//! `handler` (the handler tree), `update` (updates as `Incoming`), `send` (executing `Out`s),
//! `notifier` (reminders), `polling`, `background` (housekeeping, the shutdown signal), `web`
//! (the HTTP side).

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::BotCommand;

mod background;
mod handler;
mod notifier;
mod polling;
mod send;
mod update;
pub mod web;

pub use background::shutdown_signal;
pub use handler::{schema, Delivery, HandlerError, Observer};
pub use notifier::TelegramNotifier;
pub use polling::{dispatch_until, PollError};
pub use send::execute;

use crate::app::{App, Clock};
use crate::config::Config;
use crate::i18n::{tr, Lang};
use crate::storage;

/// Builds the `Bot`, honouring `TELOXIDE_API_URL` (a local fake Bot API, for instance).
pub fn make_bot(cfg: &Config) -> Bot {
    let bot = Bot::new(cfg.token.expose());
    match &cfg.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    }
}

/// The command menu shown by Telegram, in Russian and in English.
pub async fn set_commands(bot: &Bot) {
    for lang in Lang::ALL {
        // chats not yet given their own menu (at /start, by role) get a manager's
        let cmds: Vec<BotCommand> = crate::ui::Command::menu_for(crate::domain::Role::Manager)
            .iter()
            .map(|(c, key)| BotCommand::new(*c, tr(lang, key)))
            .collect();
        let mut req = bot.set_my_commands(cmds);
        if lang != Lang::Ru {
            req = req.language_code(lang.code());
        }
        if let Err(e) = req.await {
            tracing::warn!(error = %e, lang = lang.code(), "setMyCommands failed");
        }
        // what a stranger sees before /start, and in the bot's profile
        let mut desc = bot
            .set_my_description()
            .description(tr(lang, "bot-description"));
        let mut short = bot
            .set_my_short_description()
            .short_description(tr(lang, "bot-short-description"));
        if lang != Lang::Ru {
            desc = desc.language_code(lang.code());
            short = short.language_code(lang.code());
        }
        if let Err(e) = desc.await {
            tracing::warn!(error = %e, lang = lang.code(), "setMyDescription failed");
        }
        if let Err(e) = short.await {
            tracing::warn!(error = %e, lang = lang.code(), "setMyShortDescription failed");
        }
    }
}

/// Opens the database and builds the application for a bot.
pub async fn build_app(cfg: Config, bot: &Bot, clock: Clock) -> anyhow::Result<Arc<App>> {
    build_app_with(cfg, bot, clock, crate::app::Hooks::default()).await
}

/// `build_app` with test hooks.
pub async fn build_app_with(
    cfg: Config,
    bot: &Bot,
    clock: Clock,
    hooks: crate::app::Hooks,
) -> anyhow::Result<Arc<App>> {
    let db = storage::connect(&cfg.database_url).await?;
    let me = bot.get_me().await?;
    let bot_username = me.username.clone().unwrap_or_default();
    let read = storage::connect_read(&cfg.database_url).await?;
    let stt = cfg
        .stt
        .clone()
        .map(|c| Arc::new(crate::stt::Transcriber::new(c)));
    Ok(Arc::new(App {
        hooks,
        read,
        stt,
        metrics: Arc::default(),
        writer: Arc::new(storage::group::GroupCommit::new(db.clone())),
        db,
        cfg: Arc::new(cfg),
        bot_username,
        clock,
    }))
}

/// Takes updates by webhook until `shutdown` completes: tells Telegram the URL and the secret,
/// then answers each request only once its update is committed (an error otherwise, so Telegram
/// delivers it again).
pub async fn webhook_until(
    bot: Bot,
    app: Arc<App>,
    observer: Observer,
    listener: tokio::net::TcpListener,
    url: url::Url,
    secret: String,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use teloxide::types::AllowedUpdate;
    bot.set_webhook(url.clone())
        .secret_token(secret.clone())
        .allowed_updates(vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery])
        .max_connections(40)
        .await?;
    tracing::info!(path = url.path(), "webhook set");
    let pruner = background::start_background(&bot, &app).await;
    let hook = web::Hook {
        path: url.path().to_owned(),
        secret,
    };
    let served = web::serve(listener, bot, app, observer, Some(hook), shutdown).await;
    pruner.abort();
    Ok(served?)
}

/// Everything `main` does after reading the configuration.
pub async fn run(cfg: Config) -> anyhow::Result<()> {
    let bot = make_bot(&cfg);
    let app = build_app(cfg, &bot, Clock::system()).await?;
    tracing::info!(bot = %app.bot_username, heads = app.cfg.head_of_sales_ids.len(), "bot starting");
    if app.cfg.head_of_sales_ids.is_empty() {
        tracing::warn!("HEAD_OF_SALES_IDS is empty: nobody can invite the team");
    }
    set_commands(&bot).await;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let sender = tokio::spawn(crate::reminders::sender::run(
        app.db.clone(),
        Arc::new(TelegramNotifier(bot.clone())),
        app.clock.clone(),
        app.cfg.default_tz,
        stopped(stop_rx.clone()),
    ));
    let stop_tx_for_sender = stop_tx.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let result = match app.cfg.webhook.clone() {
        Some(w) => {
            let listener = tokio::net::TcpListener::bind(w.listen).await?;
            tracing::info!(listen = %w.listen, "taking updates by webhook");
            webhook_until(
                bot,
                app,
                Observer::default(),
                listener,
                w.url,
                w.secret.expose().to_owned(),
                stopped(stop_rx.clone()),
            )
            .await
        }
        None => {
            // the board needs a listener while polling too: HEALTH_LISTEN's, else WEBHOOK_LISTEN
            let listen = app
                .cfg
                .health_listen
                .or_else(|| app.cfg.miniapp.as_ref().map(|m| m.listen));
            if let Some(addr) = listen {
                let listener = tokio::net::TcpListener::bind(addr).await?;
                tracing::info!(listen = %addr, "serving /healthz and /metrics");
                tokio::spawn(web::serve(
                    listener,
                    bot.clone(),
                    app.clone(),
                    Observer::default(),
                    None,
                    stopped(stop_rx.clone()),
                ));
            }
            dispatch_until(bot, app, Observer::default(), stopped(stop_rx.clone()))
                .await
                .map_err(anyhow::Error::from)
        }
    };
    let _ = stop_tx_for_sender.send(true);
    let _ = sender.await;
    tracing::info!("bot stopped");
    result
}
