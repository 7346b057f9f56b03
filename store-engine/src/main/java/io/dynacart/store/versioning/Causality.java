package io.dynacart.store.versioning;

/**
 * How two versions relate in causal order, as seen from the first: {@code a.compare(b) == BEFORE}
 * means a happened before b (b descends from a).
 *
 * <p>Deliberately not {@link Comparable}: {@link #CONCURRENT} versions are not equal, and no total
 * order over versions is meaningful.
 */
public enum Causality {
    /** The first is an ancestor of the second; the second supersedes it. */
    BEFORE,
    /** The first descends from the second and supersedes it. */
    AFTER,
    /** The same version. */
    EQUAL,
    /** Neither descends from the other: both must be kept as siblings. */
    CONCURRENT;

    /** The relation seen from the other side. */
    public Causality reversed() {
        if (this == BEFORE) {
            return AFTER;
        }
        if (this == AFTER) {
            return BEFORE;
        }
        return this;
    }
}
