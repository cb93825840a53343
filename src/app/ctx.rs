//! The context of one update: the app, the transaction, who is speaking, the chat, the moment,
//! the dialogue state, what goes out and what this update already read — and the few things every
//! feature does with it (say, show, answer a button, check who may see a deal).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{App, Kb, Out, Res};
use crate::dialogue::State;
use crate::domain::Role;
use crate::i18n::Lang;
use crate::storage::{self, users, Tx};
use crate::tr;

/// One update's worth of work for a team member: the app, the transaction, who is speaking, the
/// chat, the moment, the dialogue state, what goes out, and what this update already read.
pub(crate) struct Ctx<'a> {
    pub(super) app: &'a App,
    pub(super) tx: Tx,
    pub(super) me: Me,
    pub(super) chat: i64,
    pub(super) now: Now,
    pub(super) state: State,
    pub(super) out: Outbox,
    pub(super) read: Read,
}

/// Who is speaking, in their language and time zone.
pub(super) struct Me {
    pub(super) user: users::User,
    pub(super) role: Role,
    pub(super) lang: Lang,
    pub(super) tz: Tz,
}

/// The moment the update is handled at.
pub(super) struct Now {
    pub(super) at: DateTime<Utc>,
    /// `at` in unix seconds, as stored.
    pub(super) ts: i64,
}

/// What the update sends back.
pub(super) struct Outbox {
    pub(super) msgs: Vec<Out>,
    /// The callback being handled: answered exactly once.
    pub(super) callback: Option<CallbackInfo>,
}

/// What this update already read: the file it came with, and the deal last read by
/// `visible_deal` and the one the next question may show without reading it again (set only
/// where nothing was written in between).
pub(super) struct Read {
    pub(super) file_bytes: Option<Vec<u8>>,
    pub(super) last_seen_deal: Option<storage::deals::Deal>,
    pub(super) deal_hint: Option<storage::deals::Deal>,
}

#[derive(Debug, Clone)]
pub(super) struct CallbackInfo {
    pub(super) id: String,
    pub(super) message_id: Option<i32>,
    pub(super) message_text: Option<String>,
    pub(super) answered: bool,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        app: &'a App,
        tx: Tx,
        user: users::User,
        chat: i64,
        now: DateTime<Utc>,
        state: State,
        file_bytes: Option<Vec<u8>>,
    ) -> Self {
        let role = user.role;
        let lang = Lang::from_code(&user.locale);
        let tz = user.timezone.parse().unwrap_or(app.cfg.default_tz);
        Self {
            app,
            tx,
            me: Me {
                user,
                role,
                lang,
                tz,
            },
            chat,
            now: Now {
                at: now,
                ts: now.timestamp(),
            },
            state,
            out: Outbox {
                msgs: Vec::new(),
                callback: None,
            },
            read: Read {
                file_bytes,
                last_seen_deal: None,
                deal_hint: None,
            },
        }
    }

    pub(super) fn finish(mut self) -> (Tx, State, Vec<Out>) {
        if let Some(cb) = self.out.callback.take() {
            if !cb.answered {
                self.out.msgs.push(Out::Answer {
                    callback_id: cb.id,
                    text: None,
                    alert: false,
                });
            }
        }
        (self.tx, self.state, self.out.msgs)
    }

    pub(super) fn t(&self, key: &str) -> String {
        tr!(self.me.lang, key)
    }

    pub(super) fn send(&mut self, text: String, kb: Kb) {
        self.out.msgs.push(Out::Send {
            chat: self.chat,
            text,
            kb,
        });
    }

    /// Shows a view: in place of the message whose button was pressed, or as a new message.
    pub(super) fn show(&mut self, text: String, kb: Kb) {
        match self.out.callback.as_ref().and_then(|c| c.message_id) {
            Some(message_id) if matches!(kb, Kb::Inline(_) | Kb::None) => {
                self.out.msgs.push(Out::Edit {
                    chat: self.chat,
                    message_id,
                    text,
                    kb,
                })
            }
            _ => self.send(text, kb),
        }
    }

    /// Drops an edit of the pressed message that would leave its text as it is: Telegram refuses
    /// it («message is not modified»), so it is a wasted call.
    pub(super) fn drop_unchanged_edit(&mut self) {
        let Some(cb) = self.out.callback.as_ref() else {
            return;
        };
        let (Some(mid), Some(shown)) = (cb.message_id, cb.message_text.as_deref()) else {
            return;
        };
        if let Some(Out::Edit {
            message_id, text, ..
        }) = self.out.msgs.last()
        {
            if *message_id == mid && crate::i18n::plain(text).trim() == shown.trim() {
                self.out.msgs.pop();
            }
        }
    }

    /// Answers the pressed button without a notice (the answer comes as a message).
    pub(super) fn ack(&mut self) {
        if let Some(cb) = self.out.callback.as_mut() {
            if !cb.answered {
                cb.answered = true;
                self.out.msgs.push(Out::Answer {
                    callback_id: cb.id.clone(),
                    text: None,
                    alert: false,
                });
            }
        }
    }

    /// Answers the pressed button with a short notice (a toast, or a dialog when `alert`).
    pub(super) fn toast(&mut self, text: String, alert: bool) {
        if let Some(cb) = self.out.callback.as_mut() {
            if !cb.answered {
                cb.answered = true;
                self.out.msgs.push(Out::Answer {
                    callback_id: cb.id.clone(),
                    text: Some(text),
                    alert,
                });
                return;
            }
        }
        self.send(text, Kb::None);
    }

    /// Whether the user may open this deal at all.
    pub(super) fn can_view(&self, d: &storage::deals::Deal) -> bool {
        match self.me.role {
            Role::HeadOfSales => true,
            Role::Manager => d.manager_id == self.me.user.id,
            Role::HeadOfDirection => {
                d.manager_id == self.me.user.id
                    || (d.direction_id.is_some() && d.direction_id == self.me.user.direction_id)
            }
            Role::Lawyer => false,
        }
    }

    /// Whether the user may walk this deal through its steps.
    pub(super) fn can_work(&self, d: &storage::deals::Deal) -> bool {
        self.me.role == Role::HeadOfSales || d.manager_id == self.me.user.id
    }

    /// Loads a deal the user may see, or tells them it is not theirs.
    pub(super) async fn visible_deal(&mut self, id: i64) -> Res<Option<storage::deals::Deal>> {
        let deal = storage::deals::deal(&mut self.tx, id).await?;
        match deal {
            Some(d) if self.can_view(&d) => {
                self.read.last_seen_deal = Some(d.clone());
                Ok(Some(d))
            }
            _ => {
                tracing::info!(
                    user_id = self.me.user.id,
                    deal_id = id,
                    "deal access refused"
                );
                let text = self.t("deal-not-yours");
                self.toast(text, true);
                Ok(None)
            }
        }
    }

    pub(super) fn require_head(&mut self) -> bool {
        if self.me.role == Role::HeadOfSales {
            return true;
        }
        let text = self.t("head-only");
        self.toast(text, true);
        false
    }
}
