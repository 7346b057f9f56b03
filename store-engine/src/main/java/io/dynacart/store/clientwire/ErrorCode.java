package io.dynacart.store.clientwire;

/**
 * The kinds of failure a node answers, each with the HTTP status of the same meaning, so a client
 * can treat both edges alike. The byte is the code on the wire; codes are never reused.
 */
public enum ErrorCode {
    /** A request that does not decode or names a bad key, context, R or W; nothing was done. */
    BAD_REQUEST(1, 400),
    /** The first frame was not a HELLO with the node's client token; the connection closes. */
    UNAUTHORIZED(2, 401),
    /** The put would leave the key with more siblings than its cap: read, merge, write back. */
    TOO_MANY_SIBLINGS(3, 409),
    /** A frame over the limit (the connection closes), a value over 1 MiB, or siblings past their byte cap. */
    TOO_LARGE(4, 413),
    /** Fewer than R or W nodes answered; the failure names them. */
    QUORUM_NOT_REACHED(5, 503),
    /** The node has too many bytes in flight; nothing was done, retry after the given seconds. */
    OVERLOADED(6, 503),
    /** The node is stopping, or its storage has failed. */
    UNAVAILABLE(7, 503),
    /** The store did not answer in time; a write may still land, and a retry with the same context is safe. */
    TIMEOUT(8, 504),
    /** Something the node did not expect; it logged the details. */
    INTERNAL(9, 500),
    /** The key's namespace is not one the node knows (never made, or not yet gossiped to it). */
    UNKNOWN_NAMESPACE(10, 404);

    private final int code;
    private final int httpStatus;

    ErrorCode(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    /** The HTTP status with the same meaning. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The code for {@code code}, or null when none has it. */
    static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
