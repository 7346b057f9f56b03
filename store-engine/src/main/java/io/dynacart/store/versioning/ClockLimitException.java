package io.dynacart.store.versioning;

/**
 * A clock past the {@link ClockLimits}: a counter or timestamp too large to decode, or a write that
 * would take a counter past them. Nothing was written. The message names the node, the number and
 * the limit; it is safe to show to the client whose context caused it.
 */
public final class ClockLimitException extends RuntimeException {

    public ClockLimitException(String message) {
        super(message);
    }
}
