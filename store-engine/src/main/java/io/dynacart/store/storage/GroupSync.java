package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageThreads.withCallersMdc;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for {@link Durability#FSYNC}: one syncer thread forces the log whenever a writer
 * waits, and each force covers every record appended before it began. Writers append without
 * waiting for a force in progress, so the next force covers all of them at once; the syncer wakes
 * exactly the writers a force covered (no herd of waiters contending for one lock).
 */
final class GroupSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupSync.class);

    private final LongSupplier force;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Thread syncer;
    private volatile long durableSeq;
    private volatile RuntimeException failure;
    private volatile boolean closed;

    private record Waiter(long seq, Thread thread) {
    }

    /** @param force forces the log and returns the sequence of the last record it covered */
    GroupSync(LongSupplier force, String name) {
        this.force = force;
        this.syncer = new Thread(withCallersMdc(this::run), "storage-syncer-" + name);
        this.syncer.setDaemon(true);
        this.syncer.start();
    }

    /** Returns once every record up to {@code seq} is on disk. */
    void awaitDurable(long seq) {
        if (durableSeq >= seq) {
            return;
        }
        waiters.add(new Waiter(seq, Thread.currentThread()));
        LockSupport.unpark(syncer);
        while (durableSeq < seq) {
            RuntimeException f = failure;
            if (f != null) {
                throw new StorageException("the append log could not be forced to disk: " + f.getMessage(), f);
            }
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
                durableSeq = Math.max(durableSeq, force.getAsLong());
            } catch (RuntimeException e) {
                LOG.error("cannot force the append log to disk; writes waiting for it fail", e);
                failure = e;
            }
            long durable = durableSeq;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.seq() <= durable || failure != null) {
                    it.remove();
                    LockSupport.unpark(w.thread());
                }
            }
            if (failure != null) {
                return;
            }
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
