package io.microlith.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.microlith.store.CategorySummary;
import io.microlith.store.MessageStore;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code streams STORE [--category C]}: the categories, or the streams of one. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = {"List the store's categories with their message and stream counts, or with --category the"
                + " streams of one category, the most recently written first."})
final class StreamsCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store.")
    String store;

    @Option(names = {"-c", "--category"}, paramLabel = "CATEGORY", description = "List the streams of this category.")
    String category;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "The most streams listed (1 to 10000, default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        try (MessageStore opened = Stores.existing(store)) {
            StoreBrowser browser = Stores.browser(opened, store);
            ArrayNode json = Output.array();
            if (category == null) {
                List<CategorySummary> categories = browser.categories();
                output.text(String.format("%-40s %10s %8s  %s", "CATEGORY", "MESSAGES", "STREAMS", "LAST WRITTEN"));
                for (CategorySummary c : categories) {
                    json.addObject().put("category", c.category()).put("messages", c.messages()).put("streams", c.streams())
                            .put("lastGlobalPosition", c.lastGlobalPosition()).put("lastTime", c.lastTime().toString());
                    output.text(String.format("%-40s %10d %8d  %s", c.category(), c.messages(), c.streams(), c.lastTime()));
                }
            } else {
                List<StreamSummary> streams = browser.streams(category, Long.MAX_VALUE, limit);
                if (streams.isEmpty()) {
                    throw CommandFailure.failed("Category " + category + " has no messages in " + store);
                }
                output.text(String.format("%-50s %10s %8s  %s", "STREAM", "MESSAGES", "VERSION", "LAST WRITTEN"));
                for (StreamSummary s : streams) {
                    json.addObject().put("stream", s.streamName().value()).put("messages", s.messages())
                            .put("version", s.version()).put("lastGlobalPosition", s.lastGlobalPosition())
                            .put("lastTime", s.lastTime().toString());
                    output.text(String.format("%-50s %10d %8d  %s", s.streamName(), s.messages(), s.version(), s.lastTime()));
                }
            }
            output.document(json);
            return Main.OK;
        }
    }
}
