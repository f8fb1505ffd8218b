package io.microlith.demo.identity;

import io.microlith.bus.Envelope;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.IdentityMessages.ForgetRejected;
import io.microlith.demo.identity.IdentityMessages.ForgetUser;
import io.microlith.demo.identity.IdentityMessages.LoginCommand;
import io.microlith.demo.identity.IdentityMessages.LoginRejected;
import io.microlith.demo.identity.IdentityMessages.LogoutCommand;
import io.microlith.demo.identity.IdentityMessages.RegisterCommand;
import io.microlith.demo.identity.IdentityMessages.RegistrationRejected;
import io.microlith.demo.identity.IdentityMessages.UserForgotten;
import io.microlith.demo.identity.IdentityMessages.UserLoggedIn;
import io.microlith.demo.identity.IdentityMessages.UserLoggedOut;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.message.StreamName;
import io.microlith.http.live.LiveFeed;
import io.microlith.privacy.InMemorySubjectKeyStore;
import io.microlith.testkit.fixture.MicrolithFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The users and sessions components, given / when / then on the in-memory store. */
class IdentityFeatureTest {
    static final String ANN = "ann@example.org";
    static final String USER = IdentityRules.userIdOf(ANN);

    final SecretBox box = SecretBox.ephemeral(Duration.ofMinutes(1));
    final InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();

    MicrolithFixture fixture() {
        return MicrolithFixture.of(new IdentityFeature(DemoSettings.defaults().withBcryptCost(4), box, new LiveFeed(), keys));
    }

    Envelope<RegisterCommand> register(String email, String password) {
        return Envelope.correlated(new RegisterCommand(IdentityRules.userIdOf(email), email, box.seal(password), "customer"));
    }

    Envelope<LoginCommand> login(String password, String session) {
        return Envelope.correlated(new LoginCommand(USER, box.seal(password), session));
    }

    @Test
    void registers_a_user_with_a_bcrypt_hash_of_the_password_and_never_the_password() {
        try (var fixture = fixture()) {
            UserRegistered registered = fixture.when(register(ANN, "s3cret-pass")).written(UserRegistered.class);

            assertThat(registered.userId()).isEqualTo(USER);
            assertThat(registered.passwordHash()).startsWith("$2").doesNotContain("s3cret-pass");
        }
    }

    @Test
    void rejects_a_second_registration_of_an_address_as_a_conflict() {
        try (var fixture = fixture()) {
            fixture.when(register(ANN, "s3cret-pass"));

            fixture.when(register(" ANN@example.org", "0ther-pass"))
                    .wrote(StreamName.of("user", USER), new RegistrationRejected(USER, ANN, "email",
                            "this e-mail address is already registered", true));
        }
    }

    @Test
    void rejects_a_weak_password_naming_the_field() {
        try (var fixture = fixture()) {
            assertThat(fixture.when(register(ANN, "short")).written(RegistrationRejected.class).field()).isEqualTo("password");
        }
    }

    @Test
    void opens_a_session_for_the_right_password_and_rejects_a_wrong_one() {
        try (var fixture = fixture()) {
            fixture.when(register(ANN, "s3cret-pass"));

            UserLoggedIn in = fixture.when(login("s3cret-pass", "k1")).written(UserLoggedIn.class);
            assertThat(in).isEqualTo(new UserLoggedIn("k1", USER, ANN, "customer", in.openedAt()));
            assertThat(in.openedAt()).isNotNull();
            fixture.when(login("wrong-pass1", "k2")).wrote(new LoginRejected("k2", "wrong password"));
        }
    }

    @Test
    void rejects_a_password_longer_than_bcrypt_reads_instead_of_failing() {
        try (var fixture = fixture()) {
            fixture.when(register(ANN, "s3cret-pass"));

            fixture.when(login("s3cret-pass" + "x".repeat(80), "k3")).wrote(new LoginRejected("k3", "wrong password"));
            fixture.when(login("s3cret-pass", "k4")).written(UserLoggedIn.class);
        }
    }

