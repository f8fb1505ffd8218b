package io.microlith.store;

/**
 * Opens a store from a URL-like setting. Each adapter module registers one for its scheme in
 * {@code META-INF/services/io.microlith.store.MessageStoreProvider}, the way JDBC drivers register,
 * so that the store is chosen by configuration while core knows no adapter.
 */
public interface MessageStoreProvider {

    /** The schemes this provider opens, e.g. {@code sqlite} or {@code postgresql}. */
    java.util.Set<String> schemes();

    /**
     * Opens the store the setting names.
     *
     * @param setting the whole setting, e.g. {@code sqlite:./data/microlith.db}
     * @throws IllegalArgumentException when the setting is malformed, saying what was expected
     */
    MessageStore open(String setting);
}
