package io.dynacart.ops;

/** A failure the user can fix: its message names the problem and the fix, on one line. Exit code 1. */
public final class OpsException extends RuntimeException {

    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
