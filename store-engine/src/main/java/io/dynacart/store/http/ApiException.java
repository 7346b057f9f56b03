package io.dynacart.store.http;

import java.util.List;
import java.util.Objects;

/**
 * A request the API answers with an error status and {@code {"error": message}}: thrown by the
 * parsing and waiting helpers, turned into JSON in one place ({@link ErrorMapping}).
 *
 * <p>The message goes to the client as is, so it must name the problem (the parameter, the limit)
 * and never carry a stack trace or internal state. {@code missing} is only set for a quorum that was
 * not reached: the nodes that did not answer.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final List<String> missing;
    private final int retryAfterSeconds;

    private ApiException(int status, String message, List<String> missing) {
        this(status, message, missing, 0);
    }

    private ApiException(int status, String message, List<String> missing, int retryAfterSeconds) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an API error has a 4xx or 5xx status, not " + status);
        }
        this.status = status;
        this.missing = missing == null ? null : List.copyOf(missing);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message, null);
    }

    /** No such thing: a namespace this node does not know. */
    static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    static ApiException tooLarge(String message) {
        return new ApiException(413, message, null);
    }

    /** A refused request: an admin call without the right {@code X-Admin-Token}, or a foreign {@code Host}. */
    static ApiException forbidden(String message) {
        return new ApiException(403, message, null);
    }

    /** The request conflicts with the cluster's or the key's state (a ring change under way, a sibling cap). */
    static ApiException conflict(String message) {
        return new ApiException(409, message, null);
    }

    /** The store could not answer now (no quorum, node stopping); a retry may succeed. */
    static ApiException unavailable(String message, List<String> missing) {
        return new ApiException(503, message, missing);
    }

    /**
     * The node is too busy to take the request now (too many bytes in flight, storage catching
     * up): 503 with {@code Retry-After: seconds}. Nothing was done; the same request may be sent again.
     */
    static ApiException overloaded(String message, int retryAfterSeconds) {
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("Retry-After must be at least 1 second, was " + retryAfterSeconds);
        }
        return new ApiException(503, message, null, retryAfterSeconds);
    }

    /** The node's disk has no room for what was asked (a backup's snapshot): 507. */
    static ApiException insufficientStorage(String message) {
        return new ApiException(507, message, null);
    }

    /** The store did not answer within the HTTP layer's own bound. */
    static ApiException timedOut(String message) {
        return new ApiException(504, message, null);
    }

    int status() {
        return status;
    }

    /** Seconds for the {@code Retry-After} header, or 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The nodes a failed quorum waited for in vain, or {@code null} when not a quorum failure. */
    List<String> missing() {
        return missing;
    }
}
