package io.dynacart.cart.service;

import java.util.Objects;

/**
 * A cart request refused for what it asked, not for the store's health: the cart is unchanged. The
 * message names the problem; {@link #reason()} lets a page or an API map it to a status.
 */
public final class CartRejectedException extends RuntimeException {

    /** Why a request was refused. */
    public enum Reason {
        /** The product is not in the catalog. */
        UNKNOWN_PRODUCT,
        /** A quantity outside what one request may ask. */
        BAD_QUANTITY,
        /** The request would put more of one item, or more items, in the cart than a cart may hold. */
        CART_LIMIT,
        /** The cart id was not issued by this shop (forged, mistyped, or another shop's). */
        FOREIGN_CART,
        /** Checkout of a cart with nothing to order. */
        EMPTY_CART
    }

    private final Reason reason;

    public CartRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
