package io.dynacart.cart;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Names;

/** A cart's identifier; the cart lives in the store under {@link #key()}. */
public record CartId(String value) {

    public CartId {
        Names.requireValid("cart id", value);
    }

    public static CartId of(String value) {
        return new CartId(value);
    }

    /** The store key: the id in the {@link CartNamespaces#CART} namespace, the key every cart client agrees on. */
    public Key key() {
        return Key.of(CartNamespaces.CART, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
