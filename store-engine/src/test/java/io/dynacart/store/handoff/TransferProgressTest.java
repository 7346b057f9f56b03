package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TransferProgress#estimate}: time left from the observed time per partition. */
class TransferProgressTest {

    @ParameterizedTest(name = "{0} left, {1} done in {2} ms: {3}")
    @CsvSource({
            "0, 0, 0, 0",
            "0, 7, 9000, 0",
            "3, 0, 5000, ",
            "3, 1, 2000, 6000",
            "1, 4, 1000, 250",
            "5, 3, 1000, 1667"})
    void remainingTimeIsTheObservedTimePerPartitionTimesThoseLeft(int remaining, int done, long busy, Long expected) {
        Optional<Duration> estimate = TransferProgress.estimate(remaining, done, busy);
        if (expected == null) {
            assertThat(estimate).as("unknown until a partition is done").isEmpty();
        } else {
            assertThat(estimate).contains(Duration.ofMillis(expected));
        }
    }
}
