-- Messages of one stream with position >= "position", in position order, at most batch_size
-- (message-db's get_stream_messages).
--   stream_name must contain '-', else 'Must be a stream name: <name>'.
--   NULL position reads from 0; NULL batch_size means 1000, -1 no limit, 0 nothing; other negative sizes
--   fail with PostgreSQL's 'LIMIT must not be negative'.
--   condition: an SQL expression over the messages columns, added as AND (<condition>). It is spliced into
--   the query as it is (SQL injection by design), so it is refused unless the setting
--   message_store.sql_condition is on: 'Retrieval with SQL condition is not activated'.
CREATE OR REPLACE FUNCTION message_store.get_stream_messages(
  stream_name varchar,
  "position" bigint DEFAULT 0,
  batch_size bigint DEFAULT 1000,
  condition varchar DEFAULT NULL
)
RETURNS SETOF message_store.message
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  from_position bigint := coalesce(get_stream_messages."position", 0);
  row_limit bigint := nullif(coalesce(get_stream_messages.batch_size, 1000), -1);
BEGIN
  IF get_stream_messages.stream_name IS NULL OR message_store.is_category(get_stream_messages.stream_name) THEN
    RAISE EXCEPTION 'Must be a stream name: %', get_stream_messages.stream_name;
  END IF;

  IF get_stream_messages.condition IS NULL THEN
    RETURN QUERY
      SELECT m.id::varchar, m.stream_name::varchar, m."type"::varchar, m."position", m.global_position,
             m.data::varchar, m.metadata::varchar, m."time"
      FROM message_store.messages m
      WHERE m.stream_name = get_stream_messages.stream_name
        AND m."position" >= from_position
      ORDER BY m."position"
      LIMIT row_limit;
    RETURN;
  END IF;

  IF coalesce(current_setting('message_store.sql_condition', true), 'off') <> 'on' THEN
    RAISE EXCEPTION 'Retrieval with SQL condition is not activated';
  END IF;

  -- No table alias here: the condition may name the columns as messages.<column>.
  RETURN QUERY EXECUTE
    'SELECT id::varchar, stream_name::varchar, "type"::varchar, "position", global_position,'
    || ' data::varchar, metadata::varchar, "time"'
    || ' FROM message_store.messages'
    || ' WHERE stream_name = $1 AND "position" >= $2 AND (' || get_stream_messages.condition || ')'
    || ' ORDER BY "position" LIMIT $3'
    USING get_stream_messages.stream_name, from_position, row_limit;
END;
$$;
