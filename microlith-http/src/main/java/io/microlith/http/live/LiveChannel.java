package io.microlith.http.live;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsContext;
import io.microlith.http.ClientConnection;
import io.microlith.http.HttpProblem;
import io.microlith.http.Origins;
import io.microlith.http.internal.HttpJson;

import java.time.Duration;
import java.util.function.Function;

/**
 * Serves a {@link LiveFeed} at one path, both as a WebSocket and as Server-Sent Events (for clients
 * without WebSocket). The same GET path answers both: a WebSocket upgrade request gets the socket,
 * {@code Accept: text/event-stream} gets the event stream.
 *
 * <p>The audience of a connection is decided once, before it opens, by {@code audienceOf}, which
 * reads the request (typically its session cookie) and throws an {@link HttpProblem} (401) to refuse
 * it; a refused WebSocket upgrade and a refused event stream both get that status and JSON body.
 * A page of another origin is refused with 403 first ({@link Origins}), for both kinds.
 *
 * <p>Each connection is subscribed under a key ({@code keyOf}, by default the audience) by which
 * {@link LiveFeed#disconnect} closes it: pass the session, and closing the session's streams on logout is
 * {@code feed.disconnect(sessionKey)}.
 *
 * <p>Each connection counts against its client's address ({@link ClientConnection#address}): a client holding
 * {@link LiveFeed#maxStreamsPerClient()} streams is answered 429 with {@code Retry-After} for one more, before the
 * connection opens; one that passes the limit by opening streams side by side has the extra stream closed at once
 * (a WebSocket with status 1013, "try again later").
 */
public final class LiveChannel {
    private static final String SUBSCRIBER = "microlith.live.subscriber";
    private static final String SUBSCRIPTION = "microlith.live.subscription";
    /** What a client told it holds too many streams should wait before it tries again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private LiveChannel() {
    }

    /** Mounts the WebSocket and the SSE stream of {@code feed} at {@code path}; each connection's key is its audience. */
    public static void mount(Javalin app, String path, LiveFeed feed, Function<Context, String> audienceOf) {
        mount(app, path, feed, audienceOf, audienceOf);
    }

    /**
     * Mounts the WebSocket and the SSE stream of {@code feed} at {@code path}; {@code keyOf} names the key each
     * connection is subscribed under ({@code null}: its audience), for {@link LiveFeed#disconnect}.
     */
    public static void mount(Javalin app, String path, LiveFeed feed, Function<Context, String> audienceOf,
                             Function<Context, String> keyOf) {
        app.wsBeforeUpgrade(path, ctx -> ctx.attribute(SUBSCRIBER, subscriber(feed, audienceOf, keyOf, ctx)));
        app.ws(path, ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(Duration.ofMinutes(5));
                Subscriber subscriber = ctx.attribute(SUBSCRIBER);
                try {
                    ctx.attribute(SUBSCRIPTION, feed.subscribe(subscriber.audience(), subscriber.key(),
                            subscriber.client(), new WsSink(ctx)));
                } catch (TooManyLiveStreamsException e) {
                    ctx.closeSession(WsCloseStatus.TRY_AGAIN_LATER, "too many live streams from this address");
                }
            });
            ws.onClose(ctx -> closeSubscription(ctx));
            ws.onError(ctx -> closeSubscription(ctx));
        });
        app.before(path, ctx -> {
            if (!isUpgrade(ctx)) {
                Origins.require(ctx); // WebSocket upgrades are checked by MicrolithHttp, for every path
                ctx.attribute(SUBSCRIBER, subscriber(feed, audienceOf, keyOf, ctx));
            }
        });
        app.sse(path, client -> {
            Subscriber subscriber = client.ctx().attribute(SUBSCRIBER);
            client.keepAlive();
            // Tells the client the stream is open (EventSource fires 'open' only on the first byte). Written
            // before subscribing: from then on only the subscription's thread writes to the stream (the
            // response's output is not safe for two writers).
            client.sendComment("connected");
            LiveFeed.Subscription subscription;
            try {
                subscription = feed.subscribe(subscriber.audience(), subscriber.key(), subscriber.client(), new SseSink(client));
            } catch (TooManyLiveStreamsException e) {
                client.close();
                return;
            }
            client.onClose(subscription::close);
        });
    }

    /** Who a connection is for and from, decided before it opens. */
    private record Subscriber(String audience, String key, String client) {
    }

    private static Subscriber subscriber(LiveFeed feed, Function<Context, String> audienceOf,
                                         Function<Context, String> keyOf, Context ctx) {
        String audience = audienceOf.apply(ctx);
        if (audience == null || audience.isBlank()) {
            throw HttpProblem.unauthorized("Log in to follow live updates");
        }
        String client = ClientConnection.address(ctx);
        if (feed.streamsOpenBy(client) >= feed.maxStreamsPerClient()) {
            throw HttpProblem.tooManyRequests("Too many live streams from this address: at most "
                    + feed.maxStreamsPerClient() + " at once", RETRY_AFTER);
        }
        return new Subscriber(audience, keyOf == audienceOf ? audience : keyOf.apply(ctx), client);
    }

    private static boolean isUpgrade(Context ctx) {
        String upgrade = ctx.header("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static void closeSubscription(WsContext ctx) {
        LiveFeed.Subscription subscription = ctx.attribute(SUBSCRIPTION);
        if (subscription != null) {
            subscription.close();
        }
    }

    private record WsSink(WsContext ctx) implements LiveSink {
        @Override
        public void send(LiveEvent event) throws Exception {
            ctx.session.getRemote().sendString(HttpJson.MAPPER.writeValueAsString(event));
        }

        @Override
        public void heartbeat() throws Exception {
            ctx.session.getRemote().sendPing(java.nio.ByteBuffer.allocate(0));
        }

        @Override
        public void close(String reason) {
            if (ctx.session.isOpen()) {
                ctx.closeSession(WsCloseStatus.TRY_AGAIN_LATER, reason);
            }
        }
    }

    private record SseSink(SseClient client) implements LiveSink {
        @Override
        public void send(LiveEvent event) throws Exception {
            if (client.terminated()) {
                throw new IllegalStateException("event stream closed");
            }
            String data = HttpJson.MAPPER.writeValueAsString(event.data());
            if (event.id() == null) {
                client.sendEvent(event.type(), data);
            } else {
                client.sendEvent(event.type(), data, event.id());
            }
        }

        @Override
        public void heartbeat() {
            if (client.terminated()) {
                throw new IllegalStateException("event stream closed");
            }
            client.sendComment("heartbeat");
        }

        @Override
        public void close(String reason) {
            client.close();
        }
    }
}
