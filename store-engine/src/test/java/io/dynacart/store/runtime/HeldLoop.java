package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test helper: holds a node's event loop, so it reads no socket meanwhile, as if stuck. */
final class HeldLoop {

    private HeldLoop() {
    }

    /** Holds {@code node}'s event loop until {@code release} (at most two minutes); returns once it is held. */
    static void hold(NodeRuntime node, CountDownLatch release) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        node.onLoop(() -> {
            held.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the loop is held").isTrue();
    }
}
