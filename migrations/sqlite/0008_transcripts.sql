-- The words of voice messages the bot transcribed, so /find finds a deal by what was said.
-- One row per timeline entry; the entry itself (with the recording) stays append-only.
CREATE TABLE transcripts (
    activity_id INTEGER PRIMARY KEY REFERENCES activities (id),
    deal_id     INTEGER NOT NULL REFERENCES deals (id),
    text_key    TEXT NOT NULL
);
CREATE INDEX transcripts_by_deal ON transcripts (deal_id);
