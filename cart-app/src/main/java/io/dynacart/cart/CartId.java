package io.dynacart.cart;

import io.dynacart.store.identity.Names;

/** A cart's identifier; the cart lives in the store under {@link #storeKey()}. */
public record CartId(String value) {

    public CartId {
        Names.requireValid("cart id", value);
    }

    public static CartId of(String value) {
        return new CartId(value);
    }

    /** The store key, {@code cart:{id}}, the key every cart client agrees on. */
    public String storeKey() {
        return "cart:" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
