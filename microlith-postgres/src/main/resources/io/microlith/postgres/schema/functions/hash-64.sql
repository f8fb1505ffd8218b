-- The first 64 bits of the MD5 of the text, as a signed bigint: hash_64('abc') = -8070080442485551184.
-- Decides consumer-group members, so it must never change. NULL gives NULL.
-- A plain SQL expression, so that PostgreSQL inlines it into queries.
CREATE OR REPLACE FUNCTION message_store.hash_64(value varchar)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT ('x' || left(md5(value), 16))::bit(64)::bigint
$$;
