package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Network;
import io.dynacart.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Nodes of a test cluster, each on its own {@link TcpNetwork} (as each would be in its own process),
 * listening on a free loopback port and finding the others through one shared address book. As a
 * {@link Network} it lets the {@code NetworkContract} drive many nodes: attaching an id reuses that
 * id's network, so attaching it twice meets the network's own refusal, and re-attaching after a
 * close binds a new port that the address book then publishes.
 */
public final class TcpNodes implements Network, AutoCloseable {

    /** The test cluster's secret. */
    public static final byte[] SECRET = "dynacart-test-cluster-secret".getBytes(StandardCharsets.US_ASCII);

    private final Map<NodeId, InetSocketAddress> book = new ConcurrentHashMap<>();
    private final Map<NodeId, TcpNetwork> networks = new ConcurrentHashMap<>();
    private final List<TcpNetwork> everyNetwork = new CopyOnWriteArrayList<>();
    private final UnaryOperator<TcpConfig> tuning;

    public TcpNodes() {
        this(UnaryOperator.identity());
    }

    /** Nodes whose config is {@link #testConfig} adjusted by {@code tuning}. */
    public TcpNodes(UnaryOperator<TcpConfig> tuning) {
        this.tuning = tuning;
    }

    /** Loopback, a free port, short timeouts and backoff so that tests recover quickly. */
    public static TcpConfig testConfig(Function<NodeId, InetSocketAddress> addressBook, byte[] secret) {
        return TcpConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), addressBook, secret)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withReconnect(new TcpConfig.Backoff(Duration.ofMillis(10), Duration.ofMillis(200)));
    }

    public TcpConfig config() {
        return tuning.apply(testConfig(book::get, SECRET));
    }

    @Override
    public Endpoint attach(NodeId self, Inbox inbox) {
        TcpNetwork network = networks.computeIfAbsent(self, id -> start(config()));
        Endpoint endpoint = network.attach(self, inbox);
        book.put(self, network.boundAddress());
        return endpoint;
    }

    /** Starts a network of {@code config} that this cluster closes at the end; the caller attaches it. */
    public TcpNetwork start(TcpConfig config) {
        TcpNetwork network = new TcpNetwork(config);
        everyNetwork.add(network);
        return network;
    }

    /** Publishes (or, with {@code null}, forgets) where {@code node} listens. */
    public void publish(NodeId node, InetSocketAddress address) {
        if (address == null) {
            book.remove(node);
        } else {
            book.put(node, address);
        }
    }

    public InetSocketAddress addressOf(NodeId node) {
        return book.get(node);
    }

    /** The network {@code node} was attached through. */
    public TcpNetwork network(NodeId node) {
        return networks.get(node);
    }

    /** Waits until every message frame handed to a socket has been delivered. */
    public void awaitNothingInFlight() {
        Await.until("every frame sent to arrive", () -> total(TcpStats::framesOut) == total(TcpStats::framesIn));
    }

    public long total(Function<TcpStats, Long> counter) {
        return everyNetwork.stream().mapToLong(n -> counter.apply(n.stats())).sum();
    }

    @Override
    public void close() {
        everyNetwork.forEach(TcpNetwork::close);
    }
}
