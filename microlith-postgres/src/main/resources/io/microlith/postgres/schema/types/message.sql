-- The row type every read function returns: message-db's field order and types (id, data and metadata as
-- text). CREATE TYPE cannot say IF NOT EXISTS; a database installed by message-db already has it.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'message_store' AND t.typname = 'message'
  ) THEN
    CREATE TYPE message_store.message AS (
      id varchar,
      stream_name varchar,
      "type" varchar,
      "position" bigint,
      global_position bigint,
      data varchar,
      metadata varchar,
      "time" timestamp without time zone
    );
  END IF;
END
$$;
