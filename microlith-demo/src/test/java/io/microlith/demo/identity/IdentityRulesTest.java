package io.microlith.demo.identity;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityRulesTest {
    @Nested
    class Deriving_ids {
        @Test
        void gives_an_address_the_same_user_id_whatever_its_case_and_blanks() {
            assertThat(IdentityRules.userIdOf(" Ann@Example.ORG ")).isEqualTo(IdentityRules.userIdOf("ann@example.org"));
        }

        @Test
        void keys_a_session_by_a_hash_that_does_not_contain_the_cookie() {
            String key = IdentityRules.sessionKey("cookie-value");
            assertThat(key).hasSize(64).doesNotContain("cookie");
            assertThat(IdentityRules.sessionKey("cookie-value")).isEqualTo(key);
        }
    }

    @Nested
    class Checking_input {
        @Test
        void accepts_a_plain_address_and_refuses_others() {
            assertThat(IdentityRules.emailProblem("ann@example.org")).isEmpty();
            assertThat(IdentityRules.emailProblem("ann")).isPresent();
            assertThat(IdentityRules.emailProblem("ann@localhost")).isPresent();
            assertThat(IdentityRules.emailProblem("")).contains("email is required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\u0000b@example.org", "a\u001b[31m@example.org", "\u202eann@example.org",
                "an\u200bn@example.org", "ann@exa\ufeffmple.org", "a\u2028b@example.org", "a\ue000@example.org"})
        void refuses_an_address_with_control_or_invisible_characters(String address) {
            assertThat(IdentityRules.emailProblem(address)).isPresent();
        }

        @Test
        void accepts_an_address_in_another_script() {
            assertThat(IdentityRules.emailProblem("josé@exämple.org")).isEmpty();
        }

        @Test
        void wants_eight_characters_mixing_letters_and_others() {
            assertThat(IdentityRules.passwordProblem("s3cret-pass")).isEmpty();
            assertThat(IdentityRules.passwordProblem("short1")).contains("password must have at least 8 characters");
            assertThat(IdentityRules.passwordProblem("onlyletters")).contains("password must mix letters with digits or symbols");
            assertThat(IdentityRules.passwordProblem("a1".repeat(37))).contains("password must be at most 72 bytes");
        }

        @Test
        void knows_two_roles() {
            assertThat(IdentityRules.roleProblem("seller")).isEmpty();
            assertThat(IdentityRules.roleProblem("admin")).contains("role must be one of customer, seller");
        }
    }

    @Nested
    class Sealing_secrets {
        @Test
        void opens_what_it_sealed() {
            SecretBox box = SecretBox.ephemeral(Duration.ofMinutes(1));
            String sealed = box.seal("hunter2!");
            assertThat(sealed).doesNotContain("hunter2");
            assertThat(box.open(sealed)).contains("hunter2!");
        }

        @Test
        void cannot_open_another_box_s_seal() {
            String sealed = SecretBox.ephemeral(Duration.ofMinutes(1)).seal("hunter2!");
            assertThat(SecretBox.ephemeral(Duration.ofMinutes(1)).open(sealed)).isEmpty();
        }

        @Test
        void refuses_a_seal_older_than_its_max_age() throws Exception {
            var key = javax.crypto.KeyGenerator.getInstance("AES").generateKey();
            Clock then = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            Clock later = Clock.offset(then, Duration.ofMinutes(3));
            String sealed = new SecretBox(key, Duration.ofMinutes(2), then).seal("hunter2!");
            assertThat(new SecretBox(key, Duration.ofMinutes(2), later).open(sealed)).isEmpty();
        }

        @Test
        void refuses_a_tampered_or_garbled_seal() {
            SecretBox box = SecretBox.ephemeral(Duration.ofMinutes(1));
            String sealed = box.seal("hunter2!");
            char flipped = sealed.charAt(20) == 'A' ? 'B' : 'A';
            assertThat(box.open(sealed.substring(0, 20) + flipped + sealed.substring(21))).isEmpty();
            assertThat(box.open("not base64 at all")).isEmpty();
        }
    }

    @Test
    void hashes_passwords_with_bcrypt_and_checks_them() {
        Passwords passwords = new Passwords(4);
        String hash = passwords.hash("s3cret-pass");
        assertThat(hash).startsWith("$2a$04$").doesNotContain("s3cret");
        assertThat(passwords.matches("s3cret-pass", hash)).isTrue();
        assertThat(passwords.matches("s3cret-pasS", hash)).isFalse();
    }
}
