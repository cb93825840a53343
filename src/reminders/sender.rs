//! Delivering the notification queue: one step (`try_send_due(now)`) that tests call directly,
//! and a loop that runs it. Telegram's limits are kept here: about one message a second to a chat
//! and thirty a second in all; a 429 pauses only the chat it names.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures::future::{join_all, BoxFuture};

use super::kind::NoticeKind;
use crate::storage::{self, deals, notify, users, Db};
use crate::ui::{Clock, Kb};

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Telegram asked us to wait this many seconds (429).
    RetryAfter(u64),
    /// The user blocked the bot or no longer exists (403).
    Blocked,
    Failed(String),
}

/// Sends one message to a chat: the Bot API in production, a fake in tests.
pub trait Notifier: Send + Sync {
    fn send(&self, chat: i64, text: String, kb: Kb) -> BoxFuture<'_, Result<(), SendError>>;
    /// A picture (the weekly digest's funnel).
    fn send_photo(
        &self,
        chat: i64,
        png: Vec<u8>,
        caption: String,
    ) -> BoxFuture<'_, Result<(), SendError>>;
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Least time between two messages to one chat.
    pub per_chat_ms: i64,
    /// Most messages in any window of `window_ms`.
    pub per_second: usize,
    /// The window the global limit is counted over: a second plus a margin for the jitter
    /// between when we send and when Telegram counts.
    pub window_ms: i64,
}

impl Default for Limits {
    /// A little under Telegram's figures (1 a second per chat, 30 a second in all).
    fn default() -> Self {
        Self {
            per_chat_ms: 1050,
            per_second: 29,
            window_ms: 1050,
        }
    }
}

/// Rate limiting with time passed in: a per-chat spacing, a global sliding window, and pauses
/// a 429 imposed on single chats.
#[derive(Debug, Default)]
pub struct Limiter {
    limits: Limits,
    last: HashMap<i64, i64>,
    window: VecDeque<i64>,
    paused: HashMap<i64, i64>,
}

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    pub fn allows(&mut self, chat: i64, now_ms: i64) -> bool {
        while self
            .window
            .front()
            .is_some_and(|t| *t <= now_ms - self.limits.window_ms)
        {
            self.window.pop_front();
        }
        if self.paused.get(&chat).is_some_and(|until| *until > now_ms) {
            return false;
        }
        if self
            .last
            .get(&chat)
            .is_some_and(|t| *t + self.limits.per_chat_ms > now_ms)
        {
            return false;
        }
        self.window.len() < self.limits.per_second
    }

    pub fn take(&mut self, chat: i64, now_ms: i64) {
        self.window.push_back(now_ms);
        self.last.insert(chat, now_ms);
        if self.last.len() > 10_000 {
            let horizon = now_ms - self.limits.per_chat_ms;
            self.last.retain(|_, t| *t > horizon);
            self.paused.retain(|_, t| *t > now_ms);
        }
    }

    pub fn pause(&mut self, chat: i64, until_ms: i64) {
        self.paused.insert(chat, until_ms);
    }

    /// The limits as the database checks them for every process together.
    pub fn rate(&self) -> notify::SendRate {
        notify::SendRate {
            per_chat_ms: self.limits.per_chat_ms,
            per_window: self.limits.per_second as i64,
            window_ms: self.limits.window_ms,
        }
    }

    pub fn per_second(&self) -> usize {
        self.limits.per_second
    }
}

/// A notification rendered and cleared to go.
pub struct Ready {
    pub due: notify::Due,
    pub text: String,
    pub kb: Kb,
    /// A picture sent right after the text.
    pub photo: Option<Vec<u8>>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub sent: usize,
    pub retried: usize,
    pub undeliverable: usize,
    pub failed: usize,
    /// Not sent because they no longer apply (done, cancelled, acted on).
    pub dropped: usize,
}

/// How long a claimed notice is kept from other senders while it is being sent.
const CLAIM_LEASE_SECS: i64 = 120;

/// Attempts after which a message that keeps failing for other reasons is given up.
const MAX_ATTEMPTS: i64 = 8;

pub struct Sender {
    db: Db,
    notifier: Arc<dyn Notifier>,
    limiter: Limiter,
    default_tz: Tz,
}

impl Sender {
    pub fn new(db: Db, notifier: Arc<dyn Notifier>, limits: Limits, default_tz: Tz) -> Self {
        Self {
            db,
            notifier,
            limiter: Limiter::new(limits),
            default_tz,
        }
    }

    /// One step: pick what is due and allowed now, send it, record the results.
    pub async fn try_send_due(&mut self, now: DateTime<Utc>) -> Result<Outcome, sqlx::Error> {
        let (ready, mut outcome) = self.collect(now).await?;
        let results = self.deliver(ready).await;
        let recorded = self.record(results, now).await?;
        outcome.sent += recorded.sent;
        outcome.retried += recorded.retried;
        outcome.undeliverable += recorded.undeliverable;
        outcome.failed += recorded.failed;
        Ok(outcome)
    }

