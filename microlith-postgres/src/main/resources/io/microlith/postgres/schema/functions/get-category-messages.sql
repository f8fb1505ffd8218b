-- Messages of one category with global_position >= "position", in global position order, at most
-- batch_size after filtering (message-db's get_category_messages). Here "position" is a global position;
-- a follower resumes at the last global position it saw + 1 and never skips a committed message, because
-- it reads only below the fence: the lowest position a writer still in flight may commit
-- (functions/read-fence.sql, taken in its own statement before the read's snapshot).
--   category must not contain '-': 'Must be a category: <name>'. A NULL category reads nothing.
--   NULL position reads from 1; batch_size as in get_stream_messages (NULL 1000, -1 no limit, 0 nothing).
--   correlation: keep only messages whose metadata correlationStreamName has exactly this category; it
--     must itself be a category: 'Correlation must be a category (Correlation: <value>)'.
--   consumer_group_member, consumer_group_size: keep only streams whose cardinal id hashes to this member,
--     abs(hash_64(cardinal_id(stream_name))) mod size; both or neither, size >= 1, 0 <= member < size,
--     else message-db's errors, checked in message-db's order. Bare-category streams belong to no member.
--     (message-db also fails for sizes above 32767; Microlith accepts them.)
--   condition: as in get_stream_messages, only when message_store.sql_condition is on.
CREATE OR REPLACE FUNCTION message_store.get_category_messages(
  category varchar,
  "position" bigint DEFAULT 1,
  batch_size bigint DEFAULT 1000,
  correlation varchar DEFAULT NULL,
  consumer_group_member bigint DEFAULT NULL,
  consumer_group_size bigint DEFAULT NULL,
  condition varchar DEFAULT NULL
)
RETURNS SETOF message_store.message
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  from_position bigint := coalesce(get_category_messages."position", 1);
  row_limit bigint := nullif(coalesce(get_category_messages.batch_size, 1000), -1);
  group_member bigint := get_category_messages.consumer_group_member;
  group_size bigint := get_category_messages.consumer_group_size;
  fence bigint;
BEGIN
  IF NOT message_store.is_category(get_category_messages.category) THEN
    RAISE EXCEPTION 'Must be a category: %', get_category_messages.category;
  END IF;

  IF get_category_messages.correlation IS NOT NULL
     AND NOT message_store.is_category(get_category_messages.correlation) THEN
    RAISE EXCEPTION 'Correlation must be a category (Correlation: %)', get_category_messages.correlation;
  END IF;

  IF (group_member IS NULL) <> (group_size IS NULL) THEN
    RAISE EXCEPTION 'Consumer group member and size must be specified (Consumer Group Member: %, Consumer Group Size: %)',
      group_member, group_size;
  END IF;
  IF group_size IS NOT NULL THEN
    IF group_size < 1 THEN
      RAISE EXCEPTION 'Consumer group size must not be less than 1 (Consumer Group Member: %, Consumer Group Size: %)',
        group_member, group_size;
    END IF;
    IF group_member < 0 THEN
      RAISE EXCEPTION 'Consumer group member must not be less than 0 (Consumer Group Member: %, Consumer Group Size: %)',
        group_member, group_size;
    END IF;
    IF group_member >= group_size THEN
      RAISE EXCEPTION 'Consumer group member must be less than the group size (Consumer Group Member: %, Consumer Group Size: %)',
        group_member, group_size;
    END IF;
  END IF;

  fence := message_store.read_fence();

  IF get_category_messages.condition IS NULL THEN
    RETURN QUERY
      SELECT m.id::varchar, m.stream_name::varchar, m."type"::varchar, m."position", m.global_position,
             m.data::varchar, m.metadata::varchar, m."time"
      FROM message_store.messages m
      WHERE message_store.category(m.stream_name) = get_category_messages.category
        AND m.global_position >= from_position
        AND m.global_position < fence
        AND (get_category_messages.correlation IS NULL
             OR message_store.category(m.metadata->>'correlationStreamName') = get_category_messages.correlation)
        AND (group_size IS NULL
             OR mod(abs(message_store.hash_64(message_store.cardinal_id(m.stream_name))), group_size) = group_member)
      ORDER BY m.global_position
      LIMIT row_limit;
    RETURN;
  END IF;

  IF coalesce(current_setting('message_store.sql_condition', true), 'off') <> 'on' THEN
    RAISE EXCEPTION 'Retrieval with SQL condition is not activated';
  END IF;

  -- No table alias here: the condition may name the columns as messages.<column>.
  RETURN QUERY EXECUTE
    'SELECT id::varchar, stream_name::varchar, "type"::varchar, "position", global_position,'
    || ' data::varchar, metadata::varchar, "time"'
    || ' FROM message_store.messages'
    || ' WHERE message_store.category(stream_name) = $1 AND global_position >= $2 AND global_position < $7'
    || ' AND ($3::varchar IS NULL OR message_store.category(metadata->>''correlationStreamName'') = $3)'
    || ' AND ($5::bigint IS NULL OR mod(abs(message_store.hash_64(message_store.cardinal_id(stream_name))), $5) = $4)'
    || ' AND (' || get_category_messages.condition || ')'
    || ' ORDER BY global_position LIMIT $6'
    USING get_category_messages.category, from_position, get_category_messages.correlation, group_member, group_size, row_limit, fence;
END;
$$;
