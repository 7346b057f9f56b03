package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredKey;
import io.dynacart.store.transport.AntiEntropyMessage.KeyDigest;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Merkle trees of every partition a node holds, one {@link MerkleTree} each, created when a
 * partition's first key arrives.
 *
 * <p>Thread-safe: writes come from the node's event loop (through {@link TreeMaintainingStorage}),
 * while an exchange may read from elsewhere; each tree is guarded by its own lock, so a read sees a
 * tree between two updates, never during one. A tree read during writes is a moment's view, which is
 * all anti-entropy needs: what it misses now, a later exchange finds.
 */
public final class MerkleIndex {

    private final Partitioner partitioner;
    private final int depth;
    /** An empty tree, for its shape: which leaf a key falls in. */
    private final MerkleTree shape;
    private final Map<PartitionId, MerkleTree> trees = new ConcurrentHashMap<>();

    /** An empty index for partitions of {@code partitioner}, with trees {@code depth} levels deep. */
    public MerkleIndex(Partitioner partitioner, int depth) {
        this.partitioner = partitioner;
        this.depth = depth;
        this.shape = new MerkleTree(partitioner, depth);
    }

    /**
     * An index with every partition of {@code storage} read in: what a node builds on start, before it
     * takes writes (a write made during the scan of its partition may be missed until it is written again
     * or an exchange repairs it).
     */
    public static MerkleIndex rebuiltFrom(Storage storage, int depth) {
        MerkleIndex index = new MerkleIndex(storage.partitioner(), depth);
        for (int p = 0; p < storage.partitioner().partitionCount(); p++) {
            index.rebuild(storage, PartitionId.of(p));
        }
        return index;
    }

    /** Replaces the tree of {@code partition} by one read from {@code storage}. */
    public void rebuild(Storage storage, PartitionId partition) {
        MerkleTree tree = new MerkleTree(partitioner, depth);
        storage.scan(partition, stored -> addTo(tree, stored));
        if (tree.size() == 0) {
            trees.remove(partition);
        } else {
            trees.put(partition, tree);
        }
    }

    private static void addTo(MerkleTree tree, StoredKey stored) {
        if (!stored.siblings().isEmpty()) {
            tree.update(stored.hash(), stored.key(), EntryHash.of(stored.hash(), stored.siblings()));
        }
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    /** Levels below the roots of this index's trees. */
    public int depth() {
        return depth;
    }

    /** Records that {@code key} now holds {@code siblings} (none: the key is gone). */
    public void update(Key key, List<Versioned<Value>> siblings) {
        KeyHash hash = KeyHash.of(key);
        PartitionId partition = partitioner.partitionOf(hash);
        if (siblings.isEmpty()) {
            MerkleTree tree = trees.get(partition);
            if (tree != null) {
                synchronized (tree) {
                    tree.remove(hash, key);
                }
            }
            return;
        }
        long entryHash = EntryHash.of(hash, siblings);
        MerkleTree tree = trees.computeIfAbsent(partition, p -> new MerkleTree(partitioner, depth));
        synchronized (tree) {
            tree.update(hash, key, entryHash);
        }
    }

    /** Forgets the tree of {@code partition}, as its data was dropped. */
    public void drop(PartitionId partition) {
        trees.remove(partition);
    }

    /** The hash of node {@code index} at {@code level} of the partition's tree; 0 for a partition with no keys. */
    public long hash(PartitionId partition, int level, int index) {
        MerkleTree tree = trees.get(partition);
        if (tree == null) {
            return 0;
        }
        synchronized (tree) {
            return tree.hash(level, index);
        }
    }

    /** The root hash of the partition's tree: 0 when it holds nothing. */
    public long root(PartitionId partition) {
        return hash(partition, 0, 0);
    }

    /** The keys of the given leaves with their entry hashes, leaf by leaf in the order given, each in key order. */
    public List<KeyDigest> leafEntries(PartitionId partition, List<Integer> leaves) {
        MerkleTree tree = trees.get(partition);
        List<KeyDigest> out = new ArrayList<>();
        if (tree == null) {
            return out;
        }
        synchronized (tree) {
            for (int leaf : leaves) {
                tree.leafEntries(leaf).forEach((key, hash) -> out.add(new KeyDigest(key, hash)));
            }
        }
        return out;
    }

    /** The leaf of the partition's tree that holds {@code key}. */
    public int leafOf(Key key) {
        return shape.leafOf(KeyHash.of(key));
    }

    /** Keys held in the partition's tree. */
    public int size(PartitionId partition) {
        MerkleTree tree = trees.get(partition);
        if (tree == null) {
            return 0;
        }
        synchronized (tree) {
            return tree.size();
        }
    }
}
