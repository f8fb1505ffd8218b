package io.microlith.bench.peers;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Axon's side of the command round trip: the same counter as Microlith's decider in {@code RoundTrip}, as an
 * event-sourced Axon aggregate. The command handler loads the aggregate (from the repository's cache or its
 * events), applies one event, and returns the new value to the caller. Counters are created before the measured window.
 */
public class AxonCounter {
    /** Creates a counter at 0 (before the measured window: Microlith's decider starts from its initial state). */
    public record Create(String counterId) {
    }

    /** The command measured: increment one counter. */
    public record Increment(@TargetAggregateIdentifier String counterId) {
    }

    /** The event the handler stores. */
    public record Incremented(String counterId, long value) {
    }

    @AggregateIdentifier
    private String counterId;
    private long value;

    protected AxonCounter() {
        // Axon creates the aggregate reflectively, then replays its events.
    }

    @CommandHandler
    public AxonCounter(Create create) {
        apply(new Incremented(create.counterId(), 0));
    }

    // Not CREATE_IF_MISSING: Axon then loads through loadOrCreate, which bypasses the repository's cache and makes the
    // in-memory engine scan every stored event for each command.
    @CommandHandler
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
