package io.dynacart.web.control;

/**
 * A control request the demo cannot carry out, with the HTTP status that says why: 400 for bad
 * input (an unknown node, groups that do not cover the cluster), 409 for a conflict with the
 * cluster's state (a ring change already under way, starting a node that left).
 */
public final class ControlException extends RuntimeException {

    private final int status;

    public ControlException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ControlException badRequest(String message) {
        return new ControlException(400, message);
    }

    public static ControlException conflict(String message) {
        return new ControlException(409, message);
    }

    public int status() {
        return status;
    }
}
