package io.microlith.component;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The domain side of a component, as three pure functions: the state of a new entity, the events a command
 * decides on a state, and the state an event leads to. Domain code writes them with no toolkit import (plain
 * static functions over sealed command and event types) and the toolkit runs them ({@link Component}): it fetches
 * the entity by folding its events with {@code evolve}, skips a command already handled, calls {@code decide},
 * writes the events at the entity's version, and decides again on a conflict.
 *
 * <pre>{@code
 * // domain code
 * static List<ProductEvent> decide(CatalogCommand command, Product product) { ... }
 * static Product evolve(Product product, ProductEvent event) { ... }
 *
 * // wiring
 * Decider<CatalogCommand, Product, ProductEvent> catalog = Decider.of(Product.NONE, Products::decide, Products::evolve);
 * }</pre>
 *
 * <p>{@code decide} must not read the store or any other changing state: what it needs of other entities is given
 * to it as a function when the decider is built (the toolkit's entity stores make good ones), and a rule that is
 * broken is an event (a rejection), not an exception. An exception is a fault: the consumer retries the command
 * and, at last, parks it. {@code decide} may run more than once for one command (after a conflict, or a redelivery
 * before its events were written), so an effect it has on the outside world (sending an e-mail) happens at least
 * once.
 *
 * @param <C> the commands: a record, or a sealed interface of records
 * @param <S> the state of one entity; a record when it is snapshotted
 * @param <E> the events: a record, or a sealed interface of records
 */
public interface Decider<C, S, E> {

    /** The state of an entity with no events. */
    S initialState();

    /** The events {@code command} leads to on {@code state}, in order; empty when it changes nothing. */
    List<? extends E> decide(C command, S state);

    /** The state after {@code event}. */
    S evolve(S state, E event);

    /** A decider of three functions. */
    static <C, S, E> Decider<C, S, E> of(S initialState, BiFunction<? super C, ? super S, ? extends List<? extends E>> decide,
                                         BiFunction<S, ? super E, S> evolve) {
        Objects.requireNonNull(decide, "decide");
        Objects.requireNonNull(evolve, "evolve");
        return new Decider<>() {
            @Override
            public S initialState() {
                return initialState;
            }

            @Override
            public List<? extends E> decide(C command, S state) {
                return decide.apply(command, state);
            }

            @Override
            public S evolve(S state, E event) {
                return evolve.apply(state, event);
            }
        };
    }
}
