package io.dynacart.store.versioning;

import java.util.Objects;

/** A value with the clock of the write that made it: one sibling of a key. */
public record Versioned<V>(DottedVersionVector version, V value) {

    public Versioned {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(value, "value");
    }

    /** Shorthand for {@code version().dot()}. */
    public Dot dot() {
        return version.dot();
    }

    /** Shorthand for {@code version().compare(other.version())}. */
    public Causality compare(Versioned<?> other) {
        return version.compare(other.version);
    }
}
