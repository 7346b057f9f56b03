package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Storage in memory, for the simulator and for tests: the same contract as the SQLite storage
 * ({@code StorageContract}), with "durable" meaning "survives as long as this object". The
 * simulator models a crash by keeping the object and dropping the node around it.
 */
public final class MemoryStorage implements Storage {

    private static final Comparator<StoredKey> HASH_ORDER =
            Comparator.comparing(StoredKey::hash).thenComparing(StoredKey::key);

    private final Partitioner partitioner;
    private final Durability durability;
    private final Map<Key, StoredKey> keys = new HashMap<>();
    private final Map<PartitionId, TreeMap<StoredKey, Long>> byPartition = new HashMap<>();
    private final HintSets hints = new HintSets();
    private final Hints hintsView = new HintsView();

    public MemoryStorage(Partitioner partitioner) {
        this(partitioner, Durability.PROCESS);
    }

    /** {@code durability}: the mode this storage reports; here every write is durable at once whatever it is. */
    public MemoryStorage(Partitioner partitioner, Durability durability) {
        this.partitioner = partitioner;
        this.durability = Objects.requireNonNull(durability, "durability");
    }

    @Override
    public Durability durability() {
        return durability;
    }

    /** Durable at once: a write here lasts as long as this object, which is what durable means here. */
    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        return Merged.durableNow(merge(key, versions));
    }

    @Override
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public synchronized List<Versioned<Value>> get(Key key) {
        StoredKey stored = keys.get(key);
        return stored == null ? List.of() : stored.siblings();
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        return merge(key, List.of(version));
    }

    @Override
    public synchronized List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        SiblingSets.checkBounds(versions);
        List<Versioned<Value>> current = get(key);
        List<Versioned<Value>> result = Reconciliation.reconcile(current, versions);
        if (!Reconciliation.sameVersions(current, result)) {
            store(key, result, SiblingSets.encodeForLog(result));
        }
        return result;
    }

    @Override
    public synchronized boolean purge(Key key, List<Versioned<Value>> expected,
                                      Predicate<Versioned<Value>> expired) {
        List<Versioned<Value>> current = get(key);
        if (!SiblingSets.allDead(current, expired) || !Reconciliation.sameVersions(current, expected)) {
            return false;
        }
        StoredKey old = keys.remove(key);
        byPartition.get(partitioner.partitionOf(old.hash())).remove(old);
        return true;
    }

    private void store(Key key, List<Versioned<Value>> siblings, byte[] encoded) {
        KeyHash hash = KeyHash.of(key);
        PartitionId partition = partitioner.partitionOf(hash);
        TreeMap<StoredKey, Long> index = byPartition.computeIfAbsent(partition, p -> new TreeMap<>(HASH_ORDER));
        StoredKey old = keys.get(key);
        if (old != null) {
            index.remove(old);
        }
        StoredKey stored = new StoredKey(key, hash, siblings);
        keys.put(key, stored);
        index.put(stored, SiblingSets.storedBytes(key, encoded));
    }

    @Override
    public void scan(PartitionId partition, Consumer<StoredKey> visitor) {
        List<StoredKey> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(byPartition.getOrDefault(partition, new TreeMap<>(HASH_ORDER)).keySet());
        }
        snapshot.forEach(visitor);
    }

    @Override
    public synchronized PartitionStats stats(PartitionId partition) {
        TreeMap<StoredKey, Long> index = byPartition.get(partition);
        if (index == null) {
            return PartitionStats.EMPTY;
        }
        return new PartitionStats(index.size(), index.values().stream().mapToLong(Long::longValue).sum());
    }

    @Override
    public synchronized void dropPartition(PartitionId partition) {
        TreeMap<StoredKey, Long> index = byPartition.remove(partition);
        if (index != null) {
            index.keySet().forEach(k -> keys.remove(k.key()));
        }
    }

    @Override
    public synchronized ForgottenKeys forget(PartitionId partition, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("forget at least one key at a time, was " + maxKeys);
        }
        TreeMap<StoredKey, Long> index = byPartition.get(partition);
        List<Key> forgotten = new ArrayList<>();
        long bytes = 0;
        if (index != null) {
            while (forgotten.size() < maxKeys && !index.isEmpty()) {
                Map.Entry<StoredKey, Long> first = index.pollFirstEntry();
                keys.remove(first.getKey().key());
                forgotten.add(first.getKey().key());
                bytes += first.getValue();
            }
            if (index.isEmpty()) {
                byPartition.remove(partition);
            }
        }
        return new ForgottenKeys(forgotten, bytes, index == null ? 0 : index.size());
    }

    /** Nothing on disk: memory is given back as keys go. */
    @Override
    public DiskUsage diskUsage() {
        return DiskUsage.NONE;
    }

    @Override
    public long returnFreeSpace(long maxBytes) {
        return 0;
    }

    @Override
    public Hints hints() {
        return hintsView;
    }

    /** The hints, in memory, under this storage's lock. */
    private final class HintsView implements Hints {

        @Override
        public Merged putNoWait(NodeId intendedFor, Key key, List<Versioned<Value>> siblings, boolean forced) {
            synchronized (MemoryStorage.this) {
                SiblingSets.checkBounds(siblings);
                List<Versioned<Value>> result = hints.afterPut(intendedFor, key, siblings);
                if (result == null) {
                    return Merged.durableNow(hints.get(intendedFor, key));
                }
                SiblingSets.encodeForLog(result);
                hints.set(intendedFor, key, result);
                return Merged.durableNow(result);
            }
        }

        @Override
        public List<StoredHint> forNode(NodeId intendedFor, int limit) {
            synchronized (MemoryStorage.this) {
                return hints.forNode(intendedFor, limit);
            }
        }

        @Override
        public Map<NodeId, Long> counts() {
            synchronized (MemoryStorage.this) {
                return hints.counts();
            }
        }

        @Override
        public boolean delete(NodeId intendedFor, Key key, List<Versioned<Value>> delivered) {
            synchronized (MemoryStorage.this) {
                if (!hints.holdsExactly(intendedFor, key, delivered)) {
                    return false;
                }
                hints.set(intendedFor, key, List.of());
                return true;
            }
        }

        @Override
        public List<Versioned<Value>> forKey(Key key) {
            synchronized (MemoryStorage.this) {
                return hints.forKey(key);
            }
        }
    }

    @Override
    public void close() {
    }
}
