package io.microlith.demo.users.application;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.IdentityFeature;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.demo.identity.IdentityRules;
import io.microlith.demo.identity.SecretBox;
import io.microlith.demo.users.UsersFeature;
import io.microlith.demo.users.adapters.MicrolithProfiles;
import io.microlith.demo.users.application.UserService.ProfilePatch;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user service's use cases on the in-memory store (seed 002: "for testing purposes, the microservice relies on an
 * in-memory event store"), with its components and reactions wired as in production.
 */
class UserServiceTest {
    static final String ANN = IdentityRules.userIdOf("ann@example.org");
    static final String BOB = IdentityRules.userIdOf("bob@example.org");

    final InMemoryMessageStore store = new InMemoryMessageStore();
    final ViewDatabase views = ViewDatabase.temporary();
    Microlith microlith;
    UserService users;

    @BeforeEach
    void start() {
        DemoSettings usersOnly = DemoSettings.defaults().withRun(Set.of("users"));
        microlith = Microlith.create(config -> config.store(store)
                .feature(new IdentityFeature(usersOnly, SecretBox.ephemeral(Duration.ofMinutes(1)), new io.microlith.http.live.LiveFeed()), new UsersFeature(usersOnly, views)))
                .start();
        MicrolithProfiles profiles = new MicrolithProfiles(microlith, Optional.empty(), Duration.ofSeconds(10));
        users = new UserService(profiles, profiles);
        register("ann@example.org");
        register("bob@example.org");
    }

    @AfterEach
    void stop() {
        microlith.close();
        views.close();
        store.close();
    }

    void register(String email) {
        microlith.eventBus().dispatch(Envelope.of(new UserRegistered(IdentityRules.userIdOf(email), email, "$2hash", "customer")));
        idle();
    }

    void idle() {
        microlith.awaitIdle(Duration.ofSeconds(10));
    }

    ProfileView ann() {
        return done(users.profile(ANN, ANN, Optional.empty(), Optional.empty()));
    }

    static <T> T done(Result<T> result) {
        assertThat(result).isInstanceOf(Result.Done.class);
        return ((Result.Done<T>) result).value();
    }

    Result<ProfileView> change(String userId, String displayName, String email, Boolean active) {
        Result<ProfileView> result = users.change(userId, userId, new ProfilePatch(displayName, email, active));
        idle();
        return result;
    }

    @Nested
    class Reading {
        @Test
        void creates_a_profile_for_each_registered_user_named_after_the_address() {
            assertThat(ann()).satisfies(profile -> {
                assertThat(profile.email()).isEqualTo("ann@example.org");
                assertThat(profile.displayName()).isEqualTo("ann");
                assertThat(profile.active()).isTrue();
                assertThat(profile.version()).isZero();
            });
        }

        @Test
        void shows_a_profile_to_its_owner_and_to_nobody_else() {
            assertThat(users.profile(BOB, ANN, Optional.empty(), Optional.empty())).isInstanceOf(Result.NotFound.class);
            assertThat(users.history(BOB, ANN)).isInstanceOf(Result.NotFound.class);
            assertThat(users.change(BOB, ANN, new ProfilePatch("Bob was here", null, null))).isInstanceOf(Result.NotFound.class);
            assertThat(ann().displayName()).isEqualTo("ann");
        }

        @Test
        void finds_nothing_of_a_user_without_a_profile() {
            String nobody = IdentityRules.userIdOf("nobody@example.org");
            assertThat(users.profile(nobody, nobody, Optional.empty(), Optional.empty())).isInstanceOf(Result.NotFound.class);
            assertThat(users.history(nobody, nobody)).isInstanceOf(Result.NotFound.class);
        }
    }

    @Nested
    class Changing {
        @Test
        void changes_the_display_name_and_answers_the_changed_profile() {
            ProfileView changed = done(change(ANN, "Ann Lee", null, null));

            assertThat(changed.displayName()).isEqualTo("Ann Lee");
            assertThat(changed.version()).isEqualTo(1);
            assertThat(ann()).isEqualTo(changed);
        }

