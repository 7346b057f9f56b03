package io.dynacart.store.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The queryable copy of a node's data in SQLite (WAL mode): one row per key holding its encoded
 * sibling set, per-partition statistics, the hints held for other nodes ({@link HintTable}), and
 * the log position applied so far. Point reads reuse prepared connections ({@link PointReaders});
 * scans, hints and metadata go through a small Hikari pool; one writer connection applies batches
 * of log records, each batch one transaction that also records the position of its last record.
 *
 * <p>Rows are found by the key's 128-bit hash (see {@link SchemaMigrations}); the stored key is
 * compared on every read, so a hash collision, however unlikely, is reported rather than mixed up.
 */
final class SqliteDatabase implements AutoCloseable {

    /** Keys fetched per round trip of a partition scan. */
    private static final int SCAN_PAGE = 512;
    private static final String META_GENERATION = "log_generation";
    private static final String META_INDEX = "log_index";
    private static final String META_PARTITIONS = "partition_count";

    /** {@code PRAGMA auto_vacuum}'s value for incremental auto-vacuum. */
    private static final int AUTO_VACUUM_INCREMENTAL = 2;

    private final Path file;
    private final Partitioner partitioner;
    private final SQLiteDataSource source;
    private final HikariDataSource pool;
    private final Connection writer;
    /** Runs checkpoints for log retention, on the writer's thread, never inside the writer's transaction. */
    private final Connection checkpointer;
    private final PointReaders pointReaders;
    private final PreparedStatement upsert;
    private final PreparedStatement deleteRange;
    private final PreparedStatement deleteKey;
    private final PreparedStatement addStats;
    private final PreparedStatement deleteStats;
    private final PreparedStatement setMeta;
    private final HintTable hints;

    private SqliteDatabase(Path file, Partitioner partitioner, HikariDataSource pool, SQLiteDataSource source,
                           Connection writer) throws SQLException {
        this.file = file;
        this.partitioner = partitioner;
        this.source = source;
        this.pool = pool;
        this.pointReaders = new PointReaders(source);
        this.writer = writer;
        writer.setAutoCommit(false);
        upsert = writer.prepareStatement("INSERT INTO kv(hash_hi, hash_lo, key, siblings) VALUES (?,?,?,?)"
                + " ON CONFLICT(hash_hi, hash_lo) DO UPDATE SET siblings = excluded.siblings");
        deleteRange = writer.prepareStatement("DELETE FROM kv WHERE hash_hi BETWEEN ? AND ?");
        deleteKey = writer.prepareStatement("DELETE FROM kv WHERE hash_hi = ? AND hash_lo = ?");
        addStats = writer.prepareStatement("INSERT INTO partition_stats(part, keys, bytes) VALUES (?,?,?)"
                + " ON CONFLICT(part) DO UPDATE SET keys = keys + excluded.keys, bytes = bytes + excluded.bytes");
        deleteStats = writer.prepareStatement("DELETE FROM partition_stats WHERE part = ?");
        setMeta = writer.prepareStatement("INSERT INTO meta(name, value) VALUES (?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET value = excluded.value");
        hints = new HintTable(writer, pool);
        checkpointer = source.getConnection();
    }

