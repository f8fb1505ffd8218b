-- The global position readers must stay below (docs/decisions/0099): the lowest position that a transaction
-- still in flight may commit, or the sequence's next value when no writer is in flight. Every message below
-- it is committed (or will never be), so a reader that returns only positions below the fence and resumes at
-- the last position it saw + 1 never skips one.
--
-- Call it in its own statement BEFORE the statement that reads, in READ COMMITTED: the read's snapshot must be
-- taken after the fence, so that a writer that ended meanwhile is visible to it (get_category_messages does
-- so). In a REPEATABLE READ or SERIALIZABLE transaction the snapshot is the transaction's first one and may
-- predate the fence: read by global position in READ COMMITTED (the default).
--
-- The sequence is read first, the in-flight registry (pg_locks, functions/publish-write.sql) second; see there
-- for why this order is safe. The caller's own transaction is left out: it sees its own writes. Transactions
-- prepared for two-phase commit keep their entry (pg_locks shows them without a pid) until committed or rolled
-- back. Advisory keys with class 1296845140 to 1296845140 + 65536 are the store's: an application must not use them.
CREATE OR REPLACE FUNCTION message_store.read_fence()
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  next_position bigint;
  lowest_in_flight bigint;
BEGIN
  SELECT CASE WHEN s.is_called THEN s.last_value + 1 ELSE s.last_value END INTO next_position
  FROM message_store.messages_global_position_seq s;
  SELECT min(((l.classid::bigint - 1296845141) << 32) | l.objid::bigint) INTO lowest_in_flight
  FROM pg_catalog.pg_locks l
  WHERE l.locktype = 'advisory'
    AND l.objsubid = 2
    AND l.classid::bigint >= 1296845141
    AND l.classid::bigint < 1296845141 + 65536
    AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
    AND (l.pid IS NULL OR l.pid <> pg_catalog.pg_backend_pid());  -- NULL: a prepared transaction's
  RETURN least(next_position, lowest_in_flight);
END;
$$;
