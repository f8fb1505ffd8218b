package io.microlith.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.store.CategorySummary;
import io.microlith.store.MessageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code info STORE}: what a store is and holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a store: its kind, its head global position, and how many categories, streams and messages it holds.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store: sqlite:<file> or postgresql://host/database.")
    String store;

    @Override
    public Integer call() {
        try (MessageStore opened = Stores.existing(store)) {
            List<CategorySummary> categories = Stores.browser(opened, store).categories();
            long messages = categories.stream().mapToLong(CategorySummary::messages).sum();
            long streams = categories.stream().mapToLong(CategorySummary::streams).sum();
            long head = opened.headGlobalPosition();
            ObjectNode json = Output.object().put("store", opened.toString()).put("head", head)
                    .put("categories", categories.size()).put("streams", streams).put("messages", messages);
            ArrayNode list = json.putArray("categoryNames");
            categories.forEach(c -> list.add(c.category()));
            output.document(json);
            output.text("Store:      " + opened);
            output.text("Head:       global position " + head);
            output.text("Messages:   " + messages + " in " + streams + " streams of " + categories.size() + " categories");
            return Main.OK;
        }
    }
}
