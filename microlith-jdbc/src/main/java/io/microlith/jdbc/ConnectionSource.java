package io.microlith.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens JDBC connections to the view database: {@code dataSource::getConnection}, or
 * {@code () -> DriverManager.getConnection("jdbc:sqlite:views.db")}. An aggregator opens one and keeps it
 * for as long as it runs.
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
