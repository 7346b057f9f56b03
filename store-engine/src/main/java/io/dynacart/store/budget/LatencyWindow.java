package io.dynacart.store.budget;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The latencies of the last {@code slots × slotMillis} milliseconds, as a histogram per slot, so
 * that a percentile of the recent past costs a sum over a few hundred counters, whatever the rate.
 * A slot older than the window is cleared when its turn comes round again.
 *
 * <p>Buckets are logarithmic on microseconds, eight to each power of two, so a percentile is
 * reported to within 12.5% (its bucket's upper bound, rounding up). Below 8 µs each microsecond is
 * a bucket; everything from about 70 minutes up shares the last.
 *
 * <p>Not thread-safe: {@link BackgroundShare} guards it.
 */
final class LatencyWindow {

    private static final int SUB_BUCKETS = 8;
    private static final int MAX_EXPONENT = 32;
    static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - 3) * SUB_BUCKETS;

    private final long slotMillis;
    private final int[][] counts;
    private final long[] slotIndex;
    private final int[] totals;

    LatencyWindow(int slots, long slotMillis) {
        if (slots < 1 || slotMillis < 1) {
            throw new IllegalArgumentException("a window needs at least one slot of at least 1 ms, was " + slots
                    + " slots of " + slotMillis + " ms");
        }
        this.slotMillis = slotMillis;
        this.counts = new int[slots][BUCKETS];
        this.slotIndex = new long[slots];
        this.totals = new int[slots];
        Arrays.fill(slotIndex, Long.MIN_VALUE);
    }

    /** Counts one latency of {@code nanos}, measured at {@code nowMillis}. */
    void record(long nowMillis, long nanos) {
        long index = Math.floorDiv(nowMillis, slotMillis);
        int slot = (int) Math.floorMod(index, (long) counts.length);
        if (slotIndex[slot] != index) {
            Arrays.fill(counts[slot], 0);
            totals[slot] = 0;
            slotIndex[slot] = index;
        }
        counts[slot][bucketOf(Math.max(0, nanos) / 1_000)]++;
        totals[slot]++;
    }

    /** Latencies counted in the window that ends at {@code nowMillis}. */
    int samples(long nowMillis) {
        long newest = Math.floorDiv(nowMillis, slotMillis);
        int n = 0;
        for (int s = 0; s < counts.length; s++) {
            if (inWindow(slotIndex[s], newest)) {
                n += totals[s];
            }
        }
        return n;
    }

    /**
     * The {@code quantile} (0 to 1) of the window ending at {@code nowMillis}, in milliseconds (the
     * upper bound of its bucket); empty when the window holds no latency.
     */
    OptionalDouble percentileMillis(long nowMillis, double quantile) {
        long newest = Math.floorDiv(nowMillis, slotMillis);
        long[] merged = new long[BUCKETS];
        long n = 0;
        for (int s = 0; s < counts.length; s++) {
            if (inWindow(slotIndex[s], newest)) {
                for (int b = 0; b < BUCKETS; b++) {
                    merged[b] += counts[s][b];
                }
                n += totals[s];
            }
        }
        if (n == 0) {
            return OptionalDouble.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * n));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += merged[b];
            if (seen >= rank) {
                return OptionalDouble.of(upperMicros(b) / 1_000.0);
            }
        }
        return OptionalDouble.of(upperMicros(BUCKETS - 1) / 1_000.0);
    }

    private boolean inWindow(long index, long newest) {
        return index != Long.MIN_VALUE && index <= newest && index > newest - counts.length;
    }

    /** 0..7 for 0..7 µs; then eight buckets per power of two. */
    static int bucketOf(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - 3)) - SUB_BUCKETS;
        return SUB_BUCKETS + (exponent - 3) * SUB_BUCKETS + sub;
    }

    /** The smallest latency above bucket {@code b}, in microseconds. */
    static long upperMicros(int b) {
        if (b < SUB_BUCKETS) {
            return b + 1;
        }
        int exponent = 3 + (b - SUB_BUCKETS) / SUB_BUCKETS;
        int sub = (b - SUB_BUCKETS) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub + 1) << (exponent - 3);
    }
}
