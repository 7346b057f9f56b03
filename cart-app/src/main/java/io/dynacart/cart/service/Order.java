package io.dynacart.cart.service;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartNamespaces;
import io.dynacart.cart.Money;
import io.dynacart.cart.ProductId;
import io.dynacart.store.identity.Key;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a checkout wrote: the priced lines of the cart as it was, under the store key
 * {@code order:{id}}. The id is derived from the cart and its contents, so a retried checkout of the
 * same cart (or two devices checking out the same cart at once) names the same order.
 */
public record Order(String id, CartId cart, List<Line> lines, Money total, Instant placedAt, int versionsMerged) {

    /** One ordered product at the price it had when the order was placed. */
    public record Line(ProductId product, String name, Money unitPrice, long quantity, Money lineTotal) {
        public Line {
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unitPrice, "unitPrice");
            Objects.requireNonNull(lineTotal, "lineTotal");
            if (quantity < 1) {
                throw new IllegalArgumentException("an order line has at least one unit, was " + quantity);
            }
        }
    }

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cart, "cart");
        lines = List.copyOf(lines);
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(placedAt, "placedAt");
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one line");
        }
    }

    /** The store key of order {@code id}: the id in the {@link CartNamespaces#ORDER} namespace. */
    public static Key key(String id) {
        return Key.of(CartNamespaces.ORDER, id);
    }

    public long itemCount() {
        return lines.stream().mapToLong(Line::quantity).sum();
    }
}
