-- Takes the store lock, key (1296845140, 1), exclusively for the rest of the transaction: waits until every
-- writer in flight has ended and keeps new writers out (they take it shared, functions/acquire-lock.sql).
-- For a write whose append conditions must be checked with no other writer committing meanwhile (decision
-- 0082); imports take the same lock.
CREATE OR REPLACE FUNCTION message_store.lock_store()
RETURNS void
LANGUAGE sql
VOLATILE
AS $$
  SELECT pg_catalog.pg_advisory_xact_lock(1296845140, 1)
$$;
