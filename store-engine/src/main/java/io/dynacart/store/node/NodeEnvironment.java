package io.dynacart.store.node;

import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.Network;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a node touches outside itself. Real: TCP, the system clock, an event-loop thread,
 * SQLite. Simulated: an in-memory network with faults, virtual time, memory storage.
 *
 * @param ring the current ring; read on every request, so a new ring takes effect at once
 */
public record NodeEnvironment(Network network, Scheduler scheduler, Clock clock, Storage storage, Supplier<Ring> ring) {

    public NodeEnvironment {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(ring, "ring");
    }
}
