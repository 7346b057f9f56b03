package io.dynacart.store.runtime;

import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.budget.BackgroundConfig;
import io.dynacart.store.handoff.ReclaimConfig;
import java.util.Objects;

/**
 * A real node's background work: how it runs anti-entropy, how that work, partition transfer
 * and tombstone scans yield to foreground requests (hint delivery does not), and when it drops the
 * partitions it no longer replicates.
 *
 * @param antiEntropy how often exchanges start, at what rates, or whether this node begins any
 * @param admission   the admission controller: feedback on or off, the foreground p99 target, the
 *                    least share
 * @param reclaim     how long a new ring settles before partitions it moved away are dropped, and
 *                    the pace of the drops
 */
public record BackgroundWorkConfig(AntiEntropyConfig antiEntropy, BackgroundConfig admission, ReclaimConfig reclaim) {

    /** A node's anti-entropy ({@link AntiEntropyConfig#DEFAULT}) under the default admission control. */
    public static final BackgroundWorkConfig DEFAULT =
            new BackgroundWorkConfig(AntiEntropyConfig.DEFAULT, BackgroundConfig.DEFAULT, ReclaimConfig.DEFAULT);

    public BackgroundWorkConfig {
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(reclaim, "reclaim");
    }

    /** Anti-entropy and admission control as given, with the default reclaiming ({@link ReclaimConfig#DEFAULT}). */
    public BackgroundWorkConfig(AntiEntropyConfig antiEntropy, BackgroundConfig admission) {
        this(antiEntropy, admission, ReclaimConfig.DEFAULT);
    }

    /** This config with {@code r} for reclaiming. */
    public BackgroundWorkConfig withReclaim(ReclaimConfig r) {
        return new BackgroundWorkConfig(antiEntropy, admission, r);
    }
}
