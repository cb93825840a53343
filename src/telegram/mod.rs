//! Telegram, and only here: the handler tree, turning updates into `Incoming`, executing `Out`s,
//! the command menu, graceful shutdown.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use futures::StreamExt;
use teloxide::dispatching::{UpdateFilterExt, UpdateHandler};
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardButton,
    KeyboardMarkup, MessageId, ParseMode, ReplyMarkup,
};
use teloxide::{ApiError, RequestError};

pub mod web;

use crate::app::{App, Btn, Clock, Event, Incoming, Kb, Out, Sender};
use crate::config::Config;
use crate::dialogue::Input;
use crate::domain::text::{cut_html, split_html, CAPTION_LIMIT, MESSAGE_LIMIT};
use crate::i18n::{tr, Lang};
use crate::storage;

pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// Files the bot downloads to read (price-list CSVs) are at most this large.
const MAX_READ_BYTES: u32 = 1024 * 1024;

/// Builds the `Bot`, honouring `TELOXIDE_API_URL` (a local fake Bot API, for instance).
pub fn make_bot(cfg: &Config) -> Bot {
    let bot = Bot::new(cfg.token.expose());
    match &cfg.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    }
}

/// The one handler tree: messages and button presses, both handled by `App`.
pub fn schema() -> UpdateHandler<HandlerError> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

/// How an update came. By polling, a failure gets an apology and the offset moves on after the
/// batch; by webhook, a failure is reported back (the request fails) so Telegram delivers the
/// update again, and no apology is sent for it.
#[derive(Clone, Default)]
pub struct Delivery {
    failed: Option<Arc<std::sync::atomic::AtomicBool>>,
}

impl Delivery {
    fn webhook() -> Self {
        Self {
            failed: Some(Arc::default()),
        }
    }

