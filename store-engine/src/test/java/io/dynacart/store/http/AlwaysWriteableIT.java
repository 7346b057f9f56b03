package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.http.HttpCalls.Answer;
import io.dynacart.testing.Await;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue 15 reproduction, over HTTP against five real nodes (TCP, SQLite): partition
 * {n1,n2} | {n3,n4,n5} and write through n1 a key whose three replicas are n3, n4 and n5. Before the
 * sloppy quorum this answered 503 every time; now n1 and n2 take the write as fallbacks with hints,
 * a read on their side finds it (from fallbacks only, and says so), and after the heal the replicas
 * have it.
 */
class AlwaysWriteableIT {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final Set<NodeId> FAR = Set.of(NodeId.of("n3"), NodeId.of("n4"), NodeId.of("n5"));

    @TempDir
    Path root;

    private final HttpCalls http = new HttpCalls();

    @Test
    void aPutWhoseReplicasAreAllCutOffIsTakenByTheNodesOnThisSide() {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root))) {
            String key = keyReplicatedOnlyOn(cluster.ring(), FAR);
            cluster.partition(List.of(Set.of(N1, N2), FAR));

            for (int i = 0; i < 5; i++) {
                Answer put = http.put(uri(cluster, N1, "/kv/" + key), "v" + i, null);
                assertThat(put.status()).as("put %d through n1 while every replica is across the partition: %s", i,
                        put.body()).isEqualTo(204);
            }
            Answer near = http.get(uri(cluster, N2, "/kv/" + key));
            assertThat(near.status()).as("a read on the writers' side: %s", near.body()).isEqualTo(200);
            assertThat(near.json().path("fallbacksOnly").asBoolean())
                    .as("no replica of the key answered; the read says so").isTrue();
            assertThat(near.json().path("siblings")).isNotEmpty();

            Answer far = http.get(uri(cluster, NodeId.of("n3"), "/kv/" + key));
            assertThat(far.status()).as("the replicas never saw the writes: %s", far.body()).isEqualTo(404);
            assertThat(far.json().path("fallbacksOnly").asBoolean()).as("the replicas answered themselves").isFalse();

            cluster.heal();
            Await.until("the replicas to have the writes made during the partition", Duration.ofSeconds(30), () -> {
                Answer read = http.get(uri(cluster, NodeId.of("n4"), "/kv/" + key + "?r=3"));
                return read.status() == 200 && !read.json().path("fallbacksOnly").asBoolean()
                        && read.body().contains(java.util.Base64.getEncoder().encodeToString("v4".getBytes()));
            });
        }
    }

    /** A key whose first three nodes in {@code ring} are exactly {@code replicas}. */
    private static String keyReplicatedOnlyOn(Ring ring, Set<NodeId> replicas) {
        for (int i = 0; ; i++) {
            String candidate = "cut-off-" + i;
            if (Set.copyOf(ring.preferenceList(KeyHash.of(Key.of(candidate)), 3).primaries()).equals(replicas)) {
                return candidate;
            }
        }
    }

    private static URI uri(LocalCluster cluster, NodeId node, String path) {
        var http = cluster.addresses(node).http();
        return URI.create("http://" + http.getHostString() + ":" + http.getPort() + path);
    }
}
