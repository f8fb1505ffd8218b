-- Appends one message and returns its stream position: message-db's write_message, with its parameters,
-- defaults and errors.
--   expected_version NULL: no check; -1: the stream must have no messages; N: its last position must be N.
--   A mismatch raises 'Wrong expected version: <expected> (Stream: <name>, Stream Version: <actual>)'
--   (SQLSTATE P0001, actual -1 for an empty stream) before anything is written.
--   A malformed id raises invalid_text_representation (22P02), a NULL id not_null_violation (23502), an
--   id already stored unique_violation (23505) on messages_id.
-- The version is read under the store-wide write lock (functions/acquire-lock.sql), so the check is exact
-- whoever else writes. Listeners are woken on commit (functions/notify-commit.sql). Every name is
-- schema-qualified: the function works whatever the caller's search_path.
CREATE OR REPLACE FUNCTION message_store.write_message(
  id varchar,
  stream_name varchar,
  "type" varchar,
  data jsonb,
  metadata jsonb DEFAULT NULL,
  expected_version bigint DEFAULT NULL
)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  current_version bigint;
  next_position bigint;
  message_id uuid;
  written_position bigint;
BEGIN
  PERFORM message_store.acquire_lock(write_message.stream_name);

  SELECT coalesce(max(m."position"), -1) INTO current_version
  FROM message_store.messages m
  WHERE m.stream_name = write_message.stream_name;
  IF write_message.expected_version IS NOT NULL AND write_message.expected_version <> current_version THEN
    RAISE EXCEPTION 'Wrong expected version: % (Stream: %, Stream Version: %)',
      write_message.expected_version, write_message.stream_name, current_version;
  END IF;

  next_position := current_version + 1;
  message_id := write_message.id::uuid;

  INSERT INTO message_store.messages (id, stream_name, "position", "type", data, metadata)
  VALUES (message_id, write_message.stream_name, next_position, write_message."type", write_message.data,
          write_message.metadata)
  RETURNING global_position INTO written_position;

  PERFORM message_store.notify_commit(message_store.category(write_message.stream_name), written_position);

  RETURN next_position;
END;
$$;
