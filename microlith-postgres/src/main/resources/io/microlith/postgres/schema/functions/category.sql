-- Everything before the first '-': account-123 -> account, account:command-1 -> account:command; the whole
-- name when it has no '-'. NULL gives NULL.
-- The messages_category index is built on this function: it must give exactly what message-db's gives for
-- every name, or an adopted database's index would disagree with its rows. It is a plain SQL expression so
-- that PostgreSQL inlines it into queries and index maintenance (no function call per row).
CREATE OR REPLACE FUNCTION message_store.category(stream_name varchar)
RETURNS varchar
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT split_part(stream_name, '-', 1)::varchar
$$;
