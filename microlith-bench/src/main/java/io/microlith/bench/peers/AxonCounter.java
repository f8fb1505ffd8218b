package io.microlith.bench.peers;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Axon's side of the command round trip: the same counter as Microlith's decider in {@code RoundTrip}, as an
 * event-sourced Axon aggregate. The command handler loads the aggregate (from the repository's cache or its
 * events), applies one event, and returns the new value to the caller.
 */
public class AxonCounter {
    /** The command: increment one counter (created on its first increment, as the decider's initial state). */
    public record Increment(@TargetAggregateIdentifier String counterId) {
    }

    /** The event the handler stores. */
    public record Incremented(String counterId, long value) {
    }

    @AggregateIdentifier
    private String counterId;
    private long value;

    public AxonCounter() {
        // Axon creates the aggregate reflectively, then replays its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(Increment increment) {
        apply(new Incremented(increment.counterId(), value + 1));
        return value;
    }

    @EventSourcingHandler
    public void on(Incremented event) {
        counterId = event.counterId();
        value = event.value();
    }
}
