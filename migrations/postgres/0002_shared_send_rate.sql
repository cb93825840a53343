-- Telegram's limits hold for all bot processes on the database together: a notice is claimed
-- only when its chat had no claim in the last second and fewer than the global rate were
-- claimed in it. claimed_ms is when the notice was last claimed for sending (unix ms).
ALTER TABLE notifications ADD COLUMN claimed_ms BIGINT;
CREATE INDEX notifications_claimed_by_user ON notifications (user_id, claimed_ms);
CREATE INDEX notifications_claimed ON notifications (claimed_ms);
