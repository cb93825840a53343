-- The regulation's second half: approvals, refusals, amounts with history, payments, templates.

-- Requests for a decision: a proposal or bargaining adjustment (a head decides), a contract to
-- review or to draft (the lawyer), work stages (the head of the direction).
CREATE TABLE approvals (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('proposal', 'adjustment', 'contract_review', 'contract_draft', 'work_stages')),
    deal_id       INTEGER NOT NULL REFERENCES deals(id),
    requested_by  INTEGER NOT NULL REFERENCES users(id),
    -- who decides: 'head' (the deal's head of direction or a head of sales) or 'lawyer'
    decider       TEXT NOT NULL CHECK (decider IN ('head', 'lawyer')),
    payload       TEXT NOT NULL DEFAULT '{}',
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'returned')),
    decided_by    INTEGER REFERENCES users(id),
    comment       TEXT,
    requested_at  INTEGER NOT NULL,
    decided_at    INTEGER
);
CREATE INDEX approvals_pending ON approvals(state, decider, requested_at);
CREATE INDEX approvals_deal ON approvals(deal_id, kind, state);

-- Step 6: who refused, when, why.
CREATE TABLE refusals (
    id                INTEGER PRIMARY KEY,
    deal_id           INTEGER NOT NULL REFERENCES deals(id),
    stage             TEXT NOT NULL,
    refused_on        INTEGER NOT NULL,
    reason            TEXT NOT NULL,
    contact_name      TEXT NOT NULL,
    contact_position  TEXT NOT NULL,
    recorded_by       INTEGER NOT NULL REFERENCES users(id),
    created_at        INTEGER NOT NULL
);
CREATE INDEX refusals_deal ON refusals(deal_id);

CREATE TABLE refusal_reasons (
    id        INTEGER PRIMARY KEY,
    text      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO refusal_reasons (text) VALUES
    ('Дорого'), ('Выбрали конкурента'), ('Нет бюджета'), ('Отложили решение'), ('Не устроили сроки'), ('Нет потребности');

-- Every change of a deal's amount, with why.
CREATE TABLE deal_amounts (
    id              INTEGER PRIMARY KEY,
    deal_id         INTEGER NOT NULL REFERENCES deals(id),
    amount_kopecks  INTEGER NOT NULL CHECK (amount_kopecks > 0),
    reason          TEXT NOT NULL,
    changed_by      INTEGER NOT NULL REFERENCES users(id),
    changed_at      INTEGER NOT NULL
);
CREATE INDEX deal_amounts_deal ON deal_amounts(deal_id, changed_at);

CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    deal_id         INTEGER NOT NULL REFERENCES deals(id),
    amount_kopecks  INTEGER NOT NULL CHECK (amount_kopecks > 0),
    paid_on         INTEGER NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL
);
CREATE INDEX payments_deal ON payments(deal_id);

-- Templates are kept with their bytes: filling one needs no network.
ALTER TABLE documents ADD COLUMN content BLOB;
