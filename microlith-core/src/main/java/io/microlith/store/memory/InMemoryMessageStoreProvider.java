package io.microlith.store.memory;

import io.microlith.message.MessageLimits;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStoreProvider;

import java.util.Set;

/**
 * Opens {@code memory:} settings: a new, empty {@link InMemoryMessageStore} each time. The one option is the
 * largest message it takes, {@code memory:?maxMessageBytes=N} (default
 * {@value MessageLimits#DEFAULT_MAX_MESSAGE_BYTES}).
 */
public final class InMemoryMessageStoreProvider implements MessageStoreProvider {
    private static final String OPTION = "maxMessageBytes=";

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    /**
     * @throws IllegalArgumentException for an option other than {@code maxMessageBytes}, or a value that is
     *                                  not a number between {@value MessageLimits#MIN_MAX_MESSAGE_BYTES} and
     *                                  {@value MessageLimits#MAX_MESSAGE_BYTES}
     */
    @Override
    public MessageStore open(String setting) {
        int question = setting.indexOf('?');
        if (question < 0 || question == setting.length() - 1) {
            return new InMemoryMessageStore();
        }
        String option = setting.substring(question + 1);
        if (!option.startsWith(OPTION) || option.indexOf('&') >= 0) {
            throw new IllegalArgumentException("Unknown option in in-memory store setting '" + setting
                    + "'; known: maxMessageBytes");
        }
        String value = option.substring(OPTION.length());
        try {
            return new InMemoryMessageStore(MessageLimits.requireMaxMessageBytes(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxMessageBytes must be a number, was '" + value + "' in " + setting, e);
        }
    }
}
