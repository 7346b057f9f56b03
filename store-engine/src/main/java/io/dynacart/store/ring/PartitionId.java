package io.dynacart.store.ring;

/**
 * One of the Q equal ranges of the hash space, numbered from 0 in hash order: partition {@code i}
 * holds the keys whose hash lies in the i-th Q-th of the 128-bit space. The number alone does not
 * say how large Q is; a {@link Partitioner} or {@link Ring} does.
 */
public record PartitionId(int index) implements Comparable<PartitionId> {

    public PartitionId {
        if (index < 0) {
            throw new IllegalArgumentException("partition index must be >= 0, was " + index);
        }
    }

    public static PartitionId of(int index) {
        return new PartitionId(index);
    }

    @Override
    public int compareTo(PartitionId other) {
        return Integer.compare(index, other.index);
    }

    @Override
    public String toString() {
        return "p" + index;
    }
}
