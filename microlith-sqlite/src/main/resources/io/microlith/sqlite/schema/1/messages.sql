-- The messages, close to message-db's table. Rows are only ever inserted.
--   global_position  1-based, gap-free, assigned by the single writer in commit order (the rowid)
--   position         0-based position in the stream
--   time             microseconds since 1970-01-01T00:00:00Z (UTC), the time of the writing transaction
--   category         stream_name before the first '-', stored so that category reads use an index
--   cardinal_hash    message-db's hash_64 of the cardinal id, for consumer-group reads (never NULL:
--                    the store refuses to write to bare categories)
--   correlation      category of metadata.correlationStreamName, or NULL, for correlation filters
--   data, metadata   JSON text; metadata is NULL when empty
--   id               the message id as 16 bytes (big-endian UUID)
CREATE TABLE messages (
    global_position INTEGER PRIMARY KEY,
    position        INTEGER NOT NULL,
    time            INTEGER NOT NULL,
    stream_name     TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    cardinal_hash   INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    data            TEXT,
    metadata        TEXT,
    correlation     TEXT,
    id              BLOB    NOT NULL
)
