package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sibling sets that are acknowledged (in the log) but not yet in SQLite. Reads look here first, so
 * a node reads its own writes before their batch commits. An entry leaves once its batch commits,
 * unless a newer write of the key replaced it meanwhile.
 */
final class PendingWrites {

    /** A key's siblings as of log sequence {@code seq}, with their stored size. */
    record Entry(List<Versioned<Value>> siblings, long storedBytes, long seq) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    Entry get(Key key) {
        return entries.get(key);
    }

    void put(Key key, Entry entry) {
        entries.put(key, entry);
    }

    /** Forgets {@code entry} now that SQLite holds it, unless a newer entry took its place. */
    void applied(Key key, Entry entry) {
        entries.remove(key, entry);
    }

    int size() {
        return entries.size();
    }
}
