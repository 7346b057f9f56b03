package io.dynacart.store.versioning;

/**
 * A context token that cannot be decoded: not base64url, truncated, oversized, or not a canonical
 * clock. The message names the problem; it is safe to show to the client that sent the token.
 */
public final class MalformedContextException extends RuntimeException {

    public MalformedContextException(String message) {
        super(message);
    }
}
