package io.dynacart.store.storage;

import java.util.function.LongSupplier;

/**
 * Group commit for {@link Durability#FSYNC}: a writer waiting for its record to reach the disk
 * either forces the log itself, covering every record appended so far, or waits for the force in
 * progress and then checks again. One force thus serves every writer that arrived meanwhile.
 */
final class GroupSync {

    private final LongSupplier force;
    private long durableSeq;
    private boolean forcing;

    /** @param force forces the log and returns the sequence of the last record it covered */
    GroupSync(LongSupplier force) {
        this.force = force;
    }

    void awaitDurable(long seq) {
        while (true) {
            synchronized (this) {
                while (forcing && durableSeq < seq) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StorageException("interrupted while waiting for the log to reach the disk");
                    }
                }
                if (durableSeq >= seq) {
                    return;
                }
                forcing = true;
            }
            long covered = 0;
            try {
                covered = force.getAsLong();
            } finally {
                synchronized (this) {
                    durableSeq = Math.max(durableSeq, covered);
                    forcing = false;
                    notifyAll();
                }
            }
        }
    }
}
