package io.microlith.http.live;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsContext;
import io.microlith.http.HttpProblem;
import io.microlith.http.internal.HttpJson;

import java.util.function.Function;

/**
 * Serves a {@link LiveFeed} at one path, both as a WebSocket and as Server-Sent Events (for clients
 * without WebSocket). The same GET path answers both: a WebSocket upgrade request gets the socket,
 * {@code Accept: text/event-stream} gets the event stream.
 *
 * <p>The audience of a connection is decided once, before it opens, by {@code audienceOf}, which
 * reads the request (typically its session cookie) and throws an {@link HttpProblem} (401) to refuse
 * it; a refused WebSocket upgrade and a refused event stream both get that status and JSON body.
 */
public final class LiveChannel {
    private static final String AUDIENCE = "microlith.live.audience";
    private static final String SUBSCRIPTION = "microlith.live.subscription";

    private LiveChannel() {
    }

    /** Mounts the WebSocket and the SSE stream of {@code feed} at {@code path}. */
    public static void mount(Javalin app, String path, LiveFeed feed, Function<Context, String> audienceOf) {
        app.wsBeforeUpgrade(path, ctx -> ctx.attribute(AUDIENCE, requireAudience(audienceOf, ctx)));
        app.ws(path, ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(5));
                String audience = ctx.attribute(AUDIENCE);
                ctx.attribute(SUBSCRIPTION, feed.subscribe(audience, new WsSink(ctx)));
            });
            ws.onClose(ctx -> closeSubscription(ctx));
            ws.onError(ctx -> closeSubscription(ctx));
        });
        app.before(path, ctx -> {
            if (!isUpgrade(ctx)) {
                ctx.attribute(AUDIENCE, requireAudience(audienceOf, ctx));
            }
        });
        app.sse(path, client -> {
            String audience = client.ctx().attribute(AUDIENCE);
            client.keepAlive();
            // Tells the client the stream is open (EventSource fires 'open' only on the first byte). Written
            // before subscribing: from then on only the subscription's thread writes to the stream (the
            // response's output is not safe for two writers).
            client.sendComment("connected");
            LiveFeed.Subscription subscription = feed.subscribe(audience, new SseSink(client));
            client.onClose(subscription::close);
        });
    }

    private static String requireAudience(Function<Context, String> audienceOf, Context ctx) {
        String audience = audienceOf.apply(ctx);
        if (audience == null || audience.isBlank()) {
            throw HttpProblem.unauthorized("Log in to follow live updates");
        }
        return audience;
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
