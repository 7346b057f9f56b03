package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's continuation runs on the node's threads; a client that chains its next call there asks
 * the cluster for a node's client while another thread is stopping that very node. That must not
 * deadlock: stopping waits for the node's threads, so looking a client up must not wait for the stop.
 */
class StopWhileAnsweringIT {

    @TempDir
    Path root;

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression deadlocks; fail, do not hang
    void aContinuationLooksUpClientsWhileItsNodeIsBeingStopped() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalCluster.Config.forTests(3, root))) {
            NodeId n1 = NodeId.of("n1");
            NodeId n2 = NodeId.of("n2");
            CountDownLatch inContinuation = new CountDownLatch(1);
            AtomicReference<Boolean> sawN2 = new AtomicReference<>();

            CompletableFuture<Void> chained = cluster.client(n1).get(Key.of("k")).thenAccept(r -> {
                inContinuation.countDown();
                // Wait until the stopper is inside stop(n1): n1 is no longer listed as running.
                Await.until("the stopper to be stopping n1", Duration.ofSeconds(20), () -> !cluster.isRunning(n1));
                sawN2.set(cluster.isRunning(n2) && cluster.client(n2) != null);
            });
            Thread stop = new Thread(() -> {
                try {
                    inContinuation.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                cluster.stop(n1);
            }, "stopper");
            stop.start();

            Await.until("n1 to stop while its thread looked clients up", Duration.ofSeconds(30), () -> !stop.isAlive());
            assertThat(chained).succeedsWithin(Duration.ofSeconds(5));
            assertThat(sawN2.get()).isTrue();
            assertThat(cluster.isRunning(n1)).isFalse();
        }
    }
}
