package io.dynacart.store.identity;

import java.util.Objects;

/**
 * The name of a storage node, such as {@code n1}: stable for the node's life, unique in its cluster.
 *
 * <p>Node ids appear in vector clocks, rings, hints and on the wire, so they are short ASCII:
 * 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]} ({@link Names}). Ordering is by the id's text and
 * gives clocks and rings one canonical form.
 */
public record NodeId(String value) implements Comparable<NodeId> {

    /** Longest id accepted anywhere, including by the binary decoders. */
    public static final int MAX_LENGTH = Names.MAX_LENGTH;

    public NodeId {
        Objects.requireNonNull(value, "node id");
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    /**
     * Why {@code candidate} is not a valid node id, or {@code null} when it is. Decoders use this to
     * report a bad id as their own typed error rather than as an {@link IllegalArgumentException}.
     */
    public static String problemWith(String candidate) {
        return Names.problemWith("node id", candidate);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
