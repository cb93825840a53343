//! Reminders delivered through the Bot API, Telegram's refusals turned into what the reminder
//! sender acts on (wait, the person blocked the bot, a failure).

use teloxide::prelude::*;
use teloxide::types::{ChatId, InputFile, ParseMode, ReplyMarkup};
use teloxide::{ApiError, RequestError};

use super::send::{inline, pieces};
use crate::app::Kb;

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
