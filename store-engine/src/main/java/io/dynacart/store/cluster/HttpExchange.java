package io.dynacart.store.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VersionToken;
import io.dynacart.store.versioning.Versioned;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Requests over each node's HTTP API ({@code /kv/{key}}), with the JDK's HTTP client. */
final class HttpExchange implements NodeExchange {

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;
    /** Requests on the wire at once; see {@link InFlightLimit}. */
    private final InFlightLimit limit = new InFlightLimit(64);
    private volatile Topology topology;

    HttpExchange(Topology topology, Duration timeout, Executor completions) {
        this.topology = topology;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(completions)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public void topology(Topology t) {
        topology = t;
    }

    @Override
    public CompletableFuture<GetResult> get(NodeId node, Key key, Quorum quorum) {
        return send(HttpRequest.newBuilder(uri(node, key, quorum == null ? "" : "r=" + Quorum.text(quorum.r()))).GET(),
                response -> parseGet(key, response));
    }

    @Override
    public CompletableFuture<Context> write(NodeId node, Key key, Context context, byte[] value, Quorum quorum) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(node, key, quorum == null ? "" : "w=" + Quorum.text(quorum.w())))
                .method(value == null ? "DELETE" : "PUT",
                        value == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(value));
        if (!context.clock().isEmpty()) {
            b.header("X-Context", context.toBase64Url());
        }
        return send(b, response -> {
            if (response.statusCode() != 204) {
                throw failure(key, response);
            }
            return Context.fromBase64Url(response.headers().firstValue("X-Context").orElseThrow());
        });
    }

    private <T> CompletableFuture<T> send(HttpRequest.Builder request, Function<HttpResponse<byte[]>, T> reader) {
        HttpRequest req = request.timeout(timeout).build();
        return limit.submit(() -> http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()))
                .handle((response, error) -> {
                    if (error != null) {
                        throw new Unreachable(req.uri().getAuthority() + " did not answer: " + error, error);
                    }
                    return reader.apply(response);
                });
    }

    private GetResult parseGet(Key key, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw failure(key, response);
        }
        try {
            JsonNode body = json.readTree(response.body());
            if (response.statusCode() == 404 && body.has("error")) {
                throw failure(key, response); // an unknown namespace, not a key without a value
            }
            List<Versioned<Value>> siblings = new ArrayList<>();
            for (JsonNode v : body.path("versions")) {
                Value value = v.path("value").isNull() ? Value.TOMBSTONE
                        : Value.of(Base64.getDecoder().decode(v.path("value").asText()));
                siblings.add(new Versioned<>(VersionToken.decode(v.path("version").asText()), value));
            }
            return new GetResult(key, siblings, Context.fromBase64Url(body.path("context").asText()),
                    body.path("fallbacksOnly").asBoolean(false), fastestReplica(response));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer from the store: " + e.getMessage(), e);
        }
    }

    /** The node's {@code X-Fastest-Replica} header; empty when absent (an older node) or not a node id. */
    private static Optional<NodeId> fastestReplica(HttpResponse<byte[]> response) {
        try {
            return response.headers().firstValue("X-Fastest-Replica").map(NodeId::of);
        } catch (IllegalArgumentException notANodeId) {
            return Optional.empty();
        }
    }

    /**
     * Turns an error answer into the exception a local KvStore would have thrown: 503 a quorum not
     * reached, 409 and 413 a put past the key's sibling caps (a value over 1 MiB is refused before it
     * is sent), other 4xx an {@link IllegalArgumentException} with the node's message.
     */
    private RuntimeException failure(Key key, HttpResponse<byte[]> response) {
        String message;
        List<NodeId> missing = new ArrayList<>();
        try {
            JsonNode body = json.readTree(response.body());
            message = body.path("error").asText("HTTP " + response.statusCode());
            body.path("missing").forEach(m -> missing.add(NodeId.of(m.asText())));
        } catch (Exception e) {
            message = "HTTP " + response.statusCode();
        }
        return Answers.failure(response.statusCode(), message, missing, key);
    }

    private URI uri(NodeId node, Key key, String query) {
        return URI.create(topology.httpBase(node) + KeyEncoding.path(key) + (query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public void close() {
        // The JDK client has no close on Java 17; its threads are the caller's completions pool.
    }
}
