-- See functions/notify-commit.sql. Dropped and created again so that re-running the install is harmless.
DROP TRIGGER IF EXISTS messages_notify_commit ON message_store.messages;
CREATE TRIGGER messages_notify_commit
  AFTER INSERT ON message_store.messages
  REFERENCING NEW TABLE AS new_messages
  FOR EACH STATEMENT
  EXECUTE FUNCTION message_store.notify_commit();
