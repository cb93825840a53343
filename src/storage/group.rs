//! Group commit: the one writer applies every update that is ready in one write transaction,
//! each in its own SAVEPOINT, commits once, and only then are they all acknowledged.
//!
//! An update enters the writer ([`GroupCommit::enter`]: the writer's lock, the batch's
//! transaction begun when none is open, and the update's savepoint), does its work, and either
//! releases its savepoint into the batch ([`Slot::join`]) or rolls it back alone
//! ([`Slot::rollback`]: that update failed, the batch goes on). A joined update waits for the
//! batch's commit ([`Ticket::committed`]) before anything of it is sent. The batch commits as
//! soon as no other update that could still join is being handled, when it holds
//! [`MAX_BATCH`] updates, or [`WINDOW`] after it opened, whichever comes first. A batch that
//! cannot commit (or whose transaction was lost to a panic or a cancelled turn) fails every
//! update in it: nothing of them is committed, and each is answered as a failed update.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Mutex, MutexGuard};
use tokio::time::Instant;

use super::{begin_write, Db, Tx};

/// The most updates one commit carries.
pub const MAX_BATCH: usize = 64;
/// The longest a batch stays open for more updates to join it.
pub const WINDOW: Duration = Duration::from_millis(2);

/// The writer's state: the open batch, if any.
#[derive(Default)]
struct Open {
    tx: Option<Tx>,
    batch: Option<Arc<Batch>>,
}

/// One transaction's worth of updates.
struct Batch {
    id: u64,
    opened: Instant,
    members: AtomicUsize,
    /// `Some(true)` once committed, `Some(false)` once failed (rolled back).
    outcome: watch::Sender<Option<bool>>,
}

/// The one writer of a database, shared by every update.
pub struct GroupCommit {
    db: Db,
    open: Mutex<Open>,
    /// Updates being handled (taken from Telegram and not yet done): while some of them are
    /// outside the batch, it waits for them (within [`WINDOW`]).
    busy: AtomicUsize,
    next_batch: AtomicU64,
    /// Commits made and updates they carried, for the benchmark's figures.
    commits: AtomicU64,
    committed_updates: AtomicU64,
}

/// Counts an update as being handled while it lives.
pub struct Busy<'a>(&'a GroupCommit);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

impl GroupCommit {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            open: Mutex::new(Open::default()),
            busy: AtomicUsize::new(0),
            next_batch: AtomicU64::new(1),
            commits: AtomicU64::new(0),
            committed_updates: AtomicU64::new(0),
        }
    }

    /// Marks an update as being handled until the guard drops: a batch open meanwhile waits
    /// for it to join (at most [`WINDOW`]).
    pub fn busy(&self) -> Busy<'_> {
        self.busy.fetch_add(1, Ordering::SeqCst);
        Busy(self)
    }

    /// (commits, updates committed) since the start.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.commits.load(Ordering::Relaxed),
            self.committed_updates.load(Ordering::Relaxed),
        )
    }

    /// Takes the writer for one update: the batch's transaction (begun when none is open), with
    /// the update's savepoint set.
    pub async fn enter(&self) -> Result<Slot<'_>, sqlx::Error> {
        let mut open = self.open.lock().await;
        if open.tx.is_none() {
            open.tx = Some(begin_write(&self.db).await?);
            let (outcome, _) = watch::channel(None);
            open.batch = Some(Arc::new(Batch {
                id: self.next_batch.fetch_add(1, Ordering::Relaxed),
                opened: Instant::now(),
                members: AtomicUsize::new(0),
                outcome,
            }));
        }
        let mut tx = open.tx.take().expect("a batch is open");
        if let Err(e) = sqlx::query("SAVEPOINT u").execute(&mut *tx).await {
            // the transaction is no longer usable: the whole batch goes
            drop(tx);
            fail(&mut open);
            return Err(e);
        }
        Ok(Slot {
            gc: self,
            open: Some(open),
            tx: Some(tx),
        })
    }

    /// Commits the batch `id` if it is still the open one.
    async fn commit_batch(&self, id: u64) {
        let mut open = self.open.lock().await;
        if open.batch.as_ref().is_some_and(|b| b.id == id) {
            commit(self, &mut open).await;
        }
    }
}

/// Commits the open batch and tells its updates.
async fn commit(gc: &GroupCommit, open: &mut MutexGuard<'_, Open>) {
    let (Some(tx), Some(batch)) = (open.tx.take(), open.batch.take()) else {
        return;
    };
    let ok = match tx.commit().await {
        Ok(()) => true,
        Err(e) => {
            tracing::error!(error = %e, "a batch of updates failed to commit");
            false
        }
    };
    if ok {
        gc.commits.fetch_add(1, Ordering::Relaxed);
        gc.committed_updates.fetch_add(
            batch.members.load(Ordering::Relaxed) as u64,
            Ordering::Relaxed,
        );
    }
    batch.outcome.send_replace(Some(ok));
}

