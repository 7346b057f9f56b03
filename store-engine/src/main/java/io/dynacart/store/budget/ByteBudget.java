package io.dynacart.store.budget;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes one node holds for work in flight, counted against a limit: request bodies and answers
 * of its HTTP API, messages queued towards its peers. Thread-safe and lock-free.
 *
 * <p>Two thresholds, so that refusing starts at the door: a new client request is admitted only
 * while it keeps the total at or below half the limit ({@link #tryAdmit}); the messages that
 * admitted requests cause, and the cluster's own traffic (gossip, probes, acks), may use the whole
 * limit ({@link #tryReserve}). A put replicated to N=3 nodes queues about two copies of its value
 * for peers, so with clients held to half the budget, a node refuses new requests before it has to
 * drop the messages of the requests it took.
 *
 * <p>What must hold: {@link #inUse()} never exceeds the limit through {@code tryAdmit} or
 * {@code tryReserve}; only {@link #charge}, for bytes already in memory, may pass it. Every
 * reservation is released exactly once by its holder.
 */
public final class ByteBudget {

    /**
     * The smallest limit: two of the largest frames (8 MiB each), so that one maximal message can
     * always be queued while half the budget serves client requests of up to 1 MiB.
     */
    public static final long MIN_LIMIT = 16L << 20;
    /** The most a node budgets by default, whatever its heap. */
    public static final long MAX_DEFAULT = 1L << 30;

    private final long limit;
    private final AtomicLong inUse = new AtomicLong();
    private final LongAdder refusals = new LongAdder();

    public ByteBudget(long limit) {
        if (limit < MIN_LIMIT) {
            throw new IllegalArgumentException("the bytes-in-flight limit must be at least " + MIN_LIMIT
                    + " bytes (16 MiB: two 8 MiB frames), was " + limit);
        }
        this.limit = limit;
    }

    /**
     * The default limit for one of {@code nodesSharingHeap} nodes in a JVM whose maximum heap is
     * {@code maxHeapBytes}: a quarter of the heap, shared out, between {@link #MIN_LIMIT} and
     * {@link #MAX_DEFAULT}. A budgeted byte costs up to about two more while it is worked on (the
     * decoded value, its log record, the JSON of an answer), so a full budget fills about three
     * quarters of the heap at worst and leaves the rest to everything else; SQLite's cache and the
     * append log live outside the heap.
     */
    public static long defaultLimit(long maxHeapBytes, int nodesSharingHeap) {
        if (nodesSharingHeap < 1) {
            throw new IllegalArgumentException("at least one node shares the heap, was " + nodesSharingHeap);
        }
        long share = maxHeapBytes / 4 / nodesSharingHeap;
        return Math.max(MIN_LIMIT, Math.min(MAX_DEFAULT, share));
    }

    /** The default limit for one node alone in this JVM. */
    public static long defaultLimit() {
        return defaultLimit(Runtime.getRuntime().maxMemory(), 1);
    }

    /** Reserves {@code bytes} for a new client request if the total stays within half the limit. */
    public boolean tryAdmit(long bytes) {
        return tryTake(bytes, limit / 2);
    }

    /** Reserves {@code bytes} for work already admitted (a message to a peer) if the total stays within the limit. */
    public boolean tryReserve(long bytes) {
        return tryTake(bytes, limit);
    }

    /** Counts {@code bytes} that are in memory already (an answer that arrived); may pass the limit. */
    public void charge(long bytes) {
        requireNonNegative(bytes);
        inUse.addAndGet(bytes);
    }

    /** Gives back {@code bytes} reserved or charged before. */
    public void release(long bytes) {
        requireNonNegative(bytes);
        long after = inUse.addAndGet(-bytes);
        if (after < 0) {
            inUse.addAndGet(bytes);
            throw new IllegalStateException("released " + bytes + " bytes more than were reserved");
        }
    }

    private boolean tryTake(long bytes, long ceiling) {
        requireNonNegative(bytes);
        while (true) {
            long now = inUse.get();
            if (now + bytes > ceiling) {
                refusals.increment();
                return false;
            }
            if (inUse.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    private static void requireNonNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a byte count cannot be negative, was " + bytes);
        }
    }

    public long limit() {
        return limit;
    }

    /** The bytes reserved or charged now. */
    public long inUse() {
        return inUse.get();
    }

    /** Requests and messages refused so far because the budget was spent. */
    public long refusals() {
        return refusals.sum();
    }

    @Override
    public String toString() {
        return "ByteBudget[" + inUse.get() + " of " + limit + " bytes in use]";
    }
}
