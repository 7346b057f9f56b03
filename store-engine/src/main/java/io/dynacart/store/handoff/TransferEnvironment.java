package io.dynacart.store.handoff;

import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.OffLoop;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.Network;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What partition transfer reaches the world through, all injected so that the same code runs on
 * sockets and threads or in the simulator. {@code random} only draws the first transfer id, so that
 * a restarted node does not mistake a chunk meant for its previous life for one of its own.
 * {@code offLoop} runs the scans that fill the chunks a source sends, away from the event loop.
 */
public record TransferEnvironment(Network.Endpoint endpoint, Scheduler scheduler, Clock clock, Storage storage,
                               TransferThrottle throttle, RandomGenerator random, OffLoop offLoop) {

    /** An environment whose scans run on the loop itself ({@link OffLoop#inline()}): the simulator's. */
    public TransferEnvironment(Network.Endpoint endpoint, Scheduler scheduler, Clock clock, Storage storage,
                            TransferThrottle throttle, RandomGenerator random) {
        this(endpoint, scheduler, clock, storage, throttle, random, OffLoop.inline());
    }

    public TransferEnvironment {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(offLoop, "offLoop");
    }
}
