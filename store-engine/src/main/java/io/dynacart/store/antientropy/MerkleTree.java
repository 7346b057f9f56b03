package io.dynacart.store.antientropy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Partitioner;
import java.util.BitSet;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Merkle tree of one partition (paper, section 4.7): a fixed-shape tree over the key-hash range
 * of the partition, kept current one key at a time. Not thread-safe: {@link MerkleIndex} guards it.
 *
 * <pre>
 *   level 0                         root                          1 node
 *                          /         |          \
 *   level 1            n0    n1    ...    n15                    16 nodes
 *                     / | \
 *   level 2 (leaves) l0 .. l15  ...                 l255          256 leaves (depth 2)
 *                    |
 *                    { key -&gt; entry hash, ... }     a handful of keys each
 * </pre>
 *
 * <p>Shape: every inner node has {@value #FANOUT} children; a key's leaf is read from the bits of
 * its hash just below the partition's bits, {@code 4 * depth} of them, so a leaf covers a contiguous
 * range of the partition in key-hash order and both replicas of a partition agree on it. The depth
 * is fixed for a cluster's life, like Q. {@link #DEFAULT_DEPTH} = 2 (256 leaves) fits about 1e3 keys a
 * partition (Q = 256, so 1e5 to 1e6 keys a node): a leaf then lists about four keys, so a differing key
 * costs a digest list of a few dozen bytes; a tree costs about 2 KiB beside its keys' entries; and
 * finding the differing leaves takes three round trips. One level more would multiply the leaves
 * (and a fully diverged partition's hashes on the wire) by 16 to save listing four keys.
 *
 * <p>Hashes: a leaf's hash is the sum (mod 2^64) of its entries' {@link EntryHash}es, so adding,
 * changing or removing a key updates it in O(1), and the marks that its ancestors are stale in
 * O(depth); an inner node's hash is recomputed from its 16 children only when read while marked.
 * An inner node whose children are all 0 hashes to 0, so an empty tree's root is 0, whatever it
 * held before. Equal contents give equal hashes; unequal contents give unequal hashes except with
 * probability about 2^-64 per node.
 */
public final class MerkleTree {

    /** Children of an inner node. */
    public static final int FANOUT = 16;
    /** The depth a node's trees have unless configured otherwise; see the class comment. */
    public static final int DEFAULT_DEPTH = 2;
    /** The deepest tree accepted: 65536 leaves, 512 KiB of leaf hashes a partition. */
    public static final int MAX_DEPTH = 4;

    private static final int BITS_PER_LEVEL = 4;

    private final int partitionBits;
    private final int depth;
    private final long[][] hashes;
    private final BitSet[] stale;
    private final TreeMap<Key, Long>[] leaves;
    private int size;

    /** An empty tree of {@code depth} levels below the root for a partition of {@code partitioner}. */
    @SuppressWarnings("unchecked")
    public MerkleTree(Partitioner partitioner, int depth) {
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("tree depth must be from 1 to " + MAX_DEPTH + ", was " + depth);
        }
        this.partitionBits = Integer.numberOfTrailingZeros(partitioner.partitionCount());
        this.depth = depth;
        this.hashes = new long[depth + 1][];
        this.stale = new BitSet[depth];
        for (int level = 0; level <= depth; level++) {
            hashes[level] = new long[nodesAt(level)];
            if (level < depth) {
                stale[level] = new BitSet(nodesAt(level));
            }
        }
        this.leaves = new TreeMap[nodesAt(depth)];
    }

    /** Levels below the root; the leaves are at level {@code depth()}. */
    public int depth() {
        return depth;
    }

    /** Nodes at {@code level}: 16^level. */
    public static int nodesAt(int level) {
        return 1 << (BITS_PER_LEVEL * level);
    }

    /** Keys held. */
    public int size() {
        return size;
    }

    /** The leaf that holds keys with this hash (the hash must lie in this tree's partition). */
    public int leafOf(KeyHash hash) {
        return (int) ((hash.high() << partitionBits) >>> (Long.SIZE - BITS_PER_LEVEL * depth));
    }

    /** Records that {@code key} (whose hash is {@code hash}) now has entry hash {@code entryHash}. */
    public void update(KeyHash hash, Key key, long entryHash) {
        Objects.requireNonNull(key, "key");
        int leaf = leafOf(hash);
        if (leaves[leaf] == null) {
            leaves[leaf] = new TreeMap<>();
        }
        Long old = leaves[leaf].put(key, entryHash);
        if (old == null) {
            size++;
        }
        hashes[depth][leaf] += entryHash - (old == null ? 0 : old);
        markAncestors(leaf);
    }

    /** Forgets {@code key}; nothing happens when it is not held. */
    public void remove(KeyHash hash, Key key) {
        int leaf = leafOf(hash);
        TreeMap<Key, Long> entries = leaves[leaf];
        Long old = entries == null ? null : entries.remove(key);
        if (old == null) {
            return;
        }
        size--;
        if (entries.isEmpty()) {
            leaves[leaf] = null;
        }
        hashes[depth][leaf] -= old;
        markAncestors(leaf);
    }

    /** The root's hash: 0 for an empty tree. */
    public long root() {
        return hash(0, 0);
    }

    /** The hash of node {@code index} of {@code level} (0 = root, {@code depth()} = leaves). */
    public long hash(int level, int index) {
        if (level < 0 || level > depth || index < 0 || index >= nodesAt(level)) {
            throw new IllegalArgumentException("no node " + index + " at level " + level + " of a tree " + depth
                    + " deep");
        }
        if (level < depth && stale[level].get(index)) {
            long combined = combine(level, index);
            hashes[level][index] = combined;
            stale[level].clear(index);
        }
        return hashes[level][index];
    }

    /** The keys of {@code leaf} with their entry hashes, in key order (a copy). */
    public SortedMap<Key, Long> leafEntries(int leaf) {
        if (leaf < 0 || leaf >= leaves.length) {
            throw new IllegalArgumentException("no leaf " + leaf + " in a tree of " + leaves.length + " leaves");
        }
        return leaves[leaf] == null ? Collections.emptySortedMap() : new TreeMap<>(leaves[leaf]);
    }

    /** Marks the leaf's ancestors stale; a stale node's ancestors are always stale, so it stops at the first. */
    private void markAncestors(int leaf) {
        for (int level = depth - 1; level >= 0; level--) {
            int index = leaf >>> (BITS_PER_LEVEL * (depth - level));
            if (stale[level].get(index)) {
                return;
            }
            stale[level].set(index);
        }
    }

    /** An order-dependent hash of the node's children; 0 when every child is 0. */
    private long combine(int level, int index) {
        long h = 0x243F6A8885A308D3L;
        boolean any = false;
        int first = index * FANOUT;
        for (int i = 0; i < FANOUT; i++) {
            long child = hash(level + 1, first + i);
            any |= child != 0;
            h = (h ^ EntryHash.mix(child + i)) * 0x9E3779B97F4A7C15L;
        }
        return any ? EntryHash.mix(h) : 0;
    }
}
