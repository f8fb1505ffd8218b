-- Category reads by global position.
CREATE INDEX messages_category ON messages (category, global_position)
