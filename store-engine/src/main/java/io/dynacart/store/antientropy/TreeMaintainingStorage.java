package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.ForgottenKeys;
import io.dynacart.store.storage.ForwardingStorage;
import io.dynacart.store.storage.Hints;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link Storage} that keeps a {@link MerkleIndex} current: every mutation of data goes to the real
 * storage first, and the sibling set it returns (what the key now holds) updates the key's tree
 * entry. So whatever path writes (a client put, replication, read repair, hinted handoff, transfer,
 * anti-entropy itself), the trees follow, at O(depth) a write instead of a rebuild.
 *
 * <p>The tree is updated after the storage returns, and even when the write changed nothing, so a
 * tree entry made stale (say by a crash between the two) is set right by the next write of its key.
 * Writes of one key must not race each other (the node's event loop makes them one at a time), or
 * the tree could keep the older of two results. Hints are not data of this node's partitions: they
 * pass through untouched. A mutation added to {@code Storage} later belongs here as one more
 * override that ends in {@link MerkleIndex#update} with what the key holds afterwards (the rest
 * forward, through {@link ForwardingStorage}).
 */
public final class TreeMaintainingStorage extends ForwardingStorage {

    private final MerkleIndex index;

    public TreeMaintainingStorage(Storage delegate, MerkleIndex index) {
        super(delegate);
        if (!delegate.partitioner().equals(index.partitioner())) {
            throw new IllegalArgumentException("storage has " + delegate.partitioner() + " but the trees have "
                    + index.partitioner());
        }
        this.index = index;
    }

    /** The trees this storage keeps current. */
    public MerkleIndex index() {
        return index;
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        return updated(key, delegate.put(key, version));
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        return updated(key, delegate.merge(key, versions));
    }

    /** The tree follows at once: the siblings are stored (and read back) before they are durable. */
    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        Merged merged = delegate.mergeNoWait(key, versions, forced);
        index.update(key, merged.siblings());
        return merged;
    }

    private List<Versioned<Value>> updated(Key key, List<Versioned<Value>> siblings) {
        index.update(key, siblings);
        return siblings;
    }

    @Override
    public boolean purge(Key key, List<Versioned<Value>> expected, Predicate<Versioned<Value>> expired) {
        boolean purged = delegate.purge(key, expected, expired);
        if (purged) {
            index.update(key, List.of());
        }
        return purged;
    }

    /**
     * The trees forget each key as it goes. This runs off the loop, beside the loop's writes: a write
     * of a key between its removal and the tree's can leave the tree naming a key storage no longer
     * holds (no harm: an exchange then lists it and ships nothing), set right by the key's next write.
     */
    @Override
    public ForgottenKeys forget(PartitionId partition, int maxKeys) {
        ForgottenKeys forgotten = delegate.forget(partition, maxKeys);
        forgotten.keys().forEach(key -> index.update(key, List.of()));
        return forgotten;
    }

    @Override
    public void dropPartition(PartitionId partition) {
        delegate.dropPartition(partition);
        index.drop(partition);
    }
}
