package io.dynacart.store.api;

/**
 * How many replicas a key has ({@code n}), how many must answer a read ({@code r}) and how many must
 * acknowledge a write ({@code w}). With {@code r + w > n} a read overlaps the latest write's
 * replicas, as long as no node fails; Dynamo's, and our, default is N=3, R=2, W=2.
 */
public record Quorum(int n, int r, int w) {

    public static final Quorum DEFAULT = new Quorum(3, 2, 2);

    public Quorum {
        if (n < 1) {
            throw new IllegalArgumentException("N must be at least 1, was " + n);
        }
        if (r < 1 || r > n) {
            throw new IllegalArgumentException("R must be between 1 and N=" + n + ", was " + r);
        }
        if (w < 1 || w > n) {
            throw new IllegalArgumentException("W must be between 1 and N=" + n + ", was " + w);
        }
    }

    public Quorum withR(int newR) {
        return new Quorum(n, newR, w);
    }

    public Quorum withW(int newW) {
        return new Quorum(n, r, newW);
    }

    @Override
    public String toString() {
        return "N=" + n + " R=" + r + " W=" + w;
    }
}
