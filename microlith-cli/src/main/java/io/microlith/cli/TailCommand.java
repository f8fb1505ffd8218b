package io.microlith.cli;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.MessageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code tail STORE CATEGORY [--follow]}: a category's last messages, and the new ones as they come. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the last messages of a category and, with --follow, every new one as it is written"
                + " (until interrupted). With --json, one JSON object per line."})
final class TailCommand implements Callable<Integer> {
    private static final int BATCH = 1000;

    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store.")
    String store;

    @Parameters(index = "1", paramLabel = "CATEGORY", description = "The category, e.g. account or account:command.")
    String category;

    @Option(names = {"-n", "--last"}, paramLabel = "N", defaultValue = "10", description = "How many of the last messages to print first (default ${DEFAULT-VALUE}).")
    int last;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new messages as they are written.")
    boolean follow;

    @Option(names = "--poll", paramLabel = "MILLISECONDS", defaultValue = "200", description = "How often --follow asks the store (default ${DEFAULT-VALUE} ms).")
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        StreamName.requireCategory(category);
        if (last < 0 || pollMillis < 1) {
            throw CommandFailure.usage("--last must be 0 or more and --poll at least 1");
        }
        try (MessageStore opened = Stores.existing(store)) {
            long next = printLast(opened);
            while (follow) {
                List<Message> batch = opened.readCategory(CategoryQuery.of(category).from(next).batchSize(BATCH));
                for (Message message : batch) {
                    print(message);
                    next = message.globalPosition() + 1;
                }
                if (batch.size() < BATCH) {
                    TimeUnit.MILLISECONDS.sleep(pollMillis);
                }
            }
            return Main.OK;
        }
    }

    /**
     * Prints the category's last {@code last} messages and returns the global position to follow from. Stores read
     * categories forwards only, so it reads the category from ever earlier global positions until it has enough.
     */
    private long printLast(MessageStore store) {
        long head = store.headGlobalPosition();
        Deque<Message> tail = new ArrayDeque<>();
        long window = Math.max(BATCH, last * 16L);
        long from;
        do {
            from = Math.max(1, head - window + 1);
            tail.clear();
            long position = from;
            List<Message> batch;
            do {
                batch = store.readCategory(CategoryQuery.of(category).from(position).batchSize(BATCH));
                for (Message message : batch) {
                    if (message.globalPosition() > head) {
                        break;
                    }
                    tail.addLast(message);
                    if (tail.size() > last) {
                        tail.removeFirst();
                    }
                    position = message.globalPosition() + 1;
                }
            } while (batch.size() == BATCH && position <= head);
            window *= 4;
        } while (tail.size() < last && from > 1);
        tail.forEach(this::print);
        return head + 1;
    }

    private void print(Message message) {
        output.line(Output.message(message));
        output.text(Output.line(message));
        output.out().flush();
    }
}
