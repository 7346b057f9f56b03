package io.dynacart.store.storage;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Group commit: one syncer thread forces the log whenever a write waits to be durable, and each
 * force covers every record appended before it began. Writers append without waiting for a force
 * in progress, so the next force covers all of them at once; the syncer then tells exactly the
 * writes a force covered, in one of two ways: a thread parked in {@link #awaitDurable} is woken, a
 * future from {@link #whenDurable} is completed (on the syncer; whoever waits on it hands its work
 * to its own thread). So an event loop never waits for the disk, and the writes of one loop share
 * forces too.
 *
 * <p>A force that fails, or a syncer that dies of anything else, fails the storage
 * ({@link StorageFailure}): the writers waiting, and every later one, get {@link StorageFailedException}
 * at once (a future fails with it) rather than waiting for a disk flush that will never come.
 */
final class GroupSync implements AutoCloseable {

    private final LongSupplier force;
    private final StorageHooks hooks;
    private final StorageFailure failure;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Thread syncer;
    private volatile long durableSeq;
    private volatile boolean closed;
    /** Set once the syncer has stopped: a waiter added from then on is failed by whoever added it. */
    private volatile boolean stopped;

    /** One write waiting: a parked {@code thread}, or a {@code future} to complete (the other is null). */
    private record Waiter(long seq, Thread thread, CompletableFuture<Void> future) {

        void durable() {
            if (thread != null) {
                LockSupport.unpark(thread);
            } else {
                future.complete(null);
            }
        }

        void never(RuntimeException why) {
            if (thread != null) {
                LockSupport.unpark(thread); // it sees the failure or the close itself
            } else {
                future.completeExceptionally(why);
            }
        }
    }

    /** @param force forces the log and returns the sequence of the last record it covered */
    GroupSync(LongSupplier force, String name, StorageHooks hooks, StorageFailure failure) {
        this.force = force;
        this.hooks = hooks;
        this.failure = failure;
        this.syncer = StorageThreads.start("storage-syncer-" + name, this::run, failure);
    }

    /** Returns once every record up to {@code seq} is on disk. */
    void awaitDurable(long seq) {
        if (durableSeq >= seq) {
            return;
        }
        waiters.add(new Waiter(seq, Thread.currentThread(), null));
        LockSupport.unpark(syncer);
        while (durableSeq < seq) {
            failure.check();
            if (closed) {
                throw closedFirst();
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * Completes once every record up to {@code seq} is on disk, on the syncer thread (or at once when
     * it already is); fails with {@link StorageException} if that will never happen.
     */
    CompletableFuture<Void> whenDurable(long seq) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (durableSeq >= seq) {
            future.complete(null);
            return future;
        }
        waiters.add(new Waiter(seq, null, future));
        LockSupport.unpark(syncer);
        if (stopped || failure.problem().isPresent()) {
            failAll(); // the syncer may have stopped before it saw this waiter
        }
        return future;
    }

    private void run() {
        while (!closed || !waiters.isEmpty()) {
            if (waiters.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
                continue;
            }
            try {
                hooks.beforeForce();
                durableSeq = Math.max(durableSeq, force.getAsLong());
            } catch (Throwable t) { // any failure to force fails the storage; every waiter must hear of it
                failure.threadDied(Thread.currentThread().getName(), t);
                stopped = true;
                failAll();
                return;
            }
            long durable = durableSeq;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.seq() <= durable) {
                    it.remove();
                    w.durable();
                }
            }
        }
    }

    /** Tells every waiter left that its write will not become durable here. */
    private void failAll() {
        RuntimeException why = whyNever();
        Waiter w;
        while ((w = waiters.poll()) != null) {
            if (w.seq() <= durableSeq) {
                w.durable();
            } else {
                w.never(why);
            }
        }
    }

    private RuntimeException whyNever() {
        try {
            failure.check();
        } catch (StorageFailedException e) {
            return e;
        }
        return closedFirst();
    }

    private static StorageException closedFirst() {
        return new StorageException("storage closed before the write reached the disk");
    }

    /** Forces what is waiting, then stops the syncer. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(syncer);
        try {
            syncer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        failAll();
    }
}
