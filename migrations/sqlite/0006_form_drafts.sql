-- Answers typed into a deal's form that was left with /cancel (or for another form): kept, and
-- offered again when the same form on the same deal is opened, so nothing typed is lost.
CREATE TABLE form_drafts (
    chat_id   INTEGER NOT NULL,
    form      TEXT NOT NULL,
    answers   TEXT NOT NULL,
    saved_at  INTEGER NOT NULL,
    PRIMARY KEY (chat_id, form)
);
