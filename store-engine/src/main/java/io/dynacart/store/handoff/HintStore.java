package io.dynacart.store.handoff;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.Hints;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.StoredHint;
import io.dynacart.store.time.Clock;
import io.dynacart.store.versioning.Versioned;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Storing hints: the copies a fallback keeps for an unreachable primary, in the node's own
 * {@link Hints}, so they survive the fallback's restart. "Where a hint goes" is the ring's
 * {@code PreferenceList.targets}; "delivering it" is {@link HintDelivery}.
 *
 * <p>Nothing here waits for the disk: the storage answers hint reads from memory and writes SQLite
 * behind its log, and {@link #keep} hands back when the hint is durable instead of waiting for it.
 *
 * <p>Beside the durable hints, an index in memory says of each hint since when this node keeps it
 * (for its lifetime, see {@link HintDelivery}) and the oldest write it holds (for the
 * {@linkplain #horizon hint horizon} that tombstone collection waits for). It is rebuilt from storage
 * on start: a restart makes every hint young again, which only delays its hand-on.
 *
 * <p>Confined to the node's event loop.
 */
public final class HintStore {

    /** One hint's place in the index. */
    private record HintId(NodeId intendedFor, Key key) {
    }

    /** Since when the hint is kept here, and the oldest write time of a version it held since. */
    private record Tracked(long keptSince, long oldestWrite) {
    }

    private final Hints hints;
    private final Clock clock;
    private final Map<HintId, Tracked> index = new HashMap<>();
    /** How many nodes this node keeps hints of each key for: a read asks storage only for those keys. */
    private final Map<Key, Integer> hintedKeys = new HashMap<>();
    private BiConsumer<Key, List<Versioned<Value>>> deletions = (key, siblings) -> { };
    private long stored;

    public HintStore(Hints hints, Clock clock) {
        this.hints = hints;
        this.clock = clock;
        long now = clock.nowMillis();
        for (NodeId node : hints.counts().keySet()) {
            for (StoredHint hint : hints.forNode(node, Integer.MAX_VALUE)) {
                track(new HintId(node, hint.key()), new Tracked(now, oldestWrite(hint.siblings())));
            }
        }
    }

    /** Tells {@code listener} of every hint this store deletes, by key and content (replacing any listener before). */
    public void onDeleted(BiConsumer<Key, List<Versioned<Value>>> listener) {
        this.deletions = listener;
    }

    /**
     * Keeps {@code siblings} of {@code key} for {@code intendedFor}, merged with what is already kept.
     * Returns without waiting for the disk: what the hint holds, and when it is durable (per the
     * storage's mode; whoever acknowledges the hint waits for that by callback).
     */
    public Merged keep(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        Merged kept = hints.putNoWait(intendedFor, key, siblings, false);
        stored++;
        long oldest = oldestWrite(siblings);
        track(new HintId(intendedFor, key), new Tracked(clock.nowMillis(), oldest));
        return kept;
    }

    private void track(HintId id, Tracked tracked) {
        Tracked was = index.get(id);
        if (was == null) {
            index.put(id, tracked);
            hintedKeys.merge(id.key(), 1, Integer::sum);
        } else {
            index.put(id, new Tracked(was.keptSince(), Math.min(was.oldestWrite(), tracked.oldestWrite())));
        }
    }

    /** Hints kept since start (a key kept twice for one node counts twice). Loop only. */
    public long storedCount() {
        return stored;
    }

    /** Up to {@code limit} hints waiting for {@code node}. */
    public List<StoredHint> waitingFor(NodeId node, int limit) {
        return hints.forNode(node, limit);
    }

    /** Keys waiting, per intended node. */
    public Map<NodeId, Long> pending() {
        return hints.counts();
    }

    /** How long {@code hint} has been kept here, as of {@code now}. */
    public long age(StoredHint hint, long now) {
        Tracked t = index.get(new HintId(hint.intendedFor(), hint.key()));
        return t == null ? 0 : Math.max(0, now - t.keptSince());
    }

    /**
     * The hint horizon: every version of every hint kept here was written after it (by the clock of
     * the node that wrote it), and it is never later than {@code now}. With no hint kept, {@code now}.
     * Gossip spreads it; a tombstone is collected only once every member's horizon has passed the time
     * every replica held it (see {@code antientropy.TombstoneAges}), so no hint can bring back what a
     * delete removed.
     */
    public long horizon(long now) {
        long h = now;
        for (Tracked t : index.values()) {
            h = Math.min(h, t.oldestWrite());
        }
        return h;
    }

    /**
     * Forgets a hint once its primary (or a replica it was handed on to) acknowledged it, unless it
     * grew since it was sent. Returns whether it was deleted.
     */
    public boolean delivered(StoredHint hint) {
        boolean deleted = hints.delete(hint.intendedFor(), hint.key(), hint.siblings());
        if (deleted) {
            if (index.remove(new HintId(hint.intendedFor(), hint.key())) != null) {
                hintedKeys.computeIfPresent(hint.key(), (k, n) -> n == 1 ? null : n - 1);
            }
            deletions.accept(hint.key(), hint.siblings());
        }
        return deleted;
    }

    /** Versions of {@code key} kept here for any node: a read served by this node includes them. */
    public List<Versioned<Value>> keptFor(Key key) {
        return hintedKeys.containsKey(key) ? hints.forKey(key) : List.of();
    }

    /** The nodes this node keeps hints of {@code key} for, sorted (an operator's view; a pass over the hints). */
    public List<NodeId> intendedFor(Key key) {
        if (!hintedKeys.containsKey(key)) {
            return List.of();
        }
        return index.keySet().stream().filter(id -> id.key().equals(key)).map(HintId::intendedFor).sorted().toList();
    }

    /** The partitions, by {@code partitioner}, of the keys this node keeps hints of: it still acts for them as a fallback. */
    public Set<PartitionId> partitions(Partitioner partitioner) {
        Set<PartitionId> out = new HashSet<>();
        for (Key key : hintedKeys.keySet()) {
            out.add(partitioner.partitionOf(KeyHash.of(key)));
        }
        return out;
    }

    /** The write time of the oldest version in {@code siblings}, the latest time for none. */
    private static long oldestWrite(List<Versioned<Value>> siblings) {
        long oldest = Long.MAX_VALUE;
        for (Versioned<Value> v : siblings) {
            oldest = Math.min(oldest, v.dot().timestampMillis());
        }
        return oldest;
    }
}
