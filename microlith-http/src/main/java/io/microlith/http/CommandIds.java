package io.microlith.http;

import io.javalin.http.Context;
import io.microlith.bus.Envelope;
import io.microlith.message.MessageIds;
import io.microlith.message.Metadata;

import java.util.Enumeration;
import java.util.Objects;
import java.util.UUID;

/**
 * The ids of the command a request sends: its message id, its correlation id and the ids of what it creates (an
 * order's id). Derived from the request's {@code Idempotency-Key} header when it has one, so that a client that
 * sends the same request again (its connection broke before the answer came) gets the first answer and stores
 * nothing new; new ones otherwise.
 *
 * <pre>{@code
 * app.post("/order", ctx -> {
 *     User user = sessions.requireUser(ctx);
 *     OrderBody body = JsonBody.read(ctx, OrderBody.class);
 *     CommandIds ids = CommandIds.of(ctx, "order", user.id());         // 400 for a malformed key
 *     String orderId = ids.id("order");                                // the same for the same key
 *     BusRoutes.accept(ctx, commandBus, ids.envelope(new PlaceOrder(orderId, user.id(), body.lines())),
 *             "/order/" + orderId);                                    // a repeat: the same 202, nothing stored
 * });
 * }</pre>
 *
 * <p><b>How.</b> Every id is a name-based UUID ({@link MessageIds#derived}) of (scope, identity, key): the same key
 * from the same identity (the user; pass the client's address for anonymous routes) for the same scope (the route)
 * gives the same ids, another identity or scope different ones, so one client's key can neither replay nor block
 * another's. The store refuses a message id it holds ({@code DuplicateMessageIdException}), and {@link BusRoutes}
 * answers that refusal as the first answer: 202 routes answer the same {@code Location} (the resource id comes from
 * {@link #id}), request/response routes wait on the same correlation id, whose outcome the buses keep for
 * {@code MicrolithConfig.correlationRetention} (2 minutes by default). See decision record 0056.
 *
 * <p><b>Guarantee.</b> Nothing is stored twice for one key, for as long as the store keeps the first message (for
 * ever). The same answer comes back for 202 routes for ever, and for request/response routes within the
 * correlation retention; a later repeat gets 504 (still nothing stored). A key names one request: sent again with
 * another body, it gets the first answer and the new body is ignored.
 */
public final class CommandIds {
    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    /** The longest key accepted. */
    public static final int MAX_KEY_LENGTH = 128;
    /** The root of derived ids: keys of Microlith apps never meet ids derived from anything else. */
    private static final UUID NAMESPACE = UUID.fromString("6f1c2b7e-3a54-4d0e-9c61-2f8d5e4b9a10");

    private final UUID base;
    private final boolean keyed;

    private CommandIds(UUID base, boolean keyed) {
        this.base = base;
        this.keyed = keyed;
    }

    /**
     * The ids of this request's command: derived from its {@value #HEADER} header, in {@code scope} (a name for the
     * route, e.g. {@code "order"}) for {@code identity} (who sends it: a user id, or the client's address), or new
     * ones when it has no such header.
     *
     * @throws HttpProblem 400 when the header is given more than once, empty, longer than {@value #MAX_KEY_LENGTH}
     *                     characters, or holds other than visible ASCII characters (an RFC 8941 string in quotes
     *                     is read without them)
     */
    public static CommandIds of(Context ctx, String scope, String identity) {
        Enumeration<String> values = ctx.req().getHeaders(HEADER);
        if (values == null || !values.hasMoreElements()) {
            return fresh();
        }
        String key = values.nextElement();
        if (values.hasMoreElements()) {
            throw HttpProblem.invalid(HEADER, HEADER + " must be given once");
        }
        return keyed(scope, identity, requireKey(key));
    }

    /** New ids, for a request without a key. */
    public static CommandIds fresh() {
        return new CommandIds(MessageIds.next(), false);
    }

    /** The ids derived from {@code key} in {@code scope} for {@code identity} (for callers outside HTTP). */
    public static CommandIds keyed(String scope, String identity, String key) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(key, "key");
        // lengths first, so that no two different triples give the same name
        String name = "idempotency-key\n" + scope.length() + ":" + scope + "\n" + identity.length() + ":" + identity + "\n" + key;
        return new CommandIds(MessageIds.derived(NAMESPACE, name), true);
    }

    /** Whether these ids come from an {@value #HEADER}. */
    public boolean keyed() {
        return keyed;
    }

    /** The command's message id. */
    public UUID messageId() {
        return MessageIds.derived(base, "message");
    }

    /** The command's correlation id: the conversation it starts. */
    public String correlationId() {
        return MessageIds.derived(base, "correlation").toString();
    }

    /** The id of something the command creates, named by {@code purpose} ({@code "order"}): stable for one key. */
    public String id(String purpose) {
        return MessageIds.derived(base, "id:" + Objects.requireNonNull(purpose, "purpose")).toString();
    }

    /** {@code body} as a command that starts a conversation, with {@link #messageId} and {@link #correlationId}. */
    public <T> Envelope<T> envelope(T body) {
        return new Envelope<>(messageId(), body, Metadata.EMPTY.withCorrelationId(correlationId()));
    }

    static String requireKey(String header) {
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw HttpProblem.invalid(HEADER, HEADER + " must have 1 to " + MAX_KEY_LENGTH + " characters, had " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\' || c == ',' || c == ';') {
                throw HttpProblem.invalid(HEADER,
                        HEADER + " must be visible ASCII characters without quotes, commas or semicolons");
            }
        }
        return key;
    }

    @Override
    public String toString() {
        return (keyed ? "keyed" : "fresh") + " command ids " + base;
    }
}
