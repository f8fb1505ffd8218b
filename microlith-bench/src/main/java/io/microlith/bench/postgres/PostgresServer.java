package io.microlith.bench.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Connections to the server as a message-db client makes them (search_path set, as message-db needs). */
record PostgresServer(String host, int port, String user) {
    Connection connect(String database) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("ApplicationName", "microlith-bench");
        properties.setProperty("options", "-c search_path=message_store,public");
        try {
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, properties);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + database, e);
        }
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    String describe() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version(), current_setting('fsync'), "
                     + "current_setting('synchronous_commit'), current_setting('shared_buffers')")) {
            rs.next();
            return "- Server: " + rs.getString(1) + "; fsync=" + rs.getString(2) + ", synchronous_commit="
                    + rs.getString(3) + ", shared_buffers=" + rs.getString(4) + "\n";
        }
    }
}
