package io.dynacart.store.versioning;

import io.dynacart.store.identity.NodeId;

/**
 * How large clock counters and timestamps may be, and the one checked step that makes a counter grow.
 *
 * <p>A counter counts the writes of one key coordinated by one node, so no real key comes near
 * {@link #MAX_UNHELD_COUNTER} (2^53: a million writes a second to one key through one node for 285
 * years). Larger numbers only come from a forged or corrupted clock, and they are dangerous because
 * a new version's counter is one more than the largest its coordinator sees: a context naming
 * 2^63&minus;1 once made every later write of the key overflow. Hence three bounds:
 * <ul>
 *   <li>{@link #MAX_COUNTER} (2^62): no counter above it is decoded (from a client's context, a
 *       peer's message or stored data), built or written. A version is at most one more than what
 *       its coordinator saw, so arithmetic stays 2^62 away from overflowing.
 *   <li>{@link #MAX_UNHELD_COUNTER} (2^53): a context may name a counter above it only if the key's
 *       stored siblings already hold one as large (the context is one the store handed out). So
 *       counters above 2^53 grow by one per write, never by a leap, and reaching 2^62 from there
 *       takes 2^62 &minus; 2^53 writes of one key: no input can make a key run out of counters.
 *   <li>{@link #MAX_TIMESTAMP_MILLIS} (the last millisecond of the year 9999): timestamps only order
 *       entries for truncation, and a clock claiming a later time is corrupt.
 * </ul>
 */
public final class ClockLimits {

    /** The largest counter decoded, built or written: 2^62. */
    public static final long MAX_COUNTER = 1L << 62;
    /** The largest counter a context may name that the key's stored siblings do not hold: 2^53. */
    public static final long MAX_UNHELD_COUNTER = 1L << 53;
    /** 9999-12-31T23:59:59.999Z in milliseconds since the epoch. */
    public static final long MAX_TIMESTAMP_MILLIS = 253_402_300_799_999L;

    private ClockLimits() {
    }

    /** The counter after {@code counter} for a new write of {@code node}; never past {@link #MAX_COUNTER}. */
    static long next(NodeId node, long counter) {
        if (counter < 0 || counter >= MAX_COUNTER) {
            throw new ClockLimitException("the counter of " + node + " is " + counter + "; a write cannot take it past "
                    + "the limit of 2^62 (" + MAX_COUNTER + ")");
        }
        return Math.addExact(counter, 1);
    }

    /** Why {@code counter} (read as unsigned) is past the limit, or null when it is not. */
    static String counterProblem(long counter) {
        return Long.compareUnsigned(counter, MAX_COUNTER) > 0
                ? "counter " + Long.toUnsignedString(counter) + ", above the limit of 2^62 (" + MAX_COUNTER + ")"
                : null;
    }

    /** Why {@code timestamp} (read as unsigned) is past the limit, or null when it is not. */
    static String timestampProblem(long timestampMillis) {
        return Long.compareUnsigned(timestampMillis, MAX_TIMESTAMP_MILLIS) > 0
                ? "timestamp " + Long.toUnsignedString(timestampMillis) + " ms, after the end of the year 9999"
                : null;
    }
}