    /// Reads what is due, settles what needs no sending, renders what may go now, and claims it.
    ///
    /// The reading and rendering take no write lock (most passes find nothing due); one short
    /// write then settles and claims: a claim moves the row's next attempt a lease ahead, so no
    /// other sender takes it while it is being sent, and a sender that dies mid-send leaves it
    /// to be sent once more when the lease runs out.
    pub async fn collect(
        &mut self,
        now: DateTime<Utc>,
    ) -> Result<(Vec<Ready>, Outcome), sqlx::Error> {
        let Some(sorted) = self.sort_due(now).await? else {
            return Ok((Vec::new(), Outcome::default()));
        };
        let claimed = self
            .settle_and_claim(&sorted.settle, sorted.ready, now.timestamp_millis())
            .await?;
        Ok((claimed, sorted.outcome))
    }

    /// Reads what is due and sorts it, without a write lock: what is settled without sending,
    /// and what is rendered and within the limits now. `None` when nothing is due at all.
    async fn sort_due(&mut self, now: DateTime<Utc>) -> Result<Option<Sorted>, sqlx::Error> {
        let ts = now.timestamp();
        let ms = now.timestamp_millis();
        let mut c = self.db.acquire().await?;
        let rows = notify::due(&mut c, ts, 500).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut s = Sorted::default();
        for n in rows {
            if s.ready.len() >= self.limiter.per_second() {
                break;
            }
            if !n.active {
                s.settle.push((n, Settle::Cancel));
                s.outcome.dropped += 1;
                continue;
            }
            if n.blocked_at.is_some() {
                // only what actually fails is marked: unblocking brings the rest back
                s.settle.push((n, Settle::Undeliverable));
                s.outcome.undeliverable += 1;
                continue;
            }
            if let Some(until) = n.paused_until.filter(|u| *u > ts) {
                let at = back_from_vacation(&mut c, &n, until, now, self.default_tz).await?;
                s.settle.push((n, Settle::Reschedule(at)));
                continue;
            }
            if !self.limiter.allows(n.tg_id, ms) {
                continue;
            }
            match super::render::render(&mut c, &n, now, self.default_tz).await? {
                None => {
                    s.settle.push((n, Settle::Cancel));
                    s.outcome.dropped += 1;
                }
                Some(r) => {
                    self.limiter.take(n.tg_id, ms);
                    s.ready.push(Ready {
                        due: n,
                        text: r.text,
                        kb: r.kb,
                        photo: r.photo,
                    });
                }
            }
        }
        Ok(Some(s))
    }

