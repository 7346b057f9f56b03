package io.dynacart.store.transport;

import io.dynacart.store.time.Scheduler;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A scheduler in virtual time for the transport tests: tasks run only when the test says so, in the
 * order (due time, order of scheduling), on the test's thread. Time moves only by running tasks or
 * by {@link #advance(long)}. (The simulator has its own; this one keeps these tests independent.)
 */
final class ManualScheduler implements Scheduler {

    /** More tasks than this in one run means a task keeps rescheduling itself. */
    private static final int RUNAWAY_LIMIT = 10_000_000;

    private record Task(long due, long seq, Runnable body) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
    private long now;
    private long nextSeq;

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    /** A negative delay counts as zero, as for the real scheduler. */
    @Override
    public synchronized Cancellable schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMillis), nextSeq++, task);
        queue.add(t);
        return () -> cancel(t);
    }

    private synchronized void cancel(Task t) {
        queue.remove(t);
    }

    /** Virtual milliseconds since the start. */
    synchronized long now() {
        return now;
    }

    /** Tasks waiting to run. */
    synchronized int pending() {
        return queue.size();
    }

    /** Runs the next task, moving time to when it is due; false if there is none. */
    boolean runNext() {
        return runNextDueBy(Long.MAX_VALUE);
    }

    private boolean runNextDueBy(long limit) {
        Task next;
        synchronized (this) {
            if (queue.isEmpty() || queue.peek().due() > limit) {
                return false;
            }
            next = queue.poll();
            now = Math.max(now, next.due());
        }
        next.body().run();
        return true;
    }

    /** Runs tasks, tasks they schedule included, until none is left. */
    void runUntilIdle() {
        runWhile(() -> true);
    }

    /** Runs tasks until {@code done} holds; false if the queue empties first. */
    boolean runUntil(BooleanSupplier done) {
        runWhile(() -> !done.getAsBoolean());
        return done.getAsBoolean();
    }

    private void runWhile(BooleanSupplier go) {
        int ran = 0;
        while (go.getAsBoolean() && runNext()) {
            if (++ran > RUNAWAY_LIMIT) {
                throw new IllegalStateException("more than " + RUNAWAY_LIMIT + " tasks without going idle");
            }
        }
    }

    /** Moves time forward by {@code millis}, running every task that comes due on the way, in order. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (runNextDueBy(target)) {
            // each task may schedule more before the target
        }
        synchronized (this) {
            now = Math.max(now, target);
        }
    }
}
