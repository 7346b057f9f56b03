package io.dynacart.store.versioning;

import io.dynacart.store.identity.NodeId;
import java.util.Collection;
import java.util.Objects;

/**
 * The clock of one stored version: the {@link Dot} of the write that made it, and the causal
 * {@code past} that write had seen (the context the client passed in).
 *
 * <h2>Why a dot beside the vector</h2>
 * With a plain per-node vector clock, the second of two writes through node X with an empty context
 * gets {@code [X,2]}, which dominates the first one's {@code [X,1]}: the first is silently erased
 * although the client never saw it. Here the second write is {@code dot [X,2], past {}}; the first
 * one's dot {@code [X,1]} is neither its dot nor in its past, so both survive as siblings. A version
 * supersedes exactly the versions whose dots are in its past, which is what the client's context
 * named. This is the dotted version vector of Preguiça et al. (2010), the fix Riak adopted in 2.0.
 *
 * <h2>The rule that keeps contexts honest</h2>
 * A context {@code [X,5]} claims every write of X up to the fifth, yet X's writes of one key are
 * not a chain: blind writes through X are siblings. The claim is true only if whoever built the
 * context had every live sibling of X up to 5, so <b>replicas exchange whole sibling sets, never a
 * lone version</b>: replication, read repair, hinted handoff and anti-entropy all ship what the
 * sender holds for the key. A replica that held {@code [X,5]} without a live {@code [X,3]} would hand
 * out a context that erases {@code [X,3]} unseen ({@code DottedVersionVectorTest} shows it).
 *
 * <p>{@link #clock()} shows a version in the paper's notation ({@code ([Sx,3],[Sy,1],[Sz,1])}),
 * but causality must be judged with {@link #compare(DottedVersionVector)}, never by comparing those
 * flattened clocks.
 */
public record DottedVersionVector(Dot dot, VectorClock past) {

    public DottedVersionVector {
        Objects.requireNonNull(dot, "dot");
        Objects.requireNonNull(past, "past");
        if (past.counter(dot.node()) >= dot.counter()) {
            throw new IllegalArgumentException("dot " + dot + " is already in its own past " + past);
        }
    }

    /**
     * The version a write coordinated by {@code coordinator} creates.
     *
     * <p>Its past is the client's {@code context}; its counter is one more than any counter of the
     * coordinator in the context or in the siblings the coordinator holds for the key, so no dot is
     * ever issued twice by a coordinator that holds the key. When past plus dot would exceed
     * {@code maxEntries}, the oldest entries of the past go (see {@link VectorClock}).
     *
     * @throws ClockLimitException if the context names a counter above
     *         {@link ClockLimits#MAX_UNHELD_COUNTER} that no local sibling holds (a forged context: it
     *         would let one request push the key's counters towards their limit), or if the new
     *         counter would pass {@link ClockLimits#MAX_COUNTER}
     */
    public static DottedVersionVector forWrite(NodeId coordinator, long nowMillis, Context context,
                                               Collection<? extends Versioned<?>> localSiblings, int maxEntries) {
        requireHeld(context, localSiblings);
        long highest = context.clock().counter(coordinator);
        for (Versioned<?> sibling : localSiblings) {
            highest = Math.max(highest, sibling.version().clock().counter(coordinator));
        }
        VectorClock past = context.clock();
        int entriesWithDot = past.size() + (past.counter(coordinator) == 0 ? 1 : 0);
        if (entriesWithDot > maxEntries) {
            past = past.truncate(maxEntries - (past.counter(coordinator) == 0 ? 1 : 0), coordinator);
        }
        return new DottedVersionVector(new Dot(coordinator, ClockLimits.next(coordinator, highest), nowMillis), past);
    }

    /** Refuses a context counter above {@link ClockLimits#MAX_UNHELD_COUNTER} that no local sibling holds. */
    private static void requireHeld(Context context, Collection<? extends Versioned<?>> localSiblings) {
        for (VectorClock.Entry e : context.clock().entries()) {
            if (e.counter() <= ClockLimits.MAX_UNHELD_COUNTER) {
                continue;
            }
            long held = 0;
            for (Versioned<?> sibling : localSiblings) {
                held = Math.max(held, sibling.version().clock().counter(e.node()));
            }
            if (held < e.counter()) {
                throw new ClockLimitException("the context names counter " + e.counter() + " of " + e.node()
                        + ", above 2^53 (" + ClockLimits.MAX_UNHELD_COUNTER + ") and above any this key holds (" + held
                        + "); a counter that large is accepted only in a context read from the key");
            }
        }
    }

    /** The version flattened into one vector clock: the past with the dot's entry. */
    public VectorClock clock() {
        return past.with(dot.asEntry());
    }

    /** Whether the write {@code other} is this version's own or in its past. */
    public boolean covers(Dot other) {
        return dot.equals(other) || past.covers(other);
    }

    /**
     * How this version relates to {@code other}: BEFORE when this one's dot is in the other's past,
     * CONCURRENT when neither dot is in the other's history.
     *
     * <p>In histories built by {@link #forWrite}, two different versions never cover each other; a
     * clock that does (only truncation or a corrupted replica can make one) falls back to comparing
     * the flattened clocks, so the answer is still consistent in both directions.
     */
    public Causality compare(DottedVersionVector other) {
        if (dot.equals(other.dot)) {
            return Causality.EQUAL;
        }
        boolean thisInOther = other.covers(dot);
        boolean otherInThis = covers(other.dot);
        if (thisInOther && otherInThis) {
            Causality flat = clock().compare(other.clock());
            return flat == Causality.EQUAL ? Causality.CONCURRENT : flat;
        }
        if (thisInOther) {
            return Causality.BEFORE;
        }
        return otherInThis ? Causality.AFTER : Causality.CONCURRENT;
    }

    @Override
    public String toString() {
        return clock().toString();
    }
}
