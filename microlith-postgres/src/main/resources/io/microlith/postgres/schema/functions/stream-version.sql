-- The position of the stream's last message, NULL when it has none. VOLATILE as in message-db, so that a
-- statement sees the messages written earlier in the same statement.
CREATE OR REPLACE FUNCTION message_store.stream_version(stream_name varchar)
RETURNS bigint
LANGUAGE sql
VOLATILE
AS $$
  SELECT max(m."position") FROM message_store.messages m WHERE m.stream_name = stream_version.stream_name
$$;
