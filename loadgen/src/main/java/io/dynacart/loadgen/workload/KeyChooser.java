package io.dynacart.loadgen.workload;

import java.util.SplittableRandom;

/** Which key a kv request touches: uniform over the keys, or zipfian (a few hot keys, scattered). */
public sealed interface KeyChooser {

    int next(SplittableRandom random);

    static KeyChooser named(String kind, int keys) {
        return switch (kind) {
            case "uniform" -> new Uniform(keys);
            case "zipfian" -> new Zipfian(keys, Zipfian.YCSB_CONSTANT);
            default -> throw new IllegalArgumentException("key distributions are uniform or zipfian, not " + kind);
        };
    }

    record Uniform(int keys) implements KeyChooser {
        @Override
        public int next(SplittableRandom random) {
            return random.nextInt(keys);
        }
    }

    /**
     * Zipfian ranks by Gray et al.'s method ("Quickly generating billion-record synthetic databases",
     * SIGMOD 1994), as YCSB does; rank r is then scattered over the key space by a hash, so the hot
     * keys are not neighbours (YCSB's scrambled zipfian).
     */
    record Zipfian(int keys, double theta, double zetan, double alpha, double eta) implements KeyChooser {

        public static final double YCSB_CONSTANT = 0.99;

        Zipfian(int keys, double theta) {
            this(keys, theta, zeta(keys, theta), 1.0 / (1.0 - theta),
                    (1 - Math.pow(2.0 / keys, 1 - theta)) / (1 - zeta(2, theta) / zeta(keys, theta)));
        }

        private static double zeta(long n, double theta) {
            double sum = 0;
            for (long i = 1; i <= n; i++) {
                sum += 1 / Math.pow(i, theta);
            }
            return sum;
        }

        /** The rank (0 = hottest) of the next request. */
        int rank(SplittableRandom random) {
            double u = random.nextDouble();
            double uz = u * zetan;
            if (uz < 1.0) {
                return 0;
            }
            if (uz < 1.0 + Math.pow(0.5, theta)) {
                return Math.min(1, keys - 1);
            }
            return (int) Math.min(keys - 1, (long) (keys * Math.pow(eta * u - eta + 1, alpha)));
        }

        @Override
        public int next(SplittableRandom random) {
            long h = rank(random) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 31;
            return (int) Math.floorMod(h, (long) keys);
        }
    }
}
