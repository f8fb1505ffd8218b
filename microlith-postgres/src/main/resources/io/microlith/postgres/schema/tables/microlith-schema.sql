-- Which versions of Microlith's schema have been applied to this database (one row per version). A
-- database installed by message-db has no such table until Microlith adopts it.
CREATE TABLE IF NOT EXISTS message_store.microlith_schema (
  version integer NOT NULL,
  description text NOT NULL,
  applied_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT microlith_schema_pkey PRIMARY KEY (version)
);
