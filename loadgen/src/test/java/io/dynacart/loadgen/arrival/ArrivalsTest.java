package io.dynacart.loadgen.arrival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void uniformGapsAverageExactlyOneOverTheRate() {
        Arrivals.Gaps gaps = new Arrivals.Uniform(3).gaps();
        long sum = 0;
        for (int i = 0; i < 3000; i++) {
            sum += gaps.nextNanos();
        }
        assertThat(sum).as("3000 requests at 3/s take 1000 s, the fractions carried over").isEqualTo(1_000_000_000_000L);
    }

    @Test
    void poissonGapsHaveTheRightMeanAndVary() {
        Arrivals.Gaps gaps = new Arrivals.Poisson(1000, 42).gaps();
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            long g = gaps.nextNanos();
            sum += g;
            min = Math.min(min, g);
            max = Math.max(max, g);
        }
        assertThat(sum / (double) n).isCloseTo(1_000_000, within(20_000.0));
        assertThat(max).as("exponential gaps reach several times the mean").isGreaterThan(5_000_000);
        assertThat(min).isLessThan(10_000);
    }

    @Test
    void aRequestDueWithEverySlotTakenIsCountedAsOverloadNotDelayed() {
        AtomicLong clock = new AtomicLong();
        Dispatcher d = new Dispatcher(new Arrivals.Uniform(1000), 2, () -> clock.addAndGet(1_000_000));
        AtomicLong dispatched = new AtomicLong();
        AtomicLong overloaded = new AtomicLong();
        long due = d.run(0, new Dispatcher.Limit(10, 0), new Dispatcher.Sink() {
            @Override
            public void dispatch(long intended, Runnable done) {
                dispatched.incrementAndGet(); // never done: the slots stay taken
            }

            @Override
            public void overload(long intended) {
                overloaded.incrementAndGet();
            }
        }, () -> false);
        assertThat(due).isEqualTo(10);
        assertThat(dispatched.get()).isEqualTo(2);
        assertThat(overloaded.get()).isEqualTo(8);
        assertThat(d.inFlight()).isEqualTo(2);
    }
}
