package io.dynacart.store.versioning;

/**
 * A context token that cannot be decoded: not base64url, truncated, oversized, not a canonical
 * clock, or naming a counter or timestamp past the {@link ClockLimits} (then the cause is the
 * {@link ClockLimitException}). The message names the problem; it is safe to show to the client
 * that sent the token.
 */
public final class MalformedContextException extends RuntimeException {

    public MalformedContextException(String message) {
        super(message);
    }

    public MalformedContextException(String message, ClockLimitException cause) {
        super(message, cause);
    }

    /** Whether the token was well formed but named a number past the clock limits. */
    public boolean isPastClockLimits() {
        return getCause() instanceof ClockLimitException;
    }
}
