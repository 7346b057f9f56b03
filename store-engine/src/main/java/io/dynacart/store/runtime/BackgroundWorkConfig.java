package io.dynacart.store.runtime;

import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.budget.BackgroundConfig;
import java.util.Objects;

/**
 * A real node's background work: how it runs anti-entropy, and how that work, partition transfer
 * and tombstone scans yield to foreground requests (hint delivery does not).
 *
 * @param antiEntropy how often exchanges start, at what rates, or whether this node begins any
 * @param admission   the admission controller: feedback on or off, the foreground p99 target, the
 *                    least share
 */
public record BackgroundWorkConfig(AntiEntropyConfig antiEntropy, BackgroundConfig admission) {

    /** A node's anti-entropy ({@link AntiEntropyConfig#DEFAULT}) under the default admission control. */
    public static final BackgroundWorkConfig DEFAULT =
            new BackgroundWorkConfig(AntiEntropyConfig.DEFAULT, BackgroundConfig.DEFAULT);

    public BackgroundWorkConfig {
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        Objects.requireNonNull(admission, "admission");
    }
}
