package io.dynacart.store.handoff;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredHint;
import io.dynacart.store.storage.Value;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Storing hints: the copies a fallback keeps for an unreachable primary, in the node's own
 * {@link Storage}, so they survive the fallback's restart. "Where a hint goes" is the ring's
 * {@code PreferenceList.targets}; "delivering it" is {@link HintDelivery}.
 */
public final class HintStore {

    private final Storage storage;
    private BiConsumer<Key, List<Versioned<Value>>> deletions = (key, siblings) -> { };
    private long stored;

    public HintStore(Storage storage) {
        this.storage = storage;
    }

    /** Tells {@code listener} of every hint this store deletes, by key and content (replacing any listener before). */
    public void onDeleted(BiConsumer<Key, List<Versioned<Value>>> listener) {
        this.deletions = listener;
    }

    /** Keeps {@code siblings} of {@code key} for {@code intendedFor}, merged with what is already kept. */
    public void keep(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        storage.putHint(intendedFor, key, siblings);
        stored++;
    }

    /** Hints kept since start (a key kept twice for one node counts twice). Loop only. */
    public long storedCount() {
        return stored;
    }

    /** Up to {@code limit} hints waiting for {@code node}. */
    public List<StoredHint> waitingFor(NodeId node, int limit) {
        return storage.hints(node, limit);
    }

    /** Keys waiting, per intended node. */
    public Map<NodeId, Long> pending() {
        return storage.hintCounts();
    }

    /** Forgets a hint its primary acknowledged, unless it grew since it was sent. */
    public boolean delivered(StoredHint hint) {
        boolean deleted = storage.deleteHint(hint.intendedFor(), hint.key(), hint.siblings());
        if (deleted) {
            deletions.accept(hint.key(), hint.siblings());
        }
        return deleted;
    }

    /** Versions of {@code key} kept here for any node: a read served by this node includes them. */
    public List<Versioned<Value>> keptFor(Key key) {
        return storage.hintedSiblings(key);
    }
}
