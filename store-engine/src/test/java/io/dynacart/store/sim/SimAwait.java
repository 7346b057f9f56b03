package io.dynacart.store.sim;

import java.util.concurrent.CompletableFuture;

/** Runs virtual time until a future completes (at most a minute of it), then returns or throws its outcome. */
final class SimAwait {

    private SimAwait() {
    }

    static <T> T await(SimScheduler scheduler, CompletableFuture<T> future) {
        return scheduler.await(future);
    }
}
