package io.microlith.bus;

import java.util.List;

/**
 * What an {@link InlineCommandHandler} stored in one write: the command, and the records it decided.
 *
 * @param command where the command was stored
 * @param decided the bodies of the messages written with it (a component's events), in order; empty when the
 *                decision was to write nothing. A request's outcome is taken from the command and these, first match
 *                first.
 */
public record HandledInline(Dispatched command, List<Record> decided) {
    public HandledInline {
        java.util.Objects.requireNonNull(command, "command");
        decided = List.copyOf(decided);
    }
}
