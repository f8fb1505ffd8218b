-- Every function of the schema, message-db's and Microlith's write_batch.
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA message_store TO message_store;
