package io.microlith.demo.identity;

import io.microlith.demo.identity.Users.User;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which user an address names: its first id, then one generation further for each forgotten user (decision 0087). */
class UserDirectoryTest {
    static final String ANN = "ann@example.org";
    final Map<String, User> users = new HashMap<>();
    final UserDirectory directory = new UserDirectory(userId -> users.getOrDefault(userId, User.NONE));

    static User registered(String userId, boolean forgotten) {
        return new User(true, userId, forgotten ? null : ANN, null, "customer", forgotten);
    }

    @Test
    void an_address_never_forgotten_names_its_first_id_registered_or_not() {
        assertThat(directory.userIdOf(ANN)).isEqualTo(IdentityRules.userIdOf(ANN));
        users.put(IdentityRules.userIdOf(ANN), registered(IdentityRules.userIdOf(ANN), false));
        assertThat(directory.userIdOf(" Ann@Example.org")).isEqualTo(IdentityRules.userIdOf(ANN));
    }

    @Test
    void each_forgotten_user_moves_the_address_to_its_next_id() {
        String first = IdentityRules.userIdOf(ANN, 0);
        String second = IdentityRules.userIdOf(ANN, 1);
        users.put(first, registered(first, true));
        assertThat(directory.userIdOf(ANN)).isEqualTo(second);
        users.put(second, registered(second, true));
        assertThat(directory.userIdOf(ANN)).isEqualTo(IdentityRules.userIdOf(ANN, 2));
        assertThat(first).isNotEqualTo(second).isNotEqualTo(IdentityRules.userIdOf(ANN, 2));
    }
}
