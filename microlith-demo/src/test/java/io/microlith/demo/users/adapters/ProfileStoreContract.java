package io.microlith.demo.users.adapters;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.IdentityFeature;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.demo.identity.IdentityRules;
import io.microlith.demo.identity.SecretBox;
import io.microlith.demo.users.UsersFeature;
import io.microlith.demo.users.application.ProfileChange;
import io.microlith.demo.users.application.ProfileView;
import io.microlith.demo.users.application.Result;
import io.microlith.demo.users.application.UserService;
import io.microlith.demo.users.application.UserService.ProfilePatch;
import io.microlith.jdbc.BlueGreenView;
import io.microlith.jdbc.ConnectionSource;
import io.microlith.jdbc.RebuildProgress;
import io.microlith.jdbc.ViewReader;
import io.microlith.privacy.InMemorySubjectKeyStore;
import io.microlith.privacy.SubjectKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user service's store and view adapters against a real store and view database (seed 002: "changing the actual
 * implementation of the event store ... while preserving each piece of the business and infrastructure logic
 * intact"). A subclass says where the store and the view live; every test makes users of its own, so tests share them.
 */
abstract class ProfileStoreContract {
    static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * The users' keys, kept as long as the store: the tests share the store's data, and data written with a key
     * store that is gone reads as forgotten (decision 0086).
     */
    static final SubjectKeyStore KEYS = new InMemorySubjectKeyStore();

    /** The store setting, opened by the Microlith for each test (the data stays between tests). */
    abstract String storeSetting();

    /** Opens a connection to the view database, for the aggregators to keep. */
    abstract ConnectionSource viewWriters();

    /** Opens a connection to the view database, for one read. */
    abstract ConnectionSource viewReaders();

    Microlith microlith;
    UsersFeature feature;
    UserService users;

    @BeforeEach
    void open() {
        DemoSettings settings = DemoSettings.defaults().withRun(Set.of("users", "views"));
        feature = new UsersFeature(settings, viewWriters(), viewReaders());
        microlith = Microlith.create(config -> config.store(storeSetting())
                .feature(new IdentityFeature(settings, SecretBox.ephemeral(Duration.ofMinutes(1)), new io.microlith.http.live.LiveFeed(), KEYS), feature)).start();
        MicrolithProfiles profiles = new MicrolithProfiles(microlith, Optional.of(feature.view()), WAIT);
        users = new UserService(profiles, profiles);
    }

    @AfterEach
    void close() {
        microlith.close();
    }

    void idle() {
        microlith.awaitIdle(WAIT);
    }

    /** Registers a new user (as the identity component would) and answers the user's id once the profile exists. */
    String newUser() {
        String email = "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String userId = IdentityRules.userIdOf(email);
        microlith.eventBus().dispatch(Envelope.of(new UserRegistered(userId, email, "$2hash", "customer")));
        idle();
        return userId;
    }

    <T> T done(Result<T> result) {
        assertThat(result).isInstanceOf(Result.Done.class);
        return ((Result.Done<T>) result).value();
    }

    ProfileView rename(String userId, String displayName) {
        ProfileView changed = done(users.change(userId, userId, new ProfilePatch(displayName, null, null)));
        idle();
        return changed;
    }

    ProfileView current(String userId) {
        return done(users.profile(userId, userId, Optional.empty(), Optional.empty()));
    }

    List<String> viewRows() {
        String table = UsersView.table(feature.view().copies(microlith).active());
        return new ViewReader(viewReaders()).list("SELECT user_id, email, display_name, active, created_at, updated_at, version"
                + " FROM " + table + " ORDER BY user_id", row -> String.join("|", row.getString(1), row.getString(2),
                row.getString(3), Boolean.toString(row.getBoolean(4)), row.getString(5), row.getString(6), row.getString(7)));
    }

    @Test
    void folds_a_profile_at_each_position_and_time_of_its_stream() throws Exception {
        String user = newUser();
        rename(user, "First");
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        rename(user, "Second");

        assertThat(done(users.profile(user, user, Optional.empty(), Optional.of(1L))).displayName()).isEqualTo("First");
        assertThat(done(users.profile(user, user, Optional.of(between), Optional.empty())).displayName()).isEqualTo("First");
        assertThat(current(user).displayName()).isEqualTo("Second");
        assertThat(current(user).version()).isEqualTo(2);
    }

    @Test
    void lists_the_history_of_a_profile_with_positions_and_times() {
        String user = newUser();
        rename(user, "Renamed");

        List<ProfileChange> history = done(users.history(user, user));

        assertThat(history).extracting(ProfileChange::type).containsExactly("ProfileCreated", "DisplayNameChanged");
        assertThat(history.get(1).time()).isAfterOrEqualTo(history.get(0).time());
        assertThat(history.get(1).globalPosition()).isGreaterThan(history.get(0).globalPosition());
    }

    @Test
    void serves_the_current_profile_from_the_view_once_it_has_caught_up() {
        String user = newUser();
        ProfileView renamed = rename(user, "From the view");

        assertThat(feature.view().find(user)).contains(renamed);
    }

    @Test
    void lets_one_profile_claim_an_address_at_a_time() {
        String ann = newUser();
        String bob = newUser();
        String address = "shared-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        assertThat(done(users.change(ann, ann, new ProfilePatch(null, address, null))).email()).isEqualTo(address);
        assertThat(users.change(bob, bob, new ProfilePatch(null, address, null))).isInstanceOf(Result.Conflict.class);
    }

    @Test
    void leaves_the_view_unchanged_when_every_event_is_delivered_twice() throws Exception {
        for (int i = 0; i < 3; i++) {
            rename(newUser(), "Twice " + i);
        }
        List<String> before = viewRows();
        microlith.close();
        try (Connection connection = viewWriters().open(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE microlith_view_positions SET global_position = 0 WHERE view_name LIKE 'users-view.%'");
        }

        open();
        idle();

        assertThat(viewRows()).isEqualTo(before);
    }

    @Test
    void rebuilds_the_other_copy_while_the_serving_one_answers_then_switches_to_it() throws Exception {
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String user = newUser();
            rename(user, "Rebuilt " + i);
            userIds.add(user);
        }
        List<String> before = viewRows();
        BlueGreenView copies = feature.view().copies(microlith);
        BlueGreenView.Color serving = copies.active();
        List<RebuildProgress> reports = new CopyOnWriteArrayList<>();

        var rebuild = copies.rebuildAsync(reports::add);
        while (!rebuild.isDone()) {
            assertThat(feature.view().find(userIds.getFirst())).as("read while rebuilding").isPresent();
        }
        RebuildProgress last = rebuild.get();

        assertThat(copies.active()).isEqualTo(serving.other());
        assertThat(viewRows()).isEqualTo(before);
        assertThat(last.done()).isTrue();
        assertThat(reports).isNotEmpty().last().isEqualTo(last);
    }
}
