-- The messages, with message-db's columns in message-db's physical order, so that a database installed by
-- message-db can be adopted as it is and any message-db client reads and writes this one.
--   global_position  1-based, store-wide; handed out in commit order (see functions/acquire-lock.sql)
--   position         0-based place in the stream, without gaps
--   time             UTC start time of the writing transaction
--   id               the message id; unique (indexes/messages-id.sql)
CREATE TABLE IF NOT EXISTS message_store.messages (
  global_position bigserial NOT NULL,
  "position" bigint NOT NULL,
  "time" timestamp without time zone NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
  stream_name text NOT NULL,
  "type" text NOT NULL,
  data jsonb,
  metadata jsonb,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  CONSTRAINT messages_pkey PRIMARY KEY (global_position)
);
