-- The message-db interface version this schema provides. Microlith's own schema version is in the table
-- message_store.microlith_schema.
CREATE OR REPLACE FUNCTION message_store.message_store_version()
RETURNS varchar
LANGUAGE sql
IMMUTABLE
AS $$
  SELECT '1.3.0'::varchar
$$;