        @Test
        void refuses_an_invalid_display_name_naming_the_field_and_stores_nothing() {
            long head = store.headGlobalPosition();

            assertThat(change(ANN, "\u202eevil", null, null)).isEqualTo(new Result.Invalid<>("displayName",
                    "displayName must not contain control or invisible characters"));
            assertThat(change(ANN, null, "not-an-address", null)).isInstanceOf(Result.Invalid.class);
            assertThat(change(ANN, null, null, null)).isInstanceOf(Result.Invalid.class);
            assertThat(store.headGlobalPosition()).isEqualTo(head);
        }

        @Test
        void moves_to_a_free_address_and_gives_the_old_one_back() {
            assertThat(done(change(ANN, null, "ann.two@example.org", null)).email()).isEqualTo("ann.two@example.org");
            assertThat(change(BOB, null, "ann.two@example.org", null))
                    .isEqualTo(new Result.Conflict<>("email", "this e-mail address is taken by another profile"));

            done(change(ANN, null, "ann.three@example.org", null));

            assertThat(done(change(BOB, null, "Ann.Two@example.org", null)).email()).isEqualTo("ann.two@example.org");
        }

        @Test
        void refuses_the_address_another_user_registered_with() {
            assertThat(change(ANN, null, "bob@example.org", null))
                    .isEqualTo(new Result.Conflict<>("email", "this e-mail address belongs to another user"));
            assertThat(ann().email()).isEqualTo("ann@example.org");
        }

        @Test
        void takes_no_change_once_deactivated() {
            assertThat(done(change(ANN, null, null, false)).active()).isFalse();

            assertThat(change(ANN, "Ann again", null, null)).isInstanceOf(Result.Conflict.class);
            assertThat(change(ANN, null, null, false)).isEqualTo(
                    new Result.Conflict<>("active", "the profile is deactivated and takes no change"));
        }

        @Test
        void sends_nothing_for_a_field_that_already_has_the_value() {
            long head = store.headGlobalPosition();

            assertThat(done(change(ANN, "ann", "ANN@example.org", true)).version()).isZero();
            assertThat(store.headGlobalPosition()).isEqualTo(head);
        }
    }

    @Nested
    class Travelling_in_time {
        @Test
        void answers_the_profile_as_it_was_at_each_position_of_its_stream() {
            done(change(ANN, "Ann Lee", null, null));
            done(change(ANN, "Ann L.", null, null));

            assertThat(done(users.profile(ANN, ANN, Optional.empty(), Optional.of(0L))).displayName()).isEqualTo("ann");
            assertThat(done(users.profile(ANN, ANN, Optional.empty(), Optional.of(1L))).displayName()).isEqualTo("Ann Lee");
            assertThat(done(users.profile(ANN, ANN, Optional.empty(), Optional.of(99L))).displayName()).isEqualTo("Ann L.");
        }

        @Test
        void answers_the_profile_as_it_was_at_a_time_and_nothing_before_it_existed() throws Exception {
            Instant created = ann().createdAt();
            Thread.sleep(5);
            Instant between = Instant.now();
            Thread.sleep(5);
            done(change(ANN, "Ann Lee", null, null));

            assertThat(done(users.profile(ANN, ANN, Optional.of(between), Optional.empty())).displayName()).isEqualTo("ann");
            assertThat(done(users.profile(ANN, ANN, Optional.of(Instant.now()), Optional.empty())).displayName()).isEqualTo("Ann Lee");
            assertThat(users.profile(ANN, ANN, Optional.of(created.minusMillis(1)), Optional.empty())).isInstanceOf(Result.NotFound.class);
        }

        @Test
        void refuses_a_time_and_a_position_together() {
            assertThat(users.profile(ANN, ANN, Optional.of(Instant.now()), Optional.of(0L))).isInstanceOf(Result.Invalid.class);
        }

        @Test
        void lists_the_changes_in_order_without_the_refused_ones() {
            done(change(ANN, "Ann Lee", null, null));
            change(ANN, null, "bob@example.org", null);
            done(change(ANN, null, null, false));

            List<ProfileChange> history = done(users.history(ANN, ANN));

            assertThat(history).extracting(ProfileChange::type)
                    .containsExactly("ProfileCreated", "DisplayNameChanged", "ProfileDeactivated");
            assertThat(history).extracting(ProfileChange::position).containsExactly(0L, 1L, 2L);
        }
    }
}
