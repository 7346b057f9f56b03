package io.dynacart.store.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.storage.Value;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VersionToken;
import io.dynacart.store.versioning.Versioned;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KvStore} that routes each request itself (the paper's client-driven coordination,
 * section 6.4): it learns the ring from any node's {@code GET /cluster}, sends each request over
 * HTTP straight to a node of the key's preference list — the first primary, so a put needs no
 * forwarding hop — refreshes the ring periodically, and fails over to the next node of the list
 * when one does not answer.
 */
public final class ClusterClient implements KvStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration requestTimeout;
    private final Quorum defaultQuorum;
    private final ScheduledExecutorService refresher;
    private final ExecutorService completions;
    private final Suspects suspects = new Suspects();
    /** Requests on the wire at once; see {@link InFlightLimit}. */
    private final InFlightLimit limit = new InFlightLimit(64);
    private volatile Topology topology;

    private ClusterClient(Topology first, Duration requestTimeout, Quorum defaultQuorum, Duration refreshEvery) {
        this.topology = first;
        this.requestTimeout = requestTimeout;
        this.defaultQuorum = defaultQuorum;
        // The JDK client's default executor starts a thread per completion under load (measured: a
        // thousand operations per second took both cores); a small fixed pool does the same work.
        this.completions = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cluster-client-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(completions)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-client-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, refreshEvery.toMillis(), refreshEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Learns the ring from the first of {@code seeds} (node HTTP addresses) that answers.
     *
     * @throws IllegalStateException naming every seed tried when none answers
     */
    public static ClusterClient connect(List<URI> seeds, Quorum defaultQuorum, Duration requestTimeout) {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> problems = new ArrayList<>();
        for (URI seed : seeds) {
            try {
                return new ClusterClient(Topology.fetch(probe, seed, new ObjectMapper()), requestTimeout, defaultQuorum,
                        Duration.ofSeconds(5));
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

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        Objects.requireNonNull(key, "key");
        return tryNodes(key, quorum, node -> HttpRequest.newBuilder(uri(node, key, "r=" + quorum.r())).GET(),
                (response, node) -> parseGet(key, response));
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        Objects.requireNonNull(value, "value");
        if (value.length > Value.MAX_BYTES) {
            throw new ValueTooLargeException(value.length);
        }
        return write(key, context, quorum, HttpRequest.BodyPublishers.ofByteArray(value), "PUT");
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return write(key, context, quorum, HttpRequest.BodyPublishers.noBody(), "DELETE");
    }

    private CompletableFuture<Context> write(Key key, Context context, Quorum quorum,
                                             HttpRequest.BodyPublisher body, String method) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(context, "context");
        return tryNodes(key, quorum, node -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(node, key, "w=" + quorum.w())).method(method, body);
            if (!context.clock().isEmpty()) {
                b.header("X-Context", context.toBase64Url());
            }
            return b;
        }, (response, node) -> {
            if (response.statusCode() != 204) {
                throw failure(response);
            }
            return Context.fromBase64Url(response.headers().firstValue("X-Context").orElseThrow());
        });
    }

    /** The nodes to try for {@code key}: its preference list, primaries first, suspects last. */
    private List<NodeId> candidates(Key key, Quorum quorum) {
        PreferenceList list = topology.ring().preferenceList(KeyHash.of(key), quorum.n());
        List<NodeId> all = new ArrayList<>(list.primaries());
        all.addAll(list.fallbacks());
        return suspects.orderedByHealth(all);
    }

    private <T> CompletableFuture<T> tryNodes(Key key, Quorum quorum,
                                              java.util.function.Function<NodeId, HttpRequest.Builder> request,
                                              ResponseReader<T> reader) {
        return attempt(candidates(key, quorum), 0, request, reader, null);
    }

    private <T> CompletableFuture<T> attempt(List<NodeId> nodes, int i,
                                             java.util.function.Function<NodeId, HttpRequest.Builder> request,
                                             ResponseReader<T> reader, Throwable last) {
        if (i >= Math.min(nodes.size(), 3)) {
            return CompletableFuture.failedFuture(new QuorumNotReachedException("request", 1, 0, nodes.subList(0,
                    Math.min(nodes.size(), 3))));
        }
        NodeId node = nodes.get(i);
        HttpRequest req = request.apply(node).timeout(requestTimeout).build();
        return limit.submit(() -> http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()))
                .handle((response, error) -> {
                    if (error != null) {
                        suspects.failed(node);
                        return attempt(nodes, i + 1, request, reader, error);
                    }
                    suspects.answered(node);
                    try {
                        return CompletableFuture.completedFuture(reader.read(response, node));
                    } catch (RuntimeException e) {
                        return CompletableFuture.<T>failedFuture(e);
                    }
                })
                .thenCompose(f -> f);
    }

    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(HttpResponse<byte[]> response, NodeId node);
    }

    private GetResult parseGet(Key key, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw failure(response);
        }
        try {
            JsonNode body = json.readTree(response.body());
            List<Versioned<Value>> siblings = new ArrayList<>();
            for (JsonNode v : body.path("versions")) {
                Value value = v.path("value").isNull() ? Value.TOMBSTONE
                        : Value.of(Base64.getDecoder().decode(v.path("value").asText()));
                siblings.add(new Versioned<>(VersionToken.decode(v.path("version").asText()), value));
            }
            return new GetResult(key, siblings, Context.fromBase64Url(body.path("context").asText()),
                    body.path("fallbacksOnly").asBoolean(false));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable answer from the store: " + e.getMessage(), e);
        }
    }

    /**
     * Turns an error answer into the exception a local KvStore would have thrown: 503 a quorum not
     * reached, 409 and 413 a put past the key's sibling caps (a value over 1 MiB is refused before it
     * is sent), other 4xx an {@link IllegalArgumentException} with the node's message.
     */
    private RuntimeException failure(HttpResponse<byte[]> response) {
        String message;
        List<NodeId> missing = new ArrayList<>();
        try {
            JsonNode body = json.readTree(response.body());
            message = body.path("error").asText("HTTP " + response.statusCode());
            body.path("missing").forEach(m -> missing.add(NodeId.of(m.asText())));
        } catch (Exception e) {
            message = "HTTP " + response.statusCode();
        }
        if (response.statusCode() == 503) {
            return new QuorumNotReachedException("request", 0, 0, missing);
        }
        if (response.statusCode() == 409) {
            return new TooManySiblingsException(message);
        }
        if (response.statusCode() == 413) {
            return new SiblingsTooLargeException(message);
        }
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
            return new IllegalArgumentException(message);
        }
        return new IllegalStateException("the store answered " + response.statusCode() + ": " + message);
    }

    private URI uri(NodeId node, Key key, String query) {
        return URI.create(topology.httpBase(node) + "/kv/" + KeyEncoding.encode(key) + "?" + query);
    }

    private void refresh() {
        for (NodeId node : suspects.orderedByHealth(new ArrayList<>(topology.ring().nodes()))) {
            try {
                topology = Topology.fetch(http, URI.create(topology.httpBase(node)), json);
                return;
            } catch (Exception e) {
                LOG.debug("ring refresh from {} failed: {}", node, e.toString());
            }
        }
    }

    /** The ring this client routes with. */
    public io.dynacart.store.ring.Ring ring() {
        return topology.ring();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        completions.shutdownNow();
    }
}
