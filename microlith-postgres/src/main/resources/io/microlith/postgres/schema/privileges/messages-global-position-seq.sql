-- Inserting draws global positions from the sequence.
GRANT USAGE, SELECT ON SEQUENCE message_store.messages_global_position_seq TO message_store;
