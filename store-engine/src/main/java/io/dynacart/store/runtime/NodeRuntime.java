package io.dynacart.store.runtime;

import io.dynacart.store.api.KeyPlacement;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.ReplicaCopy;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.clientserver.ClientServer;
import io.dynacart.store.clientserver.ClientServerConfig;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.http.HttpConfig;
import io.dynacart.store.http.NodeHttpServer;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.node.MembershipConfig;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.NodeConfig;
import io.dynacart.store.node.NodeEnvironment;
import io.dynacart.store.storage.BackupSnapshot;
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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

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

    private final NodeRuntimeConfig config;
    private final SqliteStorage storage;
    private final NodeThreads threads;
    private final TcpNetwork tcp;
    private final FaultyNetwork faults;
    private final Node node;
    private final RuntimeAdmin admin;
    private final NodeMetrics metrics;
    private final KvStore client;
    private final NodeHttpServer http;
    private final ClientServer clientServer;
    private final Teardown teardown;
    private final StartingIncarnation incarnation;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Builds the node from the bottom up, each part from the ones below it: storage, threads, TCP
     * (its addresses from a {@link PeerDirectory} the node keeps current), the node, then the HTTP
     * API and the client protocol over the node's metered client. Each part registers how it is
     * released in {@code teardown}, which {@link #close()} runs, as does {@link #start} if a part
     * fails to start.
     */
    private NodeRuntime(NodeRuntimeConfig s, StorageHooks hooks, Teardown teardown) {
        this.config = s;
        this.teardown = teardown;
        boolean fresh = s.learnsIncarnation() && StartingIncarnation.isFresh(s.dataDir()); // before storage fills it
        this.storage = teardown.opened("storage", SqliteStorage.open(StorageConfig.defaults(s.dataDir())
                .withPartitioner(s.ring().get().partitioner()).withDurability(s.durability()).withHooks(hooks)),
                SqliteStorage::close);
        this.incarnation = StartingIncarnation.settle(s.dataDir(), s.coordinator().incarnation(), fresh);
        ViewFile viewFile = new ViewFile(s.dataDir());
        Optional<MembershipView> lastView = lastView(s, viewFile);
        ByteBudget inFlight = new ByteBudget(s.limits().bytesInFlight());
        this.threads = teardown.opened("event loop", new NodeThreads(s.id()), NodeThreads::stopLoop);
        ExecutorScheduler loop = threads.loop();
        PeerDirectory peers = new PeerDirectory(s);
        this.tcp = teardown.opened("TCP", new TcpNetwork(TcpConfig.defaults(s.listen().tcp(), peers::tcpOf,
                s.secret()).withHandshakes(s.limits().handshakes()), threads.group(), inFlight), TcpNetwork::close);
        teardown.opened("tasks", threads, NodeThreads::stopTasks);
        this.faults = new FaultyNetwork(tcp, loop, new SplittableRandom(s.id().hashCode()));
        NamespaceFile namespaces = new NamespaceFile(s.dataDir());
        this.node = teardown.opened("node", Node.start(NodeConfig.defaults(s.id())
                        .withCoordinator(s.coordinator().withIncarnation(incarnation.floor()))
                        .withMembership(MembershipConfig.defaults(seeds(s, lastView)).withNamespaces(namespaces.load())
                                .withZone(s.zone()).withWeight(s.weight()).withLastView(lastView)
                                .withLearnsIncarnation(incarnation.learning()))
                        .withAntiEntropy(s.background().antiEntropy()).withBackground(s.background().admission())
                        .withReclaim(s.background().reclaim()),
                new NodeEnvironment(faults, loop, Clock.system(), storage, s.ring(),
                        OffLoop.on(threads.worker(), loop))), started -> {
                    stopOnLoop(started, loop);
                    ViewSaver.save(viewFile, started.view()); // its last view, whatever the worker still had queued
                });
        loop.execute(() -> node.watchView(peers::learn));
        loop.execute(() -> node.watchView(new NamespaceSaver(namespaces, threads.worker())));
        loop.execute(() -> node.watchView(new ViewSaver(viewFile, threads.worker())));
        loop.execute(() -> node.watchView(incarnation.recorder(s.id(), threads.worker())));
        this.metrics = new NodeMetrics(s.id(), node, storage, loop, inFlight);
        metrics.watchTransport(tcp::stats);
        this.admin = new RuntimeAdmin(node, loop, storage, new StatusReport(s, node, metrics::load),
                new NodeBackups(s.id(), this::incarnation, storage, s.dataDir(), node::view),
                peer -> faults.plan().separates(s.id(), peer));
        this.client = metrics.metered(node.client(), node.backgroundShare()::record);
        Duration answerTimeout = HttpConfig.answerTimeoutFor(s.coordinator().timeoutMillis());
        this.http = teardown.opened("HTTP API", new NodeHttpServer(client, admin::status, admin,
                new HttpConfig(s.listen().http().getHostString(), s.listen().http().getPort(), s.adminToken(),
                        answerTimeout), metrics::scrape)
                .logsAs(s.id().value()).limitsBytesInFlight(inFlight).failsHealthWhen(storage::failure)
                .startingWhile(this::learning).start(),
                NodeHttpServer::close);
        this.clientServer = teardown.opened("client port", ClientServer.start(client, s.id(), inFlight,
                new ClientServerConfig(s.listen().client().getHostString(), s.listen().client().getPort(),
                        s.clientToken(), answerTimeout), NodeThreads.named(s.id())), ClientServer::close);
    }

    /**
     * Opens the storage (replaying its log), binds TCP and HTTP, and starts serving. Every thread of
     * the node (event loop, storage, HTTP) logs with MDC {@code node} = its id, and so does the
     * calling thread while it starts the node.
     */
    public static NodeRuntime start(NodeRuntimeConfig s) {
        return start(s, StorageHooks.NONE);
    }

    /** {@link #start(NodeRuntimeConfig)} with {@code hooks} watching (or breaking) the storage's threads: tests only. */
    static NodeRuntime start(NodeRuntimeConfig s, StorageHooks hooks) {
        return NodeThreads.as(s.id(), () -> {
            Teardown teardown = new Teardown();
            NodeRuntime runtime;
            try {
                runtime = new NodeRuntime(s, hooks, teardown);
            } catch (RuntimeException e) {
                teardown.run();
                throw e;
            }
            NodeAddresses told = runtime.advertised();
            runtime.onLoop(() -> runtime.node.announce(NodeAddresses.text(told.tcp()),
                    NodeAddresses.text(told.http()), NodeAddresses.text(told.client())));
            return runtime;
        });
    }

    public NodeId id() {
        return config.id();
    }

    /**
     * The incarnation this node runs under: its configured one, or the one recorded in its data
     * directory if higher (a restore raises it there: {@link io.dynacart.store.storage.DataDirectoryRestore});
     * for a node started on an empty data directory, the one it learnt from its peers (until then,
     * the configured one: see {@link #learning}).
     */
    public int incarnation() {
        return node.incarnation().orElse(incarnation.floor());
    }

    /**
     * Why this node takes no writes yet, while it learns its incarnation from its peers (it started on
     * an empty data directory and has not heard from one); empty once it has, and for any other node.
     */
    public Optional<String> learning() {
        return node.incarnation().isPresent() ? Optional.empty() : Optional.of("node " + config.id() + " started on an"
                + " empty data directory and is learning from its peers which incarnation to take; it takes writes"
                + " once it has heard from one");
    }

    /** Takes a backup of this node's data (see {@link io.dynacart.store.http.AdminActions#backup}). */
    public CompletableFuture<BackupSnapshot> backup() {
        return admin.backup();
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
                new InetSocketAddress(config.listen().http().getHostString(), http.boundPort()),
                new InetSocketAddress(config.listen().client().getHostString(), clientServer.boundPort()));
    }

    /**
     * Where peers and clients are told to reach this node: the advertised addresses, else the bound
     * ones. An advertised client port of 0 means the bound one, at the advertised HTTP host.
     */
    NodeAddresses advertised() {
        NodeAddresses bound = addresses();
        NodeAddresses told = config.discovery().advertise().orElse(bound);
        if (told.client().getPort() != 0) {
            return told;
        }
        return new NodeAddresses(told.tcp(), told.http(),
                InetSocketAddress.createUnresolved(told.http().getHostString(), bound.client().getPort()));
    }

    /** Runs {@code task} on this node's event loop: tests hold the loop with it, as a stuck node would. */
    void onLoop(Runnable task) {
        threads.loop().execute(task);
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

    /**
     * Seeds: the nodes of the ring it starts with (for a joining node, the cluster it joins), those of
     * the ring it last held (nodes that joined since), and any named.
     */
    private static List<NodeId> seeds(NodeRuntimeConfig s, Optional<MembershipView> last) {
        SortedSet<NodeId> seeds = new TreeSet<>(s.ring().get().nodes());
        last.ifPresent(view -> {
            seeds.addAll(view.ring().nodes());
            view.transition().ifPresent(t -> seeds.addAll(t.target().nodes()));
        });
        seeds.addAll(s.discovery().seeds().keySet());
        seeds.remove(s.id());
        return List.copyOf(seeds);
    }

    /**
     * The view the node held when it last ran, kept in its data directory; refused, naming the file,
     * if it is of a cluster with another N or partition count than this node's settings.
     */
    private static Optional<MembershipView> lastView(NodeRuntimeConfig s, ViewFile file) {
        Optional<MembershipView> last = file.load();
        int n = s.coordinator().defaultQuorum().n();
        int partitions = s.ring().get().partitionCount();
        last.ifPresent(view -> {
            if (view.n() != n || view.ring().partitionCount() != partitions) {
                throw new IllegalStateException(file.path() + " holds the view of a cluster with N=" + view.n() + " and "
                        + view.ring().partitionCount() + " partitions, but this node is set for N=" + n + " and "
                        + partitions + "; start it with the cluster's settings");
            }
        });
        return last;
    }

    /** Applies {@code change} to this node's membership view on its event loop; gossip spreads it. */
    public CompletableFuture<MembershipView> propose(UnaryOperator<MembershipView> change) {
        return admin.propose(change);
    }

    /** Proposes that this node join the ring it knows, with {@code weight}. */
    public CompletableFuture<Long> join(int weight) {
        return admin.join(weight);
    }

    /** Proposes that {@code leaver} leave the ring. */
    public CompletableFuture<Long> leave(NodeId leaver) {
        return admin.leave(leaver);
    }

    /** Proposes that {@code node} take {@code weight}; answers the target ring version. */
    public CompletableFuture<Long> reweight(NodeId node, int weight) {
        return admin.reweight(node, weight);
    }

    /** Starts anti-entropy of {@code partition} with its other replicas now; how many exchanges were queued. */
    public CompletableFuture<Integer> repair(int partition) {
        return admin.repair(partition);
    }

    /** Where {@code key} lives as this node sees it: hash, partition, preference list with each node's state. */
    public CompletableFuture<KeyPlacement> placement(Key key) {
        return admin.placement(key);
    }

    /** What this node holds of {@code key} in its own storage and hints, asking no other node. */
    public CompletableFuture<ReplicaCopy> replica(Key key) {
        return admin.replica(key);
    }

    /**
     * Read repair of {@code key} now, coordinated by this node, answering what it changed; with
     * {@code antiEntropy}, anti-entropy exchanges of the key's partition are queued too.
     */
    public CompletableFuture<KeyRepairOutcome> repairKey(Key key, boolean antiEntropy) {
        return admin.repairKey(key, antiEntropy);
    }

    /**
     * Makes a namespace or changes the settings {@code change} names, on this node; gossip takes it
     * to the others. The future holds the namespace's settings as this node now has them.
     */
    public CompletableFuture<NamespaceConfig> defineNamespace(NamespaceChange change) {
        return admin.defineNamespace(change);
    }

    /** The membership view as it stands here, from any thread. */
    public MembershipView view() {
        return node.view();
    }

    /** A snapshot of what {@code GET /cluster} shows, read on the node's event loop. */
    public ClusterStatus status() {
        return admin.status();
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
        while (System.nanoTime() < end && admin.requestsInFlight() > 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /** Stops serving, fails waiting clients, flushes storage to SQLite and releases everything. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        teardown.run();
    }

    /** Stops {@code node} on its loop (timers, operations, links), or from here if the loop does not answer. */
    private static void stopOnLoop(Node node, ExecutorScheduler loop) {
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
    }
}
