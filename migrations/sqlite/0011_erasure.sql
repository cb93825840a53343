-- Personal data erased on a person's request (152-ФЗ): the contact's name, position and phone,
-- and their words on the timeline, are replaced by a marker; the deal's figures stay, and so
-- does the fact that an erasure happened.
CREATE TABLE erasures (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id),
    erased_by   INTEGER NOT NULL REFERENCES users (id),
    erased_at   INTEGER NOT NULL,
    entries     INTEGER NOT NULL
);

-- The timeline stays append-only, with one exception: an entry's words may be replaced by the
-- erasure marker, and nothing else about it may change.
DROP TRIGGER activities_no_update;
CREATE TRIGGER activities_no_update BEFORE UPDATE ON activities
WHEN NOT (
    NEW.body = char(30) || '{"line":{"key":"tl-erased"}}'
    AND NEW.id = OLD.id AND NEW.deal_id = OLD.deal_id AND NEW.author_id IS OLD.author_id
    AND NEW.kind = OLD.kind AND NEW.stage = OLD.stage AND NEW.created_at = OLD.created_at
    AND NEW.file_id IS OLD.file_id AND NEW.file_name IS OLD.file_name
    AND NEW.duration_secs IS OLD.duration_secs
)
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
