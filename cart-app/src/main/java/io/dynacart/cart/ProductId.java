package io.dynacart.cart;

import io.dynacart.store.identity.Names;

/** A product's identifier, e.g. {@code sku-1042}; see {@link Names} for the rule. */
public record ProductId(String value) implements Comparable<ProductId> {

    public ProductId {
        Names.requireValid("product id", value);
    }

    public static ProductId of(String value) {
        return new ProductId(value);
    }

    @Override
    public int compareTo(ProductId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
