package io.microlith.sqlite;

import io.microlith.store.MessageQuery;
import io.microlith.store.MessageQuery.Item;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL of a {@link MessageQuery}: each item finds its messages through an index, by its tags in
 * {@code message_tags} (one join per further tag) or by its categories in {@code messages_category}, and filters
 * by type and category on the message row. Built per query (queries differ in shape); the text and its parameters
 * are made in one pass so that they cannot drift apart.
 */
final class QuerySql {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    private QuerySql() {
    }

    /** The global position of the last message matching {@code query} after {@code after}, NULL when none. */
    static QuerySql lastMatchingAfter(MessageQuery query, long after) {
        QuerySql q = new QuerySql();
        q.sql.append("SELECT max(p) FROM (");
        String union = "";
        for (Item item : query.items()) {
            q.sql.append(union).append("SELECT (");
            q.item(item, "max(", ")", ">", after);
            q.sql.append(") AS p");
            union = " UNION ALL ";
        }
        q.sql.append(')');
        return q;
    }

    /** The messages matching {@code query} from {@code from} on, in global order, at most {@code batchSize}. */
    static QuerySql read(MessageQuery query, long from, int batchSize) {
        QuerySql q = new QuerySql();
        q.sql.append("SELECT ").append(Rows.COLUMNS).append(" FROM messages WHERE global_position IN (");
        String union = "";
        for (Item item : query.items()) {
            q.sql.append(union);
            q.item(item, "", "", ">=", from);
            union = " UNION ";
        }
        q.sql.append(") ORDER BY global_position LIMIT ?");
        q.parameters.add(batchSize);
        return q;
    }

    /** {@code SELECT <open>global_position<close> FROM ... WHERE ... global_position <comparison> position}. */
    private void item(Item item, String open, String close, String comparison, long position) {
        if (!item.tags().isEmpty()) {
            List<String> tags = new ArrayList<>(item.tags());
            sql.append("SELECT ").append(open).append("t0.global_position").append(close).append(" FROM message_tags t0");
            for (int i = 1; i < tags.size(); i++) {
                sql.append(" JOIN message_tags t").append(i).append(" ON t").append(i).append(".tag = ? AND t").append(i)
                        .append(".global_position = t0.global_position");
                parameters.add(tags.get(i));
            }
            boolean filtered = !item.types().isEmpty() || !item.categories().isEmpty();
            if (filtered) {
                sql.append(" JOIN messages m ON m.global_position = t0.global_position");
            }
            sql.append(" WHERE t0.tag = ? AND t0.global_position ").append(comparison).append(" ?");
            parameters.add(tags.getFirst());
            parameters.add(position);
            in("m.type", item.types());
            in("m.category", item.categories());
        } else {
            sql.append("SELECT ").append(open).append("global_position").append(close).append(" FROM messages m WHERE");
            sql.append(" global_position ").append(comparison).append(" ?");
            parameters.add(position);
            in("m.category", item.categories());
            in("m.type", item.types());
        }
    }

    private void in(String column, Collection<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (").append("?,".repeat(values.size() - 1)).append("?)");
        parameters.addAll(values);
    }

    /** The statement, prepared and bound; the caller closes it. */
    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
