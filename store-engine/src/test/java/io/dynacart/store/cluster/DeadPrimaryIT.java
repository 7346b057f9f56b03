package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary dies and a put arrives at once at a node outside the key's first N, which forwards puts
 * to a primary: the transport's failed connection to the dead primary moves the put on to the next
 * one at once. With the request timeout at 30 s, the put must not wait for it.
 */
class DeadPrimaryIT {

    @TempDir
    Path root;

    @Test
    void aPutForwardedToADeadPrimaryMovesOnWithoutWaitingForTheTimeout() {
        CoordinatorConfig patient = CoordinatorConfig.DEFAULT.withTimeoutMillis(30_000);
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root).withCoordinator(patient))) {
            NodeId dead = NodeId.of("n3");
            NodeId coordinator = NodeId.of("n1");
            Key key = keyFirstOwnedBy(cluster, dead, coordinator);
            cluster.client(coordinator).put(key, Context.EMPTY, bytes("before")).join(); // links are up

            cluster.stop(dead);
            CompletableFuture<Context> put = cluster.client(coordinator).put(key, Context.EMPTY, bytes("after"));
            Await.until("the forwarded put to complete, far sooner than the 30 s request timeout",
                    Duration.ofSeconds(10), put::isDone);
            assertThat(put).isCompleted();
            assertThat(cluster.runtime(coordinator).status().nodes()).filteredOn(n -> n.id().equals(dead.toString()))
                    .extracting(ClusterStatus.NodeView::status).as("the coordinator avoids the dead node from now on")
                    .containsExactly(ClusterStatus.Reachability.UNREACHABLE);
        }
    }

    /** A key whose first primary is {@code first} and whose first N do not include {@code outside}. */
    private static Key keyFirstOwnedBy(LocalCluster cluster, NodeId first, NodeId outside) {
        for (int i = 0; ; i++) {
            Key key = Key.of("dead-primary-" + i);
            List<NodeId> primaries = cluster.ring().preferenceList(KeyHash.of(key), 3).primaries();
            if (primaries.get(0).equals(first) && !primaries.contains(outside)) {
                return key;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
