package io.dynacart.store.coordinator;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.versioning.VectorClock;
import java.util.Objects;

/**
 * How requests are coordinated.
 *
 * @param defaultQuorum   N, R, W when a request names none
 * @param timeoutMillis   how long a request waits for its quorum; also when unanswered replicas
 *                        are counted as missed and a write's copy for an unanswered primary is
 *                        handed to a fallback
 * @param maxClockEntries truncation threshold of new versions' clocks
 */
public record CoordinatorConfig(Quorum defaultQuorum, long timeoutMillis, int maxClockEntries) {

    public static final CoordinatorConfig DEFAULT = new CoordinatorConfig(Quorum.DEFAULT, 1000,
            VectorClock.DEFAULT_MAX_ENTRIES);

    public CoordinatorConfig {
        Objects.requireNonNull(defaultQuorum, "defaultQuorum");
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("request timeout must be >= 1 ms, was " + timeoutMillis);
        }
        if (maxClockEntries < 1) {
            throw new IllegalArgumentException("clock entries must be >= 1, was " + maxClockEntries);
        }
    }

    public CoordinatorConfig withTimeoutMillis(long millis) {
        return new CoordinatorConfig(defaultQuorum, millis, maxClockEntries);
    }
}
