package io.dynacart.store.membership;

import java.util.EnumSet;
import java.util.Set;

/**
 * How a node that starts on an empty data directory finds the incarnation to run under, so that the
 * clock actor its writes carry ({@code <id>.<incarnation>}) never reuses a counter its lost data had
 * issued.
 *
 * <pre>
 *   LEARNING ──(a peer's view arrives, or there is no peer to ask)──► SETTLED
 * </pre>
 * Legal successors: LEARNING → SETTLED; SETTLED is final. A node whose data directory holds its
 * data starts SETTLED ({@link #known}).
 *
 * <p>While LEARNING the node gossips an entry of generation 0, which any entry of an earlier life
 * beats, so its own gossip never hides the evidence; it takes no writes to coordinate. The first view
 * it receives from a peer decides ({@link #decide}): if that view holds an entry of this node with a
 * generation above 0 (an earlier life, which may have written data), the node takes that entry's
 * incarnation plus one, or the configured one if higher; otherwise the configured one. A peer that
 * restarted keeps the entries it knew on disk, so the cluster remembers a node as long as one peer
 * has heard of it.
 *
 * <p>Confined to the node's event loop, like the {@link Gossiper} that drives it.
 */
public final class IncarnationLearning {

    /** Where the node is in finding its incarnation. */
    public enum State {
        /** Waiting for a peer's view; the node coordinates no write. */
        LEARNING,
        /** The incarnation is known; final. */
        SETTLED;

        Set<State> successors() {
            return this == LEARNING ? EnumSet.of(SETTLED) : EnumSet.noneOf(State.class);
        }
    }

    private final int floor;
    private State state;
    private int incarnation;

    private IncarnationLearning(State state, int incarnation) {
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must be >= 0, was " + incarnation);
        }
        this.state = state;
        this.floor = incarnation;
        this.incarnation = incarnation;
    }

    /** A node that knows its incarnation (its data directory holds its data, or its owner keeps it). */
    public static IncarnationLearning known(int incarnation) {
        return new IncarnationLearning(State.SETTLED, incarnation);
    }

    /** A node on an empty data directory that will run under at least {@code floor} (its configured incarnation). */
    public static IncarnationLearning learning(int floor) {
        return new IncarnationLearning(State.LEARNING, floor);
    }

    /**
     * The incarnation to take, given {@code floor} and the entry a peer holds of this node ({@code
     * null} if none): above an earlier life's (generation above 0), else the floor.
     */
    public static int decide(int floor, Member seen) {
        if (seen == null || seen.generation() == 0) {
            return floor;
        }
        return Math.max(floor, seen.incarnation() + 1);
    }

    public State state() {
        return state;
    }

    public boolean isLearning() {
        return state == State.LEARNING;
    }

    /** The incarnation once SETTLED; the floor while LEARNING. */
    public int incarnation() {
        return incarnation;
    }

    /** A peer's view held {@code seen} as this node's entry (null: none); settles on {@link #decide}. */
    void settle(Member seen) {
        moveTo(State.SETTLED);
        incarnation = decide(floor, seen);
    }

    /** There is no peer to ask (a cluster of one): the floor it is. */
    void settleAlone() {
        moveTo(State.SETTLED);
        incarnation = floor;
    }

    private void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("incarnation learning cannot move from " + state + " to " + next);
        }
        state = next;
    }
}
