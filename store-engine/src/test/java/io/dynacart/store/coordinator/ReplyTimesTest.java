package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import org.junit.jupiter.api.Test;

class ReplyTimesTest {

    private static final NodeId P = NodeId.of("p");
    private final ReplyTimes times = new ReplyTimes(new SloppyQuorum(20, 200, 100, true));

    @Test
    void aPeerNeverMeasuredGetsTheInitialWait() {
        assertThat(times.waitFor(P)).isEqualTo(100);
    }

    @Test
    void steadyRoundTripsBringTheWaitDownToTheFloor() {
        for (int i = 0; i < 50; i++) {
            times.sample(P, 1);
        }
        assertThat(times.waitFor(P)).as("1 ms round trips, no deviation: the 20 ms floor").isEqualTo(20);
    }

    @Test
    void theWaitIsTheSmoothedRoundTripPlusFourDeviations() {
        times.sample(P, 40); // first sample: srtt 40, rttvar 20
        assertThat(times.waitFor(P)).isEqualTo(40 + 4 * 20);
        times.sample(P, 40); // rttvar 20 + (0 - 20) / 4 = 15, srtt 40
        assertThat(times.waitFor(P)).isEqualTo(40 + 4 * 15);
    }

    @Test
    void aSlowPeerIsWaitedForAtMostTheCeiling() {
        times.sample(P, 5_000);
        assertThat(times.waitFor(P)).isEqualTo(200);
    }

    @Test
    void peersAreMeasuredApartAndOneNotMeasuredYetGetsTheLongestWaitOfThoseThatAre() {
        for (int i = 0; i < 50; i++) {
            times.sample(P, 1);
        }
        times.sample(NodeId.of("slow"), 30); // srtt 30, rttvar 15: 90 ms
        assertThat(times.waitFor(P)).isEqualTo(20);
        assertThat(times.waitFor(NodeId.of("q"))).isEqualTo(90);
    }
}
