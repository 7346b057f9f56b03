package io.dynacart.cart;

import java.util.Objects;

/**
 * A catalog entry: what a cart line shows, what it costs per unit, and the shelf it sits on.
 *
 * @param category a short shelf name such as {@code Kitchen}; the shop groups and colours by it
 */
public record Product(ProductId id, String name, Money price, String category) {

    /** The longest name or category a product may have; longer text would break the shop's grid. */
    public static final int MAX_TEXT = 80;

    public Product {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(category, "category");
        requireText(id, "name", name);
        requireText(id, "category", category);
        if (price.isNegative()) {
            throw new IllegalArgumentException("product " + id + " has a negative price " + price);
        }
    }

    private static void requireText(ProductId id, String what, String text) {
        if (text.isBlank() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException(
                    "product " + id + " needs a " + what + " of 1 to " + MAX_TEXT + " characters, was \"" + text + "\"");
        }
    }
}
