package io.microlith.cli;

import io.microlith.jdbc.SubjectKeyCopy;
import io.microlith.store.MessageStore;
import io.microlith.store.copy.CopyProgress;
import io.microlith.store.copy.CopyResult;
import io.microlith.store.copy.StoreCopy;
import io.microlith.store.copy.StoreCopyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code copy FROM TO}: every message of one store into another, resumable and verified. */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy every message of one store into another, as it is: ids, stream positions, global positions,"
                + " times, data and metadata. How an application moves from the embedded SQLite store to PostgreSQL:",
                "  microlith copy sqlite:./data/microlith.db postgresql://127.0.0.1/microlith",
                "Stop the application first. The target is created (a PostgreSQL schema installed) when missing.",
                "Resumable: an interrupted copy continues after the target's last message, once it has checked that"
                        + " the target holds exactly the start of the source; a target holding anything else is refused."
                        + " Verified: at the end the target is read back and its count and checksum compared with the"
                        + " source's. Messages written to the source after the copy started are copied by running it again.",
                "The data subjects' keys (microlith_subject_keys, decision 0089) are copied too, after the messages: the"
                        + " target ends with exactly the source's keys; a subject with another key in the target is refused."})
final class CopyCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "FROM", description = "The store to copy: sqlite:<file>, postgresql://...")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The store to copy into: sqlite:<file> or postgresql://...")
    String to;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Messages per read and per transaction of the target (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal), bar, lines (one line per batch, for logs) or none.")
    String progress;

    @Override
    public Integer call() {
        ProgressBar.Mode mode;
        try {
            mode = ProgressBar.Mode.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("--progress must be auto, bar, lines or none, not '" + progress + "'");
        }
        if (batchSize < 1) {
            throw CommandFailure.usage("--batch-size must be at least 1, was " + batchSize);
        }
        if (from.equals(to)) {
            throw CommandFailure.usage("FROM and TO are the same store: " + from);
        }
        CopyResult result;
        try (MessageStore source = Stores.existing(from);
             MessageStore target = Stores.target(to);
             ProgressBar bar = new ProgressBar(output.err(), mode)) {
            try {
                result = StoreCopy.from(source).to(target).batchSize(batchSize)
                        .onProgress(p -> bar.update(step(p.phase()), p.fraction(), p.messages() + " messages, global position "
                                + p.position() + " of " + p.until()))
                        .run();
            } catch (StoreCopyException refused) {
                throw CommandFailure.failed(refused.getMessage().replace(source.toString(), from).replace(target.toString(), to));
            }
            bar.close();
        }
        // after the stores are closed (a SQLite store holds its file while open), and only into a verified copy
        SubjectKeyCopy.Result keys = result.verified() ? SubjectKeys.copy(from, to) : new SubjectKeyCopy.Result(0, 0, 0, 0);
        output.document(Output.object().put("from", from).put("to", to).put("resumedAfter", result.resumedAfter())
                .put("copied", result.copied()).put("until", result.until())
                .put("sourceMessages", result.sourceMessages()).put("targetMessages", result.targetMessages())
                .put("sourceChecksum", result.sourceChecksum()).put("targetChecksum", result.targetChecksum())
                .put("verified", result.verified()).put("subjectKeys", keys.total())
                .put("subjectKeysDeleted", keys.deleted()));
        if (result.resumedAfter() > 0) {
            output.text("Resumed after global position " + result.resumedAfter() + " (the target held the start of the source).");
        }
        output.text("Copied " + result.copied() + " messages from " + from + " to " + to + ", up to global position "
                + result.until() + ".");
        output.text("Source: " + result.sourceMessages() + " messages, checksum " + result.sourceChecksum());
        output.text("Target: " + result.targetMessages() + " messages, checksum " + result.targetChecksum());
        if (!result.verified()) {
            throw CommandFailure.failed("The copy does not match its source: " + result.sourceMessages()
                    + " messages with checksum " + result.sourceChecksum() + " in " + from + ", but "
                    + result.targetMessages() + " with checksum " + result.targetChecksum() + " in " + to);
        }
        output.text("Verified: the target holds exactly the source's messages.");
        output.text("Subjects' keys: " + keys.total() + " in the target (" + keys.inserted() + " copied, "
                + keys.deleted() + " forgotten in the source since an earlier copy and deleted).");
        return Main.OK;
    }

    private static String step(CopyProgress.Phase phase) {
        return switch (phase) {
            case CHECKING -> "checking";
            case COPYING -> "copying";
            case VERIFYING -> "verifying";
        };
    }
}
