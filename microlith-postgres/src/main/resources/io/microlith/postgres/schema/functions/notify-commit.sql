-- Tells listeners in any process that a category received messages up to a global position: NOTIFY on
-- channel message_store with the payload '<global position> <category>'. PostgreSQL delivers it only when
-- (and if) the transaction commits. write_message and write_batch call it; plain INSERTs by other tools
-- notify nobody (followers find their messages by polling).
--
-- Unless the setting message_store.notify is 'off' (decision 0099). A transaction that notifies takes, at commit,
-- one lock of the whole server that it holds until its commit is flushed (PostgreSQL queues notifications in
-- commit order), so notifying writers commit one at a time and never share a WAL flush. The Java store's
-- connections set it off and notify after their commits, in a transaction of their own that does not wait for a
-- flush; SQL clients may set it off too (per role, database or session) to commit side by side, and are then
-- heard by polling only. PL/pgSQL, so that the check costs no planning per call (an SQL function called from
-- PL/pgSQL is planned again in every transaction).
CREATE OR REPLACE FUNCTION message_store.notify_commit(category varchar, global_position bigint)
RETURNS void
LANGUAGE plpgsql
VOLATILE
AS $$
BEGIN
  IF coalesce(current_setting('message_store.notify', true), '') <> 'off' THEN
    PERFORM pg_catalog.pg_notify('message_store', notify_commit.global_position::text || ' ' || notify_commit.category);
  END IF;
END;
$$;
