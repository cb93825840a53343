-- Time in stage without a self-join: each recorded step keeps the stage before it and when
-- that one was recorded.
ALTER TABLE deal_steps ADD COLUMN prev_stage TEXT;
ALTER TABLE deal_steps ADD COLUMN prev_completed_at INTEGER;
UPDATE deal_steps SET
    prev_stage = (SELECT p.stage FROM deal_steps p WHERE p.deal_id = deal_steps.deal_id AND p.id < deal_steps.id ORDER BY p.id DESC LIMIT 1),
    prev_completed_at = (SELECT p.completed_at FROM deal_steps p WHERE p.deal_id = deal_steps.deal_id AND p.id < deal_steps.id ORDER BY p.id DESC LIMIT 1);
DROP INDEX deal_steps_completed;
CREATE INDEX deal_steps_completed ON deal_steps (completed_at, prev_stage, prev_completed_at);
CREATE INDEX deal_steps_by_prev ON deal_steps (prev_stage, completed_at, prev_completed_at);

-- The summary's open money reads the index alone; silent deals are found stage by stage.
DROP INDEX deals_status_stage_amount;
CREATE INDEX deals_status_stage_money ON deals (status, stage, amount_kopecks, estimate_kopecks);
CREATE INDEX deals_open_stage_activity ON deals (status, stage, last_activity_at, manager_id);
-- closed deals: the period's figures and the year's history from the index alone
DROP INDEX deals_closed;
CREATE INDEX deals_closed ON deals (status, closed_at, stage, amount_kopecks, estimate_kopecks, created_at, manager_id);
-- «Люди»: actions per person and kind, group by group
CREATE INDEX activities_author_kind ON activities (author_id, kind, created_at);
