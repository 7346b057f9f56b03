package io.dynacart.cart;

import java.util.Objects;

/** A catalog entry: what a cart line shows and what it costs per unit. */
public record Product(ProductId id, String name, Money price) {

    public Product {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
        if (name.isBlank()) {
            throw new IllegalArgumentException("product " + id + " needs a name");
        }
        if (price.isNegative()) {
            throw new IllegalArgumentException("product " + id + " has a negative price " + price);
        }
    }
}
