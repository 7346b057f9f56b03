package io.dynacart.store.budget;

/**
 * How a node shares its time between foreground requests and background work (anti-entropy,
 * partition transfer, tombstone scans; not hint delivery); see {@link BackgroundShare}.
 *
 * @param feedback     whether the share follows the foreground's latency; off, background work
 *                     always runs at its full configured rates (fixed budgets)
 * @param targetMillis the p99 of this node's coordinated requests, over the last second, that the
 *                     share protects: background work shrinks as the p99 nears it and more once it
 *                     passes it
 * @param minShare     the least share background work keeps, in (0, 1]: never zero, so that repair,
 *                     handoff and transfer still finish under sustained foreground pressure
 */
public record BackgroundConfig(boolean feedback, double targetMillis, double minShare) {

    /**
     * Feedback on, a p99 target of 10 ms, a tenth of the budgets at least. Why 10 ms: on a quiet
     * two-core machine the cart workload at 500 requests/s has a p99 of 4.3–4.7 ms at the client
     * (docs/BENCHMARKS.md, the stress ramp), and a node's own is less, so a node in health runs
     * background work at its full rates, and one whose tail has doubled gives way; the paper's 300 ms p99.9 is the client's
     * whole budget, of which the node's own p99 must be a small part. Why a tenth: the default
     * anti-entropy budget of 1000 keys a second still repairs 100 keys a second, a wiped node of a
     * five-node cluster in minutes.
     */
    public static final BackgroundConfig DEFAULT = new BackgroundConfig(true, 10, 0.1);

    /** Fixed budgets: background work always at its full rates, whatever the foreground does. */
    public static final BackgroundConfig FIXED = new BackgroundConfig(false, DEFAULT.targetMillis, 1);

    public BackgroundConfig {
        if (!(targetMillis > 0) || Double.isInfinite(targetMillis)) {
            throw new IllegalArgumentException("the foreground p99 target must be a positive number of ms, was "
                    + targetMillis);
        }
        if (!(minShare > 0 && minShare <= 1)) {
            throw new IllegalArgumentException("the least background share must be in (0, 1]: background work"
                    + " must still progress; was " + minShare);
        }
    }
}
