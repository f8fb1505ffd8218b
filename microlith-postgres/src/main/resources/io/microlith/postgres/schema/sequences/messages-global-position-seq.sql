-- Global positions follow commit order only if the sequence hands values out one by one, in the order the
-- writers take the store-wide write lock. A cache would let each session pre-allocate a range and hand a
-- lower value to a transaction that commits later (a reader would then skip it), so the cache is pinned to 1.
ALTER SEQUENCE message_store.messages_global_position_seq CACHE 1;
