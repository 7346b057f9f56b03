package io.dynacart.store.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dynacart.store.identity.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhiAccrualDetectorTest {

    private static final NodeId PEER = NodeId.of("peer");
    /** Ten intervals kept, no acceptable pause, so the tables read straight off the normal distribution. */
    private static final PhiAccrualDetector.Config BARE = new PhiAccrualDetector.Config(10, 100, 0, 1000);

    /** A detector that heard {@code PEER} {@code beats} times, {@code interval} apart, the last at time 0. */
    private static PhiAccrualDetector steady(PhiAccrualDetector.Config settings, int beats, long interval) {
        PhiAccrualDetector detector = new PhiAccrualDetector(settings);
        for (int i = beats - 1; i >= 0; i--) {
            detector.heartbeat(PEER, -i * interval);
        }
        return detector;
    }

    /**
     * Regular 1 s heartbeats: mean 1000 ms, standard deviation at its minimum of 100 ms. Up to 2 sigma
     * phi is -log10 of the normal tail (0.5, 0.1587, 0.02275); beyond, the logistic approximation
     * (Akka's and Cassandra's) grows faster than the true tail, suspecting a little sooner.
     */
    @ParameterizedTest(name = "{0} ms after the last heartbeat phi is {1}")
    @CsvSource({
        "   0, 0.0000",
        " 700, 0.0005",
        " 900, 0.0750",
        "1000, 0.3010",
        "1100, 0.7995",
        "1200, 1.6428",
        "1300, 2.9095",
        "1500, 7.2999",
        "1600, 10.7826",
    })
    void phiOfRegularHeartbeats(long elapsed, double expected) {
        PhiAccrualDetector detector = steady(BARE, 20, 1000);
        assertThat(detector.phi(PEER, elapsed)).isCloseTo(expected, within(0.001));
    }

    @ParameterizedTest(name = "at threshold {0}, {1} ms of silence is available: {2}")
    @CsvSource({
        "8, 1400, true",
        "8, 1600, false",
        "1, 1100, true",
        "1, 1200, false",
    })
    void theThresholdSetsHowMuchSilenceIsTolerated(double threshold, long elapsed, boolean available) {
        assertThat(steady(BARE, 20, 1000).isAvailable(PEER, elapsed, threshold)).isEqualTo(available);
    }

    @Test
    void jitteryHeartbeatsAreJudgedAgainstTheirOwnSpread() {
        PhiAccrualDetector jittery = new PhiAccrualDetector(BARE);
        long t = 0;
        for (int i = 0; i < 20; i++) {
            t += i % 2 == 0 ? 500 : 1500;
            jittery.heartbeat(PEER, t);
        }
        assertThat(jittery.phi(PEER, t + 2000)).as("2 s is two standard deviations of 500 ms late")
                .isCloseTo(1.643, within(0.01));
        assertThat(steady(BARE, 20, 1000).phi(PEER, 2000)).as("for a regular peer it is ten").isGreaterThan(30);
    }

    @Test
    void theAcceptablePauseIsAddedToTheMean() {
        PhiAccrualDetector.Config paused = new PhiAccrualDetector.Config(10, 100, 3000, 1000);
        assertThat(steady(paused, 20, 1000).phi(PEER, 4000)).isCloseTo(0.301, within(0.001));
        assertThat(steady(paused, 20, 1000).isAvailable(PEER, 4400)).isTrue();
        assertThat(steady(paused, 20, 1000).isAvailable(PEER, 5000)).isFalse();
    }

    @Test
    void theFirstHeartbeatSeedsTheWindowWithTheEstimate() {
        PhiAccrualDetector detector = steady(BARE, 1, 0);
        assertThat(detector.phi(PEER, 1000)).as("estimate 1000 +- 250: at the mean, phi is -log10(1/2)")
                .isCloseTo(0.301, within(0.001));
        assertThat(detector.phi(PEER, 1250)).as("one standard deviation of 250 ms").isCloseTo(0.7995, within(0.001));
    }

    @Test
    void theWindowForgetsOldIntervals() {
        PhiAccrualDetector detector = steady(BARE, 20, 1000);
        for (int i = 1; i <= 10; i++) {
            detector.heartbeat(PEER, i * 2000L);
        }
        assertThat(detector.phi(PEER, 20_000 + 2000)).as("the window holds only the 2 s intervals now")
                .isCloseTo(0.301, within(0.001));
    }

    @Test
    void anUnknownPeerIsNotSuspectedAndARepeatedHeartbeatAddsNoInterval() {
        PhiAccrualDetector detector = steady(BARE, 20, 1000);
        assertThat(detector.phi(NodeId.of("stranger"), 1_000_000)).isZero();
        detector.heartbeat(PEER, 0);
        detector.heartbeat(PEER, -5);
        assertThat(detector.phi(PEER, 1000)).as("no zero or negative interval entered the window")
                .isCloseTo(0.301, within(0.001));
        detector.forget(PEER);
        assertThat(detector.phi(PEER, 1_000_000)).isZero();
    }
}
