package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node flooded with large writes while its peers are stuck holds no more than its budget of bytes
 * in flight: what does not fit is refused with 503 and {@code Retry-After} (never a 500, a reset or an
 * OutOfMemoryError), the node stays healthy meanwhile, every byte is given back once the peers
 * recover, and then it serves normally. The peers are stuck for real: their event loops, which read
 * their sockets, are held, so once the sockets' buffers are full the node's messages to them pile up
 * in its queues until they hold the budget; then every request is refused at the door. After the
 * peers recover, a burst is again partly taken.
 */
class BytesInFlightIT {

    private static final NodeId N1 = NodeId.of("n1");
    private static final int FLOOD = 64;
    private static final long LIMIT = ByteBudget.MIN_LIMIT;
    /** Just under the largest value, so that every admitted put queues two ~1 MiB messages. */
    private static final byte[] LARGE = new byte[(1 << 20) - 4096];

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFloodOfLargePutsTowardsStuckPeersIsRefusedWithRetryAfterAndTheNodeRecovers() throws Exception {
        NodeLimits small = NodeLimits.defaults().withBytesInFlight(LIMIT);
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root).withLimits(small))) {
            NodeRuntime n1 = cluster.runtime(N1);
            Await.until("links to every peer", Duration.ofSeconds(30),
                    () -> succeeds(() -> put(n1, "warm-up", new byte[100], 3)));
            CountDownLatch release = new CountDownLatch(1);
            List<HttpResponse<String>> burst;
            List<HttpResponse<String>> refused;
            try {
                HeldLoop.hold(cluster.runtime(NodeId.of("n2")), release);
                HeldLoop.hold(cluster.runtime(NodeId.of("n3")), release);
                int written = fillQueuesTowardsStuckPeers(n1);
                long held = n1.metrics().load().bytesInFlight();
                assertThat(held).as("after %d puts, messages queued for the stuck peers hold half the budget or more,"
                        + " never more than all of it", written).isBetween(LIMIT / 2, LIMIT);

                burst = flood(n1);
                assertThat(get(n1, "/health").statusCode()).as("the flooded node stays healthy").isEqualTo(200);
                assertThat(get(n1, "/cluster").body()).as("/cluster shows the load")
                        .containsPattern("\"load\":\\{\"bytesInFlight\":[1-9][0-9]{6,},\"bytesInFlightLimit\":16777216");
                refused = burst.stream().filter(r -> r.statusCode() == 503).toList();
            } finally {
                release.countDown();
            }
            assertThat(burst).as("with the budget held by queued messages, every put is refused at the door")
                    .allMatch(r -> r.statusCode() == 503);
            for (HttpResponse<String> r : refused) {
                assertThat(r.headers().firstValue("Retry-After")).as("a refusal says when to retry").hasValue("1");
                assertThat(r.body()).contains("\"error\":\"this node is overloaded").contains("bytes of requests");
            }
            assertThat(get(n1, "/metrics").body())
                    .containsPattern("dynacart_inflight_refusals_total\\{node=\"n1\"} [1-9]")
                    .contains("dynacart_inflight_limit_bytes{node=\"n1\"} 1.6777216E7")
                    .contains("dynacart_inflight_bytes{node=\"n1\"}");

            Await.until("every byte in flight to be given back", Duration.ofSeconds(60),
                    () -> n1.metrics().load().bytesInFlight() == 0);
            Await.until("a put that needs every peer to succeed again", Duration.ofSeconds(30),
                    () -> succeeds(() -> put(n1, "after", LARGE, 3)));
            assertThat(get(n1, "/kv/flood-0").statusCode()).as("a refused put wrote nothing").isEqualTo(404);
            List<HttpResponse<String>> again = flood(n1);
            assertThat(again).as("with the peers back, the same burst is taken (204) or refused at the door (503)")
                    .allMatch(r -> r.statusCode() == 204 || r.statusCode() == 503).anyMatch(r -> r.statusCode() == 204);
        }
    }

    /**
     * Large writes through the node's own client (W=1: the node alone answers) until the messages
     * they queue for the stuck peers hold half the budget: faster than HTTP, so that the peers'
     * socket buffers fill before the node stops sending to peers it suspects. Checks on the way that
     * the budget is never passed; returns how many writes it took.
     */
    private static int fillQueuesTowardsStuckPeers(NodeRuntime node) {
        Quorum one = new Quorum(3, 1, 1);
        for (int i = 0; i < 100; i++) {
            try {
                node.client().put(Key.of("queued-" + i), Context.EMPTY, LARGE, one).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a W=1 write failed while the peers were stuck", e);
            }
            long inFlight = node.metrics().load().bytesInFlight();
            assertThat(inFlight).as("bytes in flight after %d writes", i + 1).isLessThanOrEqualTo(LIMIT);
            if (inFlight >= LIMIT / 2) {
                return i + 1;
            }
        }
        throw new AssertionError("100 writes of ~1 MiB did not fill half the budget: no messages queued for the"
                + " stuck peers?");
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static boolean succeeds(Call call) {
        try {
            return call.send().statusCode() == 204;
        } catch (Exception e) {
            return false;
        }
    }


    /** {@link #FLOOD} puts of a large value at once, each to its own key, W=1: answered by n1 alone. */
    private List<HttpResponse<String>> flood(NodeRuntime node) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            sent.add(http.sendAsync(request(node, "/kv/flood-" + i + "?w=1")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(LARGE)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private HttpResponse<String> put(NodeRuntime node, String key, byte[] value, int w) throws Exception {
        return http.send(request(node, "/kv/" + key + "?w=" + w).PUT(HttpRequest.BodyPublishers.ofByteArray(value)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(NodeRuntime node, String path) throws Exception {
        return http.send(request(node, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(NodeRuntime node, String path) {
        InetSocketAddress a = node.addresses().http();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).timeout(Duration.ofSeconds(60));
    }
}
