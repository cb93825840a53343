-- An erased timeline entry may also lose its file's name (a file named after the person); its
-- words become the marker as before, and nothing else about it may change.
DROP TRIGGER activities_no_update;
CREATE TRIGGER activities_no_update BEFORE UPDATE ON activities
WHEN NOT (
    NEW.body = char(30) || '{"line":{"key":"tl-erased"}}'
    AND NEW.id = OLD.id AND NEW.deal_id = OLD.deal_id AND NEW.author_id IS OLD.author_id
    AND NEW.kind = OLD.kind AND NEW.stage = OLD.stage AND NEW.created_at = OLD.created_at
    AND NEW.file_id IS OLD.file_id AND (NEW.file_name IS OLD.file_name OR NEW.file_name IS NULL)
    AND NEW.duration_secs IS OLD.duration_secs
)
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
