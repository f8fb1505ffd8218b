package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Retry or skip of a parked message through the running application ({@code retry}, {@code skip}): finds which of its
 * consumers parked the message, then asks that consumer, through the admin API, to release it. The consumer does it
 * between two of its batches and the application audits it as an event that follows the parked message.
 */
final class ParkedAction {
    private ParkedAction() {
    }

    /** Runs the action ({@code retry} or {@code skip}); returns the application's answer for the output. */
    static JsonNode run(AdminClient app, String action, String messageId, String consumerName, String url) {
        try {
            UUID.fromString(messageId);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("'" + messageId + "' is no message id (a UUID such as 0190a5c4-...)");
        }
        AdminClient.Answer listed = app.get("/admin/api/parked");
        if (listed.status() != 200) {
            throw CommandFailure.failed("The application at " + url + " did not list its parked messages: " + listed.message());
        }
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode parked : listed.body().path("parked")) {
            if (parked.path("messageId").asText().equals(messageId)
                    && (consumerName == null || parked.path("consumer").asText().equals(consumerName))) {
                matches.add(parked);
            }
        }
        if (matches.isEmpty()) {
            throw CommandFailure.failed("No consumer of the application at " + url + " has message " + messageId + " parked"
                    + (consumerName == null ? "" : " (looked at consumer " + consumerName + ")")
                    + "; 'microlith parked STORE' lists the parked messages");
        }
        if (matches.size() > 1) {
            throw CommandFailure.usage("Message " + messageId + " is parked by several consumers ("
                    + String.join(", ", matches.stream().map(m -> m.path("consumer").asText()).toList())
                    + "); choose one with --consumer NAME");
        }
        JsonNode parked = matches.getFirst();
        AdminClient.Answer answer = app.post("/admin/api/consumers/" + parked.path("category").asText() + "/"
                + parked.path("consumer").asText() + "/parked/" + messageId + "/" + action);
        if (answer.status() != 200) {
            throw CommandFailure.failed(answer.message());
        }
        return Output.object().put("messageId", messageId).put("category", parked.path("category").asText())
                .put("consumer", parked.path("consumer").asText()).put("outcome", answer.body().path("outcome").asText());
    }
}
