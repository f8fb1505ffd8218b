-- The report views.
GRANT SELECT ON message_store.stream_summary, message_store.type_summary, message_store.stream_type_summary,
  message_store.type_stream_summary, message_store.category_type_summary, message_store.type_category_summary
  TO message_store;
