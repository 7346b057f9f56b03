package io.dynacart.loadgen.record;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many versions each read saw: buckets 1, 2, 3 and 4-or-more, plus reads of a key that held
 * nothing yet (0 versions), kept apart so they do not dilute the divergence share.
 */
public final class VersionCounts {

    /** Index 0 = nothing found, 1..3 = that many, 4 = four or more. */
    private final LongAdder[] buckets = new LongAdder[5];

    public VersionCounts() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(int versions) {
        if (versions < 0) {
            return;
        }
        buckets[Math.min(versions, 4)].increment();
    }

    /** Counts per bucket: [not found, 1, 2, 3, 4+]. */
    public long[] snapshot() {
        long[] out = new long[buckets.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = buckets[i].sum();
        }
        return out;
    }

    /** Reads that found at least one version. */
    public long reads() {
        long[] s = snapshot();
        return s[1] + s[2] + s[3] + s[4];
    }

    /** Reads that saw more than one version. */
    public long divergent() {
        long[] s = snapshot();
        return s[2] + s[3] + s[4];
    }
}
