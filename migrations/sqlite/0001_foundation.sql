-- Foundation schema. Times are INTEGER unix seconds (UTC); money is INTEGER kopecks.
-- Stage, status, role and kind columns hold the stable codes from the product brief.

CREATE TABLE directions (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    tg_id         INTEGER NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    username      TEXT,
    role          TEXT NOT NULL CHECK (role IN ('manager', 'head_of_sales', 'head_of_direction', 'lawyer')),
    direction_id  INTEGER REFERENCES directions(id),
    timezone      TEXT NOT NULL,
    locale        TEXT NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
    active        INTEGER NOT NULL DEFAULT 1,
    invited_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    deactivated_at INTEGER
);
CREATE INDEX users_direction ON users(direction_id, role);

CREATE TABLE invites (
    code          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('manager', 'head_of_sales', 'head_of_direction', 'lawyer')),
    direction_id  INTEGER REFERENCES directions(id),
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    used_by       INTEGER REFERENCES users(id),
    used_at       INTEGER
);

-- Strangers leave only this: who knocked, when, with what kind of update.
CREATE TABLE access_denied (
    id     INTEGER PRIMARY KEY,
    tg_id  INTEGER NOT NULL,
    at     INTEGER NOT NULL,
    what   TEXT NOT NULL
);

CREATE TABLE clients (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    -- lower-cased name without legal-form words and quotes, for duplicate search
    name_key      TEXT NOT NULL,
    inn           TEXT,
    kpp           TEXT,
    ogrn          TEXT,
    bank_bik      TEXT,
    bank_account  TEXT,
    legal_address TEXT,
    location      TEXT,
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX clients_name_key ON clients(name_key);
CREATE INDEX clients_inn ON clients(inn);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    name        TEXT NOT NULL,
    position    TEXT NOT NULL,
    phone       TEXT,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX contacts_client ON contacts(client_id);

CREATE TABLE deals (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients(id),
    contact_id        INTEGER NOT NULL REFERENCES contacts(id),
    manager_id        INTEGER NOT NULL REFERENCES users(id),
    direction_id      INTEGER REFERENCES directions(id),
    channel           TEXT NOT NULL,
    -- the last regulation step completed
    stage             TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    amount_kopecks    INTEGER,
    created_at        INTEGER NOT NULL,
    stage_changed_at  INTEGER NOT NULL,
    last_activity_at  INTEGER NOT NULL,
    closed_at         INTEGER
);
CREATE INDEX deals_manager_open ON deals(manager_id, status, last_activity_at);
CREATE INDEX deals_direction_open ON deals(direction_id, status, last_activity_at);
CREATE INDEX deals_status_stage ON deals(status, stage);

-- What each completed step recorded (the answers of its form, as JSON), one row per completion.
CREATE TABLE deal_steps (
    id            INTEGER PRIMARY KEY,
    deal_id       INTEGER NOT NULL REFERENCES deals(id),
    stage         TEXT NOT NULL,
    data          TEXT NOT NULL,
    skipped       INTEGER NOT NULL DEFAULT 0,
    completed_by  INTEGER NOT NULL REFERENCES users(id),
    completed_at  INTEGER NOT NULL
);
CREATE INDEX deal_steps_deal ON deal_steps(deal_id, stage);

-- The deal's timeline: append-only.
CREATE TABLE activities (
    id             INTEGER PRIMARY KEY,
    deal_id        INTEGER NOT NULL REFERENCES deals(id),
    author_id      INTEGER REFERENCES users(id),
    kind           TEXT NOT NULL,
    stage          TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',
    file_id        TEXT,
    file_name      TEXT,
    duration_secs  INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX activities_deal ON activities(deal_id, created_at);
CREATE INDEX activities_author ON activities(author_id, created_at);
CREATE TRIGGER activities_no_update BEFORE UPDATE ON activities
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
CREATE TRIGGER activities_no_delete BEFORE DELETE ON activities
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;

CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    deal_id     INTEGER REFERENCES deals(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('callback', 'meeting', 'contract_discussion', 'signing', 'payment_check', 'custom')),
    due_at      INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'done', 'cancelled', 'undeliverable')),
    -- the user typed this exact time (working-hours rules do not move it)
    exact_time  INTEGER NOT NULL DEFAULT 1,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    done_at     INTEGER
);
CREATE INDEX reminders_due ON reminders(state, due_at);
CREATE INDEX reminders_deal ON reminders(deal_id, state);

CREATE TABLE price_list (
    id            INTEGER PRIMARY KEY,
    direction_id  INTEGER NOT NULL REFERENCES directions(id),
    item          TEXT NOT NULL,
    min_kopecks   INTEGER NOT NULL CHECK (min_kopecks > 0),
    max_kopecks   INTEGER NOT NULL CHECK (max_kopecks >= min_kopecks),
    uploaded_by   INTEGER NOT NULL REFERENCES users(id),
    uploaded_at   INTEGER NOT NULL
);
CREATE INDEX price_list_direction ON price_list(direction_id, min_kopecks);

-- Files the bot keeps by Telegram file_id: questionnaires, templates, generated documents.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    direction_id  INTEGER REFERENCES directions(id),
    deal_id       INTEGER REFERENCES deals(id),
    file_id       TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    size_bytes    INTEGER,
    active        INTEGER NOT NULL DEFAULT 1,
    uploaded_by   INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX documents_direction ON documents(kind, direction_id, active);

-- One conversation state per chat, as JSON of dialogue::State.
CREATE TABLE dialogues (
    chat_id     INTEGER PRIMARY KEY,
    state       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Telegram may deliver an update twice; the id is stored in the same transaction as its effect.
-- The fingerprint (chat and message, or callback id) guards against a Bot API that restarts its
-- update numbering; rows older than two days are pruned.
CREATE TABLE processed_updates (
    update_id     INTEGER NOT NULL,
    fingerprint   TEXT NOT NULL,
    processed_at  INTEGER NOT NULL,
    PRIMARY KEY (update_id, fingerprint)
);
CREATE INDEX processed_updates_at ON processed_updates(processed_at);
