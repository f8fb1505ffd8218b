-- Report: message count per stream and type, with its share of all messages.
-- A full scan, for people rather than applications (message-db's print-*.sh scripts read it).
CREATE OR REPLACE VIEW message_store.stream_type_summary AS
  SELECT stream_name, "type",
         count(*) AS message_count,
         round(count(*)::numeric * 100 / (SELECT count(*) FROM message_store.messages), 2) AS percent
  FROM message_store.messages
  GROUP BY stream_name, "type"
  ORDER BY stream_name, "type";
