package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The phi-accrual failure detector (Hayashibara et al., 2004; as in Cassandra and Akka): instead of a
 * yes/no after a fixed timeout, a suspicion level {@code phi = -log10(P(a heartbeat comes later than
 * now))}, with the inter-arrival times of a peer's heartbeats modelled as a normal distribution fitted
 * to the last {@code windowSize} of them. Phi 1 means a 10% chance the peer is merely late, phi 8 one
 * in 10^8. It adapts: a peer heard through gossip every few seconds is judged against its own rhythm,
 * not against a constant.
 *
 * <p>Two guards, as in Akka: a minimum standard deviation, so that perfectly regular heartbeats do not
 * make a few milliseconds of delay look fatal; and an acceptable pause added to the mean, so that a
 * garbage-collection pause or a gossip round that happens to skip a node is not a failure. The first
 * heartbeat seeds the window with an estimate ({@code mean ± mean/4}) so phi is meaningful at once.
 *
 * <p>Pure: time is passed in; confined to one thread. A heartbeat here is seeing a peer's
 * {@code (generation, version)} grow, directly or through gossip.
 */
public final class PhiAccrualDetector {

    /** The conventional threshold (Cassandra's and Akka's): phi above it means the peer is suspected. */
    public static final double DEFAULT_THRESHOLD = 8.0;

    /**
     * @param windowSize                 intervals kept per peer
     * @param minStdDeviationMillis      the smallest standard deviation assumed
     * @param acceptablePauseMillis      added to the mean interval before phi is computed
     * @param firstHeartbeatEstimateMillis the mean interval assumed before any is measured
     */
    public record Config(int windowSize, long minStdDeviationMillis, long acceptablePauseMillis,
                           long firstHeartbeatEstimateMillis) {

        /** Akka's defaults; with one-second gossip rounds they suit this store. */
        public static final Config DEFAULT = new Config(1000, 100, 3000, 1000);

        public Config {
            if (windowSize < 2 || minStdDeviationMillis < 1 || acceptablePauseMillis < 0
                    || firstHeartbeatEstimateMillis < 4) {
                throw new IllegalArgumentException("window >= 2, min std deviation >= 1 ms, acceptable pause >= 0 ms"
                        + " and first estimate >= 4 ms are required, were " + windowSize + ", " + minStdDeviationMillis
                        + ", " + acceptablePauseMillis + ", " + firstHeartbeatEstimateMillis);
            }
        }
    }

    private final Config settings;
    private final Map<NodeId, Intervals> peers = new HashMap<>();

    public PhiAccrualDetector(Config settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * {@code peer} showed a new heartbeat at {@code nowMillis}. A heartbeat at or before the previous
     * one adds no interval: a zero interval (two updates seen in one millisecond) would only shrink the
     * mean and make the next ordinary delay look alarming.
     */
    public void heartbeat(NodeId peer, long nowMillis) {
        Intervals intervals = peers.get(peer);
        if (intervals == null) {
            long estimate = settings.firstHeartbeatEstimateMillis();
            intervals = new Intervals(settings.windowSize(), nowMillis);
            intervals.add(estimate - estimate / 4);
            intervals.add(estimate + estimate / 4);
            peers.put(peer, intervals);
        } else if (nowMillis > intervals.last) {
            intervals.add(nowMillis - intervals.last);
            intervals.last = nowMillis;
        }
    }

    /** The suspicion of {@code peer} at {@code nowMillis}; 0 for a peer never heard, as nothing is known of it. */
    public double phi(NodeId peer, long nowMillis) {
        Intervals intervals = peers.get(peer);
        if (intervals == null) {
            return 0.0;
        }
        double mean = intervals.mean() + settings.acceptablePauseMillis();
        double std = Math.max(intervals.stdDeviation(), settings.minStdDeviationMillis());
        return phi(Math.max(0, nowMillis - intervals.last), mean, std);
    }

    /** Whether {@code peer}'s suspicion is below {@code threshold}. */
    public boolean isAvailable(NodeId peer, long nowMillis, double threshold) {
        return phi(peer, nowMillis) < threshold;
    }

    /** Whether {@code peer}'s suspicion is below {@link #DEFAULT_THRESHOLD}. */
    public boolean isAvailable(NodeId peer, long nowMillis) {
        return isAvailable(peer, nowMillis, DEFAULT_THRESHOLD);
    }

    /** Drops what is known of {@code peer} (it left the cluster). */
    public void forget(NodeId peer) {
        peers.remove(peer);
    }

    /**
     * -log10 of the normal tail beyond {@code elapsed}, through Akka's logistic approximation of the
     * normal CDF (error below 1e-4), computed on the side that avoids cancellation.
     */
    static double phi(double elapsed, double mean, double std) {
        double y = (elapsed - mean) / std;
        double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
        return elapsed > mean ? -Math.log10(e / (1.0 + e)) : -Math.log10(1.0 - 1.0 / (1.0 + e));
    }

    /** A bounded window of intervals with running sums, so mean and variance cost O(1). */
    private static final class Intervals {
        private final int capacity;
        private final ArrayDeque<Long> window = new ArrayDeque<>();
        private double sum;
        private double sumOfSquares;
        long last;

        Intervals(int capacity, long last) {
            this.capacity = capacity;
            this.last = last;
        }

        void add(long interval) {
            if (window.size() == capacity) {
                long old = window.removeFirst();
                sum -= old;
                sumOfSquares -= (double) old * old;
            }
            window.addLast(interval);
            sum += interval;
            sumOfSquares += (double) interval * interval;
        }

        double mean() {
            return sum / window.size();
        }

        double stdDeviation() {
            double mean = mean();
            return Math.sqrt(Math.max(0, sumOfSquares / window.size() - mean * mean));
        }
    }
}
