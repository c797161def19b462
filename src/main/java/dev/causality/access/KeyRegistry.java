package dev.causality.access;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This collector's view of the active write keys, kept current by a watch on the key bucket: a
 * request's key is looked up by its hash, a preflight's origin among the origins of all keys.
 */
public final class KeyRegistry {

    private final Map<String, WriteKey> byId = new ConcurrentHashMap<>();
    private final Map<String, WriteKey> byHash = new ConcurrentHashMap<>();
    private volatile Set<String> origins = Set.of();
    private volatile boolean loaded;

    /** A key was created (or rewritten). */
    public synchronized void put(WriteKey key) {
        WriteKey previous = byId.put(key.id(), key);
        if (previous != null) {
            byHash.remove(previous.hash());
        }
        byHash.put(key.hash(), key);
        refreshOrigins();
    }

    /** A key was revoked. */
    public synchronized void remove(String id) {
        WriteKey previous = byId.remove(id);
        if (previous != null) {
            byHash.remove(previous.hash());
        }
        refreshOrigins();
    }

    /** Every key stored when the watch began has been seen. */
    public void loaded() {
        loaded = true;
    }

    public boolean isLoaded() {
        return loaded;
    }

    /** The active key of this secret, or null. */
    public WriteKey lookup(String presentedKey) {
        return presentedKey == null || presentedKey.isEmpty() ? null : byHash.get(WriteKey.hash(presentedKey));
    }

    /** Some active key names this browser origin (the only origins that get CORS headers). */
    public boolean anyKeyAllowsOrigin(String origin) {
        return origin != null && origins.contains(origin.toLowerCase(java.util.Locale.ROOT));
    }

    private void refreshOrigins() {
        Set<String> all = new java.util.HashSet<>();
        byId.values().forEach(key -> all.addAll(key.origins()));
        origins = Set.copyOf(all);
    }
}