/// Drops the open batch uncommitted (its transaction rolls back) and tells its updates.
fn fail(open: &mut MutexGuard<'_, Open>) {
    open.tx = None;
    if let Some(batch) = open.batch.take() {
        batch.outcome.send_replace(Some(false));
    }
}

/// One update inside the writer: the batch's transaction, at the update's savepoint.
pub struct Slot<'a> {
    gc: &'a GroupCommit,
    open: Option<MutexGuard<'a, Open>>,
    tx: Option<Tx>,
}

impl<'a> Slot<'a> {
    /// The transaction, for the update's work (give it back with [`Slot::put`]).
    pub fn take(&mut self) -> Tx {
        self.tx.take().expect("the slot holds the transaction")
    }

    pub fn put(&mut self, tx: Tx) {
        self.tx = Some(tx);
    }

    pub fn tx(&mut self) -> &mut Tx {
        self.tx.as_mut().expect("the slot holds the transaction")
    }

    /// Undoes this update's work alone; the batch goes on without it.
    pub async fn rollback(mut self) {
        let Some(mut tx) = self.tx.take() else {
            return;
        };
        let undone = async {
            sqlx::query("ROLLBACK TO SAVEPOINT u")
                .execute(&mut *tx)
                .await?;
            sqlx::query("RELEASE SAVEPOINT u").execute(&mut *tx).await
        }
        .await;
        let mut open = self.open.take().expect("the slot holds the writer");
        let empty = open
            .batch
            .as_ref()
            .is_none_or(|b| b.members.load(Ordering::SeqCst) == 0);
        match undone {
            // nothing else is in the batch, and nobody is waiting to commit it: it ends here
            Ok(_) if empty => {
                drop(tx);
                fail(&mut open);
            }
            Ok(_) => open.tx = Some(tx),
            Err(e) => {
                tracing::error!(error = %e, "rolling back an update's savepoint failed; the batch is dropped");
                drop(tx);
                fail(&mut open);
            }
        }
    }

    /// Releases this update's savepoint into the batch. `before_commit` runs then, still inside
    /// the writer (a test holds or crashes the bot there). The returned ticket tells when the
    /// batch is committed.
    pub async fn join(
        mut self,
        before_commit: impl std::future::Future<Output = ()>,
    ) -> Result<Ticket<'a>, sqlx::Error> {
        let mut tx = self.tx.take().expect("the slot holds the transaction");
        let mut open = self.open.take().expect("the slot holds the writer");
        if let Err(e) = sqlx::query("RELEASE SAVEPOINT u").execute(&mut *tx).await {
            drop(tx);
            fail(&mut open);
            return Err(e);
        }
        open.tx = Some(tx);
        // a panic or a cancellation in the hook loses the batch (the guard drops with it)
        let mut guard = Loser(Some(open));
        before_commit.await;
        let mut open = guard.0.take().expect("the guard holds the writer");
        let batch = open.batch.clone().expect("a batch is open");
        let members = batch.members.fetch_add(1, Ordering::SeqCst) + 1;
        let outcome = batch.outcome.subscribe();
        let others = self.gc.busy.load(Ordering::SeqCst).saturating_sub(members);
        if members >= MAX_BATCH || others == 0 {
            commit(self.gc, &mut open).await;
        }
        Ok(Ticket {
            gc: self.gc,
            batch,
            outcome,
        })
    }
}

impl Drop for Slot<'_> {
    /// A slot dropped with its work neither joined nor rolled back (a panic, a cancelled turn):
    /// its savepoint cannot be undone from here, so the batch goes whole.
    fn drop(&mut self) {
        if let Some(mut open) = self.open.take() {
            self.tx = None;
            fail(&mut open);
        }
    }
}

/// Holds the writer across the hook; dropped early, it fails the batch.
struct Loser<'a>(Option<MutexGuard<'a, Open>>);

impl Drop for Loser<'_> {
    fn drop(&mut self) {
        if let Some(mut open) = self.0.take() {
            fail(&mut open);
        }
    }
}

/// An update released into a batch: tells whether the batch was committed.
pub struct Ticket<'a> {
    gc: &'a GroupCommit,
    batch: Arc<Batch>,
    outcome: watch::Receiver<Option<bool>>,
}

#[derive(Debug, thiserror::Error)]
#[error("the batch of updates was not committed")]
pub struct NotCommitted;

impl Ticket<'_> {
    /// Waits for the batch's commit (committing it at its deadline when nobody else did).
    pub async fn committed(mut self) -> Result<(), NotCommitted> {
        let deadline = self.batch.opened + WINDOW;
        loop {
            if let Some(ok) = *self.outcome.borrow_and_update() {
                return if ok { Ok(()) } else { Err(NotCommitted) };
            }
            tokio::select! {
                changed = self.outcome.changed() => {
                    if changed.is_err() {
                        return Err(NotCommitted);
                    }
                }
                _ = tokio::time::sleep_until(deadline) => {
                    self.gc.commit_batch(self.batch.id).await;
                }
            }
        }
    }
}
