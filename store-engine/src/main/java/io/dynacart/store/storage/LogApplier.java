package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of SQLite: takes logged records in log order and applies them in batches, one
 * transaction each (group commit), recording each batch's last log position in the same
 * transaction. About once a second it also runs the storage's maintenance (log retention) with the
 * applied position.
 *
 * <p>What must hold: the records waiting for SQLite are bounded in number and in bytes. A writer
 * waits for room <em>before</em> it appends ({@link #awaitRoom}), so a write refused for want of
 * room leaves nothing in the log. A writer never waits for a dead or stuck applier: if the thread
 * died (of anything, see {@link StorageThreads}) it fails at once with {@link StorageFailedException};
 * if the applier made no room within {@link #ROOM_WAIT_MILLIS}, it and the writers after it fail
 * with {@link StorageBusyException} until the applier commits a batch again.
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
    /**
     * Bytes of logged records not yet in SQLite, at most: about a second of SQLite's write rate for
     * large values, and 100,000 records of 300 bytes, so neither bound is much looser than the other.
     */
    static final long QUEUE_BYTES = 32L << 20;
    /**
     * How long writers wait for room while the applier commits nothing before it counts as stuck:
     * far longer than a batch takes (tens of milliseconds), short enough that a node whose SQLite
     * keeps failing answers its clients rather than blocking its event loop.
     */
    static final long ROOM_WAIT_MILLIS = 5000;
    private static final long MAINTENANCE_INTERVAL_MS = 1000;
    /**
     * A batch smaller than this waits up to {@link #LINGER_NANOS} for more records before it
     * commits, unless someone waits for SQLite ({@link #awaitApplied}): each commit costs about as
     * much as a hundred row writes, and nothing reads SQLite for a record still pending (the recent
     * sibling sets answer), so a few milliseconds of linger turn many small transactions into one.
     */
    static final int LINGER_BATCH = 1_000;
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LINGER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * A logged record waiting for SQLite, weighing {@code bytes}; {@code key}/{@code pending} are
     * null for a record with no entry among the recent sibling sets (a drop, a hint change).
     */
    record Op(LogRecord record, LogPosition position, long seq, long bytes, Key key, RecentSiblingSets.Entry pending) {
    }

    /** How the applier is bounded and watched. */
    record Limits(int records, long bytes, StorageHooks hooks, StorageFailure failure) {
    }

    private final SqliteDatabase store;
    private final RecentSiblingSets recent;
    private final Consumer<LogPosition> maintenance;
    private final Limits limits;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object room = new Object();
    private final Object appliedMonitor = new Object();
    /** Records and bytes queued or promised to a writer; guarded by {@code room}. */
    private int queuedRecords;
    private long queuedBytes;
    /** A writer gave up waiting for room; guarded by {@code room}, cleared by the next commit. */
    private boolean stuck;
    /** When the applier last committed a batch ({@code System.nanoTime}); guarded by {@code room}. */
    private long lastProgress = System.nanoTime();
    private long appliedSeq;
    /** Threads in {@link #awaitApplied}: while any, the applier commits without lingering. */
    private final AtomicInteger awaitingApplied = new AtomicInteger();
    private volatile LogPosition appliedPosition = LogPosition.NONE;
    private volatile boolean closing;

    LogApplier(SqliteDatabase store, RecentSiblingSets recent, Consumer<LogPosition> maintenance, String name,
               Limits limits) {
        this.store = store;
        this.recent = recent;
        this.maintenance = maintenance;
        this.limits = limits;
        this.thread = StorageThreads.start("storage-applier-" + name, this::run, limits.failure());
    }

    /**
     * Waits until a record of {@code bytes} fits, and promises it its place; the caller holds the
     * log lock and then appends and {@link #enqueue}s it. A record larger than the whole bound
     * waits for an empty queue.
     *
     * @throws StorageFailedException if the applier died
     * @throws StorageBusyException   if it made no room in time
     */
    void awaitRoom(long bytes) {
        synchronized (room) {
            long waitingSince = System.nanoTime();
            long patience = TimeUnit.MILLISECONDS.toNanos(ROOM_WAIT_MILLIS);
            while (queuedRecords >= limits.records() || (queuedBytes > 0 && queuedBytes + bytes > limits.bytes())) {
                limits.failure().check();
                long since = waitingSince - lastProgress > 0 ? waitingSince : lastProgress;
                if (stuck || System.nanoTime() - since >= patience) {
                    refuseWhileStuck();
                }
                waitFor(room, 50);
            }
            limits.failure().check();
            queuedRecords++;
            queuedBytes += bytes;
        }
    }

    private void refuseWhileStuck() {
        if (!stuck) {
            stuck = true;
            LOG.error("the SQLite writer has committed nothing for {} ms ({} records, {} bytes waiting); writes are"
                    + " refused until it catches up", ROOM_WAIT_MILLIS, queuedRecords, queuedBytes);
        }
        throw new StorageBusyException("this node's SQLite writer is " + queuedRecords + " records behind its log and"
                + " not catching up; nothing was written, retry shortly");
    }

    /** Queues {@code op}, whose room {@link #awaitRoom} promised; the caller holds the log lock, so queue order is log order. */
    void enqueue(Op op) {
        queue.add(op);
    }

    /** Waits until every record up to {@code seq} is in SQLite. */
    void awaitApplied(long seq) {
        awaitingApplied.incrementAndGet();
        try {
            synchronized (appliedMonitor) {
                while (appliedSeq < seq) {
                    limits.failure().check();
                    if (!thread.isAlive()) {
                        throw new StorageException("the SQLite writer has stopped");
                    }
                    waitFor(appliedMonitor, 100);
                }
            }
        } finally {
            awaitingApplied.decrementAndGet();
        }
    }

    private static void waitFor(Object monitor, long millis) {
        try {
            monitor.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the SQLite writer");
        }
    }

    long backlog() {
        return queue.size();
    }

    private void run() {
        List<Op> batch = new ArrayList<>(MAX_BATCH);
        long lastMaintenance = 0;
        while (!closing || !queue.isEmpty()) {
            Op first = poll();
            if (first != null) {
                batch.add(first);
                gather(batch);
                limits.hooks().beforeApply(batch.size());
                applyWithRetry(batch);
                batch.clear();
            }
            long now = System.currentTimeMillis();
            if (now - lastMaintenance >= MAINTENANCE_INTERVAL_MS) {
                lastMaintenance = now;
                maintain();
            }
        }
    }

    /** Adds what is queued to {@code batch}; lingers for more while it is small and nobody waits for SQLite. */
    private void gather(List<Op> batch) {
        long deadline = System.nanoTime() + LINGER_NANOS;
        queue.drainTo(batch, MAX_BATCH - batch.size());
        while (batch.size() < LINGER_BATCH && awaitingApplied.get() == 0 && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Op next;
            try {
                next = queue.poll(Math.min(left, LINGER_SLICE_NANOS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException("the SQLite writer was interrupted", e);
            }
            if (next != null) {
                batch.add(next);
                queue.drainTo(batch, MAX_BATCH - batch.size());
            }
        }
    }

    private Op poll() {
        try {
            return queue.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException("the SQLite writer was interrupted", e);
        }
    }

    private void maintain() {
        try {
            maintenance.accept(appliedPosition);
        } catch (RuntimeException e) {
            LOG.error("SQLite writer maintenance failed; continuing", e);
        }
    }

    private void applyWithRetry(List<Op> batch) {
        List<LogRecord> records = new ArrayList<>(batch.size());
        long bytes = 0;
        for (Op op : batch) {
            records.add(op.record());
            bytes += op.bytes();
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
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        for (Op op : batch) {
            if (op.key() != null) {
                recent.applied(op.key(), op.pending());
            }
        }
        appliedPosition = last.position();
        // Room first: whoever waited for this batch to be applied (a flush) may write at once, and must
        // find the room it freed and the applier no longer counted as stuck.
        synchronized (room) {
            queuedRecords -= batch.size();
            queuedBytes -= bytes;
            stuck = false;
            lastProgress = System.nanoTime();
            room.notifyAll();
        }
        synchronized (appliedMonitor) {
            appliedSeq = last.seq();
            appliedMonitor.notifyAll();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException("the SQLite writer was interrupted while retrying", e);
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
