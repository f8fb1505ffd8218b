package io.microlith.demo.views;

/**
 * A change of view data that pages may want to show live: {@code kind} names what changed ({@code order},
 * {@code home-page}), {@code audience} who may see it (a user id, or a public audience), {@code key} which one (an
 * order id; empty when the kind has one instance).
 */
public record ViewChange(String kind, String audience, String key) {
    public ViewChange {
        for (String part : new String[] {kind, audience, key}) {
            if (part == null || part.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("A view change's kind, audience and key are single lines, were "
                        + kind + ", " + audience + ", " + key);
            }
        }
    }

    /** The change as one line per part (a notification's payload). */
    String payload() {
        return kind + "\n" + audience + "\n" + key;
    }

    /** The change a {@link #payload()} tells; {@code null} for a payload that is not one. */
    static ViewChange fromPayload(String payload) {
        String[] parts = payload.split("\n", -1);
        return parts.length == 3 ? new ViewChange(parts[0], parts[1], parts[2]) : null;
    }
}
