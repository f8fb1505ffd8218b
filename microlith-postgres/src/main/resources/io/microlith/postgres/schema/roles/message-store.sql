-- The application role, named like the schema so that its default search_path ("$user", public) finds
-- the message store's functions. It logs in without a password (set one, or use pg_hba.conf); its rights
-- are granted in privileges/: read and append messages, nothing else.
-- Roles belong to the whole cluster, so two databases may be installing at once: whoever loses the race
-- finds the role made by the other, which is just as good.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'message_store') THEN
    CREATE ROLE message_store WITH LOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
