package io.dynacart.cart.merge;

import java.util.Objects;

/**
 * A cart under {@link ObservedRemove}: its live adds and every tag it has seen. An add that was seen
 * and is no longer live was removed here. Invariant: every live add's tag is in {@code seen}.
 */
public record ObservedRemoveCart(TaggedLines lines, CausalContext seen) implements CartState {

    public static final ObservedRemoveCart EMPTY = new ObservedRemoveCart(TaggedLines.EMPTY, CausalContext.EMPTY);

    public ObservedRemoveCart {
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(seen, "seen");
        for (Tag t : lines.tags()) {
            if (!seen.contains(t)) {
                throw new IllegalArgumentException("live add " + t + " is missing from the seen tags");
            }
        }
    }
}
