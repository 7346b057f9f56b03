package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What {@link Storage#mergeNoWait} stored, and when it is durable. The siblings are stored when the
 * merge returns (every later read on the node sees them, and the death of the process keeps them);
 * {@code durable} completes once the write is as durable as it was asked to be, and fails with
 * {@link StorageException} if it never will be (the storage failed or closed first).
 *
 * @param siblings what the key holds after the merge
 * @param durable  completes when the write is durable; already complete when it was at once
 */
public record Merged(List<Versioned<Value>> siblings, CompletionStage<Void> durable) {

    private static final CompletionStage<Void> NOW = CompletableFuture.completedStage(null);

    public Merged {
        siblings = List.copyOf(siblings);
        Objects.requireNonNull(durable, "durable");
    }

    /** A merge that was durable when it returned. */
    public static Merged durableNow(List<Versioned<Value>> siblings) {
        return new Merged(siblings, NOW);
    }

    /**
     * Waits until the write is durable, for threads that may block; returns the siblings, or throws
     * the {@link StorageException} (or other runtime exception) why it never will be.
     */
    public List<Versioned<Value>> awaitDurable() {
        if (!durableAtOnce()) {
            try {
                durable.toCompletableFuture().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new StorageException("the write did not become durable: " + e.getCause(), e.getCause());
            }
        }
        return siblings;
    }

    /** Whether the write was durable when the merge returned. */
    public boolean durableAtOnce() {
        return durable == NOW;
    }

    /**
     * Runs {@code then} once the write is durable: at once, on this thread, if it already was (so a
     * caller on an event loop pays nothing when nothing waits for the disk); else handed to
     * {@code executor} from the thread that made it durable. If it never becomes durable,
     * {@code failed} gets the cause on {@code executor} instead, and {@code then} never runs.
     */
    public void whenDurable(Executor executor, Runnable then, Consumer<Throwable> failed) {
        if (durableAtOnce()) {
            then.run();
            return;
        }
        durable.whenComplete((ok, error) -> executor.execute(error == null ? then : () -> failed.accept(error)));
    }
}
