package io.dynacart.store.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs the inputs of a fuzz run on a few worker threads until the settings' count or time budget is
 * spent, or too many failures are in. Input numbers are handed out in order, so that input {@code i}
 * is the same whoever runs it (see {@link FuzzSettings#random}).
 */
public final class FuzzLoop {

    private FuzzLoop() {
    }

    /**
     * Calls {@code input} with each input's index, from {@code defaultWorkers} threads (or
     * {@code -Dfuzz.workers}); returns how long it
     * ran, in ms. {@code input} records outcomes and failures in {@code report} itself; an exception
     * it throws is the harness's own failure and ends the run.
     */
    public static long run(FuzzSettings settings, FuzzReport report, int defaultWorkers, LongConsumer input) {
        int workers = Integer.getInteger("fuzz.workers", defaultWorkers);
        long start = System.nanoTime();
        long end = start + settings.budget().toNanos();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> new Thread(r, "fuzz-worker"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    long n;
                    while (!report.tooManyFailures() && System.nanoTime() < end
                            && (n = next.getAndIncrement()) < settings.inputs()) {
                        input.accept(settings.index(n));
                        report.tried();
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the fuzz harness failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
