-- Tells listeners in any process that a category received messages up to a global position: NOTIFY on
-- channel message_store with the payload '<global position> <category>'. PostgreSQL delivers it only when
-- (and if) the transaction commits. write_message and write_batch call it; plain INSERTs by other tools
-- notify nobody (followers find their messages by polling).
CREATE OR REPLACE FUNCTION message_store.notify_commit(category varchar, global_position bigint)
RETURNS void
LANGUAGE sql
VOLATILE
AS $$
  SELECT pg_catalog.pg_notify('message_store', global_position::text || ' ' || category)
$$;
