package io.microlith.postgres;

import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario at the SQL level, as a message-db client sees the store: the same statements run against a
 * database installed by message-db and one installed by Microlith must give the same outcomes (rows, or
 * SQLSTATE and message). Message ids are fixed so that the outcomes can be compared; the {@code time}
 * column, which differs by nature, is compared as "present".
 */
final class SqlScenario {

    /** One statement and the outcome it produced. */
    record Outcome(String step, String result) {
        @Override
        public String toString() {
            return step + " -> " + result;
        }
    }

    private record Step(String name, String sql) {
    }

    private final List<Step> steps = new ArrayList<>();

    private SqlScenario step(String name, String sql) {
        steps.add(new Step(name, sql));
        return this;
    }

    static String id(int n) {
        return "00000000-0000-4000-8000-%012d".formatted(n);
    }

    private static String write(int n, String stream, String type, String data, String metadata, String expected) {
        return "SELECT write_message('%s', '%s', '%s', %s, %s, %s)".formatted(id(n), stream, type,
                data == null ? "NULL" : "'" + data + "'", metadata == null ? "NULL" : "'" + metadata + "'",
                expected == null ? "NULL" : expected);
    }

    /** Writes with every expected-version form, to entity, compound, typed and bare-category streams. */
    static SqlScenario writes() {
        SqlScenario s = new SqlScenario();
        s.step("first write, any version", write(1, "account-1", "Opened", "{\"n\":1}", null, null));
        s.step("second write, any version", write(2, "account-1", "Deposited", "{\"amount\":10}", null, null));
        s.step("expected version matches", write(3, "account-1", "Deposited", "{\"amount\":5}", null, "1"));
        s.step("expected version behind", write(4, "account-1", "Deposited", "{}", null, "1"));
        s.step("expected version ahead", write(5, "account-1", "Deposited", "{}", null, "7"));
        s.step("no stream expected, stream exists", write(6, "account-1", "Deposited", "{}", null, "-1"));
        s.step("no stream expected, new stream", write(7, "account-2", "Opened", "{\"n\":2}", null, "-1"));
        s.step("exact version on a missing stream", write(8, "account-3", "Opened", "{}", null, "0"));
        s.step("compound id", write(9, "account-2+audit", "Audited", "{}", null, null));
        s.step("typed category", write(10, "account:command-1", "Open", "{\"x\":[1,2,3]}",
                "{\"correlationStreamName\":\"web-7\",\"replyStreamName\":\"web:reply-7\"}", null));
        s.step("correlated to web", write(11, "account-4", "Opened", "{}", "{\"correlationStreamName\":\"web-9\"}", null));
        s.step("correlated to web:command", write(12, "account-5", "Opened", "{}", "{\"correlationStreamName\":\"web:command-9\"}", null));
        s.step("correlated to other", write(13, "account-6", "Opened", "{}", "{\"correlationStreamName\":\"other-1\",\"k\":{\"deep\":true}}", null));
        s.step("bare category stream", write(14, "account", "Noted", "{}", null, null));
        s.step("null data", write(15, "account-7", "Empty", null, null, null));
        s.step("uuid id with dashes", write(16, "account-0a1b2c3d-0000-4000-8000-000000000001", "Opened", "{}", null, null));
        s.step("duplicate id", write(1, "account-8", "Again", "{}", null, null));
        s.step("malformed id", "SELECT write_message('not-a-uuid', 'account-8', 'Bad', '{}')");
        s.step("null id", "SELECT write_message(NULL, 'account-8', 'Bad', '{}')");
        s.step("null stream name", "SELECT write_message('" + id(17) + "', NULL, 'Bad', '{}')");
        s.step("null type", "SELECT write_message('" + id(18) + "', 'account-8', NULL, '{}')");
        s.step("after failures, any version", write(19, "account-8", "Opened", "{}", null, null));
        for (int i = 0; i < 12; i++) {
            s.step("many streams " + i, write(100 + i, "member-" + i + (i % 3 == 0 ? "+x" : ""), "Joined", "{\"i\":" + i + "}", null, null));
        }
        s.step("many in one stream", write(200, "account-9", "Deposited", "{\"i\":0}", null, "-1"));
        for (int i = 1; i < 6; i++) {
            s.step("many in one stream " + i, write(200 + i, "account-9", "Deposited", "{\"i\":" + i + "}", null, Integer.toString(i - 1)));
        }
        return s;
    }

