package io.dynacart.store.antientropy;

/**
 * How a node collects tombstones (see {@link TombstoneCollector}).
 *
 * @param graceMillis how long an all-tombstone sibling set must have been seen here, unchanged, before it
 *                    may be purged (and every other replica must have completed an anti-entropy exchange
 *                    with this node since it was first seen)
 * @param intervalMillis how often one partition is scanned (round-robin over the partitions this node replicates)
 * @param purgesPerScan at most this many keys are purged by one scan; the rest wait for the partition's next turn
 */
public record TombstoneConfig(long graceMillis, long intervalMillis, int purgesPerScan) {

    /**
     * Ten minutes of grace, a partition every 2 s, at most 1000 purges a scan. Why ten minutes: the
     * anti-entropy condition alone proves every replica holds the tombstone; the grace covers what
     * anti-entropy does not see, chiefly hints. A fallback keeps a hint for an unreachable primary and
     * delivers it (every second) once it can reach it again; a hint that carries a version the
     * tombstone superseded and reaches its primary after the purge brings that version back. So the
     * grace must exceed how long a fallback can stay cut off from a primary that the other replicas
     * still reach: minutes of partition are covered, longer ones are not (there is no hint TTL yet).
     * A node of a five-node cluster (Q = 256, N = 3) replicates about 150 partitions, so with one
     * scan every 2 s each partition is visited every five minutes: a tombstone lives between ten and
     * about twenty minutes, and a scan costs one pass over one partition.
     */
    public static final TombstoneConfig DEFAULT = new TombstoneConfig(10 * 60_000, 2_000, 1_000);

    public TombstoneConfig {
        if (graceMillis < 0) {
            throw new IllegalArgumentException("grace must be >= 0 ms, was " + graceMillis);
        }
        if (intervalMillis < 1 || purgesPerScan < 1) {
            throw new IllegalArgumentException("interval and purges per scan must be >= 1, were " + intervalMillis
                    + " and " + purgesPerScan);
        }
    }
}
