package io.microlith.jdbc;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading view data with plain SQL, on a real SQLite file. */
class ViewReaderTest {
    @TempDir
    Path dir;
    private ViewReader reader;

    @BeforeEach
    void database() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("views.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE videos (id TEXT PRIMARY KEY, views BIGINT NOT NULL, name TEXT)");
            s.execute("INSERT INTO videos VALUES ('a', 3, 'Cats'), ('b', 7, NULL), ('c', 5, 'Dogs')");
        }
        reader = new ViewReader(() -> DriverManager.getConnection(url));
    }

    @Test
    void lists_every_row_of_a_query_in_its_order_with_bound_parameters() {
        assertThat(reader.list("SELECT id FROM videos WHERE views >= ? ORDER BY views DESC", row -> row.getString(1), 5))
                .containsExactly("b", "c");
    }

    @Test
    void lists_nothing_when_no_row_matches() {
        assertThat(reader.list("SELECT id FROM videos WHERE views > ?", row -> row.getString(1), 100)).isEmpty();
    }

    @Test
    void gives_the_first_row_or_empty_also_for_a_null_value() {
        assertThat(reader.first("SELECT views FROM videos WHERE id = ?", row -> row.getLong(1), "c")).contains(5L);
        assertThat(reader.first("SELECT views FROM videos WHERE id = ?", row -> row.getLong(1), "zz")).isEmpty();
        assertThat(reader.first("SELECT name FROM videos WHERE id = ?", row -> row.getString(1), "b")).isEmpty();
    }

    @Test
    void reports_a_failing_query_as_a_view_exception_naming_it() {
        assertThatThrownBy(() -> reader.list("SELECT nothing FROM nowhere", row -> row.getString(1)))
                .isInstanceOf(ViewException.class).hasMessageContaining("SELECT nothing FROM nowhere");
    }
}
