-- Report: message count per type and category, with its share of all messages.
-- A full scan, for people rather than applications (message-db's print-*.sh scripts read it).
CREATE OR REPLACE VIEW message_store.type_category_summary AS
  SELECT "type", message_store.category(stream_name) AS category,
         count(*) AS message_count,
         round(count(*)::numeric * 100 / (SELECT count(*) FROM message_store.messages), 2) AS percent
  FROM message_store.messages
  GROUP BY "type", message_store.category(stream_name)
  ORDER BY "type", message_store.category(stream_name);
