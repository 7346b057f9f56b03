package io.dynacart.store.antientropy;

/**
 * How a node collects tombstones (see {@link TombstoneCollector}), and how long hints may wait for
 * their node before they are handed on, which tombstone collection depends on.
 *
 * @param graceMillis       how long an all-tombstone sibling set must have been seen here, unchanged,
 *                          before it may be purged (and every other replica must have completed an
 *                          anti-entropy exchange with this node since it was first seen)
 * @param intervalMillis    how often one partition is scanned (round-robin over the partitions this
 *                          node replicates)
 * @param purgesPerScan     at most this many keys are purged by one scan; the rest wait for the
 *                          partition's next turn
 * @param hintLifetimeMillis how long a fallback keeps a hint for a node it cannot reach before it
 *                          hands it on to the key's other replicas (see {@code handoff.HintDelivery});
 *                          shorter than the grace, so that hints resolve while tombstones wait
 * @param clockSkewMillis   how far apart the nodes' clocks may be; the hint horizon must pass a
 *                          tombstone by twice this before the tombstone goes
 */
public record TombstoneConfig(long graceMillis, long intervalMillis, int purgesPerScan, long hintLifetimeMillis,
                              long clockSkewMillis) {

    /**
     * Ten minutes of grace, a partition every 2 s, at most 1000 purges a scan, hints handed on after two
     * minutes, clocks within a second of each other. Why ten minutes: the anti-entropy condition alone
     * proves every replica holds the tombstone; the grace covers what anti-entropy does not see, and
     * gives hints (lifetime two minutes) time to reach their node or be handed on before the gate of
     * the hint horizon has to hold anything back. A node of a five-node cluster (Q = 256, N = 3)
     * replicates about 150 partitions, so with one scan every 2 s each partition is visited every five
     * minutes: a tombstone lives between ten and about twenty minutes, and a scan costs one pass over
     * one partition.
     */
    public static final TombstoneConfig DEFAULT = new TombstoneConfig(10 * 60_000, 2_000, 1_000, 2 * 60_000, 1_000);

    public TombstoneConfig {
        if (graceMillis < 0) {
            throw new IllegalArgumentException("grace must be >= 0 ms, was " + graceMillis);
        }
        if (intervalMillis < 1 || purgesPerScan < 1) {
            throw new IllegalArgumentException("interval and purges per scan must be >= 1, were " + intervalMillis
                    + " and " + purgesPerScan);
        }
        if (hintLifetimeMillis < 1 || graceMillis > 0 && hintLifetimeMillis >= graceMillis) {
            throw new IllegalArgumentException("a hint's lifetime must be >= 1 ms and shorter than the tombstone"
                    + " grace (" + graceMillis + " ms), was " + hintLifetimeMillis);
        }
        if (clockSkewMillis < 0) {
            throw new IllegalArgumentException("clock skew must be >= 0 ms, was " + clockSkewMillis);
        }
    }

    /** The default hint lifetime and clock skew, scaled down with a grace shorter than theirs (tests). */
    public TombstoneConfig(long graceMillis, long intervalMillis, int purgesPerScan) {
        this(graceMillis, intervalMillis, purgesPerScan,
                Math.max(1, Math.min(DEFAULT.hintLifetimeMillis(), graceMillis / 2)),
                Math.min(DEFAULT.clockSkewMillis(), graceMillis / 10));
    }
}
