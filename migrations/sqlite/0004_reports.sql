-- Reports: indexes for the summary path (checked with EXPLAIN QUERY PLAN in tests/reports.rs),
-- the weekly digest as a notification kind, and when it goes out.

CREATE INDEX deals_status_stage_amount ON deals(status, stage, amount_kopecks);
CREATE INDEX deals_closed ON deals(status, closed_at);
CREATE INDEX deals_created ON deals(created_at);
CREATE INDEX activities_created ON activities(created_at, author_id, kind);
CREATE INDEX refusals_on ON refusals(refused_on);
CREATE INDEX approvals_kind ON approvals(deal_id, kind, state);

-- SQLite cannot widen a CHECK constraint in place: the outbox is rebuilt with 'digest' allowed.
CREATE TABLE notifications_new (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users(id),
    kind             TEXT NOT NULL CHECK (kind IN ('due', 'meeting_eve', 'meeting_soon', 'meeting_after',
                         'agenda', 'nudge', 'escalation', 'blocked', 'digest')),
    reminder_id      INTEGER REFERENCES reminders(id),
    deal_id          INTEGER REFERENCES deals(id),
    subject_user_id  INTEGER REFERENCES users(id),
    dedup            TEXT UNIQUE,
    send_at          INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'cancelled', 'undeliverable', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    late             INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
INSERT INTO notifications_new SELECT * FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications(state, next_attempt_at);
CREATE INDEX notifications_reminder ON notifications(reminder_id, state);

INSERT INTO settings (key, value) VALUES
    ('digest_weekday', 1),     -- Monday (1 = Monday … 7 = Sunday)
    ('digest_minute', 540);    -- 09:00 in the head's time zone

-- Search: SQLite lower-cases only ASCII, so a lower-cased key is kept for contact names.
ALTER TABLE contacts ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE contacts SET name_key = lower(name);
CREATE INDEX clients_name_key_like ON clients(name_key COLLATE NOCASE);
