package io.microlith.demo.identity;

import io.microlith.demo.identity.IdentityMessages.ForgetRejected;
import io.microlith.demo.identity.IdentityMessages.ForgetUser;
import io.microlith.demo.identity.IdentityMessages.RegisterCommand;
import io.microlith.demo.identity.IdentityMessages.RegistrationRejected;
import io.microlith.demo.identity.IdentityMessages.UserCommand;
import io.microlith.demo.identity.IdentityMessages.UserEvent;
import io.microlith.demo.identity.IdentityMessages.UserForgotten;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The user entity ({@code user-<userId>}, the id following from the e-mail address and how often it was forgotten:
 * decisions 0043 and 0087) and its commands, registration and forgetting, as a decider: pure rules over the user's
 * events. Unsealing the password, hashing it and deleting a user's key are given as functions, so that the rules need
 * neither keys nor bcrypt.
 */
public final class Users {
    /**
     * A user as folded from its stream; {@code forgotten}: it was registered and is forgotten (its personal data folds
     * as {@code null}), so it cannot log in and its address belongs to nobody.
     */
    public record User(boolean registered, String userId, String email, String passwordHash, String role, boolean forgotten) {
        public static final User NONE = new User(false, null, null, null, null, false);

        /** Registered and not forgotten: a user who may log in. */
        public boolean active() {
            return registered && !forgotten;
        }
    }

    private final Function<String, Optional<String>> unseal;
    private final UnaryOperator<String> hash;
    private final Consumer<String> forgetKey;

    /**
     * @param unseal    the password in a sealed command, empty when the seal expired or is not ours
     * @param hash      the stored form of a password
     * @param forgetKey deletes a user's key (idempotent; throws when the key store cannot be reached)
     */
    public Users(Function<String, Optional<String>> unseal, UnaryOperator<String> hash, Consumer<String> forgetKey) {
        this.unseal = unseal;
        this.hash = hash;
        this.forgetKey = forgetKey;
    }

    public List<UserEvent> decide(UserCommand command, User user) {
        return switch (command) {
            case RegisterCommand register -> register(register, user);
            case ForgetUser forget -> forget(forget, user);
        };
    }

    /**
     * A registered user is forgotten: its key is deleted first, then {@link UserForgotten} is written, so that a
     * forget in the store means the data is unreadable already (a crash in between: the command is handled again,
     * the key is gone, the event is written). Nobody, or a user forgotten already: {@link ForgetRejected}.
     */
    private List<UserEvent> forget(ForgetUser forget, User user) {
        if (!user.registered()) {
            return List.of(new ForgetRejected(forget.userId(), "there is no such user"));
        }
        if (user.forgotten()) {
            return List.of(new ForgetRejected(forget.userId(), "the user is forgotten already"));
        }
        forgetKey.accept(forget.userId());
        return List.of(new UserForgotten(forget.userId(), forget.requestedBy(), forget.byAdministrator()));
    }

    /** A registration is rejected (naming the field at fault) unless every rule holds and the address is free. */
    private List<UserEvent> register(RegisterCommand command, User user) {
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
            case UserRegistered r -> new User(true, r.userId(), r.email(), r.passwordHash(), r.role(), false);
            case RegistrationRejected rejected -> user;
            case UserForgotten forgotten -> new User(user.registered(), user.userId(), null, null, user.role(), true);
            case ForgetRejected rejected -> user;
        };
    }

    private static RegistrationRejected reject(RegisterCommand command, String field, String reason, boolean conflict) {
        return new RegistrationRejected(command.userId(), IdentityRules.normalizeEmail(command.email()), field, reason, conflict);
    }
}
