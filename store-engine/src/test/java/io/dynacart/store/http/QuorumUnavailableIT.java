package io.dynacart.store.http;

import static io.dynacart.store.http.KvErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynacart.store.http.HttpCalls.Answer;
import io.dynacart.store.identity.NodeId;
import io.dynacart.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node cut off from the other two: requests that need them answer 503 naming the nodes that did
 * not answer; requests that need only the node itself still succeed; after the heal, it serves
 * quorum requests again. The steps share one cluster, in order: the failure detector remembers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuorumUnavailableIT {

    private static final long COORDINATOR_TIMEOUT_MILLIS = 300;
    private static HttpTestCluster cluster;
    private final HttpCalls http = new HttpCalls();

    @BeforeAll
    static void startPartitionedCluster() {
        cluster = new HttpTestCluster(COORDINATOR_TIMEOUT_MILLIS, 3);
        cluster.network().isolate(NodeId.of("n1"));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    @Order(1)
    void aWriteThroughTheIsolatedNodeIs503NamingTheMissingNodes() {
        Answer answer = http.put(cluster.uri("n1", "/kv/cut-off"), "v", null);
        assertError(answer, 503, "put needed 2 replicas but 1 answered");
        assertThat(missing(answer.json())).containsExactlyInAnyOrder("n2", "n3");

        Answer read = http.get(cluster.uri("n1", "/kv/cut-off"));
        assertError(read, 503, "get needed 2 replicas");
        assertThat(missing(read.json())).containsExactlyInAnyOrder("n2", "n3");
    }

    @Test
    @Order(2)
    void quorumsOfOneStillSucceedOnTheIsolatedNode() {
        assertThat(http.put(cluster.uri("n1", "/kv/alone?w=1"), "local", null).status()).isEqualTo(204);
        Answer read = http.get(cluster.uri("n1", "/kv/alone?r=1"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("siblings")).hasSize(1);
    }

    @Test
    @Order(3)
    void afterTheHealTheNodeServesQuorumsAgain() {
        cluster.network().heal();
        Await.until("n1 to reach a write quorum again", Duration.ofSeconds(5),
                () -> http.put(cluster.uri("n1", "/kv/healed?w=3"), "v", null).status() == 204);
        assertThat(http.get(cluster.uri("n1", "/kv/healed?r=3")).status()).isEqualTo(200);
    }

    private static List<String> missing(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.path("missing").forEach(n -> names.add(n.asText()));
        return names;
    }
}
