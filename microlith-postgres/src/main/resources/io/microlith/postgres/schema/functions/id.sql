-- Everything after the first '-' (ids may contain dashes): account-abc-def -> abc-def.
-- NULL when the name has no '-' (a bare category) or is NULL.
CREATE OR REPLACE FUNCTION message_store.id(stream_name varchar)
RETURNS varchar
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT CASE WHEN strpos(stream_name, '-') = 0 THEN NULL
              ELSE substr(stream_name, strpos(stream_name, '-') + 1) END::varchar
$$;
