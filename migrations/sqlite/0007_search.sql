-- /find pages its results: the chat's last query, so a page button needs no text of its own.
CREATE TABLE last_search (
    chat_id   INTEGER PRIMARY KEY,
    query     TEXT NOT NULL,
    saved_at  INTEGER NOT NULL
);
-- contacts' search keys are rebuilt by the bot at start (SQLite lowers only ASCII, and ё is е)
INSERT INTO settings (key, value) VALUES ('contact_keys_version', 0);