    fn has_failed(&self) -> bool {
        self.failed
            .as_ref()
            .is_some_and(|f| f.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// Reports the id of every update whose replies were all sent: lets tests wait for the bot
/// without sleeping. Empty in production.
#[derive(Clone, Default)]
pub struct Observer(pub Option<tokio::sync::mpsc::UnboundedSender<i64>>);

impl Observer {
    pub(crate) fn done(&self, update_id: i64) {
        if let Some(tx) = &self.0 {
            let _ = tx.send(update_id);
        }
    }
}

async fn on_message(
    bot: Bot,
    app: Arc<App>,
    obs: Observer,
    delivery: Delivery,
    upd: Update,
    msg: Message,
) -> Result<(), HandlerError> {
    if !msg.chat.is_private() {
        obs.done(i64::from(upd.id.0));
        return Ok(());
    }
    let Some(from) = msg.from.as_ref() else {
        obs.done(i64::from(upd.id.0));
        return Ok(());
    };
    let event = message_event(&msg);
    let file_bytes = match &event {
        Event::Input(Input::Document {
            file_id,
            name,
            size,
            ..
        }) if wants_bytes(name, *size) => fetch_file(&bot, file_id).await,
        _ => None,
    };
    let inc = Incoming {
        update_id: i64::from(upd.id.0),
        fingerprint: format!("m:{}:{}", msg.chat.id.0, msg.id.0),
        from: sender(from),
        chat_id: msg.chat.id.0,
        event,
        file_bytes,
    };
    process(&bot, &app, &delivery, inc).await;
    obs.done(i64::from(upd.id.0));
    Ok(())
}

async fn on_callback(
    bot: Bot,
    app: Arc<App>,
    obs: Observer,
    delivery: Delivery,
    upd: Update,
    q: CallbackQuery,
) -> Result<(), HandlerError> {
    let chat_id = q
        .message
        .as_ref()
        .map(|m| m.chat().id.0)
        .unwrap_or(q.from.id.0 as i64);
    let (message_id, message_text) = match &q.message {
        Some(m) => (
            Some(m.id().0),
            m.regular_message()
                .and_then(|r| r.text().or(r.caption()))
                .map(str::to_owned),
        ),
        None => (None, None),
    };
    let inc = Incoming {
        update_id: i64::from(upd.id.0),
        fingerprint: format!("c:{}", q.id.0),
        from: sender(&q.from),
        chat_id,
        event: Event::Callback {
            id: q.id.0.clone(),
            data: q.data.clone().unwrap_or_default(),
            message_id,
            message_text,
        },
        file_bytes: None,
    };
    process(&bot, &app, &delivery, inc).await;
    obs.done(i64::from(upd.id.0));
    Ok(())
}

/// Runs the application on one update; a panic in it becomes an apology, not a dead bot.
async fn process(bot: &Bot, app: &Arc<App>, delivery: &Delivery, inc: Incoming) {
    let outs = match AssertUnwindSafe(app.handle_checked(&inc, app.clock.now()))
        .catch_unwind()
        .await
    {
        Ok(Ok(outs)) => outs,
        failed => {
            if failed.is_err() {
                tracing::error!(update_id = inc.update_id, "handler panicked");
                app.metrics.handled(false, 0.0, app.clock.now().timestamp());
            }
            if let Some(flag) = &delivery.failed {
                // nothing was committed: Telegram gives the update again
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
                return;
            }
            app.failure_reply(&inc)
        }
    };
    let mut jobs = Vec::new();
    let outs: Vec<Out> = outs
        .into_iter()
        .filter_map(|o| match o {
            Out::Job(j) => {
                jobs.push(j);
                None
            }
            o => Some(o),
        })
        .collect();
    execute(bot, outs).await;
    for job in jobs {
        if let crate::app::Job::Transcribe(t) = job {
            // seconds of waiting for the engine must hold neither this batch nor other chats
            tokio::spawn(transcribe(bot.clone(), app.clone(), t));
            continue;
        }
        match AssertUnwindSafe(app.run_job(job)).catch_unwind().await {
            Ok(outs) => execute(bot, outs).await,
            Err(_) => tracing::error!("a job panicked; the bot goes on"),
        }
    }
}

/// Downloads a voice answer, has it transcribed, and gives the words to the application.
async fn transcribe(bot: Bot, app: Arc<App>, job: crate::app::TranscribeJob) {
    use crate::stt::SttError;
    let Some(stt) = app.stt.clone() else {
        return;
    };
    let heard = match bot
        .get_file(teloxide::types::FileId(job.file_id.clone()))
        .await
    {
        Ok(f) if f.size > crate::stt::MAX_DOWNLOAD_BYTES => Err(SttError::TooLong),
        Ok(f) => {
            let mut buf = Vec::new();
            match bot.download_file(&f.path, &mut buf).await {
                Ok(()) => stt.transcribe(buf, "voice.ogg").await,
                Err(e) => {
                    tracing::warn!(error = %e, "voice download failed");
                    Err(SttError::Download)
                }
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "getFile for a voice failed");
            Err(SttError::Download)
        }
    };
    match AssertUnwindSafe(app.dictated(&job, heard, app.clock.now()))
        .catch_unwind()
        .await
    {
        Ok(outs) => execute(&bot, outs).await,
        Err(_) => tracing::error!("applying a transcript panicked; the bot goes on"),
    }
}

fn sender(u: &teloxide::types::User) -> Sender {
    let mut name = u.first_name.clone();
    if let Some(last) = &u.last_name {
        name.push(' ');
        name.push_str(last);
    }
    Sender {
        tg_id: u.id.0 as i64,
        name,
        username: u.username.clone(),
        language: u.language_code.clone(),
    }
}

fn message_event(msg: &Message) -> Event {
    if let Some(text) = msg.text() {
        if let Some(rest) = text.strip_prefix('/') {
            let (cmd, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let name = cmd.split('@').next().unwrap_or("").to_lowercase();
            if !name.is_empty() {
                return Event::Command {
                    name,
                    arg: arg.trim().to_owned(),
                };
            }
        }
        return Event::Input(Input::Text(text.to_owned()));
    }
    if let Some(v) = msg.voice() {
        return Event::Input(Input::Voice {
            file_id: v.file.id.0.clone(),
            duration: v.duration.seconds(),
        });
    }
    if let Some(a) = msg.audio() {
        return Event::Input(Input::Voice {
            file_id: a.file.id.0.clone(),
            duration: a.duration.seconds(),
        });
    }
    if let Some(d) = msg.document() {
        return Event::Input(Input::Document {
            file_id: d.file.id.0.clone(),
            name: d.file_name.clone().unwrap_or_else(|| "file".into()),
            size: u64::from(d.file.size),
            caption: msg.caption().map(str::to_owned),
        });
    }
    if let Some(p) = msg.photo().and_then(|p| p.last()) {
        return Event::Input(Input::Photo {
            file_id: p.file.id.0.clone(),
            caption: msg.caption().map(str::to_owned),
        });
    }
    Event::Input(Input::Other)
}

/// Files the application reads itself: price lists, and templates it checks and fills.
fn wants_bytes(name: &str, size: u64) -> bool {
    let lower = name.to_lowercase();
    let text =
        (lower.ends_with(".csv") || lower.ends_with(".txt")) && size <= u64::from(MAX_READ_BYTES);
    let template =
        lower.ends_with(".docx") && size <= crate::documents::docx::MAX_TEMPLATE_BYTES as u64;
    text || template
}

async fn fetch_file(bot: &Bot, file_id: &str) -> Option<Vec<u8>> {
    let file = match bot
        .get_file(teloxide::types::FileId(file_id.to_owned()))
        .await
    {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, "getFile failed");
            return None;
        }
    };
    let mut buf = Vec::new();
    match bot.download_file(&file.path, &mut buf).await {
        Ok(()) => Some(buf),
        Err(e) => {
            tracing::warn!(error = %e, "file download failed");
            None
        }
    }
}

fn inline(rows: Vec<Vec<Btn>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.into_iter().map(|r| {
        r.into_iter()
            .map(|b| match b.web_app_url() {
                // the board opens inside Telegram
                Some(url) => match url::Url::parse(url) {
                    Ok(url) => {
                        InlineKeyboardButton::web_app(b.label, teloxide::types::WebAppInfo { url })
                    }
                    Err(_) => InlineKeyboardButton::callback(b.label, b.data),
                },
                None => InlineKeyboardButton::callback(b.label, b.data),
            })
            .collect::<Vec<_>>()
    }))
}

/// A formatted message as the messages Telegram accepts: one, or several where it is longer
/// than Telegram's limit (the words are the point; nothing is dropped).
fn pieces(text: &str) -> Vec<String> {
    let pieces = split_html(text, MESSAGE_LIMIT);
    if pieces.len() > 1 {
        tracing::info!(pieces = pieces.len(), "a long message sent in pieces");
    }
    pieces
}

/// Attempts a reply gets when Telegram is having a bad moment (5xx, 429, the network).
const REPLY_ATTEMPTS: u32 = 4;
/// Longest `retry_after` a reply waits for; a longer one is given up and logged.
const MAX_RETRY_AFTER_SECS: u64 = 10;

/// Whether a failed call is worth repeating, and after how long.
fn retry_delay(e: &RequestError, attempt: u32) -> Option<Duration> {
    let backoff = Duration::from_millis(250 * 2u64.pow(attempt));
    match e {
        RequestError::RetryAfter(s) => {
            let secs = u64::from(s.seconds());
            (secs <= MAX_RETRY_AFTER_SECS).then(|| Duration::from_secs(secs))
        }
        RequestError::Network(_) | RequestError::Io(_) => Some(backoff),
        RequestError::Api(ApiError::Unknown(text))
            if [
                "Internal Server Error",
                "Bad Gateway",
                "Gateway Timeout",
                "Service Unavailable",
            ]
            .iter()
            .any(|t| text.contains(t)) =>
        {
            Some(backoff)
        }
        _ => None,
    }
}

/// Runs one Bot API call, repeating it a bounded number of times when Telegram asks to wait or
/// fails on its side, so a reply is not lost to a passing error.
async fn with_retries<F, Fut>(mut call: F) -> Result<(), RequestError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), RequestError>>,
{
    let mut attempt = 0;
    loop {
        match call().await {
            Ok(()) => return Ok(()),
            Err(e) => match retry_delay(&e, attempt) {
                Some(wait) if attempt + 1 < REPLY_ATTEMPTS => {
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(e),
            },
        }
    }
}

fn inline_markup(kb: &Kb) -> Option<ReplyMarkup> {
    match kb {
        Kb::None => None,
        Kb::Inline(rows) => Some(ReplyMarkup::InlineKeyboard(inline(rows.clone()))),
        Kb::Menu(rows) => Some(ReplyMarkup::Keyboard(
            KeyboardMarkup::new(rows.iter().map(|r| {
                r.iter()
                    .map(|b| KeyboardButton::new(b.clone()))
                    .collect::<Vec<_>>()
            }))
            .resize_keyboard(),
        )),
    }
}

/// Sends what the application decided, in order. A failure is retried where that can help,
/// then logged; "message is not modified" (pressing the same page twice) is expected and ignored.
pub async fn execute(bot: &Bot, outs: Vec<Out>) {
    for out in outs {
        let result = match out {
            Out::Send { chat, text, kb } => {
                let pieces = pieces(&text);
                let last = pieces.len() - 1;
                let mut result = Ok(());
                for (i, piece) in pieces.into_iter().enumerate() {
                    // the buttons go under the last piece, where the reading ends
                    let markup = if i == last { inline_markup(&kb) } else { None };
                    result = with_retries(|| {
                        let mut req = bot
                            .send_message(ChatId(chat), piece.clone())
                            .parse_mode(ParseMode::Html);
                        if let Some(m) = markup.clone() {
                            req = req.reply_markup(m);
                        }
                        async move { req.await.map(drop) }
                    })
                    .await;
                    if result.is_err() {
                        break;
                    }
                }
                result
            }
            Out::Edit {
                chat,
                message_id,
                text,
                kb,
            } => {
                // an edit is one message: cut, and marked as cut
                let text = cut_html(&text, MESSAGE_LIMIT);
                with_retries(|| {
                    let mut req = bot
                        .edit_message_text(ChatId(chat), MessageId(message_id), text.clone())
                        .parse_mode(ParseMode::Html);
                    if let Kb::Inline(rows) = &kb {
                        req = req.reply_markup(inline(rows.clone()));
                    }
                    async move { req.await.map(drop) }
                })
                .await
            }
            Out::Document {
                chat,
                file_id,
                caption,
            } => {
                let caption = cut_html(&caption, CAPTION_LIMIT);
                with_retries(|| {
                    let req = bot
                        .send_document(
                            ChatId(chat),
                            InputFile::file_id(teloxide::types::FileId(file_id.clone())),
                        )
                        .caption(caption.clone())
                        .parse_mode(ParseMode::Html);
                    async move { req.await.map(drop) }
                })
                .await
            }
            Out::Voice {
                chat,
                file_id,
                caption,
            } => {
                let caption = cut_html(&caption, CAPTION_LIMIT);
                with_retries(|| {
                    let req = bot
                        .send_voice(
                            ChatId(chat),
                            InputFile::file_id(teloxide::types::FileId(file_id.clone())),
                        )
                        .caption(caption.clone())
                        .parse_mode(ParseMode::Html);
                    async move { req.await.map(drop) }
                })
                .await
            }
            Out::Photo {
                chat,
                bytes,
                caption,
            } => {
                with_retries(|| {
                    let req = bot
                        .send_photo(
                            ChatId(chat),
                            InputFile::memory(bytes.clone()).file_name("funnel.png"),
                        )
                        .caption(caption.clone());
                    async move { req.await.map(drop) }
                })
                .await
            }
            Out::Upload {
                chat,
                file_name,
                bytes,
                caption,
            } => {
                let caption = cut_html(&caption, CAPTION_LIMIT);
                with_retries(|| {
                    let req = bot
                        .send_document(
                            ChatId(chat),
                            InputFile::memory(bytes.clone()).file_name(file_name.clone()),
                        )
                        .caption(caption.clone())
                        .parse_mode(ParseMode::Html);
                    async move { req.await.map(drop) }
                })
                .await
            }
            // jobs are run by `process` before anything reaches here
            Out::Job(_) => Ok(()),
            Out::Commands {
                chat,
                lang,
                commands,
            } => {
                let cmds: Vec<BotCommand> = commands
                    .iter()
                    .map(|(c, key)| BotCommand::new(*c, tr(lang, key)))
                    .collect();
                bot.set_my_commands(cmds)
                    .scope(teloxide::types::BotCommandScope::Chat {
                        chat_id: teloxide::types::Recipient::Id(ChatId(chat)),
                    })
                    .await
                    .map(drop)
            }
            Out::Answer {
                callback_id,
                text,
                alert,
            } => {
                // a callback answer is worth nothing late: one attempt
                let mut req = bot
                    .answer_callback_query(teloxide::types::CallbackQueryId(callback_id))
                    .show_alert(alert);
                if let Some(t) = text {
                    req = req.text(t);
                }
                req.await.map(drop)
            }
        };
        match result {
            Ok(()) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
            Err(e) => tracing::warn!(error = %e, "Bot API call failed"),
        }
    }
}

/// Delivers reminders through the Bot API, turning its refusals into what the sender acts on.
pub struct TelegramNotifier(pub Bot);

fn send_error(e: RequestError) -> crate::reminders::sender::SendError {
    use crate::reminders::sender::SendError;
    match e {
        RequestError::RetryAfter(s) => SendError::RetryAfter(u64::from(s.seconds())),
        RequestError::Api(
            ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::CantInitiateConversation,
        ) => SendError::Blocked,
        // a chat this token never talked to (another bot's database, a mistyped id) is not a
        // person who blocked us
        RequestError::Api(ApiError::ChatNotFound) => SendError::Failed("chat not found".into()),
        e => SendError::Failed(e.to_string()),
    }
}

impl crate::reminders::sender::Notifier for TelegramNotifier {
    fn send(
        &self,
        chat: i64,
        text: String,
        kb: Kb,
    ) -> futures::future::BoxFuture<'_, Result<(), crate::reminders::sender::SendError>> {
        Box::pin(async move {
            let pieces = pieces(&text);
            let last = pieces.len() - 1;
            for (i, piece) in pieces.into_iter().enumerate() {
                let mut req = self
                    .0
                    .send_message(ChatId(chat), piece)
                    .parse_mode(ParseMode::Html);
                if let (true, Kb::Inline(rows)) = (i == last, &kb) {
                    req = req.reply_markup(ReplyMarkup::InlineKeyboard(inline(rows.clone())));
                }
                req.await.map(drop).map_err(send_error)?;
            }
            Ok(())
        })
    }

    fn send_photo(
        &self,
        chat: i64,
        png: Vec<u8>,
        caption: String,
    ) -> futures::future::BoxFuture<'_, Result<(), crate::reminders::sender::SendError>> {
        Box::pin(async move {
            let file = InputFile::memory(png).file_name("funnel.png");
            self.0
                .send_photo(ChatId(chat), file)
                .caption(caption)
                .await
                .map(drop)
                .map_err(send_error)
        })
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

/// Housekeeping beside whichever way updates come: pruning, statistics, and the transcriptions a
/// restart cut short.
async fn start_background(bot: &Bot, app: &Arc<App>) -> tokio::task::JoinHandle<()> {
    let pruner = tokio::spawn(prune_loop(app.clone()));
    if let Some(url) = app.cfg.board_url() {
        tokio::spawn(set_menu_buttons(bot.clone(), app.clone(), url));
    }
    for job in app.unfinished_dictations().await {
        tokio::spawn(transcribe(bot.clone(), app.clone(), job));
    }
    pruner
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
    let pruner = start_background(&bot, &app).await;
    let hook = web::Hook {
        path: url.path().to_owned(),
        secret,
    };
    let served = web::serve(listener, bot, app, observer, Some(hook), shutdown).await;
    pruner.abort();
    Ok(served?)
}

async fn poll_loop(
    bot: Bot,
    app: Arc<App>,
    observer: Observer,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), PollError> {
    use teloxide::types::AllowedUpdate;
    if let Err(e) = bot.delete_webhook().await {
        tracing::warn!(error = %e, "deleteWebhook failed; polling anyway");
    }
    let handler = Arc::new(schema());
    let mut offset: i32 = 0;
    let mut backoff = Duration::from_millis(500);
    tokio::pin!(shutdown);
    loop {
        let request = bot
            .get_updates()
            .offset(offset)
            .timeout(POLL_SECS)
            .allowed_updates(vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery]);
        let updates = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            r = request.send() => r,
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
        // each chat's updates in the order Telegram sent them
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
        futures::stream::iter(chats)
            .for_each_concurrent(CHATS_IN_FLIGHT, |(_, list)| {
                let (bot, app, observer, handler) =
                    (bot.clone(), app.clone(), observer.clone(), handler.clone());
                async move {
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
            })
            .await;
        // everything up to `last` is committed: only now is it confirmed to Telegram
        offset = i32::try_from(last.saturating_add(1)).unwrap_or(i32::MAX);
    }
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
