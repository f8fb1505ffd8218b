-- Stream reads, stream versions, and a backstop against two messages at one position.
CREATE UNIQUE INDEX messages_stream ON messages (stream_name, position)
