package io.microlith.bus;

/**
 * Events: facts that happened, written to entity streams ({@code identity-42}) by the component that owns
 * them, and handled by any number of subscribers (aggregators, other components).
 *
 * <p>A component that must not lose a race writes with an expected version:
 * {@code eventBus.dispatch(stream, event, ExpectedVersion.exactly(version))}, or uses
 * {@code io.microlith.component}.
 */
public interface EventBus extends DurableBus {
}
