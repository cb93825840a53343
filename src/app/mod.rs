//! The application: one update in, a list of outgoing messages out, every change committed in
//! one transaction together with the update's id. Telegram-free: `telegram/` converts updates into
//! `Incoming` and executes the `Out`s.

mod approvals;
mod ctx;
mod flow;
mod forms;
mod privacy;
mod recorder;
mod reminders;
pub(crate) mod reports;
mod route;
mod steps;
mod terms;
mod views;
mod voice;

pub use voice::TranscribeJob;

use ctx::Ctx;

pub use crate::ui::{callbacks, Btn, Cb, Clock, Command, Kb};

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::config::Config;
use crate::dialogue::{Input, State};
use crate::domain::Role;
use crate::i18n::Lang;
use crate::storage::{self, users, Db, StoredState, Tx};
use crate::tr;

/// How long an invitation link stays valid.
pub const INVITE_TTL_DAYS: i64 = 7;

/// A point where a test can hold a turn, to crash the bot exactly there. Empty in production.
#[derive(Clone, Default)]
pub struct Hooks {
    /// Awaited with the update's id after the turn's work and before its commit.
    #[allow(clippy::type_complexity)]
    pub before_commit:
        Option<Arc<dyn Fn(i64) -> futures::future::BoxFuture<'static, ()> + Send + Sync>>,
}

pub struct App {
    pub hooks: Hooks,
    /// The one writer connection: every write transaction goes through it.
    pub db: Db,
    /// The updates' way to it: group commit (`storage::group`).
    pub writer: Arc<storage::group::GroupCommit>,
    /// Read-only connections for views, reports and exports: they never hold the write lock.
    pub read: Db,
    pub cfg: Arc<Config>,
    /// The bot's @username, for invitation links.
    pub bot_username: String,
    pub clock: Clock,
    /// Speech to text for voice answers, when configured.
    pub stt: Option<Arc<crate::stt::Transcriber>>,
    pub metrics: Arc<crate::metrics::Metrics>,
}