    static SqliteDatabase open(Path dbFile, Partitioner partitioner) {
        HikariDataSource pool = null;
        Connection writer = null;
        try {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setBusyTimeout(10_000);
            sqlite.setGetGeneratedKeys(false);
            // Key hashes are random, so index inserts land all over the tree: a 64 MiB page cache per
            // connection keeps the index of about a million keys hot (SQLite's default is 2 MiB), and
            // memory-mapped reads share the OS cache among readers. Measured in docs/BENCHMARKS.md.
            sqlite.setCacheSize(-64 * 1024);
            sqlite.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(1L << 30));
            // Checkpoint the WAL every 80 MiB rather than every 4 MiB: a page changed by several
            // batches is copied into the database once, not once per batch (1.6x the write rate).
            sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "20000");
            SQLiteDataSource source = new SQLiteDataSource(sqlite);
            source.setUrl("jdbc:sqlite:" + dbFile);
            writer = source.getConnection();
            SchemaMigrations.migrate(writer, dbFile.toString());
            HikariConfig config = new HikariConfig();
            config.setDataSource(source);
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(0);
            config.setPoolName("sqlite-" + dbFile.getParent().getFileName());
            pool = new HikariDataSource(config);
            return new SqliteDatabase(dbFile, partitioner, pool, source, writer);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer);
            if (pool != null) {
                pool.close();
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot open " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /** The encoded siblings of {@code key}, or null. */
    byte[] read(Key key, KeyHash hash) {
        return pointReaders.read(key, hash);
    }

    /**
     * Applies {@code records} in order in one transaction, recording {@code last} as the applied log
     * position, and commits.
     */
    void apply(List<LogRecord> records, LogPosition last) throws SQLException {
        Map<Integer, long[]> stats = new HashMap<>();
        try {
            for (LogRecord record : inHashOrder(records)) {
                if (record instanceof LogRecord.Put p && SiblingCodec.isEmptySet(p.siblings())) {
                    deleteKey.setLong(1, p.hash().high() ^ Long.MIN_VALUE);
                    deleteKey.setLong(2, p.hash().low() ^ Long.MIN_VALUE);
                    deleteKey.executeUpdate();
                    long[] delta = stats.computeIfAbsent(p.partition().index(), k -> new long[2]);
                    delta[0] += p.keysDelta();
                    delta[1] += p.bytesDelta();
                } else if (record instanceof LogRecord.Put p) {
                    upsert.setLong(1, p.hash().high() ^ Long.MIN_VALUE);
                    upsert.setLong(2, p.hash().low() ^ Long.MIN_VALUE);
                    upsert.setBytes(3, p.key().toByteArray());
                    upsert.setBytes(4, p.siblings());
                    upsert.executeUpdate();
                    long[] delta = stats.computeIfAbsent(p.partition().index(), k -> new long[2]);
                    delta[0] += p.keysDelta();
                    delta[1] += p.bytesDelta();
                } else if (record instanceof LogRecord.Drop d) {
                    flushStats(stats);
                    long[] range = hashRange(d.partition());
                    deleteRange.setLong(1, range[0]);
                    deleteRange.setLong(2, range[1]);
                    deleteRange.executeUpdate();
                    deleteStats.setInt(1, d.partition().index());
                    deleteStats.executeUpdate();
                } else {
                    hints.apply(record);
                }
            }
            flushStats(stats);
            setMeta(META_GENERATION, last.generation());
            setMeta(META_INDEX, last.index());
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    /**
     * The records with each run of puts between drops sorted by key hash (stably, so two records of
     * one key keep their order): neighbouring inserts then touch neighbouring index pages, and a
     * batch writes fewer pages to the WAL.
     *
     * <p>Hint records go last, in log order among themselves. They touch only the hints table, which
     * no put or drop touches, and the batch commits as one transaction, so moving them past data
     * records changes no outcome; keeping them out of the runs keeps the runs long while a node is
     * down and hints are frequent.
     */
    private static List<LogRecord> inHashOrder(List<LogRecord> records) {
        List<LogRecord> out = new ArrayList<>(records.size());
        List<LogRecord.Put> run = new ArrayList<>();
        List<LogRecord> hintRecords = new ArrayList<>();
        for (LogRecord record : records) {
            if (record instanceof LogRecord.Put p) {
                run.add(p);
            } else if (record instanceof LogRecord.Drop) {
                run.sort(BY_HASH);
                out.addAll(run);
                run.clear();
                out.add(record);
            } else {
                hintRecords.add(record);
            }
        }
        run.sort(BY_HASH);
        out.addAll(run);
        out.addAll(hintRecords);
        return out;
    }

    private static final Comparator<LogRecord.Put> BY_HASH = Comparator.comparing(LogRecord.Put::hash);

    /** The stored (sign-flipped) hash_hi bounds of a partition, inclusive. */
    private long[] hashRange(PartitionId partition) {
        long first = partitioner.firstHashOf(partition).high();
        boolean last = partition.index() == partitioner.partitionCount() - 1;
        long end = last ? -1L : partitioner.firstHashOf(PartitionId.of(partition.index() + 1)).high() - 1;
        return new long[] {first ^ Long.MIN_VALUE, end ^ Long.MIN_VALUE};
    }

    /**
     * Copies the WAL into the database file and syncs it, without waiting for readers
     * ({@code PRAGMA wal_checkpoint(PASSIVE)}). Returns whether every committed transaction is now
     * in the synced database file, so durable whatever the {@code synchronous} setting (with
     * {@code NORMAL}, a commit is only written to the WAL, not synced). False when a reader kept
     * part of the WAL from being copied: try again later. Call on the writer's thread.
     */
    boolean checkpoint() throws SQLException {
        try (Statement st = checkpointer.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (!rs.next()) {
                return false;
            }
            int busy = rs.getInt(1);
            int walFrames = rs.getInt(2);
            int copied = rs.getInt(3);
            return busy == 0 && walFrames >= 0 && copied == walFrames;
        }
    }

    /**
     * Copies the database as it stands into {@code target} ({@code VACUUM INTO}, on a connection of
     * its own): one read transaction, so the copy holds exactly the batches committed when it began,
     * with the applied log position they recorded; the writer goes on committing meanwhile (WAL). The
     * copy has incremental auto-vacuum, whatever this database has.
     * {@code progress} is called every few thousand steps of the copy, on this thread.
     */
    void vacuumInto(Path target, Runnable progress) throws SQLException {
        try (Connection c = source.getConnection()) {
            ProgressHandler.setHandler(c, 10_000, new ProgressHandler() {
                @Override
                protected int progress() {
                    progress.run();
                    return 0;
                }
            });
            try (Statement st = c.createStatement()) {
                // The copy is a new file: it takes incremental auto-vacuum whatever this database was
                // made with, so a node restored from it can give free pages back.
                st.execute("PRAGMA auto_vacuum = INCREMENTAL");
            }
            try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, target.toString());
                ps.execute();
            } finally {
                ProgressHandler.clearHandler(c);
            }
        }
    }

    /** Bytes in the database's pages in use: about what {@link #vacuumInto} writes. */
    long liveBytes() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            long pages = pragma(st, "page_count") - pragma(st, "freelist_count");
            return Math.max(0, pages) * pragma(st, "page_size");
        }
    }

    /**
     * The first {@code limit} keys of a partition in hash order (what {@link #scan} would visit first),
     * without their siblings.
     */
    List<Key> firstKeys(PartitionId partition, int limit) {
        long[] range = hashRange(partition);
        List<Key> keys = new ArrayList<>(Math.min(limit, SCAN_PAGE));
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key FROM kv WHERE hash_hi BETWEEN ? AND ?"
                     + " ORDER BY hash_hi, hash_lo LIMIT ?")) {
            ps.setLong(1, range[0]);
            ps.setLong(2, range[1]);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(Key.of(rs.getBytes(1)));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw new StorageException("cannot read the keys of partition " + partition.index() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The database's pages (what its file holds once the WAL is checkpointed into it: the file's size
     * then), its WAL file's size, and the free pages' bytes.
     */
    DiskUsage diskUsage() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            long pageSize = pragma(st, "page_size");
            long pages = pragma(st, "page_count");
            long free = pragma(st, "freelist_count");
            boolean incremental = pragma(st, "auto_vacuum") == AUTO_VACUUM_INCREMENTAL;
            return new DiskUsage(pages * pageSize, sizeOf(Path.of(file + "-wal")), free * pageSize, incremental);
        } catch (SQLException e) {
            throw new StorageException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            return 0; // gone between the two calls (a WAL removed at close)
        }
    }

    /**
     * Gives up to about {@code maxBytes} of free pages back to the file system: one
     * {@code PRAGMA incremental_vacuum} (a write transaction of its own, which waits for the SQLite
     * writer's batch in flight and makes the next one wait for it; 1,000 pages take about 20 ms), then
     * a passive checkpoint, at which the database file is truncated. Returns the bytes freed; 0 for a
     * database made without incremental auto-vacuum (before it was the default), whose free pages are
     * only reused.
     */
    long returnFreePages(long maxBytes) {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            if (pragma(st, "auto_vacuum") != AUTO_VACUUM_INCREMENTAL) {
                return 0;
            }
            long pageSize = pragma(st, "page_size");
            long before = pragma(st, "freelist_count");
            if (before == 0 || maxBytes < pageSize) {
                return 0;
            }
            long pages = Math.min(before, maxBytes / pageSize);
            // executeUpdate steps the pragma to its end: each step frees one page.
            st.executeUpdate("PRAGMA incremental_vacuum(" + pages + ")");
            long after = pragma(st, "freelist_count");
            pragma(st, "wal_checkpoint(PASSIVE)");
            return Math.max(0, before - after) * pageSize;
        } catch (SQLException e) {
            throw new StorageException("cannot give free pages of " + file + " back: " + e.getMessage(), e);
        }
    }

    private static long pragma(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Fails unless the directory was made for this partition count; records it the first time. */
    void checkPartitionCount(Path dataDir) throws SQLException {
        int partitionCount = partitioner.partitionCount();
        try (PreparedStatement ps = writer.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, META_PARTITIONS);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long found = rs.getLong(1);
                    writer.commit();
                    if (found != partitionCount) {
                        throw new StorageException("data directory " + dataDir + " holds " + found
                                + " partitions but this node is configured for " + partitionCount
                                + "; the partition count of a cluster cannot change");
                    }
                    return;
                }
            }
        }
        setMeta(META_PARTITIONS, partitionCount);
        writer.commit();
    }

    /** Records that the log moved to a new generation, nothing of it applied yet. */
    void startGeneration(long generation) throws SQLException {
        setMeta(META_GENERATION, generation);
        setMeta(META_INDEX, LogPosition.NO_INDEX);
        writer.commit();
    }

    private void flushStats(Map<Integer, long[]> stats) throws SQLException {
        for (Map.Entry<Integer, long[]> e : stats.entrySet()) {
            addStats.setInt(1, e.getKey());
            addStats.setLong(2, e.getValue()[0]);
            addStats.setLong(3, e.getValue()[1]);
            addStats.executeUpdate();
        }
        stats.clear();
    }

    private void setMeta(String name, long value) throws SQLException {
        setMeta.setString(1, name);
        setMeta.setLong(2, value);
        setMeta.executeUpdate();
    }

    /** The hints held here; read-only for everyone but this store's {@link #apply}. */
    HintTable hints() {
        return hints;
    }

    LogPosition appliedPosition() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, value FROM meta")) {
            long generation = LogPosition.NONE.generation();
            long index = LogPosition.NONE.index();
            while (rs.next()) {
                if (rs.getString(1).equals(META_GENERATION)) {
                    generation = rs.getLong(2);
                } else if (rs.getString(1).equals(META_INDEX)) {
                    index = rs.getLong(2);
                }
            }
            return new LogPosition(generation, index);
        } catch (SQLException e) {
            throw new StorageException("cannot read the applied log position: " + e.getMessage(), e);
        }
    }

    /** Statistics of every partition that holds keys. */
    Map<Integer, PartitionStats> loadStats() {
        Map<Integer, PartitionStats> out = new HashMap<>();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT part, keys, bytes FROM partition_stats")) {
            while (rs.next()) {
                out.put(rs.getInt(1), new PartitionStats(rs.getLong(2), rs.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot read partition statistics: " + e.getMessage(), e);
        }
    }

    /** Visits the keys of a partition in hash order, a page per query so no read holds the WAL long. */
    void scan(PartitionId partition, Consumer<StoredKey> visitor) {
        long[] range = hashRange(partition);
        long hi = range[0];
        long lo = Long.MIN_VALUE;
        boolean first = true;
        boolean more = true;
        while (more) {
            List<StoredKey> page = new ArrayList<>(SCAN_PAGE);
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT hash_hi, hash_lo, key, siblings FROM kv"
                         + " WHERE hash_hi <= ? AND (hash_hi, hash_lo) " + (first ? ">=" : ">") + " (?, ?)"
                         + " ORDER BY hash_hi, hash_lo LIMIT " + SCAN_PAGE)) {
                ps.setLong(1, range[1]);
                ps.setLong(2, hi);
                ps.setLong(3, lo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hi = rs.getLong(1);
                        lo = rs.getLong(2);
                        KeyHash hash = new KeyHash(hi ^ Long.MIN_VALUE, lo ^ Long.MIN_VALUE);
                        page.add(new StoredKey(Key.of(rs.getBytes(3)), hash, SiblingCodec.decode(rs.getBytes(4))));
                    }
                }
            } catch (SQLException e) {
                throw new StorageException("cannot scan partition " + partition.index() + ": " + e.getMessage(), e);
            }
            first = false;
            more = page.size() == SCAN_PAGE;
            page.forEach(visitor);
        }
    }

    @Override
    public void close() {
        pointReaders.close();
        closeQuietly(checkpointer);
        closeQuietly(writer);
        pool.close();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing on the way out; nothing more to do
            }
        }
    }
}
