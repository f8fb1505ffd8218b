-- The first part of a compound id: account-123+456 -> 123; the id itself when it has no '+'.
-- NULL without an id. Streams with one cardinal id share a consumer-group member.
CREATE OR REPLACE FUNCTION message_store.cardinal_id(stream_name varchar)
RETURNS varchar
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT split_part(message_store.id(stream_name), '+', 1)::varchar
$$;