    @Test
    void rejects_a_login_of_an_unknown_address() {
        try (var fixture = fixture()) {
            fixture.when(login("s3cret-pass", "k5")).wrote(new LoginRejected("k5", "unknown e-mail address"));
        }
    }

    @Test
    void forgets_a_user_by_deleting_its_key_first_so_its_address_and_hash_read_null_and_it_cannot_log_in() {
        try (var fixture = fixture()) {
            fixture.when(register(ANN, "s3cret-pass"));
            fixture.when(login("s3cret-pass", "k7")).written(UserLoggedIn.class);
            assertThat(keys.find(USER)).isPresent();

            fixture.when(Envelope.correlated(new ForgetUser(USER, "admin-1", true)))
                    .wrote(StreamName.of("user", USER), new UserForgotten(USER, "admin-1", true));

            assertThat(keys.find(USER)).as("the key is gone").isEmpty();
            fixture.when(login("s3cret-pass", "k8")).wrote(new LoginRejected("k8", "unknown e-mail address"));
        }
    }

    @Test
    void refuses_to_forget_nobody_and_a_user_forgotten_already() {
        try (var fixture = fixture()) {
            fixture.when(Envelope.correlated(new ForgetUser(USER, USER, false)))
                    .wrote(new ForgetRejected(USER, "there is no such user"));
            fixture.when(register(ANN, "s3cret-pass"));
            fixture.when(Envelope.correlated(new ForgetUser(USER, USER, false))).written(UserForgotten.class);

            fixture.when(Envelope.correlated(new ForgetUser(USER, USER, false)))
                    .wrote(new ForgetRejected(USER, "the user is forgotten already"));
        }
    }

    @Test
    void a_forgotten_address_is_registered_again_as_a_new_user_with_a_key_of_its_own() {
        try (var fixture = fixture()) {
            fixture.when(register(ANN, "s3cret-pass"));
            fixture.when(Envelope.correlated(new ForgetUser(USER, USER, false)));
            String next = IdentityRules.userIdOf(ANN, 1);

            UserRegistered again = fixture.when(Envelope.correlated(new RegisterCommand(next, ANN, box.seal("0ther-pass1"),
                    "customer"))).written(UserRegistered.class);

            assertThat(again.userId()).isEqualTo(next).isNotEqualTo(USER);
            assertThat(again.email()).isEqualTo(ANN);
            assertThat(keys.find(next)).isPresent();
            assertThat(keys.find(USER)).isEmpty();
            fixture.when(Envelope.correlated(new LoginCommand(next, box.seal("0ther-pass1"), "k9"))).written(UserLoggedIn.class);
        }
    }

    @Test
    void reads_a_login_stored_with_an_address_by_an_earlier_version_as_a_login_of_that_addresses_user() {
        try (var fixture = fixture()) {
            fixture.when(register(ANN, "s3cret-pass"));
            fixture.givenStored(StreamName.of("identity:command", USER), "LoginCommand", 1, "{\"email\":\"" + ANN
                    + "\",\"sealedPassword\":\"" + box.seal("s3cret-pass") + "\",\"sessionKey\":\"k10\"}");

            fixture.when(Envelope.correlated(new LogoutCommand("never-opened")));

            var opened = fixture.microlith().store().readStream(StreamName.of("session", "k10"), 0, 1);
            assertThat(opened).singleElement().satisfies(m -> assertThat(fixture.microlith().types().decode(m))
                    .get().isInstanceOfSatisfying(UserLoggedIn.class, in -> assertThat(in.userId()).isEqualTo(USER)));
        }
    }

    @Test
    void closes_an_open_session_once_and_ignores_a_logout_of_no_session() {
        try (var fixture = fixture()) {
            fixture.when(register(ANN, "s3cret-pass"));
            fixture.when(login("s3cret-pass", "k6"));

            fixture.when(Envelope.correlated(new LogoutCommand("k6"))).wrote(new UserLoggedOut("k6"));
            fixture.when(Envelope.correlated(new LogoutCommand("k6"))).wroteNothing();
            fixture.when(Envelope.correlated(new LogoutCommand("never-opened"))).wroteNothing();
        }
    }
}
