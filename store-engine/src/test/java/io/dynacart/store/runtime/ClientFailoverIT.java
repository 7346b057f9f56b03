package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.cluster.PrimaryChoice;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClusterClient} over the binary protocol when the node it chose stops answering: a stuck
 * node's request times out and goes to the next node of the preference list; a node that dies with
 * requests in flight fails them over at once, without waiting for their timeout. Nothing hangs.
 */
class ClientFailoverIT {

    private static final NodeId N1 = NodeId.of("n1");

    @TempDir
    Path root;
    LocalCluster cluster;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root));
    }

    @AfterEach
    void stop() {
        release.countDown();
        cluster.close();
    }

    /**
     * A client that sends each request to the key's first primary first (the spread over primaries is
     * tested in ClientCoordinationIT), so that the tests know which node gets it: the stuck one.
     */
    private ClusterClient client(Duration timeout) {
        InetSocketAddress n2 = cluster.addresses(NodeId.of("n2")).http();
        return ClusterClient.connect(List.of(URI.create("http://127.0.0.1:" + n2.getPort())), Quorum.DEFAULT, timeout,
                ClusterClient.Config.DEFAULT.withPrimaryChoice(PrimaryChoice.FIRST));
    }

    /** A key whose preference list starts with {@code first}, so the client sends it there first. */
    private static Key keyLedBy(ClusterClient client, NodeId first) {
        for (int i = 0; ; i++) {
            Key key = Key.of("failover/" + i);
            if (client.ring().preferenceList(KeyHash.of(key), 3).primaries().get(0).equals(first)) {
                return key;
            }
        }
    }

    @Test
    void aStuckNodesRequestTimesOutAndIsAnsweredByTheNextNode() throws Exception {
        try (ClusterClient client = client(Duration.ofSeconds(1))) {
            Key key = keyLedBy(client, N1);
            hold(cluster.runtime(N1));
            long start = System.nanoTime();
            Context written = client.put(key, Context.EMPTY, "kettle".getBytes()).get(15, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one timeout, then the next node")
                    .isLessThan(Duration.ofSeconds(12));
            GetResult read = client.get(key).get(15, TimeUnit.SECONDS);
            assertThat(read.values()).containsExactly("kettle".getBytes());
            assertThat(read.context()).isEqualTo(written);
        }
    }

    @Test
    void aNodeThatDiesWithRequestsInFlightFailsThemOverWithoutWaitingForTheirTimeout() throws Exception {
        try (ClusterClient client = client(Duration.ofSeconds(60))) {
            Key key = keyLedBy(client, N1);
            NodeRuntime n1 = cluster.runtime(N1);
            hold(n1);
            CompletableFuture<Context> put = client.put(key, Context.EMPTY, "toaster".getBytes());
            Await.until("the put is admitted at n1", () -> n1.metrics().load().bytesInFlight() > 0);
            Thread stopping = new Thread(() -> cluster.stop(N1), "stop-n1");
            stopping.start();
            put.get(20, TimeUnit.SECONDS);
            assertThat(client.get(key).get(20, TimeUnit.SECONDS).values()).containsExactly("toaster".getBytes());
            release.countDown();
            stopping.join(30_000);
            assertThat(stopping.isAlive()).as("n1 stopped").isFalse();
        }
    }

    /** Holds {@code node}'s event loop until the test ends. */
    private void hold(NodeRuntime node) throws InterruptedException {
        HeldLoop.hold(node, release);
    }
}
