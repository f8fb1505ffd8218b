-- Trigger function: takes the store-wide write lock before an INSERT into messages evaluates its rows (a
-- BEFORE ... FOR EACH STATEMENT trigger fires before the global_position default draws from the sequence).
-- write_message and write_batch hold the lock already (taking it again is free); this keeps commit order
-- for plain INSERTs by other tools too. Same key as functions/acquire-lock.sql.
CREATE OR REPLACE FUNCTION message_store.lock_writes()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(1296845140, 1);
  RETURN NULL;
END;
$$;
