package io.microlith;

/**
 * One feature of an application (identity, orders, ...) declared in one place: its routes and types, then its
 * handlers, components and views. Hand features to {@link MicrolithConfig#feature(Feature...)}; the Microlith calls
 * {@link #configure} while it is configured and {@link #wire} once it exists, before it starts, so that an
 * application's wiring is a list of features rather than a page of calls.
 *
 * <pre>{@code
 * final class Catalog implements Feature {
 *     public void configure(MicrolithConfig config) {
 *         config.route(CatalogCommand.class, "catalog:command", CatalogCommand::productId)
 *               .route(ProductEvent.class, "product", ProductEvent::productId);
 *     }
 *     public void wire(Microlith microlith) {
 *         microlith.component(Products.DECIDER).commands(CatalogCommand.class, CatalogCommand::productId)
 *                 .entities("product", ProductEvent.class).subscribe();
 *     }
 * }
 * }</pre>
 *
 * Both methods do nothing by default. Adapters add their own parts (microlith-http's {@code HttpFeature} mounts
 * routes).
 */
public interface Feature {

    /** Routes, types and settings of the feature; called once, while the Microlith is configured. */
    default void configure(MicrolithConfig config) {
    }

    /** Subscriptions, components, consumers and views of the feature; called once, before the Microlith starts. */
    default void wire(Microlith microlith) {
    }
}
