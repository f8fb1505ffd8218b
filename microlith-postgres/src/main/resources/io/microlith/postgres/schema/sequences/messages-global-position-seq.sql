-- The sequence must hand values out one by one from one shared counter: a writer enters the in-flight
-- registry with the sequence's next value as the lowest position it may draw (functions/publish-write.sql),
-- and readers take that value as the highest position drawn so far (functions/read-fence.sql). A cache would
-- let a session hand out a lower value from the range it pre-allocated, below both, so it is pinned to 1.
ALTER SEQUENCE message_store.messages_global_position_seq CACHE 1;
