-- Report: message count per category and type, with its share of all messages.
-- A full scan, for people rather than applications (message-db's print-*.sh scripts read it).
CREATE OR REPLACE VIEW message_store.category_type_summary AS
  SELECT message_store.category(stream_name) AS category, "type",
         count(*) AS message_count,
         round(count(*)::numeric * 100 / (SELECT count(*) FROM message_store.messages), 2) AS percent
  FROM message_store.messages
  GROUP BY message_store.category(stream_name), "type"
  ORDER BY message_store.category(stream_name), "type";
