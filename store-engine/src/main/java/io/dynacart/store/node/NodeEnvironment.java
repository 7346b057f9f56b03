package io.dynacart.store.node;

import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.OffLoop;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.Network;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a node touches outside itself. Real: TCP, the system clock, an event-loop thread,
 * SQLite. Simulated: an in-memory network with faults, virtual time, memory storage.
 *
 * @param ring    the ring the node starts with; read once, when the node is built (after that the
 *                ring is the gossiped membership's)
 * @param offLoop where work that may block on storage (scans for tombstone collection and partition
 *                transfer) runs, away from the event loop
 */
public record NodeEnvironment(Network network, Scheduler scheduler, Clock clock, Storage storage, Supplier<Ring> ring,
                              OffLoop offLoop) {

    /** An environment whose blocking work runs on the loop itself ({@link OffLoop#inline()}): the simulator's. */
    public NodeEnvironment(Network network, Scheduler scheduler, Clock clock, Storage storage, Supplier<Ring> ring) {
        this(network, scheduler, clock, storage, ring, OffLoop.inline());
    }

    public NodeEnvironment {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(offLoop, "offLoop");
    }
}
