package io.microlith.demo.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.demo.web.Params;
import io.microlith.http.HttpProblem;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategorySummary;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;

import java.util.List;
import java.util.UUID;

/**
 * The store as the portal browses it ({@link StoreBrowser}): categories, a category's streams, a stream's messages
 * page by page, one message, and the causal tree of a conversation. Administrators only.
 */
final class StoreRoutes {
    static final int MAX_PAGE = 200;
    /** The most messages of one conversation shown. */
    static final int MAX_CONVERSATION = 2_000;

    record Categories(long head, List<CategorySummary> categories) {
    }

    /** A stream of a category, its name as text. */
    record StreamView(String streamName, long messages, long version, long lastGlobalPosition, String lastTime) {
        static StreamView of(StreamSummary summary) {
            return new StreamView(summary.streamName().value(), summary.messages(), summary.version(),
                    summary.lastGlobalPosition(), summary.lastTime().toString());
        }
    }

    record Streams(String category, List<StreamView> streams, Long next) {
    }

    record Messages(String stream, long version, List<MessageView> messages, Long next) {
    }

    private final Microlith microlith;
    private final Administrators admins;
    private final ConsumerMonitor monitor;

    StoreRoutes(Microlith microlith, Administrators admins, ConsumerMonitor monitor) {
        this.microlith = microlith;
        this.admins = admins;
        this.monitor = monitor;
    }

    void mount(Javalin app) {
        app.get("/admin/api/categories", ctx -> ctx.json(new Categories(microlith.store().headGlobalPosition(),
                browser(ctx).categories())));
        app.get("/admin/api/categories/{category}/streams", this::streams);
        app.get("/admin/api/streams/{stream}/messages", this::messages);
        app.get("/admin/api/messages/{id}", this::message);
        app.get("/admin/api/correlations/{correlationId}", this::correlation);
    }

    private StoreBrowser browser(Context ctx) {
        admins.require(ctx);
        return StoreBrowser.of(microlith.store())
                .orElseThrow(() -> HttpProblem.notFound("This store cannot be browsed (it is no StoreBrowser)"));
    }

    private void streams(Context ctx) {
        StoreBrowser browser = browser(ctx);
        String category = ctx.pathParam("category");
        try {
            StreamName.requireCategory(category);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.invalid("category", "category must be a category such as order or order:command");
        }
        long before = Params.number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", 50, 1, MAX_PAGE);
        List<StreamSummary> streams = browser.streams(category, before, limit);
        if (streams.isEmpty() && before == Long.MAX_VALUE) {
            throw HttpProblem.notFound("No message in category '" + category + "'");
        }
        ctx.json(new Streams(category, streams.stream().map(StreamView::of).toList(),
                streams.size() < limit ? null : streams.getLast().lastGlobalPosition()));
    }

    private void messages(Context ctx) {
        admins.require(ctx);
        StreamName stream = stream(ctx.pathParam("stream"));
        long from = Params.number(ctx, "from", 0, 0, Long.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", 20, 1, MAX_PAGE);
        long version = microlith.store().streamVersion(stream);
        if (version < 0) {
            throw HttpProblem.notFound("No stream " + stream.value());
        }
        List<Message> page = microlith.store().readStream(stream, from, limit);
        Long next = from + page.size() <= version ? from + page.size() : null;
        ctx.json(new Messages(stream.value(), version, page.stream().map(MessageView::of).toList(), next));
    }

    private void message(Context ctx) {
        StoreBrowser browser = browser(ctx);
        UUID id = UUID.fromString(Params.uuid(ctx, "id"));
        ctx.json(MessageView.of(browser.message(id).orElseThrow(() -> HttpProblem.notFound("No message " + id))));
    }

    private void correlation(Context ctx) {
        StoreBrowser browser = browser(ctx);
        String correlationId = ctx.pathParam("correlationId");
        if (correlationId.isBlank() || correlationId.length() > 100 || !correlationId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw HttpProblem.invalid("correlationId", "correlationId must be 1 to 100 visible ASCII characters");
        }
        List<Message> conversation = browser.correlated(correlationId, MAX_CONVERSATION + 1);
        if (conversation.isEmpty()) {
            throw HttpProblem.notFound("No message of correlation " + correlationId);
        }
        boolean truncated = conversation.size() > MAX_CONVERSATION;
        ctx.json(CorrelationChain.of(correlationId, truncated ? conversation.subList(0, MAX_CONVERSATION) : conversation,
                truncated, microlith.consumers(), monitor));
    }

    /** A stream name from a path: 400 naming {@code stream} when it is not one (or a bare category). */
    private static StreamName stream(String text) {
        try {
            StreamName stream = StreamName.of(text);
            if (stream.isCategory()) {
                throw new IllegalArgumentException("a category");
            }
            return stream;
        } catch (IllegalArgumentException e) {
            throw HttpProblem.invalid("stream", "stream must be a stream name such as order-<id>");
        }
    }
}
