package io.dynacart.store.handoff;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.Hints;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.PartitionStats;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredKey;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link MemoryStorage} whose disk flush the test holds: every write is stored at once (reads see
 * it) but is durable only when the test {@linkplain #flush() flushes}, or never if it {@linkplain
 * #breakDisk() breaks the disk}. The fault a test injects on purpose: a slow or failing fsync.
 */
final class HeldDiskStorage implements Storage {

    private final MemoryStorage inner;
    private CompletableFuture<Void> disk = new CompletableFuture<>();

    HeldDiskStorage(MemoryStorage inner) {
        this.inner = inner;
    }

    /** Makes every write so far durable. */
    void flush() {
        disk.complete(null);
        disk = new CompletableFuture<>();
    }

    /** Fails every write so far: it will never be durable. */
    void breakDisk() {
        disk.completeExceptionally(new IllegalStateException("fdatasync failed (injected by the test)"));
        disk = new CompletableFuture<>();
    }

    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        return new Merged(inner.merge(key, versions), disk);
    }

    @Override
    public Partitioner partitioner() {
        return inner.partitioner();
    }

    @Override
    public List<Versioned<Value>> get(Key key) {
        return inner.get(key);
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        return mergeNoWait(key, List.of(version), false).awaitDurable();
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        return mergeNoWait(key, versions, false).awaitDurable();
    }

    @Override
    public Durability durability() {
        return Durability.FSYNC;
    }

    @Override
    public void scan(PartitionId partition, Consumer<StoredKey> visitor) {
        inner.scan(partition, visitor);
    }

    @Override
    public boolean purge(Key key, List<Versioned<Value>> expected) {
        return inner.purge(key, expected);
    }

    @Override
    public PartitionStats stats(PartitionId partition) {
        return inner.stats(partition);
    }

    @Override
    public void dropPartition(PartitionId partition) {
        inner.dropPartition(partition);
    }

    /** Hints are held in memory and durable at once: what these tests hold back is data's disk. */
    @Override
    public Hints hints() {
        return inner.hints();
    }

    @Override
    public void close() {
        inner.close();
    }
}
