package io.microlith.demo.users.adapters;

import io.microlith.demo.views.ViewDatabase;
import io.microlith.jdbc.ConnectionSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;

/** The user service's adapters on the embedded SQLite store, with the view in the demo's SQLite view database. */
class ProfileStoreSqliteTest extends ProfileStoreContract {
    static Path data;
    static ViewDatabase views;

    @BeforeAll
    static void files() throws Exception {
        data = Files.createTempDirectory("microlith-profiles-sqlite-");
        views = ViewDatabase.open(data.resolve("views.db"));
    }

    @AfterAll
    static void closeViews() {
        views.close();
    }

    @Override
    String storeSetting() {
        return "sqlite:" + data.resolve("microlith.db");
    }

    @Override
    ConnectionSource viewWriters() {
        return views::openWriter;
    }

    @Override
    ConnectionSource viewReaders() {
        return views::read;
    }
}