    /// One short write: settles what needs no sending and claims what goes now; returns the
    /// claimed (another sender may have claimed some first).
    async fn settle_and_claim(
        &self,
        settle: &[(notify::Due, Settle)],
        ready: Vec<Ready>,
        ms: i64,
    ) -> Result<Vec<Ready>, sqlx::Error> {
        let mut tx = storage::begin_write(&self.db).await?;
        for (n, what) in settle {
            match what {
                Settle::Cancel => notify::set_state(&mut tx, n.id, "cancelled").await?,
                Settle::Undeliverable => undeliverable(&mut tx, n).await?,
                Settle::Reschedule(at) => notify::reschedule(&mut tx, n.id, *at).await?,
            }
        }
        let mut claimed = Vec::with_capacity(ready.len());
        for r in ready {
            if notify::claim(&mut tx, &r.due, ms, CLAIM_LEASE_SECS, self.limiter.rate()).await? {
                claimed.push(r);
            }
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Sends a batch concurrently (the batch is already within the limits).
    pub async fn deliver(&self, ready: Vec<Ready>) -> Vec<(notify::Due, Result<(), SendError>)> {
        join_all(ready.into_iter().map(|r| async move {
            let mut res = self.notifier.send(r.due.tg_id, r.text, r.kb).await;
            if let (Ok(()), Some(png)) = (&res, r.photo) {
                res = self
                    .notifier
                    .send_photo(r.due.tg_id, png, String::new())
                    .await;
            }
            (r.due, res)
        }))
        .await
    }

    /// Writes down what happened; only a message Telegram accepted is marked sent.
    pub async fn record(
        &mut self,
        results: Vec<(notify::Due, Result<(), SendError>)>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, sqlx::Error> {
        let ts = now.timestamp();
        let mut outcome = Outcome::default();
        if results.is_empty() {
            return Ok(outcome);
        }
        let mut tx = storage::begin_write(&self.db).await?;
        for (n, res) in results {
            match res {
                Ok(()) => {
                    let late = ts - n.send_at > super::schedule::LATE_AFTER_SECS;
                    notify::mark_sent(&mut tx, n.id, ts, late).await?;
                    if n.kind == NoticeKind::Due.code() {
                        if let Some(r) = n.reminder_id {
                            deals::mark_reminder_sent(&mut tx, r, ts).await?;
                        }
                    }
                    outcome.sent += 1;
                }
                Err(SendError::RetryAfter(secs)) => {
                    let secs = secs.max(1) as i64;
                    self.limiter
                        .pause(n.tg_id, now.timestamp_millis() + secs * 1000);
                    notify::retry_at(&mut tx, n.id, ts + secs, false).await?;
                    outcome.retried += 1;
                }
                Err(SendError::Blocked) => {
                    undeliverable(&mut tx, &n).await?;
                    if users::mark_blocked(&mut tx, n.user_id, ts).await? {
                        tracing::warn!(user_id = n.user_id, "user blocked the bot; heads are told");
                        for head in users::heads_for(&mut tx, None).await? {
                            if head.id == n.user_id {
                                continue;
                            }
                            let notice = notify::NewNotification {
                                user_id: head.id,
                                kind: NoticeKind::Blocked.code(),
                                reminder_id: None,
                                deal_id: None,
                                subject_user_id: Some(n.user_id),
                                dedup: Some(format!("blocked:{}:{}:{ts}", n.user_id, head.id)),
                                send_at: ts,
                            };
                            notify::enqueue(&mut tx, &notice, ts).await?;
                        }
                    }
                    outcome.undeliverable += 1;
                }
                Err(SendError::Failed(e)) => {
                    tracing::warn!(notification = n.id, error = %e, "notification not sent");
                    if n.attempts + 1 >= MAX_ATTEMPTS {
                        notify::set_state(&mut tx, n.id, "failed").await?;
                        outcome.failed += 1;
                    } else {
                        let backoff = 5i64 << n.attempts.min(6);
                        notify::retry_at(&mut tx, n.id, ts + backoff, true).await?;
                        outcome.retried += 1;
                    }
                }
            }
        }
        tx.commit().await?;
        Ok(outcome)
    }
}

/// What a due notice gets instead of being sent.
enum Settle {
    Cancel,
    Undeliverable,
    Reschedule(i64),
}

/// One pass's reading of the queue, sorted.
#[derive(Default)]
struct Sorted {
    ready: Vec<Ready>,
    settle: Vec<(notify::Due, Settle)>,
    outcome: Outcome,
}

/// On vacation until `until`: the notice waits for the first working hour after the return, as
/// if planned for it (it is not late, the bot was not down).
async fn back_from_vacation(
    c: &mut storage::Conn,
    n: &notify::Due,
    until: i64,
    now: DateTime<Utc>,
    default_tz: Tz,
) -> Result<i64, sqlx::Error> {
    Ok(match users::by_id(c, n.user_id).await? {
        Some(u) => {
            let tz = super::tz_of(&u, default_tz);
            let back = DateTime::from_timestamp(until, 0).unwrap_or(now);
            super::schedule_of(&u).next_window(back, tz).timestamp()
        }
        None => until,
    })
}

/// A notice that cannot reach its user, and the reminder it was the due notice of.
async fn undeliverable(c: &mut storage::Conn, n: &notify::Due) -> Result<(), sqlx::Error> {
    notify::set_state(c, n.id, "undeliverable").await?;
    if let Some(r) = n.reminder_id.filter(|_| n.kind == NoticeKind::Due.code()) {
        deals::reminder_undeliverable(c, r).await?;
    }
    Ok(())
}

/// The background loop: plans every minute, sends ten times a second, stops on `shutdown`.
pub async fn run(
    db: Db,
    notifier: Arc<dyn Notifier>,
    clock: Clock,
    default_tz: Tz,
    shutdown: impl Future<Output = ()> + Send,
) {
    let mut sender = Sender::new(db.clone(), notifier, Limits::default(), default_tz);
    let mut plan_tick = tokio::time::interval(Duration::from_secs(60));
    // small, frequent batches keep the global rate smooth rather than bursty
    let mut send_tick = tokio::time::interval(Duration::from_millis(100));
    send_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => {
                // another process (a replica, or this one restarted) plans from now on
                if let Ok(mut c) = db.acquire().await {
                    let _ = notify::release_planner_turn(&mut c, super::process_id()).await;
                }
                break;
            }
            _ = plan_tick.tick() => {
                if let Err(e) = super::plan_due(&db, clock.now(), default_tz).await {
                    tracing::error!(error = %e, "planning notifications failed");
                }
            }
            _ = send_tick.tick() => {
                if let Err(e) = sender.try_send_due(clock.now()).await {
                    tracing::error!(error = %e, "sending notifications failed");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_message_a_second_per_chat() {
        let mut l = Limiter::new(Limits {
            per_chat_ms: 1000,
            per_second: 30,
            window_ms: 1000,
        });
        assert!(l.allows(1, 0));
        l.take(1, 0);
        assert!(!l.allows(1, 999));
        assert!(l.allows(2, 999), "another chat is not held up");
        assert!(l.allows(1, 1000));
    }

    #[test]
    fn at_most_n_a_second_in_all() {
        let mut l = Limiter::new(Limits {
            per_chat_ms: 1000,
            per_second: 3,
            window_ms: 1000,
        });
        for chat in 0..3 {
            assert!(l.allows(chat, 10));
            l.take(chat, 10);
        }
        assert!(!l.allows(99, 500));
        assert!(l.allows(99, 1010));
    }

    #[test]
    fn a_pause_holds_one_chat_only() {
        let mut l = Limiter::new(Limits::default());
        l.pause(5, 3000);
        assert!(!l.allows(5, 2999));
        assert!(l.allows(6, 0));
        assert!(l.allows(5, 3000));
    }
}
