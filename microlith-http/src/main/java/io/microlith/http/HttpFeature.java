package io.microlith.http;

import io.javalin.Javalin;
import io.microlith.Feature;

import java.util.Collection;

/**
 * A {@link Feature} that also answers HTTP: after the Microlith wired it, {@link #mount} adds its routes to the app.
 * An application's web side is then a loop over its features ({@link #mountAll}).
 */
public interface HttpFeature extends Feature {

    /** Adds the feature's routes (and live channels) to {@code app}; called once, after {@link #wire}. */
    void mount(Javalin app);

    /** Mounts every feature of {@code features} that answers HTTP, in order. */
    static void mountAll(Javalin app, Collection<? extends Feature> features) {
        for (Feature feature : features) {
            if (feature instanceof HttpFeature web) {
                web.mount(app);
            }
        }
    }
}
