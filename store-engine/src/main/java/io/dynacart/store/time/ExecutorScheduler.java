package io.dynacart.store.time;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real event loop: one thread; a task that throws is logged and the loop goes on. Either its own
 * named thread, or an executor it is given and does not own (a node's Netty event loop, so that a
 * message is handled on the thread that read it, without a hand-off).
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledExecutorService executor;
    private final boolean owned;
    private volatile boolean closed;

    public ExecutorScheduler(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.owned = true;
    }

    /** Runs on {@code singleThread}, which must run one task at a time; {@link #close()} leaves it running. */
    public ExecutorScheduler(ScheduledExecutorService singleThread) {
        this.executor = singleThread;
        this.owned = false;
    }

    @Override
    public void execute(Runnable task) {
        if (!closed && !executor.isShutdown()) {
            executor.execute(guarded(task));
        }
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (closed || executor.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("event loop task failed; the loop continues", e);
            }
        };
    }

    /** Stops accepting tasks; an owned thread stops and drops queued ones. */
    @Override
    public void close() {
        closed = true;
        if (owned) {
            executor.shutdownNow();
        }
    }
}
