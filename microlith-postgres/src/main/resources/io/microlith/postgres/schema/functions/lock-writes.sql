-- Trigger function: takes the store-wide write lock before an INSERT into messages evaluates its rows (a
-- BEFORE ... FOR EACH STATEMENT trigger fires before the global_position default draws from the sequence).
-- write_message and write_batch hold the lock already (taking it again is free); this makes plain INSERTs
-- by other tools keep commit order too.
CREATE OR REPLACE FUNCTION message_store.lock_writes()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM message_store.acquire_lock(NULL);
  RETURN NULL;
END;
$$;
