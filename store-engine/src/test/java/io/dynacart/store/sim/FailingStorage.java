package io.dynacart.store.sim;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.Hints;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.PartitionStats;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StorageFailedException;
import io.dynacart.store.storage.StoredKey;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.function.Consumer;

/**
 * A storage whose key data the test can break: once {@linkplain #fail() failing}, every read and
 * write of a key throws, as a storage whose disk is gone does. Hints are left alone. The fault a
 * test injects on purpose.
 */
final class FailingStorage implements Storage {

    private final Storage inner;
    private boolean failing;

    FailingStorage(Storage inner) {
        this.inner = inner;
    }

    /** From now on, every read and write of a key throws. */
    void fail() {
        failing = true;
    }

    private void check() {
        if (failing) {
            throw new StorageFailedException("the disk is gone (injected by the test)", null);
        }
    }

    @Override
    public Partitioner partitioner() {
        return inner.partitioner();
    }

    @Override
    public List<Versioned<Value>> get(Key key) {
        check();
        return inner.get(key);
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        check();
        return inner.put(key, version);
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        check();
        return inner.merge(key, versions);
    }

    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        check();
        return inner.mergeNoWait(key, versions, forced);
    }

    @Override
    public Durability durability() {
        return inner.durability();
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

    @Override
    public Hints hints() {
        return inner.hints();
    }

    @Override
    public void close() {
        inner.close();
    }
}
