package io.microlith.http;

import io.javalin.http.Context;

/** The usual successful answers of a Microlith route. */
public final class Answers {
    private Answers() {
    }

    /**
     * 202 Accepted with an empty body: the request was recorded and will be handled. {@code location}
     * names where its result will appear ({@code null}: none); the correlation id lets the client find
     * the messages that follow from it.
     */
    public static void accepted(Context ctx, String location, String correlationId) {
        ctx.status(202);
        if (location != null) {
            ctx.header("Location", location);
        }
        correlate(ctx, correlationId);
        ctx.result("");
    }

    /** 201 Created with {@code body} as JSON and the resource's {@code location}. */
    public static void created(Context ctx, String location, Object body, String correlationId) {
        ctx.status(201).header("Location", location);
        correlate(ctx, correlationId);
        ctx.json(body);
    }

    /** Adds the {@value MicrolithHttp#CORRELATION_ID} header when there is a correlation id. */
    public static void correlate(Context ctx, String correlationId) {
        if (correlationId != null) {
            ctx.header(MicrolithHttp.CORRELATION_ID, correlationId);
        }
    }
}
