package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.SiblingLimitException;
import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.ClockLimitException;
import io.dynacart.store.versioning.ClockLimits;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's two reproductions, over HTTP against five real nodes (SQLite, the append log, TCP):
 * a context that once made a key unwritable for everyone, and blind writes that once piled
 * siblings up until the key could be neither written nor read. Requests go both to a primary of
 * the key, which coordinates, and to a node outside its first three, which forwards to one.
 */
class KeyLimitsOverHttpIT {

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
        cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** The key's first primary, which coordinates what it receives. */
    private static NodeId primary(String key) {
        return primaries(key).get(0);
    }

    private static List<NodeId> primaries(String key) {
        return cluster.ring().preferenceList(KeyHash.of(Key.of(key)), 3).primaries();
    }

    /** A node outside the key's first three, which forwards a put to a primary. */
    private static NodeId forwarder(String key) {
        return cluster.nodeIds().stream().filter(n -> !primaries(key).contains(n)).findFirst().orElseThrow();
    }

    /** The context of the issue: n1's counter at 2^63 - 1, as a client would send it. */
    private static String contextAt(long counter) {
        byte[] bytes = new ByteWriter(16).writeByte(1).writeVarint(1).writeByte(2).writeBytes(new byte[] {'n', '1'})
                .writeVarint(counter).writeVarint(0).toByteArray();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void theIssuesContextAt2To63Minus1Is400AndEveryLaterPutOfTheKeySucceeds() throws Exception {
        String key = "overflow";
        for (NodeId node : cluster.nodeIds()) {
            Answer refused = put(node, key, "x".getBytes(StandardCharsets.UTF_8), contextAt(Long.MAX_VALUE));
            assertThat(refused.status()).as("PUT via %s with the issue's context: %s", node, refused.body()).isEqualTo(400);
            assertThat(refused.error()).contains("X-Context").contains("counter 9223372036854775807, above the limit of 2^62");
        }
        for (NodeId node : cluster.nodeIds()) {
            assertThat(put(node, key, bytes("blind via " + node), null).status()).as("a blind PUT via %s", node)
                    .isEqualTo(204);
            Answer read = get(node, key, 2);
            Answer resolved = put(node, key, bytes("resolved via " + node), read.context());
            assertThat(resolved.status()).as("a PUT via %s with the context of a read: %s", node, resolved.body())
                    .isEqualTo(204);
        }
        assertThat(get(primary(key), key, 3).body().path("siblings")).as("the last resolution superseded everything")
                .hasSize(1);
    }

    @Test
    void aForgedContextUnderTheLimitIsRefusedByTheCoordinatorAndByTheNodeThatForwardedIt() throws Exception {
        String key = "forged";
        assertThat(put(primary(key), key, bytes("v1"), null).status()).isEqualTo(204);
        String forged = contextAt(ClockLimits.MAX_COUNTER);
        for (NodeId node : List.of(primary(key), forwarder(key))) {
            Answer refused = put(node, key, bytes("forged"), forged);
            assertThat(refused.status()).as("via %s: %s", node, refused.body()).isEqualTo(400);
            assertThat(refused.error()).contains("above 2^53").contains("a counter that large is accepted only in a"
                    + " context read from the key");
        }
        assertThatThrownBy(() -> Await.of(cluster.client(forwarder(key)).put(Key.of(key),
                new Context(VectorClock.of(new VectorClock.Entry(NodeId.of("n1"), ClockLimits.MAX_COUNTER, 0))), bytes("x"))))
                .as("the typed error, also when forwarded").isInstanceOf(ClockLimitException.class);

        Answer read = get(forwarder(key), key, 2);
        assertThat(put(forwarder(key), key, bytes("v2"), read.context()).status()).isEqualTo(204);
        assertThat(values(get(primary(key), key, 3))).containsExactly("v2");
    }

    /** The issue: 31 blind PUTs of 270 KB to one key; then every PUT and GET of it answered 503. */
    @Test
    void thirtyOneBlindPutsOf270KBStopAtTheByteCapAndTheKeyStaysReadableAndResolvable() throws Exception {
        String key = "flood";
        NodeId coordinator = primary(key);
        byte[] value = new byte[270_000];
        int accepted = 0;
        for (int i = 1; i <= 31; i++) {
            value[0] = (byte) i;
            Answer put = put(coordinator, key, value, null);
            if (i <= 7) {
                assertThat(put.status()).as("blind PUT %d: %s", i, put.body()).isEqualTo(204);
                accepted++;
            } else {
                assertThat(put.status()).as("blind PUT %d, past 2 MiB of siblings: %s", i, put.body()).isEqualTo(413);
                assertThat(put.error()).contains("would hold " + (8 * 270_000) + " bytes of values; at most 2097152")
                        .contains("read the key, merge its siblings into one value and write that back with the"
                                + " context of the read");
            }
            assertThat(get(coordinator, key, 2).status()).as("GET after PUT %d", i).isEqualTo(200);
        }
        assertThat(accepted).isEqualTo(7);
        Await.until("all seven on every replica", Duration.ofSeconds(10), () -> get(coordinator, key, 3).body()
                .path("siblings").size() == 7);
        for (NodeId node : cluster.nodeIds()) {
            Answer read = get(node, key, 3);
            assertThat(read.status()).as("GET R=3 via %s", node).isEqualTo(200);
            assertThat(read.body().path("siblings")).hasSize(7);
        }
        Answer forwarded = put(forwarder(key), key, new byte[1 << 20], null);
        assertThat(forwarded.status()).as("a forwarded PUT is refused the same way: %s", forwarded.body()).isEqualTo(413);

        Answer read = get(forwarder(key), key, 2);
        assertThat(put(forwarder(key), key, bytes("merged"), read.context()).status())
                .as("a PUT with the context of a GET resolves the key").isEqualTo(204);
        assertThat(values(get(coordinator, key, 3))).containsExactly("merged");
        for (int i = 1; i <= 6; i++) {
            value[0] = (byte) (100 + i);
            assertThat(put(coordinator, key, value, null).status()).as("blind PUT %d after the resolution", i)
                    .isEqualTo(204);
        }
    }

    @Test
    void theHundredAndFirstSiblingIs409AndTheTypedErrorsReachEveryClient() throws Exception {
        String key = "many";
        NodeId coordinator = primary(key);
        for (int i = 1; i <= 100; i++) {
            assertThat(put(coordinator, key, bytes("v" + i), null).status()).as("blind PUT %d", i).isEqualTo(204);
        }
        Answer refused = put(coordinator, key, bytes("v101"), null);
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(refused.error()).contains("the key would have 101 siblings; at most 100 are allowed");

        assertThatThrownBy(() -> Await.of(cluster.client(coordinator).put(Key.of(key), Context.EMPTY, bytes("v"))))
                .as("in process").isInstanceOf(TooManySiblingsException.class);
        // To the key's first primary, the node that took the hundred puts: this checks the errors' types.
        try (ClusterClient client = ClusterClient.connect(List.of(httpBase(coordinator)), Quorum.DEFAULT,
                Duration.ofSeconds(5), ClusterClient.Config.DEFAULT.withPrimaryChoice(PrimaryChoice.FIRST))) {
            assertThatThrownBy(() -> Await.of(client.put(Key.of(key), Context.EMPTY, bytes("v"))))
                    .as("over HTTP").isInstanceOf(TooManySiblingsException.class).isInstanceOf(SiblingLimitException.class);
            assertThatThrownBy(() -> Await.of(client.put(Key.of("flood-client"), Context.EMPTY, new byte[1 << 20])
                    .thenCompose(c -> client.put(Key.of("flood-client"), Context.EMPTY, new byte[1 << 20]))
                    .thenCompose(c -> client.put(Key.of("flood-client"), Context.EMPTY, new byte[1 << 20]))))
                    .isInstanceOf(SiblingsTooLargeException.class);

            GetResult all = Await.of(client.get(Key.of(key)));
            assertThat(all.siblings()).hasSize(100);
            Await.of(client.put(Key.of(key), all.context(), bytes("one")));
            assertThat(Await.of(client.get(Key.of(key))).values()).hasSize(1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static URI httpBase(NodeId node) {
        var a = cluster.addresses(node).http();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    private static URI kv(NodeId node, String key, String query) {
        return URI.create(httpBase(node) + "/kv/" + key + "?" + query);
    }

    private Answer put(NodeId node, String key, byte[] value, String context) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(kv(node, key, "w=2")).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(value));
        if (context != null) {
            b.header("X-Context", context);
        }
        return send(b);
    }

    private Answer get(NodeId node, String key, int r) {
        try {
            return send(HttpRequest.newBuilder(kv(node, key, "r=" + r)).timeout(Duration.ofSeconds(10)).GET());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET of " + key + " via " + node + " failed", e);
        }
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
        return new Answer(r.statusCode(), r.headers().firstValue("X-Context").orElse(null), body);
    }

    private static List<String> values(Answer read) {
        assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        read.body().path("siblings").forEach(s -> out.add(new String(Base64.getDecoder().decode(s.asText()),
                StandardCharsets.UTF_8)));
        return out;
    }
}
