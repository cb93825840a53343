//! What the bot counts about itself, for `/metrics` (Prometheus text format) and `/healthz`.
//! Counters live in memory; the reminder queue's figures are read from the database when
//! scraped, so every replica reports the same queue.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// Upper bounds of the handling-time histogram, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
pub struct Metrics {
    updates_ok: AtomicU64,
    updates_failed: AtomicU64,
    /// Cumulative counts per bucket of `BUCKETS`, then the total.
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    /// Unix seconds of the last update handled (0: none yet).
    last_update_at: AtomicI64,
}

/// The reminder queue as the database has it now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Queue {
    /// Notices waiting to go out, due or not.
    pub pending: i64,
    /// Of those, the ones due now.
    pub due: i64,
    /// Seconds the oldest due notice has waited (0 when none is due).
    pub lag_secs: i64,
    pub sent: i64,
    /// Sent later than due (the bot was down, or Telegram slowed it).
    pub late: i64,
    pub undeliverable: i64,
}

impl Metrics {
    /// One update handled: how long it took and whether it was committed.
    pub fn handled(&self, ok: bool, secs: f64, now: i64) {
        if ok {
            self.updates_ok.fetch_add(1, Ordering::Relaxed);
        } else {
            self.updates_failed.fetch_add(1, Ordering::Relaxed);
        }
        for (b, bound) in self.buckets.iter().zip(BUCKETS) {
            if secs <= bound {
                b.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add((secs * 1e6) as u64, Ordering::Relaxed);
        self.last_update_at.store(now, Ordering::Relaxed);
    }

    pub fn last_update_at(&self) -> Option<i64> {
        Some(self.last_update_at.load(Ordering::Relaxed)).filter(|t| *t > 0)
    }

    /// The Prometheus exposition: counters, the histogram, the queue, the database's answer time.
    pub fn render(&self, queue: &Queue, db_secs: f64) -> String {
        let mut s = String::new();
        let ok = self.updates_ok.load(Ordering::Relaxed);
        let failed = self.updates_failed.load(Ordering::Relaxed);
        let _ = writeln!(
            s,
            "# HELP sales_bot_updates_total Telegram updates handled."
        );
        let _ = writeln!(s, "# TYPE sales_bot_updates_total counter");
        let _ = writeln!(s, "sales_bot_updates_total{{result=\"ok\"}} {ok}");
        let _ = writeln!(s, "sales_bot_updates_total{{result=\"failed\"}} {failed}");
        let _ = writeln!(
            s,
            "# HELP sales_bot_update_seconds Time from an update's arrival to its replies sent."
        );
        let _ = writeln!(s, "# TYPE sales_bot_update_seconds histogram");
        for (b, bound) in self.buckets.iter().zip(BUCKETS) {
            let _ = writeln!(
                s,
                "sales_bot_update_seconds_bucket{{le=\"{bound}\"}} {}",
                b.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(s, "sales_bot_update_seconds_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(
            s,
            "sales_bot_update_seconds_sum {}",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(s, "sales_bot_update_seconds_count {count}");
        let gauge = |s: &mut String, name: &str, help: &str, v: i64| {
            let _ = writeln!(s, "# HELP {name} {help}");
            let _ = writeln!(s, "# TYPE {name} gauge");
            let _ = writeln!(s, "{name} {v}");
        };
        gauge(
            &mut s,
            "sales_bot_reminders_queue",
            "Notices waiting to be sent.",
            queue.pending,
        );
        gauge(
            &mut s,
            "sales_bot_reminders_due",
            "Notices due now and not sent yet.",
            queue.due,
        );
        gauge(
            &mut s,
            "sales_bot_reminders_lag_seconds",
            "How long the oldest due notice has waited.",
            queue.lag_secs,
        );
        gauge(
            &mut s,
            "sales_bot_reminders_sent",
            "Notices sent, as the database keeps them.",
            queue.sent,
        );
        gauge(
            &mut s,
            "sales_bot_reminders_late",
            "Notices sent after their time.",
            queue.late,
        );
        gauge(
            &mut s,
            "sales_bot_reminders_undeliverable",
            "Notices Telegram refused for good (a blocked bot).",
            queue.undeliverable,
        );
        let _ = writeln!(
            s,
            "# HELP sales_bot_db_seconds Time the database took to answer this scrape."
        );
        let _ = writeln!(s, "# TYPE sales_bot_db_seconds gauge");
        let _ = writeln!(s, "sales_bot_db_seconds {db_secs}");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_counts_what_happened() {
        let m = Metrics::default();
        m.handled(true, 0.003, 100);
        m.handled(true, 0.2, 101);
        m.handled(false, 3.0, 102);
        let text = m.render(
            &Queue {
                pending: 5,
                due: 2,
                lag_secs: 40,
                ..Queue::default()
            },
            0.001,
        );
        assert!(text.contains("sales_bot_updates_total{result=\"ok\"} 2"));
        assert!(text.contains("sales_bot_updates_total{result=\"failed\"} 1"));
        assert!(text.contains("sales_bot_update_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("sales_bot_update_seconds_bucket{le=\"0.25\"} 2"));
        assert!(text.contains("sales_bot_update_seconds_bucket{le=\"+Inf\"} 3"));
        assert!(text.contains("sales_bot_reminders_due 2"));
        assert!(text.contains("sales_bot_reminders_lag_seconds 40"));
        assert_eq!(m.last_update_at(), Some(102));
    }
}
