package io.microlith.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code read STORE STREAM}: a stream's messages. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Print the messages of one stream, in position order, with their data (and metadata with --json).")
final class ReadCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store.")
    String store;

    @Parameters(index = "1", paramLabel = "STREAM", description = "The stream, e.g. account-123.")
    String stream;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "0", description = "The first position (default 0).")
    long from;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "The most messages (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        StreamName name = StreamName.of(stream);
        if (name.isCategory()) {
            throw CommandFailure.usage("'" + stream + "' is a category, not a stream (a stream is category-id);"
                    + " see 'microlith tail' or 'microlith streams --category'");
        }
        try (MessageStore opened = Stores.existing(store)) {
            if (opened.streamVersion(name) < 0) {
                throw CommandFailure.failed("Stream " + stream + " has no messages in " + store);
            }
            List<Message> messages = opened.readStream(name, from, limit);
            ArrayNode json = Output.array();
            for (Message message : messages) {
                json.add(Output.message(message));
                output.text(Output.line(message));
            }
            output.document(json);
            return Main.OK;
        }
    }
}
