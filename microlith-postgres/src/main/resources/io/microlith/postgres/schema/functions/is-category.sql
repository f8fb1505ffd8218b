-- Whether the name is a bare category (contains no '-'). As message-db, NULL and '' count as categories.
CREATE OR REPLACE FUNCTION message_store.is_category(stream_name varchar)
RETURNS boolean
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT strpos(coalesce(stream_name, ''), '-') = 0
$$;