#[derive(Debug, Clone)]
pub struct Sender {
    pub tg_id: i64,
    pub name: String,
    pub username: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Incoming {
    pub update_id: i64,
    /// Identifies the update's content (chat and message, or callback id) for deduplication.
    pub fingerprint: String,
    pub from: Sender,
    pub chat_id: i64,
    pub event: Event,
    /// Contents of a small uploaded text file (a price-list CSV), fetched before the turn.
    pub file_bytes: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub enum Event {
    Command {
        name: String,
        arg: String,
    },
    Input(Input),
    Callback {
        id: String,
        data: String,
        message_id: Option<i32>,
        message_text: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// The command menu Telegram shows this chat: the commands of the user's role.
    Commands {
        chat: i64,
        lang: Lang,
        commands: Vec<(&'static str, &'static str)>,
    },
    Send {
        chat: i64,
        text: String,
        kb: Kb,
    },
    Edit {
        chat: i64,
        message_id: i32,
        text: String,
        kb: Kb,
    },
    Document {
        chat: i64,
        file_id: String,
        caption: String,
    },
    Voice {
        chat: i64,
        file_id: String,
        caption: String,
    },
    /// A picture the bot drew (the funnel).
    Photo {
        chat: i64,
        bytes: Vec<u8>,
        caption: String,
    },
    /// A file the bot made (a filled contract): uploaded as a document.
    Upload {
        chat: i64,
        file_name: String,
        bytes: Vec<u8>,
        caption: String,
    },
    /// Work to do after the turn's commit (see `App::run_job`).
    Job(Job),
    Answer {
        callback_id: String,
        text: Option<String>,
        alert: bool,
    },
}

/// Heavy read-only work a turn asks for, done after its commit on a read connection.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Export(ExportJob),
    /// A voice answer to transcribe: run beside the other chats, never inside a transaction.
    Transcribe(TranscribeJob),
}

/// Deals and activities of a period, for one chat, in its reader's language and time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportJob {
    pub chat: i64,
    pub lang: Lang,
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub filter: crate::storage::reports::Filter,
    pub from: i64,
    pub to: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// The batch that held the update failed to commit: nothing of it was kept.
    #[error(transparent)]
    NotCommitted(#[from] storage::group::NotCommitted),
    /// A stored record that no longer reads as what wrote it.
    #[error("unreadable record: {0}")]
    Unreadable(String),
}

pub type Res<T = ()> = Result<T, AppError>;

/// What an update did inside its savepoint.
enum Applied {
    /// Seen before (a redelivery): nothing changed.
    Duplicate,
    Done {
        outs: Vec<Out>,
        /// A team member's turn (the test hook holds those before their commit).
        member: bool,
    },
}

/// Who an update is from, once it is recorded as seen.
enum Prepared {
    Duplicate,
    Stranger,
    Member {
        user: Box<users::User>,
        state: State,
        reset: bool,
    },
}

impl App {
    /// Handles one update. Changes and the update's id are committed together before anything
    /// is returned for sending, so a confirmation the user sees is always backed by the database,
    /// and a redelivered update changes nothing.
    pub async fn handle(&self, inc: Incoming, now: DateTime<Utc>) -> Vec<Out> {
        match self.handle_checked(&inc, now).await {
            Ok(outs) => outs,
            Err(_) => self.failure_reply(&inc),
        }
    }

    /// `handle`, telling a failure apart (nothing was committed): a webhook answers it with an
    /// error, so Telegram delivers the update again.
    pub async fn handle_checked(&self, inc: &Incoming, now: DateTime<Utc>) -> Res<Vec<Out>> {
        let started = std::time::Instant::now();
        let result = self.try_handle(inc, now).await;
        self.metrics.handled(
            result.is_ok(),
            started.elapsed().as_secs_f64(),
            now.timestamp(),
        );
        if let Err(e) = &result {
            tracing::error!(error = %e, update_id = inc.update_id, "update failed");
        }
        result
    }

    /// Runs a job a committed turn asked for; its messages are sent like the turn's own.
    pub async fn run_job(&self, job: Job) -> Vec<Out> {
        match job {
            Job::Export(job) => match reports::export_files(&self.read, &job).await {
                Ok(outs) => outs,
                Err(e) => {
                    tracing::error!(error = %e, "export failed");
                    vec![Out::Send {
                        chat: job.chat,
                        text: tr!(job.lang, "err-internal"),
                        kb: Kb::None,
                    }]
                }
            },
            // the transport downloads the recording and calls `dictated` with the words
            Job::Transcribe(_) => Vec::new(),
        }
    }

    /// What the user sees when something broke on our side: an apology that says what happened
    /// to what they sent, never silence.
    pub fn failure_reply(&self, inc: &Incoming) -> Vec<Out> {
        let lang = Lang::from_code(inc.from.language.as_deref().unwrap_or("ru"));
        // the turn was rolled back: words they typed were not kept and must come again
        let key = match inc.event {
            Event::Input(_) => "err-not-saved",
            _ => "err-internal",
        };
        let mut outs = vec![Out::Send {
            chat: inc.chat_id,
            text: tr!(lang, key),
            kb: Kb::None,
        }];
        if let Event::Callback { id, .. } = &inc.event {
            outs.push(Out::Answer {
                callback_id: id.clone(),
                text: None,
                alert: false,
            });
        }
        outs
    }

    async fn try_handle(&self, inc: &Incoming, now: DateTime<Utc>) -> Res<Vec<Out>> {
        if route::only_reads(&inc.event) {
            match self.try_view(inc, now).await {
                Ok(Some(outs)) => return Ok(outs),
                Ok(None) => {}
                // the read path is an optimisation: anything odd goes the authoritative way
                Err(e) => tracing::debug!(error = %e, "view retried as a write turn"),
            }
        }
        // the one writer: this update in its own savepoint of the batch's transaction
        let mut slot = self.writer.enter().await?;
        let (tx, applied) = self.apply(slot.take(), inc, now).await;
        slot.put(tx);
        let (outs, member) = match applied {
            Ok(Applied::Duplicate) => {
                tracing::info!(update_id = inc.update_id, "duplicate update ignored");
                (Vec::new(), false)
            }
            Ok(Applied::Done { outs, member }) => (outs, member),
            Err(e) => {
                // this update alone is undone; the others of the batch go on
                slot.rollback().await;
                return Err(e);
            }
        };
        let hook = async {
            if let (true, Some(hook)) = (member, &self.hooks.before_commit) {
                hook(inc.update_id).await;
            }
        };
        // acknowledged (its replies sent) only once the batch that holds it is committed
        slot.join(hook).await?.committed().await?;
        Ok(outs)
    }

    /// An update's changes, on the batch's transaction (given back whatever happens, so a
    /// failure undoes this update's savepoint alone).
    async fn apply(&self, mut tx: Tx, inc: &Incoming, now: DateTime<Utc>) -> (Tx, Res<Applied>) {
        let ts = now.timestamp();
        let (user, state, reset) = match self.prepare(&mut tx, inc, ts, now).await {
            Ok(Prepared::Member { user, state, reset }) => (*user, state, reset),
            Ok(Prepared::Stranger) => {
                let outs = self.stranger(&mut tx, inc, ts).await;
                return (
                    tx,
                    outs.map(|outs| Applied::Done {
                        outs,
                        member: false,
                    }),
                );
            }
            Ok(Prepared::Duplicate) => return (tx, Ok(Applied::Duplicate)),
            Err(e) => return (tx, Err(e)),
        };
        let chat = inc.chat_id;
        let mut turn = Ctx::new(self, tx, user, chat, now, state, inc.file_bytes.clone());
        if reset {
            let text = tr!(turn.me.lang, "state-reset");
            turn.send(text, Kb::None);
        }
        let ran = turn.run(&inc.event).await;
        let (mut tx, state, outs) = turn.finish();
        if let Err(e) = ran {
            return (tx, Err(e));
        }
        if let Err(e) = storage::save_state(&mut tx, chat, &state, ts).await {
            return (tx, Err(e.into()));
        }
        (tx, Ok(Applied::Done { outs, member: true }))
    }

    /// The update recorded as seen, and who sent it with their dialogue.
    async fn prepare(
        &self,
        tx: &mut Tx,
        inc: &Incoming,
        ts: i64,
        now: DateTime<Utc>,
    ) -> Res<Prepared> {
        if !storage::mark_update(tx, inc.update_id, &inc.fingerprint, ts).await? {
            return Ok(Prepared::Duplicate);
        }
        // the member and the chat's dialogue in one read
        let (mut user, mut stored) =
            match users::by_tg_with_state(tx, inc.from.tg_id, inc.chat_id).await? {
                Some((u, state)) => (Some(u), Some(state)),
                None => (None, None),
            };
        if self.cfg.head_of_sales_ids.contains(&inc.from.tg_id)
            && !user
                .as_ref()
                .is_some_and(|u| u.active && u.role == Role::HeadOfSales)
        {
            user = Some(
                self.register(tx, inc, Role::HeadOfSales, None, None, ts)
                    .await?,
            );
        }
        let Some(user) = user.filter(|u| u.active) else {
            return Ok(Prepared::Stranger);
        };
        let chat = inc.chat_id;
        // a user who writes again has unblocked the bot
        if user.blocked_at.is_some() {
            users::clear_blocked(tx, user.id).await?;
            // the reminders still ahead that failed while blocked come back
            for id in storage::deals::restore_undeliverable(tx, user.id, ts).await? {
                crate::reminders::plan_reminder(tx, id, now, self.cfg.default_tz).await?;
            }
        }
        let stored = match stored.take() {
            Some(raw) => storage::read_state(chat, raw),
            None => storage::load_state(tx, chat).await?,
        };
        Ok(match stored {
            StoredState::Found(state) => Prepared::Member {
                user: Box::new(user),
                state,
                reset: false,
            },
            StoredState::Unreadable => Prepared::Member {
                user: Box::new(user),
                state: State::Idle,
                reset: true,
            },
        })
    }

    /// A view on a read connection, outside any write transaction: no write lock is taken and
    /// nothing is written (a repeated view is harmless, so it is not deduplicated). `None` when
    /// the update needs the write path after all (a stranger, a dialogue in progress, an
    /// unblock or a head to register).
    async fn try_view(&self, inc: &Incoming, now: DateTime<Utc>) -> Res<Option<Vec<Out>>> {
        let mut tx = self.read.begin().await?;
        let Some((user, raw)) =
            users::by_tg_with_state(&mut tx, inc.from.tg_id, inc.chat_id).await?
        else {
            return Ok(None);
        };
        let configured_head = self.cfg.head_of_sales_ids.contains(&inc.from.tg_id);
        if !user.active
            || user.blocked_at.is_some()
            || (configured_head && user.role != Role::HeadOfSales)
        {
            return Ok(None);
        }
        if !matches!(
            storage::read_state(inc.chat_id, raw),
            StoredState::Found(State::Idle)
        ) {
            return Ok(None);
        }
        let mut turn = Ctx::new(self, tx, user, inc.chat_id, now, State::Idle, None);
        turn.run(&inc.event).await?;
        let (tx, state, outs) = turn.finish();
        if state != State::Idle {
            // the view started something after all: the write path does it properly
            return Ok(None);
        }
        tx.rollback().await?;
        Ok(Some(outs))
    }

    async fn register(
        &self,
        tx: &mut Tx,
        inc: &Incoming,
        role: Role,
        direction_id: Option<i64>,
        invited_by: Option<i64>,
        ts: i64,
    ) -> Res<users::User> {
        let existing = users::by_tg(tx, inc.from.tg_id).await?;
        let locale = existing
            .as_ref()
            .map(|u| u.locale.clone())
            .unwrap_or_else(|| {
                Lang::from_code(inc.from.language.as_deref().unwrap_or("ru"))
                    .code()
                    .to_owned()
            });
        let tz = existing
            .as_ref()
            .map(|u| u.timezone.clone())
            .unwrap_or_else(|| self.cfg.default_tz.name().to_owned());
        let u = users::upsert(
            tx,
            &users::NewUser {
                tg_id: inc.from.tg_id,
                name: &inc.from.name,
                username: inc.from.username.as_deref(),
                role: role.code(),
                direction_id,
                timezone: &tz,
                locale: &locale,
                invited_by,
            },
            ts,
        )
        .await?;
        tracing::info!(user_id = u.id, role = role.code(), "user registered");
        Ok(u)
    }

    /// Someone who is not on the team: an invitation code lets them in; anything else is refused
    /// politely, leaving only an audit row.
    async fn stranger(&self, tx: &mut Tx, inc: &Incoming, ts: i64) -> Res<Vec<Out>> {
        let lang = Lang::from_code(inc.from.language.as_deref().unwrap_or("ru"));
        let chat = inc.chat_id;
        if let Event::Command { name, arg } = &inc.event {
            if name == "start" && !arg.is_empty() {
                if let Some(inv) = users::invite(tx, arg).await? {
                    if inv.used_by.is_none() && inv.expires_at > ts {
                        let role = inv.role;
                        let u = self
                            .register(tx, inc, role, inv.direction_id, Some(inv.created_by), ts)
                            .await?;
                        users::use_invite(tx, &inv.code, u.id, ts).await?;
                        let ulang = Lang::from_code(&u.locale);
                        let mut outs = vec![views::commands_for(chat, ulang, role)];
                        outs.push(Out::Send {
                            chat,
                            text: tr!(
                                ulang,
                                "welcome-joined",
                                name = &u.name,
                                role = tr!(ulang, &format!("role-{}", role.code()))
                            ),
                            kb: views::menu(ulang, role),
                        });
                        if let Some(inviter) = users::by_id(tx, inv.created_by).await? {
                            let ilang = Lang::from_code(&inviter.locale);
                            outs.push(Out::Send {
                                chat: inviter.tg_id,
                                text: tr!(
                                    ilang,
                                    "invite-accepted",
                                    name = &u.name,
                                    role = tr!(ilang, &format!("role-{}", role.code()))
                                ),
                                kb: Kb::None,
                            });
                        }
                        return Ok(outs);
                    }
                }
                users::record_denied(tx, inc.from.tg_id, "bad_invite", ts).await?;
                return Ok(vec![Out::Send {
                    chat,
                    text: tr!(lang, "invite-invalid"),
                    kb: Kb::None,
                }]);
            }
        }
        let what = match &inc.event {
            Event::Command { .. } => "command",
            Event::Input(_) => "message",
            Event::Callback { .. } => "callback",
        };
        users::record_denied(tx, inc.from.tg_id, what, ts).await?;
        tracing::info!(tg_id = inc.from.tg_id, what, "stranger refused");
        Ok(match &inc.event {
            Event::Callback { id, .. } => vec![Out::Answer {
                callback_id: id.clone(),
                text: Some(tr!(lang, "access-denied-short")),
                alert: true,
            }],
            _ => vec![Out::Send {
                chat,
                text: tr!(lang, "access-denied"),
                kb: Kb::None,
            }],
        })
    }
}
