-- Report: message count per type and stream, with its share of all messages.
-- A full scan, for people rather than applications (message-db's print-*.sh scripts read it).
CREATE OR REPLACE VIEW message_store.type_stream_summary AS
  SELECT "type", stream_name,
         count(*) AS message_count,
         round(count(*)::numeric * 100 / (SELECT count(*) FROM message_store.messages), 2) AS percent
  FROM message_store.messages
  GROUP BY "type", stream_name
  ORDER BY "type", stream_name;
