package io.dynacart.store.cluster;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.versioning.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KvStore} that routes each request itself (the paper's client-driven coordination,
 * section 6.4): it learns the ring from any node's {@code GET /cluster}, sends each request straight
 * to one of the key's N primaries — so a put needs no forwarding hop — refreshes the ring
 * periodically, and fails over to the next node of the list when one does not answer. Which primary
 * ({@link RequestRoute}): a put or delete that carries the context of a read this client made goes to
 * the replica that replied fastest to that read ({@link GetResult#fastestReplica()}, remembered in
 * {@link LastReads}); any other request to a primary the client believes up, picked by the
 * {@link PrimaryChoice} (at random by default), so a hot key's coordination is spread over its N
 * primaries instead of all landing on the first. Requests travel over the nodes' binary client
 * protocol (docs/CLIENT-PROTOCOL.md: one persistent connection per node, requests pipelined), or
 * over HTTP with {@link Transport#HTTP}.
 * Seeds are HTTP addresses either way: the ring is learned there.
 */
public final class ClusterClient implements KvStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);
    /** Nodes of the preference list tried for one request before it fails. */
    private static final int ATTEMPTS = 3;
    /** Keys whose last read's fastest replica the client remembers. */
    private static final int REMEMBERED_READS = 16_384;

    /** How requests reach the nodes. */
    public enum Transport {
        /** The binary client protocol: the default, and the cheaper for client and node. */
        BINARY,
        /** Each node's HTTP API ({@code /kv/{key}}), as curl would. */
        HTTP
    }

    /**
     * @param transport   how requests reach the nodes
     * @param clientToken the nodes' client token for the binary protocol; "" when they require none
     * @param choice      which of a key's primaries a request without a preferred node goes to first
     */
    public record Config(Transport transport, String clientToken, PrimaryChoice choice) {

        public static final Config DEFAULT = new Config(Transport.BINARY, "");

        public Config {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(clientToken, "clientToken");
            Objects.requireNonNull(choice, "choice");
        }

        /** Config that spread requests over a key's primaries at random. */
        public Config(Transport transport, String clientToken) {
            this(transport, clientToken, PrimaryChoice.random());
        }

        public Config withTransport(Transport t) {
            return new Config(t, clientToken, choice);
        }

        public Config withClientToken(String token) {
            return new Config(transport, token, choice);
        }

        public Config withPrimaryChoice(PrimaryChoice c) {
            return new Config(transport, clientToken, c);
        }

        @Override
        public String toString() {
            return "Config[transport=" + transport + ", clientToken=" + (clientToken.isEmpty() ? "none" : "***")
                    + ", choice=" + (choice == PrimaryChoice.FIRST ? "first" : "spread") + "]";
        }
    }

    private final HttpClient http;
    private final Quorum defaultQuorum;
    private final ScheduledExecutorService refresher;
    private final ExecutorService completions;
    private final NodeExchange exchange;
    private final Suspects suspects = new Suspects();
    private final LastReads lastReads = new LastReads(REMEMBERED_READS);
    private final PrimaryChoice choice;
    private volatile Topology topology;

    private ClusterClient(Topology first, Duration requestTimeout, Quorum defaultQuorum, Duration refreshEvery,
                          Config options) {
        this.topology = first;
        this.defaultQuorum = defaultQuorum;
        this.choice = options.choice();
        // The JDK client's default executor starts a thread per completion under load (measured: a
        // thousand operations per second took both cores); a small fixed pool does the same work.
        this.completions = daemons(2, "cluster-client-completions");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(completions)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.exchange = options.transport() == Transport.HTTP ? new HttpExchange(first, requestTimeout, completions)
                : new WireExchange(first, requestTimeout, options.clientToken(), completions);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cluster-client-refresh"));
        refresher.scheduleWithFixedDelay(this::refresh, refreshEvery.toMillis(), refreshEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** {@link #connect(List, Quorum, Duration, Config)} over the binary protocol, to nodes that require no token. */
    public static ClusterClient connect(List<URI> seeds, Quorum defaultQuorum, Duration requestTimeout) {
        return connect(seeds, defaultQuorum, requestTimeout, Config.DEFAULT);
    }

    /**
     * Learns the ring from the first of {@code seeds} (node HTTP addresses) that answers.
     *
     * @throws IllegalStateException naming every seed tried when none answers
     */
    public static ClusterClient connect(List<URI> seeds, Quorum defaultQuorum, Duration requestTimeout, Config options) {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> problems = new ArrayList<>();
        for (URI seed : seeds) {
            try {
                return new ClusterClient(Topology.fetch(probe, seed), requestTimeout, defaultQuorum,
                        Duration.ofSeconds(5), options);
            } catch (Exception e) {
                problems.add(seed + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("no seed answered GET /cluster: " + problems);
    }

    @Override
    public Quorum defaultQuorum() {
        return defaultQuorum;
    }

    /**
     * A read with the client's default quorum in the default namespace; in another namespace, with
     * the namespace's R, which the node that takes it applies (the client does not know it).
     */
    @Override
    public CompletableFuture<GetResult> get(Key key) {
        return read(key, key.namespace().isDefault() ? defaultQuorum : null);
    }

    /** A write with the client's default quorum in the default namespace; in another, with the namespace's W. */
    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value) {
        return checkedWrite(key, context, value, key.namespace().isDefault() ? defaultQuorum : null);
    }

    /** As {@link #put(Key, Context, byte[])}, for a delete. */
    @Override
    public CompletableFuture<Context> delete(Key key, Context context) {
        return write(key, context, null, key.namespace().isDefault() ? defaultQuorum : null);
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        return read(key, Objects.requireNonNull(quorum, "quorum"));
    }

    /** A read with {@code quorum}'s R, or (null) the R of the node that takes it. */
    private CompletableFuture<GetResult> read(Key key, Quorum quorum) {
        Objects.requireNonNull(key, "key");
        return attempt(candidates(key, quorum, Optional.empty()), 0, node -> exchange.get(node, key, quorum))
                .thenApply(result -> {
                    lastReads.read(key, result.context(), result.fastestReplica());
                    return result;
                });
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        return checkedWrite(key, context, value, Objects.requireNonNull(quorum, "quorum"));
    }

    private CompletableFuture<Context> checkedWrite(Key key, Context context, byte[] value, Quorum quorum) {
        Objects.requireNonNull(value, "value");
        if (value.length > Value.MAX_BYTES) {
            throw new ValueTooLargeException(value.length);
        }
        return write(key, context, value, quorum);
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return write(key, context, null, Objects.requireNonNull(quorum, "quorum"));
    }

    private CompletableFuture<Context> write(Key key, Context context, byte[] value, Quorum quorum) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(context, "context");
        return attempt(candidates(key, quorum, lastReads.preferredFor(key, context)), 0,
                node -> exchange.write(node, key, context, value, quorum));
    }

    /** The nodes to try for {@code key}, in order: see {@link RequestRoute}. */
    private List<NodeId> candidates(Key key, Quorum quorum, Optional<NodeId> preferred) {
        PreferenceList list = topology.ring().preferenceList(KeyHash.of(key), (quorum == null ? defaultQuorum : quorum).n());
        return RequestRoute.order(list, suspects::suspected, preferred, choice);
    }

    /** Sends to {@code nodes[i]}; a node that does not answer is suspected and the next one tried. */
    private <T> CompletableFuture<T> attempt(List<NodeId> nodes, int i, Function<NodeId, CompletableFuture<T>> send) {
        if (i >= Math.min(nodes.size(), ATTEMPTS)) {
            return CompletableFuture.failedFuture(new QuorumNotReachedException("request", 1, 0,
                    nodes.subList(0, Math.min(nodes.size(), ATTEMPTS))));
        }
        NodeId node = nodes.get(i);
        CompletableFuture<T> sent;
        try {
            sent = send.apply(node);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((value, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof Unreachable) {
                suspects.failed(node);
                return attempt(nodes, i + 1, send);
            }
            suspects.answered(node);
            return error == null ? CompletableFuture.completedFuture(value) : CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private void refresh() {
        for (NodeId node : suspects.orderedByHealth(new ArrayList<>(topology.ring().nodes()))) {
            try {
                topology = Topology.fetch(http, URI.create(topology.httpBase(node)));
                exchange.topology(topology);
                return;
            } catch (Exception e) {
                LOG.debug("ring refresh from {} failed: {}", node, e.toString());
            }
        }
    }

    /** The ring this client routes with. */
    public Ring ring() {
        return topology.ring();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        exchange.close();
        completions.shutdownNow();
    }

    private static ExecutorService daemons(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> daemon(r, name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
