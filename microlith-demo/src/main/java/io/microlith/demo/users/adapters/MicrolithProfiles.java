package io.microlith.demo.users.adapters;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.identity.IdentityMessages.ForgetOutcome;
import io.microlith.demo.identity.IdentityMessages.ForgetRejected;
import io.microlith.demo.identity.IdentityMessages.ForgetUser;
import io.microlith.demo.identity.IdentityMessages.UserForgotten;
import io.microlith.demo.users.application.ProfileChange;
import io.microlith.demo.users.application.ProfileCommands;
import io.microlith.demo.users.application.ProfileReads;
import io.microlith.demo.users.application.ProfileView;
import io.microlith.demo.users.domain.ProfileMessages.ClaimAddress;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeOutcome;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeRejected;
import io.microlith.demo.users.domain.ProfileMessages.ProfileCommand;
import io.microlith.demo.users.domain.ProfileMessages.ProfileEvent;
import io.microlith.demo.users.domain.ProfileMessages.ProfileForgotten;
import io.microlith.demo.users.domain.Profiles;
import io.microlith.demo.users.domain.Profiles.Profile;
import io.microlith.entity.Entity;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.message.Message;
import io.microlith.message.StreamName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user service's store adapter: its ports ({@link ProfileCommands}, {@link ProfileReads}) on a Microlith, over
 * whatever message store it was opened on — in memory for tests, SQLite, PostgreSQL (seed 002: "in-memory for tests,
 * production store behind an interface").
 *
 * <p>Commands go over the command bus as requests ({@code request}: one deadline for sending and the outcome). The
 * current profile comes from the users view when the view has caught up with the profile's stream, and is folded from
 * the stream otherwise (a profile just created or changed, a process that keeps no view), so that a caller always
 * reads what it wrote. Temporal queries fold the stream up to a position or a time with the entity store
 * ({@link EntityStore#fetchAsOf}); the history is the stream itself.
 */
public final class MicrolithProfiles implements ProfileCommands, ProfileReads {
    /** A profile with the times of its first and last change, folded from its stream. */
    private record Timed(Profile profile, Instant createdAt, Instant updatedAt) {
    }

    private static final int BATCH = 500;

    private final Microlith microlith;
    private final Optional<UsersView> view;
    private final Duration deadline;
    private final EntityStore<Timed> profiles;

    /**
     * @param view     the users view to read current profiles from, or empty where no view is kept (all reads fold)
     * @param deadline how long a command waits for its outcome
     */
    public MicrolithProfiles(Microlith microlith, Optional<UsersView> view, Duration deadline) {
        this.microlith = microlith;
        this.view = view;
        this.deadline = deadline;
        Projection<Profile> fold = Projection.of(microlith.types(), Profile.NONE, ProfileEvent.class, Profiles::evolve);
        this.profiles = microlith.entities("profile", new Projection<Timed>() {
            @Override
            public Timed initial() {
                return new Timed(fold.initial(), null, null);
            }

            @Override
            public Timed apply(Timed timed, Message message) {
                Profile next = fold.apply(timed.profile(), message);
                return next.equals(timed.profile()) ? timed
                        : new Timed(next, timed.createdAt() == null ? message.time() : timed.createdAt(), message.time());
            }
        }).build();
    }

    @Override
    public ProfileChangeOutcome send(ProfileCommand command) {
        return request(command);
    }

    @Override
    public ProfileChangeOutcome send(ClaimAddress claim) {
        return request(claim);
    }

    /** Forgetting is the identity service's: its users component deletes the key and answers. */
    @Override
    public boolean forget(String userId, String requestedBy, boolean byAdministrator) {
        ForgetOutcome outcome = microlith.commandBus().request(Envelope.correlated(
                new ForgetUser(userId, requestedBy, byAdministrator)), ForgetOutcome.class, deadline);
        return switch (outcome) {
            case UserForgotten forgotten -> true;
            case ForgetRejected rejected -> false;
        };
    }

    private ProfileChangeOutcome request(Object command) {
        return microlith.commandBus().request(Envelope.correlated(command), ProfileChangeOutcome.class, deadline);
    }

    @Override
    public Optional<ProfileView> current(String userId) {
        long streamVersion = microlith.store().streamVersion(stream(userId));
        if (streamVersion < 0) {
            return Optional.empty();
        }
        return view.flatMap(users -> users.find(userId)).filter(row -> row.version() >= streamVersion)
                .or(() -> profile(profiles.fetch(userId)));
    }

    @Override
    public Optional<ProfileView> asOf(String userId, Instant time) {
        return profile(profiles.fetchAsOf(userId, time));
    }

    @Override
    public Optional<ProfileView> atPosition(String userId, long position) {
        return profile(profiles.fetchAsOf(userId, position));
    }

    @Override
    public List<ProfileChange> history(String userId) {
        List<ProfileChange> changes = new ArrayList<>();
        long from = 0;
        List<Message> batch;
        do {
            batch = microlith.store().readStream(stream(userId), from, BATCH);
            for (Message message : batch) {
                microlith.types().decode(message)
                        .filter(body -> body instanceof ProfileEvent && !(body instanceof ProfileChangeRejected))
                        .ifPresent(body -> changes.add(new ProfileChange(message.position(), message.globalPosition(),
                                message.time(), message.type(), (ProfileEvent) body)));
                from = message.position() + 1;
            }
        } while (batch.size() == BATCH);
        // a forgotten profile has no history to show: its changes read with null addresses and names
        return changes.stream().anyMatch(change -> change.data() instanceof ProfileForgotten) ? List.of() : changes;
    }

    private static StreamName stream(String userId) {
        return StreamName.of("profile", userId);
    }

    private static Optional<ProfileView> profile(Entity<Timed> entity) {
        Profile profile = entity.state().profile();
        if (!profile.exists()) {
            return Optional.empty();
        }
        return Optional.of(new ProfileView(profile.userId(), profile.email(), profile.displayName(), profile.active(),
                entity.version(), entity.state().createdAt(), entity.state().updatedAt()));
    }
}
