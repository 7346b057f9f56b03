package io.dynacart.store.cluster;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which of a key's primaries {@link ClusterClient} sends a request to first (paper, section 6.4:
 * a client coordinates a key's requests over its top N nodes, so that no one node coordinates all of
 * a hot key's traffic). Given how many primaries of the key the client believes up, in preference-list
 * order, it answers the index of the one to try first; the others follow in list order.
 */
@FunctionalInterface
public interface PrimaryChoice {

    /**
     * The first node to try among {@code primaries} candidates.
     *
     * @param primaries how many primaries the client believes up, at least 1
     * @return an index from 0 to {@code primaries - 1}
     */
    int pick(int primaries);

    /** Always the key's first primary: the routing before coordination was spread (every request to the owner). */
    PrimaryChoice FIRST = primaries -> 0;

    /** A primary picked uniformly at random per request: the default. */
    static PrimaryChoice random() {
        return primaries -> ThreadLocalRandom.current().nextInt(primaries);
    }

    /** As {@link #random()}, but replayable from {@code seed} (tests, benchmarks). Thread-safe. */
    static PrimaryChoice seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return primaries -> {
            synchronized (random) {
                return random.nextInt(primaries);
            }
        };
    }
}
