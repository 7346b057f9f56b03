package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageThreads.withCallersMdc;

import io.dynacart.store.identity.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of SQLite: takes logged records in log order and applies them in batches, one
 * transaction each (group commit), recording each batch's last log position in the same
 * transaction. A full queue blocks writers, which bounds the memory held by pending writes. About
 * once a second it also runs the storage's maintenance (log retention) with the applied position.
 */
final class LogApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogApplier.class);
    /**
     * Records per transaction at most. Keys land at random places in the index, so bigger batches
     * touch each index page for more rows: 10,000 applies about 1.3x faster than 2,000 here.
     */
    static final int MAX_BATCH = 10_000;
    /** Logged records not yet in SQLite, at most; writers wait beyond it. */
    static final int QUEUE_CAPACITY = 100_000;
    private static final long MAINTENANCE_INTERVAL_MS = 1000;

    /**
     * A logged record waiting for SQLite; {@code key}/{@code pending} are null for a record with no
     * pending overlay entry (a drop, a hint change).
     */
    record Op(LogRecord record, LogPosition position, long seq, Key key, PendingWrites.Entry pending) {
    }

    private final SqliteStore store;
    private final PendingWrites pendingWrites;
    private final Consumer<LogPosition> maintenance;
    private final BlockingQueue<Op> queue;
    private final Thread thread;
    private final Object appliedMonitor = new Object();
    private long appliedSeq;
    private volatile LogPosition appliedPosition = LogPosition.NONE;
    private volatile boolean closing;

    LogApplier(SqliteStore store, PendingWrites pendingWrites, Consumer<LogPosition> maintenance, String name,
               int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.store = store;
        this.pendingWrites = pendingWrites;
        this.maintenance = maintenance;
        this.thread = new Thread(withCallersMdc(this::run), "storage-applier-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code op}; the caller holds the log lock, so queue order is log order. */
    void enqueue(Op op) {
        try {
            queue.put(op);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the SQLite writer to catch up");
        }
    }

    /** Waits until every record up to {@code seq} is in SQLite. */
    void awaitApplied(long seq) {
        synchronized (appliedMonitor) {
            while (appliedSeq < seq) {
                if (!thread.isAlive()) {
                    throw new StorageException("the SQLite writer has stopped");
                }
                try {
                    appliedMonitor.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting for the SQLite writer");
                }
            }
        }
    }

    long backlog() {
        return queue.size();
    }

    private void run() {
        List<Op> batch = new ArrayList<>(MAX_BATCH);
        long lastMaintenance = 0;
        while (!closing || !queue.isEmpty()) {
            try {
                Op first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    applyWithRetry(batch);
                    batch.clear();
                }
                long now = System.currentTimeMillis();
                if (now - lastMaintenance >= MAINTENANCE_INTERVAL_MS) {
                    lastMaintenance = now;
                    maintenance.accept(appliedPosition);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("SQLite writer maintenance failed; continuing", e);
            }
        }
    }

    private void applyWithRetry(List<Op> batch) throws InterruptedException {
        List<LogRecord> records = new ArrayList<>(batch.size());
        for (Op op : batch) {
            records.add(op.record());
        }
        Op last = batch.get(batch.size() - 1);
        long backoff = 10;
        while (true) {
            try {
                store.apply(records, last.position());
                break;
            } catch (Exception e) {
                LOG.error("cannot apply {} logged records to SQLite (they are safe in the log); retrying in {} ms: {}",
                        records.size(), backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        for (Op op : batch) {
            if (op.key() != null) {
                pendingWrites.applied(op.key(), op.pending());
            }
        }
        appliedPosition = last.position();
        synchronized (appliedMonitor) {
            appliedSeq = last.seq();
            appliedMonitor.notifyAll();
        }
    }

    /** Applies everything queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
