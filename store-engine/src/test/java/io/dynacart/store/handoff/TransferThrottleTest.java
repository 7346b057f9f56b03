package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link TransferThrottle}: a token bucket that may go into debt, in injected time. */
class TransferThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final TransferThrottle throttle = new TransferThrottle(now::get, 1_000, 500);

    @Test
    void aFullBucketLetsARequestGoAtOnce() {
        assertThat(throttle.waitMillis()).isZero();
    }

    @Test
    void debtIsPaidOffAtTheRate() {
        throttle.spend(1_500);
        assertThat(throttle.waitMillis()).as("1000 bytes of debt at 1000 bytes/s").isEqualTo(1_001);
        now.addAndGet(1_000);
        assertThat(throttle.waitMillis()).as("debt paid, balance zero: not yet positive").isEqualTo(1);
        now.addAndGet(1);
        assertThat(throttle.waitMillis()).isZero();
    }

    @Test
    void idleTimeFillsTheBucketOnlyUpToTheBurst() {
        throttle.spend(500);
        now.addAndGet(60_000);
        throttle.spend(501);
        assertThat(throttle.waitMillis()).as("a minute idle saved only the 500-byte burst").isPositive();
    }

    @Test
    void aReducedBackgroundShareSlowsTheRefillAndShrinksTheBurst() {
        double[] share = {0.1};
        TransferThrottle shared = new TransferThrottle(now::get, 1_000, 500, () -> share[0]);
        shared.spend(1_500);
        assertThat(shared.waitMillis()).as("a tenth of the burst (50) less 1500: 1450 bytes of debt at 100 bytes/s")
                .isEqualTo(14_501);
        now.addAndGet(60_000);
        shared.spend(51);
        assertThat(shared.waitMillis()).as("a minute idle saved only a tenth of the burst").isPositive();
        share[0] = 1;
        now.addAndGet(1_000);
        assertThat(shared.waitMillis()).as("at the full share the rate is back").isZero();
    }

    @Test
    void anUnlimitedThrottleNeverWaits() {
        TransferThrottle unlimited = TransferThrottle.unlimited();
        unlimited.spend(Long.MAX_VALUE / 4);
        assertThat(unlimited.waitMillis()).isZero();
    }

    @Test
    void aRateOrBurstBelowOneByteIsRejected() {
        assertThatThrownBy(() -> new TransferThrottle(now::get, 0, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new TransferThrottle(now::get, 1, 0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> throttle.spend(-1)).hasMessageContaining(">= 0");
    }
}
