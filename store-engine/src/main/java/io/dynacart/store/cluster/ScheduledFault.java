package io.dynacart.store.cluster;

import java.time.Duration;
import java.util.Objects;

/** An action and when it happens, counted from the start of the measured run. */
public record ScheduledFault(Duration at, FaultAction action) {

    public ScheduledFault {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        if (at.isNegative()) {
            throw new IllegalArgumentException("a fault's time cannot be negative, was " + at);
        }
    }

    /** As written in a schedule: {@code 20s:stop n3}. */
    public String text() {
        long ms = at.toMillis();
        return (ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms") + ":" + action.text();
    }
}
