package io.microlith.demo.users.domain;

import io.microlith.demo.users.domain.ProfileMessages.ChangeDisplayName;
import io.microlith.demo.users.domain.ProfileMessages.ChangeEmail;
import io.microlith.demo.users.domain.ProfileMessages.CreateProfile;
import io.microlith.demo.users.domain.ProfileMessages.DeactivateProfile;
import io.microlith.demo.users.domain.ProfileMessages.DisplayNameChanged;
import io.microlith.demo.users.domain.ProfileMessages.EmailChanged;
import io.microlith.demo.users.domain.ProfileMessages.ForgetProfile;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeRejected;
import io.microlith.demo.users.domain.ProfileMessages.ProfileCommand;
import io.microlith.demo.users.domain.ProfileMessages.ProfileCreated;
import io.microlith.demo.users.domain.ProfileMessages.ProfileDeactivated;
import io.microlith.demo.users.domain.ProfileMessages.ProfileEvent;
import io.microlith.demo.users.domain.ProfileMessages.ProfileForgotten;

import java.util.List;
import java.util.function.Supplier;

/**
 * The profile entity ({@code profile-<userId>}) as a decider: created once, at registration; its display name and
 * address changed while it is active; deactivated once, after which it takes no change. A change the rules refuse is a
 * {@link ProfileChangeRejected} naming the field, never an exception. A profile whose user is forgotten is forgotten too
 * ({@link ProfileForgotten}), and is no profile from then on. That an address is free is the address
 * component's decision ({@link Addresses}), made before a {@link ChangeEmail} is sent.
 */
public final class Profiles {
    private Profiles() {
    }

    /**
     * A profile as folded from its stream; {@code forgotten}: its user is forgotten, and it is no profile any more
     * (its address and name fold as {@code null}).
     */
    public record Profile(boolean created, String userId, String email, String displayName, boolean active,
                          boolean forgotten) {
        public static final Profile NONE = new Profile(false, null, null, null, false, false);

        /** Created and not forgotten: a profile that can be read. */
        public boolean exists() {
            return created && !forgotten;
        }
    }

    public static List<ProfileEvent> decide(ProfileCommand command, Profile profile) {
        return switch (command) {
            case CreateProfile create -> profile.created() ? List.of()
                    : List.of(new ProfileCreated(create.userId(), ProfileRules.normalizeEmail(create.email()), create.displayName()));
            case ChangeDisplayName change -> changing(profile, change, () -> ProfileRules.displayNameProblem(change.displayName())
                    .<ProfileEvent>map(problem -> new ProfileChangeRejected(change.userId(), "displayName", problem, false))
                    .orElseGet(() -> new DisplayNameChanged(change.userId(), change.displayName().strip(), profile.displayName())));
            case ChangeEmail change -> changing(profile, change, () -> ProfileRules.emailProblem(change.email())
                    .<ProfileEvent>map(problem -> new ProfileChangeRejected(change.userId(), "email", problem, false))
                    .orElseGet(() -> new EmailChanged(change.userId(), ProfileRules.normalizeEmail(change.email()), profile.email())));
            case DeactivateProfile deactivate -> changing(profile, deactivate, () -> new ProfileDeactivated(deactivate.userId()));
            case ForgetProfile forget -> profile.exists() ? List.of(new ProfileForgotten(forget.userId())) : List.of();
        };
    }

    /** The change {@code decision} decides, unless there is no profile or it is deactivated. */
    private static List<ProfileEvent> changing(Profile profile, ProfileCommand command, Supplier<ProfileEvent> decision) {
        if (!profile.exists()) {
            return List.of(new ProfileChangeRejected(command.userId(), "userId", "there is no such profile", false));
        }
        if (!profile.active()) {
            return List.of(new ProfileChangeRejected(command.userId(), "active", "the profile is deactivated", true));
        }
        return List.of(decision.get());
    }

    public static Profile evolve(Profile profile, ProfileEvent event) {
        return switch (event) {
            case ProfileCreated created -> new Profile(true, created.userId(), created.email(), created.displayName(), true, false);
            case DisplayNameChanged changed -> new Profile(true, profile.userId(), profile.email(), changed.displayName(),
                    profile.active(), profile.forgotten());
            case EmailChanged changed -> new Profile(true, profile.userId(), changed.email(), profile.displayName(),
                    profile.active(), profile.forgotten());
            case ProfileDeactivated deactivated -> new Profile(true, profile.userId(), profile.email(), profile.displayName(),
                    false, profile.forgotten());
            case ProfileChangeRejected rejected -> profile;
            case ProfileForgotten forgotten -> new Profile(true, profile.userId(), null, null, false, true);
        };
    }
}
