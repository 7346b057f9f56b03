package io.dynacart.store.identity;

import java.util.Objects;

/**
 * The name of a storage node, such as {@code n1}: stable for the node's life, unique in its cluster.
 *
 * <p>Node ids appear in vector clocks, rings, hints and on the wire, so they are short ASCII:
 * 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]}. Ordering is by the id's text and
 * gives clocks and rings one canonical form.
 */
public record NodeId(String value) implements Comparable<NodeId> {

    /** Longest id accepted anywhere, including by the binary decoders. */
    public static final int MAX_LENGTH = 64;

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
        if (candidate.isEmpty()) {
            return "node id is empty";
        }
        if (candidate.length() > MAX_LENGTH) {
            return "node id is " + candidate.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "node id contains the character " + describe(c) + " at position " + i
                        + "; only letters, digits, '.', '_' and '-' are allowed";
            }
        }
        return null;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
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
