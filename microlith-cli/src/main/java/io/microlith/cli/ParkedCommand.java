package io.microlith.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.microlith.consumer.ParkedMessage;
import io.microlith.consumer.StoredConsumer;
import io.microlith.store.MessageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code parked STORE}: the messages consumers gave up on. */
@Command(name = "parked", mixinStandardHelpOptions = true,
        description = {"List the messages consumers parked after their last attempt and that are not yet retried or"
                + " skipped, with the error. Retry or skip them with 'microlith retry' / 'microlith skip' against the"
                + " running application."})
final class ParkedCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store.")
    String store;

    @Option(names = "--consumer", paramLabel = "NAME", description = "Only this consumer's.")
    String consumerName;

    @Override
    public Integer call() {
        try (MessageStore opened = Stores.existing(store)) {
            ArrayNode json = Output.array();
            int count = 0;
            for (StoredConsumer consumer : StoredConsumer.find(Stores.browser(opened, store))) {
                if (consumerName != null && !consumer.name().equals(consumerName)) {
                    continue;
                }
                for (ParkedMessage p : consumer.parked(opened)) {
                    count++;
                    json.addObject().put("category", consumer.category()).put("consumer", consumer.name())
                            .put("messageId", p.messageId().toString()).put("stream", p.streamName().value())
                            .put("position", p.position()).put("globalPosition", p.globalPosition()).put("type", p.type())
                            .put("error", p.error()).put("attempts", p.attempts()).put("holdsStream", p.holdsStream())
                            .put("parkedAt", p.parkedAt().toString());
                    output.text(p.messageId() + "  " + consumer.category() + "/" + consumer.name() + "  " + p.type() + "  "
                            + p.streamName() + "/" + p.position() + "  #" + p.globalPosition() + "  parked " + p.parkedAt()
                            + " after " + p.attempts() + " attempts" + (p.holdsStream() ? ", holding its stream back" : ""));
                    output.text("    " + Output.abbreviate(p.error(), 300));
                }
            }
            if (count == 0) {
                output.text("(no parked message)");
            }
            output.document(json);
            return Main.OK;
        }
    }
}
