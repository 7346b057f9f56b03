package io.dynacart.store.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link LatencyWindow}: percentiles of the last second to within a bucket, and forgetting what is older. */
class LatencyWindowTest {

    private static final long MS = 1_000_000;
    private final LatencyWindow window = new LatencyWindow(4, 250);

    @Test
    void bucketsAreContiguousAndEachValueLiesBelowItsUpperBound() {
        for (long micros : new long[] {0, 1, 7, 8, 9, 15, 16, 100, 999, 1_000, 4_999, 1_000_000, 1L << 31}) {
            int b = LatencyWindow.bucketOf(micros);
            assertThat(micros).as("%d µs is below the upper bound of bucket %d", micros, b)
                    .isLessThan(LatencyWindow.upperMicros(b));
            if (b > 0) {
                assertThat(micros).as("and at or above the bound of the bucket before").isGreaterThanOrEqualTo(
                        LatencyWindow.upperMicros(b - 1));
            }
        }
        assertThat(LatencyWindow.bucketOf(Long.MAX_VALUE)).as("everything huge shares the last bucket")
                .isEqualTo(LatencyWindow.BUCKETS - 1);
    }

    @Test
    void theP99OfAHundredLatenciesIsTheNinetyNinthWithinABucket() {
        for (int i = 1; i <= 100; i++) {
            window.record(1_000, i * MS / 10);
        }
        assertThat(window.samples(1_000)).isEqualTo(100);
        assertThat(window.percentileMillis(1_000, 0.99)).hasValueCloseTo(9.9, within(9.9 * 0.125));
        assertThat(window.percentileMillis(1_000, 0.5)).hasValueCloseTo(5.0, within(5.0 * 0.125));
    }

    @Test
    void latenciesOlderThanTheWindowAreForgotten() {
        window.record(1_000, 500 * MS);
        window.record(1_600, 2 * MS);
        assertThat(window.percentileMillis(1_700, 1.0).getAsDouble()).as("the slow one is still within 1 s")
                .isGreaterThan(400);
        assertThat(window.percentileMillis(2_100, 1.0)).as("a second later only the fast one is left")
                .hasValueCloseTo(2.0, within(0.25));
        assertThat(window.samples(2_700)).as("and then none").isZero();
        assertThat(window.percentileMillis(2_700, 0.99)).isEmpty();
    }

    @Test
    void aSlotReusedAfterAFullTurnStartsEmpty() {
        window.record(0, 100 * MS);
        window.record(1_000, 1 * MS);
        assertThat(window.samples(1_000)).as("slot 0's earlier latency went when slot 4 took its place").isEqualTo(1);
        assertThat(window.percentileMillis(1_000, 1.0)).hasValueCloseTo(1.0, within(0.125));
    }
}
