//! The handler tree: each message or button press becomes an `Incoming`, runs through the
//! application (a panic becomes an apology), and what it decided is sent; the jobs a turn asks
//! for run after it.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use teloxide::dispatching::{UpdateFilterExt, UpdateHandler};
use teloxide::net::Download;
use teloxide::prelude::*;

use super::send::execute;
use super::update::{fetch_file, message_event, sender, wants_bytes};
use crate::app::{App, Event, Incoming, Out};
use crate::dialogue::Input;

pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

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
    pub(super) fn webhook() -> Self {
        Self {
            failed: Some(Arc::default()),
        }
    }

    pub(super) fn has_failed(&self) -> bool {
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
pub(super) async fn transcribe(bot: Bot, app: Arc<App>, job: crate::app::TranscribeJob) {
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
