package io.dynacart.store.api;

/**
 * The put would leave the key with more bytes of sibling values than the cap (HTTP 413); see
 * {@link SiblingLimitException}.
 */
public final class SiblingsTooLargeException extends SiblingLimitException {

    /** Rebuilds the exception from its message, as a client of the HTTP API receives it. */
    public SiblingsTooLargeException(String message) {
        super(message);
    }

    /** The key's sibling values would total {@code bytes}; at most {@code max} are allowed. */
    public static SiblingsTooLargeException of(long bytes, long max) {
        return new SiblingsTooLargeException("the key's siblings would hold " + bytes + " bytes of values; at most "
                + max + " are allowed; " + RESOLVE);
    }
}
