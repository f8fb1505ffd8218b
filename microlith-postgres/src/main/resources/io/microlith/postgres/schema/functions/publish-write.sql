-- Enters the current transaction in the in-flight registry, once per transaction, BEFORE it draws a global
-- position (docs/decisions/0099): it reads the sequence's next value L (every position it draws afterwards is
-- >= L) and holds, until it ends, a SHARED advisory lock whose key encodes L: class 1296845141 + (L >> 32),
-- object L's low 32 bits (the two-int key form, so clear of the one-bigint keys of streams and applications).
-- Shared, so that writers that read the same L do not wait for each other. Readers
-- (functions/read-fence.sql) see these locks in pg_locks and stop below the lowest L.
--
-- Why this order closes the window between drawing a position and being seen in flight: a reader reads the
-- sequence first and pg_locks second. A position drawn after the reader read the sequence is above what the
-- reader reads; a position drawn before was drawn after its writer published L, so at the reader's look into
-- pg_locks that writer is either still listed (the reader stops below L) or has ended (committed, so visible to
-- the reader's next snapshot, or rolled back). Locks are released only after the commit is visible.
--
-- The transaction-local setting message_store.writing_from remembers that the transaction is entered (it and
-- the lock both go away when the transaction, or a subtransaction that took them, ends).
CREATE OR REPLACE FUNCTION message_store.publish_write()
RETURNS void
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  lowest bigint;
  low_bits bigint;
BEGIN
  IF coalesce(current_setting('message_store.writing_from', true), '') <> '' THEN
    RETURN;
  END IF;
  SELECT CASE WHEN s.is_called THEN s.last_value + 1 ELSE s.last_value END INTO lowest
  FROM message_store.messages_global_position_seq s;
  low_bits := lowest & 4294967295;
  PERFORM pg_catalog.pg_advisory_xact_lock_shared(
    (1296845141 + (lowest >> 32))::integer,
    (CASE WHEN low_bits >= 2147483648 THEN low_bits - 4294967296 ELSE low_bits END)::integer);
  PERFORM pg_catalog.set_config('message_store.writing_from', lowest::text, true);
END;
$$;
