-- See functions/lock-writes.sql. Dropped and created again so that re-running the install is harmless.
DROP TRIGGER IF EXISTS messages_lock_writes ON message_store.messages;
CREATE TRIGGER messages_lock_writes
  BEFORE INSERT ON message_store.messages
  FOR EACH STATEMENT
  EXECUTE FUNCTION message_store.lock_writes();
