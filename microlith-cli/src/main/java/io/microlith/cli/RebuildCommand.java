package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code rebuild VIEW}: a blue/green rebuild of a view of the running application, with its progress. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuild a view of the running application from the store: the application builds its other copy"
                + " while the active one serves, then switches (blue/green). Shows the progress until it is done.",
                "The application audits it (decision 0070). Needs an administrator: --user, MICROLITH_PASSWORD."})
final class RebuildCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Mixin
    AppOptions app;

    @Parameters(index = "0", paramLabel = "VIEW", description = "The view's name, e.g. users.")
    String view;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal), bar, lines or none.")
    String progress;

    @Option(names = "--poll", paramLabel = "MILLISECONDS", defaultValue = "250", description = "How often to ask for progress.")
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        ProgressBar.Mode mode;
        try {
            mode = ProgressBar.Mode.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("--progress must be auto, bar, lines or none, not '" + progress + "'");
        }
        AdminClient client = app.login();
        String path = "/admin/api/views/" + view;
        AdminClient.Answer before = client.get(path);
        if (before.status() == 404) {
            throw CommandFailure.failed("The application at " + app.url + " keeps no view named '" + view + "'; it keeps: "
                    + String.join(", ", views(client)));
        }
        if (before.status() != 200) {
            throw CommandFailure.failed(before.message());
        }
        String activeBefore = before.body().path("active").asText();
        AdminClient.Answer started = client.post(path + "/rebuild");
        if (started.status() != 202) {
            throw CommandFailure.failed(started.message());
        }
        JsonNode status;
        try (ProgressBar bar = new ProgressBar(output.err(), mode)) {
            while (true) {
                AdminClient.Answer answer = client.get(path);
                if (answer.status() != 200) {
                    throw CommandFailure.failed(answer.message());
                }
                status = answer.body();
                JsonNode report = status.path("progress");
                if (!report.isMissingNode() && !report.isNull() && status.path("rebuilding").asBoolean()) {
                    bar.update("rebuilding", report.path("fraction").asDouble(), report.path("messages").asLong()
                            + " messages, global position " + report.path("position").asLong() + " of " + report.path("target").asLong());
                }
                if (!status.path("rebuilding").asBoolean()) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(pollMillis);
            }
            if (!status.path("active").asText().equals(activeBefore)) {
                JsonNode report = status.path("progress");
                bar.update("rebuilding", 1, report.path("messages").asLong() + " messages, done");
            }
        }
        // A rebuild that completes makes the rebuilt copy the active one: the active copy did not change if it failed.
        boolean switched = !status.path("active").asText().equals(activeBefore);
        output.document(status);
        if (!switched) {
            throw CommandFailure.failed("The rebuild of view " + view + " failed; the " + activeBefore
                    + " copy keeps serving (the application's log says why)");
        }
        output.text("View " + view + " rebuilt from " + status.path("progress").path("messages").asLong()
                + " messages; the " + status.path("active").asText() + " copy serves now.");
        return Main.OK;
    }

    private static List<String> views(AdminClient client) {
        List<String> names = new ArrayList<>();
        client.get("/admin/api/views").body().path("views").forEach(v -> names.add(v.path("view").asText()));
        return names;
    }
}
