package io.microlith.demo.identity;

import io.microlith.demo.identity.IdentityMessages.RegisterCommand;
import io.microlith.demo.identity.IdentityMessages.RegistrationRejected;
import io.microlith.demo.identity.IdentityMessages.UserEvent;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The user entity ({@code user-<userId>}, the id following from the e-mail address: decision 0043) and its one
 * command, registration, as a decider: pure rules over the user's events. Unsealing the password and hashing it are
 * given as functions, so that the rules need neither keys nor bcrypt.
 */
public final class Users {
    /** A user as folded from its stream. */
    public record User(boolean registered, String userId, String email, String passwordHash, String role) {
        public static final User NONE = new User(false, null, null, null, null);
    }

    private final Function<String, Optional<String>> unseal;
    private final UnaryOperator<String> hash;

    /**
     * @param unseal the password in a sealed command, empty when the seal expired or is not ours
     * @param hash   the stored form of a password
     */
    public Users(Function<String, Optional<String>> unseal, UnaryOperator<String> hash) {
        this.unseal = unseal;
        this.hash = hash;
    }

    /** A registration is rejected (naming the field at fault) unless every rule holds and the address is free. */
    public List<UserEvent> decide(RegisterCommand command, User user) {
        Optional<String> password = unseal.apply(command.sealedPassword());
        Optional<RegistrationRejected> rejection = password.isEmpty()
                ? Optional.of(reject(command, "password", "the registration expired; please send it again", false))
                : IdentityRules.emailProblem(command.email()).map(problem -> reject(command, "email", problem, false))
                .or(() -> IdentityRules.roleProblem(command.role()).map(problem -> reject(command, "role", problem, false)))
                .or(() -> IdentityRules.passwordProblem(password.get()).map(problem -> reject(command, "password", problem, false)))
                .or(() -> user.registered()
                        ? Optional.of(reject(command, "email", "this e-mail address is already registered", true))
                        : Optional.empty());
        if (rejection.isPresent()) {
            return List.of(rejection.get());
        }
        return List.of(new UserRegistered(command.userId(), IdentityRules.normalizeEmail(command.email()),
                hash.apply(password.get()), command.role()));
    }

    public static User evolve(User user, UserEvent event) {
        return switch (event) {
            case UserRegistered r -> new User(true, r.userId(), r.email(), r.passwordHash(), r.role());
            case RegistrationRejected rejected -> user;
        };
    }

    private static RegistrationRejected reject(RegisterCommand command, String field, String reason, boolean conflict) {
        return new RegistrationRejected(command.userId(), IdentityRules.normalizeEmail(command.email()), field, reason, conflict);
    }
}
