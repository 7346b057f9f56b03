package io.dynacart.store.api;

/**
 * How many replicas a key has ({@code n}), how many must answer a read ({@code r}) and how many must
 * acknowledge a write ({@code w}). With {@code r + w > n} a read overlaps the latest write's
 * replicas, as long as no node fails; Dynamo's, and our, default is N=3, R=2, W=2.
 *
 * <p>R or W may also be {@link #LOCAL}: a quorum of the key's replicas in the coordinating node's
 * zone, as Cassandra's LOCAL_QUORUM: a majority of those replicas ({@link #localCount}), counting
 * only answers from nodes of that zone (a stand-in there counts, as any stand-in does). The
 * coordinator works the number out per key; see {@code coordinator.AnswersNeeded}.
 */
public record Quorum(int n, int r, int w) {

    public static final Quorum DEFAULT = new Quorum(3, 2, 2);

    /**
     * An R or W asking for a quorum of the replicas in the coordinator's zone rather than a number:
     * for one request (a namespace's defaults are numbers). Negative, so that no count typed by
     * mistake (a 0) means it; the wires carry it in their own way.
     */
    public static final int LOCAL = -1;

    public Quorum {
        if (n < 1) {
            throw new IllegalArgumentException("N must be at least 1, was " + n);
        }
        if (r != LOCAL && (r < 1 || r > n)) {
            throw new IllegalArgumentException("R must be between 1 and N=" + n + ", was " + r);
        }
        if (w != LOCAL && (w < 1 || w > n)) {
            throw new IllegalArgumentException("W must be between 1 and N=" + n + ", was " + w);
        }
    }

    /**
     * The answers a local quorum needs when the coordinator's zone holds {@code replicasInZone} of the
     * key's replicas: a majority of them, at least 1.
     */
    public static int localCount(int replicasInZone) {
        return Math.max(1, replicasInZone / 2 + 1);
    }

    public Quorum withR(int newR) {
        return new Quorum(n, newR, w);
    }

    public Quorum withW(int newW) {
        return new Quorum(n, r, newW);
    }

    @Override
    public String toString() {
        return "N=" + n + " R=" + text(r) + " W=" + text(w);
    }

    /** An R or W as a person writes it: a number, or {@code local}. */
    public static String text(int count) {
        return count == LOCAL ? "local" : Integer.toString(count);
    }
}
