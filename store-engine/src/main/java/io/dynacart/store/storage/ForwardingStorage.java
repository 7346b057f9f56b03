package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link Storage} that hands every call to another: the base of decorators (keeping Merkle trees
 * current, recording what the simulator checks, faults a test injects), which override only what
 * they change.
 */
public abstract class ForwardingStorage implements Storage {

    protected final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Partitioner partitioner() {
        return delegate.partitioner();
    }

    @Override
    public List<Versioned<Value>> get(Key key) {
        return delegate.get(key);
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        return delegate.put(key, version);
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        return delegate.merge(key, versions);
    }

    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        return delegate.mergeNoWait(key, versions, forced);
    }

    @Override
    public Durability durability() {
        return delegate.durability();
    }

    @Override
    public void scan(PartitionId partition, Consumer<StoredKey> visitor) {
        delegate.scan(partition, visitor);
    }

    @Override
    public boolean purge(Key key, List<Versioned<Value>> expected, Predicate<Versioned<Value>> expired) {
        return delegate.purge(key, expected, expired);
    }

    @Override
    public PartitionStats stats(PartitionId partition) {
        return delegate.stats(partition);
    }

    @Override
    public void dropPartition(PartitionId partition) {
        delegate.dropPartition(partition);
    }

    @Override
    public ForgottenKeys forget(PartitionId partition, int maxKeys) {
        return delegate.forget(partition, maxKeys);
    }

    @Override
    public DiskUsage diskUsage() {
        return delegate.diskUsage();
    }

    @Override
    public long returnFreeSpace(long maxBytes) {
        return delegate.returnFreeSpace(maxBytes);
    }

    @Override
    public Hints hints() {
        return delegate.hints();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
