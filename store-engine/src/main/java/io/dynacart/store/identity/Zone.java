package io.dynacart.store.identity;

import java.util.Objects;

/**
 * Where a node runs, as far as failures go together: a data centre, a rack, an availability zone.
 * The ring places a key's replicas in as many distinct zones as there are (paper, section 4.2: "the
 * preference list of a key is constructed such that the storage nodes are spread across multiple
 * data centers"), so that a whole zone can fail.
 *
 * <p>A zone's name follows the rule of node ids ({@link Names}): 1 to {@value Names#MAX_LENGTH}
 * characters of {@code [A-Za-z0-9._-]}. A node given no zone is in {@link #DEFAULT}; a cluster whose
 * nodes are all in one zone places replicas exactly as it would without zones.
 */
public record Zone(String name) implements Comparable<Zone> {

    /** The zone of a node that names none. */
    public static final Zone DEFAULT = new Zone("default");

    public Zone {
        Names.requireValid("zone", Objects.requireNonNull(name, "zone"));
    }

    public static Zone of(String name) {
        return new Zone(name);
    }

    /** Why {@code candidate} is not a valid zone name, or {@code null} when it is. */
    public static String problemWith(String candidate) {
        return Names.problemWith("zone", candidate);
    }

    @Override
    public int compareTo(Zone other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
