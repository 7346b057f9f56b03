package io.dynacart.loadgen.fault;

import java.util.Objects;

/**
 * A fault as it happened: when it was due and when it took effect (ms since the run began), and the
 * error if it failed.
 */
public record FaultEvent(String action, long dueMillis, long startedMillis, long doneMillis, String error) {

    public FaultEvent {
        Objects.requireNonNull(action, "action");
    }

    public boolean failed() {
        return error != null;
    }
}
