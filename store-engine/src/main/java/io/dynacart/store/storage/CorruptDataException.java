package io.dynacart.store.storage;

/** Stored bytes that do not decode; the message names where and what. */
public final class CorruptDataException extends RuntimeException {

    public CorruptDataException(String message) {
        super(message);
    }
}
