package io.dynacart.cart.merge;

import io.dynacart.cart.ProductId;
import java.util.Objects;

/** What a device does to its replica of a cart. Quantities are per operation, 1 to {@value #MAX_QUANTITY}. */
public sealed interface CartOp permits CartOp.Add, CartOp.Remove, CartOp.SetQuantity {

    /** The most units one operation may add or set; keeps sums far from overflow. */
    int MAX_QUANTITY = 10_000;

    ProductId item();

    /** Adds {@code quantity} units of {@code item}, as the add named {@code tag}. */
    record Add(ProductId item, int quantity, Tag tag) implements CartOp {
        public Add {
            Objects.requireNonNull(item, "item");
            requireQuantity(quantity, 1);
            Objects.requireNonNull(tag, "tag");
        }
    }

    /** Takes {@code item} out of the cart: every add of it this replica has seen. */
    record Remove(ProductId item) implements CartOp {
        public Remove {
            Objects.requireNonNull(item, "item");
        }
    }

    /**
     * Replaces what this replica has seen of {@code item} by one add of {@code quantity} units named
     * {@code tag}; 0 is a remove.
     */
    record SetQuantity(ProductId item, int quantity, Tag tag) implements CartOp {
        public SetQuantity {
            Objects.requireNonNull(item, "item");
            requireQuantity(quantity, 0);
            Objects.requireNonNull(tag, "tag");
        }
    }

    private static void requireQuantity(int quantity, int min) {
        if (quantity < min || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException(
                    "quantity must be " + min + " to " + MAX_QUANTITY + ", was " + quantity);
        }
    }
}
