package io.microlith.demo.users.application;

import io.microlith.demo.users.domain.ProfileMessages.AddressClaimRejected;
import io.microlith.demo.users.domain.ProfileMessages.ChangeDisplayName;
import io.microlith.demo.users.domain.ProfileMessages.ClaimAddress;
import io.microlith.demo.users.domain.ProfileMessages.DeactivateProfile;
import io.microlith.demo.users.domain.ProfileMessages.DisplayNameChanged;
import io.microlith.demo.users.domain.ProfileMessages.EmailChanged;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeOutcome;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeRejected;
import io.microlith.demo.users.domain.ProfileMessages.ProfileDeactivated;
import io.microlith.demo.users.domain.ProfileRules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The user service's application layer (seed 002, between the domain and the adapters): the use cases, in the words
 * of a caller — who asks ({@code viewerId}) and about whom ({@code userId}). A profile is its owner's only: anybody
 * else finds nothing, which says nothing of whether it exists. Input is checked with the domain's rules before any
 * command is sent, so a refused request stores nothing; the components check again (they decide, this only asks).
 * It knows the store and the buses only through its ports, {@link ProfileCommands} and {@link ProfileReads}.
 */
public final class UserService {
    /** The changes a PATCH asks for; {@code null} leaves a field as it is. */
    public record ProfilePatch(String displayName, String email, Boolean active) {
        boolean isEmpty() {
            return displayName == null && email == null && active == null;
        }
    }

    private final ProfileCommands commands;
    private final ProfileReads reads;

    public UserService(ProfileCommands commands, ProfileReads reads) {
        this.commands = commands;
        this.reads = reads;
    }

    /**
     * The profile of {@code userId} as it is now, or as of a time, or after a position of its stream (at most one of
     * {@code asOf} and {@code atPosition}).
     */
    public Result<ProfileView> profile(String viewerId, String userId, Optional<Instant> asOf, Optional<Long> atPosition) {
        if (!userId.equals(viewerId)) {
            return notFound(userId);
        }
        if (asOf.isPresent() && atPosition.isPresent()) {
            return new Result.Invalid<>("atPosition", "ask for asOf or atPosition, not both");
        }
        Optional<ProfileView> profile = asOf.map(time -> reads.asOf(userId, time))
                .or(() -> atPosition.map(position -> reads.atPosition(userId, position)))
                .orElseGet(() -> reads.current(userId));
        return profile.<Result<ProfileView>>map(Result.Done::new).orElseGet(() -> asOf.isPresent() || atPosition.isPresent()
                ? new Result.NotFound<>("No profile " + userId + " at that point") : notFound(userId));
    }

    /** The changes of {@code userId}'s profile, oldest first. */
    public Result<List<ProfileChange>> history(String viewerId, String userId) {
        if (!userId.equals(viewerId)) {
            return notFound(userId);
        }
        List<ProfileChange> changes = reads.history(userId);
        return changes.isEmpty() ? notFound(userId) : new Result.Done<>(changes);
    }

    /**
     * Changes {@code userId}'s profile as {@code patch} asks: the address first (it may be taken), then the display
     * name, then the deactivation; answers the profile as it is afterwards. A field that already has the asked value
     * sends nothing; {@code active: true} asks for nothing (a profile is deactivated for good).
     */
    public Result<ProfileView> change(String viewerId, String userId, ProfilePatch patch) {
        if (!userId.equals(viewerId)) {
            return notFound(userId);
        }
        if (patch.isEmpty()) {
            return new Result.Invalid<>(null, "nothing to change: give displayName, email or active");
        }
        Optional<Result<ProfileView>> invalid = patch.displayName() == null ? Optional.empty()
                : ProfileRules.displayNameProblem(patch.displayName()).map(reason -> new Result.Invalid<>("displayName", reason));
        invalid = invalid.or(() -> patch.email() == null ? Optional.empty()
                : ProfileRules.emailProblem(patch.email()).map(reason -> new Result.Invalid<>("email", reason)));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<ProfileView> current = reads.current(userId);
        if (current.isEmpty()) {
            return notFound(userId);
        }
        if (!current.get().active()) {
            return new Result.Conflict<>("active", "the profile is deactivated and takes no change");
        }
        Optional<Result<ProfileView>> refused = Optional.empty();
        if (patch.email() != null && !ProfileRules.normalizeEmail(patch.email()).equals(current.get().email())) {
            String email = ProfileRules.normalizeEmail(patch.email());
            refused = refusal(commands.send(new ClaimAddress(ProfileRules.addressKey(email), email, userId)));
        }
        if (refused.isEmpty() && patch.displayName() != null && !patch.displayName().strip().equals(current.get().displayName())) {
            refused = refusal(commands.send(new ChangeDisplayName(userId, patch.displayName())));
        }
        if (refused.isEmpty() && Boolean.FALSE.equals(patch.active())) {
            refused = refusal(commands.send(new DeactivateProfile(userId)));
        }
        return refused.orElseGet(() -> reads.current(userId).<Result<ProfileView>>map(Result.Done::new)
                .orElseGet(() -> notFound(userId)));
    }

    /**
     * Forgets {@code userId} ("forget me", decision 0087), asked by the user or by an administrator: the user's
     * addresses and names read as nothing from then on, everywhere, and the user cannot log in. Anybody else is
     * refused before anything is sent ({@link Result.Forbidden}); an unknown or already forgotten user is not found.
     *
     * @param viewerIsAdministrator whether the viewer is a confirmed administrator
     * @return done with {@code true} when the viewer forgot themself (their session ends with it)
     */
    public Result<Boolean> forget(String viewerId, String userId, boolean viewerIsAdministrator) {
        boolean self = userId.equals(viewerId);
        if (!self && !viewerIsAdministrator) {
            return new Result.Forbidden<>("Only the user or an administrator may forget user " + userId);
        }
        return commands.forget(userId, viewerId, !self) ? new Result.Done<>(self)
                : new Result.NotFound<>("No user " + userId + " (unknown, or forgotten already)");
    }

    /** Empty when the outcome is a change; the refusal it stands for otherwise. */
    private static Optional<Result<ProfileView>> refusal(ProfileChangeOutcome outcome) {
        return switch (outcome) {
            case DisplayNameChanged changed -> Optional.empty();
            case EmailChanged changed -> Optional.empty();
            case ProfileDeactivated deactivated -> Optional.empty();
            case AddressClaimRejected rejected -> Optional.of(new Result.Conflict<>("email", rejected.reason()));
            case ProfileChangeRejected rejected -> Optional.of(rejected.conflict()
                    ? new Result.Conflict<>(rejected.field(), rejected.reason())
                    : new Result.Invalid<>(rejected.field(), rejected.reason()));
        };
    }

    private static <T> Result<T> notFound(String userId) {
        return new Result.NotFound<>("No profile " + userId);
    }
}
