package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code skip MESSAGE_ID}: see {@link ParkedAction}. */
@Command(name = "skip", mixinStandardHelpOptions = true,
        description = {"Give up on a parked message, through the running application: the consumer that parked it goes on without it (handling the messages of its stream it held back).", "The application audits it (decision 0070). Needs an administrator: --user, MICROLITH_PASSWORD."})
final class SkipCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Mixin
    AppOptions app;

    @Parameters(index = "0", paramLabel = "MESSAGE_ID", description = "The parked message's id (see 'microlith parked').")
    String messageId;

    @Option(names = "--consumer", paramLabel = "NAME", description = "The consumer that parked it, when several did.")
    String consumer;

    @Override
    public Integer call() {
        JsonNode result = ParkedAction.run(app.login(), "skip", messageId, consumer, app.url);
        output.document(result);
        output.text("Message " + messageId + " skipped by consumer " + result.path("consumer").asText() + " of "
                + result.path("category").asText() + ".");
        return Main.OK;
    }
}
