-- Takes the store-wide write lock for the rest of the transaction and returns its key
-- (5569907464276541441, the two-int advisory key (1296845140, 1) read as one bigint).
--
-- message-db locks one category here. Microlith locks the whole store instead (docs/decisions/0020):
-- every writer takes this lock before it reads a stream version or draws a global position, and keeps it
-- until its commit is visible. Global positions are therefore handed out in commit order across all
-- categories, so a reader by global position (of one category or of the whole store) never skips a
-- message that commits later with a lower position; and two transactions that write several categories
-- in opposite orders queue on one lock instead of deadlocking.
-- The stream_name argument is kept for message-db's signature; every stream shares the one lock.
-- The two-int key form keeps clear of message-db's and applications' one-bigint advisory keys.
CREATE OR REPLACE FUNCTION message_store.acquire_lock(stream_name varchar)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
AS $$
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(1296845140, 1);
  RETURN (1296845140::bigint << 32) | 1;
END;
$$;
