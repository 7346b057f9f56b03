package io.dynacart.store.time;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs work that may block (a scan of a partition in SQLite) away from a node's event loop, and
 * hands its result, or its failure, back to the loop. The loop goes on answering requests meanwhile.
 * The real one runs the work on a worker thread; the simulator's runs it at once, on the loop, so
 * that a run still replays from its seed.
 */
@FunctionalInterface
public interface OffLoop {

    /**
     * Runs {@code work}, then {@code done} with its result, or {@code failed} with what it threw, on
     * the loop. Called on the loop.
     */
    <T> void run(Supplier<T> work, Consumer<T> done, Consumer<RuntimeException> failed);

    /** Runs the work at once on the calling thread (the loop), then the continuation: the simulator's way. */
    static OffLoop inline() {
        return new OffLoop() {
            @Override
            public <T> void run(Supplier<T> work, Consumer<T> done, Consumer<RuntimeException> failed) {
                T result;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    failed.accept(e);
                    return;
                }
                done.accept(result);
            }
        };
    }

    /**
     * Runs the work on {@code worker}, then the continuation on {@code loop}. A worker that takes no
     * more work (the node is stopping) makes it fail on the loop.
     */
    static OffLoop on(Executor worker, Scheduler loop) {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(loop, "loop");
        return new OffLoop() {
            @Override
            public <T> void run(Supplier<T> work, Consumer<T> done, Consumer<RuntimeException> failed) {
                try {
                    worker.execute(() -> {
                        T result;
                        try {
                            result = work.get();
                        } catch (RuntimeException e) {
                            loop.execute(() -> failed.accept(e));
                            return;
                        }
                        loop.execute(() -> done.accept(result));
                    });
                } catch (RejectedExecutionException e) {
                    failed.accept(e);
                }
            }
        };
    }
}
