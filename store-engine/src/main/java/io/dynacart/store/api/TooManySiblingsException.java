package io.dynacart.store.api;

/** The put would leave the key with more siblings than the cap (HTTP 409); see {@link SiblingLimitException}. */
public final class TooManySiblingsException extends SiblingLimitException {

    /** Rebuilds the exception from its message, as a client of the HTTP API receives it. */
    public TooManySiblingsException(String message) {
        super(message);
    }

    /** The key would have {@code siblings} siblings; at most {@code max} are allowed. */
    public static TooManySiblingsException of(int siblings, int max) {
        return new TooManySiblingsException("the key would have " + siblings + " siblings; at most " + max
                + " are allowed; " + RESOLVE);
    }
}
