package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's durable storage: an append log (Chronicle Queue) that is the point of durability, and
 * SQLite as the queryable store, fed from the log by one writer in batches.
 *
 * <pre>
 *  put ──► lock key stripe ──► reconcile with recent sets/SQLite ──► append to log ──► acknowledge
 *                                                                        │  (FSYNC: after fdatasync,
 *                                                                        ▼   shared by a group)
 *       recent sets (pending → applied) ◄── LogApplier ── batch ──► SQLite (+ applied position)
 * </pre>
 *
 * A write is acknowledged once its record is in the log; reads consult the recent sibling sets
 * first ({@link RecentSiblingSets}: every write not yet in SQLite, and a bounded copy of recently
 * written or read sets), so they see every acknowledged write and seldom reach SQLite. On open, records after SQLite's applied
 * position are replayed from the log (see {@link AppendLog} for damaged logs).
 *
 * <p>Hints take the same path, through the same log and applier, and are answered from a copy in
 * memory ({@link SqliteHints}): SQLite holds them only to rebuild that copy on open.
 */
public final class SqliteStorage implements Storage {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStorage.class);
    private static final int STRIPES = 1024;

    private final StorageConfig config;
    private final DataDirectoryLock lock;
    private final SqliteDatabase store;
    private final AppendLog log;
    private final RecentSiblingSets recent;
    private final PartitionCounters counters;
    private final LogApplier applier;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /** Writes share it while they append; a partition drop and close take it alone. */
    private final ReentrantReadWriteLock dropLock = new ReentrantReadWriteLock();
    /** Orders appends and queueing, so that the applier's order is the log's order. */
    private final ReentrantLock logLock = new ReentrantLock();
    /** Null until needed: see {@link #syncer()}. */
    private volatile GroupSync groupSync;
    private final SqliteHints hints;
    private final Hints hintsView;
    private final StorageFailure failure;
    private final LogRetention retention;
    private long lastSeq;
    private volatile boolean closed;

    private SqliteStorage(StorageConfig config, DataDirectoryLock lock, SqliteDatabase store, AppendLog log,
                          int applierQueue, long recentBudgetBytes) {
        this.config = config;
        this.recent = new RecentSiblingSets(recentBudgetBytes);
        this.failure = new StorageFailure(config.dataDir());
        this.lock = lock;
        this.store = store;
        this.log = log;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.counters = new PartitionCounters(config.partitioner().partitionCount(), store.loadStats());
        String name = config.dataDir().getFileName().toString();
        this.retention = new LogRetention(log, store, logLock, config.hooks());
        if (config.durability() != Durability.PROCESS) {
            this.groupSync = new GroupSync(this::syncLog, name, config.hooks(), failure);
        }
        this.applier = new LogApplier(store, recent, applied -> retention.run(applied, System.currentTimeMillis()),
                name, new LogApplier.Limits(applierQueue, LogApplier.QUEUE_BYTES, config.hooks(), failure));
        this.hints = new SqliteHints(store.hints(), this::appendHint);
        this.hintsView = new LoggedHints(hints, config.durability(), this::syncer, this::ensureOpen);
    }

    /**
     * Opens (creating if needed) the storage in {@code config.dataDir()}, replaying the log into
     * SQLite. Fails with {@link StorageException} if another storage holds the directory, if it was
     * made with another partition count, or if its schema is newer than this release.
     */
    public static SqliteStorage open(StorageConfig config) {
        return open(config, LogApplier.QUEUE_CAPACITY, RecentSiblingSets.DEFAULT_BUDGET_BYTES);
    }

    /**
     * {@link #open(StorageConfig)} with given bounds on writes waiting for SQLite and on the recent
     * sibling sets kept in memory (tests use small ones).
     */
    static SqliteStorage open(StorageConfig config, int applierQueue, long recentBudgetBytes) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDir());
        SqliteDatabase store = null;
        try {
            DataDirectoryRestore.refuseUnfinished(config.dataDir());
            store = SqliteDatabase.open(config.dataDir().resolve("store.db"), config.partitioner());
            store.checkPartitionCount(config.dataDir());
            LogPosition applied = store.appliedPosition();
            LogReplay replay = new LogReplay(store);
            AppendLog.Recovered recovered = AppendLog.openAndRecover(config.dataDir().resolve("log"), config, applied, replay);
            replay.finish();
            store.startGeneration(recovered.log().generation());
            AppendLog.Recovery r = recovered.recovery();
            if (r.records() > 0 || r.skipped() > 0) {
                LOG.info("{}: replayed {} logged writes into SQLite{}", config.dataDir(), r.records(),
                        r.skipped() > 0 ? ", skipped " + r.skipped() + " damaged records" : "");
            }
            return new SqliteStorage(config, lock, store, recovered.log(), applierQueue, recentBudgetBytes);
        } catch (Exception e) {
            if (store != null) {
                store.close();
            }
            lock.close();
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot open storage in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Partitioner partitioner() {
        return config.partitioner();
    }

    @Override
    public List<Versioned<Value>> get(Key key) {
        ensureOpen();
        RecentSiblingSets.Entry kept = recent.get(key);
        if (kept != null) {
            return kept.siblings();
        }
        dropLock.readLock().lock();
        ReentrantLock stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
        stripe.lock(); // a set read from SQLite is kept only under the key's lock: see RecentSiblingSets
        try {
            return current(key, KeyHash.of(key)).siblings();
        } finally {
            stripe.unlock();
            dropLock.readLock().unlock();
        }
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        return merge(key, List.of(version));
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        Logged logged = mergeLogged(key, versions);
        if (config.durability() == Durability.FSYNC) {
            syncer().awaitDurable(logged.seq());
        }
        return logged.siblings();
    }

    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        Logged logged = mergeLogged(key, versions);
        if (!forced && config.durability() != Durability.FSYNC) {
            return Merged.durableNow(logged.siblings());
        }
        return new Merged(logged.siblings(), syncer().whenDurable(logged.seq()));
    }

    /** What a merge left the key holding, and the log sequence that holds it (0: nothing logged since open). */
    private record Logged(List<Versioned<Value>> siblings, long seq) {
    }

    /** Reconciles and logs, without waiting for the disk. */
    private Logged mergeLogged(Key key, List<Versioned<Value>> versions) {
        ensureWritable();
        SiblingSets.checkBounds(versions);
        dropLock.readLock().lock();
        ReentrantLock stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
        stripe.lock();
        try {
            KeyHash hash = KeyHash.of(key);
            RecentSiblingSets.Entry current = current(key, hash);
            List<Versioned<Value>> result = Reconciliation.reconcile(current.siblings(), versions);
            if (Reconciliation.sameVersions(current.siblings(), result)) {
                return new Logged(current.siblings(), current.seq()); // durable once the write that made it is
            }
            byte[] encoded = SiblingSets.encodeForLog(result);
            long storedBytes = SiblingSets.storedBytes(key, encoded);
            PartitionId partition = config.partitioner().partitionOf(hash);
            long keysDelta = current.siblings().isEmpty() ? 1 : 0;
            long bytesDelta = storedBytes - current.storedBytes();
            LogRecord record = new LogRecord.Put(key, hash, partition, encoded, keysDelta, bytesDelta);
            long seq = appendAndQueue(record, key, result, storedBytes);
            counters.add(partition.index(), keysDelta, bytesDelta);
            return new Logged(result, seq);
        } finally {
            stripe.unlock();
            dropLock.readLock().unlock();
        }
    }

    /**
     * The group commit: made at open in FSYNC and ONE mode, and in PROCESS mode at the first write
     * asked to be forced (a coordinator in ONE mode may ask any replica to).
     */
    private GroupSync syncer() {
        GroupSync g = groupSync;
        if (g != null) {
            return g;
        }
        synchronized (this) {
            if (groupSync == null) {
                groupSync = new GroupSync(this::syncLog, config.dataDir().getFileName().toString(), config.hooks(),
                        failure);
            }
            return groupSync;
        }
    }

    @Override
    public Durability durability() {
        return config.durability();
    }

    @Override
    public boolean purge(Key key, List<Versioned<Value>> expected, Predicate<Versioned<Value>> expired) {
        ensureWritable();
        dropLock.readLock().lock();
        ReentrantLock stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
        stripe.lock();
        try {
            KeyHash hash = KeyHash.of(key);
            RecentSiblingSets.Entry current = current(key, hash);
            if (!SiblingSets.allDead(current.siblings(), expired)
                    || !Reconciliation.sameVersions(current.siblings(), expected)) {
                return false;
            }
            PartitionId partition = config.partitioner().partitionOf(hash);
            // A put of the empty sibling set is a removal: the applier deletes the row.
            LogRecord record = new LogRecord.Put(key, hash, partition, SiblingCodec.encode(List.of()), -1,
                    -current.storedBytes());
            appendAndQueue(record, key, List.of(), 0); // not waited for: see Storage#purge
            counters.add(partition.index(), -1, -current.storedBytes());
        } finally {
            stripe.unlock();
            dropLock.readLock().unlock();
        }
        return true;
    }

    /** Appends and queues for SQLite; waits for room first, so a refused write leaves nothing in the log. */
    private long appendAndQueue(LogRecord record, Key key, List<Versioned<Value>> siblings, long storedBytes) {
        byte[] bytes = LogRecord.encode(record);
        logLock.lock();
        try {
            applier.awaitRoom(bytes.length);
            long index = log.append(bytes);
            long seq = ++lastSeq;
            RecentSiblingSets.Entry entry = key == null ? null : new RecentSiblingSets.Entry(siblings, storedBytes, seq, false);
            if (entry != null) {
                recent.pending(key, entry);
            }
            applier.enqueue(new LogApplier.Op(record, new LogPosition(log.generation(), index), seq, bytes.length, key,
                    entry));
            return seq;
        } finally {
            logLock.unlock();
        }
    }

    /** The key's acknowledged siblings: kept in memory (pending or a copy of SQLite's), else read from SQLite and kept. Under the key's lock. */
    private RecentSiblingSets.Entry current(Key key, KeyHash hash) {
        RecentSiblingSets.Entry entry = recent.get(key);
        if (entry != null) {
            return entry;
        }
        byte[] stored = store.read(key, hash);
        RecentSiblingSets.Entry loaded = stored == null ? new RecentSiblingSets.Entry(List.of(), 0, 0, true)
                : new RecentSiblingSets.Entry(SiblingCodec.decode(stored), SiblingSets.storedBytes(key, stored), 0, true);
        recent.loaded(key, loaded);
        return loaded;
    }

    @Override
    public void scan(PartitionId partition, Consumer<StoredKey> visitor) {
        ensureOpen();
        applier.awaitApplied(currentSeq());
        store.scan(partition, visitor);
    }

    @Override
    public PartitionStats stats(PartitionId partition) {
        return counters.get(partition.index());
    }

    @Override
    public void dropPartition(PartitionId partition) {
        ensureWritable();
        dropLock.writeLock().lock();
        try {
            long seq = appendAndQueue(new LogRecord.Drop(partition), null, null, 0);
            if (config.durability() == Durability.FSYNC) {
                syncer().awaitDurable(seq);
            }
            applier.awaitApplied(seq);
            recent.forgetApplied(k -> config.partitioner().partitionOf(KeyHash.of(k)).equals(partition));
            counters.reset(partition.index());
        } finally {
            dropLock.writeLock().unlock();
        }
    }

    /**
     * Reads the first keys of the partition from SQLite once every write logged so far is there, then
     * forgets each under its lock as a purge does: a logged removal (the SQLite writer deletes the row
     * in its next batch), the key's statistics and recent set updated at once. The next call waits for
     * those removals to reach SQLite before it reads, so it finds the keys after them.
     */
    @Override
    public ForgottenKeys forget(PartitionId partition, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("forget at least one key at a time, was " + maxKeys);
        }
        ensureWritable();
        applier.awaitApplied(currentSeq());
        List<Key> candidates = store.firstKeys(partition, maxKeys);
        List<Key> forgotten = new ArrayList<>(candidates.size());
        long bytes = 0;
        for (Key key : candidates) {
            dropLock.readLock().lock();
            ReentrantLock stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
            stripe.lock();
            try {
                ensureWritable();
                KeyHash hash = KeyHash.of(key);
                RecentSiblingSets.Entry current = current(key, hash);
                if (current.siblings().isEmpty()) {
                    continue; // removed since the read
                }
                LogRecord record = new LogRecord.Put(key, hash, partition, SiblingCodec.encode(List.of()), -1,
                        -current.storedBytes());
                appendAndQueue(record, key, List.of(), 0);
                counters.add(partition.index(), -1, -current.storedBytes());
                forgotten.add(key);
                bytes += current.storedBytes();
            } finally {
                stripe.unlock();
                dropLock.readLock().unlock();
            }
        }
        return new ForgottenKeys(forgotten, bytes, Math.max(0, counters.get(partition.index()).keys()));
    }

    @Override
    public DiskUsage diskUsage() {
        ensureOpen();
        return store.diskUsage();
    }

    /** Incremental vacuum in steps, each its own short write transaction beside the SQLite writer's; see {@link SqliteDatabase#returnFreePages}. */
    @Override
    public long returnFreeSpace(long maxBytes) {
        ensureWritable();
        return store.returnFreePages(maxBytes);
    }

    /** Waits until every acknowledged write is in SQLite (tests, benchmarks and clean shutdown). */
    public void flush() {
        applier.awaitApplied(currentSeq());
    }

    /**
     * Writes a consistent copy of this storage into {@code target} (a file that must not exist yet),
     * without stopping writes: it waits until the SQLite writer has applied every record logged so far
     * (so every write acknowledged before this call, data and hints alike), then copies the database
     * in one read transaction ({@code VACUUM INTO}) while writers and the SQLite writer go on. The copy
     * may hold later writes too; its recorded log position says exactly up to where. {@code nodeFiles}
     * (the node's own small files, by name) travel in the copy, and a restore hands them back
     * ({@link DataDirectoryRestore}).
     *
     * @throws DiskFullException if the disk has no room for the copy (nothing is left behind)
     */
    public SnapshotContents snapshot(Path target, Map<String, byte[]> nodeFiles) {
        ensureOpen();
        applier.awaitApplied(currentSeq());
        return Snapshots.take(store, target, config.hooks(), nodeFiles);
    }

    /** Logged writes not yet in SQLite. */
    public long backlog() {
        return applier.backlog();
    }

    private long currentSeq() {
        logLock.lock();
        try {
            return lastSeq;
        } finally {
            logLock.unlock();
        }
    }

    /** Forces the log to disk (for the group commit); returns the last sequence it covers. */
    private long syncLog() {
        long covered;
        Path point;
        logLock.lock();
        try {
            covered = lastSeq;
            point = log.syncPoint();
        } finally {
            logLock.unlock();
        }
        log.force(point);
        return covered;
    }

    /** Logs a hint change and queues it for SQLite; returns its sequence without waiting for the disk. */
    private long appendHint(LogRecord record) {
        dropLock.readLock().lock();
        try {
            ensureWritable();
            return appendAndQueue(record, null, null, 0);
        } finally {
            dropLock.readLock().unlock();
        }
    }

    @Override
    public Hints hints() {
        return hintsView;
    }

    /** The append log (tests look at its files). */
    AppendLog log() {
        return log;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("storage in " + config.dataDir() + " is closed");
        }
    }

    /** Open, and no storage thread has died: writes are taken. */
    private void ensureWritable() {
        ensureOpen();
        failure.check();
    }

    /** Why this storage takes no writes, once one of its threads has died. */
    public Optional<String> failure() {
        return failure.problem();
    }

    /**
     * Calls {@code listener} with the problem if one of the storage's threads dies (at once if one
     * has), on the dying thread: it must not wait for the storage.
     */
    public void onFailure(Consumer<String> listener) {
        failure.onFailure(listener);
    }

    /** Applies every acknowledged write to SQLite, then releases the log, the database and the lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropLock.writeLock().lock();
        try {
            GroupSync g;
            synchronized (this) {
                g = groupSync;
            }
            if (g != null) {
                g.close();
            }
            applier.close();
            log.close();
            store.close();
        } finally {
            lock.close();
            dropLock.writeLock().unlock();
        }
    }
}
