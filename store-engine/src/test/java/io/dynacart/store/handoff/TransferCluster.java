package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.transport.FaultyNetwork;
import io.dynacart.store.transport.InMemoryNetwork;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.TransferMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Nodes that only transfer partitions, in virtual time: each a {@link MemoryStorage} and a
 * {@link TransferManager}, all on one {@link SimScheduler}, talking through a seeded
 * {@link FaultyNetwork} over an {@link InMemoryNetwork} with 1 ms of latency.
 */
final class TransferCluster {

    final SimScheduler sim = new SimScheduler();
    final FaultyNetwork network;
    private final long seed;

    /** One node of the cluster. */
    record Peer(NodeId id, MemoryStorage storage, TransferManager manager, List<TransferOutcome> outcomes) {
    }

    TransferCluster(long seed) {
        this.seed = seed;
        this.network = new FaultyNetwork(new InMemoryNetwork(sim, () -> 1), sim, new SplittableRandom(seed));
    }

    Peer add(String id, TransferConfig config, TransferThrottle throttle, Predicate<PartitionId> serves) {
        return add(id, config, throttle, serves, storage -> storage);
    }

    /** A node whose transfers write through {@code disk} (its own storage stays the peer's). */
    Peer add(String id, TransferConfig config, Function<MemoryStorage, Storage> disk) {
        return add(id, config, TransferThrottle.unlimited(), p -> true, disk);
    }

    private Peer add(String id, TransferConfig config, TransferThrottle throttle, Predicate<PartitionId> serves,
                     Function<MemoryStorage, Storage> disk) {
        NodeId node = NodeId.of(id);
        MemoryStorage storage = new MemoryStorage(TransferData.PARTITIONER);
        AtomicReference<TransferManager> manager = new AtomicReference<>();
        Network.Endpoint endpoint = network.attach(node,
                (from, message) -> manager.get().onMessage(from, (TransferMessage) message));
        List<TransferOutcome> outcomes = new ArrayList<>();
        TransferEnvironment env = new TransferEnvironment(endpoint, sim, sim.clock(), disk.apply(storage), throttle,
                new SplittableRandom(seed ^ id.hashCode()));
        manager.set(new TransferManager(env, config, serves, outcomes::add));
        return new Peer(node, storage, manager.get(), outcomes);
    }

    Peer add(String id, TransferConfig config) {
        return add(id, config, TransferThrottle.unlimited(), p -> true);
    }

    /** Runs virtual time in steps until {@code peer} has an outcome for every partition it asked for, or {@code limitMillis} pass. */
    void runUntilSettled(Peer peer, long limitMillis) {
        long end = sim.now() + limitMillis;
        while (sim.now() < end && (peer.manager().progress().pending() + peer.manager().progress().inFlight()) > 0) {
            sim.runFor(10);
        }
    }
}
