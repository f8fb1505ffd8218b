-- Trigger function, before an INSERT into messages evaluates its rows (a BEFORE ... FOR EACH STATEMENT trigger
-- fires before the global_position default draws from the sequence): takes the store lock shared and enters
-- the transaction in the in-flight registry (functions/acquire-lock.sql, functions/publish-write.sql), so that
-- readers by global position stop below plain INSERTs by other tools too. write_message and write_batch did
-- both already (doing them again is free).
CREATE OR REPLACE FUNCTION message_store.lock_writes()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- Already entered (by write_message, write_batch or an earlier INSERT of this transaction): nothing to do.
  IF coalesce(current_setting('message_store.writing_from', true), '') = '' THEN
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(1296845140, 1);
    PERFORM message_store.publish_write();
  END IF;
  RETURN NULL;
END;
$$;