    /** Reads of every kind, with their defaults, filters and errors. */
    static SqlScenario reads() {
        SqlScenario s = new SqlScenario();
        String columns = "id, stream_name, type, position, global_position, data, metadata, time";
        s.step("stream, defaults", "SELECT " + columns + " FROM get_stream_messages('account-1')");
        s.step("stream from position", "SELECT " + columns + " FROM get_stream_messages('account-9', 2)");
        s.step("stream batch size", "SELECT " + columns + " FROM get_stream_messages('account-9', 1, 2)");
        s.step("stream no limit", "SELECT " + columns + " FROM get_stream_messages('account-9', 0, -1)");
        s.step("stream batch size 0", "SELECT " + columns + " FROM get_stream_messages('account-9', 0, 0)");
        s.step("stream negative batch size", "SELECT " + columns + " FROM get_stream_messages('account-9', 0, -2)");
        s.step("stream null position and size", "SELECT " + columns + " FROM get_stream_messages('account-9', NULL, NULL)");
        s.step("stream missing", "SELECT " + columns + " FROM get_stream_messages('account-404')");
        s.step("stream of a category name", "SELECT " + columns + " FROM get_stream_messages('account')");
        s.step("stream null name", "SELECT " + columns + " FROM get_stream_messages(NULL)");
        s.step("stream compound", "SELECT " + columns + " FROM get_stream_messages('account-2+audit')");
        s.step("stream condition off", "SELECT " + columns + " FROM get_stream_messages('account-9', 0, 10, 'position > 2')");
        s.step("category, defaults", "SELECT " + columns + " FROM get_category_messages('account')");
        s.step("category typed", "SELECT " + columns + " FROM get_category_messages('account:command')");
        s.step("category from position", "SELECT " + columns + " FROM get_category_messages('account', 10)");
        s.step("category batch size", "SELECT " + columns + " FROM get_category_messages('account', 1, 3)");
        s.step("category no limit", "SELECT " + columns + " FROM get_category_messages('account', 1, -1)");
        s.step("category null position and size", "SELECT " + columns + " FROM get_category_messages('account', NULL, NULL)");
        s.step("category null", "SELECT " + columns + " FROM get_category_messages(NULL)");
        s.step("category of a stream name", "SELECT " + columns + " FROM get_category_messages('account-1')");
        s.step("category missing", "SELECT " + columns + " FROM get_category_messages('nothing')");
        s.step("correlation web", "SELECT " + columns + " FROM get_category_messages('account', 1, 1000, 'web')");
        s.step("correlation web:command", "SELECT " + columns + " FROM get_category_messages('account', 1, 1000, 'web:command')");
        s.step("correlation typed category", "SELECT " + columns + " FROM get_category_messages('account:command', 1, 1000, 'web')");
        s.step("correlation not a category", "SELECT " + columns + " FROM get_category_messages('account', 1, 1000, 'web-9')");
        for (int size = 1; size <= 3; size++) {
            for (int member = 0; member < size; member++) {
                s.step("group " + member + " of " + size, "SELECT " + columns
                        + " FROM get_category_messages('member', 1, 1000, NULL, " + member + ", " + size + ")");
            }
        }
        s.step("group of account with batch", "SELECT " + columns + " FROM get_category_messages('account', 1, 2, NULL, 1, 2)");
        s.step("group and correlation", "SELECT " + columns + " FROM get_category_messages('account', 1, 1000, 'web', 0, 1)");
        s.step("group member without size", "SELECT " + columns + " FROM get_category_messages('member', 1, 1000, NULL, 1, NULL)");
        s.step("group size without member", "SELECT " + columns + " FROM get_category_messages('member', 1, 1000, NULL, NULL, 2)");
        s.step("group size 0", "SELECT " + columns + " FROM get_category_messages('member', 1, 1000, NULL, 0, 0)");
        s.step("group member negative", "SELECT " + columns + " FROM get_category_messages('member', 1, 1000, NULL, -1, 2)");
        s.step("group member too large", "SELECT " + columns + " FROM get_category_messages('member', 1, 1000, NULL, 2, 2)");
        s.step("group both invalid", "SELECT " + columns + " FROM get_category_messages('member', 1, 1000, NULL, -1, 0)");
        s.step("category condition off", "SELECT " + columns + " FROM get_category_messages('account', 1, 1000, NULL, NULL, NULL, 'type = ''Opened''')");
        s.step("condition on", "SET message_store.sql_condition = on");
        s.step("category condition on", "SELECT " + columns + " FROM get_category_messages('account', 1, 1000, NULL, NULL, NULL, 'type = ''Opened''')");
        s.step("category condition qualified", "SELECT " + columns + " FROM get_category_messages('account', 1, 1000, 'web', NULL, NULL, 'messages.position = 0')");
        s.step("stream condition on", "SELECT " + columns + " FROM get_stream_messages('account-9', 0, 10, 'position > 2')");
        s.step("condition off", "RESET message_store.sql_condition");
        s.step("last message", "SELECT " + columns + " FROM get_last_stream_message('account-1')");
        s.step("last message of type", "SELECT " + columns + " FROM get_last_stream_message('account-1', 'Opened')");
        s.step("last message of absent type", "SELECT " + columns + " FROM get_last_stream_message('account-1', 'Closed')");
        s.step("last message of missing stream", "SELECT " + columns + " FROM get_last_stream_message('account-404')");
        s.step("last message of bare category", "SELECT " + columns + " FROM get_last_stream_message('account')");
        s.step("stream version", "SELECT stream_version('account-1'), stream_version('account-9'), stream_version('account-404'), stream_version('account')");
        s.step("names", """
                SELECT v, category(v), id(v), cardinal_id(v), is_category(v), hash_64(v), hash_64(cardinal_id(v))
                FROM unnest(ARRAY['', '-', 'a-', 'a-+', 'a-+b', 'a-b+', 'a-b-c+d', 'a+b-c+d', 'a', 'a:b-1', '-1', 'a--b',
                                  'a-b++c', 'account:command+position-1', 'ü-ß', NULL]) AS v""");
        s.step("hash of abc", "SELECT hash_64('abc')");
        s.step("message store version", "SELECT message_store_version()");
        for (String view : List.of("stream_summary", "type_summary", "stream_type_summary", "type_stream_summary",
                "category_type_summary", "type_category_summary")) {
            s.step("view " + view, "SELECT * FROM " + view);
        }
        s.step("table", "SELECT global_position, position, stream_name, type, data, metadata, id FROM messages ORDER BY global_position");
        return s;
    }

    /** Runs every step on the connection (search path as a message-db client sets it). */
    List<Outcome> run(Connection connection) throws SQLException {
        List<Outcome> outcomes = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = message_store, public");
            for (Step step : steps) {
                outcomes.add(new Outcome(step.name(), outcome(statement, step.sql())));
            }
        }
        return outcomes;
    }

    private static String outcome(Statement statement, String sql) {
        try {
            if (!statement.execute(sql)) {
                return "ok";
            }
            StringBuilder rows = new StringBuilder();
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    rows.append('[');
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        String value = rs.getString(c);
                        if (meta.getColumnLabel(c).equals("time")) {
                            value = value == null ? "null time" : "<time>";
                        }
                        rows.append(c > 1 ? " | " : "").append(value);
                    }
                    rows.append("]\n");
                }
            }
            return rows.isEmpty() ? "(no rows)" : rows.toString();
        } catch (SQLException e) {
            String message = e instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getMessage()
                    : e.getMessage();
            return "ERROR " + e.getSQLState() + " " + message;
        }
    }
}
