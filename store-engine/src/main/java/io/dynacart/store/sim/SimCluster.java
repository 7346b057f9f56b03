package io.dynacart.store.sim;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.MembershipSettings;
import io.dynacart.store.node.NodeConfig;
import io.dynacart.store.node.NodeEnvironment;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.transport.FaultyNetwork;
import io.dynacart.store.transport.InMemoryNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A cluster of nodes in virtual time: in-memory network with seeded faults, memory storage that a
 * crash leaves intact (a crashed node loses nothing its storage acknowledged), a fixed ring.
 */
public final class SimCluster {

    /** Partitions of the simulated ring: small, so that runs are quick yet keys spread. */
    public static final int PARTITIONS = 64;

    private final SimScheduler scheduler;
    private final FaultyNetwork network;
    private final Ring ring;
    private final CoordinatorConfig coordinatorConfig;
    private final java.util.function.UnaryOperator<NodeConfig> configure;
    private final Map<NodeId, Storage> storages = new LinkedHashMap<>();
    private final Map<NodeId, Node> running = new LinkedHashMap<>();
    private final Map<NodeId, SimScheduler.NodeScheduler> loops = new LinkedHashMap<>();

    /** Nodes named n1, n2, ... */
    public static List<NodeId> names(int nodes) {
        return java.util.stream.IntStream.rangeClosed(1, nodes).mapToObj(i -> NodeId.of("n" + i)).toList();
    }

    public SimCluster(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random,
                      CoordinatorConfig coordinatorConfig) {
        this(nodes, scheduler, random, coordinatorConfig, storage -> storage);
    }

    /** A cluster whose nodes' settings {@code configure} changes (tests shorten the tombstone grace, say). */
    public static SimCluster configured(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random,
                                        CoordinatorConfig coordinatorConfig,
                                        java.util.function.UnaryOperator<NodeConfig> configure) {
        return new SimCluster(nodes, scheduler, random, coordinatorConfig, storage -> storage, configure);
    }

    /** A cluster whose storages are wrapped by {@code wrap} (the simulation records versions through it). */
    SimCluster(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random, CoordinatorConfig coordinatorConfig,
               java.util.function.UnaryOperator<Storage> wrap) {
        this(nodes, scheduler, random, coordinatorConfig, wrap, config -> config);
    }

    SimCluster(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random, CoordinatorConfig coordinatorConfig,
               java.util.function.UnaryOperator<Storage> wrap, java.util.function.UnaryOperator<NodeConfig> configure) {
        this.scheduler = scheduler;
        this.coordinatorConfig = coordinatorConfig;
        this.configure = configure;
        RandomGenerator latency = random;
        this.network = new FaultyNetwork(new InMemoryNetwork(scheduler, () -> 1 + latency.nextInt(4)), scheduler, random);
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        nodes.forEach(id -> weights.put(id, 1));
        this.ring = Claim.initial(weights, PARTITIONS, Math.min(3, nodes.size()));
        for (NodeId id : weights.keySet()) {
            storages.put(id, wrap.apply(new MemoryStorage(new io.dynacart.store.ring.Partitioner(PARTITIONS))));
        }
        weights.keySet().forEach(this::start);
    }

    public List<NodeId> nodeIds() {
        return new ArrayList<>(storages.keySet());
    }

    public Ring ring() {
        return ring;
    }

    public FaultyNetwork network() {
        return network;
    }

    public SimScheduler scheduler() {
        return scheduler;
    }

    public boolean isRunning(NodeId id) {
        return running.containsKey(id);
    }

    /** The node's client interface; the node must be running. */
    public KvStore client(NodeId id) {
        Node node = running.get(id);
        if (node == null) {
            throw new IllegalStateException(id + " is down");
        }
        return node.client();
    }

    public Node node(NodeId id) {
        return running.get(id);
    }

    public Storage storage(NodeId id) {
        return storages.get(id);
    }

    /** Stops the node abruptly: timers and in-flight work vanish; its storage stays. */
    public void crash(NodeId id) {
        Node node = running.remove(id);
        if (node != null) {
            loops.remove(id).halt();
            node.stop();
        }
    }

    /** Starts a crashed node again on its storage. */
    public void restart(NodeId id) {
        if (!running.containsKey(id)) {
            start(id);
        }
    }

    private void start(NodeId id) {
        SimScheduler.NodeScheduler loop = scheduler.forNode();
        NodeConfig config = configure.apply(new NodeConfig(id, coordinatorConfig, 2, 200, 200,
                MembershipSettings.defaults(nodeIds()), NodeConfig.ANTI_ENTROPY));
        Node node = Node.start(config, new NodeEnvironment(network, loop, scheduler.clock(), storages.get(id), () -> ring));
        loops.put(id, loop);
        running.put(id, node);
    }
}
