-- Microlith's addition (schema version 2): queries by tag (metadata.tags, a JSON array of strings), for
-- consistency boundaries and append conditions. A GIN index over the tags array with jsonb_path_ops answers
-- "carries every one of these tags" (metadata->'tags' @> '["a","b"]') by index, for rows written by any client.
-- An extra index only: message-db's table, functions and their signatures are unchanged.
CREATE INDEX IF NOT EXISTS messages_tags ON message_store.messages USING gin ((metadata->'tags') jsonb_path_ops);
