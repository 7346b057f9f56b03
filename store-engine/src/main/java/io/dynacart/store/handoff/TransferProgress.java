package io.dynacart.store.handoff;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a node's partition transfers stand. Every partition asked for is in exactly one of
 * {@code pending}, {@code inFlight}, {@code done} or {@code failed}, so they add up to {@link #total()}.
 *
 * @param bytesMoved         bytes merged so far (as storage counts them), in all transfers
 * @param keysMoved          keys merged so far; a key sent twice (after a retry) counts twice
 * @param estimatedRemaining until every pending and in-flight partition is done, at the rate observed
 *                           so far; zero when none is left, empty until a first partition is done
 */
public record TransferProgress(int pending, int inFlight, int done, int failed, long bytesMoved, long keysMoved,
                               Optional<Duration> estimatedRemaining) {

    public TransferProgress {
        if (pending < 0 || inFlight < 0 || done < 0 || failed < 0 || bytesMoved < 0 || keysMoved < 0) {
            throw new IllegalArgumentException("progress counts are never negative");
        }
        Objects.requireNonNull(estimatedRemaining, "estimatedRemaining");
    }

    /** Partitions asked for and not forgotten. */
    public int total() {
        return pending + inFlight + done + failed;
    }

    /**
     * Time left for {@code remaining} partitions when {@code done} took {@code busyMillis} of time with
     * at least one transfer running: partitions are equal ranges of the hash space, so of about equal
     * size, and the observed time per partition already reflects the throttle and the concurrency.
     */
    static Optional<Duration> estimate(int remaining, int done, long busyMillis) {
        if (remaining == 0) {
            return Optional.of(Duration.ZERO);
        }
        if (done == 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round((double) busyMillis * remaining / done)));
    }
}
