package io.dynacart.store.identity;

/** A key outside the store's bounds (1 to {@value Key#MAX_LENGTH} bytes); the message says which. */
public final class InvalidKeyException extends IllegalArgumentException {

    public InvalidKeyException(String message) {
        super(message);
    }
}
