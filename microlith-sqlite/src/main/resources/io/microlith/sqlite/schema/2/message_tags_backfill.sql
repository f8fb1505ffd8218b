-- Upgrading a version 1 file: index the tags of the messages already stored.
INSERT OR IGNORE INTO message_tags (tag, global_position)
SELECT t.value, m.global_position
FROM messages m, json_each(m.metadata, '$.tags') t
WHERE m.metadata IS NOT NULL AND json_valid(m.metadata) AND json_type(m.metadata, '$.tags') = 'array'
  AND t.type = 'text'
