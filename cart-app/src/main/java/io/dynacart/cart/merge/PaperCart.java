package io.dynacart.cart.merge;

import java.util.Objects;

/** A cart under {@link Paper}: only its live adds; a remove leaves no trace. */
public record PaperCart(TaggedLines lines) implements CartState {

    public static final PaperCart EMPTY = new PaperCart(TaggedLines.EMPTY);

    public PaperCart {
        Objects.requireNonNull(lines, "lines");
    }
}
