package io.dynacart.store.storage;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Keys and bytes per partition, kept current at write time so statistics cost no query. */
final class PartitionCounters {

    private final AtomicLongArray keys;
    private final AtomicLongArray bytes;

    PartitionCounters(int partitions, Map<Integer, PartitionStats> initial) {
        keys = new AtomicLongArray(partitions);
        bytes = new AtomicLongArray(partitions);
        initial.forEach((p, s) -> {
            if (p >= 0 && p < partitions) {
                keys.set(p, s.keys());
                bytes.set(p, s.bytes());
            }
        });
    }

    void add(int partition, long keyDelta, long byteDelta) {
        keys.addAndGet(partition, keyDelta);
        bytes.addAndGet(partition, byteDelta);
    }

    void reset(int partition) {
        keys.set(partition, 0);
        bytes.set(partition, 0);
    }

    PartitionStats get(int partition) {
        return new PartitionStats(keys.get(partition), bytes.get(partition));
    }
}
