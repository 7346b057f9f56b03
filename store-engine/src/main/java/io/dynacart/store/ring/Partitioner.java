package io.dynacart.store.ring;

import java.util.Objects;

/**
 * Splits the 128-bit hash space into {@code partitionCount} (Q) equal contiguous ranges: a key's
 * partition is the top log2(Q) bits of its hash's {@code high} word, read unsigned. So partition
 * {@code i} holds exactly the hashes from {@code i * 2^128 / Q} up to the next partition's start,
 * and partition order is hash order (a scan in key-hash order visits partitions 0, 1, ... Q-1).
 *
 * <p>What must hold: Q is a power of two from 1 to {@value #MAX_PARTITION_COUNT}, and it never changes
 * for a cluster's life; changing it would move nearly every key.
 */
public record Partitioner(int partitionCount) {

    /**
     * Q for a new cluster: 256.
     *
     * <p>Why: Q fixes, once and for all, the most nodes a cluster can have (every node owns at least
     * one partition) and the unit of transfer on join/leave and of anti-entropy (a Merkle tree per
     * replicated partition). Q much larger than the node count S keeps load even, because claim keeps
     * every node within one partition of its share: relative skew is about S/Q, so 5 nodes get 51 or
     * 52 partitions (about 2% apart), 25 nodes stay within 10% and 64 nodes within 25%. 256 allows
     * clusters of up to 256 nodes, while the per-partition overhead stays small: at N=3 on 5 nodes a
     * node replicates about 154 partitions, one Merkle tree each. Riak defaults to 64; because Q cannot
     * change without rehashing everything, we err large.
     */
    public static final int DEFAULT_PARTITION_COUNT = 256;

    /** The largest Q accepted: 2^16, beyond which per-partition overhead dominates any cluster we build. */
    public static final int MAX_PARTITION_COUNT = 1 << 16;

    public Partitioner {
        String problem = problemWith(partitionCount);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A partitioner with {@link #DEFAULT_PARTITION_COUNT} partitions. */
    public static Partitioner withDefaultCount() {
        return new Partitioner(DEFAULT_PARTITION_COUNT);
    }

    /** The partition that holds keys with this hash. */
    public PartitionId partitionOf(KeyHash hash) {
        return new PartitionId(indexOf(hash.high(), partitionCount));
    }

    /** The partition that holds {@code key}. */
    public PartitionId partitionOf(byte[] key) {
        return partitionOf(KeyHash.of(key));
    }

    /** The smallest hash in {@code partition}: its range is [start of p, start of p+1). */
    public KeyHash firstHashOf(PartitionId partition) {
        Objects.requireNonNull(partition, "partition");
        if (partition.index() >= partitionCount) {
            throw new IllegalArgumentException(
                    "partition " + partition.index() + " does not exist among " + partitionCount + " partitions");
        }
        int bits = Integer.numberOfTrailingZeros(partitionCount);
        return new KeyHash(bits == 0 ? 0 : (long) partition.index() << (64 - bits), 0);
    }

    /** Why {@code count} is not a valid Q, or {@code null} when it is. */
    static String problemWith(int count) {
        if (count < 1 || count > MAX_PARTITION_COUNT || Integer.bitCount(count) != 1) {
            return "partition count must be a power of two from 1 to " + MAX_PARTITION_COUNT + ", was " + count;
        }
        return null;
    }

    /** The partition index of a hash whose high word is {@code high}: its top log2(Q) bits. */
    static int indexOf(long high, int partitionCount) {
        int bits = Integer.numberOfTrailingZeros(partitionCount);
        return bits == 0 ? 0 : (int) (high >>> (64 - bits));
    }
}
