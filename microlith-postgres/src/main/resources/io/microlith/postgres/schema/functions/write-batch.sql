-- Microlith's own write: many messages to many streams in one statement, so that a whole transaction costs
-- one round trip and holds the store-wide write lock only while the server works (not while the client
-- thinks). Not part of message-db's interface; message-db clients keep using write_message.
--
-- Input, per stream write (arrays of equal length, in order):
--   write_streams    the stream name
--   write_expected   the expected version, NULL for any (-1: no messages yet)
--   write_units      the all-or-nothing unit the write belongs to; units are numbered in ascending order and
--                    the writes of one unit are adjacent. A unit is one caller's write: every stream write
--                    of it is stored, or none.
--   write_counts     how many messages it appends
-- and per message (in order, the messages of each write adjacent):
--   message_writes   the 1-based index of its stream write
--   message_offsets  its 0-based index within that write
--   message_ids, message_types, message_data (JSON text), message_metadata (JSON text or NULL)
--
-- Output, one row per stream write, in input order:
--   status                0 written; 1 the stream was not at the expected version; 2 not written because
--                         another write of its unit failed
--   version_before        the stream's version just before this write (after earlier writes of the batch)
--   last_global_position  the global position of its last message, NULL unless written
--
-- Expected versions are checked under the store-wide write lock (functions/acquire-lock.sql), in input
-- order, each unit seeing the writes of the units accepted before it. A message id that is already stored
-- (or repeated) fails the whole statement with unique_violation on messages_id: callers retry the units
-- one by one to tell whose it was.
CREATE OR REPLACE FUNCTION message_store.write_batch(
  write_streams varchar[],
  write_expected bigint[],
  write_units integer[],
  write_counts integer[],
  message_writes integer[],
  message_offsets integer[],
  message_ids uuid[],
  message_types varchar[],
  message_data varchar[],
  message_metadata varchar[]
)
RETURNS TABLE (status smallint, version_before bigint, last_global_position bigint)
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  write_count integer := coalesce(cardinality(write_streams), 0);
  known_streams varchar[];
  known_versions bigint[];
  unit_versions bigint[];
  bases bigint[] := array_fill(NULL::bigint, ARRAY[write_count]);
  statuses smallint[] := array_fill(0::smallint, ARRAY[write_count]);
  i integer := 1;
  j integer;
  unit_start integer;
  failed_write integer;
  slot integer;
BEGIN
  PERFORM message_store.acquire_lock(NULL);

  -- Every stream's version, read once, after the lock: one index probe per distinct stream.
  SELECT coalesce(array_agg(s.name), '{}'), coalesce(array_agg(s.version), '{}')
    INTO known_streams, known_versions
  FROM (
    SELECT d.name,
           coalesce((SELECT max(m."position") FROM message_store.messages m WHERE m.stream_name = d.name), -1)
             AS version
    FROM (SELECT DISTINCT unnest(write_streams) AS name) d
  ) s;

  WHILE i <= write_count LOOP
    unit_start := i;
    unit_versions := known_versions;
    failed_write := 0;
    LOOP
      slot := array_position(known_streams, write_streams[i]);
      bases[i] := unit_versions[slot];
      IF failed_write = 0 AND write_expected[i] IS NOT NULL AND write_expected[i] <> unit_versions[slot] THEN
        failed_write := i;
      END IF;
      unit_versions[slot] := unit_versions[slot] + write_counts[i];
      i := i + 1;
      EXIT WHEN i > write_count OR write_units[i] <> write_units[unit_start];
    END LOOP;
    IF failed_write = 0 THEN
      known_versions := unit_versions;
    ELSE
      FOR j IN unit_start .. i - 1 LOOP
        statuses[j] := CASE WHEN j = failed_write THEN 1 ELSE 2 END;
      END LOOP;
    END IF;
  END LOOP;

  -- unnest keeps the input order, so global positions follow stream positions within the batch.
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO message_store.messages (id, stream_name, "position", "type", data, metadata)
      SELECT msg.id, write_streams[msg.w], bases[msg.w] + 1 + msg.o, msg.t, msg.d::jsonb, msg.md::jsonb
      FROM unnest(message_ids, message_writes, message_offsets, message_types, message_data, message_metadata)
             AS msg(id, w, o, t, d, md)
      WHERE statuses[msg.w] = 0
      RETURNING stream_name, "position", global_position
    )
    SELECT w.st, w.base, inserted.global_position
    FROM unnest(statuses, bases, write_streams, write_counts) WITH ORDINALITY AS w(st, base, name, cnt, n)
    LEFT JOIN inserted ON inserted.stream_name = w.name AND inserted."position" = w.base + w.cnt
    ORDER BY w.n;
END;
$$;
