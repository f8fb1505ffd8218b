-- A message id is stored at most once.
CREATE UNIQUE INDEX messages_id ON messages (id)
