package io.dynacart.store.sim;

import io.dynacart.store.time.Clock;
import io.dynacart.store.time.Scheduler;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Virtual time for a whole simulated cluster: one queue of tasks ordered by (due time, order of
 * scheduling), run one at a time on the caller's thread. Nothing runs unless the simulation asks,
 * and the same seed gives the same order, so a failing run replays exactly.
 *
 * <p>Each node gets its own view ({@link #forNode()}): stopping a node drops its pending timers and
 * deliveries, as a crash would.
 */
public final class SimScheduler implements Scheduler {

    /** Where virtual wall-clock time starts: 2026-01-01T00:00:00Z, so timestamps look real. */
    public static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long nextSeq;
    private long executed;

    private static final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long seq;
        final Runnable body;
        boolean cancelled;

        Task(long due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Virtual milliseconds since the simulation began. */
    public long now() {
        return now;
    }

    /** The clock nodes see: {@link #EPOCH_MILLIS} plus virtual time. */
    public Clock clock() {
        return () -> EPOCH_MILLIS + now;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMillis), nextSeq++, task);
        queue.add(t);
        return t;
    }

    /** Runs every task due up to {@code time}, then sets the clock to it. */
    public void runUntil(long time) {
        while (!queue.isEmpty() && queue.peek().due <= time) {
            Task t = queue.poll();
            now = Math.max(now, t.due);
            if (!t.cancelled) {
                executed++;
                t.body.run();
            }
        }
        now = Math.max(now, time);
    }

    public void runFor(long millis) {
        runUntil(now + millis);
    }

    /** Runs virtual time until {@code future} completes or {@code maxMillis} have passed; returns whether it completed. */
    public boolean runUntilDone(CompletableFuture<?> future, long maxMillis) {
        long deadline = now + maxMillis;
        while (!future.isDone() && now < deadline) {
            runFor(1);
        }
        return future.isDone();
    }

    /**
     * Runs virtual time until {@code future} completes (a minute of it at most), then returns its value
     * or throws its failure (a {@link RuntimeException} cause unwrapped).
     *
     * @throws AssertionError if it did not complete within the minute
     */
    public <T> T await(CompletableFuture<T> future) {
        if (!runUntilDone(future, 60_000)) {
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

    /** Tasks run so far. */
    public long executed() {
        return executed;
    }

    /** A scheduler for one node: the same queue, but {@link NodeScheduler#halt()} drops its tasks. */
    public NodeScheduler forNode() {
        return new NodeScheduler(this);
    }

    /** One node's share of the virtual event loop. */
    public static final class NodeScheduler implements Scheduler {
        private final SimScheduler sim;
        private boolean halted;

        private NodeScheduler(SimScheduler sim) {
            this.sim = sim;
        }

        @Override
        public void execute(Runnable task) {
            schedule(0, task);
        }

        @Override
        public Cancellable schedule(long delayMillis, Runnable task) {
            return sim.schedule(delayMillis, () -> {
                if (!halted) {
                    task.run();
                }
            });
        }

        /** The node crashed: none of its pending or future tasks run. */
        public void halt() {
            halted = true;
        }
    }
}
