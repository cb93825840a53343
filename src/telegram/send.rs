//! Sending what the application decided: one function per kind of outgoing message, each Bot API
//! call retried a bounded number of times when Telegram has a bad moment.

use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardButton,
    KeyboardMarkup, MessageId, ParseMode, ReplyMarkup,
};
use teloxide::{ApiError, RequestError};

use crate::app::{Btn, Kb, Out};
use crate::domain::text::{cut_html, split_html, CAPTION_LIMIT, MESSAGE_LIMIT};
use crate::i18n::tr;

/// Inline buttons as Telegram's markup; a button with a board URL opens the board.
pub(super) fn inline(rows: Vec<Vec<Btn>>) -> InlineKeyboardMarkup {
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
pub(super) fn pieces(text: &str) -> Vec<String> {
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

/// The buttons under a sent message: inline, the reply-keyboard menu, or none.
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
            Out::Send { chat, text, kb } => send_text(bot, chat, &text, &kb).await,
            Out::Edit {
                chat,
                message_id,
                text,
                kb,
            } => edit_text(bot, chat, message_id, &text, &kb).await,
            Out::Document {
                chat,
                file_id,
                caption,
            } => send_stored_document(bot, chat, file_id, &caption).await,
            Out::Voice {
                chat,
                file_id,
                caption,
            } => send_stored_voice(bot, chat, file_id, &caption).await,
            Out::Photo {
                chat,
                bytes,
                caption,
            } => send_chart(bot, chat, bytes, caption).await,
            Out::Upload {
                chat,
                file_name,
                bytes,
                caption,
            } => upload_document(bot, chat, file_name, bytes, &caption).await,
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
            } => answer_callback(bot, callback_id, text, alert).await,
        };
        match result {
            Ok(()) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
            Err(e) => tracing::warn!(error = %e, "Bot API call failed"),
        }
    }
}

/// A formatted message, in as many pieces as Telegram's limit needs; the buttons go under the
/// last piece, where the reading ends. A piece that fails stops the rest.
async fn send_text(bot: &Bot, chat: i64, text: &str, kb: &Kb) -> Result<(), RequestError> {
    let pieces = pieces(text);
    let last = pieces.len() - 1;
    let mut result = Ok(());
    for (i, piece) in pieces.into_iter().enumerate() {
        let markup = if i == last { inline_markup(kb) } else { None };
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

/// A message rewritten in place (a page turned, a card decided): an edit is one message, so a
/// text over the limit is cut, and marked as cut.
async fn edit_text(
    bot: &Bot,
    chat: i64,
    message_id: i32,
    text: &str,
    kb: &Kb,
) -> Result<(), RequestError> {
    let text = cut_html(text, MESSAGE_LIMIT);
    with_retries(|| {
        let mut req = bot
            .edit_message_text(ChatId(chat), MessageId(message_id), text.clone())
            .parse_mode(ParseMode::Html);
        if let Kb::Inline(rows) = kb {
            req = req.reply_markup(inline(rows.clone()));
        }
        async move { req.await.map(drop) }
    })
    .await
}

/// A document Telegram already keeps (by its file id), with a caption cut to the caption limit.
async fn send_stored_document(
    bot: &Bot,
    chat: i64,
    file_id: String,
    caption: &str,
) -> Result<(), RequestError> {
    let caption = cut_html(caption, CAPTION_LIMIT);
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

/// A voice message Telegram already keeps (by its file id), with a caption cut to the limit.
async fn send_stored_voice(
    bot: &Bot,
    chat: i64,
    file_id: String,
    caption: &str,
) -> Result<(), RequestError> {
    let caption = cut_html(caption, CAPTION_LIMIT);
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

/// A picture the bot drew (the funnel), with a plain-text caption.
async fn send_chart(
    bot: &Bot,
    chat: i64,
    bytes: Vec<u8>,
    caption: String,
) -> Result<(), RequestError> {
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

/// A file the bot made (a filled contract), uploaded as a document.
async fn upload_document(
    bot: &Bot,
    chat: i64,
    file_name: String,
    bytes: Vec<u8>,
    caption: &str,
) -> Result<(), RequestError> {
    let caption = cut_html(caption, CAPTION_LIMIT);
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

/// The answer to a button press; it is worth nothing late, so it gets one attempt.
async fn answer_callback(
    bot: &Bot,
    callback_id: String,
    text: Option<String>,
    alert: bool,
) -> Result<(), RequestError> {
    let mut req = bot
        .answer_callback_query(teloxide::types::CallbackQueryId(callback_id))
        .show_alert(alert);
    if let Some(t) = text {
        req = req.text(t);
    }
    req.await.map(drop)
}
