-- Append-only for the application role: it may read and insert messages, never change or remove them.
-- The REVOKE also takes back rights someone may have granted to an adopted database's role.
GRANT SELECT, INSERT ON message_store.messages TO message_store;
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON message_store.messages FROM message_store;
