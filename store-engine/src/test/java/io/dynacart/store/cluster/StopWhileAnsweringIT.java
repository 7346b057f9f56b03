package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.NodeRuntime;
import io.dynacart.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's continuation runs on the node's threads; a client that chains its next call there asks
 * the cluster for a node's client while another thread is stopping that very node. That must not
 * deadlock: stopping waits for the node's threads, so looking a client up must not wait for the stop.
 *
 * <p>The continuation must really run on n1's thread. A future that is already complete runs a
 * continuation on the thread that attaches it, here the test's own, before the stopper exists; so
 * n1's event loop is held while the request is made and the continuation attached, and the answer
 * cannot come first.
 */
class StopWhileAnsweringIT {

    @TempDir
    Path root;

    private LocalCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root)); // outside the timeout: slow when the machine is busy
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression deadlocks; fail, do not hang
    void aContinuationLooksUpClientsWhileItsNodeIsBeingStopped() throws Exception {
        NodeId n1 = NodeId.of("n1");
        NodeId n2 = NodeId.of("n2");
        CountDownLatch inContinuation = new CountDownLatch(1);
        AtomicReference<String> continuationThread = new AtomicReference<>();
        AtomicReference<Boolean> sawN2 = new AtomicReference<>();
        Thread stop = new Thread(() -> {
            try {
                inContinuation.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            cluster.stop(n1);
        }, "stopper");
        stop.setDaemon(true);
        stop.start();

        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch releaseLoop = new CountDownLatch(1);
        NodeRuntime node1 = cluster.runtime(n1);
        // A change that changes nothing, run on n1's event loop: it holds the loop until released.
        CompletableFuture<?> held = node1.propose(view -> {
            loopHeld.countDown();
            await(releaseLoop);
            return view;
        });
        assertThat(loopHeld.await(30, TimeUnit.SECONDS)).as("n1's event loop is held").isTrue();
        // handle, not thenAccept: the continuation runs whether the read succeeds or fails (slowly, on a busy machine).
        CompletableFuture<Void> chained = cluster.client(n1).get(Key.of("k")).handle((r, failure) -> {
            continuationThread.set(Thread.currentThread().getName());
            inContinuation.countDown();
            // Wait until the stopper is inside stop(n1): n1 is no longer listed as running.
            Await.until("the stopper to be stopping n1", Duration.ofSeconds(20), () -> !cluster.isRunning(n1));
            sawN2.set(cluster.isRunning(n2) && cluster.client(n2) != null);
            return null;
        });
        releaseLoop.countDown();
        assertThat(held).succeedsWithin(Duration.ofSeconds(30));

        Await.until("n1 to stop while its thread looked clients up", Duration.ofSeconds(30), () -> !stop.isAlive());
        assertThat(chained).succeedsWithin(Duration.ofSeconds(5));
        assertThat(continuationThread.get()).as("the continuation ran on n1's thread").startsWith("node-n1-");
        assertThat(sawN2.get()).isTrue();
        assertThat(cluster.isRunning(n1)).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release n1's event loop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while holding n1's event loop", e);
        }
    }
}
