package io.dynacart.store.encoding;

/**
 * Input that does not decode: truncated, out of bounds or not canonical. The message names the field
 * and the problem; each format wraps it in its own typed error.
 */
public final class DecodingException extends RuntimeException {

    public DecodingException(String message) {
        super(message);
    }
}
