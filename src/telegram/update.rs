//! Turning Telegram's updates into the application's words: who sent it, what it is (a command,
//! text, a voice, a document, a photo), and the bytes of the files the application reads itself.

use teloxide::net::Download;
use teloxide::prelude::*;

use crate::app::{Event, Sender};
use crate::dialogue::Input;

/// Files the bot downloads to read (price-list CSVs) are at most this large.
const MAX_READ_BYTES: u32 = 1024 * 1024;

/// The sender as the application knows people: id, full name, username, language.
pub(super) fn sender(u: &teloxide::types::User) -> Sender {
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

/// A message as an event: a command (`/name@bot arg`), or an answer of some kind.
pub(super) fn message_event(msg: &Message) -> Event {
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
pub(super) fn wants_bytes(name: &str, size: u64) -> bool {
    let lower = name.to_lowercase();
    let text =
        (lower.ends_with(".csv") || lower.ends_with(".txt")) && size <= u64::from(MAX_READ_BYTES);
    let template =
        lower.ends_with(".docx") && size <= crate::documents::docx::MAX_TEMPLATE_BYTES as u64;
    text || template
}

/// A file's bytes, or `None` (logged) when Telegram would not give them.
pub(super) async fn fetch_file(bot: &Bot, file_id: &str) -> Option<Vec<u8>> {
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
