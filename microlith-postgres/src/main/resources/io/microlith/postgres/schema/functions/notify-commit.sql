-- Trigger function: for each category an INSERT wrote to, sends NOTIFY on channel message_store with the
-- payload '<highest global position> <category>'. PostgreSQL delivers notifications only when (and if) the
-- transaction commits, so listeners in any process wake on commit, whoever wrote.
CREATE OR REPLACE FUNCTION message_store.notify_commit()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_catalog.pg_notify('message_store', max(n.global_position)::text || ' ' || message_store.category(n.stream_name))
  FROM new_messages n
  GROUP BY message_store.category(n.stream_name);
  RETURN NULL;
END;
$$;
