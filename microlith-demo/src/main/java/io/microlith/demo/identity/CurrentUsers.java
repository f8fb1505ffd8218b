package io.microlith.demo.identity;

import io.microlith.Managed;
import io.microlith.Microlith;
import io.microlith.demo.identity.IdentityMessages.CurrentUserRequest;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.IdentityMessages.SessionEvent;
import io.microlith.demo.identity.IdentityMessages.UserForgotten;
import io.microlith.demo.identity.IdentityMessages.UserLoggedOut;
import io.microlith.demo.identity.Logins.Session;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Answers the query bus's {@code CurrentUserRequest} (seed 000) from the session's stream, folded as the login
 * component folds it, for as long as the session is alive ({@link SessionExpiry}: idle and absolute timeouts). Every
 * authenticated request asks, so open sessions are kept in memory with the time of their last request, and a kept
 * session is closed as soon as this process's store follower sees its {@code UserLoggedOut}, whoever wrote it.
 *
 * <p>The idle time is kept in this process's memory: after a restart, or in another web process, a session's idle
 * time counts from its first request there (its absolute timeout still holds everywhere). A sweep (started and stopped
 * with the Microlith, as a {@link Managed} part) ends the sessions that expired without a request to find out, and
 * {@code onExpired} closes their live streams.
 *
 * <p>A forgotten user's sessions end (decision 0087): the kept ones as soon as the follower sees its
 * {@link UserForgotten}, the others when they are read (a session of a forgotten user is no session).
 */
final class CurrentUsers implements Managed {
    private static final int MAX_CACHED_SESSIONS = 100_000;

    /** A session this process knows, and when it last answered for it. */
    private record Known(Session session, Instant lastSeen) {
    }

    private final EntityStore<Session> sessions;
    private final UserDirectory users;
    private final SessionExpiry expiry;
    /**
     * Sessions by key: open ones, and closed ones as tombstones (a session key is never reused, so a closed session
     * stays closed). Unknown keys are not kept, so a session that opens later is never hidden by a kept miss.
     */
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private final Consumer<String> onExpired;
    private Thread sweeper;

    /**
     * @param users     the users, to end the sessions of forgotten ones
     * @param onExpired told the key of each session the sweep or a forget ends (to close its live streams)
     */
    CurrentUsers(Microlith microlith, UserDirectory users, SessionExpiry expiry, Consumer<String> onExpired) {
        this.users = users;
        this.expiry = expiry;
        this.onExpired = onExpired;
        this.sessions = microlith.entities("session",
                Projection.of(microlith.types(), Session.NEW, SessionEvent.class, Logins::evolve)).cacheSize(0).build();
        microlith.follow(message -> {
            if (message.type().equals(UserLoggedOut.class.getSimpleName())) {
                // a tombstone, not a removal: a reader that saw the session still open must not keep it again
                message.streamName().id().ifPresent(key ->
                        known.put(key, new Known(Logins.evolve(Session.NEW, new UserLoggedOut(key)), Instant.EPOCH)));
            } else if (message.type().equals(UserForgotten.class.getSimpleName())) {
                message.streamName().id().ifPresent(this::endSessionsOf);
            }
        });
        microlith.queryBus().subscribe(CurrentUserRequest.class, this::answer);
    }

    private CurrentUserResponse answer(CurrentUserRequest request) {
        if (request.sessionKey() == null || request.sessionKey().isBlank()) {
            return CurrentUserResponse.anonymous();
        }
        Instant now = expiry.now();
        Known kept = known.get(request.sessionKey());
        if (kept == null) {
            Session session = sessions.fetch(request.sessionKey()).state();
            if (!session.open() || users.user(session.userId()).forgotten()) {
                return CurrentUserResponse.anonymous();
            }
            if (known.size() >= MAX_CACHED_SESSIONS) {
                known.clear(); // crude but bounded: sessions are read again on their next request
            }
            kept = new Known(session, now);
        }
        if (!expiry.alive(kept.session(), kept.lastSeen())) {
            return CurrentUserResponse.anonymous();
        }
        Known seen = new Known(kept.session(), now);
        // a logout seen meanwhile wins: only a kept open session is moved forward
        known.merge(request.sessionKey(), seen, (old, fresh) -> old.session().open() ? fresh : old);
        Session session = kept.session();
        return new CurrentUserResponse(true, session.userId(), session.email(), session.role());
    }

    /** Ends the kept sessions of a forgotten user: closed from now on, their live streams closed. */
    void endSessionsOf(String userId) {
        known.forEach((key, kept) -> {
            if (kept.session().open() && userId.equals(kept.session().userId())) {
                Known ended = new Known(Logins.evolve(kept.session(), new UserLoggedOut(key)), kept.lastSeen());
                if (known.replace(key, kept, ended)) {
                    onExpired.accept(key);
                }
            }
        });
    }

    /** Ends the sessions that expired since the last sweep: kept closed from now on, their live streams closed. */
    void sweep() {
        known.forEach((key, kept) -> {
            if (kept.session().open() && !expiry.alive(kept.session(), kept.lastSeen())) {
                Known ended = new Known(Logins.evolve(kept.session(), new UserLoggedOut(key)), kept.lastSeen());
                if (known.replace(key, kept, ended)) {
                    onExpired.accept(key);
                }
            }
        });
    }

    /** Sweeps a few times per idle time, at least once a minute. */
    @Override
    public synchronized Managed start() {
        if (sweeper == null) {
            Duration every = Duration.ofMillis(Math.clamp(expiry.idle().toMillis() / 4, 250, 60_000));
            sweeper = Thread.ofVirtual().name("session-sweep").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(every);
                        sweep();
                    }
                } catch (InterruptedException stopping) {
                    // stop() ends the sweep
                }
            });
        }
        return this;
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.interrupt();
            sweeper = null;
        }
    }

    @Override
    public List<io.microlith.consumer.Consumer> consumers() {
        return List.of();
    }
}
