-- Category reads by global position, optionally filtered by the category of the correlation stream
-- (message-db's index, with its name and expressions, so that adopted databases keep theirs).
CREATE INDEX IF NOT EXISTS messages_category ON message_store.messages (
  message_store.category(stream_name),
  global_position,
  message_store.category(metadata->>'correlationStreamName')
);
