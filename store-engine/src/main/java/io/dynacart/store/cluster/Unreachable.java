package io.dynacart.store.cluster;

/**
 * A node that did not answer: its connection failed or closed, or the request timed out. The
 * routing client fails over to the next node of the key's preference list on this, and only this:
 * an answer, even an error, is final.
 */
final class Unreachable extends RuntimeException {

    Unreachable(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    Unreachable(String message) {
        super(message, null, false, false);
    }
}
