package io.microlith.demo.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.demo.DemoApp;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.jdbc.BlueGreenView;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static io.microlith.demo.DemoTesting.WAIT;
import static io.microlith.demo.DemoTesting.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Seed 002's routes over real HTTP against the demo on its embedded store: every route and every error answer. */
class UsersEndToEndTest {
    static final String ADMIN = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    static DemoApp app;
    static HttpTestServer server;

    @BeforeAll
    static void start() {
        app = DemoApp.start(DemoTesting.settings().withAdmins(Set.of(ADMIN)), new RecordingMailer());
        server = HttpTestServer.of(app.port(), app::close);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A newly registered, logged-in user and its id. */
    record User(HttpTestClient client, String id, String email) {
        String profile() {
            return "/users/" + id;
        }
    }

    static User newUser(String who) {
        HttpTestClient client = DemoTesting.loggedIn(server, who, "customer");
        JsonNode me = client.get("/auth/me").json();
        return new User(client, me.path("userId").asText(), me.path("email").asText());
    }

    static TestResponse patch(User user, String json) {
        return user.client().patchJson(user.profile(), json);
    }

    @Nested
    class Reading_a_profile {
        @Test
        void answers_the_profile_made_at_registration_to_its_owner() {
            User ann = newUser("ann");

            JsonNode profile = DemoTesting.eventually(ann.client(), ann.profile(), r -> r.status() == 200).json();

            assertThat(profile.path("userId").asText()).isEqualTo(ann.id());
            assertThat(profile.path("email").asText()).isEqualTo(ann.email());
            assertThat(profile.path("displayName").asText()).isEqualTo(ann.email().substring(0, ann.email().indexOf('@')));
            assertThat(profile.path("active").asBoolean()).isTrue();
            assertThat(profile.path("version").asLong()).isZero();
        }

        @Test
        void answers_404_to_anybody_else_and_for_nobody_and_401_without_a_session() {
            User ann = newUser("ann");
            User bob = newUser("bob");

            assertError(bob.client().get(ann.profile()), 404, "not_found", null);
            assertError(bob.client().get(ann.profile() + "/history"), 404, "not_found", null);
            assertError(ann.client().get("/users/" + UUID.randomUUID()), 404, "not_found", null);
            assertError(server.client().get(ann.profile()), 401, "unauthorized", null);
            assertError(server.client().get(ann.profile() + "/history"), 401, "unauthorized", null);
        }

        @Test
        void answers_400_for_an_id_that_is_not_one() {
            User ann = newUser("ann");
            assertError(ann.client().get("/users/me"), 400, "invalid_input", "userId");
        }
    }

    @Nested
    class Changing_a_profile {
        @Test
        void changes_the_display_name_and_the_address_and_answers_the_changed_profile() {
            User ann = newUser("ann");
            String address = "ann-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

            TestResponse changed = patch(ann, "{\"displayName\":\"Ann Lee\",\"email\":\"" + address.toUpperCase() + "\"}");

            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().path("displayName").asText()).isEqualTo("Ann Lee");
            assertThat(changed.json().path("email").asText()).isEqualTo(address);
            assertThat(changed.json().path("version").asLong()).isEqualTo(2);
            assertThat(ann.client().get(ann.profile()).json().path("displayName").asText()).isEqualTo("Ann Lee");
        }

        @Test
        void answers_400_naming_the_field_for_a_bad_display_name_address_or_value() {
            User ann = newUser("ann");
            DemoTesting.eventually(ann.client(), ann.profile(), r -> r.status() == 200);

            assertError(patch(ann, "{\"displayName\":\"" + "x".repeat(51) + "\"}"), 400, "invalid_input", "displayName");
            assertError(patch(ann, "{\"displayName\":\"\\u202egnirts\"}"), 400, "invalid_input", "displayName");
            assertError(patch(ann, "{\"displayName\":\"  \"}"), 400, "invalid_input", "displayName");
            assertError(patch(ann, "{\"email\":\"not an address\"}"), 400, "invalid_input", "email");
            assertError(patch(ann, "{\"email\":\"a\\u200b@example.org\"}"), 400, "invalid_input", "email");
            assertError(patch(ann, "{\"active\":\"perhaps\"}"), 400, "invalid_input", "active");
            assertError(patch(ann, "{}"), 400, "bad_request", null);
            assertError(ann.client().send(ann.client().request(ann.profile()).method("PATCH",
                    java.net.http.HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain")),
                    415, "unsupported_media_type", null);
        }

        @Test
        void answers_409_for_an_address_another_profile_holds_or_another_user_registered_with() {
            User ann = newUser("ann");
            User bob = newUser("bob");
            String address = "taken-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            assertThat(patch(ann, "{\"email\":\"" + address + "\"}").status()).isEqualTo(200);

            assertError(patch(bob, "{\"email\":\"" + address + "\"}"), 409, "conflict", "email");
            assertError(patch(bob, "{\"email\":\"" + ann.email() + "\"}"), 409, "conflict", "email");
        }

        @Test
        void deactivates_the_profile_for_good() {
            User ann = newUser("ann");
            DemoTesting.eventually(ann.client(), ann.profile(), r -> r.status() == 200);

            TestResponse deactivated = patch(ann, "{\"active\":false}");

            assertThat(deactivated.json().path("active").asBoolean()).isFalse();
            assertError(patch(ann, "{\"displayName\":\"Back again\"}"), 409, "conflict", "active");
            assertError(patch(ann, "{\"active\":false}"), 409, "conflict", "active");
        }

        @Test
        void answers_429_to_a_user_changing_beyond_30_at_once_and_stores_nothing_of_the_refused_change() {
            User eager = newUser("eager");
            DemoTesting.eventually(eager.client(), eager.profile(), r -> r.status() == 200);
            int accepted = 0;
            TestResponse answer = patch(eager, "{\"displayName\":\"Name 0\"}");
            // 30 at once, one more a second: a slow run may earn a few more before the first refusal
            for (int tries = 1; answer.status() == 200 && tries < 90; tries++) {
                accepted++;
                answer = patch(eager, "{\"displayName\":\"Name " + tries + "\"}");
            }

            assertError(answer, 429, "too_many_requests", null);
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
            assertThat(accepted).isGreaterThanOrEqualTo(30);
            JsonNode changes = eager.client().get(eager.profile() + "/history").json().path("changes");
            assertThat(changes.findValuesAsText("type")).filteredOn("DisplayNameChanged"::equals).hasSize(accepted);
        }

        @Test
        void answers_404_to_anybody_else_and_401_without_a_session() {
            User ann = newUser("ann");
            User bob = newUser("bob");

            assertError(bob.client().patchJson(ann.profile(), "{\"displayName\":\"Bob was here\"}"), 404, "not_found", null);
            assertError(server.client().patchJson(ann.profile(), "{\"displayName\":\"Nobody\"}"), 401, "unauthorized", null);
        }
    }

    @Nested
    class Travelling_in_time {
        @Test
        void answers_the_profile_at_a_position_of_its_stream_and_as_of_a_time() throws Exception {
            User ann = newUser("ann");
            DemoTesting.eventually(ann.client(), ann.profile(), r -> r.status() == 200);
            Thread.sleep(5);
            Instant between = Instant.now();
            Thread.sleep(5);
            patch(ann, "{\"displayName\":\"Later name\"}");

            assertThat(ann.client().get(ann.profile() + "?atPosition=0").json().path("displayName").asText())
                    .isNotEqualTo("Later name");
            assertThat(ann.client().get(ann.profile() + "?atPosition=1").json().path("displayName").asText())
                    .isEqualTo("Later name");
            assertThat(ann.client().get(ann.profile() + "?asOf=" + between).json().path("version").asLong()).isZero();
            String withOffset = between.atOffset(java.time.ZoneOffset.ofHours(2)).toString().replace("+", "%2B");
            assertThat(ann.client().get(ann.profile() + "?asOf=" + withOffset).json().path("version").asLong()).isZero();
            assertThat(ann.client().get(ann.profile() + "?asOf=" + Instant.now()).json().path("version").asLong()).isEqualTo(1);
        }

        @Test
        void answers_404_before_the_profile_existed_and_400_for_a_time_or_position_that_is_not_one() {
            User ann = newUser("ann");
            DemoTesting.eventually(ann.client(), ann.profile(), r -> r.status() == 200);

            assertError(ann.client().get(ann.profile() + "?asOf=2001-01-01T00:00:00Z"), 404, "not_found", null);
            assertError(ann.client().get(ann.profile() + "?asOf=yesterday"), 400, "invalid_input", "asOf");
            assertError(ann.client().get(ann.profile() + "?atPosition=-1"), 400, "invalid_input", "atPosition");
            assertError(ann.client().get(ann.profile() + "?atPosition=first"), 400, "invalid_input", "atPosition");
            assertError(ann.client().get(ann.profile() + "?atPosition=0&asOf=" + Instant.now()), 400, "invalid_input", "atPosition");
        }

        @Test
        void lists_the_history_of_changes_with_their_positions() {
            User ann = newUser("ann");
            DemoTesting.eventually(ann.client(), ann.profile(), r -> r.status() == 200);
            patch(ann, "{\"displayName\":\"Second\"}");
            patch(ann, "{\"displayName\":\"\\u0000\"}");

            JsonNode changes = ann.client().get(ann.profile() + "/history").json().path("changes");

            assertThat(changes.findValuesAsText("type")).containsExactly("ProfileCreated", "DisplayNameChanged");
            assertThat(changes.get(1).path("position").asLong()).isEqualTo(1);
            assertThat(changes.get(1).path("data").path("previous").asText()).isNotBlank();
            assertThat(changes.get(1).path("time").asText()).isNotBlank();
        }
    }

    @Nested
    class Rebuilding_the_users_view {
        @Test
        void rebuilds_the_other_copy_for_an_administrator_in_the_admin_portal_and_reports_its_progress() {
            User admin = new User(DemoTesting.loggedInAsAdmin(server, app, ADMIN), null, ADMIN);
            String before = admin.client().get("/admin/api/views/users").json().path("active").asText();

            TestResponse accepted = admin.client().post("/admin/api/views/users/rebuild");

            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.header("Location")).isEqualTo("/admin/api/views/users");
            JsonNode status = Eventually.within(WAIT).until(() -> admin.client().get("/admin/api/views/users").json(),
                    s -> !s.path("rebuilding").asBoolean() && !s.path("active").asText().equals(before));
            assertThat(status.path("progress").path("done").asBoolean()).isTrue();
            assertThat(status.path("progress").path("fraction").asDouble()).isEqualTo(1.0);
        }

        @Test
        void answers_403_to_a_user_who_is_no_administrator_and_401_without_a_session() {
            User ann = newUser("ann");
            assertError(ann.client().get("/admin/api/views/users"), 403, "forbidden", null);
            assertError(ann.client().post("/admin/api/views/users/rebuild"), 403, "forbidden", null);
            assertError(server.client().post("/admin/api/views/users/rebuild"), 401, "unauthorized", null);
        }

        @Test
        void answers_409_while_a_rebuild_runs() {
            HttpTestClient admin = DemoTesting.loggedInAsAdmin(server, app, ADMIN);
            var slow = app.microlith().registered(BlueGreenView.class).getFirst().rebuildAsync(progress -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertError(admin.post("/admin/api/views/users/rebuild"), 409, "conflict", null);
            slow.join();
        }
    }
}
