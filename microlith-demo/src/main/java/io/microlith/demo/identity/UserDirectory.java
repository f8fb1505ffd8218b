package io.microlith.demo.identity;

import io.microlith.demo.identity.Users.User;

import java.util.function.Function;

/**
 * Which user an e-mail address names today (decision 0087): the first of its user ids, generation by generation
 * ({@link IdentityRules#userIdOf(String, int)}), whose user is not forgotten. An address never forgotten names its
 * first id, as before forgetting existed; the walk is as long as the address was forgotten times, and reads only
 * streams (the users as the store holds them), so every process answers alike.
 */
public final class UserDirectory {
    /** More forgets of one address than anyone does: a loop that long is a bug, not a user. */
    static final int MAX_GENERATIONS = 10_000;

    private final Function<String, User> users;

    /** @param users the user of a user id, folded from its stream ({@link User#NONE} when there is none) */
    public UserDirectory(Function<String, User> users) {
        this.users = users;
    }

    /** The id of the address's user today: registered or not yet, never a forgotten one. */
    public String userIdOf(String email) {
        for (int generation = 0; generation < MAX_GENERATIONS; generation++) {
            String userId = IdentityRules.userIdOf(email, generation);
            if (!users.apply(userId).forgotten()) {
                return userId;
            }
        }
        throw new IllegalStateException("The address was forgotten more than " + MAX_GENERATIONS + " times");
    }

    /** The user of a user id ({@link User#NONE} when there is none). */
    public User user(String userId) {
        return users.apply(userId);
    }
}
