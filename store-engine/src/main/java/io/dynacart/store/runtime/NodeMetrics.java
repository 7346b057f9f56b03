package io.dynacart.store.runtime;

import io.dynacart.store.antientropy.AntiEntropyStats;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.MeteredKvStore;
import io.dynacart.store.budget.BackgroundShare;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.handoff.TransferProgress;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.NodeStatus;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.PartitionStats;
import io.dynacart.store.storage.SqliteStorage;
import io.dynacart.store.time.ExecutorScheduler;
import io.dynacart.store.transport.tcp.TcpStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One node's metrics, in its own registry (several nodes share a JVM in tests and the demo), every
 * meter tagged with the node's id, scraped as Prometheus text for {@code GET /metrics}.
 *
 * <p>Requests are measured by {@link RequestMeters} as they complete. Everything else is read at
 * scrape time: the counters that live on the node's event loop (hints, anti-entropy, transfers) are
 * copied there into a {@link Snapshot} once per scrape; storage sizes and the log lag are read from
 * the storage's thread-safe counters.
 */
public final class NodeMetrics {

    /** What the event loop knows, copied on the loop at scrape time. */
    private record Snapshot(long hintsStored, long hintsDelivered, long hintsPending, AntiEntropyStats antiEntropy,
                            TransferProgress transfers) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Node node;
    private final SqliteStorage storage;
    private final ExecutorScheduler loop;
    private final ByteBudget inFlight;
    private volatile Snapshot snapshot;
    /** What {@link #watchTransport} reads; set once, before the first scrape can read it. */
    private volatile Supplier<TcpStats> transport;

    NodeMetrics(NodeId id, Node node, SqliteStorage storage, ExecutorScheduler loop, ByteBudget inFlight) {
        this.inFlight = inFlight;
        this.node = node;
        this.storage = storage;
        this.loop = loop;
        registry.config().commonTags("node", id.value());
        this.snapshot = new Snapshot(0, 0, 0, new AntiEntropyStats(0, 0, 0, 0, 0, 0),
                new TransferProgress(0, 0, 0, 0, 0, 0, Optional.empty()));
        register();
    }

