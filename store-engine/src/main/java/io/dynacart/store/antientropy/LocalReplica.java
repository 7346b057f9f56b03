package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.transport.AntiEntropyMessage.KeyDigest;
import io.dynacart.store.versioning.Versioned;
import java.util.List;

/** A node's replica as exchanges see it: the trees of {@code index} and the data of {@code storage}. */
public record LocalReplica(MerkleIndex index, Storage storage) implements ReplicaView {

    /** The replica of a storage that keeps its own trees current. */
    public static LocalReplica of(TreeMaintainingStorage storage) {
        return new LocalReplica(storage.index(), storage);
    }

    @Override
    public Partitioner partitioner() {
        return index.partitioner();
    }

    @Override
    public int depth() {
        return index.depth();
    }

    @Override
    public long hash(PartitionId partition, int level, int index) {
        return this.index.hash(partition, level, index);
    }

    @Override
    public List<KeyDigest> leafEntries(PartitionId partition, List<Integer> leaves) {
        return index.leafEntries(partition, leaves);
    }

    @Override
    public List<Versioned<Value>> siblings(Key key) {
        return storage.get(key);
    }
}
