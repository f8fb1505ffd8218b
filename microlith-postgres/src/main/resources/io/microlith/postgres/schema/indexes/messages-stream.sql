-- Stream reads and versions; also a backstop against two messages at one position of a stream.
CREATE UNIQUE INDEX IF NOT EXISTS messages_stream ON message_store.messages (stream_name, "position");
