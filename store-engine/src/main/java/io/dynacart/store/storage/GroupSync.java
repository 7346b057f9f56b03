package io.dynacart.store.storage;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Group commit for {@link Durability#FSYNC}: one syncer thread forces the log whenever a writer
 * waits, and each force covers every record appended before it began. Writers append without
 * waiting for a force in progress, so the next force covers all of them at once; the syncer wakes
 * exactly the writers a force covered (no herd of waiters contending for one lock).
 *
 * <p>A force that fails, or a syncer that dies of anything else, fails the storage
 * ({@link StorageFailure}): the writers waiting, and every later one, get {@link StorageFailedException}
 * at once rather than waiting for a disk flush that will never come.
 */
final class GroupSync implements AutoCloseable {

    private final LongSupplier force;
    private final StorageHooks hooks;
    private final StorageFailure failure;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Thread syncer;
    private volatile long durableSeq;
    private volatile boolean closed;

    private record Waiter(long seq, Thread thread) {
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
        waiters.add(new Waiter(seq, Thread.currentThread()));
        LockSupport.unpark(syncer);
        while (durableSeq < seq) {
            failure.check();
            if (closed) {
                throw new StorageException("storage closed before the write reached the disk");
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
        }
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
                wakeAll();
                return;
            }
            long durable = durableSeq;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.seq() <= durable) {
                    it.remove();
                    LockSupport.unpark(w.thread());
                }
            }
        }
    }

    private void wakeAll() {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            LockSupport.unpark(w.thread());
        }
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
    }
}
