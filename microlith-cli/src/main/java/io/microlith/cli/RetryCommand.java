package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code retry MESSAGE_ID}: see {@link ParkedAction}. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Handle a parked message again, through the running application: the consumer that parked it retries it (and then the messages of its stream it held back). Fails, leaving it parked, when the handler fails again.", "The application audits it (decision 0070). Needs an administrator: --user, MICROLITH_PASSWORD."})
final class RetryCommand implements Callable<Integer> {
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
        JsonNode result = ParkedAction.run(app.login(), "retry", messageId, consumer, app.url);
        output.document(result);
        output.text("Message " + messageId + " handled by consumer " + result.path("consumer").asText() + " of "
                + result.path("category").asText() + ".");
        return Main.OK;
    }
}
