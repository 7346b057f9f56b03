package io.dynacart.store.storage;

/** How many keys a partition holds on this node, and their stored size (keys plus encoded siblings). */
public record PartitionStats(long keys, long bytes) {

    public static final PartitionStats EMPTY = new PartitionStats(0, 0);

    public PartitionStats plus(long moreKeys, long moreBytes) {
        return new PartitionStats(keys + moreKeys, bytes + moreBytes);
    }
}
