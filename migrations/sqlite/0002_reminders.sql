-- Reminders that reach people: each user's working schedule, an outbox of notifications the
-- sender delivers, per-stage silence limits and escalation settings.

ALTER TABLE users ADD COLUMN agenda_minute INTEGER NOT NULL DEFAULT 540;   -- 09:00 local
ALTER TABLE users ADD COLUMN work_days INTEGER NOT NULL DEFAULT 31;        -- bit 0 = Monday; Mon–Fri
ALTER TABLE users ADD COLUMN work_start INTEGER NOT NULL DEFAULT 540;      -- minutes after midnight
ALTER TABLE users ADD COLUMN work_end INTEGER NOT NULL DEFAULT 1140;
ALTER TABLE users ADD COLUMN paused_until INTEGER;                         -- vacation: nothing before
ALTER TABLE users ADD COLUMN blocked_at INTEGER;                           -- the user blocked the bot

ALTER TABLE reminders ADD COLUMN escalated_at INTEGER;
ALTER TABLE deals ADD COLUMN nudged_at INTEGER;

-- Every message the bot sends on its own initiative. The sender reads only this table, marks a
-- row sent only after Telegram accepted it, and retries what failed.
CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users(id),
    kind             TEXT NOT NULL CHECK (kind IN ('due', 'meeting_eve', 'meeting_soon', 'meeting_after',
                         'agenda', 'nudge', 'escalation', 'blocked')),
    reminder_id      INTEGER REFERENCES reminders(id),
    deal_id          INTEGER REFERENCES deals(id),
    -- who the message is about, for escalations and blocked-user notices
    subject_user_id  INTEGER REFERENCES users(id),
    -- one agenda a day, one nudge per silence, one escalation per reminder
    dedup            TEXT UNIQUE,
    send_at          INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'cancelled', 'undeliverable', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    late             INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX notifications_due ON notifications(state, next_attempt_at);
CREATE INDEX notifications_reminder ON notifications(reminder_id, state);

-- Days without activity after which an open deal at a stage nudges its manager.
CREATE TABLE stage_limits (
    stage  TEXT PRIMARY KEY,
    days   INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365)
);
INSERT INTO stage_limits (stage, days) VALUES
    ('first_contact', 2), ('needs', 3), ('offer', 3), ('application', 7), ('meeting', 3),
    ('proposal', 5), ('negotiation', 5), ('terms', 5), ('terms_confirmed', 3),
    ('contract_draft', 5), ('contract_sent', 3), ('contract_call', 3), ('contract_discussion', 5),
    ('signing', 7), ('invoice', 5), ('payment', 10), ('work', 14);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO settings (key, value) VALUES
    ('escalate_after_hours', 24),   -- an overdue reminder not acted on goes to the heads
    ('meeting_eve_minute', 1080),   -- the evening before a meeting: 18:00 local
    ('meeting_soon_minutes', 60);   -- and this long before it

CREATE INDEX reminders_open ON reminders(state, escalated_at, due_at);
CREATE INDEX deals_silence ON deals(status, last_activity_at);
