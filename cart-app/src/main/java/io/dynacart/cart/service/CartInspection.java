package io.dynacart.cart.service;

import io.dynacart.cart.CartView;
import java.util.List;
import java.util.Objects;

/**
 * A cart as the store holds it, before reconciliation: each sibling with the vector clock of the
 * write that made it (the paper's D3 and D4), and the cart they merge to. Reading it writes nothing.
 */
public record CartInspection(List<Sibling> siblings, CartView merged) {

    /** What a sibling holds. */
    public enum Kind {
        /** A cart this shop can read. */
        CART,
        /** A delete of the cart (a tombstone): it contributes nothing to the merge. */
        DELETED,
        /** Bytes that are no cart of any policy; a write of the cart sets them aside (see {@link CartService}). */
        UNREADABLE
    }

    /** @param clock the sibling's vector clock, e.g. {@code ([n1,2],[n4,1])} */
    public record Sibling(String clock, Kind kind, CartView cart) {
        public Sibling {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(cart, "cart");
        }
    }

    public CartInspection {
        siblings = List.copyOf(siblings);
        Objects.requireNonNull(merged, "merged");
    }
}
