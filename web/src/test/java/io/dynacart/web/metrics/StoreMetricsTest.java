package io.dynacart.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreMetricsTest {

    @Test
    void eachTickClosesOneSecondOfThroughputAndPercentiles() {
        StoreMetrics m = new StoreMetrics();
        for (int i = 1; i <= 1000; i++) {
            m.recordLatency(Operation.GET, i * 10L); // 10 µs .. 10 ms
        }
        m.recordLatency(Operation.PUT, 2000);
        m.recordFailure(Operation.PUT);
        m.tick(100);
        m.tick(101);
        StoreMetrics.Charts c = m.charts();
        assertThat(c.time()).containsExactly(100, 101);
        StoreMetrics.Series get = c.operations().get("get");
        assertThat(get.ops()).containsExactly(1000, 0);
        assertThat(get.p50()[0]).isBetween(4.9, 5.1);
        assertThat(get.p99()[0]).isBetween(9.8, 10.0);
        assertThat(get.p999()[0]).isBetween(9.9, 10.1);
        assertThat(get.p50()[1]).as("an idle second has no latency").isZero();
        assertThat(c.operations().get("put").failures()).containsExactly(1, 0);
        assertThat(c.operations().get("delete").ops()).containsExactly(0, 0);
    }

    @Test
    void historyKeepsTheLastTwoMinutes() {
        StoreMetrics m = new StoreMetrics();
        for (int s = 0; s < StoreMetrics.HISTORY_SECONDS + 30; s++) {
            m.tick(s);
        }
        long[] time = m.charts().time();
        assertThat(time).hasSize(StoreMetrics.HISTORY_SECONDS);
        assertThat(time[0]).isEqualTo(30);
    }

    @Test
    void readsAreCountedByHowManyVersionsTheySaw() {
        StoreMetrics m = new StoreMetrics();
        m.recordRead(0);
        for (int i = 0; i < 97; i++) {
            m.recordRead(1);
        }
        m.recordRead(2);
        m.recordRead(3);
        m.recordRead(7);
        m.tick(1);
        StoreMetrics.Divergence d = m.divergence();
        assertThat(d.notFound()).isEqualTo(1);
        assertThat(d.one()).isEqualTo(97);
        assertThat(d.two()).isEqualTo(1);
        assertThat(d.three()).isEqualTo(1);
        assertThat(d.fourOrMore()).isEqualTo(1);
        assertThat(d.percentOne()).as("not-found reads are not in the share").isEqualTo(97.0);
        assertThat(new StoreMetrics().divergence().percentOne()).isEqualTo(100.0);
    }

    @Test
    void thePanelsShareIsOfTheLastMinuteWhileTheTotalsSinceTheStartStay() {
        StoreMetrics m = new StoreMetrics();
        for (int i = 0; i < 50; i++) {
            m.recordRead(2); // a fault long ago: every read saw two versions
        }
        m.tick(0);
        for (int s = 1; s <= StoreMetrics.DIVERGENCE_WINDOW_SECONDS; s++) {
            m.recordRead(1);
            m.tick(s);
        }
        StoreMetrics.Divergence window = m.divergence();
        assertThat(window.seconds()).isEqualTo(StoreMetrics.DIVERGENCE_WINDOW_SECONDS);
        assertThat(window.two()).as("the fault is over a minute old").isZero();
        assertThat(window.percentOne()).isEqualTo(100.0);
        StoreMetrics.Divergence total = m.sinceStart();
        assertThat(total.one()).isEqualTo(StoreMetrics.DIVERGENCE_WINDOW_SECONDS);
        assertThat(total.two()).isEqualTo(50);

        StoreMetrics.Charts c = m.charts();
        assertThat(c.reads().found()[0]).as("the second of the fault").isEqualTo(50);
        assertThat(c.reads().oneVersion()[0]).isZero();
        assertThat(c.reads().oneVersion()[1]).isEqualTo(1);
        assertThat(c.divergence()).isEqualTo(window);
    }
}
