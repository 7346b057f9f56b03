package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteDataSource;

/**
 * The point reads of {@link SqliteDatabase}'s {@code kv} table, on connections with the read prepared,
 * reused: preparing a statement costs more than the read itself on this hot path, and a pooled
 * connection cannot keep its statements. The stored key is compared on every read, so a hash
 * collision, however unlikely, is reported rather than mixed up.
 */
final class PointReaders implements AutoCloseable {

    /** More concurrent point reads than this wait their turn: a machine has few cores, and connections cost. */
    private static final int MAX_POINT_READERS = 8;

    private final SQLiteDataSource source;
    private final ArrayBlockingQueue<PointReader> idle = new ArrayBlockingQueue<>(MAX_POINT_READERS);
    private final AtomicInteger readersOpen = new AtomicInteger();

    PointReaders(SQLiteDataSource source) {
        this.source = source;
    }

    /** The encoded siblings of {@code key}, or null. */
    byte[] read(Key key, KeyHash hash) {
        PointReader reader = null;
        try {
            reader = acquireReader();
            byte[] result = reader.read(key, hash);
            idle.add(reader);
            return result;
        } catch (SQLException e) {
            if (reader != null) {
                reader.close();
                readersOpen.decrementAndGet();
            }
            throw new StorageException("cannot read key " + key + ": " + e.getMessage(), e);
        }
    }

    /** An idle reader, a new one while fewer than the maximum exist, or else the next to come back. */
    private PointReader acquireReader() throws SQLException {
        PointReader reader = idle.poll();
        if (reader != null) {
            return reader;
        }
        if (readersOpen.incrementAndGet() <= MAX_POINT_READERS) {
            try {
                return new PointReader(source.getConnection());
            } catch (SQLException | RuntimeException e) {
                readersOpen.decrementAndGet();
                throw e;
            }
        }
        readersOpen.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a SQLite reader");
        }
    }

    /** Closes the idle readers; call once no read is in progress. */
    @Override
    public void close() {
        PointReader reader;
        while ((reader = idle.poll()) != null) {
            reader.close();
        }
    }

    /** A connection with the point read prepared. Used by one thread at a time. */
    private static final class PointReader {
        private final Connection connection;
        private final PreparedStatement select;

        PointReader(Connection connection) throws SQLException {
            this.connection = connection;
            this.select = connection.prepareStatement("SELECT key, siblings FROM kv WHERE hash_hi = ? AND hash_lo = ?");
        }

        byte[] read(Key key, KeyHash hash) throws SQLException {
            select.setLong(1, hash.high() ^ Long.MIN_VALUE);
            select.setLong(2, hash.low() ^ Long.MIN_VALUE);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!Arrays.equals(rs.getBytes(1), key.toByteArray())) {
                    throw new StorageException("key " + key + " shares its 128-bit hash with another stored key;"
                            + " this should never happen: report it with both keys");
                }
                return rs.getBytes(2);
            }
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing on the way out; nothing more to do
            }
        }
    }
}
