-- A timeline entry marks its deal as active in the same statement that writes it.
CREATE TRIGGER activities_touch_deal AFTER INSERT ON activities
BEGIN
    UPDATE deals SET last_activity_at = MAX(last_activity_at, NEW.created_at) WHERE id = NEW.deal_id;
END;
