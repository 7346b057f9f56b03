package io.dynacart.store.http;

import ch.qos.logback.classic.Level;
import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.node.MembershipConfig;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.NodeConfig;
import io.dynacart.store.node.NodeEnvironment;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.ExecutorScheduler;
import io.dynacart.store.transport.FaultyNetwork;
import io.dynacart.store.transport.InMemoryNetwork;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.LoggerFactory;

/**
 * Three real nodes in this JVM, in real time, each behind its own {@link NodeHttpServer} on a free
 * port of 127.0.0.1: one {@link InMemoryNetwork} delivered by its own thread, under a seeded
 * {@link FaultyNetwork} so a test can partition; per node memory storage, its own event loop and
 * the initial ring of 64 partitions with N=3 (so every node is a primary of every key).
 *
 * <p>Start one per test class and close it after; {@code /cluster} shows the fixed
 * {@link ClusterStatus#sample(String)} of each node.
 */
final class HttpTestCluster implements AutoCloseable {

    static final List<NodeId> NODES = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    static final int PARTITIONS = 64;
    static final String ADMIN_TOKEN = "test-admin-token";

    static {
        quietLibraries();
    }

    private final ExecutorScheduler delivery = new ExecutorScheduler("http-it-network");
    private final FaultyNetwork network;
    private final List<ExecutorScheduler> loops = new ArrayList<>();
    private final Map<NodeId, Node> nodes = new LinkedHashMap<>();
    private final Map<NodeId, NodeHttpServer> servers = new LinkedHashMap<>();

    /**
     * @param coordinatorTimeoutMillis how long a request waits for its quorum; short keeps the
     *                                 quorum-failure tests quick
     * @param seed                     seeds the fault layer
     */
    HttpTestCluster(long coordinatorTimeoutMillis, long seed) {
        this.network = new FaultyNetwork(new InMemoryNetwork(delivery), delivery, new Random(seed));
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        NODES.forEach(id -> weights.put(id, 1));
        Ring ring = Claim.initial(weights, PARTITIONS, 3);
        CoordinatorConfig coordinator = CoordinatorConfig.DEFAULT.withTimeoutMillis(coordinatorTimeoutMillis);
        HttpConfig http = new HttpConfig("127.0.0.1", 0, ADMIN_TOKEN, HttpConfig.answerTimeoutFor(coordinatorTimeoutMillis));
        try {
            for (NodeId id : NODES) {
                ExecutorScheduler loop = new ExecutorScheduler(id + "-loop");
                loops.add(loop);
                NodeConfig config = new NodeConfig(id, coordinator, 2, 100, 200, MembershipConfig.defaults(NODES), AntiEntropyConfig.DEFAULT);
                Node node = Node.start(config, new NodeEnvironment(network, loop, Clock.system(),
                        new MemoryStorage(new Partitioner(PARTITIONS)), () -> ring));
                nodes.put(id, node);
                servers.put(id, new NodeHttpServer(node.client(), () -> ClusterStatus.sample(id.value()), http).start());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:port} of {@code node}'s API followed by {@code pathAndQuery}, taken as already encoded. */
    URI uri(String node, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + servers.get(NodeId.of(node)).boundPort() + pathAndQuery);
    }

    FaultyNetwork network() {
        return network;
    }

    Node node(String id) {
        return nodes.get(NodeId.of(id));
    }

    @Override
    public void close() {
        servers.values().forEach(NodeHttpServer::close);
        nodes.values().forEach(Node::stop);
        loops.forEach(ExecutorScheduler::close);
        delivery.close();
    }

    /** Jetty and Javalin announce every start and stop at INFO; only their problems belong in test output. */
    static void quietLibraries() {
        for (String name : List.of("org.eclipse.jetty", "io.javalin")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
    }
}
