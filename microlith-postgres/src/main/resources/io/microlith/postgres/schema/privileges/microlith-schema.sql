-- The store checks the schema version at start-up, also when it connects as the application role.
GRANT SELECT ON message_store.microlith_schema TO message_store;
