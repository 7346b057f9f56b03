package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.StorageHooks;
import io.dynacart.testing.Await;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose storage thread dies fails loudly, as seen through HTTP: {@code /health} turns 503 and
 * names the failure, a write is refused at once with 503 naming it (not a 504 after the timeout, not
 * a 500), reads and {@code /cluster} still answer (the event loop is not blocked), {@code /metrics}
 * shows it, and a restart on the same directory serves every acknowledged write. The death is
 * injected through the storage's test seam ({@link StorageHooks}).
 */
class StorageFailureIT {

    private static final NodeId N1 = NodeId.of("n1");
    private static final Duration PROMPTLY = Duration.ofMillis(900);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private NodeRuntimeConfig settings() {
        Ring ring = Claim.initial(Map.of(N1, 1), 16, 1);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        return new NodeRuntimeConfig(N1, dir.resolve("n1"), new NodeAddresses(any, any), id -> null, () -> ring,
                "storage-failure-test-secret".getBytes(StandardCharsets.US_ASCII), "admin-token",
                new CoordinatorConfig(new Quorum(1, 1, 1), 1000, 10), Durability.PROCESS);
    }

    @Test
    void aDeadStorageThreadTurnsHealthAndWritesInto503AtOnceWhileReadsStillAnswer() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        StorageHooks bomb = new StorageHooks() {
            @Override
            public void beforeApply(int records) {
                if (armed.get()) {
                    throw new OutOfMemoryError("injected by the test");
                }
            }
        };
        List<String> told = new CopyOnWriteArrayList<>();
        try (NodeRuntime node = NodeRuntime.start(settings(), bomb)) {
            node.onFailure(told::add);
            assertThat(send(node, "GET", "/health", null).statusCode()).isEqualTo(200);
            assertThat(send(node, "PUT", "/kv/before", "kept").statusCode()).isEqualTo(204);
            node.storage().flush();
            armed.set(true);
            assertThat(send(node, "PUT", "/kv/acked", "in the log").statusCode())
                    .as("acknowledged once logged; the applier dies applying it").isEqualTo(204);
            Await.until("the storage to fail", () -> node.failure().isPresent());

            HttpResponse<String> health = send(node, "GET", "/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"failed\"").contains("storage-applier-n1")
                    .contains("OutOfMemoryError");

            long start = System.nanoTime();
            HttpResponse<String> refused = send(node, "PUT", "/kv/after", "refused");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once, not after the timeout")
                    .isLessThan(PROMPTLY);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("has failed").contains("takes no writes until it is restarted");
            assertThat(send(node, "DELETE", "/kv/before", null).statusCode()).isEqualTo(503);

            assertThat(send(node, "GET", "/kv/acked", null).statusCode()).as("reads still answer").isEqualTo(200);
            assertThat(send(node, "GET", "/cluster", null).statusCode()).as("the event loop is free").isEqualTo(200);
            assertThat(send(node, "GET", "/metrics", null).body()).contains("dynacart_storage_failed{node=\"n1\"} 1.0");
            assertThat(told).hasSize(1);
        }
        try (NodeRuntime again = NodeRuntime.start(settings())) {
            assertThat(send(again, "GET", "/health", null).statusCode()).isEqualTo(200);
            assertThat(send(again, "GET", "/kv/acked", null).body()).as("replayed on restart")
                    .contains(java.util.Base64.getEncoder().encodeToString("in the log".getBytes(StandardCharsets.UTF_8)));
            assertThat(send(again, "GET", "/kv/after", null).statusCode()).as("the refused write left nothing")
                    .isEqualTo(404);
        }
    }

    private HttpResponse<String> send(NodeRuntime node, String method, String path, String body) throws Exception {
        InetSocketAddress a = node.addresses().http();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
                .timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
