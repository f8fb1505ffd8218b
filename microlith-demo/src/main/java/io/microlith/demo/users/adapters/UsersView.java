package io.microlith.demo.users.adapters;

import io.microlith.Microlith;
import io.microlith.demo.users.application.ProfileView;
import io.microlith.demo.users.domain.ProfileMessages.DisplayNameChanged;
import io.microlith.demo.users.domain.ProfileMessages.EmailChanged;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeRejected;
import io.microlith.demo.users.domain.ProfileMessages.ProfileCreated;
import io.microlith.demo.users.domain.ProfileMessages.ProfileDeactivated;
import io.microlith.demo.users.domain.ProfileMessages.ProfileForgotten;
import io.microlith.jdbc.Aggregator;
import io.microlith.jdbc.BlueGreenView;
import io.microlith.jdbc.BlueGreenView.Color;
import io.microlith.jdbc.ConnectionSource;
import io.microlith.jdbc.ViewReader;
import io.microlith.jdbc.ViewTransaction;
import io.microlith.message.Message;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The users view (seed 002's projection): one row per profile, in two copies ({@code users_blue}, {@code users_green})
 * so that it can be rebuilt from the store while the application reads the other ({@link BlueGreenView}).
 *
 * <p>Applying an event twice changes nothing (the seed's "deduplication and idempotency checks before applying them on
 * the projection"): a row records the stream position of the last event applied to it ({@code version}) and moves only
 * forward, and a profile's events come in stream order. Refused changes move the version too, so that a row whose
 * version is the stream's is known to be up to date. Portable SQL: the view runs on SQLite and on PostgreSQL.
 *
 * <p>A forgotten profile's row is deleted ({@link ProfileForgotten}, decision 0087); a rebuild after the forget reads
 * its earlier events with {@code null} addresses and names, keeps them as empty text until the forget, and deletes
 * the row then, so no copy ever holds them again.
 */
public final class UsersView {
    /** The view's name: its key among the blue/green views, and the stem of its tables and aggregators. */
    public static final String NAME = "users";

    private final ConnectionSource writers;
    private final ViewReader reader;
    private BlueGreenView copies;

    /**
     * @param writers opens a connection for an aggregator to keep (the view database's writer connections)
     * @param readers opens a connection for one read (a pool's)
     */
    public UsersView(ConnectionSource writers, ConnectionSource readers) {
        this.writers = writers;
        this.reader = new ViewReader(readers);
    }

    /** The view's two copies, each kept by an aggregator of the {@code profile} category; built once. */
    public synchronized BlueGreenView copies(Microlith microlith) {
        if (copies == null) {
            copies = BlueGreenView.of(NAME, writers, color -> aggregator(microlith, color));
        }
        return copies;
    }

    private Aggregator aggregator(Microlith microlith, Color color) {
        String table = table(color);
        String setWhereNewer = " WHERE user_id = ? AND version < ?";
        return Aggregator.builder(microlith, "profile", NAME + "-view." + color.suffix(), writers)
                .schema("CREATE TABLE IF NOT EXISTS " + table + " (user_id VARCHAR(36) PRIMARY KEY,"
                        + " email VARCHAR(254) NOT NULL, display_name VARCHAR(200) NOT NULL, active BOOLEAN NOT NULL,"
                        + " created_at VARCHAR(40) NOT NULL, updated_at VARCHAR(40) NOT NULL, version BIGINT NOT NULL)")
                .reset("DELETE FROM " + table)
                .on(ProfileCreated.class, (ProfileCreated created, Message m, ViewTransaction view) -> view.update(
                        "INSERT INTO " + table + " (user_id, email, display_name, active, created_at, updated_at, version)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING", created.userId(),
                        orEmpty(created.email()), orEmpty(created.displayName()), true, time(m), time(m), m.position()))
                .on(DisplayNameChanged.class, (DisplayNameChanged changed, Message m, ViewTransaction view) -> view.update(
                        "UPDATE " + table + " SET display_name = ?, updated_at = ?, version = ?" + setWhereNewer,
                        orEmpty(changed.displayName()), time(m), m.position(), changed.userId(), m.position()))
                .on(EmailChanged.class, (EmailChanged changed, Message m, ViewTransaction view) -> view.update(
                        "UPDATE " + table + " SET email = ?, updated_at = ?, version = ?" + setWhereNewer,
                        orEmpty(changed.email()), time(m), m.position(), changed.userId(), m.position()))
                .on(ProfileDeactivated.class, (ProfileDeactivated deactivated, Message m, ViewTransaction view) -> view.update(
                        "UPDATE " + table + " SET active = ?, updated_at = ?, version = ?" + setWhereNewer,
                        false, time(m), m.position(), deactivated.userId(), m.position()))
                .on(ProfileChangeRejected.class, (ProfileChangeRejected rejected, Message m, ViewTransaction view) -> view.update(
                        "UPDATE " + table + " SET version = ?" + setWhereNewer, m.position(), rejected.userId(), m.position()))
                .on(ProfileForgotten.class, (ProfileForgotten forgotten, Message m, ViewTransaction view) -> view.update(
                        "DELETE FROM " + table + " WHERE user_id = ?", forgotten.userId()))
                .build();
    }

    /** A forgotten address or name (read as null) kept as empty text until the forget deletes the row. */
    private static String orEmpty(String text) {
        return Objects.requireNonNullElse(text, "");
    }

    private static String time(Message message) {
        return message.time().toString();
    }

    /** The table of one copy. */
    public static String table(Color color) {
        return NAME + "_" + color.suffix();
    }

    /**
     * The profile of {@code userId} in the active copy; empty when the view has none.
     *
     * @throws IllegalStateException before {@link #copies} was built
     */
    public Optional<ProfileView> find(String userId) {
        if (copies == null) {
            throw new IllegalStateException("The users view is not built yet");
        }
        return reader.first("SELECT user_id, email, display_name, active, version, created_at, updated_at FROM "
                + table(copies.active()) + " WHERE user_id = ?", row -> new ProfileView(row.getString(1), row.getString(2),
                row.getString(3), row.getBoolean(4), row.getLong(5), Instant.parse(row.getString(6)),
                Instant.parse(row.getString(7))), userId);
    }
}
