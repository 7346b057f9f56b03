package io.dynacart.store.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link AntiEntropyBudget}: a bucket a second deep, refilled at its rates, on a hand-driven clock. */
class AntiEntropyBudgetTest {

    private long now = 1_000_000;
    private final AntiEntropyBudget budget = new AntiEntropyBudget(100, 10_000, () -> now);

    @Test
    void aFullBucketGivesOneSecondsWorthThenRefillsAtTheRate() {
        assertThat(budget.tryAcquire(60, 1_000)).isTrue();
        assertThat(budget.tryAcquire(40, 1_000)).isTrue();
        assertThat(budget.tryAcquire(1, 0)).as("100 keys a second, all spent").isFalse();
        assertThat(budget.millisUntilAvailable(1, 0)).isEqualTo(10);
        now += 10;
        assertThat(budget.tryAcquire(1, 0)).as("one key comes back every 10 ms").isTrue();
        assertThat(budget.tryAcquire(1, 0)).isFalse();
    }

    @Test
    void bytesAreBudgetedApartFromKeys() {
        assertThat(budget.tryAcquire(0, 9_000)).isTrue();
        assertThat(budget.tryAcquire(0, 2_000)).as("10 000 bytes a second").isFalse();
        assertThat(budget.tryAcquire(1, 1_000)).as("a refusal spends nothing").isTrue();
        assertThat(budget.millisUntilAvailable(0, 5_000)).isEqualTo(500);
    }

    @Test
    void aMessageLargerThanASecondsWorthPassesOnAFullBucketAndLeavesDebt() {
        assertThat(budget.tryAcquire(0, 30_000)).as("waits for a full bucket, not forever").isTrue();
        now += 1_000;
        assertThat(budget.tryAcquire(0, 1)).as("the debt of 20 000 bytes is repaid first").isFalse();
        now += 2_000;
        assertThat(budget.tryAcquire(0, 1)).isTrue();
    }

    @Test
    void overALongRunNoMoreThanTheRatePassesBeyondTheFirstSecondsWorth() {
        long sent = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            now++;
            while (budget.tryAcquire(0, 300)) {
                sent += 300;
            }
        }
        assertThat(sent).as("10 s at 10 000 bytes a second, plus the bucket it started with")
                .isBetween(100_000L, 110_000L);
    }

    @Test
    void aReducedBackgroundShareScalesBothRatesAndTheBucket() {
        double[] share = {1};
        AntiEntropyBudget shared = new AntiEntropyBudget(100, 10_000, () -> now, () -> share[0]);
        share[0] = 0.1;
        assertThat(shared.tryAcquire(10, 1_000)).as("a tenth of the bucket is left to spend").isTrue();
        assertThat(shared.tryAcquire(1, 0)).isFalse();
        assertThat(shared.millisUntilAvailable(1, 0)).as("10 keys a second: one every 100 ms").isEqualTo(100);
        now += 10_000;
        assertThat(shared.tryAcquire(10, 0)).isTrue();
        assertThat(shared.tryAcquire(1, 0)).as("ten idle seconds refill only a tenth of a second's worth").isFalse();
        share[0] = 1;
        now += 1_000;
        assertThat(shared.tryAcquire(100, 0)).as("back at the full share, the full bucket").isTrue();
    }
}
