package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Namespaces as a user meets them, on three real nodes: made over {@code POST /admin/namespaces},
 * gossiped to every node, used over {@code /ns/{namespace}/kv/{key}} and through {@link ClusterClient}
 * on both transports; an unknown one is a 404 naming it; expiry and last-write-wins as a client sees them.
 */
class NamespacesIT {

    @TempDir
    static Path root;

    private static LocalCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    record Answer(int status, String context, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }
    }

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aNamespaceMadeOnOneNodeReachesEveryNodeAndHoldsItsOwnKeys() throws Exception {
        Answer made = define(node(1), "{\"name\": \"cart\", \"r\": 1, \"w\": 2, \"ttl\": \"30d\"}");
        assertThat(made.status()).as(made.body().toString()).isEqualTo(200);
        assertThat(made.body().path("ttlSeconds").asLong()).isEqualTo(30L * 86_400);
        assertThat(made.body().path("version").asLong()).isEqualTo(1);
        awaitEveryNodeKnows("cart");

        assertThat(send(HttpRequest.newBuilder(uri(node(2), "/ns/cart/kv/k1"))
                .PUT(HttpRequest.BodyPublishers.ofString("in cart"))).status()).isEqualTo(204);
        Answer read = send(HttpRequest.newBuilder(uri(node(3), "/ns/cart/kv/k1")).GET());
        assertThat(read.status()).isEqualTo(200);
        assertThat(values(read)).containsExactly("in cart");
        assertThat(read.body().path("key").asText()).as("the key is shown by its name").isEqualTo("k1");
        assertThat(send(HttpRequest.newBuilder(uri(node(3), "/kv/k1")).GET()).status())
                .as("the default namespace's k1 is another key").isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri(node(1), "/ns/default/kv/k1")).GET()).status()).isEqualTo(404);

        JsonNode listed = send(HttpRequest.newBuilder(uri(node(3), "/namespaces")).GET()).body().path("namespaces");
        assertThat(listed.get(0).path("name").asText()).isEqualTo("default");
        assertThat(listed.get(1).path("name").asText()).isEqualTo("cart");
        assertThat(listed.get(1).path("r").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownNamespaceIsA404NamingItOnEveryEdge() throws Exception {
        Answer read = send(HttpRequest.newBuilder(uri(node(1), "/ns/nowhere/kv/k")).GET());
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.error()).contains("no namespace 'nowhere'");
        Answer write = send(HttpRequest.newBuilder(uri(node(1), "/ns/nowhere/kv/k"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.error()).contains("no namespace 'nowhere'");
        Key key = Key.of(Namespace.of("nowhere"), "k");
        for (ClusterClient.Transport transport : ClusterClient.Transport.values()) {
            try (ClusterClient client = client(transport)) {
                assertThatThrownBy(() -> Await.of(client.get(key))).as("%s", transport)
                        .isInstanceOf(UnknownNamespaceException.class).hasMessageContaining("nowhere");
                assertThatThrownBy(() -> Await.of(client.put(key, Context.EMPTY, bytes("x")))).as("%s", transport)
                        .isInstanceOf(UnknownNamespaceException.class);
            }
        }
        assertThatThrownBy(() -> Await.of(cluster.client(node(2)).get(key)))
                .isInstanceOf(UnknownNamespaceException.class);
    }

    @Test
    void badNamespaceRequestsAreRefusedNamingTheProblem() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri(node(1), "/admin/namespaces"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}"))).status()).as("no token").isEqualTo(403);
        assertThat(define(node(1), "{not json").error()).contains("not JSON");
        assertThat(define(node(1), "{\"name\": \"x\", \"colour\": 1}").error()).contains("unknown field 'colour'");
        assertThat(define(node(1), "{\"r\": 1}").error()).contains("name is required");
        assertThat(define(node(1), "{\"name\": \"bad name\"}").error()).contains("namespace contains the character ' '");
        assertThat(define(node(1), "{\"name\": \"x\", \"n\": 4}").error()).contains("at most N=3");
        assertThat(define(node(1), "{\"name\": \"x\", \"ttl\": \"soon\"}").error()).contains("ttl must be");
        assertThat(define(node(1), "{\"name\": \"x\", \"reconcile\": \"newest\"}").error())
                .contains("'siblings' or 'last-write-wins'");
        assertThat(define(node(1), "{\"name\": \"default\"}").error()).contains("default namespace");
        Answer badPath = send(HttpRequest.newBuilder(uri(node(1), "/ns/cart/k1")).GET());
        assertThat(badPath.status()).isEqualTo(400);
        assertThat(badPath.error()).contains("/ns/{namespace}/kv/{key}");
        assertThat(send(HttpRequest.newBuilder(uri(node(1), "/ns/x/kv/k")).GET()).status())
                .as("nothing above made x").isEqualTo(404);
    }

    @Test
    void bothClientTransportsReadAndWriteANamespaceWithItsOwnQuorum() throws Exception {
        assertThat(define(node(2), "{\"name\": \"orders\", \"w\": 3}").status()).isEqualTo(200);
        awaitEveryNodeKnows("orders");
        for (ClusterClient.Transport transport : ClusterClient.Transport.values()) {
            try (ClusterClient client = client(transport)) {
                Key key = Key.of(Namespace.of("orders"), "o-" + transport);
                Await.of(client.put(key, Context.EMPTY, bytes("paid")));
                GetResult read = Await.of(client.get(key));
                assertThat(read.key()).isEqualTo(key);
                assertThat(read.siblings()).hasSize(1);
                for (NodeId n : cluster.nodeIds()) {
                    assertThat(cluster.runtime(n).storage().get(key)).as("W=3: %s holds it once acknowledged", n)
                            .hasSize(1);
                }
            }
        }
    }

    @Test
    void theLibraryMakesANamespaceThroughLocalClusterAndUsesItsQuorumByDefault() {
        NamespaceConfig made = cluster.defineNamespace(NamespaceChange.of(Namespace.of("catalog")).withQuorum(3, 1, 3));
        assertThat(made.version()).isEqualTo(1);
        for (NodeId n : cluster.nodeIds()) {
            assertThat(cluster.client(n).defaultQuorum(Namespace.of("catalog"))).as("as %s has it", n)
                    .isEqualTo(new Quorum(3, 1, 3));
        }
        Key key = Key.of(Namespace.of("catalog"), "kettle");
        Await.of(cluster.client(node(1)).put(key, Context.EMPTY, bytes("12.50")));
        for (NodeId n : cluster.nodeIds()) {
            assertThat(cluster.runtime(n).storage().get(key)).as("W=3 by default: %s holds it", n).hasSize(1);
        }
        assertThat(cluster.defineNamespace(NamespaceChange.of(Namespace.of("catalog")).withQuorum(3, 1, 3)).version())
                .as("the same settings again: no new version").isEqualTo(1);
        assertThatThrownBy(() -> cluster.defineNamespace(NamespaceChange.of(Namespace.of("catalog")).withQuorum(4, 1, 1)))
                .hasMessageContaining("at most N=3");
    }

    @Test
    void aClusterRestartedAsAWholeStillHasItsNamespaces() {
        cluster.defineNamespace(NamespaceChange.of(Namespace.of("kept")).withTtlSeconds(3600));
        Key key = Key.of(Namespace.of("kept"), "k");
        Await.of(cluster.client(node(1)).put(key, Context.EMPTY, bytes("before")));
        for (NodeId n : cluster.nodeIds()) {
            cluster.stop(n);
        }
        for (NodeId n : cluster.nodeIds()) {
            cluster.restart(n);
        }
        for (NodeId n : cluster.nodeIds()) {
            assertThat(cluster.runtime(n).view().namespaces().get(Namespace.of("kept")))
                    .as("%s read it back from its data directory", n).isPresent();
        }
        GetResult read = Await.of(cluster.client(node(2)).get(key));
        assertThat(read.values()).hasSize(1);
    }

    @Test
    void aLastWriteWinsNamespaceShowsOnlyTheLatestOfTwoBlindWrites() throws Exception {
        assertThat(define(node(1), "{\"name\": \"session\", \"reconcile\": \"last-write-wins\"}").status()).isEqualTo(200);
        awaitEveryNodeKnows("session");
        String path = "/ns/session/kv/s1";
        assertThat(send(HttpRequest.newBuilder(uri(node(1), path)).PUT(HttpRequest.BodyPublishers.ofString("first")))
                .status()).isEqualTo(204);
        assertThat(send(HttpRequest.newBuilder(uri(node(2), path)).PUT(HttpRequest.BodyPublishers.ofString("second")))
                .status()).isEqualTo(204);
        Answer read = send(HttpRequest.newBuilder(uri(node(3), path + "?r=3")).GET());
        assertThat(values(read)).containsExactly("second");
    }

    @Test
    void aKeyOfANamespaceWithATtlReadsAsAbsentOnceItExpires() throws Exception {
        assertThat(define(node(3), "{\"name\": \"short\", \"ttl\": 1}").status()).isEqualTo(200);
        awaitEveryNodeKnows("short");
        String path = "/ns/short/kv/brief";
        assertThat(send(HttpRequest.newBuilder(uri(node(1), path)).PUT(HttpRequest.BodyPublishers.ofString("now")))
                .status()).isEqualTo(204);
        Await.until("the key expires a second after its write", Duration.ofSeconds(10),
                () -> get(node(2), path + "?r=3").status() == 404);
        for (NodeId n : cluster.nodeIds()) {
            assertThat(get(n, path + "?r=1").status()).as("expired as read through %s", n).isEqualTo(404);
        }
    }

    private static NodeId node(int i) {
        return NodeId.of("n" + i);
    }

    private ClusterClient client(ClusterClient.Transport transport) {
        return ClusterClient.connect(List.of(httpBase(node(1))), Quorum.DEFAULT, Duration.ofSeconds(10),
                ClusterClient.Config.DEFAULT.withTransport(transport));
    }

    private void awaitEveryNodeKnows(String namespace) {
        Await.until("every node knows namespace " + namespace, Duration.ofSeconds(20), () -> cluster.nodeIds().stream()
                .allMatch(n -> get(n, "/namespaces").body().path("namespaces").findValuesAsText("name").contains(namespace)));
    }

    private Answer define(NodeId node, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(node, "/admin/namespaces")).header("X-Admin-Token", cluster.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer get(NodeId node, String path) {
        try {
            return send(HttpRequest.newBuilder(uri(node, path)).GET());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path + " via " + node + " failed", e);
        }
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
        return new Answer(r.statusCode(), r.headers().firstValue("X-Context").orElse(null), body);
    }

    private static URI httpBase(NodeId node) {
        var a = cluster.addresses(node).http();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    private static URI uri(NodeId node, String path) {
        return URI.create(httpBase(node) + path);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> values(Answer read) {
        assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        read.body().path("siblings").forEach(s -> out.add(new String(Base64.getDecoder().decode(s.asText()),
                StandardCharsets.UTF_8)));
        return out;
    }
}
