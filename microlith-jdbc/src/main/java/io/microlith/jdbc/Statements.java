package io.microlith.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Prepared statements with {@code ?} parameters, for the view's writes ({@link ViewTransaction}) and reads ({@link ViewReader}). */
final class Statements {
    private Statements() {
    }

    /** {@code sql} prepared on {@code connection} with {@code parameters} bound in order; closed again if binding fails. */
    static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
