package io.microlith.bench.peers;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cache of Axon aggregates that keeps every entry, the counterpart of Microlith's entity cache in the round trip
 * (sized for every counter there). Axon's own {@code WeakReferenceCache} loses entries at each collection, and a
 * miss makes Axon's in-memory engine scan every stored event, which would measure that scan instead of the round trip.
 */
final class StrongCache implements Cache {
    private final Map<Object, Object> entries = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return () -> true;
    }
}