    /** {@code store}, measured into this registry, each request's latency in ns also told to {@code foreground}. */
    KvStore metered(KvStore store, LongConsumer foreground) {
        return new MeteredKvStore(store, new RequestMeters(registry, foreground));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Also measures the node's TCP transport, read at scrape time from {@code stats}. The meters hang
     * on this object, which holds the supplier: Micrometer holds a function meter's object weakly, and
     * with nothing else holding the supplier the collector took it and froze the meters at their last
     * value.
     */
    void watchTransport(Supplier<TcpStats> stats) {
        this.transport = stats;
        FunctionCounter.builder("dynacart.tcp.connections.shed", this, m -> m.transport.get().connectionsShed())
                .description("inter-node connections closed on accept: too many unauthenticated ones from their"
                        + " address, or in all").register(registry);
        FunctionCounter.builder("dynacart.tcp.connections.refused", this, m -> m.transport.get().connectionsRefused())
                .description("inter-node connections closed before or during the handshake").register(registry);
        FunctionCounter.builder("dynacart.tcp.messages.dropped", this, m -> m.transport.get().dropped())
                .description("messages to peers dropped before reaching a socket, any cause").register(registry);
    }

    /** The node's bytes in flight against its budget, as {@code GET /cluster} shows them; from any thread. */
    ClusterStatus.Load load() {
        return new ClusterStatus.Load(inFlight.inUse(), inFlight.limit(), inFlight.refusals());
    }

    /** The Prometheus text exposition of every meter, with the loop's counters read just now. */
    public String scrape() {
        CompletableFuture<Snapshot> taken = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                NodeStatus status = node.status();
                taken.complete(new Snapshot(status.hintsStored(), status.hintsDelivered(),
                        storage.hints().counts().values().stream().mapToLong(Long::longValue).sum(),
                        status.antiEntropy(), status.transfers()));
            } catch (RuntimeException e) {
                taken.completeExceptionally(e);
            }
        });
        try {
            snapshot = taken.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A busy or stopping loop: show the last snapshot rather than no metrics at all.
        }
        return registry.scrape();
    }

    private void register() {
        counter("dynacart.hints.stored", "hints kept for unreachable primaries", s -> s.hintsStored);
        counter("dynacart.hints.delivered", "hints handed to their primary and deleted", s -> s.hintsDelivered);
        gauge("dynacart.hints.pending", "hints waiting for their primary", s -> s.hintsPending);
        counter("dynacart.antientropy.keys.repaired", "keys merged from replicas by anti-entropy",
                s -> s.antiEntropy.keysReceived());
        counter("dynacart.antientropy.keys.sent", "keys shipped to replicas by anti-entropy",
                s -> s.antiEntropy.keysSent());
        counter("dynacart.antientropy.sessions.completed", "Merkle-tree exchanges run to the end",
                s -> s.antiEntropy.sessionsCompleted());
        counter("dynacart.transfer.keys.moved", "keys received by partition transfers", s -> s.transfers.keysMoved());
        counter("dynacart.transfer.bytes.moved", "bytes received by partition transfers", s -> s.transfers.bytesMoved());
        gauge("dynacart.transfer.partitions.asked", "partitions this node is pulling for a ring change",
                s -> s.transfers.total());
        gauge("dynacart.transfer.partitions.done", "of those, the ones done", s -> s.transfers.done());
        Gauge.builder("dynacart.storage.keys", this, m -> m.storageTotals().keys())
                .description("keys stored on this node, all partitions").register(registry);
        Gauge.builder("dynacart.storage.bytes", this, m -> m.storageTotals().bytes())
                .description("bytes of keys and versions stored on this node").baseUnit("bytes").register(registry);
        Gauge.builder("dynacart.log.lag", storage, SqliteStorage::backlog)
                .description("records in the append log not yet applied to SQLite").register(registry);
        Gauge.builder("dynacart.inflight.bytes", inFlight, ByteBudget::inUse)
                .description("bytes of HTTP requests and answers and of messages queued for peers, held now")
                .baseUnit("bytes").register(registry);
        Gauge.builder("dynacart.inflight.limit", inFlight, ByteBudget::limit)
                .description("the node's budget of bytes in flight; client requests are refused past half of it")
                .baseUnit("bytes").register(registry);
        FunctionCounter.builder("dynacart.inflight.refusals", inFlight, ByteBudget::refusals)
                .description("requests (503 with Retry-After) and messages refused because the budget was spent")
                .register(registry);
        Gauge.builder("dynacart.background.share", node.backgroundShare(), BackgroundShare::share)
                .description("share of their rates background work (anti-entropy, transfers, hints, tombstone scans)"
                        + " may use now; below 1 while the foreground p99 nears its target").register(registry);
        Gauge.builder("dynacart.foreground.p99", node.backgroundShare(),
                        b -> b.foregroundP99Millis().orElse(Double.NaN) / 1000.0)
                .description("p99 of the requests this node coordinated in the last second, as the admission"
                        + " controller sees it; NaN with too few requests").baseUnit("seconds").register(registry);
        Gauge.builder("dynacart.storage.failed", storage, s -> s.failure().isPresent() ? 1 : 0)
                .description("1 once a storage thread has died and the node refuses writes").register(registry);
    }

    private PartitionStats storageTotals() {
        long keys = 0;
        long bytes = 0;
        int partitions = storage.partitioner().partitionCount();
        for (int p = 0; p < partitions; p++) {
            PartitionStats s = storage.stats(new PartitionId(p));
            keys += s.keys();
            bytes += s.bytes();
        }
        return new PartitionStats(keys, bytes);
    }

    private void counter(String name, String description, ToDoubleFunction<Snapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.snapshot)).description(description)
                .register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot)).description(description).register(registry);
    }
}
