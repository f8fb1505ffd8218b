-- Locks a stream for writing, for the rest of the transaction, and returns the key of that lock
-- (hash_64(stream_name), a one-bigint advisory key; NULL for a NULL stream name).
--
-- message-db locks the stream's category here. Microlith (schema version 3, docs/decisions/0099) takes:
--   1. the store lock, key (1296845140, 1), SHARED: writers do not wait for each other on it; a conditional
--      write (decision 0082) or an import takes it exclusively to have the store to itself;
--   2. the stream's own lock, exclusive, so that a stream's version is read and written by one transaction
--      at a time (exact expected-version checks, stream positions in commit order);
--   3. the transaction's place in the in-flight registry (functions/publish-write.sql), so that readers by
--      global position stop below the lowest position this transaction may still commit
--      (functions/read-fence.sql).
-- Writers of different streams therefore commit side by side and share WAL flushes. The store lock comes first
-- and the stream lock second in every writer, so a queued exclusive store lock never closes a wait cycle.
-- Two transactions that lock the same two streams in opposite orders can deadlock (PostgreSQL aborts one after
-- deadlock_timeout with SQLSTATE 40P01, as message-db does for categories); write_batch locks its streams in key
-- order, so Microlith's own writes never do. Clients that write several streams per transaction in no fixed order
-- and want to queue instead can set message_store.write_lock to 'store' (per database, role or session): their
-- write_message then takes the store lock exclusively, as before schema version 3 (decision 0020): one such
-- transaction at a time, no deadlock, no concurrency.
CREATE OR REPLACE FUNCTION message_store.acquire_lock(stream_name varchar)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  lock_id bigint := message_store.hash_64(acquire_lock.stream_name);
BEGIN
  IF coalesce(current_setting('message_store.write_lock', true), '') = 'store' THEN
    PERFORM pg_catalog.pg_advisory_xact_lock(1296845140, 1);
  ELSE
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(1296845140, 1);
  END IF;
  IF lock_id IS NOT NULL THEN
    PERFORM pg_catalog.pg_advisory_xact_lock(lock_id);
  END IF;
  PERFORM message_store.publish_write();
  RETURN lock_id;
END;
$$;
