package io.microlith.demo.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerLag;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.consumer.ParkedMessage;
import io.microlith.consumer.ReplayFailedException;
import io.microlith.demo.admin.AdminMessages.AdminEvent;
import io.microlith.demo.admin.AdminMessages.ParkedMessageRetried;
import io.microlith.demo.admin.AdminMessages.ParkedMessageSkipped;
import io.microlith.demo.identity.IdentityMessages.CurrentUserResponse;
import io.microlith.demo.web.Params;
import io.microlith.http.HttpProblem;
import io.microlith.message.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * This process's consumers as the portal shows them — position, the store's head, lag, what each is doing, throughput
 * and their history for the live chart — and their parked messages, with retry and skip. Each retry or skip is audited:
 * an event in the administrator's stream that follows the parked message, so it shows in that request's chain too.
 */
final class ConsumerRoutes {

    /** A consumer now. {@code activity}: {@code running}, {@code retrying}, {@code holding back}, or its stopped state. */
    record ConsumerView(String category, String name, String group, String activity, long position, long head, long lag,
                        int parked, double perSecond, ConsumerMonitor.Retrying retrying, String lastError) {
    }

    record Consumers(long head, List<ConsumerView> consumers) {
    }

    record Detail(ConsumerView consumer, long intervalMs, List<ConsumerMonitor.Sample> history, List<Parked> parked) {
    }

    /** A parked message with its consumer. */
    record Parked(String category, String consumer, String messageId, String stream, long position, long globalPosition,
                  String type, String error, int attempts, boolean holdsStream, String parkedAt) {
        static Parked of(Consumer consumer, ParkedMessage p) {
            return new Parked(consumer.category(), consumer.name(), p.messageId().toString(), p.streamName().value(),
                    p.position(), p.globalPosition(), p.type(), p.error(), p.attempts(), p.holdsStream(), p.parkedAt().toString());
        }
    }

    record ParkedList(List<Parked> parked) {
    }

    /** What became of a retry or a skip. */
    record Released(String messageId, String outcome) {
    }

    private final Microlith microlith;
    private final Administrators admins;
    private final ConsumerMonitor monitor;

    ConsumerRoutes(Microlith microlith, Administrators admins, ConsumerMonitor monitor) {
        this.microlith = microlith;
        this.admins = admins;
        this.monitor = monitor;
    }

    void mount(Javalin app) {
        app.get("/admin/api/consumers", ctx -> {
            admins.require(ctx);
            ctx.json(new Consumers(microlith.store().headGlobalPosition(), microlith.consumers().stream().map(this::view).toList()));
        });
        app.get("/admin/api/consumers/{category}/{name}", ctx -> {
            admins.require(ctx);
            Consumer consumer = consumer(ctx);
            ctx.json(new Detail(view(consumer), ConsumerMonitor.INTERVAL.toMillis(), monitor.history(consumer),
                    consumer.parked().stream().map(p -> Parked.of(consumer, p)).toList()));
        });
        app.get("/admin/api/parked", ctx -> {
            admins.require(ctx);
            List<Parked> parked = new ArrayList<>();
            for (Consumer consumer : microlith.consumers()) {
                consumer.parked().forEach(p -> parked.add(Parked.of(consumer, p)));
            }
            ctx.json(new ParkedList(parked));
        });
        app.post("/admin/api/consumers/{category}/{name}/parked/{messageId}/retry", ctx -> release(ctx, true));
        app.post("/admin/api/consumers/{category}/{name}/parked/{messageId}/skip", ctx -> release(ctx, false));
    }

    private ConsumerView view(Consumer consumer) {
        ConsumerStatus status = consumer.status();
        ConsumerMonitor.Retrying retrying = monitor.retrying(consumer).orElse(null);
        List<ConsumerMonitor.Sample> history = monitor.history(consumer);
        String activity = status.state() != ConsumerStatus.State.RUNNING ? status.state().name().toLowerCase(Locale.ROOT)
                : retrying != null ? "retrying"
                : consumer.parked().stream().anyMatch(ParkedMessage::holdsStream) ? "holding back" : "running";
        return new ConsumerView(consumer.category(), consumer.name(),
                status.group() == null ? null : status.group().member() + "/" + status.group().size(), activity,
                status.position(), status.headPosition(), ConsumerLag.measure(microlith.store(), consumer).pendingAtMost(),
                status.parked(), history.isEmpty() ? 0 : history.getLast().perSecond(), retrying, status.lastError());
    }

    private Consumer consumer(Context ctx) {
        String category = ctx.pathParam("category");
        String name = ctx.pathParam("name");
        return microlith.consumers().stream().filter(c -> c.category().equals(category) && c.name().equals(name))
                .findFirst().orElseThrow(() -> HttpProblem.notFound("This process runs no consumer named '"
                        + shorten(name) + "' of '" + shorten(category) + "'"));
    }

    private void release(Context ctx, boolean retry) {
        CurrentUserResponse admin = admins.require(ctx);
        Consumer consumer = consumer(ctx);
        UUID id = UUID.fromString(Params.uuid(ctx, "messageId"));
        ParkedMessage parked = consumer.parked().stream().filter(p -> p.messageId().equals(id)).findFirst()
                .orElseThrow(() -> HttpProblem.notFound("Consumer " + consumer.name() + " has no parked message " + id));
        Message message = microlith.store().readStream(parked.streamName(), parked.position(), 1).getFirst();
        if (!retry) {
            consumer.skip(id);
            audit(message, new ParkedMessageSkipped(admin.userId(), admin.email(), consumer.category(), consumer.name(),
                    id.toString()));
            ctx.json(new Released(id.toString(), "skipped"));
            return;
        }
        try {
            consumer.replay(id);
        } catch (ReplayFailedException failed) {
            audit(message, new ParkedMessageRetried(admin.userId(), admin.email(), consumer.category(), consumer.name(),
                    id.toString(), false, failed.parked().error()));
            throw HttpProblem.conflict(null, "The retry failed again and the message is parked again: "
                    + shorten(failed.parked().error()));
        }
        audit(message, new ParkedMessageRetried(admin.userId(), admin.email(), consumer.category(), consumer.name(),
                id.toString(), true, null));
        ctx.json(new Released(id.toString(), "handled"));
    }

    private void audit(Message parked, AdminEvent event) {
        microlith.eventBus().dispatch(Envelope.follows(parked, event));
    }

    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
