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
-- Output, one row holding three arrays, one element per stream write, in input order:
--   statuses                0 written; 1 the stream was not at the expected version; 2 not written because
--                           another write of its unit failed
--   versions_before         the stream's version just before this write (after earlier writes of the batch)
--   last_global_positions   the global position of its last message, NULL unless written
--
-- Expected versions are checked under the store-wide write lock (functions/acquire-lock.sql), in input
-- order, each unit seeing the writes of the units accepted before it. A message id that is already stored
-- (or repeated) fails the whole statement with unique_violation on messages_id: callers retry the units
-- one by one to tell whose it was. Listeners are notified as by write_message (functions/notify-commit.sql).
--
-- Global positions are drawn from the sequence in input order while the lock is held, so they follow
-- stream positions. Plans are kept generic: planning the statements anew for each call would cost more
-- than running them.
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
  message_metadata varchar[],
  OUT statuses smallint[],
  OUT versions_before bigint[],
  OUT last_global_positions bigint[]
)
LANGUAGE plpgsql
VOLATILE
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  write_count integer := coalesce(cardinality(write_streams), 0);
  known_streams varchar[];
  known_versions bigint[];
  unit_versions bigint[];
  accepted_before integer[] := array_fill(0, ARRAY[write_count]);
  accepted integer := 0;
  global_positions bigint[];
  categories varchar[];
  category_positions bigint[];
  i integer := 1;
  j integer;
  unit_start integer;
  failed_write integer;
  slot integer;
BEGIN
  statuses := array_fill(0::smallint, ARRAY[write_count]);
  versions_before := array_fill(NULL::bigint, ARRAY[write_count]);
  last_global_positions := array_fill(NULL::bigint, ARRAY[write_count]);

  PERFORM message_store.acquire_lock(NULL);

  -- Every stream's version, read once, after the lock: one index probe per distinct stream.
  IF write_count = 1 THEN
    known_streams := write_streams;
    known_versions := ARRAY[coalesce(
      (SELECT max(m."position") FROM message_store.messages m WHERE m.stream_name = write_streams[1]), -1)];
  ELSE
    SELECT coalesce(array_agg(d.name), '{}'),
           coalesce(array_agg(coalesce(
             (SELECT max(m."position") FROM message_store.messages m WHERE m.stream_name = d.name), -1)), '{}')
      INTO known_streams, known_versions
    FROM (SELECT DISTINCT unnest(write_streams) AS name) d;
  END IF;

  WHILE i <= write_count LOOP
    unit_start := i;
    unit_versions := known_versions;
    failed_write := 0;
    LOOP
      slot := array_position(known_streams, write_streams[i]);
      versions_before[i] := unit_versions[slot];
      IF failed_write = 0 AND write_expected[i] IS NOT NULL AND write_expected[i] <> unit_versions[slot] THEN
        failed_write := i;
      END IF;
      unit_versions[slot] := unit_versions[slot] + write_counts[i];
      i := i + 1;
      EXIT WHEN i > write_count OR write_units[i] <> write_units[unit_start];
    END LOOP;
    IF failed_write = 0 THEN
      known_versions := unit_versions;
      FOR j IN unit_start .. i - 1 LOOP
        accepted_before[j] := accepted;
        accepted := accepted + write_counts[j];
      END LOOP;
    ELSE
      FOR j IN unit_start .. i - 1 LOOP
        statuses[j] := CASE WHEN j = failed_write THEN 1 ELSE 2 END;
      END LOOP;
    END IF;
  END LOOP;

  IF accepted = 0 THEN
    RETURN;
  END IF;

  -- Still under the lock, so no one else draws from the sequence meanwhile: values in input order.
  IF accepted = 1 THEN
    global_positions := ARRAY[nextval('message_store.messages_global_position_seq'::regclass)];
  ELSE
    SELECT array_agg(nextval('message_store.messages_global_position_seq'::regclass) ORDER BY n)
      INTO global_positions
    FROM generate_series(1, accepted) AS n;
  END IF;

  INSERT INTO message_store.messages (global_position, id, stream_name, "position", "type", data, metadata)
  SELECT global_positions[accepted_before[msg.w] + msg.o + 1], msg.id, write_streams[msg.w],
         versions_before[msg.w] + 1 + msg.o, msg.t, msg.d::jsonb, msg.md::jsonb
  FROM unnest(message_ids, message_writes, message_offsets, message_types, message_data, message_metadata)
         AS msg(id, w, o, t, d, md)
  WHERE statuses[msg.w] = 0;

  categories := '{}';
  category_positions := '{}';
  FOR j IN 1 .. write_count LOOP
    IF statuses[j] = 0 THEN
      last_global_positions[j] := global_positions[accepted_before[j] + write_counts[j]];
      slot := array_position(categories, message_store.category(write_streams[j]));
      IF slot IS NULL THEN
        categories := categories || message_store.category(write_streams[j]);
        category_positions := category_positions || last_global_positions[j];
      ELSE
        category_positions[slot] := greatest(category_positions[slot], last_global_positions[j]);
      END IF;
    END IF;
  END LOOP;
  FOR j IN 1 .. cardinality(categories) LOOP
    PERFORM message_store.notify_commit(categories[j], category_positions[j]);
  END LOOP;
END;
$$;
