package io.dynacart.store.time;

/**
 * Runs a node's work on its one event loop: tasks now, or after a delay. Every task of one scheduler
 * runs on the same thread, one at a time, in the order due; so code run by it needs no locks.
 * The real one wraps a single-threaded executor; the simulator's runs tasks in virtual time.
 */
public interface Scheduler {

    /** Runs {@code task} soon, after the tasks already due. Safe to call from any thread. */
    void execute(Runnable task);

    /** Runs {@code task} once {@code delayMillis} have passed, unless cancelled first. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** A scheduled task that may still be stopped. */
    @FunctionalInterface
    interface Cancellable {
        /** Stops the task if it has not run; does nothing otherwise. */
        void cancel();
    }
}
