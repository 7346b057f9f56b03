package io.dynacart.store.storage;

import io.dynacart.store.api.Value;

/** A value over {@link Value#MAX_BYTES}; nothing was written. */
public final class ValueTooLargeException extends IllegalArgumentException {

    public ValueTooLargeException(int length) {
        super("value is " + length + " bytes; at most " + Value.MAX_BYTES + " (1 MiB) are allowed");
    }
}
