package io.dynacart.loadgen.arrival;

import java.util.SplittableRandom;

/**
 * When requests are meant to start, at a fixed average rate: the gaps between intended start times.
 * Open loop: the schedule never depends on how fast the store answers.
 */
public sealed interface Arrivals {

    /** Average requests per second. */
    double rate();

    /** A fresh sequence of gaps, in nanoseconds. */
    Gaps gaps();

    /** The gaps of one run; not thread-safe (the dispatcher alone uses it). */
    interface Gaps {
        long nextNanos();
    }

    /** Evenly spaced: one request every 1/rate seconds. */
    record Uniform(double rate) implements Arrivals {
        public Uniform {
            requirePositive(rate);
        }

        @Override
        public Gaps gaps() {
            double gap = 1e9 / rate;
            return new Gaps() {
                private double due;

                @Override
                public long nextNanos() {
                    // Carries the fraction over, so 3 requests/s average exactly 333,333,333.3 ns.
                    double next = due + gap;
                    long step = Math.round(next) - Math.round(due);
                    due = next;
                    return step;
                }
            };
        }
    }

    /** A Poisson process: exponentially distributed gaps with mean 1/rate seconds, seeded. */
    record Poisson(double rate, long seed) implements Arrivals {
        public Poisson {
            requirePositive(rate);
        }

        @Override
        public Gaps gaps() {
            SplittableRandom random = new SplittableRandom(seed);
            double mean = 1e9 / rate;
            return () -> Math.round(-mean * Math.log(1.0 - random.nextDouble()));
        }
    }

    /** {@code poisson} or {@code uniform} at {@code rate}. */
    static Arrivals named(String kind, double rate, long seed) {
        return switch (kind) {
            case "poisson" -> new Poisson(rate, seed);
            case "uniform" -> new Uniform(rate);
            default -> throw new IllegalArgumentException("arrivals are poisson or uniform, not " + kind);
        };
    }

    private static void requirePositive(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("the arrival rate must be a positive number, was " + rate);
        }
    }
}
