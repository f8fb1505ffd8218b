-- The application role may use the schema's objects (what it may do with each is granted per object).
GRANT USAGE ON SCHEMA message_store TO message_store;
