package io.dynacart.store.handoff;

/**
 * How a node gives back the space of partitions it no longer replicates ({@link Reclaimer}).
 *
 * @param settleMillis      how long the ring in force must have been in force here, with every node
 *                          of it in reach, before a partition it no longer gives this node is dropped:
 *                          time for gossip to bring the ring to every node (5 rounds at most in a
 *                          50-node cluster), so that no node still routes writes here with the ring
 *                          before
 * @param keysPerBatch      keys forgotten per step off the loop
 * @param pauseMillis       pause between two steps, divided by the node's background share
 * @param intervalMillis    how often the node looks for partitions to drop
 * @param freeBytesPerStep  free bytes the storage is asked to give back to the file system per step,
 *                          once a partition is dropped
 */
public record ReclaimConfig(long settleMillis, int keysPerBatch, long pauseMillis, long intervalMillis,
                            long freeBytesPerStep) {

    /**
     * A settle time of 30 s (six times the worst gossip convergence measured), 500 keys per step and
     * 20 ms between steps, a look every second, 4 MiB given back per step.
     */
    public static final ReclaimConfig DEFAULT = new ReclaimConfig(30_000, 500, 20, 1_000, 4L << 20);

    public ReclaimConfig {
        if (settleMillis < 0) {
            throw new IllegalArgumentException("settle time must be >= 0 ms, was " + settleMillis);
        }
        if (keysPerBatch < 1) {
            throw new IllegalArgumentException("keys per batch must be >= 1, was " + keysPerBatch);
        }
        if (pauseMillis < 0 || intervalMillis < 1) {
            throw new IllegalArgumentException("pause must be >= 0 ms and interval >= 1 ms, were " + pauseMillis
                    + " and " + intervalMillis);
        }
        if (freeBytesPerStep < 1) {
            throw new IllegalArgumentException("free bytes per step must be >= 1, was " + freeBytesPerStep);
        }
    }

    /** This config with a settle time of {@code millis}. */
    public ReclaimConfig withSettleMillis(long millis) {
        return new ReclaimConfig(millis, keysPerBatch, pauseMillis, intervalMillis, freeBytesPerStep);
    }
}
