package io.microlith.sqlite;

import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AppendCondition;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.Hash64;
import io.microlith.store.StreamWrite;

import java.util.List;

/**
 * One {@link StreamWrite} with every column value computed on the caller's thread (metadata JSON,
 * category, hash, id bytes), so that the committing thread only binds and steps: the callers' work
 * runs in parallel, the writer's does not.
 */
final class PreparedWrite {
    final StreamWrite write;
    final StreamName streamName;
    final String stream;
    final String category;
    final long cardinalHash;
    final ExpectedVersion expected;
    /** {@code null} when the write has none. */
    final AppendCondition condition;
    final List<NewMessage> messages;
    final byte[][] ids;
    final String[] metadata;
    final String[] correlations;
    /** Per message, its tags (an empty list for most). */
    final List<List<String>> tags;

    PreparedWrite(StreamWrite write) {
        this.write = write;
        streamName = write.streamName();
        stream = streamName.value();
        category = streamName.category();
        // StreamWrite refuses bare categories, so a cardinal id is always there.
        cardinalHash = Hash64.of(streamName.cardinalId().orElseThrow());
        expected = write.expected();
        condition = write.condition();
        messages = write.messages();
        int size = messages.size();
        ids = new byte[size][];
        metadata = new String[size];
        correlations = new String[size];
        List<List<String>> messageTags = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            NewMessage message = messages.get(i);
            messageTags.add(message.metadata().tags());
            ids[i] = Uuids.toBytes(message.id());
            metadata[i] = MetadataJson.write(message.metadata());
            StreamName correlation = message.metadata().correlationStreamName();
            correlations[i] = correlation == null ? null : correlation.category();
        }
        tags = messageTags;
    }

    int size() {
        return messages.size();
    }
}
