package io.microlith.postgres.internal;

import io.microlith.store.MessageQuery;
import io.microlith.store.MessageQuery.Item;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a {@link MessageQuery} on message-db's table. Each item finds its messages through an index: its tags
 * through {@code messages_tags} (GIN over {@code metadata->'tags'}: one containment test covers every tag of the
 * item), or its categories through message-db's {@code messages_category}; types and categories then filter the
 * rows. Each item is a subquery behind {@code OFFSET 0}, so that the planner picks its index for it alone instead of
 * walking the primary key backwards in search of a match that may not exist.
 *
 * @param sql        the statement text
 * @param parameters its parameters, in order
 */
record MatchingSql(String sql, Object[] parameters) {

    /** One row: the global position of the last message matching {@code query} after {@code after}, or NULL. */
    static MatchingSql lastMatchingAfter(MessageQuery query, long after) {
        Builder b = new Builder();
        b.sql.append("SELECT max(p) FROM (");
        String union = "";
        for (Item item : query.items()) {
            b.sql.append(union).append("SELECT max(global_position) AS p FROM (");
            b.item(item, ">", after);
            b.sql.append(" OFFSET 0) i");
            union = " UNION ALL ";
        }
        b.sql.append(") s");
        return b.build();
    }

    /**
     * The messages matching {@code query} from {@code from} on and below {@code fence}, in global order, at most
     * {@code batchSize}. {@code fence} is bound as it is given (the read fence, or a placeholder for it).
     */
    static MatchingSql read(MessageQuery query, long from, Object fence, int batchSize) {
        Builder b = new Builder();
        b.sql.append("SELECT ").append(MessageRows.COLUMNS).append(" FROM message_store.messages WHERE global_position IN (");
        String union = "";
        for (Item item : query.items()) {
            b.sql.append(union).append("SELECT global_position FROM (");
            b.item(item, ">=", from);
            b.sql.append(" OFFSET 0) i");
            union = " UNION ";
        }
        b.sql.append(") AND global_position < ? ORDER BY global_position LIMIT ?");
        b.parameters.add(fence);
        b.parameters.add(batchSize);
        return b.build();
    }

    private static final class Builder {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        private void item(Item item, String comparison, long position) {
            sql.append("SELECT global_position FROM message_store.messages WHERE ");
            if (!item.tags().isEmpty()) {
                sql.append("metadata->'tags' @> to_jsonb(?::text[])");
                parameters.add(item.tags().toArray(String[]::new));
            } else {
                sql.append("message_store.category(stream_name) = ANY(?::text[])");
                parameters.add(item.categories().toArray(String[]::new));
            }
            sql.append(" AND global_position ").append(comparison).append(" ?");
            parameters.add(position);
            if (!item.tags().isEmpty() && !item.categories().isEmpty()) {
                sql.append(" AND message_store.category(stream_name) = ANY(?::text[])");
                parameters.add(item.categories().toArray(String[]::new));
            }
            if (!item.types().isEmpty()) {
                sql.append(" AND \"type\" = ANY(?::text[])");
                parameters.add(item.types().toArray(String[]::new));
            }
        }

        private MatchingSql build() {
            return new MatchingSql(sql.toString(), parameters.toArray());
        }
    }
}
