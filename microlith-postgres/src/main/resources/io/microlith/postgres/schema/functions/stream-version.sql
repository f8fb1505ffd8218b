-- The position of the stream's last message, NULL when it has none.
-- PL/pgSQL rather than SQL so that the plan of its query is kept from one transaction to the next (an SQL
-- function that cannot be inlined is planned again in every transaction). VOLATILE as in message-db, so
-- that it sees the messages written earlier in the same statement.
CREATE OR REPLACE FUNCTION message_store.stream_version(stream_name varchar)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  version bigint;
BEGIN
  SELECT max(m."position") INTO version
  FROM message_store.messages m
  WHERE m.stream_name = stream_version.stream_name;
  RETURN version;
END;
$$;
