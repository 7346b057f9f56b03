package io.dynacart.store.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dynacart.testing.Seed;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link BackgroundShare}, the admission controller, on a hand-driven clock: background work gets
 * its full rates while the foreground p99 is well under the target, less as the p99 nears and passes
 * it, more again when it falls, and never less than the least share.
 */
class BackgroundShareTest {

    private static final long MS = 1_000_000;
    private static final BackgroundConfig CONFIG = new BackgroundConfig(true, 10, 0.1);

    private long now = 1_000_000;
    private final BackgroundShare share = new BackgroundShare(CONFIG, () -> now);

    /** 100 requests of {@code millis} each spread over the next 250 ms (one adjustment), then the share. */
    private double quarterSecondAt(double millis) {
        for (int i = 0; i < 100; i++) {
            share.record((long) (millis * MS));
            if (i % 40 == 39) {
                now += 100;
            }
        }
        now += 250 - 200;
        return share.share();
    }

    @Test
    void aFastForegroundLeavesBackgroundWorkItsFullRates() {
        for (int i = 0; i < 20; i++) {
            assertThat(quarterSecondAt(2)).as("p99 2 ms, target 10 ms: full budget").isEqualTo(1.0);
        }
        assertThat(share.foregroundP99Millis()).hasValueCloseTo(2.0, within(0.25));
    }

    @Test
    void aSlowForegroundHalvesTheShareEachAdjustmentDownToTheLeast() {
        assertThat(quarterSecondAt(50)).isEqualTo(0.5);
        assertThat(quarterSecondAt(50)).isEqualTo(0.25);
        assertThat(quarterSecondAt(50)).isEqualTo(0.125);
        for (int i = 0; i < 20; i++) {
            assertThat(quarterSecondAt(500)).as("never below the least share, however slow").isEqualTo(0.1);
        }
    }

    @Test
    void theShareComesBackStepByStepOnceTheForegroundIsFastAgain() {
        for (int i = 0; i < 5; i++) {
            quarterSecondAt(50);
        }
        assertThat(share.share()).isEqualTo(0.1);
        // The slow second is still in the window for the next adjustments: no recovery until it has passed.
        double last = share.share();
        int quarters = 0;
        while (last < 1.0 && quarters < 40) {
            double next = quarterSecondAt(1);
            assertThat(next).as("recovery only ever goes up").isGreaterThanOrEqualTo(last);
            last = next;
            quarters++;
        }
        assertThat(last).as("back to the full budget").isEqualTo(1.0);
        assertThat(quarters).as("within 1 s for the slow latencies to leave the window plus 9 steps of 0.1")
                .isLessThanOrEqualTo(4 + 10);
    }

    @Test
    void nearingTheTargetEasesOffAndTheDeadBandHolds() {
        assertThat(quarterSecondAt(50)).isEqualTo(0.5);
        assertThat(quarterSecondAt(6)).as("the slow quarter is still in the window").isEqualTo(0.25);
        assertThat(quarterSecondAt(6)).isEqualTo(0.125);
        assertThat(quarterSecondAt(6)).as("p99 6 ms of 10: between half and 0.8 of the target, hold").isEqualTo(0.125);
        assertThat(quarterSecondAt(6)).isEqualTo(0.125);
        assertThat(quarterSecondAt(8.5)).as("p99 8.5 ms: 0.85 of the target, ease off by a tenth")
                .isCloseTo(0.1125, within(1e-9));
    }

    @Test
    void tooFewRequestsToTellATailCountAsAnIdleForeground() {
        quarterSecondAt(50);
        assertThat(share.share()).isEqualTo(0.5);
        now += 2_000;
        share.record(900 * MS);
        assertThat(share.foregroundP99Millis()).as("one request is no p99").isEmpty();
        assertThat(share.share()).as("an idle foreground: the share recovers, for each adjustment missed")
                .isEqualTo(1.0);
    }

    @Test
    void anAdjustmentHappensAtMostOnceAQuarterSecond() {
        for (int i = 0; i < 100; i++) {
            share.record(50 * MS);
        }
        now += 250;
        assertThat(share.share()).isEqualTo(0.5);
        now += 100;
        assertThat(share.share()).as("asked again within the quarter: unchanged").isEqualTo(0.5);
    }

    @Test
    void withFeedbackOffTheShareIsAlwaysOneAndTheTailIsStillMeasured() {
        BackgroundShare fixed = new BackgroundShare(new BackgroundConfig(false, 10, 0.1), () -> now);
        for (int i = 0; i < 100; i++) {
            fixed.record(500 * MS);
        }
        now += 250;
        assertThat(fixed.share()).isEqualTo(1.0);
        assertThat(fixed.foregroundP99Millis().getAsDouble()).isGreaterThan(400);
    }

    @Test
    void whateverTheLatenciesTheShareStaysWithinTheLeastAndOne() {
        long seed = Seed.of("share", BackgroundShareTest.class).value();
        SplittableRandom random = new SplittableRandom(seed);
        for (int step = 0; step < 2_000; step++) {
            int requests = random.nextInt(200);
            for (int i = 0; i < requests; i++) {
                share.record((long) (Math.exp(random.nextDouble() * 8) * 0.01 * MS));
            }
            now += random.nextInt(600);
            assertThat(share.share()).as("seed %d, step %d: the share stays in [0.1, 1]", seed, step)
                    .isBetween(0.1, 1.0);
        }
    }

    @Test
    void theStepFollowsItsTable() {
        OptionalDouble none = OptionalDouble.empty();
        assertThat(BackgroundShare.next(0.5, none, CONFIG)).as("no evidence: recover").isCloseTo(0.6, within(1e-9));
        assertThat(BackgroundShare.next(0.5, OptionalDouble.of(4.9), CONFIG)).isCloseTo(0.6, within(1e-9));
        assertThat(BackgroundShare.next(0.5, OptionalDouble.of(5.0), CONFIG)).isEqualTo(0.5);
        assertThat(BackgroundShare.next(0.5, OptionalDouble.of(7.9), CONFIG)).isEqualTo(0.5);
        assertThat(BackgroundShare.next(0.5, OptionalDouble.of(8.0), CONFIG)).isCloseTo(0.45, within(1e-9));
        assertThat(BackgroundShare.next(0.5, OptionalDouble.of(10.0), CONFIG)).isEqualTo(0.25);
        assertThat(BackgroundShare.next(0.15, OptionalDouble.of(10.0), CONFIG)).as("floor").isEqualTo(0.1);
        assertThat(BackgroundShare.next(0.95, none, CONFIG)).as("ceiling").isEqualTo(1.0);
    }

    @Test
    void aConfigRefusesAZeroShareOrTarget() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BackgroundConfig(true, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must still progress");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BackgroundConfig(true, 0, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
    }
}
