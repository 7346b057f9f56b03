package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.budget.BackgroundConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.runtime.BackgroundWorkConfig;
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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key explorer's calls on three real nodes whose anti-entropy begins no exchange (so that only
 * the calls under test repair anything): where a key lives (hash, partition, preference list with
 * each node's state), each node's own copy read without coordination (deletes marked), read repair of
 * one key that says what it changed; bad input is a 4xx naming the problem.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyExplorerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    @TempDir
    static Path root;

    static LocalCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root).withBackground(new BackgroundWorkConfig(
                AntiEntropyConfig.DEFAULT.withInitiating(false), BackgroundConfig.DEFAULT)));
        cluster.defineNamespace(new NamespaceChange(Namespace.of("cart"), null, null, null, null, null, null, null));
        Await.until("every node knows namespace cart", Duration.ofSeconds(20), () -> cluster.nodeIds().stream()
                .allMatch(id -> cluster.runtime(id).view().namespaces().get(Namespace.of("cart")).isPresent()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void placementNamesTheHashThePartitionAndThePreferenceListInOrder() throws Exception {
        Key key = Key.of(Namespace.of("cart"), "42");
        KeyHash hash = KeyHash.of(key);
        PreferenceList list = cluster.ring().preferenceList(hash, 3);

        Answer a = get(N1, "/placement/ns/cart/kv/42");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode p = a.json();
        assertThat(p.path("node").asText()).isEqualTo("n1");
        assertThat(p.path("key").asText()).isEqualTo("42");
        assertThat(p.path("namespace").asText()).isEqualTo("cart");
        assertThat(p.path("hash").asText()).isEqualTo(hash.toString()).hasSize(32);
        assertThat(p.path("partition").asInt()).isEqualTo(list.partition().index());
        assertThat(p.path("partitionCount").asInt()).isEqualTo(256);
        assertThat(p.path("n").asInt()).isEqualTo(3);
        assertThat(ids(p.path("primaries"))).containsExactlyElementsOf(list.primaries().stream().map(NodeId::value).toList());
        assertThat(p.path("fallbacks").size()).as("three nodes, N=3: no fallback").isZero();
        for (JsonNode n : p.path("primaries")) {
            assertThat(n.path("state").asText()).isEqualTo("up");
            assertThat(n.path("zone").asText()).isEqualTo("default");
            assertThat(n.path("membership").asText()).isEqualTo("up");
            var address = cluster.addresses(NodeId.of(n.path("id").asText())).http();
            assertThat(n.path("httpAddress").asText()).isEqualTo(address.getHostString() + ":" + address.getPort());
        }
        assertThat(get(N2, "/placement/kv/a%2Fb").json().path("hash").asText())
                .as("the default namespace, the key decoded as for /kv/").isEqualTo(KeyHash.of(Key.of("a/b")).toString());
    }

    @Test
    @Order(2)
    void badInputIsA4xxNamingTheProblem() throws Exception {
        assertError(get(N1, "/placement/ns/nowhere/kv/x"), 404, "no namespace 'nowhere'");
        assertError(get(N1, "/replica/ns/nowhere/kv/x"), 404, "no namespace 'nowhere'");
        assertError(get(N1, "/placement/kv/"), 400, "key is empty");
        assertError(get(N1, "/placement"), 400, "name a key: /placement/kv/{key}");
        assertError(get(N1, "/replica/cart/42"), 400, "name a key: /replica/kv/{key} or /replica/ns/{namespace}/kv/{key}");
        assertError(get(N1, "/replica/kv/" + "a".repeat(1025)), 400, "key is 1025 bytes");
        assertError(get(N1, "/placement/ns/b%40d/kv/x"), 400, "namespace");
        assertError(post(N1, "/admin/repair/kv/x", null), 403, "X-Admin-Token");
        assertError(post(N1, "/admin/repair/kv/x?antiEntropy=maybe", cluster.adminToken()), 400,
                "query parameter antiEntropy must be true or false, was 'maybe'");
        assertError(post(N1, "/admin/repair/ns/nowhere/kv/x", cluster.adminToken()), 404, "no namespace 'nowhere'");
        assertError(post(N1, "/admin/repair/kv/", cluster.adminToken()), 400, "key is empty");
    }

    @Test
    @Order(3)
    void eachNodeShowsItsOwnCopyWithClocksAndMarksDeletes() throws Exception {
        Key key = Key.of("shown");
        Context written = Await.of(cluster.client(N1).put(key, Context.EMPTY, "kettle".getBytes(StandardCharsets.UTF_8),
                Quorum.DEFAULT.withW(3)));
        for (NodeId n : cluster.nodeIds()) {
            JsonNode copy = get(n, "/replica/kv/shown").json();
            assertThat(copy.path("node").asText()).isEqualTo(n.value());
            assertThat(copy.path("primary").asBoolean()).isTrue();
            assertThat(copy.path("versions").size()).isEqualTo(1);
            JsonNode v = copy.path("versions").get(0);
            assertThat(new String(Base64.getDecoder().decode(v.path("value").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("kettle");
            assertThat(v.path("clock").asText()).startsWith("([");
            assertThat(v.path("tombstone").asBoolean()).isFalse();
            assertThat(copy.path("hintedFor").size()).isZero();
        }
        Await.of(cluster.client(N2).delete(key, written, Quorum.DEFAULT.withW(3)));
        JsonNode deleted = get(N3, "/replica/kv/shown").json();
        assertThat(deleted.path("tombstones").asInt()).isEqualTo(1);
        assertThat(deleted.path("versions").get(0).path("tombstone").asBoolean()).isTrue();
        assertThat(deleted.path("versions").get(0).path("value").isNull()).isTrue();
    }

    @Test
    @Order(4)
    void aKeyRepairWritesTheMergeToTheReplicaThatLacksItAndSaysSo() throws Exception {
        Await.of(cluster.client(N1).put(Key.of(Namespace.of("cart"), "7"), Context.EMPTY,
                "honey".getBytes(StandardCharsets.UTF_8), Quorum.DEFAULT.withW(3)));
        cluster.wipe(N3);
        Await.until("the wiped n3 to learn namespace cart again", Duration.ofSeconds(20),
                () -> cluster.runtime(N3).view().namespaces().get(Namespace.of("cart")).isPresent());
        assertThat(get(N3, "/replica/ns/cart/kv/7").json().path("versions").size())
                .as("the wiped node holds nothing, and nothing but the repair will refill it").isZero();
        assertThat(get(N1, "/replica/ns/cart/kv/7").json().path("versions").size()).isEqualTo(1);

        JsonNode repair = repairUntilN3Answers("/admin/repair/ns/cart/kv/7");
        assertThat(repair.path("coordinator").asText()).isEqualTo("n1");
        assertThat(repair.path("versions").asInt()).isEqualTo(1);
        assertThat(repair.path("repaired").asInt()).isEqualTo(1);
        for (JsonNode r : repair.path("replicas")) {
            boolean wiped = r.path("node").asText().equals("n3");
            assertThat(r.path("result").asText()).as(r.toString()).isEqualTo(wiped ? "repaired" : "in sync");
            assertThat(r.path("versionsHeld").asInt()).isEqualTo(wiped ? 0 : 1);
            assertThat(r.path("versionsLacked").asInt()).isEqualTo(wiped ? 1 : 0);
        }
        assertThat(repair.has("antiEntropyExchanges")).as("not asked for").isFalse();
        JsonNode after = get(N3, "/replica/ns/cart/kv/7").json().path("versions");
        assertThat(after.size()).isEqualTo(1);
        assertThat(after.get(0).path("version").asText())
                .isEqualTo(get(N1, "/replica/ns/cart/kv/7").json().path("versions").get(0).path("version").asText());

        Answer again = post(N1, "/admin/repair/ns/cart/kv/7?antiEntropy=true", cluster.adminToken());
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("repaired").asInt()).as("nothing left to repair").isZero();
        assertThat(again.json().path("antiEntropyExchanges").asInt())
                .as("n1 holds every partition with both others").isEqualTo(2);
    }

    @Test
    @Order(5)
    void aNodeCutOffOrStoppedIsShownSoAndARepairReportsItUnreachable() throws Exception {
        cluster.partition(List.of(Set.of(N1), Set.of(N2, N3)));
        try {
            JsonNode p = get(N1, "/placement/kv/anything").json();
            for (JsonNode n : p.path("primaries")) {
                assertThat(n.path("state").asText()).as(n.toString()).isEqualTo(n.path("id").asText().equals("n1")
                        ? "up" : "cut off");
            }
            JsonNode repair = post(N1, "/admin/repair/kv/anything", cluster.adminToken()).json();
            for (JsonNode r : repair.path("replicas")) {
                assertThat(r.path("result").asText()).isEqualTo(r.path("node").asText().equals("n1") ? "in sync"
                        : "unreachable");
            }
        } finally {
            cluster.heal();
        }
        cluster.stop(N3);
        Await.until("n1 to suspect the stopped n3", Duration.ofSeconds(30), () -> {
            for (JsonNode n : get(N1, "/placement/kv/anything").json().path("primaries")) {
                if (n.path("id").asText().equals("n3")) {
                    return n.path("state").asText().equals("suspected");
                }
            }
            return false;
        });
    }

    /** Repairs until n3, just wiped and restarted, answers the repair's read (its link may still be reconnecting). */
    private JsonNode repairUntilN3Answers(String path) {
        JsonNode[] last = new JsonNode[1];
        Await.until("a key repair that reaches n3", Duration.ofSeconds(20), () -> {
            Answer a = post(N1, path, cluster.adminToken());
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            last[0] = a.json();
            for (JsonNode r : last[0].path("replicas")) {
                if (r.path("node").asText().equals("n3")) {
                    return !r.path("result").asText().equals("unreachable");
                }
            }
            return false;
        });
        return last[0];
    }

    private static List<String> ids(JsonNode nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    private static void assertError(Answer a, int status, String message) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().path("error").asText()).contains(message).doesNotContain("Exception");
    }

    private record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private URI uri(NodeId node, String path) {
        var a = cluster.addresses(node).http();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + path);
    }

    private Answer get(NodeId node, String path) {
        return send(HttpRequest.newBuilder(uri(node, path)).GET());
    }

    private Answer post(NodeId node, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(node, path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("X-Admin-Token", token);
        }
        return send(b);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
