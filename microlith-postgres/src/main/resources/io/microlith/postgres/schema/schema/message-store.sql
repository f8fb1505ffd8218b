-- Every object of the message store lives in this schema (message-db's name, so that its clients find them).
CREATE SCHEMA IF NOT EXISTS message_store;
