-- Plan vs fact: monthly targets a head of sales sets for the team, a manager or a direction.
-- `scope` is 'team', 'm:<user id>' or 'd:<direction id>'; `month` is yyyymm in the head's time zone.
CREATE TABLE plans (
    month          INTEGER NOT NULL,
    scope          TEXT NOT NULL,
    money_kopecks  INTEGER CHECK (money_kopecks IS NULL OR money_kopecks > 0),
    deals          INTEGER CHECK (deals IS NULL OR deals > 0),
    set_by         INTEGER NOT NULL REFERENCES users (id),
    set_at         INTEGER NOT NULL,
    PRIMARY KEY (month, scope)
);

-- The best estimate of a deal's money before its amount is agreed: the price-list lower bound
-- named at step 2. (The approved proposal's amount is the deal's amount itself.)
ALTER TABLE deals ADD COLUMN estimate_kopecks INTEGER;
UPDATE deals SET estimate_kopecks = (
    SELECT json_extract(s.data, '$.price_named_kopecks.money') FROM deal_steps s
    WHERE s.deal_id = deals.id AND s.stage = 'offer'
);

-- Time in stage: the steps recorded in a period, in the order they were recorded.
CREATE INDEX deal_steps_completed ON deal_steps (completed_at, deal_id);
