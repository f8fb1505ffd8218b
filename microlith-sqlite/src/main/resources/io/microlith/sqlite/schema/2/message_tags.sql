-- The tags of each message (metadata.tags, a JSON array of strings), one row per tag, so that a query by tags
-- (consistency boundaries, append conditions) finds its messages by index. Written by the single writer in the
-- transaction that inserts the message; like messages, rows are only ever inserted.
CREATE TABLE message_tags (
    tag             TEXT    NOT NULL,
    global_position INTEGER NOT NULL,
    PRIMARY KEY (tag, global_position)
) WITHOUT ROWID
