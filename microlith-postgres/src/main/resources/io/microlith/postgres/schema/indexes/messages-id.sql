-- A message id is stored once: writing a known id fails with unique_violation on messages_id.
CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON message_store.messages (id);
