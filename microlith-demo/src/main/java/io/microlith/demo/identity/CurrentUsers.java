package io.microlith.demo.identity;

import io.microlith.Microlith;
import io.microlith.demo.identity.IdentityMessages.CurrentUserRequest;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.identity.IdentityMessages.SessionEvent;
import io.microlith.demo.identity.IdentityMessages.UserLoggedOut;
import io.microlith.demo.identity.Logins.Session;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the query bus's {@code CurrentUserRequest} (seed 000) from the session's stream, folded as the login
 * component folds it. Every authenticated request asks, so open sessions are kept in memory, and a kept session is
 * closed as soon as this process's store follower sees its {@code UserLoggedOut}, whoever wrote it.
 */
final class CurrentUsers {
    private static final int MAX_CACHED_SESSIONS = 100_000;

    private final EntityStore<Session> sessions;
    /**
     * Sessions by key: open ones, and closed ones as tombstones (a session key is never reused, so a closed session
     * stays closed). Unknown keys are not kept, so a session that opens later is never hidden by a kept miss.
     */
    private final Map<String, Session> known = new ConcurrentHashMap<>();

    CurrentUsers(Microlith microlith) {
        this.sessions = microlith.entities("session",
                Projection.of(microlith.types(), Session.NEW, SessionEvent.class, Logins::evolve)).cacheSize(0).build();
        microlith.follow(message -> {
            if (message.type().equals(UserLoggedOut.class.getSimpleName())) {
                // a tombstone, not a removal: a reader that saw the session still open must not keep it again
                message.streamName().id().ifPresent(key -> known.put(key, Logins.evolve(Session.NEW, new UserLoggedOut(key))));
            }
        });
        microlith.queryBus().subscribe(CurrentUserRequest.class, this::answer);
    }

    private CurrentUserResponse answer(CurrentUserRequest request) {
        if (request.sessionKey() == null || request.sessionKey().isBlank()) {
            return CurrentUserResponse.anonymous();
        }
        Session session = known.get(request.sessionKey());
        if (session == null) {
            session = sessions.fetch(request.sessionKey()).state();
            if (session.open()) {
                if (known.size() >= MAX_CACHED_SESSIONS) {
                    known.clear(); // crude but bounded: sessions are read again on their next request
                }
                known.putIfAbsent(request.sessionKey(), session);
            }
        }
        return session.open() ? new CurrentUserResponse(true, session.userId(), session.email(), session.role())
                : CurrentUserResponse.anonymous();
    }
}
