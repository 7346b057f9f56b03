package io.dynacart.store.budget;

import io.dynacart.store.time.Clock;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The admission controller of the paper's section 6.5: the share of its budgets a node's background
 * work (anti-entropy, partition transfer, tombstone scans) may use now, from 1 down to
 * {@link BackgroundConfig#minShare}, driven by the latency of the node's foreground requests.
 *
 * <p>The node feeds it every request it coordinates as the request completes ({@link #record});
 * every {@value #ADJUST_MILLIS} ms it takes the p99 of the last {@value #WINDOW_MILLIS} ms and moves
 * the share by {@link #next}, additive increase and multiplicative decrease with a dead band:
 * <pre>
 *   p99 &lt; 0.5 × target          share + 0.1, up to 1      (well under: recover)
 *   0.5 × target ≤ p99 &lt; 0.8 ×   share                     (hold)
 *   0.8 × target ≤ p99 &lt; target  share × 0.9               (approaching: ease off)
 *   p99 ≥ target                 share × 0.5, down to min  (over: back off)
 * </pre>
 * A window with fewer than {@value #MIN_SAMPLES} requests says nothing about the tail (at low rates
 * the p99 is the one slowest request) and counts as well under: a node with little foreground work
 * has time to spare. So from the least share back to 1 takes about 2.5 s of a healthy foreground,
 * and from 1 to a tenth about 1 s of a slow one.
 *
 * <p>With feedback off the share is always 1 and the p99 is still measured, for the metrics.
 *
 * <p>Adjusts lazily, when the share is asked for and an adjustment is due, on the injected clock, so
 * that it needs no timer of its own and runs alike in virtual time. Increases accrue for every
 * adjustment missed meanwhile; a decrease is applied once, on the evidence of the window it sees.
 * Thread-safe: requests complete on several threads, the share is read on the node's event loop.
 */
public final class BackgroundShare {

    /** How far back the foreground p99 looks. */
    public static final long WINDOW_MILLIS = 1_000;
    /** How often the share moves. */
    public static final long ADJUST_MILLIS = 250;
    /** Requests a window must hold before its p99 counts. */
    static final int MIN_SAMPLES = 20;
    static final double WELL_UNDER = 0.5;
    static final double APPROACHING = 0.8;
    static final double INCREASE = 0.1;
    static final double EASE = 0.9;
    static final double DECREASE = 0.5;

    private final BackgroundConfig config;
    private final Clock clock;
    private final LatencyWindow window = new LatencyWindow((int) (WINDOW_MILLIS / ADJUST_MILLIS), ADJUST_MILLIS);
    private double share = 1;
    private long nextAdjustAt;

    public BackgroundShare(BackgroundConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextAdjustAt = clock.nowMillis() + ADJUST_MILLIS;
    }

    /** Always 1: fixed budgets, for parts run without a node (tests, tools). */
    public static BackgroundShare fixed() {
        return new BackgroundShare(BackgroundConfig.FIXED, () -> 0);
    }

    public BackgroundConfig config() {
        return config;
    }

    /** A foreground request of this node took {@code nanos}, from its call to its answer, success or not. */
    public synchronized void record(long nanos) {
        window.record(clock.nowMillis(), nanos);
    }

    /** The share of its rates background work may use now, in [min share, 1]; 1 with feedback off. */
    public synchronized double share() {
        long now = clock.nowMillis();
        if (now >= nextAdjustAt) {
            long due = 1 + (now - nextAdjustAt) / ADJUST_MILLIS;
            nextAdjustAt += due * ADJUST_MILLIS;
            OptionalDouble p99 = tail(now);
            double after = next(share, p99, config);
            // Recovery accrues for each adjustment missed; a decrease is taken once, on this window.
            for (long i = 1; i < due && after > share && after < 1; i++) {
                after = next(after, p99, config);
            }
            share = after;
        }
        return share;
    }

    /** The p99 of the foreground's last {@value #WINDOW_MILLIS} ms, in ms; empty with too few requests to tell. */
    public synchronized OptionalDouble foregroundP99Millis() {
        return tail(clock.nowMillis());
    }

    private OptionalDouble tail(long now) {
        return window.samples(now) < MIN_SAMPLES ? OptionalDouble.empty() : window.percentileMillis(now, 0.99);
    }

    /**
     * One adjustment: the share after {@code share}, given the foreground's {@code p99} (empty: too
     * few requests to tell). Pure; see the table in the class comment.
     */
    static double next(double share, OptionalDouble p99, BackgroundConfig config) {
        if (!config.feedback()) {
            return 1;
        }
        double target = config.targetMillis();
        double latency = p99.orElse(0);
        double after;
        if (latency >= target) {
            after = share * DECREASE;
        } else if (latency >= APPROACHING * target) {
            after = share * EASE;
        } else if (latency >= WELL_UNDER * target) {
            after = share;
        } else {
            after = share + INCREASE;
        }
        return Math.max(config.minShare(), Math.min(1, after));
    }
}
