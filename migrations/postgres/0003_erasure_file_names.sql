-- An erased timeline entry may also lose its file's name (a file named after the person); its
-- words become the marker as before, and nothing else about it may change.
CREATE OR REPLACE FUNCTION activities_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.body = chr(30) || '{"line":{"key":"tl-erased"}}'
        AND NEW.id = OLD.id AND NEW.deal_id = OLD.deal_id
        AND NEW.author_id IS NOT DISTINCT FROM OLD.author_id
        AND NEW.kind = OLD.kind AND NEW.stage = OLD.stage AND NEW.created_at = OLD.created_at
        AND NEW.file_id IS NOT DISTINCT FROM OLD.file_id
        AND (NEW.file_name IS NOT DISTINCT FROM OLD.file_name OR NEW.file_name IS NULL)
        AND NEW.duration_secs IS NOT DISTINCT FROM OLD.duration_secs
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'activities are append-only';
END $$;
