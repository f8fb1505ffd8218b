package io.microlith.demo.web;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A feature whose routes refuse requests by a limit (429 by a rate limit, 503 by back-pressure), and how many each
 * limit refused so far: the demo's metrics meter every one as {@code microlith_http_refused_total{limit, name}}.
 */
public interface Refusals {
    /** One limit's refusals: {@code limit} is its kind ({@code rate-limit}, {@code back-pressure}). */
    record Count(String limit, String name, LongSupplier refused) {
        /** A rate limit's refusals, read when the metrics are scraped (0 while the routes are not mounted). */
        public static Count rateLimit(String name, LongSupplier refused) {
            return new Count("rate-limit", name, refused);
        }
    }

    /** The feature's limits; their counts are read at each scrape, so they may answer 0 before the routes exist. */
    List<Count> refusals();
}
