package io.microlith.store;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens a message store from a setting such as {@code memory:}, {@code sqlite:./data/microlith.db} or
 * {@code postgresql://127.0.0.1/microlith}. The scheme is everything before the first {@code :}; each
 * scheme comes from a {@link MessageStoreProvider} on the class path (core provides {@code memory}).
 */
public final class MessageStores {
    private MessageStores() {
    }

    /**
     * @throws IllegalArgumentException for a setting without scheme, or a scheme no module on the class
     *                                  path provides (the message lists the schemes that are available)
     */
    public static MessageStore open(String setting) {
        if (setting == null || setting.indexOf(':') <= 0) {
            throw new IllegalArgumentException("A store setting looks like 'memory:', 'sqlite:<file>' or "
                    + "'postgresql://<host>/<database>', got " + (setting == null ? "null" : "'" + setting + "'"));
        }
        String scheme = setting.substring(0, setting.indexOf(':'));
        Map<String, MessageStoreProvider> providers = providers();
        MessageStoreProvider provider = providers.get(scheme);
        if (provider == null) {
            throw new IllegalArgumentException("No message store for scheme '" + scheme + "' in setting '" + setting
                    + "'; available: " + String.join(", ", providers.keySet())
                    + ". Add the adapter module (e.g. microlith-" + scheme + ") to the class path.");
        }
        return provider.open(setting);
    }

    private static Map<String, MessageStoreProvider> providers() {
        Map<String, MessageStoreProvider> providers = new TreeMap<>();
        for (MessageStoreProvider provider : ServiceLoader.load(MessageStoreProvider.class)) {
            provider.schemes().forEach(scheme -> providers.put(scheme, provider));
        }
        return providers;
    }
}
