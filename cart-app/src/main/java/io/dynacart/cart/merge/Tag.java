package io.dynacart.cart.merge;

import io.dynacart.store.identity.Names;
import java.util.Comparator;

/**
 * The unique identity of one add (a "dot"): the writer that made it and that writer's counter.
 * Uniqueness is the caller's duty and everything rests on it: two different adds under one tag would
 * be taken for the same add. A writer is one process or session that never reuses a counter, not a
 * user: two browser tabs of one user are two writers.
 */
public record Tag(String writer, long counter) implements Comparable<Tag> {

    private static final Comparator<Tag> ORDER =
            Comparator.comparing(Tag::writer).thenComparingLong(Tag::counter);

    public Tag {
        Names.requireValid("tag writer", writer);
        if (counter < 1) {
            throw new IllegalArgumentException("tag counter must be >= 1, was " + counter);
        }
    }

    public static Tag of(String writer, long counter) {
        return new Tag(writer, counter);
    }

    @Override
    public int compareTo(Tag other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return writer + ":" + counter;
    }
}
