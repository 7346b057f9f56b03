package io.dynacart.store.api;

/**
 * A put refused because the key's siblings would pass a cap: too many of them
 * ({@link TooManySiblingsException}, HTTP 409) or too many bytes of values
 * ({@link SiblingsTooLargeException}, HTTP 413). Nothing was written and the key stays readable.
 * The way out is always the same: read the key, merge its siblings into one value, and write that
 * back with the context of the read; a put whose context covers every sibling is always accepted
 * (when its own value is within the 1 MiB limit).
 */
public abstract sealed class SiblingLimitException extends KvStoreException
        permits TooManySiblingsException, SiblingsTooLargeException {

    /** What every refusal tells the client to do. */
    public static final String RESOLVE = "nothing was written; read the key, merge its siblings into one value and"
            + " write that back with the context of the read (a put whose context covers every sibling is always"
            + " accepted)";

    protected SiblingLimitException(String message) {
        super(message);
    }
}
