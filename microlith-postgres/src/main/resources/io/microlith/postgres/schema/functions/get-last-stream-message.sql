-- The message with the highest position in the stream (zero or one row); with "type" given, the highest
-- position message of that type. The name is not checked (a bare category name works).
-- PL/pgSQL so that its plan is kept across transactions.
CREATE OR REPLACE FUNCTION message_store.get_last_stream_message(
  stream_name varchar,
  "type" varchar DEFAULT NULL
)
RETURNS SETOF message_store.message
LANGUAGE plpgsql
VOLATILE
AS $$
BEGIN
  RETURN QUERY
    SELECT m.id::varchar, m.stream_name::varchar, m."type"::varchar, m."position", m.global_position,
           m.data::varchar, m.metadata::varchar, m."time"
    FROM message_store.messages m
    WHERE m.stream_name = get_last_stream_message.stream_name
      AND (get_last_stream_message."type" IS NULL OR m."type" = get_last_stream_message."type")
    ORDER BY m."position" DESC
    LIMIT 1;
END;
$$;
