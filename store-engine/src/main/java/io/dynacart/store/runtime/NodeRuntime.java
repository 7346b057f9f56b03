package io.dynacart.store.runtime;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.clientserver.ClientServer;
import io.dynacart.store.clientserver.ClientServerConfig;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.http.HttpConfig;
import io.dynacart.store.http.NodeHttpServer;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.Member;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.Proposals;
import io.dynacart.store.node.MembershipSettings;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.NodeConfig;
import io.dynacart.store.node.NodeEnvironment;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.SqliteStorage;
import io.dynacart.store.storage.StorageConfig;
import io.dynacart.store.storage.StorageHooks;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.ExecutorScheduler;
import io.dynacart.store.time.OffLoop;
import io.dynacart.store.transport.FaultyNetwork;
import io.dynacart.store.transport.tcp.TcpConfig;
import io.dynacart.store.transport.tcp.TcpNetwork;
import io.dynacart.store.transport.tcp.TcpStats;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node for real: SQLite storage in its data directory, an event-loop thread, the TCP network
 * (under a fault layer that does nothing until told to, so that a test or the demo can partition
 * it), its HTTP API and its binary client protocol ({@link ClientServer}, on a thread of its own).
 * The same {@link Node} as under simulation.
 *
 * <p>Its HTTP API and its TCP transport share one budget of bytes in flight
 * ({@link NodeLimits#bytesInFlight()}): past it, requests get 503 with {@code Retry-After} and
 * messages for peers are dropped. If one of its storage threads dies, the node fails loudly: the
 * storage logs the cause at ERROR and refuses every write (503 naming the failure), and
 * {@code GET /health} answers 503; reads still work. The node stays up so that its owner can see
 * why ({@link #failure()}) and decide: {@code dynacart node} exits (see {@link #onFailure}).
 */
public final class NodeRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    private final NodeSettings settings;
    private final SqliteStorage storage;
    private final EventLoopGroup thread;
    private final ExecutorScheduler loop;
    private final TcpNetwork tcp;
    private final FaultyNetwork faults;
    private final Node node;
    private final NodeHttpServer http;
    private final ClientServer clientServer;
    private final NodeMetrics metrics;
    private final KvStore client;
    private final StatusReport report;
    /** Runs the node's work that may block on storage (scans), off its event loop. */
    private final ExecutorService worker;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeRuntime(NodeSettings settings, SqliteStorage storage, EventLoopGroup thread, ExecutorScheduler loop,
                        ExecutorService worker, TcpNetwork tcp, FaultyNetwork faults, Node node, NodeHttpServer http,
                        NodeMetrics metrics, KvStore client, ClientServer clientServer) {
        this.worker = worker;
        this.metrics = metrics;
        this.client = client;
        this.clientServer = clientServer;
        this.report = new StatusReport(settings, node, this::advertised, metrics::load);
        this.thread = thread;
        this.settings = settings;
        this.storage = storage;
        this.loop = loop;
        this.tcp = tcp;
        this.faults = faults;
        this.node = node;
        this.http = http;
    }

    /**
     * Opens the storage (replaying its log), binds TCP and HTTP, and starts serving. Every thread of
     * the node (event loop, storage, HTTP) logs with MDC {@code node} = its id, and so does the
     * calling thread while it starts the node.
     */
    public static NodeRuntime start(NodeSettings s) {
        return start(s, StorageHooks.NONE);
    }

    /** {@link #start(NodeSettings)} with {@code hooks} watching (or breaking) the storage's threads: tests only. */
    static NodeRuntime start(NodeSettings s, StorageHooks hooks) {
        return NodeThreads.as(s.id(), () -> startNamed(s, hooks));
    }

    private static NodeRuntime startNamed(NodeSettings s, StorageHooks hooks) {
        SqliteStorage storage = SqliteStorage.open(StorageConfig.defaults(s.dataDir())
                .withPartitioner(s.ring().get().partitioner()).withDurability(s.durability()).withHooks(hooks));
        ByteBudget inFlight = new ByteBudget(s.limits().bytesInFlight());
        // One thread per node for its logic and its sockets alike: no hand-off between them.
        EventLoopGroup thread = new NioEventLoopGroup(1, NodeThreads.named(s.id()));
        ExecutorScheduler loop = new ExecutorScheduler(thread.next());
        ExecutorService worker = Executors.newSingleThreadExecutor(NodeThreads.named(s.id()));
        TcpNetwork tcp = null;
        NodeHttpServer http = null;
        try {
            Node[] started = new Node[1];
            tcp = tcp(s, started, thread, inFlight);
            FaultyNetwork faults = new FaultyNetwork(tcp, loop, new SplittableRandom(s.id().hashCode()));
            // Seeds: the nodes of the ring it starts with (for a joining node, the cluster it joins).
            Node node = Node.start(NodeConfig.defaults(s.id()).withCoordinator(s.coordinator())
                            .withMembership(MembershipSettings.defaults(seeds(s)))
                            .withAntiEntropy(s.background().antiEntropy()).withBackground(s.background().admission()),
                    new NodeEnvironment(faults, loop, Clock.system(), storage, s.ring(), OffLoop.on(worker, loop)));
            started[0] = node;
            NodeRuntime[] self = new NodeRuntime[1];
            NodeMetrics metrics = new NodeMetrics(s.id(), node, storage, loop, inFlight);
            metrics.watchTransport(tcp::stats);
            KvStore client = metrics.metered(node.client(), node.backgroundShare()::record);
            http = new NodeHttpServer(client, () -> self[0].status(), new RuntimeAdmin(self),
                    new HttpConfig(s.listen().http().getHostString(), s.listen().http().getPort(), s.adminToken(),
                            HttpConfig.answerTimeoutFor(s.coordinator().timeoutMillis())), metrics::scrape)
                    .logsAs(s.id().value()).limitsBytesInFlight(inFlight).failsHealthWhen(storage::failure).start();
            ClientServer clientServer = ClientServer.start(client, s.id(), inFlight, new ClientServerConfig(
                    s.listen().client().getHostString(), s.listen().client().getPort(), s.clientToken(),
                    HttpConfig.answerTimeoutFor(s.coordinator().timeoutMillis())), NodeThreads.named(s.id()));
            self[0] = new NodeRuntime(s, storage, thread, loop, worker, tcp, faults, node, http, metrics, client,
                    clientServer);
            NodeAddresses told = self[0].advertised();
            loop.execute(() -> node.announce(NodeAddresses.text(told.tcp()), NodeAddresses.text(told.http()),
                    NodeAddresses.text(told.client())));
            return self[0];
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            loop.close();
            worker.shutdownNow();
            if (tcp != null) {
                tcp.close();
            }
            thread.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            storage.close();
            throw e;
        }
    }

    /**
     * The node's TCP network on its own thread, its queues counted against {@code inFlight}. Where a
     * peer listens: the configured directory first, else what gossip says it announced (once
     * {@code started} holds the node), else (before gossip has reached it) its seed address.
     */
    private static TcpNetwork tcp(NodeSettings s, Node[] started, EventLoopGroup thread, ByteBudget inFlight) {
        return new TcpNetwork(TcpConfig.defaults(s.listen().tcp(), peer -> {
            InetSocketAddress known = s.tcpOf(peer);
            if (known == null && started[0] != null) {
                known = announcedTcp(started[0], peer);
            }
            return known != null ? known : s.discovery().seeds().get(peer);
        }, s.secret()).withHandshakes(s.limits().handshakes()), thread, inFlight);
    }

    public NodeId id() {
        return settings.id();
    }

    /** This node as a client's entry point (measured, like its HTTP API). */
    public KvStore client() {
        return client;
    }

    /** This node's metrics, as {@code GET /metrics} shows them. */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** Where this node actually listens (ports resolved). */
    public NodeAddresses addresses() {
        return new NodeAddresses(tcp.boundAddress(),
                new InetSocketAddress(settings.listen().http().getHostString(), http.boundPort()),
                new InetSocketAddress(settings.listen().client().getHostString(), clientServer.boundPort()));
    }

    /**
     * Where peers and clients are told to reach this node: the advertised addresses, else the bound
     * ones. An advertised client port of 0 means the bound one, at the advertised HTTP host.
     */
    NodeAddresses advertised() {
        NodeAddresses bound = addresses();
        NodeAddresses told = settings.discovery().advertise().orElse(bound);
        if (told.client().getPort() != 0) {
            return told;
        }
        return new NodeAddresses(told.tcp(), told.http(),
                InetSocketAddress.createUnresolved(told.http().getHostString(), bound.client().getPort()));
    }

    /** Runs {@code task} on this node's event loop: tests hold the loop with it, as a stuck node would. */
    void onLoop(Runnable task) {
        loop.execute(task);
    }

    /** The fault layer over this node's network: partitions and lossy links for tests and the demo. */
    public FaultyNetwork faults() {
        return faults;
    }

    public SqliteStorage storage() {
        return storage;
    }

    /** Why this node takes no writes, once one of its storage threads has died. */
    public Optional<String> failure() {
        return storage.failure();
    }

    /**
     * Calls {@code listener} with the problem if one of this node's storage threads dies (at once
     * if one has), on the dying thread: it must hand off anything that waits for the node, such as
     * stopping it.
     */
    public void onFailure(Consumer<String> listener) {
        storage.onFailure(listener);
    }

    /** What this node's TCP transport has done so far: connections opened and refused, frames, drops. */
    public TcpStats tcpStats() {
        return tcp.stats();
    }

    /** Seeds: the nodes of the ring it starts with (for a joining node, the cluster it joins), and any named. */
    private static List<NodeId> seeds(NodeSettings s) {
        SortedSet<NodeId> seeds = new TreeSet<>(s.ring().get().nodes());
        seeds.addAll(s.discovery().seeds().keySet());
        seeds.remove(s.id());
        return List.copyOf(seeds);
    }

    private static InetSocketAddress announcedTcp(Node node, NodeId peer) {
        return node.view().member(peer)
                .map(Member::peerAddress)
                .filter(a -> !a.equals(Node.UNANNOUNCED))
                .map(a -> new InetSocketAddress(a.substring(0, a.lastIndexOf(':')),
                        Integer.parseInt(a.substring(a.lastIndexOf(':') + 1))))
                .orElse(null);
    }

    /** Applies {@code change} to this node's membership view on its event loop; gossip spreads it. */
    public CompletableFuture<MembershipView> propose(UnaryOperator<MembershipView> change) {
        CompletableFuture<MembershipView> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                done.complete(node.propose(change));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Proposes that this node join the ring it knows, with {@code weight}. */
    public CompletableFuture<Long> join(int weight) {
        return propose(v -> Proposals.join(v, id(), weight)).thenApply(NodeRuntime::targetVersion);
    }

    /** Proposes that {@code leaver} leave the ring. */
    public CompletableFuture<Long> leave(NodeId leaver) {
        return propose(v -> Proposals.leave(v, leaver)).thenApply(NodeRuntime::targetVersion);
    }

    /** Starts anti-entropy of {@code partition} with its other replicas now; how many exchanges were queued. */
    public CompletableFuture<Integer> repair(int partition) {
        int count = storage.partitioner().partitionCount();
        if (partition < 0 || partition >= count) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "partition must be from 0 to " + (count - 1) + ", was " + partition));
        }
        CompletableFuture<Integer> queued = new CompletableFuture<>();
        loop.execute(() -> queued.complete(node.repairNow(PartitionId.of(partition))));
        return queued;
    }

    private static long targetVersion(MembershipView v) {
        return v.transition().map(t -> t.target().version()).orElse(v.ring().version());
    }

    /** The membership view as it stands here, from any thread. */
    public MembershipView view() {
        return node.view();
    }

    /** A snapshot of what {@code GET /cluster} shows, read on the node's event loop. */
    public ClusterStatus status() {
        Map<NodeId, Long> hints = storage.hints().counts(); // from any thread: the storage keeps them in memory
        CompletableFuture<ClusterStatus> snapshot = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                snapshot.complete(report.build(hints));
            } catch (RuntimeException e) {
                snapshot.completeExceptionally(e);
            }
        });
        try {
            return snapshot.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node " + id() + " did not report its status: " + e, e);
        }
    }

    /**
     * A clean stop, as on SIGTERM: the HTTP API stops accepting at once and lets the requests in
     * progress finish, and in-process clients' requests finish too, all within {@code grace}; then
     * the node stops as in {@link #close()}, which flushes the log into SQLite.
     */
    public void shutdown(Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        clientServer.stopAccepting();
        http.close(grace);
        while (System.nanoTime() < end && inFlight() > 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    private int inFlight() {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        loop.execute(() -> n.complete(node.status().requestsInFlight()));
        try {
            return n.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            return 0;
        }
    }

    /** Stops serving, fails waiting clients, flushes storage to SQLite and releases everything. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        clientServer.close();
        http.close();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        loop.execute(() -> {
            node.stop();
            stopped.complete(null);
        });
        try {
            stopped.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.stop();
        }
        loop.close();
        stopWorker();
        tcp.close();
        thread.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        storage.close();
    }

    /** Lets a scan in progress finish (its result goes nowhere: the loop is closed) before storage closes. */
    private void stopWorker() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{}: a storage scan is still running as the node stops", id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
