package io.dynacart.store.antientropy;

/**
 * How a node runs anti-entropy.
 *
 * @param intervalMillis how often a new exchange may start (one at a time; a tick with one running starts none)
 * @param sessionTimeoutMillis how long a peer may stay silent before the exchange is given up
 * @param keysPerSecond sibling sets shipped a second, both roles together (see {@link AntiEntropyBudget})
 * @param bytesPerSecond bytes of anti-entropy messages sent a second
 * @param limits the size of each message
 * @param initiates whether this node begins exchanges; off, it only answers those its peers begin
 *                  (a cluster whose nodes all have it off runs no anti-entropy, and so collects no
 *                  tombstones: their collection waits for exchanges)
 */
public record AntiEntropyConfig(long intervalMillis, long sessionTimeoutMillis, long keysPerSecond,
                                long bytesPerSecond, ExchangeLimits limits, boolean initiates) {

    /**
     * An exchange may start every 100 ms, given up after 10 s of silence, moving at most 1000 keys and
     * 4 MiB a second. Why: a node of a five-node cluster (Q = 256, N = 3) shares about 300 (partition,
     * peer) pairs; at ten exchanges a second each pair is checked every 30 s or so and a wiped node is
     * whole again within a minute (at one a second a pair waited five minutes), while an exchange of
     * equal trees costs one round trip of a few dozen bytes. When replicas do differ, 1000 merges a
     * second is a small share of what a node's event loop serves, and 4 MiB a second a small share of
     * a gigabit link. The node's admission control scales both down further when its requests slow
     * (see {@code budget.BackgroundShare}).
     */
    public static final AntiEntropyConfig DEFAULT =
            new AntiEntropyConfig(100, 10_000, 1_000, 4L << 20, ExchangeLimits.DEFAULT);

    /** A config that begins exchanges. */
    public AntiEntropyConfig(long intervalMillis, long sessionTimeoutMillis, long keysPerSecond, long bytesPerSecond,
                             ExchangeLimits limits) {
        this(intervalMillis, sessionTimeoutMillis, keysPerSecond, bytesPerSecond, limits, true);
    }

    public AntiEntropyConfig {
        if (intervalMillis < 1 || sessionTimeoutMillis < 1) {
            throw new IllegalArgumentException("interval and session timeout must be >= 1 ms, were " + intervalMillis
                    + " and " + sessionTimeoutMillis);
        }
        if (keysPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("rates must be >= 1 a second");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits are required");
        }
    }

    /** The same, moving at most {@code keys} sibling sets and {@code bytes} bytes a second. */
    public AntiEntropyConfig withRates(long keys, long bytes) {
        return new AntiEntropyConfig(intervalMillis, sessionTimeoutMillis, keys, bytes, limits, initiates);
    }

    /** The same, an exchange starting at most every {@code millis}. */
    public AntiEntropyConfig withInterval(long millis) {
        return new AntiEntropyConfig(millis, sessionTimeoutMillis, keysPerSecond, bytesPerSecond, limits, initiates);
    }

    /** The same, beginning exchanges or ({@code false}) only answering them. */
    public AntiEntropyConfig withInitiating(boolean on) {
        return new AntiEntropyConfig(intervalMillis, sessionTimeoutMillis, keysPerSecond, bytesPerSecond, limits, on);
    }
}
