package io.dynacart.store.versioning;

import io.dynacart.store.identity.NodeId;
import java.util.Comparator;
import java.util.Objects;

/**
 * One write event: the {@code counter}-th write of a key coordinated by {@code node}, made at
 * {@code timestampMillis}. Every version carries the dot of the write that made it; two versions
 * with the same dot are the same version. Both numbers lie within the {@link ClockLimits}.
 */
public record Dot(NodeId node, long counter, long timestampMillis) implements Comparable<Dot> {

    private static final Comparator<Dot> ORDER = Comparator.comparing(Dot::node)
            .thenComparingLong(Dot::counter)
            .thenComparingLong(Dot::timestampMillis);

    public Dot {
        Objects.requireNonNull(node, "node");
        if (counter < 1 || counter > ClockLimits.MAX_COUNTER) {
            throw new IllegalArgumentException("dot counter must be 1 to 2^62, was " + counter);
        }
        if (timestampMillis < 0 || timestampMillis > ClockLimits.MAX_TIMESTAMP_MILLIS) {
            throw new IllegalArgumentException("dot timestamp must be 0 to the end of the year 9999, was " + timestampMillis);
        }
    }

    /** A canonical order (node, counter, timestamp) for listing siblings; it says nothing of causality. */
    @Override
    public int compareTo(Dot other) {
        return ORDER.compare(this, other);
    }

    VectorClock.Entry asEntry() {
        return new VectorClock.Entry(node, counter, timestampMillis);
    }

    @Override
    public String toString() {
        return "[" + node + "," + counter + "]";
    }
}
