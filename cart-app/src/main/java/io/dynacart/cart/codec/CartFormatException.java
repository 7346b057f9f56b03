package io.dynacart.cart.codec;

/** Bytes that are not a cart of the expected policy and format version; the message says why and where. */
public final class CartFormatException extends RuntimeException {

    public CartFormatException(String message) {
        super(message);
    }

    public CartFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
