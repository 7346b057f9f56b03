package io.dynacart.store.sim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs virtual time until a future completes (at most a minute of it), then returns or throws its outcome. */
final class SimAwait {

    private SimAwait() {
    }

    static <T> T await(SimScheduler scheduler, CompletableFuture<T> future) {
        long deadline = scheduler.now() + 60_000;
        while (!future.isDone() && scheduler.now() < deadline) {
            scheduler.runFor(1);
        }
        if (!future.isDone()) {
            throw new AssertionError("no answer within a minute of virtual time");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
